-- Covering indexes (docs/performance.md, change 32). The migration runs in
-- one transaction: the new indexes are built first, under CREATE INDEX's
-- SHARE lock (reads go on, writes wait), and the old ones dropped last,
-- so that DROP INDEX's ACCESS EXCLUSIVE lock on the table, held until the
-- commit, is taken only for the drops and the rename, not for the builds.
-- Create index "employee_agency_id_full_name" (as a new name, renamed below) to table: "employees"
CREATE INDEX "employee_agency_id_full_name_0012" ON "employees" ("agency_id", "full_name") INCLUDE ("active", "position_id");
-- Create index "enrollment_session_id_id" to table: "enrollments"
CREATE INDEX "enrollment_session_id_id" ON "enrollments" ("session_id", "id") INCLUDE ("status", "employee_id");
-- Create index "position_job_type_id" to table: "positions"
CREATE INDEX "position_job_type_id" ON "positions" ("job_type", "id");
-- Create index "session_partner_id_status_starts_at" to table: "sessions"
CREATE INDEX "session_partner_id_status_starts_at" ON "sessions" ("partner_id", "status", "starts_at");
-- Drop index "employee_agency_id_full_name" from table: "employees"
DROP INDEX "employee_agency_id_full_name";
ALTER INDEX "employee_agency_id_full_name_0012" RENAME TO "employee_agency_id_full_name";
-- Drop index "enrollment_session_id_status" from table: "enrollments"
DROP INDEX "enrollment_session_id_status";
-- Drop index "position_job_type" from table: "positions"
DROP INDEX "position_job_type";
