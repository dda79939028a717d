package rowscan

import (
	"bytes"
	"context"
	stdsql "database/sql"
	"fmt"
	"slices"
	"testing"

	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"
	"entgo.io/ent/dialect/sql/sqlgraph"
	"entgo.io/ent/schema/field"
	_ "modernc.org/sqlite"
)

func TestReuse(t *testing.T) {
	calls := 0
	scan := func(columns []string) ([]any, error) {
		calls++
		v := make([]any, len(columns))
		for i, c := range columns {
			if c == "extra" {
				v[i] = new(sql.UnknownType)
			} else {
				v[i] = new(sql.NullString)
			}
		}
		return v, nil
	}

	f := Reuse(scan)
	cols := []string{"id", "full_name"}
	first, _ := f(cols)
	for range 3 {
		if again, _ := f(cols); &again[0] != &first[0] {
			t.Fatal("a row of the same statement got new targets")
		}
	}
	if calls != 1 {
		t.Errorf("scanValues called %d times for one statement, want 1", calls)
	}
	// A many-to-many loader passes columns[1:], the same slice each row.
	joined := []string{"t1", "id", "full_name"}
	g, calls := Reuse(scan), 0
	a, _ := g(joined[1:])
	b, _ := g(joined[1:])
	if &a[0] != &b[0] || calls != 1 {
		t.Errorf("columns[1:]: %d scans, same targets %v", calls, &a[0] == &b[0])
	}
	// Other columns: targets made for them.
	if c, _ := g([]string{"id"}); len(c) != 1 || calls != 2 {
		t.Errorf("other columns: %d targets, %d scans", len(c), calls)
	}

	// Columns the entity does not know are kept by it: a new target each
	// row, of the type sqlgraph put in the previous row's place; the
	// others are reused.
	h, calls := Reuse(scan), 0
	extra := []string{"id", "extra"}
	x, _ := h(extra)
	x0, x1 := x[0], x[1]
	if _, ok := x1.(*sql.UnknownType); !ok {
		t.Fatalf("first row: %T for the unknown column, want *sql.UnknownType", x1)
	}
	x[1] = new(sql.NullInt64) // what sql.ScanTypeOf gives an integer column
	kept := x[1]
	y, _ := h(extra)
	if y[0] != x0 || calls != 1 {
		t.Errorf("unknown columns: the known targets not reused (%d scans)", calls)
	}
	if _, ok := y[1].(*sql.NullInt64); !ok || y[1] == kept {
		t.Errorf("unknown column: second row's target %T %p, want a new *sql.NullInt64 (first %p)", y[1], y[1], kept)
	}
	// A target that is not a pointer: sqlgraph is asked to find the type.
	y[1] = sql.NullInt64{}
	if z, _ := h(extra); calls != 1 {
		t.Errorf("%d scans", calls)
	} else if _, ok := z[1].(*sql.UnknownType); !ok {
		t.Errorf("after a target that is not a pointer: %T, want *sql.UnknownType", z[1])
	}
}

// TestReuseUnknownQueryNodes runs ent's row loop with a column the entity
// does not know, as a page counted in its own statement has
// (keyset.TotalColumn): each node keeps its own target with its row's
// value, of the type sql.ScanTypeOf gave the first row.
func TestReuseUnknownQueryNodes(t *testing.T) {
	db := memoryDB(t, "reuseunknown", `CREATE TABLE people (id INTEGER PRIMARY KEY, total INTEGER, name TEXT);
		INSERT INTO people VALUES (1, 10, 'Ani'), (2, NULL, 'Budi'), (3, 30, 'Citra')`)
	var kept, names []any
	calls := 0
	spec := sqlgraph.NewQuerySpec("people", []string{"id", "total", "name"}, sqlgraph.NewFieldSpec("id", field.TypeInt))
	spec.ScanValues = Reuse(func(columns []string) ([]any, error) {
		calls++
		return []any{new(sql.NullInt64), new(sql.UnknownType), new(sql.NullString)}, nil
	})
	spec.Assign = func(columns []string, values []any) error {
		kept = append(kept, values[1])
		names = append(names, values[2].(*sql.NullString).String)
		return nil
	}
	spec.Order = func(s *sql.Selector) { s.OrderBy("id") }
	if err := sqlgraph.QueryNodes(context.Background(), sql.OpenDB(dialect.SQLite, db), spec); err != nil {
		t.Fatal(err)
	}
	if len(kept) != 3 || calls != 1 {
		t.Fatalf("%d nodes, %d scans; want 3 nodes, 1 scan", len(kept), calls)
	}
	want := []sql.NullInt64{{Int64: 10, Valid: true}, {}, {Int64: 30, Valid: true}}
	for i, k := range kept {
		v, ok := k.(*sql.NullInt64)
		if !ok || *v != want[i] {
			t.Errorf("node %d (%v) kept %T %v, want %v", i, names[i], k, k, want[i])
		}
		for j := range i {
			if kept[j] == k {
				t.Errorf("nodes %d and %d share a target", j, i)
			}
		}
	}
}

