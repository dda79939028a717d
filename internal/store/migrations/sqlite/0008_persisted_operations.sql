-- Create "persisted_operations" table
CREATE TABLE `persisted_operations` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `hash` text NOT NULL, `document` text NOT NULL, `source` text NOT NULL, `created_at` datetime NOT NULL);
-- Set sequence for "persisted_operations" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("persisted_operations", 85899345920);
-- Create index "persisted_operations_hash_key" to table: "persisted_operations"
CREATE UNIQUE INDEX `persisted_operations_hash_key` ON `persisted_operations` (`hash`);
