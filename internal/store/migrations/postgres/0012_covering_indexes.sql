-- Drop index "employee_agency_id_full_name" from table: "employees"
DROP INDEX "employee_agency_id_full_name";
-- Create index "employee_agency_id_full_name" to table: "employees"
CREATE INDEX "employee_agency_id_full_name" ON "employees" ("agency_id", "full_name") INCLUDE ("active", "position_id");
-- Drop index "enrollment_session_id_status" from table: "enrollments"
DROP INDEX "enrollment_session_id_status";
-- Create index "enrollment_session_id_id" to table: "enrollments"
CREATE INDEX "enrollment_session_id_id" ON "enrollments" ("session_id", "id") INCLUDE ("status", "employee_id");
-- Drop index "position_job_type" from table: "positions"
DROP INDEX "position_job_type";
-- Create index "position_job_type_id" to table: "positions"
CREATE INDEX "position_job_type_id" ON "positions" ("job_type", "id");
