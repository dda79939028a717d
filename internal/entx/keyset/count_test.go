package keyset

import (
	"context"
	"errors"
	"strings"
	"testing"

	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"
)

// TestChildCount checks the count column of an edge's rows in its parents'
// statement: the edge's query (its predicates kept) as a correlated scalar
// subquery by the parents' key, added after an edge page's LimitPerRow (on
// the page's rows), on a self-referencing edge (the parents' table
// unhidden), and a preparation error kept for the loader.
func TestChildCount(t *testing.T) {
	order := sql.ExprFunc(func(b *sql.Builder) { b.Ident("starts_at").WriteString(" ASC") })
	edge := func(d, table string) func(context.Context) (*sql.Selector, error) {
		return func(context.Context) (*sql.Selector, error) {
			s := sql.Dialect(d).Select("id", "status", "session_id").From(sql.Table(table))
			s.Where(sql.EQ(s.C("status"), "REGISTERED"))
			return s, nil
		}
	}
	for _, c := range []struct {
		name    string
		dialect string
		parents func(d string) *sql.Selector
		want    string
		args    int
	}{
		{
			name:    "a page of several parents",
			dialect: dialect.Postgres,
			parents: func(d string) *sql.Selector {
				s := sql.Dialect(d).Select("id", "name", "program_id").From(sql.Table("sessions"))
				WhereParents(s, s.C("program_id"), 1, 2)
				LimitPerRow("program_id", 10, order)(s)
				return s
			},
			want: `SELECT "id", "name", "program_id", (SELECT COUNT(*) FROM (SELECT "enrollments"."session_id" FROM "enrollments" WHERE "enrollments"."status" = $1) AS "kembang_c" ` +
				`WHERE "kembang_c"."session_id" = "sessions"."id") AS "kembang_count_0" FROM (SELECT "id", "name", "program_id" FROM (SELECT unnest(CAST($2 AS bigint[])) AS "partition_key") AS "partition_keys" ` +
				`CROSS JOIN LATERAL (SELECT * FROM (SELECT "id", "name", "program_id" FROM "sessions" WHERE TRUE) AS "p" ` +
				`WHERE "p"."program_id" = "partition_keys"."partition_key" ORDER BY "starts_at" ASC LIMIT 10) AS "sessions") AS "sessions" ORDER BY "starts_at" ASC`,
			args: 2,
		},
		{
			name:    "one table",
			dialect: dialect.SQLite,
			parents: func(d string) *sql.Selector {
				s := sql.Dialect(d).Select("id", "name").From(sql.Table("sessions"))
				return s.Where(sql.EQ(s.C("id"), 7))
			},
			want: "SELECT `id`, `name`, (SELECT COUNT(*) FROM (SELECT `enrollments`.`session_id` FROM `enrollments` WHERE `enrollments`.`status` = ?) AS `kembang_c` " +
				"WHERE `kembang_c`.`session_id` = `sessions`.`id`) AS `kembang_count_0` FROM `sessions` WHERE `sessions`.`id` = ?",
			args: 2,
		},
	} {
		s := c.parents(c.dialect)
		count := NewChildCount(CountColumn(0), "session_id", "id", edge(c.dialect, "enrollments"))
		m := count.Modifier(context.Background())
		if m == nil || count.Err() != nil {
			t.Fatalf("%s: no modifier (%v)", c.name, count.Err())
		}
		m(s)
		q, args := s.Query()
		if q != c.want {
			t.Errorf("%s:\ngot  %s\nwant %s", c.name, q, c.want)
		}
		if len(args) != c.args {
			t.Errorf("%s: %d arguments, want %d: %v", c.name, len(args), c.args, args)
		}
	}

	// An edge from a table to itself: the subquery's rows are named
	// kembang_c, so that "units"."id" is the parent's.
	s := sql.Dialect(dialect.Postgres).Select("id").From(sql.Table("units"))
	count := NewChildCount(CountColumn(1), "parent_id", "id", func(context.Context) (*sql.Selector, error) {
		return sql.Dialect(dialect.Postgres).Select("id").From(sql.Table("units")), nil
	})
	count.Modifier(context.Background())(s)
	if q, _ := s.Query(); !strings.Contains(q, `(SELECT COUNT(*) FROM (SELECT "units"."parent_id" FROM "units") AS "kembang_c" WHERE "kembang_c"."parent_id" = "units"."id") AS "kembang_count_1"`) {
		t.Errorf("self-reference: %s", q)
	}

	// A refused preparation: no column, the error for the loader.
	refused := errors.New("refused")
	count = NewChildCount(CountColumn(0), "session_id", "id", func(context.Context) (*sql.Selector, error) { return nil, refused })
	if m := count.Modifier(context.Background()); m != nil || !errors.Is(count.Err(), refused) || count.Column() != "kembang_count_0" {
		t.Errorf("refused: modifier %v, error %v, column %s", m != nil, count.Err(), count.Column())
	}
}
