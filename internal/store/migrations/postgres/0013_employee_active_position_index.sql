-- The active employees by position (docs/performance.md, change 52): the
-- count of a nation-wide list by job type reads this partial,
-- deduplicated index alone. Built under CREATE INDEX's SHARE lock (reads
-- go on, writes wait): about 1 s at 1,000,000 employees.
-- Create index "employee_position_id_where_active" to table: "employees"
CREATE INDEX "employee_position_id_where_active" ON "employees" ("position_id") WHERE active;
