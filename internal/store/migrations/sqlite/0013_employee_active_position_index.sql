-- Create index "employee_position_id_where_active" to table: "employees"
CREATE INDEX `employee_position_id_where_active` ON `employees` (`position_id`) WHERE active;
