-- Disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- Add column "submitted_at" to table: "development_plans"
ALTER TABLE `development_plans` ADD COLUMN `submitted_at` datetime NULL;
-- Add column "decided_at" to table: "development_plans"
ALTER TABLE `development_plans` ADD COLUMN `decided_at` datetime NULL;
-- Create "new_evaluations" table
CREATE TABLE `new_evaluations` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `level` text NOT NULL, `score` real NULL, `pre_score` real NULL, `post_score` real NULL, `instrument` text NULL, `comments` text NULL, `indicator` text NULL, `baseline` real NULL, `result` real NULL, `due_on` datetime NULL, `signed_off_on` datetime NULL, `evaluator` text NULL, `enrollment_id` integer NULL, `session_id` integer NULL, CONSTRAINT `evaluations_enrollments_evaluations` FOREIGN KEY (`enrollment_id`) REFERENCES `enrollments` (`id`) ON DELETE RESTRICT, CONSTRAINT `evaluations_sessions_evaluations` FOREIGN KEY (`session_id`) REFERENCES `sessions` (`id`) ON DELETE RESTRICT);
-- Set sequence for "new_evaluations" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("new_evaluations", 30064771072);
-- Copy rows from old table "evaluations" to new temporary table "new_evaluations"
INSERT INTO `new_evaluations` (`id`, `created_at`, `updated_at`, `level`, `score`, `pre_score`, `post_score`, `instrument`, `comments`, `indicator`, `baseline`, `result`, `due_on`, `signed_off_on`, `evaluator`, `enrollment_id`, `session_id`) SELECT `id`, `created_at`, `updated_at`, `level`, `score`, `pre_score`, `post_score`, `instrument`, `comments`, `indicator`, `baseline`, `result`, `due_on`, `signed_off_on`, `evaluator`, `enrollment_id`, `session_id` FROM `evaluations`;
-- Drop "evaluations" table after copying rows
DROP TABLE `evaluations`;
-- Rename temporary table "new_evaluations" to "evaluations"
ALTER TABLE `new_evaluations` RENAME TO `evaluations`;
-- Create index "evaluation_created_at" to table: "evaluations"
CREATE INDEX `evaluation_created_at` ON `evaluations` (`created_at`);
-- Create index "evaluation_enrollment_id_level" to table: "evaluations"
CREATE UNIQUE INDEX `evaluation_enrollment_id_level` ON `evaluations` (`enrollment_id`, `level`) WHERE level IN ('REACTION', 'LEARNING');
-- Create index "evaluation_enrollment_id_level_all" to table: "evaluations"
CREATE INDEX `evaluation_enrollment_id_level_all` ON `evaluations` (`enrollment_id`, `level`);
-- Create index "evaluation_session_id_level" to table: "evaluations"
CREATE INDEX `evaluation_session_id_level` ON `evaluations` (`session_id`, `level`);
-- Create index "evaluation_level" to table: "evaluations"
CREATE INDEX `evaluation_level` ON `evaluations` (`level`);
-- Create "learning_claims" table
CREATE TABLE `learning_claims` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `title` text NOT NULL, `organizer` text NOT NULL, `form` text NOT NULL, `location` text NULL, `starts_on` datetime NOT NULL, `ends_on` datetime NOT NULL, `jp` real NOT NULL, `certificate_number` text NULL, `evidence_url` text NULL, `status` text NOT NULL DEFAULT ('PENDING'), `reviewed_at` datetime NULL, `review_note` text NULL, `employee_id` integer NOT NULL, CONSTRAINT `learning_claims_employees_claims` FOREIGN KEY (`employee_id`) REFERENCES `employees` (`id`) ON DELETE RESTRICT);
-- Set sequence for "learning_claims" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("learning_claims", 73014444032);
-- Create index "learningclaim_created_at" to table: "learning_claims"
CREATE INDEX `learningclaim_created_at` ON `learning_claims` (`created_at`);
-- Create index "learningclaim_employee_id_status_ends_on" to table: "learning_claims"
CREATE INDEX `learningclaim_employee_id_status_ends_on` ON `learning_claims` (`employee_id`, `status`, `ends_on`);
-- Create index "learningclaim_status_ends_on" to table: "learning_claims"
CREATE INDEX `learningclaim_status_ends_on` ON `learning_claims` (`status`, `ends_on`);
-- Enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;
