package keyset

import (
	"database/sql/driver"
	"reflect"
	"strings"
	"testing"

	"entgo.io/contrib/entgql"
	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"
)

// TestPredicates checks the SQL of a cursor's predicates: entgql's, and the
// bound added for an order value: a row comparison with the id after a
// cursor whose field and id go the same way, else a bound on the field
// (none for a null one, which entgql's own
// predicate already makes match nothing).
func TestPredicates(t *testing.T) {
	tests := []struct {
		name          string
		after, before *entgql.Cursor[int]
		dirs          []entgql.OrderDirection
		want          string
	}{
		{
			name:  "after, ascending",
			after: &entgql.Cursor[int]{ID: 7, Value: []any{"Budi"}},
			dirs:  []entgql.OrderDirection{entgql.OrderDirectionAsc},
			want:  `WHERE ("t"."full_name" > $1 OR ("t"."full_name" = $2 AND "t"."id" > $3)) AND ("t"."full_name", "t"."id") > ($4, $5)`,
		},
		{
			name:  "after, descending name and ascending id: the field's bound",
			after: &entgql.Cursor[int]{ID: 7, Value: []any{"Budi"}},
			dirs:  []entgql.OrderDirection{entgql.OrderDirectionDesc},
			want:  `WHERE ("t"."full_name" < $1 OR ("t"."full_name" = $2 AND "t"."id" > $3)) AND "t"."full_name" <= $4`,
		},
		{
			name:   "before, descending",
			before: &entgql.Cursor[int]{ID: 7, Value: []any{"Budi"}},
			dirs:   []entgql.OrderDirection{entgql.OrderDirectionDesc},
			want:   `WHERE ("t"."full_name" < $1 OR ("t"."full_name" = $2 AND "t"."id" > $3)) AND "t"."full_name" <= $4`,
		},
		{
			name:  "no order value: id only",
			after: &entgql.Cursor[int]{ID: 7},
			dirs:  []entgql.OrderDirection{entgql.OrderDirectionAsc},
			want:  `WHERE "t"."id" > $1`,
		},
		{
			name:  "null order value: no bound",
			after: &entgql.Cursor[int]{ID: 7, Value: []any{nil}},
			dirs:  []entgql.OrderDirection{entgql.OrderDirectionAsc},
			want:  `WHERE "t"."full_name" > NULL OR ("t"."full_name" = NULL AND "t"."id" > $1)`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps, err := Predicates(tt.after, tt.before, &entgql.MultiCursorsOptions{
				FieldID:     "id",
				DirectionID: entgql.OrderDirectionAsc,
				Fields:      []string{"full_name"},
				Directions:  tt.dirs,
			})
			if err != nil {
				t.Fatal(err)
			}
			s := sql.Dialect(dialect.Postgres).Select("id").From(sql.Table("employees").As("t"))
			for _, p := range ps {
				p(s)
			}
			q, _ := s.Query()
			if _, where, _ := strings.Cut(q, " WHERE "); "WHERE "+where != tt.want {
				t.Errorf("got  %s\nwant %s", "WHERE "+where, tt.want)
			}
		})
	}
}