// TestReuseColumnNames checks that targets are reused by the columns'
// names, not by the identity of the slice ent passes: a new slice with the
// same names reuses them, a slice changed in place gets new ones.
func TestReuseColumnNames(t *testing.T) {
	calls := 0
	scan := func(columns []string) ([]any, error) {
		calls++
		v := make([]any, len(columns))
		for i := range columns {
			v[i] = new(sql.NullString)
		}
		return v, nil
	}
	f := Reuse(scan)
	a, _ := f([]string{"id", "full_name"})
	b, _ := f([]string{"id", "full_name"}) // a new slice, same names
	if &a[0] != &b[0] || calls != 1 {
		t.Errorf("same names in a new slice: %d scans, same targets %v", calls, &a[0] == &b[0])
	}

	g, calls := Reuse(scan), 0
	cols := []string{"id", "full_name"}
	c, _ := g(cols)
	cols[1] = "nip" // the same slice, changed in place
	d, _ := g(cols)
	if &c[0] == &d[0] || calls != 2 {
		t.Errorf("names changed in place: targets reused (%d scans)", calls)
	}
	if e, _ := g(cols); &e[0] != &d[0] || calls != 2 {
		t.Errorf("after the change: %d scans, want the new targets reused", calls)
	}

	// More columns than Reuse keeps without allocating.
	wide := make([]string, 40)
	for i := range wide {
		wide[i] = fmt.Sprint("c", i)
	}
	h, calls := Reuse(scan), 0
	x, _ := h(wide)
	y, _ := h(slices.Clone(wide))
	if &x[0] != &y[0] || calls != 1 {
		t.Errorf("40 columns: %d scans, same targets %v", calls, &x[0] == &y[0])
	}
}

// TestReuseQueryNodes runs ent's row loop (sqlgraph.QueryNodes) with Reuse
// on a real database: each row's values must reach its own node. It fails
// if ent stops copying a row's values out (Assign) before scanning the
// next row into the same targets, which would make every node the last
// row: then Reuse must not be used (docs/upgrading.md, "ent and entgql").
func TestReuseQueryNodes(t *testing.T) {
	db := memoryDB(t, "reuse", `CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT, note BLOB);
		INSERT INTO people VALUES (1, 'Ani', x'01'), (2, 'Budi', NULL), (3, 'Citra', x'0302')`)
	type person struct {
		id   int64
		name string
		note []byte
	}
	var got []person
	calls := 0
	spec := sqlgraph.NewQuerySpec("people", []string{"id", "name", "note"}, sqlgraph.NewFieldSpec("id", field.TypeInt))
	spec.ScanValues = Reuse(func(columns []string) ([]any, error) {
		calls++
		return []any{new(sql.NullInt64), new(sql.NullString), new([]byte)}, nil
	})
	spec.Assign = func(columns []string, values []any) error {
		got = append(got, person{
			id:   values[0].(*sql.NullInt64).Int64,
			name: values[1].(*sql.NullString).String,
			note: *values[2].(*[]byte),
		})
		return nil
	}
	spec.Order = func(s *sql.Selector) { s.OrderBy("id") }
	if err := sqlgraph.QueryNodes(context.Background(), sql.OpenDB(dialect.SQLite, db), spec); err != nil {
		t.Fatal(err)
	}
	want := []person{{1, "Ani", []byte{1}}, {2, "Budi", nil}, {3, "Citra", []byte{3, 2}}}
	if len(got) != len(want) {
		t.Fatalf("got %d nodes, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i].id != want[i].id || got[i].name != want[i].name || !bytes.Equal(got[i].note, want[i].note) {
			t.Errorf("node %d = %+v, want %+v", i, got[i], want[i])
		}
	}
	if calls != 1 {
		t.Errorf("targets made %d times for one statement, want 1", calls)
	}
}

// TestReuseAllocs checks what Reuse costs a statement: its state, not a
// copy of the column names per row (nor one at all up to 32 columns).
func TestReuseAllocs(t *testing.T) {
	targets := []any{new(sql.NullInt64), new(sql.NullString)}
	scan := func([]string) ([]any, error) { return targets, nil }
	cols := []string{"id", "full_name"}
	allocs := testing.AllocsPerRun(100, func() {
		f := Reuse(scan)
		for range 10 {
			if _, err := f(cols); err != nil {
				t.Fatal(err)
			}
		}
	})
	if allocs > 2 {
		t.Errorf("%v allocations for a statement of 10 rows, want at most 2", allocs)
	}
}

// memoryDB returns an in-memory SQLite database of the given name, closed
// when the test ends, after running ddl in it.
func memoryDB(t *testing.T, name, ddl string) *stdsql.DB {
	t.Helper()
	db, err := stdsql.Open("sqlite", "file:"+name+"?mode=memory")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Exec(ddl); err != nil {
		t.Fatal(err)
	}
	return db
}
