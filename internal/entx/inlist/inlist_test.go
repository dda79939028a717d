package inlist

import (
	"database/sql/driver"
	"reflect"
	"strings"
	"testing"

	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"
)

// TestSQL checks the statements and arguments of the IN lists: one array
// argument on PostgreSQL for integers, ent's IN list elsewhere and for
// other values, and no IN () for an empty list.
func TestSQL(t *testing.T) {
	selector := func(d string, p func(*sql.Selector)) (string, []any) {
		s := sql.Dialect(d).Select("id").From(sql.Table("employees"))
		s.Where(sql.EQ(s.C("employment_type"), "PNS"))
		p(s)
		return s.Query()
	}
	values := func(vs ...driver.Value) func(*sql.Selector) {
		return func(s *sql.Selector) { s.Where(Values(s.C("agency_id"), vs...)) }
	}
	for _, tc := range []struct {
		name    string
		dialect string
		p       func(*sql.Selector)
		where   string
		args    []any
	}{
		{"ids", dialect.Postgres, IDs("id", []int{3, 1, 2}),
			`"employees"."employment_type" = $1 AND "employees"."id" = ANY($2)`, []any{"PNS", array{3, 1, 2}}},
		{"one id", dialect.Postgres, IDs("id", []int{7}),
			`"employees"."employment_type" = $1 AND "employees"."id" = $2`, []any{"PNS", int64(7)}},
		{"one value", dialect.Postgres, values(int64(5)),
			`"employees"."employment_type" = $1 AND "employees"."agency_id" = $2`, []any{"PNS", int64(5)}},
		{"no ids", dialect.Postgres, IDs("id", nil),
			`"employees"."employment_type" = $1 AND FALSE`, []any{"PNS"}},
		{"values", dialect.Postgres, values(int64(5), 6),
			`"employees"."employment_type" = $1 AND "employees"."agency_id" = ANY($2)`, []any{"PNS", array{5, 6}}},
		{"strings", dialect.Postgres, values("a", "b"),
			`"employees"."employment_type" = $1 AND "employees"."agency_id" IN ($2, $3)`, []any{"PNS", "a", "b"}},
		{"mixed", dialect.Postgres, values(1, "b"),
			`"employees"."employment_type" = $1 AND "employees"."agency_id" IN ($2, $3)`, []any{"PNS", 1, "b"}},
		{"ids, sqlite", dialect.SQLite, IDs("id", []int{3, 1}),
			"`employees`.`employment_type` = ? AND `employees`.`id` IN (?, ?)", []any{"PNS", 3, 1}},
		{"values, sqlite", dialect.SQLite, values(int64(5), int64(6)),
			"`employees`.`employment_type` = ? AND `employees`.`agency_id` IN (?, ?)", []any{"PNS", int64(5), int64(6)}},
		{"no values, sqlite", dialect.SQLite, values(),
			"`employees`.`employment_type` = ? AND FALSE", []any{"PNS"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q, args := selector(tc.dialect, tc.p)
			if _, where, _ := strings.Cut(q, " WHERE "); where != tc.where {
				t.Errorf("WHERE %s\nwant  %s", where, tc.where)
			}
			if !reflect.DeepEqual(args, tc.args) {
				t.Errorf("arguments %#v, want %#v", args, tc.args)
			}
		})
	}
}

// TestSameStatement checks that lists of any length give two statement
// texts on PostgreSQL, one for a single value and one for more, so two
// prepared statements serve them all.
func TestSameStatement(t *testing.T) {
	text := func(ids []int) string {
		s := sql.Dialect(dialect.Postgres).Select("id").From(sql.Table("employees"))
		IDs("id", ids)(s)
		q, _ := s.Query()
		return q
	}
	one, two, hundred := text([]int{1}), text([]int{1, 2}), text(make([]int, 100))
	if two != hundred {
		t.Errorf("statements differ by length: %q, %q", two, hundred)
	}
	if one == two || strings.Contains(one, "ANY") {
		t.Errorf("one id: %q, want an equality, not %q", one, two)
	}
}

// TestArrayValue checks the text of ANY's arrays: from two to nine
// elements padded to ten by repeating the last (planLength), so that
// PostgreSQL costs their custom plans for the length its generic plan
// assumes.
func TestArrayValue(t *testing.T) {
	for _, tc := range []struct {
		a    array
		want string
	}{
		{array{1}, "{1}"},
		{array{3, -1, 21474836481}, "{3,-1,21474836481,21474836481,21474836481,21474836481,21474836481,21474836481,21474836481,21474836481}"},
		{array{1, 2, 3, 4, 5, 6, 7, 8, 9}, "{1,2,3,4,5,6,7,8,9,9}"},
		{array{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, "{1,2,3,4,5,6,7,8,9,10}"},
		{array{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, "{1,2,3,4,5,6,7,8,9,10,11}"},
		{array{}, "{}"},
	} {
		v, err := tc.a.Value()
		if err != nil || v != tc.want {
			t.Errorf("%v.Value() = %v, %v; want %q", tc.a, v, err, tc.want)
		}
	}
}

// TestKeysValue checks the text of the keys a LATERAL page unnests: fewer
// than ten padded with NULL (which joins no row) to ten.
func TestKeysValue(t *testing.T) {
	for _, tc := range []struct {
		k    []int
		want string
	}{
		{[]int{7}, "{7,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL}"},
		{[]int{1, -2, 3, 4, 5, 6, 7, 8, 9}, "{1,-2,3,4,5,6,7,8,9,NULL}"},
		{[]int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, "{1,2,3,4,5,6,7,8,9,10}"},
		{[]int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 21474836481}, "{1,2,3,4,5,6,7,8,9,10,21474836481}"},
		{nil, "{}"},
	} {
		v, err := Keys(tc.k).Value()
		if err != nil || v != tc.want {
			t.Errorf("Keys(%v).Value() = %v, %v; want %q", tc.k, v, err, tc.want)
		}
	}
}

// TestInts checks that Ints keeps integers once, in their first order,
// and refuses other values.
func TestInts(t *testing.T) {
	got, ok := Ints([]driver.Value{3, int64(1), 3, 2, int64(1)})
	if !ok || !reflect.DeepEqual(got, []int{3, 1, 2}) {
		t.Errorf("Ints = %v, %v; want [3 1 2], true", got, ok)
	}
	if _, ok := Ints([]driver.Value{1, "a"}); ok {
		t.Error("Ints accepted a string")
	}
	if v, _ := Array([]int{1, 2}).Value(); v != "{1,2,2,2,2,2,2,2,2,2}" {
		t.Errorf("Array = %v, want {1,2,2,2,2,2,2,2,2,2}", v)
	}
}
