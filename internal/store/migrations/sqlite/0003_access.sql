-- Disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- Create "new_programs" table
CREATE TABLE `new_programs` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `code` text NOT NULL, `title` text NOT NULL, `description` text NOT NULL DEFAULT (''), `route` text NOT NULL, `form` text NOT NULL, `delivery_mode` text NOT NULL, `jp` real NOT NULL, `international` bool NOT NULL DEFAULT (false), `status` text NOT NULL DEFAULT ('DRAFT'), `agency_id` integer NULL, CONSTRAINT `programs_agencies_programs` FOREIGN KEY (`agency_id`) REFERENCES `agencies` (`id`) ON DELETE RESTRICT);
-- Set sequence for "new_programs" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("new_programs", 51539607552);
-- Copy rows from old table "programs" to new temporary table "new_programs"
INSERT INTO `new_programs` (`id`, `created_at`, `updated_at`, `code`, `title`, `description`, `route`, `form`, `delivery_mode`, `jp`, `international`, `status`) SELECT `id`, `created_at`, `updated_at`, `code`, `title`, `description`, `route`, `form`, `delivery_mode`, `jp`, `international`, `status` FROM `programs`;
-- Drop "programs" table after copying rows
DROP TABLE `programs`;
-- Rename temporary table "new_programs" to "programs"
ALTER TABLE `new_programs` RENAME TO `programs`;
-- Create index "programs_code_key" to table: "programs"
CREATE UNIQUE INDEX `programs_code_key` ON `programs` (`code`);
-- Create index "program_created_at" to table: "programs"
CREATE INDEX `program_created_at` ON `programs` (`created_at`);
-- Create index "program_title" to table: "programs"
CREATE INDEX `program_title` ON `programs` (`title`);
-- Create index "program_status_form" to table: "programs"
CREATE INDEX `program_status_form` ON `programs` (`status`, `form`);
-- Create index "program_route_form" to table: "programs"
CREATE INDEX `program_route_form` ON `programs` (`route`, `form`);
-- Create index "program_agency_id_title" to table: "programs"
CREATE INDEX `program_agency_id_title` ON `programs` (`agency_id`, `title`);
-- Create "api_keys" table
CREATE TABLE `api_keys` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `key_id` text NOT NULL, `hash` blob NOT NULL, `name` text NOT NULL, `rate_limit` integer NULL, `created_by` text NOT NULL, `revoked_at` datetime NULL, `last_used_at` datetime NULL, `partner_id` integer NOT NULL, CONSTRAINT `api_keys_partners_api_keys` FOREIGN KEY (`partner_id`) REFERENCES `partners` (`id`) ON DELETE RESTRICT);
-- Set sequence for "api_keys" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("api_keys", 77309411328);
-- Create index "api_keys_key_id_key" to table: "api_keys"
CREATE UNIQUE INDEX `api_keys_key_id_key` ON `api_keys` (`key_id`);
-- Create index "apikey_created_at" to table: "api_keys"
CREATE INDEX `apikey_created_at` ON `api_keys` (`created_at`);
-- Create index "apikey_partner_id_name" to table: "api_keys"
CREATE INDEX `apikey_partner_id_name` ON `api_keys` (`partner_id`, `name`);
-- Create "audit_records" table
CREATE TABLE `audit_records` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `at` datetime NOT NULL, `subject` text NOT NULL, `role` text NOT NULL, `api_key_id` integer NULL, `operation` text NOT NULL, `action` text NOT NULL, `entity_type` text NOT NULL, `entity_id` integer NOT NULL, `changes` json NOT NULL, `request_id` text NULL);
-- Set sequence for "audit_records" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("audit_records", 81604378624);
-- Create index "auditrecord_entity_id_at" to table: "audit_records"
CREATE INDEX `auditrecord_entity_id_at` ON `audit_records` (`entity_id`, `at`);
-- Create index "auditrecord_entity_type_at" to table: "audit_records"
CREATE INDEX `auditrecord_entity_type_at` ON `audit_records` (`entity_type`, `at`);
-- Create index "auditrecord_subject_at" to table: "audit_records"
CREATE INDEX `auditrecord_subject_at` ON `audit_records` (`subject`, `at`);
-- Create index "auditrecord_at" to table: "audit_records"
CREATE INDEX `auditrecord_at` ON `audit_records` (`at`);
-- Create index "auditrecord_request_id" to table: "audit_records"
CREATE INDEX `auditrecord_request_id` ON `audit_records` (`request_id`);
-- Enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;
