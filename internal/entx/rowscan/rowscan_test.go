package rowscan

import (
	"testing"

	"entgo.io/ent/dialect/sql"
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

	// Columns the entity does not know are kept by it: new targets each row.
	h, calls := Reuse(scan), 0
	extra := []string{"id", "extra"}
	x, _ := h(extra)
	y, _ := h(extra)
	if &x[1] == &y[1] || calls != 2 {
		t.Errorf("unknown columns: targets reused (%d scans)", calls)
	}
}
