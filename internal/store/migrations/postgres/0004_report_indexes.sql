-- Create index "employee_full_name_pattern" to table: "employees"
CREATE INDEX "employee_full_name_pattern" ON "employees" ("full_name" varchar_pattern_ops);
-- Drop index "enrollment_employee_id_status" from table: "enrollments"
DROP INDEX "enrollment_employee_id_status";
-- Drop index "enrollment_session_id_status" from table: "enrollments"
DROP INDEX "enrollment_session_id_status";
-- Create index "enrollment_session_id_status" to table: "enrollments"
CREATE INDEX "enrollment_session_id_status" ON "enrollments" ("session_id", "status") INCLUDE ("id");
-- Create index "enrollment_employee_id_status_completed_at" to table: "enrollments"
CREATE INDEX "enrollment_employee_id_status_completed_at" ON "enrollments" ("employee_id", "status", "completed_at") INCLUDE ("jp_credited");
-- Drop index "evaluation_enrollment_id_level" from table: "evaluations"
DROP INDEX "evaluation_enrollment_id_level";
-- Create index "evaluation_enrollment_id_level" to table: "evaluations"
CREATE INDEX "evaluation_enrollment_id_level" ON "evaluations" ("enrollment_id", "level") INCLUDE ("score", "pre_score", "post_score", "signed_off_on");
