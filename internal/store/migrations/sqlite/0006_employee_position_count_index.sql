-- Drop index "employee_position_id" from table: "employees"
DROP INDEX `employee_position_id`;
-- Create index "employee_position_id_active_id" to table: "employees"
CREATE INDEX `employee_position_id_active_id` ON `employees` (`position_id`, `active`, `id`);
