package tojoin

import (
	"context"
	stdsql "database/sql"
	"reflect"
	"strings"
	"testing"

	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"

	"kembang/internal/entx/keyset"
)

// positions returns the neighbours' query of an employee's position, with
// a predicate standing in for a read rule.
func positions(d string) *sql.Selector {
	t := sql.Dialect(d).Table("positions")
	return sql.Dialect(d).Select(t.C("id"), t.C("title")).From(t).Where(sql.EQ(t.C("agency_id"), 7))
}

// scanPosition is a position's ScanValues.
func scanPosition(columns []string) ([]any, error) {
	values := make([]any, len(columns))
	for i, c := range columns {
		if c == "id" {
			values[i] = new(stdsql.NullInt64)
		} else {
			values[i] = new(stdsql.NullString)
		}
	}
	return values, nil
}

// TestModify checks the SQL of a join: the neighbour's predicates stay in
// its subquery, its columns come renamed after the parent's, and the join
// follows an edge page's LimitPerRow on PostgreSQL, whose rows come from a
// subquery with no table; on a page the statement orders and limits itself
// (late), after its ORDER BY and LIMIT.
func TestModify(t *testing.T) {
	for _, c := range []struct {
		name, dialect string
		page, late    bool
		want          []string
	}{
		{"postgres", dialect.Postgres, false, false, []string{
			`SELECT "employees"."id", "employees"."position_id", "j_position"."j_position__id", "j_position"."j_position__title" FROM "employees" `,
			`LEFT JOIN (SELECT "positions"."id" AS "j_position__id", "positions"."title" AS "j_position__title" FROM "positions" WHERE "positions"."agency_id" = $1) AS "j_position" `,
			`ON "employees"."position_id" = "j_position"."j_position__id" WHERE "employees"."active"`,
		}},
		{"sqlite", dialect.SQLite, false, false, []string{
			"LEFT JOIN (SELECT `positions`.`id` AS `j_position__id`, `positions`.`title` AS `j_position__title` FROM `positions` WHERE `positions`.`agency_id` = ?) AS `j_position` ",
			"ON `employees`.`position_id` = `j_position`.`j_position__id`",
		}},
		{"postgres page", dialect.Postgres, true, false, []string{
			`SELECT "id", "position_id", "j_position"."j_position__id", "j_position"."j_position__title" FROM (SELECT "id", "position_id" FROM (SELECT unnest(`,
			`AS "employees" LEFT JOIN (SELECT "positions"."id" AS "j_position__id"`,
			`ON "employees"."position_id" = "j_position"."j_position__id" ORDER BY "id" ASC`,
		}},
		{"sqlite page", dialect.SQLite, true, false, []string{
			"AS `employees` LEFT JOIN (SELECT `positions`.`id` AS `j_position__id`",
			"ON `employees`.`position_id` = `j_position`.`j_position__id` WHERE",
		}},
		{"postgres late", dialect.Postgres, false, true, []string{
			`SELECT "employees"."id", "employees"."position_id", "j_position"."j_position__id", "j_position"."j_position__title" `,
			`FROM (SELECT "employees"."id", "employees"."position_id" FROM "employees" WHERE "employees"."active" ORDER BY "employees"."golongan" DESC, "employees"."id" LIMIT 51) AS "employees" `,
			`LEFT JOIN (SELECT "positions"."id" AS "j_position__id", "positions"."title" AS "j_position__title" FROM "positions" WHERE "positions"."agency_id" = $1) AS "j_position" `,
			`ON "employees"."position_id" = "j_position"."j_position__id" ORDER BY "employees"."golongan" DESC, "employees"."id" LIMIT 51`,
		}},
		{"sqlite late", dialect.SQLite, false, true, []string{
			"FROM (SELECT `employees`.`id`, `employees`.`position_id` FROM `employees` WHERE `employees`.`active` ORDER BY `employees`.`golongan` DESC, `employees`.`id` LIMIT 51) AS `employees` LEFT JOIN",
			"ON `employees`.`position_id` = `j_position`.`j_position__id` ORDER BY `employees`.`golongan` DESC, `employees`.`id` LIMIT 51",
		}},
		{"postgres page late", dialect.Postgres, true, true, []string{
			// Late leaves a statement that reads no table of its own as it is.
			`AS "employees" LEFT JOIN (SELECT "positions"."id" AS "j_position__id"`,
			`ON "employees"."position_id" = "j_position"."j_position__id" ORDER BY "id" ASC`,
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := New("position", positions(c.dialect), "id", "position_id", scanPosition, nil)
			b := sql.Dialect(c.dialect)
			table := b.Table("employees")
			s := b.Select(table.C("id"), table.C("position_id")).From(table)
			if c.page {
				keyset.WhereParents(s, s.C("unit_id"), 1, 2)
				order := sql.ExprFunc(func(b *sql.Builder) { b.Ident("id").WriteString(" ASC") })
				keyset.LimitPerRow("unit_id", 3, order)(s)
			} else {
				s.Where(sql.P(func(b *sql.Builder) { b.Ident(s.C("active")) }))
			}
			if c.late && !c.page {
				s.OrderBy(sql.Desc(s.C("golongan")), s.C("id")).Limit(51)
			}
			for _, m := range Modifiers(nil, []*Edge{nil, e}, c.late) {
				m(s)
			}
			q, args := s.Query()
			for _, part := range c.want {
				if !strings.Contains(q, part) {
					t.Errorf("no %s in\n%s", part, q)
				}
			}
			if !c.page && !reflect.DeepEqual(args, []any{7}) {
				t.Errorf("arguments %v, want [7]", args)
			}
		})
	}
}

