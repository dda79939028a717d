-- Drop index "employee_full_name_pattern" from table: "employees"
DROP INDEX `employee_full_name_pattern`;
