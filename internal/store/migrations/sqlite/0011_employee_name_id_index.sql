-- Drop index "employee_full_name" from table: "employees"
DROP INDEX `employee_full_name`;
-- Create index "employee_full_name_id" to table: "employees"
CREATE INDEX `employee_full_name_id` ON `employees` (`full_name`, `id`);
