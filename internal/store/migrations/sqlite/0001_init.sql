-- Create "agencies" table
CREATE TABLE `agencies` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `code` text NOT NULL, `name` text NOT NULL, `region` text NOT NULL);
-- Create index "agencies_code_key" to table: "agencies"
CREATE UNIQUE INDEX `agencies_code_key` ON `agencies` (`code`);
-- Create index "agency_created_at" to table: "agencies"
CREATE INDEX `agency_created_at` ON `agencies` (`created_at`);
-- Create index "agency_name" to table: "agencies"
CREATE INDEX `agency_name` ON `agencies` (`name`);
-- Create index "agency_region" to table: "agencies"
CREATE INDEX `agency_region` ON `agencies` (`region`);
-- Create "assessments" table
CREATE TABLE `assessments` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `level` integer NOT NULL, `assessed_on` datetime NOT NULL, `source` text NOT NULL, `assessor` text NULL, `evidence` text NULL, `evidence_url` text NULL, `competency_id` integer NOT NULL, `employee_id` integer NOT NULL, CONSTRAINT `assessments_competencies_assessments` FOREIGN KEY (`competency_id`) REFERENCES `competencies` (`id`) ON DELETE RESTRICT, CONSTRAINT `assessments_employees_assessments` FOREIGN KEY (`employee_id`) REFERENCES `employees` (`id`) ON DELETE RESTRICT);
-- Set sequence for "assessments" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("assessments", 4294967296);
-- Create index "assessment_created_at" to table: "assessments"
CREATE INDEX `assessment_created_at` ON `assessments` (`created_at`);
-- Create index "assessment_employee_id_competency_id_assessed_on" to table: "assessments"
CREATE INDEX `assessment_employee_id_competency_id_assessed_on` ON `assessments` (`employee_id`, `competency_id`, `assessed_on`);
-- Create index "assessment_competency_id_assessed_on" to table: "assessments"
CREATE INDEX `assessment_competency_id_assessed_on` ON `assessments` (`competency_id`, `assessed_on`);
-- Create index "assessment_assessed_on" to table: "assessments"
CREATE INDEX `assessment_assessed_on` ON `assessments` (`assessed_on`);
-- Create "competencies" table
CREATE TABLE `competencies` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `code` text NOT NULL, `name` text NOT NULL, `type` text NOT NULL, `description` text NOT NULL DEFAULT (''));
-- Set sequence for "competencies" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("competencies", 8589934592);
-- Create index "competencies_code_key" to table: "competencies"
CREATE UNIQUE INDEX `competencies_code_key` ON `competencies` (`code`);
-- Create index "competency_created_at" to table: "competencies"
CREATE INDEX `competency_created_at` ON `competencies` (`created_at`);
-- Create index "competency_type_code" to table: "competencies"
CREATE INDEX `competency_type_code` ON `competencies` (`type`, `code`);
-- Create index "competency_name" to table: "competencies"
CREATE INDEX `competency_name` ON `competencies` (`name`);
-- Create "competency_levels" table
CREATE TABLE `competency_levels` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `level` integer NOT NULL, `name` text NOT NULL, `description` text NOT NULL DEFAULT (''), `indicators` json NULL, `competency_id` integer NOT NULL, CONSTRAINT `competency_levels_competencies_levels` FOREIGN KEY (`competency_id`) REFERENCES `competencies` (`id`) ON DELETE RESTRICT);
-- Set sequence for "competency_levels" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("competency_levels", 12884901888);
-- Create index "competencylevel_created_at" to table: "competency_levels"
CREATE INDEX `competencylevel_created_at` ON `competency_levels` (`created_at`);
-- Create index "competencylevel_competency_id_level" to table: "competency_levels"
CREATE UNIQUE INDEX `competencylevel_competency_id_level` ON `competency_levels` (`competency_id`, `level`);
-- Create "development_plans" table
CREATE TABLE `development_plans` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `year` integer NOT NULL, `status` text NOT NULL DEFAULT ('DRAFT'), `return_reason` text NULL, `agency_id` integer NOT NULL, CONSTRAINT `development_plans_agencies_plans` FOREIGN KEY (`agency_id`) REFERENCES `agencies` (`id`) ON DELETE RESTRICT);
-- Set sequence for "development_plans" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("development_plans", 17179869184);
-- Create index "developmentplan_created_at" to table: "development_plans"
CREATE INDEX `developmentplan_created_at` ON `development_plans` (`created_at`);
-- Create index "developmentplan_agency_id_year" to table: "development_plans"
CREATE UNIQUE INDEX `developmentplan_agency_id_year` ON `development_plans` (`agency_id`, `year`);
-- Create index "developmentplan_year_status" to table: "development_plans"
CREATE INDEX `developmentplan_year_status` ON `development_plans` (`year`, `status`);
-- Create "employees" table
CREATE TABLE `employees` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `nip` text NOT NULL, `employment_type` text NOT NULL, `full_name` text NOT NULL, `email` text NULL, `phone` text NULL, `golongan` text NULL, `birth_date` datetime NULL, `appointed_on` datetime NULL, `sex` text NULL, `active` bool NOT NULL DEFAULT (true), `agency_id` integer NOT NULL, `supervisor_id` integer NULL, `position_id` integer NULL, `target_position_id` integer NULL, `unit_id` integer NULL, CONSTRAINT `employees_agencies_employees` FOREIGN KEY (`agency_id`) REFERENCES `agencies` (`id`) ON DELETE RESTRICT, CONSTRAINT `employees_employees_reports` FOREIGN KEY (`supervisor_id`) REFERENCES `employees` (`id`) ON DELETE RESTRICT, CONSTRAINT `employees_positions_holders` FOREIGN KEY (`position_id`) REFERENCES `positions` (`id`) ON DELETE RESTRICT, CONSTRAINT `employees_positions_aspirants` FOREIGN KEY (`target_position_id`) REFERENCES `positions` (`id`) ON DELETE RESTRICT, CONSTRAINT `employees_units_employees` FOREIGN KEY (`unit_id`) REFERENCES `units` (`id`) ON DELETE RESTRICT);
-- Set sequence for "employees" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("employees", 21474836480);
-- Create index "employees_nip_key" to table: "employees"
CREATE UNIQUE INDEX `employees_nip_key` ON `employees` (`nip`);
-- Create index "employee_created_at" to table: "employees"
CREATE INDEX `employee_created_at` ON `employees` (`created_at`);
-- Create index "employee_full_name" to table: "employees"
CREATE INDEX `employee_full_name` ON `employees` (`full_name`);
-- Create index "employee_agency_id_full_name" to table: "employees"
CREATE INDEX `employee_agency_id_full_name` ON `employees` (`agency_id`, `full_name`);
-- Create index "employee_unit_id_full_name" to table: "employees"
CREATE INDEX `employee_unit_id_full_name` ON `employees` (`unit_id`, `full_name`);
-- Create index "employee_position_id" to table: "employees"
CREATE INDEX `employee_position_id` ON `employees` (`position_id`);
-- Create index "employee_target_position_id" to table: "employees"
CREATE INDEX `employee_target_position_id` ON `employees` (`target_position_id`);
-- Create index "employee_supervisor_id" to table: "employees"
CREATE INDEX `employee_supervisor_id` ON `employees` (`supervisor_id`);
-- Create index "employee_employment_type_golongan" to table: "employees"
CREATE INDEX `employee_employment_type_golongan` ON `employees` (`employment_type`, `golongan`);
-- Create "enrollments" table
CREATE TABLE `enrollments` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `status` text NOT NULL DEFAULT ('NOMINATED'), `jp_credited` real NOT NULL DEFAULT (0), `completed_at` datetime NULL, `certificate_number` text NULL, `employee_id` integer NOT NULL, `session_id` integer NOT NULL, CONSTRAINT `enrollments_employees_enrollments` FOREIGN KEY (`employee_id`) REFERENCES `employees` (`id`) ON DELETE RESTRICT, CONSTRAINT `enrollments_sessions_enrollments` FOREIGN KEY (`session_id`) REFERENCES `sessions` (`id`) ON DELETE RESTRICT);
-- Set sequence for "enrollments" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("enrollments", 25769803776);
-- Create index "enrollments_certificate_number_key" to table: "enrollments"
CREATE UNIQUE INDEX `enrollments_certificate_number_key` ON `enrollments` (`certificate_number`);
-- Create index "enrollment_created_at" to table: "enrollments"
CREATE INDEX `enrollment_created_at` ON `enrollments` (`created_at`);
-- Create index "enrollment_employee_id_session_id" to table: "enrollments"
CREATE UNIQUE INDEX `enrollment_employee_id_session_id` ON `enrollments` (`employee_id`, `session_id`);
-- Create index "enrollment_session_id_status" to table: "enrollments"
CREATE INDEX `enrollment_session_id_status` ON `enrollments` (`session_id`, `status`);
-- Create index "enrollment_employee_id_status" to table: "enrollments"
CREATE INDEX `enrollment_employee_id_status` ON `enrollments` (`employee_id`, `status`);
-- Create index "enrollment_completed_at" to table: "enrollments"
CREATE INDEX `enrollment_completed_at` ON `enrollments` (`completed_at`);
-- Create "evaluations" table
CREATE TABLE `evaluations` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `level` text NOT NULL, `score` real NULL, `pre_score` real NULL, `post_score` real NULL, `instrument` text NULL, `comments` text NULL, `indicator` text NULL, `baseline` real NULL, `result` real NULL, `due_on` datetime NULL, `signed_off_on` datetime NULL, `evaluator` text NULL, `enrollment_id` integer NULL, `session_id` integer NULL, CONSTRAINT `evaluations_enrollments_evaluations` FOREIGN KEY (`enrollment_id`) REFERENCES `enrollments` (`id`) ON DELETE RESTRICT, CONSTRAINT `evaluations_sessions_evaluations` FOREIGN KEY (`session_id`) REFERENCES `sessions` (`id`) ON DELETE RESTRICT);
-- Set sequence for "evaluations" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("evaluations", 30064771072);
-- Create index "evaluation_created_at" to table: "evaluations"
CREATE INDEX `evaluation_created_at` ON `evaluations` (`created_at`);
-- Create index "evaluation_enrollment_id_level" to table: "evaluations"
CREATE INDEX `evaluation_enrollment_id_level` ON `evaluations` (`enrollment_id`, `level`);
-- Create index "evaluation_session_id_level" to table: "evaluations"
CREATE INDEX `evaluation_session_id_level` ON `evaluations` (`session_id`, `level`);
-- Create index "evaluation_level" to table: "evaluations"
CREATE INDEX `evaluation_level` ON `evaluations` (`level`);
-- Create "partners" table
CREATE TABLE `partners` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `name` text NOT NULL, `kind` text NOT NULL, `contact_name` text NULL, `contact_email` text NULL, `contact_phone` text NULL, `agreement_number` text NULL, `agreement_valid_from` datetime NULL, `agreement_valid_until` datetime NULL);
-- Set sequence for "partners" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("partners", 34359738368);
-- Create index "partner_created_at" to table: "partners"
CREATE INDEX `partner_created_at` ON `partners` (`created_at`);
-- Create index "partner_name" to table: "partners"
CREATE INDEX `partner_name` ON `partners` (`name`);
-- Create index "partner_kind_name" to table: "partners"
CREATE INDEX `partner_kind_name` ON `partners` (`kind`, `name`);
-- Create index "partner_agreement_valid_until" to table: "partners"
CREATE INDEX `partner_agreement_valid_until` ON `partners` (`agreement_valid_until`);
-- Create "plan_items" table
CREATE TABLE `plan_items` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `target_group` text NOT NULL, `head_count` integer NOT NULL, `route` text NOT NULL, `form` text NOT NULL, `planned_quarter` integer NOT NULL, `planned_jp` real NOT NULL, `budget` integer NOT NULL, `competency_id` integer NOT NULL, `plan_id` integer NOT NULL, `partner_id` integer NULL, CONSTRAINT `plan_items_competencies_plan_items` FOREIGN KEY (`competency_id`) REFERENCES `competencies` (`id`) ON DELETE RESTRICT, CONSTRAINT `plan_items_development_plans_items` FOREIGN KEY (`plan_id`) REFERENCES `development_plans` (`id`) ON DELETE RESTRICT, CONSTRAINT `plan_items_partners_plan_items` FOREIGN KEY (`partner_id`) REFERENCES `partners` (`id`) ON DELETE RESTRICT);
-- Set sequence for "plan_items" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("plan_items", 38654705664);
-- Create index "planitem_created_at" to table: "plan_items"
CREATE INDEX `planitem_created_at` ON `plan_items` (`created_at`);
-- Create index "planitem_plan_id_planned_quarter" to table: "plan_items"
CREATE INDEX `planitem_plan_id_planned_quarter` ON `plan_items` (`plan_id`, `planned_quarter`);
-- Create index "planitem_competency_id" to table: "plan_items"
CREATE INDEX `planitem_competency_id` ON `plan_items` (`competency_id`);
-- Create index "planitem_partner_id" to table: "plan_items"
CREATE INDEX `planitem_partner_id` ON `plan_items` (`partner_id`);
-- Create "positions" table
CREATE TABLE `positions` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `title` text NOT NULL, `job_type` text NOT NULL, `functional_grade` text NULL, `agency_id` integer NOT NULL, CONSTRAINT `positions_agencies_positions` FOREIGN KEY (`agency_id`) REFERENCES `agencies` (`id`) ON DELETE RESTRICT);
-- Set sequence for "positions" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("positions", 42949672960);
-- Create index "position_created_at" to table: "positions"
CREATE INDEX `position_created_at` ON `positions` (`created_at`);
-- Create index "position_agency_id_job_type" to table: "positions"
CREATE INDEX `position_agency_id_job_type` ON `positions` (`agency_id`, `job_type`);
-- Create index "position_title" to table: "positions"
CREATE INDEX `position_title` ON `positions` (`title`);
-- Create index "position_job_type" to table: "positions"
CREATE INDEX `position_job_type` ON `positions` (`job_type`);
-- Create "position_competencies" table
CREATE TABLE `position_competencies` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `required_level` integer NOT NULL, `position_id` integer NOT NULL, `competency_id` integer NOT NULL, CONSTRAINT `position_competencies_positions_position` FOREIGN KEY (`position_id`) REFERENCES `positions` (`id`) ON DELETE NO ACTION, CONSTRAINT `position_competencies_competencies_competency` FOREIGN KEY (`competency_id`) REFERENCES `competencies` (`id`) ON DELETE NO ACTION);
-- Set sequence for "position_competencies" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("position_competencies", 47244640256);
-- Create index "positioncompetency_created_at" to table: "position_competencies"
CREATE INDEX `positioncompetency_created_at` ON `position_competencies` (`created_at`);
-- Create index "positioncompetency_position_id_competency_id" to table: "position_competencies"
CREATE UNIQUE INDEX `positioncompetency_position_id_competency_id` ON `position_competencies` (`position_id`, `competency_id`);
-- Create index "positioncompetency_competency_id" to table: "position_competencies"
CREATE INDEX `positioncompetency_competency_id` ON `position_competencies` (`competency_id`);
-- Create "programs" table
CREATE TABLE `programs` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `code` text NOT NULL, `title` text NOT NULL, `description` text NOT NULL DEFAULT (''), `route` text NOT NULL, `form` text NOT NULL, `delivery_mode` text NOT NULL, `jp` real NOT NULL, `international` bool NOT NULL DEFAULT (false), `status` text NOT NULL DEFAULT ('DRAFT'));
-- Set sequence for "programs" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("programs", 51539607552);
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
-- Create "program_competencies" table
CREATE TABLE `program_competencies` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `target_level` integer NOT NULL, `program_id` integer NOT NULL, `competency_id` integer NOT NULL, CONSTRAINT `program_competencies_programs_program` FOREIGN KEY (`program_id`) REFERENCES `programs` (`id`) ON DELETE NO ACTION, CONSTRAINT `program_competencies_competencies_competency` FOREIGN KEY (`competency_id`) REFERENCES `competencies` (`id`) ON DELETE NO ACTION);
-- Set sequence for "program_competencies" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("program_competencies", 55834574848);
-- Create index "programcompetency_created_at" to table: "program_competencies"
CREATE INDEX `programcompetency_created_at` ON `program_competencies` (`created_at`);
-- Create index "programcompetency_program_id_competency_id" to table: "program_competencies"
CREATE UNIQUE INDEX `programcompetency_program_id_competency_id` ON `program_competencies` (`program_id`, `competency_id`);
-- Create index "programcompetency_competency_id_target_level" to table: "program_competencies"
CREATE INDEX `programcompetency_competency_id_target_level` ON `program_competencies` (`competency_id`, `target_level`);
-- Create "sessions" table
CREATE TABLE `sessions` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `name` text NOT NULL, `starts_at` datetime NOT NULL, `ends_at` datetime NOT NULL, `location` text NULL, `online_url` text NULL, `capacity` integer NOT NULL, `status` text NOT NULL DEFAULT ('PLANNED'), `facilitator` text NULL, `partner_id` integer NULL, `program_id` integer NOT NULL, CONSTRAINT `sessions_partners_sessions` FOREIGN KEY (`partner_id`) REFERENCES `partners` (`id`) ON DELETE RESTRICT, CONSTRAINT `sessions_programs_sessions` FOREIGN KEY (`program_id`) REFERENCES `programs` (`id`) ON DELETE RESTRICT);
-- Set sequence for "sessions" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("sessions", 60129542144);
-- Create index "session_created_at" to table: "sessions"
CREATE INDEX `session_created_at` ON `sessions` (`created_at`);
-- Create index "session_program_id_starts_at" to table: "sessions"
CREATE INDEX `session_program_id_starts_at` ON `sessions` (`program_id`, `starts_at`);
-- Create index "session_partner_id_starts_at" to table: "sessions"
CREATE INDEX `session_partner_id_starts_at` ON `sessions` (`partner_id`, `starts_at`);
-- Create index "session_status_starts_at" to table: "sessions"
CREATE INDEX `session_status_starts_at` ON `sessions` (`status`, `starts_at`);
-- Create index "session_starts_at" to table: "sessions"
CREATE INDEX `session_starts_at` ON `sessions` (`starts_at`);
-- Create "training_needs" table
CREATE TABLE `training_needs` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `source` text NOT NULL, `description` text NOT NULL, `priority` text NOT NULL DEFAULT ('MEDIUM'), `raised_by` text NULL, `event_name` text NULL, `raised_on` datetime NOT NULL, `agency_id` integer NOT NULL, `competency_id` integer NOT NULL, `unit_id` integer NULL, CONSTRAINT `training_needs_agencies_training_needs` FOREIGN KEY (`agency_id`) REFERENCES `agencies` (`id`) ON DELETE RESTRICT, CONSTRAINT `training_needs_competencies_training_needs` FOREIGN KEY (`competency_id`) REFERENCES `competencies` (`id`) ON DELETE RESTRICT, CONSTRAINT `training_needs_units_training_needs` FOREIGN KEY (`unit_id`) REFERENCES `units` (`id`) ON DELETE RESTRICT);
-- Set sequence for "training_needs" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("training_needs", 64424509440);
-- Create index "trainingneed_created_at" to table: "training_needs"
CREATE INDEX `trainingneed_created_at` ON `training_needs` (`created_at`);
-- Create index "trainingneed_agency_id_raised_on" to table: "training_needs"
CREATE INDEX `trainingneed_agency_id_raised_on` ON `training_needs` (`agency_id`, `raised_on`);
-- Create index "trainingneed_competency_id_raised_on" to table: "training_needs"
CREATE INDEX `trainingneed_competency_id_raised_on` ON `training_needs` (`competency_id`, `raised_on`);
-- Create index "trainingneed_unit_id" to table: "training_needs"
CREATE INDEX `trainingneed_unit_id` ON `training_needs` (`unit_id`);
-- Create index "trainingneed_raised_on" to table: "training_needs"
CREATE INDEX `trainingneed_raised_on` ON `training_needs` (`raised_on`);
-- Create "units" table
CREATE TABLE `units` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `code` text NOT NULL, `name` text NOT NULL, `agency_id` integer NOT NULL, `parent_id` integer NULL, CONSTRAINT `units_agencies_units` FOREIGN KEY (`agency_id`) REFERENCES `agencies` (`id`) ON DELETE RESTRICT, CONSTRAINT `units_units_children` FOREIGN KEY (`parent_id`) REFERENCES `units` (`id`) ON DELETE RESTRICT);
-- Set sequence for "units" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("units", 68719476736);
-- Create index "unit_created_at" to table: "units"
CREATE INDEX `unit_created_at` ON `units` (`created_at`);
-- Create index "unit_agency_id_code" to table: "units"
CREATE UNIQUE INDEX `unit_agency_id_code` ON `units` (`agency_id`, `code`);
-- Create index "unit_agency_id_name" to table: "units"
CREATE INDEX `unit_agency_id_name` ON `units` (`agency_id`, `name`);
-- Create index "unit_parent_id" to table: "units"
CREATE INDEX `unit_parent_id` ON `units` (`parent_id`);
-- Create index "unit_name" to table: "units"
CREATE INDEX `unit_name` ON `units` (`name`);
-- Create "program_partners" table
CREATE TABLE `program_partners` (`program_id` integer NOT NULL, `partner_id` integer NOT NULL, PRIMARY KEY (`program_id`, `partner_id`), CONSTRAINT `program_partners_program_id` FOREIGN KEY (`program_id`) REFERENCES `programs` (`id`) ON DELETE CASCADE, CONSTRAINT `program_partners_partner_id` FOREIGN KEY (`partner_id`) REFERENCES `partners` (`id`) ON DELETE CASCADE);