// TestLimitPerRow checks the SQL of an edge page under many parents: a
// LATERAL subquery per parent on PostgreSQL, entgql's window elsewhere,
// ordered across parents.
func TestLimitPerRow(t *testing.T) {
	edge := func(d string) *sql.Selector {
		t := sql.Table("sessions")
		return sql.Dialect(d).Select(t.C("id"), t.C("starts_at"), t.C("program_id")).From(t).
			Where(sql.And(sql.EQ(t.C("status"), "OPEN"), sql.InValues(t.C("program_id"), 1, 2)))
	}
	order := sql.ExprFunc(func(b *sql.Builder) { b.Ident("starts_at").WriteString(" ASC, ").Ident("id").WriteString(" ASC") })

	s := edge(dialect.Postgres)
	LimitPerRow("program_id", 11, order)(s)
	q, args := s.Query()
	for _, part := range []string{
		`FROM (SELECT DISTINCT "k"."program_id" AS "partition_key" FROM (SELECT "sessions"."id", "sessions"."starts_at", "sessions"."program_id" FROM "sessions" WHERE "sessions"."status" = $1 AND "sessions"."program_id" IN ($2, $3)) AS "k") AS "partition_keys" `,
		`CROSS JOIN LATERAL (SELECT * FROM (SELECT "sessions"."id", "sessions"."starts_at", "sessions"."program_id" FROM "sessions" WHERE "sessions"."status" = $4 AND "sessions"."program_id" IN ($5, $6)) AS "p" `,
		`WHERE "p"."program_id" = "partition_keys"."partition_key" ORDER BY "starts_at" ASC, "id" ASC LIMIT 11) AS "sessions") AS "sessions" ORDER BY "starts_at" ASC, "id" ASC`,
	} {
		if !strings.Contains(q, part) {
			t.Errorf("postgres: no %s in\n%s", part, q)
		}
	}
	if len(args) != 6 {
		t.Errorf("postgres: %d arguments, want 6: %v", len(args), args)
	}
	if s.TableName() != "sessions" {
		t.Errorf("postgres: table name %q, want sessions", s.TableName())
	}

	// An edge loader's parents (WhereParents) are the keys, as one array
	// argument, and do not restrict each parent's page, however often the
	// query is rendered.
	s = sql.Dialect(dialect.Postgres).Select("id", "starts_at", "program_id").From(sql.Table("sessions"))
	s.Where(sql.EQ(s.C("status"), "OPEN"))
	WhereParents(s, s.C("program_id"), 1, 2)
	s.Where(sql.EQ(s.C("active"), true))
	LimitPerRow("program_id", 11, order)(s)
	q, args = s.Query()
	for _, part := range []string{
		`FROM (SELECT unnest(CAST($1 AS bigint[])) AS "partition_key") AS "partition_keys" CROSS JOIN LATERAL`,
		`FROM "sessions" WHERE ("sessions"."status" = $2 AND TRUE) AND "sessions"."active") AS "p" WHERE "p"."program_id" = "partition_keys"."partition_key"`,
	} {
		if !strings.Contains(q, part) {
			t.Errorf("postgres, parents: no %s in\n%s", part, q)
		}
	}
	if len(args) != 2 || !reflect.DeepEqual(value(t, args[0]), "{1,2}") || args[1] != "OPEN" {
		t.Errorf("postgres, parents: arguments %v, want [{1,2} OPEN]", args)
	}
	if again, _ := s.Query(); strings.Count(again, "unnest(") != 1 || strings.Contains(again, " = ANY(") || strings.Count(again, " AND TRUE)") != 1 {
		t.Errorf("postgres, parents: rendered again:\n%s", again)
	}
	w := sql.Dialect(dialect.Postgres).Select("id").From(sql.Table("sessions"))
	WhereParents(w, w.C("program_id"), 1, 2)
	if q, _ := w.Query(); !strings.HasSuffix(q, `WHERE "sessions"."program_id" = ANY($1)`) {
		t.Errorf("parents without LimitPerRow: %s", q)
	}

	s, w = edge(dialect.SQLite), edge(dialect.SQLite)
	LimitPerRow("program_id", 11, order)(s)
	entgql.LimitPerRow("program_id", 11, order)(w)
	w.OrderExpr(order)
	got, _ := s.Query()
	if q, _ := w.Query(); got != q {
		t.Errorf("sqlite:\ngot  %s\nwant entgql's, ordered: %s", got, q)
	}
}

