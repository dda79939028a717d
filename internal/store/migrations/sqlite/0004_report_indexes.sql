-- Create index "employee_full_name_pattern" to table: "employees"
CREATE INDEX `employee_full_name_pattern` ON `employees` (`full_name`);
-- Drop index "enrollment_employee_id_status" from table: "enrollments"
DROP INDEX `enrollment_employee_id_status`;
-- Create index "enrollment_employee_id_status_completed_at" to table: "enrollments"
CREATE INDEX `enrollment_employee_id_status_completed_at` ON `enrollments` (`employee_id`, `status`, `completed_at`);
