-- Create index "session_program_id_status_starts_at" to table: "sessions"
CREATE INDEX `session_program_id_status_starts_at` ON `sessions` (`program_id`, `status`, `starts_at`);