// TestHasPrefix checks the statement of a name prefix: on PostgreSQL the
// range alone (no LIKE, whose selectivity the planner would multiply with
// the range's), with the LIKE kept only for a prefix with no upper bound;
// elsewhere ent's LIKE.
func TestHasPrefix(t *testing.T) {
	for _, tc := range []struct {
		prefix string
		where  string
		args   []any
	}{
		{"Nur K", `WHERE "employees"."full_name" >= $1 AND "employees"."full_name" < $2`, []any{"Nur K", "Nur L"}},
		{"50%_", `WHERE "employees"."full_name" >= $1 AND "employees"."full_name" < $2`, []any{"50%_", "50%`"}},
		{"\U0010FFFF", `WHERE "employees"."full_name" LIKE $1 AND "employees"."full_name" >= $2`, []any{"\U0010FFFF%", "\U0010FFFF"}},
		{"", `WHERE "employees"."full_name" LIKE $1`, []any{"%"}},
	} {
		s := sql.Dialect(dialect.Postgres).Select("id").From(sql.Table("employees"))
		HasPrefix("full_name", tc.prefix)(s)
		q, args := s.Query()
		if !strings.HasSuffix(q, tc.where) {
			t.Errorf("postgres, %q: %s\nwant the suffix %s", tc.prefix, q, tc.where)
		}
		if !reflect.DeepEqual(args, tc.args) {
			t.Errorf("postgres, %q: arguments %q, want %q", tc.prefix, args, tc.args)
		}
	}
	s := sql.Dialect(dialect.SQLite).Select("id").From(sql.Table("employees"))
	HasPrefix("full_name", "Nur K")(s)
	w := sql.Dialect(dialect.SQLite).Select("id").From(sql.Table("employees"))
	sql.FieldHasPrefix("full_name", "Nur K")(w)
	got, _ := s.Query()
	if want, _ := w.Query(); got != want {
		t.Errorf("sqlite: %s, want ent's %s", got, want)
	}
}

func TestAfter(t *testing.T) {
	for prefix, want := range map[string]string{
		"Agus S":               "Agus T",
		"a":                    "b",
		"Nur%":                 "Nur&",
		"Dwi \u00e9":           "Dwi \u00ea",
		"x\ud7ff":              "x\ue000", // past the surrogates
		"y\U0010FFFF":          "z",
		"\U0010FFFF\U0010FFFF": "",
		"":                     "",
	} {
		got, ok := after(prefix)
		if got != want || ok != (want != "") {
			t.Errorf("after(%q) = %q, %v; want %q", prefix, got, ok, want)
		}
		// Every string that starts with prefix is below it.
		for _, s := range []string{prefix, prefix + "\x00", prefix + "zzz", prefix + "\U0010FFFF"} {
			if ok && !(s < got) {
				t.Errorf("after(%q) = %q, not above %q", prefix, got, s)
			}
		}
	}
}

// BenchmarkLimitPerRow measures building an edge page's statement under
// many parents (partner_listing's sessions), as the edge loader does once
// per nested connection.
func BenchmarkLimitPerRow(b *testing.B) {
	order := sql.ExprFunc(func(b *sql.Builder) { b.Ident("starts_at").WriteString(" ASC, ").Ident("id").WriteString(" ASC") })
	parents := make([]driver.Value, 20)
	for i := range parents {
		parents[i] = i + 1
	}
	b.ReportAllocs()
	for b.Loop() {
		s := sql.Dialect(dialect.Postgres).Select("id", "starts_at", "program_id").From(sql.Table("sessions"))
		s.Where(sql.EQ(s.C("status"), "OPEN"))
		WhereParents(s, s.C("program_id"), parents...)
		LimitPerRow("program_id", 11, order)(s)
		if q, _ := s.Query(); q == "" {
			b.Fatal("no statement")
		}
	}
}

// value returns the driver value of an argument (an inlist array).
func value(t *testing.T, arg any) driver.Value {
	t.Helper()
	v, ok := arg.(driver.Valuer)
	if !ok {
		return arg
	}
	dv, err := v.Value()
	if err != nil {
		t.Fatal(err)
	}
	return dv
}

// TestPageRows checks that PageRows drops each partition's rows beyond
// the page's size, and keeps the order.
func TestPageRows(t *testing.T) {
	type row struct{ parent, n int }
	rows := []row{{1, 1}, {2, 1}, {1, 2}, {1, 3}, {2, 2}, {2, 3}, {3, 1}}
	key := func(r row) any { return r.parent }
	if got, want := PageRows(rows, 2, key), []row{{1, 1}, {2, 1}, {1, 2}, {2, 2}, {3, 1}}; !reflect.DeepEqual(got, want) {
		t.Errorf("PageRows by parent = %v, want %v", got, want)
	}
	if got := PageRows(rows, 3, nil); !reflect.DeepEqual(got, rows[:3]) {
		t.Errorf("PageRows without key = %v, want %v", got, rows[:3])
	}
	if got := PageRows(rows, 0, key); len(got) != len(rows) {
		t.Errorf("PageRows of size 0 dropped rows: %v", got)
	}
}
