-- Add column "submitted_at" to table: "development_plans"
ALTER TABLE `development_plans` ADD COLUMN `submitted_at` datetime NULL;
-- Add column "decided_at" to table: "development_plans"
ALTER TABLE `development_plans` ADD COLUMN `decided_at` datetime NULL;
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
