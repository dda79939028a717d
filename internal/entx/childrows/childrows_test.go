package childrows

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"entgo.io/ent"
	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	"github.com/valyala/fastjson"
	_ "modernc.org/sqlite"

	"kembang/internal/entx/keyset"
	"kembang/internal/entx/tojoin"
)

// TestParseTime checks that a time in a rows column's JSON reads as the
// database driver reads the column's own value: modernc.org/sqlite's
// default text (time.Time.String, with or without the monotonic reading),
// its other layouts, and PostgreSQL's RFC 3339.
func TestParseTime(t *testing.T) {
	want := time.Date(2026, 12, 7, 17, 48, 1, 123456000, time.UTC)
	wib := time.Date(2026, 12, 7, 17, 48, 1, 0, time.FixedZone("WIB", 7*3600))
	tests := []struct {
		in   string
		want time.Time
	}{
		{"2026-12-07 17:48:01.123456 +0000 UTC", want},
		{"2026-12-07 17:48:01.123456 +0000 UTC m=+0.000123001", want},
		{"2026-12-07 17:48:01 +0700 WIB", wib},
		{"2026-12-07T17:48:01.123456+00:00", want},
		{"2026-12-07T17:48:01.123456Z", want},
		{"2026-12-07 17:48:01.123456", want},
		{"2026-12-07T17:48:01+07:00", wib},
		{"2026-12-07", time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		got, err := parseTime(tt.in)
		if err != nil || !got.Equal(tt.want) {
			t.Errorf("parseTime(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
		var nt sql.NullTime
		if err := convert(&nt, fastjson.MustParse(strconv.Quote(tt.in))); err != nil || !nt.Valid || !nt.Time.Equal(tt.want) {
			t.Errorf("convert(NullTime, %q) = %v, %v; want %v", tt.in, nt, err, tt.want)
		}
	}
	if _, err := parseTime("yesterday"); err == nil {
		t.Error("parseTime(yesterday): no error")
	}
}

// TestExprText checks that PostgreSQL's rows column is text, which a
// SELECT DISTINCT can compare (json has no equality operator), and that
// SQLite's is its json_group_array.
func TestExprText(t *testing.T) {
	for _, tt := range []struct {
		dialect string
		want    []string
	}{
		{dialect.Postgres, []string{"json_agg(json_build_array(", `ORDER BY "kembang_r"."id")::text`}},
		{dialect.SQLite, []string{"json_group_array(json_array("}},
	} {
		d := entsql.Dialect(tt.dialect)
		sub := d.Select("id", "level", "enrollment_id").From(d.Table("evaluations"))
		r := &Rows{column: Column(0), fk: "enrollment_id", id: "id", sub: sub, names: []string{"id", "level", "enrollment_id"}}
		parent := d.Select("id").From(d.Table("enrollments")).Distinct()
		r.Modifier()(parent)
		q, _ := parent.Query()
		for _, w := range tt.want {
			if !strings.Contains(q, w) {
				t.Errorf("%s: %s\nwant it to contain %s", tt.dialect, q, w)
			}
		}
		if tt.dialect == dialect.SQLite && strings.Contains(q, "::text") {
			t.Errorf("%s: %s has a PostgreSQL cast", tt.dialect, q)
		}
	}
}

// parent is a node with a rows column, as a generated entity is.
type parent struct {
	id   int
	rows any
	kids []string
}

// Value returns the node's rows column, and an error for any other.
func (p *parent) Value(name string) (ent.Value, error) {
	if name != Column(0) {
		return nil, fmt.Errorf("%s value was not selected", name)
	}
	return p.rows, nil
}

// TestLoad checks the loader of an edge read as rows: every parent is
// initialised, with children or none (NULL), each row becomes a child
// assigned to its parent in order, and an error of a row, or of a parent
// without the column, stops it.
func TestLoad(t *testing.T) {
	r := &Rows{column: Column(0), names: []string{"id", "title"}, scan: func(columns []string) ([]any, error) {
		return []any{new(sql.NullInt64), new(sql.NullString)}, nil
	}}
	a := &parent{id: 1, rows: `[[1,"a"],[2,"b"]]`}
	b := &parent{id: 2, rows: nil}
	c := &parent{id: 3, rows: []byte(`[[3,"c"]]`)}
	var inited []int
	child := func(columns []string, values []any) (string, error) {
		return values[1].(*sql.NullString).String, nil
	}
	got, err := Load(r, []*parent{a, b, c}, func(p *parent) { inited = append(inited, p.id) },
		func(p *parent, k string) { p.kids = append(p.kids, k) }, child)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got, inited, a.kids, b.kids, c.kids) != "[a b c] [1 2 3] [a b] [] [c]" {
		t.Errorf("Load: children %v, init %v, assigned %v %v %v", got, inited, a.kids, b.kids, c.kids)
	}
	if _, err := Load(r, []*parent{a}, nil, func(*parent, string) {}, func([]string, []any) (string, error) {
		return "", errors.New("assign failed")
	}); err == nil || err.Error() != "assign failed" {
		t.Errorf("Load with a failing row: %v", err)
	}
	r.column = Column(1)
	if _, err := Load(r, []*parent{a}, nil, func(*parent, string) {}, child); err == nil {
		t.Error("Load of a parent without the column: no error")
	}
}

// TestParseTimePostgresText (review 62) checks the times of PostgreSQL's
// JSON that RFC 3339 does not cover and lib/pq reads in the column's own
// value: years before 1 (" BC": a Date of 0001-01-01 WIB, which the API
// takes, is 1 BC in UTC), offsets with seconds (a session in Asia/Jakarta
// prints times before 1924 with +07:07:12) and years past 9999. Each must
// read as lib/pq reads the same value in the text of its own column, in
// UTC for a zero offset.
func TestParseTimePostgresText(t *testing.T) {
	lmt := time.FixedZone("", 7*3600+7*60+12)
	tests := []struct {
		in   string
		want time.Time
	}{
		{"0001-12-31T16:52:48+00:00 BC", time.Date(0, 12, 31, 16, 52, 48, 0, time.UTC)},
		{"0001-01-01T00:00:00+07:07:12 BC", time.Date(0, 1, 1, 0, 0, 0, 0, lmt)},
		{"1900-01-01T00:00:00+07:07:12", time.Date(1900, 1, 1, 0, 0, 0, 0, lmt)},
		{"1923-12-31T23:59:59.123456+07:07:12", time.Date(1923, 12, 31, 23, 59, 59, 123456000, lmt)},
		{"10000-01-01T00:00:00+07:00", time.Date(10000, 1, 1, 0, 0, 0, 0, time.FixedZone("", 7*3600))},
		{"10000-01-01T00:00:00+00:00", time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		got, err := parseTime(tt.in)
		if err != nil {
			t.Errorf("parseTime(%q): %v", tt.in, err)
			continue
		}
		_, goff := got.Zone()
		_, woff := tt.want.Zone()
		if !got.Equal(tt.want) || goff != woff || got.Format(time.RFC3339Nano) != tt.want.Format(time.RFC3339Nano) {
			t.Errorf("parseTime(%q) = %v (%s), want %v (%s)", tt.in, got, got.Format(time.RFC3339Nano), tt.want, tt.want.Format(time.RFC3339Nano))
		}
	}
}

// pageOrder is the order of an assessments page in the names of its
// columns, as the pager's orderExpr writes it.
var pageOrder = entsql.ExprFunc(func(b *entsql.Builder) {
	b.Ident("assessed_on").WriteString(" DESC").Comma().Ident("id").WriteString(" DESC")
})

// pageRows returns the rows of an assessments page of the dialect, each
// with the nested rows column of its own list (an evaluation-like plain
// list), as asRows makes them for NewPage.
func pageRows(t *testing.T, d string) *Rows {
	t.Helper()
	b := entsql.Dialect(d)
	t1 := b.Table("assessments")
	sub := b.Select(t1.C("id"), t1.C("level"), t1.C("assessed_on"), t1.C("employee_id")).From(t1).
		Where(entsql.EQ(t1.C("source"), "SELF")).
		OrderExpr(entsql.Expr(t1.C("assessed_on")+" DESC"), entsql.Expr(t1.C("id")+" DESC")).
		Limit(5)
	nb := b.Table("notes")
	nsub := b.Select(nb.C("id"), nb.C("text"), nb.C("assessment_id")).From(nb)
	nested := New(Column(0), "assessment_id", "id", nsub, func(columns []string) ([]any, error) {
		return []any{new(sql.NullInt64), new(sql.NullString), new(sql.NullInt64)}, nil
	})
	if nested == nil {
		t.Fatal("New: nil for a plain list")
	}
	scan := scanBy(map[string]func() any{"assessed_on": newOf[sql.NullTime], Column(0): newOf[any]})
	r := NewPage(Column(1), "employee_id", "id", "employees", sub, nil, scan, pageOrder, 3, []*Rows{nested})
	if r == nil {
		t.Fatal("NewPage: nil")
	}
	return r
}

// TestPageExpr checks the SQL of an edge page read as rows (NewPage,
// change 65) on both dialects: the parent's key compared inside the
// page's query before its ORDER BY and LIMIT, the aggregate ordered by the
// page's order, its nested list's column among the page's columns, its
// predicates' arguments kept, and no comparison outside the page.
func TestPageExpr(t *testing.T) {
	for _, tt := range []struct {
		dialect string
		want    string
	}{
		{dialect.Postgres, `SELECT "employees"."id", (SELECT json_agg(json_build_array("kembang_r"."id", "kembang_r"."level", "kembang_r"."assessed_on", "kembang_r"."kembang_rows_0", "kembang_r"."employee_id") ORDER BY "assessed_on" DESC, "id" DESC)::text ` +
			`FROM (SELECT "assessments"."id", "assessments"."level", "assessments"."assessed_on", "assessments"."employee_id", ` +
			`(SELECT json_agg(json_build_array("kembang_r"."id", "kembang_r"."text", "kembang_r"."assessment_id") ORDER BY "kembang_r"."id")::text FROM (SELECT "notes"."id", "notes"."text", "notes"."assessment_id" FROM "notes") AS "kembang_r" WHERE "kembang_r"."assessment_id" = "assessments"."id") AS "kembang_rows_0" ` +
			`FROM "assessments" WHERE ("assessments"."source" = $1) AND "assessments"."employee_id" = "employees"."id" ORDER BY "assessments"."assessed_on" DESC, "assessments"."id" DESC LIMIT 5) AS "kembang_r") AS "kembang_rows_1" FROM "employees"`},
		{dialect.SQLite, "SELECT `employees`.`id`, (SELECT json_group_array(json_array(`kembang_r`.`id`, `kembang_r`.`level`, `kembang_r`.`assessed_on`, `kembang_r`.`kembang_rows_0`, `kembang_r`.`employee_id`) ORDER BY `assessed_on` DESC, `id` DESC) " +
			"FROM (SELECT `assessments`.`id`, `assessments`.`level`, `assessments`.`assessed_on`, `assessments`.`employee_id`, " +
			"(SELECT json_group_array(json_array(`kembang_r`.`id`, `kembang_r`.`text`, `kembang_r`.`assessment_id`) ORDER BY `kembang_r`.`id`) FROM (SELECT `notes`.`id`, `notes`.`text`, `notes`.`assessment_id` FROM `notes`) AS `kembang_r` WHERE `kembang_r`.`assessment_id` = `assessments`.`id`) AS `kembang_rows_0` " +
			"FROM `assessments` WHERE (`assessments`.`source` = ?) AND `assessments`.`employee_id` = `employees`.`id` ORDER BY `assessments`.`assessed_on` DESC, `assessments`.`id` DESC LIMIT 5) AS `kembang_r`) AS `kembang_rows_1` FROM `employees`"},
	} {
		r := pageRows(t, tt.dialect)
		d := entsql.Dialect(tt.dialect)
		parent := d.Select(d.Table("employees").C("id")).From(d.Table("employees"))
		r.Modifier()(parent)
		q, args := parent.Query()
		if q != tt.want {
			t.Errorf("%s:\n got %s\nwant %s", tt.dialect, q, tt.want)
		}
		if fmt.Sprint(args) != "[SELF]" {
			t.Errorf("%s: args %v", tt.dialect, args)
		}
		// Built twice (a statement built again), the page is the same:
		// the correlation is added to a copy of the page's query.
		again := d.Select(d.Table("employees").C("id")).From(d.Table("employees"))
		r.Modifier()(again)
		if q2, _ := again.Query(); q2 != q {
			t.Errorf("%s: built again:\n%s", tt.dialect, q2)
		}
	}
}

// TestNewPageRefuses checks that NewPage falls back (nil) for an edge of a
// table to itself, a page without an order, and a nested column that is
// not among the page's rows columns.
func TestNewPageRefuses(t *testing.T) {
	b := entsql.Dialect(dialect.Postgres)
	t1 := b.Table("employees")
	sub := b.Select(t1.C("id"), t1.C("manager_id")).From(t1).Limit(3)
	scan := func(columns []string) ([]any, error) {
		return []any{new(sql.NullInt64), new(sql.NullInt64)}, nil
	}
	if NewPage(Column(0), "manager_id", "id", "employees", sub, nil, scan, pageOrder, 2, nil) != nil {
		t.Error("NewPage of an edge of a table to itself: not nil")
	}
	if NewPage(Column(0), "manager_id", "id", "units", sub, nil, scan, nil, 2, nil) != nil {
		t.Error("NewPage without an order: not nil")
	}
	if NewPage(Column(0), "manager_id", "id", "units", sub, nil, scan, pageOrder, 3, nil) != nil {
		t.Error("NewPage with its own columns past the selection: not nil")
	}
	anyScan := func(columns []string) ([]any, error) { return []any{new(sql.NullInt64), new(any)}, nil }
	if NewPage(Column(0), "manager_id", "id", "units", sub, nil, anyScan, pageOrder, 2, nil) != nil {
		t.Error("NewPage with an any target that is not a nested rows column: not nil")
	}
}

// TestPageEach checks that a page's rows are read in the aggregate's
// order with their nested rows column as text: PostgreSQL's (a JSON
// string), SQLite's (an embedded array) and none (NULL).
func TestPageEach(t *testing.T) {
	r := pageRows(t, dialect.Postgres)
	in := `[[2,3,"2026-12-07T00:00:00",null,1],[1,2,"2026-12-06T00:00:00","[[7, \"x\", 1]]",1],[3,2,"2026-12-05T00:00:00",[[8,"y",3]],1]]`
	var got []string
	err := r.Each(in, func(columns []string, values []any) error {
		got = append(got, fmt.Sprintf("%d %v %v", values[0].(*sql.NullInt64).Int64, values[2].(*sql.NullTime).Time.Format("01-02"), *values[3].(*any)))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := `[2 12-07 <nil> 1 12-06 [[7, "x", 1]] 3 12-05 [[8,"y",3]]]`
	if fmt.Sprint(got) != want {
		t.Errorf("Each: %v\nwant %v", got, want)
	}
	if err := r.Each(`[[1,2,"2026-12-06T00:00:00",5,1]]`, func([]string, []any) error { return nil }); err == nil {
		t.Error("Each with a number for a nested rows column: no error")
	}
}

// TestNewPageRefusesParentJoined checks that a page whose query joins a
// table of the parents' name (which the key's comparison would name) falls
// back.
func TestNewPageRefusesParentJoined(t *testing.T) {
	b := entsql.Dialect(dialect.Postgres)
	t1, e := b.Table("assessments"), b.Table("employees")
	sub := b.Select(t1.C("id"), t1.C("employee_id")).From(t1).Join(e).On(t1.C("employee_id"), e.C("id")).Limit(3)
	scan := func(columns []string) ([]any, error) {
		return []any{new(sql.NullInt64), new(sql.NullInt64)}, nil
	}
	if NewPage(Column(0), "employee_id", "id", "employees", sub, nil, scan, pageOrder, 2, nil) != nil {
		t.Error("NewPage of a page that joins the parents' table: not nil")
	}
	if NewPage(Column(0), "employee_id", "id", "units", sub, nil, scan, pageOrder, 2, nil) == nil {
		t.Error("NewPage of a page that joins another table: nil")
	}
}

// TestPageExprOr checks that a page whose query's predicate is an OR (a
// privacy rule's scope such as evaluation.Or(HasEnrollmentWith(…),
// HasSessionWith(…)), or a where filter's or) keeps it in parentheses
// before the parent's key is compared: ent's Selector.Clone copies the
// predicate's closures, which wrap an OR by the depth of the original,
// so "A OR B AND fk = parent.id" read rows of every parent that matched A
// (review of change 65: a session's evaluations page showed evaluations
// of other sessions; an employee's mentoredProjects, projects of others).
func TestPageExprOr(t *testing.T) {
	for _, d := range []string{dialect.Postgres, dialect.SQLite} {
		b := entsql.Dialect(d)
		t1 := b.Table("assessments")
		sub := b.Select(t1.C("id"), t1.C("level"), t1.C("employee_id")).From(t1).
			Where(entsql.Or(entsql.EQ(t1.C("source"), "SELF"), entsql.EQ(t1.C("level"), 4))).
			OrderExpr(entsql.Expr(t1.C("id") + " DESC")).
			Limit(5)
		scan := func(columns []string) ([]any, error) {
			return []any{new(sql.NullInt64), new(sql.NullInt64), new(sql.NullInt64)}, nil
		}
		r := NewPage(Column(0), "employee_id", "id", "employees", sub, nil, scan, pageOrder, 3, nil)
		if r == nil {
			t.Fatalf("%s: NewPage: nil", d)
		}
		parent := b.Select(b.Table("employees").C("id")).From(b.Table("employees"))
		r.Modifier()(parent)
		q, args := parent.Query()
		want := "WHERE (`assessments`.`source` = ? OR `assessments`.`level` = ?) AND `assessments`.`employee_id` = `employees`.`id` ORDER BY"
		if d == dialect.Postgres {
			want = `WHERE ("assessments"."source" = $1 OR "assessments"."level" = $2) AND "assessments"."employee_id" = "employees"."id" ORDER BY`
		}
		if !strings.Contains(q, want) {
			t.Errorf("%s:\n got %s\nwant it to hold %s", d, q, want)
		}
		if fmt.Sprint(args) != "[SELF 4]" {
			t.Errorf("%s: args %v", d, args)
		}
		// The page's own query, built on its own, is as it was.
		if q, _ := sub.Query(); strings.Contains(q, "employees") {
			t.Errorf("%s: the page's own query changed: %s", d, q)
		}
	}
}

// TestPageEachBigIntegers checks that keys past 2^53 (and the largest
// int64) in a page's rows, and in its nested rows column's embedded array
// (SQLite's), keep every digit: JSON numbers are decoded as json.Number,
// never as float64 (review of change 65).
func TestPageEachBigIntegers(t *testing.T) {
	r := pageRows(t, dialect.SQLite)
	in := `[[9007199254740993,2,"2026-12-07T00:00:00",[[9007199254740995,"x",9007199254740993]],9223372036854775807]]`
	var got []string
	err := r.Each(in, func(columns []string, values []any) error {
		got = append(got, fmt.Sprintf("%d %v %d", values[0].(*sql.NullInt64).Int64, *values[3].(*any), values[4].(*sql.NullInt64).Int64))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := `[9007199254740993 [[9007199254740995,"x",9007199254740993]] 9223372036854775807]`
	if fmt.Sprint(got) != want {
		t.Errorf("Each: %v\nwant %v", got, want)
	}
	var rows []int64
	err = r.nested[0].Each(*new(any), nil)
	if err != nil {
		t.Fatal(err)
	}
	text := `[[9007199254740995,"x",9007199254740993]]`
	if err := r.nested[0].Each(text, func(columns []string, values []any) error {
		rows = append(rows, values[0].(*sql.NullInt64).Int64, values[2].(*sql.NullInt64).Int64)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(rows) != "[9007199254740995 9007199254740993]" {
		t.Errorf("nested Each: %v", rows)
	}
}

// TestPageSeveralParents checks an edge page read as rows of several
// parents (change 66) on a SQLite database: each parent's rows are its
// own first n in the page's order (the LIMIT is each parent's, since the
// key is compared inside the page's query), the page's predicate (an OR)
// reads no other parent's rows, a parent with fewer rows gets them all and
// one without rows gets none; and the same page reads the parents of a
// subquery named as their table (keyset.LimitPerRow's page of parents).
func TestPageSeveralParents(t *testing.T) {
	db, err := sql.Open("sqlite", ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range []string{
		"CREATE TABLE employees (id INTEGER PRIMARY KEY)",
		"CREATE TABLE assessments (id INTEGER PRIMARY KEY, level INTEGER, source TEXT, employee_id INTEGER)",
		"INSERT INTO employees (id) VALUES (1), (2), (3), (4)",
		// Employee 1: five rows, one of another source at level 1; 2: two; 3: one hidden; 4: none.
		`INSERT INTO assessments (id, level, source, employee_id) VALUES
			(10, 3, 'SELF', 1), (11, 1, 'SELF', 1), (12, 2, 'SUPERVISOR', 1), (13, 4, 'SELF', 1), (14, 1, 'OTHER', 1),
			(20, 4, 'SUPERVISOR', 2), (21, 2, 'SELF', 2),
			(30, 1, 'OTHER', 3)`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	b := entsql.Dialect(dialect.SQLite)
	t1 := b.Table("assessments")
	sub := b.Select(t1.C("id"), t1.C("level"), t1.C("employee_id")).From(t1).
		Where(entsql.Or(entsql.EQ(t1.C("source"), "SELF"), entsql.EQ(t1.C("source"), "SUPERVISOR"))).
		OrderExpr(entsql.Expr(t1.C("level")), entsql.Expr(t1.C("id"))).
		Limit(2)
	order := entsql.ExprFunc(func(b *entsql.Builder) { b.Ident("level").WriteString(" ASC").Comma().Ident("id").WriteString(" ASC") })
	scan := func(columns []string) ([]any, error) {
		return []any{new(sql.NullInt64), new(sql.NullInt64), new(sql.NullInt64)}, nil
	}
	r := NewPage(Column(0), "employee_id", "id", "employees", sub, nil, scan, order, 3, nil)
	if r == nil {
		t.Fatal("NewPage: nil")
	}
	e := b.Table("employees")
	parents := map[string]*entsql.Selector{
		"table": b.Select(e.C("id")).From(e).OrderBy(e.C("id")),
		// The parents read from a subquery named as their table.
		"subquery": b.Select("id").From(b.Select(e.C("id")).From(e).As("employees")).OrderBy("id"),
	}
	for name, parent := range parents {
		r.Modifier()(parent)
		q, args := parent.Query()
		rows, err := db.Query(q, args...)
		if err != nil {
			t.Fatalf("%s: %v\n%s", name, err, q)
		}
		var got []string
		for rows.Next() {
			var id int
			var v any
			if err := rows.Scan(&id, &v); err != nil {
				t.Fatal(err)
			}
			var ids []int64
			if err := r.Each(v, func(columns []string, values []any) error {
				if fk := values[2].(*sql.NullInt64).Int64; fk != int64(id) {
					t.Errorf("%s: employee %d got a row of employee %d", name, id, fk)
				}
				ids = append(ids, values[0].(*sql.NullInt64).Int64)
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			got = append(got, fmt.Sprint(id, ids))
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
		if want := "[1 [11 12] 2 [21 20] 3 [] 4 []]"; fmt.Sprint(got) != want {
			t.Errorf("%s: %v, want %v\n%s", name, got, want, q)
		}
	}
}

// countRows returns the rows of an assessments page whose rows carry the
// count column of their own edge (keyset.ChildCount through Counts), as
// asRows makes them, and the count.
func countRows(t *testing.T, d string, prepare func(context.Context) (*entsql.Selector, error)) (*Rows, *keyset.ChildCount) {
	t.Helper()
	b := entsql.Dialect(d)
	t1 := b.Table("assessments")
	sub := b.Select(t1.C("id"), t1.C("level"), t1.C("employee_id")).From(t1).
		OrderExpr(entsql.Expr(t1.C("id") + " DESC")).
		Limit(5)
	count := keyset.NewChildCount(keyset.CountColumn(0), "assessment_id", "id", prepare)
	scan := scanBy(map[string]func() any{keyset.CountColumn(0): newOf[entsql.UnknownType]})
	return NewPage(Column(0), "employee_id", "id", "employees", sub, nil, scan, pageOrder, 3, nil, Counts(t.Context(), []*keyset.ChildCount{count})...), count
}

// notes is a count's prepare: the notes of an assessment.
func notes(d string) func(context.Context) (*entsql.Selector, error) {
	return func(context.Context) (*entsql.Selector, error) {
		n := entsql.Dialect(d).Table("notes")
		return entsql.Dialect(d).Select(n.C("id"), n.C("assessment_id")).From(n).Where(entsql.EQ(n.C("hidden"), false)), nil
	}
}

// TestPageCounts checks a page whose rows carry the count columns of their
// own edges (change 66): the count's subquery is inside the page's query,
// correlated with the page's rows; the count is read into an
// sql.UnknownType as the int64 the driver gives (keyset.Total reads it);
// a count whose preparation failed is left out with its error kept; an
// sql.UnknownType target that is no count column is refused.
func TestPageCounts(t *testing.T) {
	for _, tt := range []struct {
		dialect string
		want    string
	}{
		{dialect.Postgres, `SELECT "employees"."id", (SELECT json_agg(json_build_array("kembang_r"."id", "kembang_r"."level", "kembang_r"."employee_id", "kembang_r"."kembang_count_0") ORDER BY "assessed_on" DESC, "id" DESC)::text ` +
			`FROM (SELECT "assessments"."id", "assessments"."level", "assessments"."employee_id", ` +
			`(SELECT COUNT(*) FROM (SELECT "notes"."assessment_id" FROM "notes" WHERE NOT "notes"."hidden") AS "kembang_c" WHERE "kembang_c"."assessment_id" = "assessments"."id") AS "kembang_count_0" ` +
			`FROM "assessments" WHERE "assessments"."employee_id" = "employees"."id" ORDER BY "assessments"."id" DESC LIMIT 5) AS "kembang_r") AS "kembang_rows_0" FROM "employees"`},
		{dialect.SQLite, "SELECT `employees`.`id`, (SELECT json_group_array(json_array(`kembang_r`.`id`, `kembang_r`.`level`, `kembang_r`.`employee_id`, `kembang_r`.`kembang_count_0`) ORDER BY `assessed_on` DESC, `id` DESC) " +
			"FROM (SELECT `assessments`.`id`, `assessments`.`level`, `assessments`.`employee_id`, " +
			"(SELECT COUNT(*) FROM (SELECT `notes`.`assessment_id` FROM `notes` WHERE NOT `notes`.`hidden`) AS `kembang_c` WHERE `kembang_c`.`assessment_id` = `assessments`.`id`) AS `kembang_count_0` " +
			"FROM `assessments` WHERE `assessments`.`employee_id` = `employees`.`id` ORDER BY `assessments`.`id` DESC LIMIT 5) AS `kembang_r`) AS `kembang_rows_0` FROM `employees`"},
	} {
		r, count := countRows(t, tt.dialect, notes(tt.dialect))
		if r == nil {
			t.Fatalf("%s: NewPage: nil", tt.dialect)
		}
		d := entsql.Dialect(tt.dialect)
		parent := d.Select(d.Table("employees").C("id")).From(d.Table("employees"))
		r.Modifier()(parent)
		if q, _ := parent.Query(); q != tt.want {
			t.Errorf("%s:\n got %s\nwant %s", tt.dialect, q, tt.want)
		}
		if count.Err() != nil {
			t.Errorf("%s: %v", tt.dialect, count.Err())
		}
	}
	r, _ := countRows(t, dialect.Postgres, notes(dialect.Postgres))
	var got []string
	if err := r.Each(`[[2,3,1,4],[1,2,1,0]]`, func(columns []string, values []any) error {
		v := *values[3].(*entsql.UnknownType)
		got = append(got, fmt.Sprintf("%s=%T %d", columns[3], v, keyset.Total(v, nil)))
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if want := "[kembang_count_0=int64 4 kembang_count_0=int64 0]"; fmt.Sprint(got) != want {
		t.Errorf("Each: %v, want %v", got, want)
	}
	if err := r.Each(`[[2,3,1,null]]`, func([]string, []any) error { return nil }); err == nil {
		t.Error("Each with a NULL count: no error")
	}

	// A count whose preparation failed (a privacy rule refusing the
	// viewer) is not in the rows; its error stays for the totals' loader.
	refused := errors.New("denied")
	r, count := countRows(t, dialect.Postgres, func(context.Context) (*entsql.Selector, error) { return nil, refused })
	if r == nil {
		t.Fatal("NewPage with a count that failed: nil")
	}
	if !errors.Is(count.Err(), refused) {
		t.Errorf("count.Err() = %v, want %v", count.Err(), refused)
	}
	if slices.Contains(r.names, keyset.CountColumn(0)) {
		t.Errorf("a count that failed is among the rows' columns: %v", r.names)
	}
	b := entsql.Dialect(dialect.Postgres)
	t1 := b.Table("assessments")
	sub := b.Select(t1.C("id"), t1.C("level"), t1.C("employee_id")).From(t1).Limit(5)
	unknown := func(columns []string) ([]any, error) {
		return []any{new(sql.NullInt64), new(entsql.UnknownType), new(sql.NullInt64)}, nil
	}
	if NewPage(Column(0), "employee_id", "id", "employees", sub, nil, unknown, pageOrder, 3, nil) != nil {
		t.Error("NewPage with an UnknownType target that is no count column: not nil")
	}
}

// TestChildCountPreparedOnce checks that a count is prepared once
// (Modifier): a page that asRows prepared with its counts and then
// refused runs its own statement with the same count, not with its
// edge's query prepared (and its privacy predicates added) again.
func TestChildCountPreparedOnce(t *testing.T) {
	n := 0
	count := keyset.NewChildCount(keyset.CountColumn(0), "assessment_id", "id", func(ctx context.Context) (*entsql.Selector, error) {
		n++
		return notes(dialect.SQLite)(ctx)
	})
	first, second := count.Modifier(t.Context()), count.Modifier(t.Context())
	if n != 1 || first == nil || second == nil {
		t.Errorf("prepared %d times, modifiers %v %v", n, first != nil, second != nil)
	}
}

// TestPageExprLate checks that a page's to-one neighbour (an enrollment's
// session) is joined to the page's rows after its LIMIT (tojoin.Late
// inside the rows' subquery), with the parent's key and the page's
// predicates compared inside the page, and that its nested list is
// computed for the page's rows: a session joined before the LIMIT was
// looked up for every enrollment of the parent (unit_roster: 8 per
// employee for a page of 3), which made one statement dearer than two.
func TestPageExprLate(t *testing.T) {
	for _, tt := range []struct {
		dialect string
		want    string
	}{
		{dialect.Postgres, `SELECT "employees"."id", (SELECT json_agg(json_build_array("kembang_r"."id", "kembang_r"."created_at", "kembang_r"."kembang_rows_0", "kembang_r"."employee_id", "kembang_r"."session_id", "kembang_r"."j_session__id", "kembang_r"."j_session__name") ORDER BY "created_at" DESC, "id")::text ` +
			`FROM (SELECT "enrollments"."id", "enrollments"."created_at", "enrollments"."employee_id", "enrollments"."session_id", "j_session"."j_session__id", "j_session"."j_session__name", ` +
			`(SELECT json_agg(json_build_array("kembang_r"."id", "kembang_r"."text", "kembang_r"."enrollment_id") ORDER BY "kembang_r"."id")::text FROM (SELECT "notes"."id", "notes"."text", "notes"."enrollment_id" FROM "notes") AS "kembang_r" WHERE "kembang_r"."enrollment_id" = "enrollments"."id") AS "kembang_rows_0" ` +
			`FROM (SELECT "enrollments"."id", "enrollments"."created_at", "enrollments"."employee_id", "enrollments"."session_id" FROM "enrollments" WHERE ("enrollments"."status" = $1 OR "enrollments"."status" = $2) AND "enrollments"."employee_id" = "employees"."id" ORDER BY "enrollments"."created_at" DESC, "enrollments"."id" LIMIT 3) AS "enrollments" ` +
			`LEFT JOIN (SELECT "sessions"."id" AS "j_session__id", "sessions"."name" AS "j_session__name" FROM "sessions") AS "j_session" ON "enrollments"."session_id" = "j_session"."j_session__id" ` +
			`ORDER BY "enrollments"."created_at" DESC, "enrollments"."id" LIMIT 3) AS "kembang_r") AS "kembang_rows_1" FROM "employees"`},
		{dialect.SQLite, "SELECT `employees`.`id`, (SELECT json_group_array(json_array(`kembang_r`.`id`, `kembang_r`.`created_at`, `kembang_r`.`kembang_rows_0`, `kembang_r`.`employee_id`, `kembang_r`.`session_id`, `kembang_r`.`j_session__id`, `kembang_r`.`j_session__name`) ORDER BY `created_at` DESC, `id`) " +
			"FROM (SELECT `enrollments`.`id`, `enrollments`.`created_at`, `enrollments`.`employee_id`, `enrollments`.`session_id`, `j_session`.`j_session__id`, `j_session`.`j_session__name`, " +
			"(SELECT json_group_array(json_array(`kembang_r`.`id`, `kembang_r`.`text`, `kembang_r`.`enrollment_id`) ORDER BY `kembang_r`.`id`) FROM (SELECT `notes`.`id`, `notes`.`text`, `notes`.`enrollment_id` FROM `notes`) AS `kembang_r` WHERE `kembang_r`.`enrollment_id` = `enrollments`.`id`) AS `kembang_rows_0` " +
			"FROM (SELECT `enrollments`.`id`, `enrollments`.`created_at`, `enrollments`.`employee_id`, `enrollments`.`session_id` FROM `enrollments` WHERE (`enrollments`.`status` = ? OR `enrollments`.`status` = ?) AND `enrollments`.`employee_id` = `employees`.`id` ORDER BY `enrollments`.`created_at` DESC, `enrollments`.`id` LIMIT 3) AS `enrollments` " +
			"LEFT JOIN (SELECT `sessions`.`id` AS `j_session__id`, `sessions`.`name` AS `j_session__name` FROM `sessions`) AS `j_session` ON `enrollments`.`session_id` = `j_session`.`j_session__id` " +
			"ORDER BY `enrollments`.`created_at` DESC, `enrollments`.`id` LIMIT 3) AS `kembang_r`) AS `kembang_rows_1` FROM `employees`"},
	} {
		b := entsql.Dialect(tt.dialect)
		te := b.Table("enrollments")
		sub := b.Select(te.C("id"), te.C("created_at"), te.C("employee_id"), te.C("session_id")).From(te).
			Where(entsql.Or(entsql.EQ(te.C("status"), "ACTIVE"), entsql.EQ(te.C("status"), "COMPLETED"))).
			OrderExpr(entsql.Expr(te.C("created_at")+" DESC"), entsql.Expr(te.C("id"))).
			Limit(3)
		ts := b.Table("sessions")
		session := tojoin.New("session", b.Select(ts.C("id"), ts.C("name")).From(ts), "id", "session_id", scanBy(map[string]func() any{"name": newOf[sql.NullString]}), nil)
		if session == nil {
			t.Fatal("tojoin.New: nil")
		}
		tn := b.Table("notes")
		nested := New(Column(0), "enrollment_id", "id", b.Select(tn.C("id"), tn.C("text"), tn.C("enrollment_id")).From(tn), func(columns []string) ([]any, error) {
			return []any{new(sql.NullInt64), new(sql.NullString), new(sql.NullInt64)}, nil
		})
		scan := scanBy(map[string]func() any{"created_at": newOf[sql.NullTime], "j_session__name": newOf[sql.NullString], Column(0): newOf[any]})
		order := entsql.ExprFunc(func(b *entsql.Builder) {
			b.Ident("created_at").WriteString(" DESC").Comma().Ident("id")
		})
		r := NewPage(Column(1), "employee_id", "id", "employees", sub, []*tojoin.Edge{session}, scan, order, 2, []*Rows{nested})
		if r == nil {
			t.Fatalf("%s: NewPage: nil", tt.dialect)
		}
		parent := b.Select(b.Table("employees").C("id")).From(b.Table("employees"))
		r.Modifier()(parent)
		q, args := parent.Query()
		if q != tt.want {
			t.Errorf("%s:\n got %s\nwant %s", tt.dialect, q, tt.want)
		}
		if fmt.Sprint(args) != "[ACTIVE COMPLETED]" {
			t.Errorf("%s: args %v", tt.dialect, args)
		}
		// The page's own query is left as it was: built again, the
		// statement is the same.
		again := b.Select(b.Table("employees").C("id")).From(b.Table("employees"))
		r.Modifier()(again)
		if q2, _ := again.Query(); q2 != q {
			t.Errorf("%s: built again:\n%s", tt.dialect, q2)
		}
		if got := fmt.Sprint(r.names); got != "[id created_at kembang_rows_0 employee_id session_id j_session__id j_session__name]" {
			t.Errorf("%s: columns %s", tt.dialect, got)
		}
	}
}

// TestConvert checks that each JSON value of a rows column scans into its
// target as the database driver's value of the column would (change 68:
// valyala/fastjson instead of encoding/json): integers above 2^53 exactly,
// SQLite's 0 and 1 and PostgreSQL's false and true as booleans, numbers as
// written into strings, escapes undone, NULL as not valid, and the wrong
// kinds refused.
func TestConvert(t *testing.T) {
	for _, tt := range []struct {
		json   string
		target func() any
		want   string
	}{
		{`9007199254740993`, func() any { return new(sql.NullInt64) }, "{9007199254740993 true}"},
		{`-42`, func() any { return new(sql.NullInt64) }, "{-42 true}"},
		{`"17"`, func() any { return new(sql.NullInt64) }, "{17 true}"},
		{`null`, func() any { return new(sql.NullInt64) }, "{0 false}"},
		{`2.5`, func() any { return new(sql.NullFloat64) }, "{2.5 true}"},
		{`0.1`, func() any { return new(sql.NullFloat64) }, "{0.1 true}"},
		{`1`, func() any { return new(sql.NullBool) }, "{true true}"},
		{`0`, func() any { return new(sql.NullBool) }, "{false true}"},
		{`true`, func() any { return new(sql.NullBool) }, "{true true}"},
		{`false`, func() any { return new(sql.NullBool) }, "{false true}"},
		{`"Budi \"Santoso\"\n\u00e9"`, func() any { return new(sql.NullString) }, "{Budi \"Santoso\"\né true}"},
		{`12.50`, func() any { return new(sql.NullString) }, "{12.50 true}"},
		{`"2026-12-07T08:00:00+07:00"`, func() any { return new(sql.NullTime) }, "{2026-12-07 08:00:00 +0700 +0700 true}"},
		{`12`, func() any { return new(entsql.UnknownType) }, "12"},
		{`[[1,"a"]]`, func() any { return new(any) }, `[[1,"a"]]`},
		{`"[[1, \"a\"]]"`, func() any { return new(any) }, `[[1, "a"]]`},
		{`null`, func() any { return new(any) }, "<nil>"},
	} {
		target := tt.target()
		if err := convert(target, fastjson.MustParse(tt.json)); err != nil {
			t.Errorf("convert(%T, %s): %v", target, tt.json, err)
			continue
		}
		var got string
		switch v := target.(type) {
		case *entsql.UnknownType:
			got = fmt.Sprint(*v)
		case *any:
			got = fmt.Sprint(*v)
		case *sql.NullTime:
			got = fmt.Sprintf("{%s %v}", v.Time.Format("2006-01-02 15:04:05 -0700 -0700"), v.Valid)
		default:
			got = strings.TrimPrefix(fmt.Sprintf("%v", v), "&")
		}
		if got != tt.want {
			t.Errorf("convert(%T, %s) = %s, want %s", target, tt.json, got, tt.want)
		}
	}
	for _, tt := range []struct {
		json   string
		target any
	}{
		{`"x"`, new(entsql.UnknownType)},
		{`1.5`, new(entsql.UnknownType)},
		{`99999999999999999999`, new(sql.NullInt64)},
		{`5`, new(any)},
		{`[1]`, new(sql.NullString)},
		{`{"a":1}`, new(sql.NullInt64)},
		{`true`, new(sql.NullString)},
		{`7`, new(sql.NullTime)},
	} {
		if err := convert(tt.target, fastjson.MustParse(tt.json)); err == nil {
			t.Errorf("convert(%T, %s): no error", tt.target, tt.json)
		}
	}
}

// TestPageEachNestedStrings checks that the strings of a nested rows
// column that SQLite embeds in its parent's row as an array (not as text)
// reach the nested rows as they were: the array is written back as JSON
// text for the nested Each, whose escapes must be JSON's (a quote or a
// backslash with a control character, DEL, or a character outside the
// Basic Multilingual Plane that Go does not print, such as a flag emoji's
// tag characters; Go's quoting writes \a, \v, \x7f and \U000e0067, which
// JSON has not, and which fastjson would keep as text).
func TestPageEachNestedStrings(t *testing.T) {
	r := pageRows(t, dialect.SQLite)
	for _, s := range []string{
		"plain",
		`quote " bell` + "\a",
		`back\slash vertical tab` + "\v",
		`quote " DEL` + "\x7f",
		"quote \" flag \U0001F3F4\U000E0067\U000E0062\U000E0073\U000E0063\U000E0074\U000E007F",
		"tab\t new line\n unit separator\x1f quote \" C1 \u0085 private \U000F0000",
		"soft\u00adhyphen \u2028 \" \\ \u0080",
	} {
		str, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		// As SQLite writes it: control characters escaped, the rest as is.
		in := `[[1,2,"2026-12-07T00:00:00",[[3,` + string(str) + `,1]],4]]`
		var text any
		if err := r.Each(in, func(columns []string, values []any) error {
			text = *values[3].(*any)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		var got string
		if err := r.nested[0].Each(text, func(columns []string, values []any) error {
			got = values[1].(*sql.NullString).String
			return nil
		}); err != nil {
			t.Errorf("%q: nested Each: %v", s, err)
			continue
		}
		if got != s {
			t.Errorf("nested string %q, want %q (nested rows %s)", got, s, text)
		}
	}
}

// scanBy returns a query's scan (scanRow) for tests: for each column the
// target kinds names, sql.NullInt64 for the others.
func scanBy(kinds map[string]func() any) func(columns []string) ([]any, error) {
	return func(columns []string) ([]any, error) {
		v := make([]any, len(columns))
		for i, c := range columns {
			if k, ok := kinds[c]; ok {
				v[i] = k()
			} else {
				v[i] = new(sql.NullInt64)
			}
		}
		return v, nil
	}
}

// newOf returns a new zero T, a scan target.
func newOf[T any]() any { return new(T) }
