-- Disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- Create "new_evaluations" table
CREATE TABLE `new_evaluations` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `level` text NOT NULL, `score` real NULL, `pre_score` real NULL, `post_score` real NULL, `instrument` text NULL, `comments` text NULL, `indicator` text NULL, `baseline` real NULL, `result` real NULL, `due_on` datetime NULL, `signed_off_on` datetime NULL, `evaluator` text NULL, `enrollment_id` integer NULL, `impact_indicator_id` integer NULL, `session_id` integer NULL, CONSTRAINT `evaluations_enrollments_evaluations` FOREIGN KEY (`enrollment_id`) REFERENCES `enrollments` (`id`) ON DELETE RESTRICT, CONSTRAINT `evaluations_impact_indicators_impact_indicator` FOREIGN KEY (`impact_indicator_id`) REFERENCES `impact_indicators` (`id`) ON DELETE SET NULL, CONSTRAINT `evaluations_sessions_evaluations` FOREIGN KEY (`session_id`) REFERENCES `sessions` (`id`) ON DELETE RESTRICT);
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
CREATE INDEX `evaluation_enrollment_id_level` ON `evaluations` (`enrollment_id`, `level`);
-- Create index "evaluation_session_id_level" to table: "evaluations"
CREATE INDEX `evaluation_session_id_level` ON `evaluations` (`session_id`, `level`);
-- Create index "evaluation_impact_indicator_id" to table: "evaluations"
CREATE INDEX `evaluation_impact_indicator_id` ON `evaluations` (`impact_indicator_id`);
-- Create index "evaluation_level" to table: "evaluations"
CREATE INDEX `evaluation_level` ON `evaluations` (`level`);
-- Create "new_plan_items" table
CREATE TABLE `new_plan_items` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `target_group` text NOT NULL, `head_count` integer NOT NULL, `route` text NOT NULL, `form` text NOT NULL, `planned_quarter` integer NOT NULL, `planned_jp` real NOT NULL, `budget` integer NOT NULL, `competency_id` integer NOT NULL, `plan_id` integer NOT NULL, `partner_id` integer NULL, `revision_id` integer NULL, CONSTRAINT `plan_items_competencies_plan_items` FOREIGN KEY (`competency_id`) REFERENCES `competencies` (`id`) ON DELETE RESTRICT, CONSTRAINT `plan_items_development_plans_items` FOREIGN KEY (`plan_id`) REFERENCES `development_plans` (`id`) ON DELETE RESTRICT, CONSTRAINT `plan_items_partners_plan_items` FOREIGN KEY (`partner_id`) REFERENCES `partners` (`id`) ON DELETE RESTRICT, CONSTRAINT `plan_items_program_revisions_plan_items` FOREIGN KEY (`revision_id`) REFERENCES `program_revisions` (`id`) ON DELETE SET NULL);
-- Set sequence for "new_plan_items" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("new_plan_items", 38654705664);
-- Copy rows from old table "plan_items" to new temporary table "new_plan_items"
INSERT INTO `new_plan_items` (`id`, `created_at`, `updated_at`, `target_group`, `head_count`, `route`, `form`, `planned_quarter`, `planned_jp`, `budget`, `competency_id`, `plan_id`, `partner_id`) SELECT `id`, `created_at`, `updated_at`, `target_group`, `head_count`, `route`, `form`, `planned_quarter`, `planned_jp`, `budget`, `competency_id`, `plan_id`, `partner_id` FROM `plan_items`;
-- Drop "plan_items" table after copying rows
DROP TABLE `plan_items`;
-- Rename temporary table "new_plan_items" to "plan_items"
ALTER TABLE `new_plan_items` RENAME TO `plan_items`;
-- Create index "planitem_created_at" to table: "plan_items"
CREATE INDEX `planitem_created_at` ON `plan_items` (`created_at`);
-- Create index "planitem_plan_id_planned_quarter" to table: "plan_items"
CREATE INDEX `planitem_plan_id_planned_quarter` ON `plan_items` (`plan_id`, `planned_quarter`);
-- Create index "planitem_competency_id" to table: "plan_items"
CREATE INDEX `planitem_competency_id` ON `plan_items` (`competency_id`);
-- Create index "planitem_partner_id" to table: "plan_items"
CREATE INDEX `planitem_partner_id` ON `plan_items` (`partner_id`);
-- Create index "planitem_revision_id" to table: "plan_items"
CREATE INDEX `planitem_revision_id` ON `plan_items` (`revision_id`);
-- Create "new_training_needs" table
CREATE TABLE `new_training_needs` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `source` text NOT NULL, `description` text NOT NULL, `priority` text NOT NULL DEFAULT ('MEDIUM'), `raised_by` text NULL, `event_name` text NULL, `raised_on` datetime NOT NULL, `agency_id` integer NOT NULL, `competency_id` integer NOT NULL, `forum_id` integer NULL, `unit_id` integer NULL, CONSTRAINT `training_needs_agencies_training_needs` FOREIGN KEY (`agency_id`) REFERENCES `agencies` (`id`) ON DELETE RESTRICT, CONSTRAINT `training_needs_competencies_training_needs` FOREIGN KEY (`competency_id`) REFERENCES `competencies` (`id`) ON DELETE RESTRICT, CONSTRAINT `training_needs_forums_needs` FOREIGN KEY (`forum_id`) REFERENCES `forums` (`id`) ON DELETE RESTRICT, CONSTRAINT `training_needs_units_training_needs` FOREIGN KEY (`unit_id`) REFERENCES `units` (`id`) ON DELETE RESTRICT);
-- Set sequence for "new_training_needs" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("new_training_needs", 64424509440);
-- Copy rows from old table "training_needs" to new temporary table "new_training_needs"
INSERT INTO `new_training_needs` (`id`, `created_at`, `updated_at`, `source`, `description`, `priority`, `raised_by`, `event_name`, `raised_on`, `agency_id`, `competency_id`, `unit_id`) SELECT `id`, `created_at`, `updated_at`, `source`, `description`, `priority`, `raised_by`, `event_name`, `raised_on`, `agency_id`, `competency_id`, `unit_id` FROM `training_needs`;
-- Drop "training_needs" table after copying rows
DROP TABLE `training_needs`;
-- Rename temporary table "new_training_needs" to "training_needs"
ALTER TABLE `new_training_needs` RENAME TO `training_needs`;
-- Create index "trainingneed_created_at" to table: "training_needs"
CREATE INDEX `trainingneed_created_at` ON `training_needs` (`created_at`);
-- Create index "trainingneed_agency_id_raised_on" to table: "training_needs"
CREATE INDEX `trainingneed_agency_id_raised_on` ON `training_needs` (`agency_id`, `raised_on`);
-- Create index "trainingneed_competency_id_raised_on" to table: "training_needs"
CREATE INDEX `trainingneed_competency_id_raised_on` ON `training_needs` (`competency_id`, `raised_on`);
-- Create index "trainingneed_unit_id" to table: "training_needs"
CREATE INDEX `trainingneed_unit_id` ON `training_needs` (`unit_id`);
-- Create index "trainingneed_forum_id" to table: "training_needs"
CREATE INDEX `trainingneed_forum_id` ON `training_needs` (`forum_id`);
-- Create index "trainingneed_raised_on" to table: "training_needs"
CREATE INDEX `trainingneed_raised_on` ON `training_needs` (`raised_on`);
-- Create "forums" table
CREATE TABLE `forums` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `kind` text NOT NULL, `title` text NOT NULL, `held_on` datetime NOT NULL, `place` text NULL, `facilitator` text NULL, `stakeholder_groups` json NULL, `participants` integer NOT NULL DEFAULT (0), `summary` text NULL, `document_url` text NULL, `agency_id` integer NOT NULL, `unit_id` integer NULL, CONSTRAINT `forums_agencies_agency` FOREIGN KEY (`agency_id`) REFERENCES `agencies` (`id`) ON DELETE NO ACTION, CONSTRAINT `forums_units_unit` FOREIGN KEY (`unit_id`) REFERENCES `units` (`id`) ON DELETE SET NULL);
-- Set sequence for "forums" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("forums", 90194313216);
-- Create index "forum_created_at" to table: "forums"
CREATE INDEX `forum_created_at` ON `forums` (`created_at`);
-- Create index "forum_agency_id_held_on" to table: "forums"
CREATE INDEX `forum_agency_id_held_on` ON `forums` (`agency_id`, `held_on`);
-- Create index "forum_unit_id" to table: "forums"
CREATE INDEX `forum_unit_id` ON `forums` (`unit_id`);
-- Create index "forum_held_on" to table: "forums"
CREATE INDEX `forum_held_on` ON `forums` (`held_on`);
-- Create index "forum_kind_held_on" to table: "forums"
CREATE INDEX `forum_kind_held_on` ON `forums` (`kind`, `held_on`);
-- Create index "forum_title" to table: "forums"
CREATE INDEX `forum_title` ON `forums` (`title`);
-- Create index "forum_participants" to table: "forums"
CREATE INDEX `forum_participants` ON `forums` (`participants`);
-- Create index "forum_stakeholder_groups" to table: "forums"
CREATE INDEX `forum_stakeholder_groups` ON `forums` (`stakeholder_groups`);
-- Create "impact_indicators" table
CREATE TABLE `impact_indicators` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `code` text NOT NULL, `name` text NOT NULL, `description` text NULL, `unit_of_measure` text NOT NULL, `direction` text NOT NULL, `target` real NULL, `target_year` integer NULL, `agency_id` integer NOT NULL, `unit_id` integer NULL, CONSTRAINT `impact_indicators_agencies_agency` FOREIGN KEY (`agency_id`) REFERENCES `agencies` (`id`) ON DELETE NO ACTION, CONSTRAINT `impact_indicators_units_unit` FOREIGN KEY (`unit_id`) REFERENCES `units` (`id`) ON DELETE SET NULL);
-- Set sequence for "impact_indicators" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("impact_indicators", 94489280512);
-- Create index "impactindicator_created_at" to table: "impact_indicators"
CREATE INDEX `impactindicator_created_at` ON `impact_indicators` (`created_at`);
-- Create index "impactindicator_agency_id_code" to table: "impact_indicators"
CREATE UNIQUE INDEX `impactindicator_agency_id_code` ON `impact_indicators` (`agency_id`, `code`);
-- Create index "impactindicator_unit_id" to table: "impact_indicators"
CREATE INDEX `impactindicator_unit_id` ON `impact_indicators` (`unit_id`);
-- Create index "impactindicator_code" to table: "impact_indicators"
CREATE INDEX `impactindicator_code` ON `impact_indicators` (`code`);
-- Create index "impactindicator_name" to table: "impact_indicators"
CREATE INDEX `impactindicator_name` ON `impact_indicators` (`name`);
-- Create index "impactindicator_target_year" to table: "impact_indicators"
CREATE INDEX `impactindicator_target_year` ON `impact_indicators` (`target_year`);
-- Create "indicator_measurements" table
CREATE TABLE `indicator_measurements` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `period_start` datetime NOT NULL, `period_end` datetime NOT NULL, `value` real NOT NULL, `source` text NOT NULL, `note` text NULL, `indicator_id` integer NOT NULL, CONSTRAINT `indicator_measurements_impact_indicators_measurements` FOREIGN KEY (`indicator_id`) REFERENCES `impact_indicators` (`id`) ON DELETE RESTRICT);
-- Set sequence for "indicator_measurements" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("indicator_measurements", 98784247808);
-- Create index "indicatormeasurement_created_at" to table: "indicator_measurements"
CREATE INDEX `indicatormeasurement_created_at` ON `indicator_measurements` (`created_at`);
-- Create index "indicatormeasurement_indicator_id_period_end" to table: "indicator_measurements"
CREATE INDEX `indicatormeasurement_indicator_id_period_end` ON `indicator_measurements` (`indicator_id`, `period_end`);
-- Create index "indicatormeasurement_period_start" to table: "indicator_measurements"
CREATE INDEX `indicatormeasurement_period_start` ON `indicator_measurements` (`period_start`);
-- Create index "indicatormeasurement_period_end" to table: "indicator_measurements"
CREATE INDEX `indicatormeasurement_period_end` ON `indicator_measurements` (`period_end`);
-- Create index "indicatormeasurement_value" to table: "indicator_measurements"
CREATE INDEX `indicatormeasurement_value` ON `indicator_measurements` (`value`);
-- Create "program_revisions" table
CREATE TABLE `program_revisions` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `year` integer NOT NULL, `decision` text NOT NULL, `reasons` json NULL, `changes` text NULL, `decided_by` text NULL, `decided_at` datetime NULL, `figures` json NULL, `program_id` integer NOT NULL, `merge_target_id` integer NULL, `decided_by_id` integer NULL, CONSTRAINT `program_revisions_programs_program` FOREIGN KEY (`program_id`) REFERENCES `programs` (`id`) ON DELETE NO ACTION, CONSTRAINT `program_revisions_programs_merge_target` FOREIGN KEY (`merge_target_id`) REFERENCES `programs` (`id`) ON DELETE SET NULL, CONSTRAINT `program_revisions_employees_decided_by_employee` FOREIGN KEY (`decided_by_id`) REFERENCES `employees` (`id`) ON DELETE SET NULL);
-- Set sequence for "program_revisions" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("program_revisions", 103079215104);
-- Create index "programrevision_created_at" to table: "program_revisions"
CREATE INDEX `programrevision_created_at` ON `program_revisions` (`created_at`);
-- Create index "programrevision_program_id_year" to table: "program_revisions"
CREATE UNIQUE INDEX `programrevision_program_id_year` ON `program_revisions` (`program_id`, `year`);
-- Create index "programrevision_year_decision" to table: "program_revisions"
CREATE INDEX `programrevision_year_decision` ON `program_revisions` (`year`, `decision`);
-- Create index "programrevision_merge_target_id" to table: "program_revisions"
CREATE INDEX `programrevision_merge_target_id` ON `program_revisions` (`merge_target_id`);
-- Create index "programrevision_decided_by_id" to table: "program_revisions"
CREATE INDEX `programrevision_decided_by_id` ON `program_revisions` (`decided_by_id`);
-- Create index "programrevision_decided_at" to table: "program_revisions"
CREATE INDEX `programrevision_decided_at` ON `program_revisions` (`decided_at`);
-- Create "program_indicators" table
CREATE TABLE `program_indicators` (`program_id` integer NOT NULL, `impact_indicator_id` integer NOT NULL, PRIMARY KEY (`program_id`, `impact_indicator_id`), CONSTRAINT `program_indicators_program_id` FOREIGN KEY (`program_id`) REFERENCES `programs` (`id`) ON DELETE CASCADE, CONSTRAINT `program_indicators_impact_indicator_id` FOREIGN KEY (`impact_indicator_id`) REFERENCES `impact_indicators` (`id`) ON DELETE CASCADE);
-- Enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;
