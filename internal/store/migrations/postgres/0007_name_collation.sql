-- Names in byte order (collation "C"), so that one index serves both a
-- name prefix (keyset.HasPrefix's range) and ORDER BY full_name; written
-- by hand: Atlas does not diff column collations. The table is not
-- rewritten, but the three indexes on full_name are rebuilt under a lock
-- (3 s at 1,000,000 employees).
ALTER TABLE "employees" ALTER COLUMN "full_name" TYPE character varying COLLATE "C";
-- Drop index "employee_full_name_pattern" from table: "employees"
DROP INDEX "employee_full_name_pattern";
