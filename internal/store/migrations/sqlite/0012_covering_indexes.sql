-- Drop index "enrollment_session_id_status" from table: "enrollments"
DROP INDEX `enrollment_session_id_status`;
-- Create index "enrollment_session_id_id" to table: "enrollments"
CREATE INDEX `enrollment_session_id_id` ON `enrollments` (`session_id`, `id`);
-- Drop index "position_job_type" from table: "positions"
DROP INDEX `position_job_type`;
-- Create index "position_job_type_id" to table: "positions"
CREATE INDEX `position_job_type_id` ON `positions` (`job_type`, `id`);
-- Create index "session_partner_id_status_starts_at" to table: "sessions"
CREATE INDEX `session_partner_id_status_starts_at` ON `sessions` (`partner_id`, `status`, `starts_at`);
