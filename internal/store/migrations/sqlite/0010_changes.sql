-- Disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- Create "new_programs" table
CREATE TABLE `new_programs` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `code` text NOT NULL, `title` text NOT NULL, `description` text NOT NULL DEFAULT (''), `route` text NOT NULL, `form` text NOT NULL, `delivery_mode` text NOT NULL, `jp` real NOT NULL, `international` bool NOT NULL DEFAULT (false), `requires_change_project` bool NOT NULL DEFAULT (false), `status` text NOT NULL DEFAULT ('DRAFT'), `agency_id` integer NULL, CONSTRAINT `programs_agencies_programs` FOREIGN KEY (`agency_id`) REFERENCES `agencies` (`id`) ON DELETE RESTRICT);
-- Set sequence for "new_programs" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("new_programs", 51539607552);
-- Copy rows from old table "programs" to new temporary table "new_programs"
INSERT INTO `new_programs` (`id`, `created_at`, `updated_at`, `code`, `title`, `description`, `route`, `form`, `delivery_mode`, `jp`, `international`, `status`, `agency_id`) SELECT `id`, `created_at`, `updated_at`, `code`, `title`, `description`, `route`, `form`, `delivery_mode`, `jp`, `international`, `status`, `agency_id` FROM `programs`;
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
-- Create "new_evaluations" table
CREATE TABLE `new_evaluations` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `level` text NOT NULL, `score` real NULL, `pre_score` real NULL, `post_score` real NULL, `instrument` text NULL, `comments` text NULL, `indicator` text NULL, `baseline` real NULL, `result` real NULL, `due_on` datetime NULL, `signed_off_on` datetime NULL, `evaluator` text NULL, `signed_off_by_id` integer NULL, `enrollment_id` integer NULL, `impact_indicator_id` integer NULL, `session_id` integer NULL, CONSTRAINT `evaluations_employees_signed_off_evaluations` FOREIGN KEY (`signed_off_by_id`) REFERENCES `employees` (`id`) ON DELETE RESTRICT, CONSTRAINT `evaluations_enrollments_evaluations` FOREIGN KEY (`enrollment_id`) REFERENCES `enrollments` (`id`) ON DELETE RESTRICT, CONSTRAINT `evaluations_impact_indicators_impact_indicator` FOREIGN KEY (`impact_indicator_id`) REFERENCES `impact_indicators` (`id`) ON DELETE SET NULL, CONSTRAINT `evaluations_sessions_evaluations` FOREIGN KEY (`session_id`) REFERENCES `sessions` (`id`) ON DELETE RESTRICT);
-- Set sequence for "new_evaluations" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("new_evaluations", 30064771072);
-- Copy rows from old table "evaluations" to new temporary table "new_evaluations"
INSERT INTO `new_evaluations` (`id`, `created_at`, `updated_at`, `level`, `score`, `pre_score`, `post_score`, `instrument`, `comments`, `indicator`, `baseline`, `result`, `due_on`, `signed_off_on`, `evaluator`, `enrollment_id`, `impact_indicator_id`, `session_id`) SELECT `id`, `created_at`, `updated_at`, `level`, `score`, `pre_score`, `post_score`, `instrument`, `comments`, `indicator`, `baseline`, `result`, `due_on`, `signed_off_on`, `evaluator`, `enrollment_id`, `impact_indicator_id`, `session_id` FROM `evaluations`;
-- Drop "evaluations" table after copying rows
DROP TABLE `evaluations`;
-- Rename temporary table "new_evaluations" to "evaluations"
ALTER TABLE `new_evaluations` RENAME TO `evaluations`;
-- Create index "evaluation_created_at" to table: "evaluations"
CREATE INDEX `evaluation_created_at` ON `evaluations` (`created_at`);
-- Create index "evaluation_enrollment_id_level" to table: "evaluations"
CREATE INDEX `evaluation_enrollment_id_level` ON `evaluations` (`enrollment_id`, `level`);
-- Create index "evaluation_session_id_level" to table: "evaluations"
CREATE INDEX `evaluation_session_id_level` ON `evaluations` (`session_id`, `level`);
-- Create index "evaluation_impact_indicator_id" to table: "evaluations"
CREATE INDEX `evaluation_impact_indicator_id` ON `evaluations` (`impact_indicator_id`);
-- Create index "evaluation_level" to table: "evaluations"
CREATE INDEX `evaluation_level` ON `evaluations` (`level`);
-- Create index "evaluation_signed_off_by_id" to table: "evaluations"
CREATE INDEX `evaluation_signed_off_by_id` ON `evaluations` (`signed_off_by_id`);
-- Create "certifications" table
CREATE TABLE `certifications` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `name` text NOT NULL, `issuer` text NOT NULL, `number` text NULL, `issued_on` datetime NOT NULL, `expires_on` datetime NULL, `evidence_url` text NULL, `competency_id` integer NULL, `employee_id` integer NOT NULL, CONSTRAINT `certifications_competencies_certifications` FOREIGN KEY (`competency_id`) REFERENCES `competencies` (`id`) ON DELETE RESTRICT, CONSTRAINT `certifications_employees_certifications` FOREIGN KEY (`employee_id`) REFERENCES `employees` (`id`) ON DELETE RESTRICT);
-- Set sequence for "certifications" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("certifications", 107374182400);
-- Create index "certification_created_at" to table: "certifications"
CREATE INDEX `certification_created_at` ON `certifications` (`created_at`);
-- Create index "certification_employee_id_expires_on" to table: "certifications"
CREATE INDEX `certification_employee_id_expires_on` ON `certifications` (`employee_id`, `expires_on`);
-- Create index "certification_expires_on" to table: "certifications"
CREATE INDEX `certification_expires_on` ON `certifications` (`expires_on`);
-- Create index "certification_issued_on" to table: "certifications"
CREATE INDEX `certification_issued_on` ON `certifications` (`issued_on`);
-- Create index "certification_competency_id" to table: "certifications"
CREATE INDEX `certification_competency_id` ON `certifications` (`competency_id`);
-- Create index "certification_name" to table: "certifications"
CREATE INDEX `certification_name` ON `certifications` (`name`);
-- Create index "certification_issuer" to table: "certifications"
CREATE INDEX `certification_issuer` ON `certifications` (`issuer`);
-- Create "change_projects" table
CREATE TABLE `change_projects` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `title` text NOT NULL, `problem` text NOT NULL, `objective` text NOT NULL, `planned_outcome` text NOT NULL, `due_on` datetime NOT NULL, `evidence_url` text NULL, `status` text NOT NULL DEFAULT ('DRAFT'), `return_reason` text NULL, `submitted_at` datetime NULL, `decided_at` datetime NULL, `employee_id` integer NOT NULL, `mentor_id` integer NULL, `enrollment_id` integer NOT NULL, `evaluation_id` integer NULL, CONSTRAINT `change_projects_employees_change_projects` FOREIGN KEY (`employee_id`) REFERENCES `employees` (`id`) ON DELETE RESTRICT, CONSTRAINT `change_projects_employees_mentored_projects` FOREIGN KEY (`mentor_id`) REFERENCES `employees` (`id`) ON DELETE RESTRICT, CONSTRAINT `change_projects_enrollments_change_project` FOREIGN KEY (`enrollment_id`) REFERENCES `enrollments` (`id`) ON DELETE RESTRICT, CONSTRAINT `change_projects_evaluations_change_project` FOREIGN KEY (`evaluation_id`) REFERENCES `evaluations` (`id`) ON DELETE RESTRICT);
-- Set sequence for "change_projects" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("change_projects", 111669149696);
-- Create index "change_projects_enrollment_id_key" to table: "change_projects"
CREATE UNIQUE INDEX `change_projects_enrollment_id_key` ON `change_projects` (`enrollment_id`);
-- Create index "change_projects_evaluation_id_key" to table: "change_projects"
CREATE UNIQUE INDEX `change_projects_evaluation_id_key` ON `change_projects` (`evaluation_id`);
-- Create index "changeproject_created_at" to table: "change_projects"
CREATE INDEX `changeproject_created_at` ON `change_projects` (`created_at`);
-- Create index "changeproject_employee_id_status" to table: "change_projects"
CREATE INDEX `changeproject_employee_id_status` ON `change_projects` (`employee_id`, `status`);
-- Create index "changeproject_mentor_id_status" to table: "change_projects"
CREATE INDEX `changeproject_mentor_id_status` ON `change_projects` (`mentor_id`, `status`);
-- Create index "changeproject_status_due_on" to table: "change_projects"
CREATE INDEX `changeproject_status_due_on` ON `change_projects` (`status`, `due_on`);
-- Create index "changeproject_due_on" to table: "change_projects"
CREATE INDEX `changeproject_due_on` ON `change_projects` (`due_on`);
-- Create index "changeproject_title" to table: "change_projects"
CREATE INDEX `changeproject_title` ON `change_projects` (`title`);
-- Create index "changeproject_submitted_at" to table: "change_projects"
CREATE INDEX `changeproject_submitted_at` ON `change_projects` (`submitted_at`);
-- Create "education_records" table
CREATE TABLE `education_records` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `route` text NOT NULL, `level` text NOT NULL, `institution` text NOT NULL, `field_of_study` text NOT NULL, `starts_on` datetime NOT NULL, `ends_on` datetime NULL, `funding` text NOT NULL, `status` text NOT NULL DEFAULT ('PLANNED'), `diploma_number` text NULL, `approved_by` text NULL, `approved_at` datetime NULL, `employee_id` integer NOT NULL, CONSTRAINT `education_records_employees_education_records` FOREIGN KEY (`employee_id`) REFERENCES `employees` (`id`) ON DELETE RESTRICT);
-- Set sequence for "education_records" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("education_records", 115964116992);
-- Create index "educationrecord_created_at" to table: "education_records"
CREATE INDEX `educationrecord_created_at` ON `education_records` (`created_at`);
-- Create index "educationrecord_employee_id_starts_on" to table: "education_records"
CREATE INDEX `educationrecord_employee_id_starts_on` ON `education_records` (`employee_id`, `starts_on`);
-- Create index "educationrecord_status_route" to table: "education_records"
CREATE INDEX `educationrecord_status_route` ON `education_records` (`status`, `route`);
-- Create index "educationrecord_route_level" to table: "education_records"
CREATE INDEX `educationrecord_route_level` ON `education_records` (`route`, `level`);
-- Create index "educationrecord_level" to table: "education_records"
CREATE INDEX `educationrecord_level` ON `education_records` (`level`);
-- Create index "educationrecord_institution" to table: "education_records"
CREATE INDEX `educationrecord_institution` ON `education_records` (`institution`);
-- Create index "educationrecord_starts_on" to table: "education_records"
CREATE INDEX `educationrecord_starts_on` ON `education_records` (`starts_on`);
-- Create index "educationrecord_ends_on" to table: "education_records"
CREATE INDEX `educationrecord_ends_on` ON `education_records` (`ends_on`);
-- Enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;