// TestRows checks the split of rows: the parent's columns, a neighbour's
// (its own names), a NULL neighbour, shared neighbours, and a join whose
// columns the statement lost.
func TestRows(t *testing.T) {
	e := New("position", positions(dialect.Postgres), "id", "position_id", scanPosition, nil)
	lost := New("unit", positions(dialect.Postgres), "id", "unit_id", scanPosition, nil)
	joins := []*Edge{e, nil, lost}
	columns := []string{"id", "position_id", "j_position__id", "j_position__title", "extra"}
	own := func(columns []string) ([]any, error) {
		if len(columns) != 2 {
			t.Fatalf("own columns %v, want the parent's two", columns)
		}
		return []any{new(stdsql.NullInt64), new(stdsql.NullInt64)}, nil
	}
	values, err := ScanValues(joins, columns, own)
	if err != nil {
		t.Fatal(err)
	}
	if len(values) != len(columns) {
		t.Fatalf("%d targets for %d columns", len(values), len(columns))
	}
	if _, ok := values[4].(*sql.UnknownType); !ok {
		t.Errorf("target of an unknown column %T, want *sql.UnknownType", values[4])
	}
	if !e.Found() || lost.Found() || (*Edge)(nil).Found() {
		t.Errorf("found: position %v, unit %v; want true, false", e.Found(), lost.Found())
	}
	if n := Own(joins, columns); n != 2 {
		t.Errorf("Own = %d, want 2", n)
	}
	*values[2].(*stdsql.NullInt64) = stdsql.NullInt64{Int64: 5, Valid: true}
	*values[3].(*stdsql.NullString) = stdsql.NullString{String: "Analis", Valid: true}
	names, vs, ok := e.Child(columns, values)
	if !ok || !reflect.DeepEqual(names, []string{"id", "title"}) || len(vs) != 2 || vs[1].(*stdsql.NullString).String != "Analis" {
		t.Errorf("Child = %v, %v, %v", names, vs, ok)
	}
	if _, _, ok := lost.Child(columns, values); ok {
		t.Error("Child of a join whose columns are absent")
	}
	*values[2].(*stdsql.NullInt64) = stdsql.NullInt64{}
	if _, _, ok := e.Child(columns, values); ok {
		t.Error("Child of a row whose neighbour's id is NULL")
	}

	type node struct{ id int }
	a, b := &node{1}, &node{1}
	if Shared(e, 1, a) != a || Shared(e, 1, b) != a || Shared(e, 2, b) != b {
		t.Error("Shared does not return the first node of an id")
	}
	type parent struct{ n *node }
	got := Distinct([]*parent{{a}, {nil}, {a}, {b}}, func(p *parent) *node { return p.n })
	if !reflect.DeepEqual(got, []*node{a, b}) {
		t.Errorf("Distinct = %v", got)
	}
	if At(joins, 1) != nil || At(joins, 3) != nil || At(nil, 0) != nil || At(joins, 0) != e {
		t.Error("At")
	}
}

// TestEnabled checks the switch of the tests and the dialects.
func TestEnabled(t *testing.T) {
	ctx := context.Background()
	if !Enabled(ctx) || Enabled(Disable(ctx)) {
		t.Error("Enabled")
	}
	if !Dialect(dialect.Postgres) || !Dialect(dialect.SQLite) || Dialect(dialect.MySQL) {
		t.Error("Dialect")
	}
}

