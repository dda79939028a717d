package semijoin

import (
	"context"
	"testing"

	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"
)

// TestForeignKey checks the statement text of a filter through a to-one
// edge: the array form only in a count on PostgreSQL, the IS NOT NULL
// guard only for a nullable key, the edge's own predicate elsewhere.
func TestForeignKey(t *testing.T) {
	exists := func(s *sql.Selector) { s.Where(sql.P(func(b *sql.Builder) { b.WriteString("EXISTS (…)") })) }
	agency := func(s *sql.Selector) { s.Where(sql.EQ(s.C("agency_id"), 7)) }
	for _, c := range []struct {
		name     string
		dialect  string
		count    bool // the context is marked ByKeys
		nullable bool
		not      bool
		want     string
	}{
		{"postgres count", dialect.Postgres, true, false, false,
			`SELECT COUNT(*) FROM "enrollments" WHERE "enrollments"."employee_id" = ANY(ARRAY(SELECT "employees"."id" FROM "employees" WHERE "employees"."agency_id" = $1))`},
		{"postgres count nullable", dialect.Postgres, true, true, false,
			`SELECT COUNT(*) FROM "enrollments" WHERE ("enrollments"."employee_id" IS NOT NULL AND "enrollments"."employee_id" = ANY(ARRAY(SELECT "employees"."id" FROM "employees" WHERE "employees"."agency_id" = $1)))`},
		{"postgres count not nullable", dialect.Postgres, true, true, true,
			`SELECT COUNT(*) FROM "enrollments" WHERE NOT (("enrollments"."employee_id" IS NOT NULL AND "enrollments"."employee_id" = ANY(ARRAY(SELECT "employees"."id" FROM "employees" WHERE "employees"."agency_id" = $1))))`},
		{"postgres unmarked", dialect.Postgres, false, false, false,
			`SELECT COUNT(*) FROM "enrollments" WHERE EXISTS (…)`},
		{"sqlite count", dialect.SQLite, true, false, false,
			"SELECT COUNT(*) FROM `enrollments` WHERE EXISTS (…)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			ctx := context.Background()
			if c.count {
				ctx = ByKeys(ctx)
			}
			s := sql.Dialect(c.dialect).Select().From(sql.Table("enrollments")).WithContext(ctx)
			p := ForeignKey(exists, "employee_id", "employees", "id", c.nullable, []func(*sql.Selector){agency})
			if c.not {
				p(s.Not())
			} else {
				p(s)
			}
			s.Count()
			got, args := s.Query()
			if got != c.want {
				t.Errorf("query\n got %s\nwant %s", got, c.want)
			}
			if c.count && c.dialect == dialect.Postgres && (len(args) != 1 || args[0] != 7) {
				t.Errorf("args %v, want [7]", args)
			}
		})
	}
}

// TestReference checks when a filter through an edge to reference data is
// an array: in a count (Counting) of an operation marked ReferenceCounts,
// on PostgreSQL; with one mark alone, for an edge without the annotation
// (ForeignKey) and on SQLite it is the edge's own predicate, and ByKeys
// still writes the array in any statement.
func TestReference(t *testing.T) {
	exists := func(s *sql.Selector) { s.Where(sql.P(func(b *sql.Builder) { b.WriteString("EXISTS (…)") })) }
	jobType := func(s *sql.Selector) { s.Where(sql.EQ(s.C("job_type"), "PELAKSANA")) }
	const array = `SELECT COUNT(*) FROM "employees" WHERE ("employees"."position_id" IS NOT NULL AND "employees"."position_id" = ANY(ARRAY(SELECT "positions"."id" FROM "positions" WHERE "positions"."job_type" = $1)))`
	const semi = `SELECT COUNT(*) FROM "employees" WHERE EXISTS (…)`
	for _, c := range []struct {
		name                        string
		dialect                     string
		reference, marked, counting bool
		byKeys                      bool
		want                        string
	}{
		{"count of a marked operation", dialect.Postgres, true, true, true, false, array},
		{"page of a marked operation", dialect.Postgres, true, true, false, false, semi},
		{"count of an unmarked operation", dialect.Postgres, true, false, true, false, semi},
		{"edge without the annotation", dialect.Postgres, false, true, true, false, semi},
		{"by keys", dialect.Postgres, true, false, false, true, array},
		{"sqlite", dialect.SQLite, true, true, true, false, "SELECT COUNT(*) FROM `employees` WHERE EXISTS (…)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			ctx := context.Background()
			if c.marked {
				ctx = ReferenceCounts(ctx)
			}
			if c.counting {
				ctx = Counting(ctx)
			}
			if c.byKeys {
				ctx = ByKeys(ctx)
			}
			s := sql.Dialect(c.dialect).Select().From(sql.Table("employees")).WithContext(ctx)
			preds := []func(*sql.Selector){jobType}
			if c.reference {
				Reference(exists, "position_id", "positions", "id", true, preds)(s)
			} else {
				ForeignKey(exists, "position_id", "positions", "id", true, preds)(s)
			}
			s.Count()
			if got, _ := s.Query(); got != c.want {
				t.Errorf("query\n got %s\nwant %s", got, c.want)
			}
		})
	}
}
