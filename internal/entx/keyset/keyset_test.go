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
	// Padded with NULL keys to the ten a generic plan assumes (inlist.Keys).
	const keys = "{1,2,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL}"
	if len(args) != 2 || !reflect.DeepEqual(value(t, args[0]), keys) || args[1] != "OPEN" {
		t.Errorf("postgres, parents: arguments %v, want [%s OPEN]", args, keys)
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

// TestCountedLimitPerRow checks the SQL of a counted edge page under many
// parents: on PostgreSQL each parent's total in a LATERAL count of its own,
// next to a page without a window, both read without the parents'
// restriction; elsewhere COUNT(*) over the parent's partition next to
// entgql's ROW_NUMBER.
func TestCountedLimitPerRow(t *testing.T) {
	order := sql.ExprFunc(func(b *sql.Builder) { b.Ident("id").WriteString(" ASC") })
	edge := func(d string) *sql.Selector {
		s := sql.Dialect(d).Select("id", "status", "session_id").From(sql.Table("enrollments"))
		s.Where(sql.EQ(s.C("status"), "REGISTERED"))
		WhereParents(s, s.C("session_id"), 1, 2)
		return s
	}

	s := edge(dialect.Postgres)
	CountedLimitPerRow("session_id", 21, order)(s)
	q, args := s.Query()
	want := `SELECT "id", "status", "session_id", "kembang_total" FROM (SELECT "id", "status", "session_id", "kembang_total" FROM ` +
		`(SELECT unnest(CAST($1 AS bigint[])) AS "partition_key") AS "partition_keys" ` +
		`CROSS JOIN LATERAL (SELECT COUNT(*) AS "kembang_total" FROM (SELECT "id", "status", "session_id" FROM "enrollments" WHERE "enrollments"."status" = $2 AND TRUE) AS "c" ` +
		`WHERE "c"."session_id" = "partition_keys"."partition_key") AS "counts" ` +
		`CROSS JOIN LATERAL (SELECT * FROM (SELECT "id", "status", "session_id" FROM "enrollments" WHERE "enrollments"."status" = $3 AND TRUE) AS "p" ` +
		`WHERE "p"."session_id" = "partition_keys"."partition_key" ORDER BY "id" ASC LIMIT 21) AS "enrollments") AS "enrollments" ORDER BY "id" ASC`
	if q != want {
		t.Errorf("postgres:\ngot  %s\nwant %s", q, want)
	}
	const keys = "{1,2,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL}"
	if len(args) != 3 || !reflect.DeepEqual(value(t, args[0]), keys) || args[1] != "REGISTERED" || args[2] != "REGISTERED" {
		t.Errorf("postgres: arguments %v, want [%s REGISTERED REGISTERED]", args, keys)
	}
	if strings.Contains(q, " OVER ") {
		t.Errorf("postgres: a window in %s", q)
	}
	if again, args := s.Query(); len(args) != 3 || strings.Count(again, " AND TRUE)") != 2 || strings.Contains(again, " = ANY(") {
		t.Errorf("postgres: rendered again (%d arguments):\n%s", len(args), again)
	}

	s = edge(dialect.SQLite)
	CountedLimitPerRow("session_id", 21, order)(s)
	q, args = s.Query()
	for _, part := range []string{
		"(ROW_NUMBER() OVER (PARTITION BY `session_id` ORDER BY `id` ASC)) AS `row_number`, (COUNT(*) OVER (PARTITION BY `session_id`)) AS `kembang_total`",
		"SELECT `id`, `status`, `session_id`, `kembang_total` FROM `limited_query` AS `enrollments` WHERE `enrollments`.`row_number` <= ? ORDER BY `id` ASC",
		"WHERE `enrollments`.`status` = ? AND `enrollments`.`session_id` IN (?, ?)",
	} {
		if !strings.Contains(q, part) {
			t.Errorf("sqlite: no %s in\n%s", part, q)
		}
	}
	if len(args) != 4 {
		t.Errorf("sqlite: %d arguments, want 4: %v", len(args), args)
	}
}

// TestCounted checks the SQL of a counted page of one parent: the total as
// an uncorrelated scalar subquery with the page's FROM, joins and
// predicates, without its order, DISTINCT or selection, on both dialects.
func TestCounted(t *testing.T) {
	for _, tt := range []struct {
		dialect, want string
	}{
		{dialect.Postgres, `SELECT DISTINCT "positions"."id", "positions"."title", ` +
			`(SELECT COUNT(*) FROM "positions" JOIN "position_competencies" AS "t1" ON "t1"."position_id" = "positions"."id" ` +
			`WHERE "positions"."active" AND "t1"."competency_id" = $1 LIMIT 2) AS "kembang_total" ` +
			`FROM "positions" JOIN "position_competencies" AS "t1" ON "t1"."position_id" = "positions"."id" ` +
			`WHERE "positions"."active" AND "t1"."competency_id" = $2 ORDER BY "positions"."title" LIMIT 2`},
		{dialect.SQLite, "SELECT DISTINCT `positions`.`id`, `positions`.`title`, " +
			"(SELECT COUNT(*) FROM `positions` JOIN `position_competencies` AS `t1` ON `t1`.`position_id` = `positions`.`id` " +
			"WHERE `positions`.`active` AND `t1`.`competency_id` IN (?) LIMIT 2) AS `kembang_total` " +
			"FROM `positions` JOIN `position_competencies` AS `t1` ON `t1`.`position_id` = `positions`.`id` " +
			"WHERE `positions`.`active` AND `t1`.`competency_id` IN (?) ORDER BY `positions`.`title` LIMIT 2"},
	} {
		// A many-to-many page as ent's loader builds it: the join table,
		// the parent's key on it, a filter, the order and the limit.
		s := sql.Dialect(tt.dialect).Select()
		positions, join := sql.Table("positions"), sql.Table("position_competencies").As("t1")
		s.Select(positions.C("id"), positions.C("title")).From(positions).
			Join(join).On(join.C("position_id"), positions.C("id")).
			Where(sql.P(func(b *sql.Builder) { b.Ident(positions.C("active")) })).
			Distinct()
		WhereParents(s, join.C("competency_id"), 7)
		s.OrderBy(positions.C("title")).Limit(2)
		Counted(s)
		q, args := s.Query()
		if q != tt.want {
			t.Errorf("%s:\ngot  %s\nwant %s", tt.dialect, q, tt.want)
		}
		if len(args) != 2 {
			t.Errorf("%s: %d arguments, want 2: %v", tt.dialect, len(args), args)
		}
	}
}

func TestHasPrefix(t *testing.T) {
	s := sql.Dialect(dialect.Postgres).Select("id").From(sql.Table("employees"))
	HasPrefix("full_name", "Nur K")(s)
	q, args := s.Query()
	if want := `WHERE "employees"."full_name" >= $1 AND "employees"."full_name" < $2`; !strings.HasSuffix(q, want) {
		t.Errorf("postgres: %s\nwant the suffix %s", q, want)
	}
	if want := []any{"Nur K", "Nur L"}; !reflect.DeepEqual(args, want) {
		t.Errorf("postgres: arguments %v, want %v", args, want)
	}
	// No string follows a prefix of U+10FFFF alone: the LIKE stays.
	s = sql.Dialect(dialect.Postgres).Select("id").From(sql.Table("employees"))
	HasPrefix("full_name", "\U0010FFFF")(s)
	if q, _ := s.Query(); !strings.Contains(q, "LIKE") {
		t.Errorf("postgres, no range: %s, want a LIKE", q)
	}
	s = sql.Dialect(dialect.SQLite).Select("id").From(sql.Table("employees"))
	HasPrefix("full_name", "Nur K")(s)
	if q, _ := s.Query(); !strings.HasSuffix(q, "WHERE `employees`.`full_name` >= ? AND `employees`.`full_name` < ?") {
		t.Errorf("sqlite: %s, want the range", q)
	}
	s = sql.Dialect(dialect.MySQL).Select("id").From(sql.Table("employees"))
	HasPrefix("full_name", "Nur K")(s)
	w := sql.Dialect(dialect.MySQL).Select("id").From(sql.Table("employees"))
	sql.FieldHasPrefix("full_name", "Nur K")(w)
	got, _ := s.Query()
	if want, _ := w.Query(); got != want {
		t.Errorf("mysql: %s, want ent's %s", got, want)
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