// TestShapes checks that the names of a join's columns are made once per
// edge, dialect, id and selection and shared by the edges of later
// statements, and made again, right, when any of them changes: a shape
// wrongly shared would join the wrong columns.
func TestShapes(t *testing.T) {
	shapes.Clear()
	first := New("position", positions(dialect.Postgres), "id", "position_id", scanPosition, nil)
	again := New("position", positions(dialect.Postgres), "id", "position_id", scanPosition, nil)
	if first.shape != again.shape {
		t.Error("the same edge and selection made a shape twice")
	}
	title := func(d string) *sql.Selector {
		tb := sql.Dialect(d).Table("positions")
		return sql.Dialect(d).Select(tb.C("title"), tb.C("id")).From(tb)
	}
	for _, c := range []struct {
		name      string
		e         *Edge
		names     []string
		idAt      int
		outerWant []string
	}{
		{"other selection", New("position", title(dialect.Postgres), "id", "position_id", scanPosition, nil),
			[]string{"title", "id"}, 1, []string{`"j_position"."j_position__title"`, `"j_position"."j_position__id"`}},
		{"other dialect", New("position", title(dialect.SQLite), "id", "position_id", scanPosition, nil),
			[]string{"title", "id"}, 1, []string{"`j_position`.`j_position__title`", "`j_position`.`j_position__id`"}},
		{"other id", New("position", title(dialect.SQLite), "title", "position_id", scanPosition, nil),
			[]string{"title", "id"}, 0, []string{"`j_position`.`j_position__title`", "`j_position`.`j_position__id`"}},
		{"other edge", New("unit", title(dialect.SQLite), "title", "unit_id", scanPosition, nil),
			[]string{"title", "id"}, 0, []string{"`j_unit`.`j_unit__title`", "`j_unit`.`j_unit__id`"}},
	} {
		if !reflect.DeepEqual(c.e.names, c.names) || c.e.idAt != c.idAt || !reflect.DeepEqual(c.e.outer, c.outerWant) {
			t.Errorf("%s: names %q, id at %d, outer %q; want %q, %d, %q", c.name, c.e.names, c.e.idAt, c.e.outer, c.names, c.idAt, c.outerWant)
		}
		// The outer names are those the renamed subquery gives its columns,
		// which it names as the builder quotes them.
		var b sql.Builder
		b.SetDialect(c.e.sub.Dialect())
		for i, j := range c.e.joined {
			if got := c.e.sub.C(j); got != c.e.outer[i] {
				t.Errorf("%s: outer name %q, the subquery's %q", c.name, c.e.outer[i], got)
			}
			if want := b.Quote(j); c.e.as[i] != want {
				t.Errorf("%s: AS name %q, want %q", c.name, c.e.as[i], want)
			}
		}
	}
}

// TestExtraBeforeNestedJoins checks the columns of a neighbour that has a
// neighbour of its own joined to it (a position's agency) and an extra
// expression (the rows of its requirements, internal/entx/childrows): the
// extra comes after the neighbour's own columns and before its joined
// neighbour's, so that the neighbour's scan, which takes the columns
// before the first joined one as its own (Own), keeps it (issue 17, change
// 57: "kembang_rows_0 value was not selected" when it came last).
func TestExtraBeforeNestedJoins(t *testing.T) {
	d := dialect.Postgres
	at := sql.Dialect(d).Table("agencies")
	agency := New("agency", sql.Dialect(d).Select(at.C("id")).From(at), "id", "agency_id", scanPosition, nil)
	rows := Column{Name: RowsPrefix + "0", Expr: func(s *sql.Selector) sql.Querier { return sql.Raw("'[]'") }}
	e := New("position", positions(d), "id", "position_id", scanPosition, []*Edge{agency}, rows)
	want := []string{"id", "title", RowsPrefix + "0", "j_agency__id"}
	if !reflect.DeepEqual(e.names, want) {
		t.Fatalf("names %v, want %v", e.names, want)
	}
	q, _ := e.sub.Query()
	for _, part := range []string{
		`"positions"."title" AS "j_position__title", '[]' AS "j_position__kembang_rows_0", "j_agency"."j_agency__id" AS "j_position__j_agency__id"`,
		`LEFT JOIN (SELECT "agencies"."id" AS "j_agency__id" FROM "agencies") AS "j_agency"`,
	} {
		if !strings.Contains(q, part) {
			t.Errorf("no %s in\n%s", part, q)
		}
	}
	agency.at = agency.find(e.names) // as the position's scan finds its neighbour
	if n := Own([]*Edge{agency}, e.names); n != 3 {
		t.Errorf("Own = %d, want 3 (id, title and the rows)", n)
	}
}
