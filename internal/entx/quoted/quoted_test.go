package quoted

import (
	"slices"
	"testing"

	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"
)

// TestOf checks that Of returns, for every dialect, the strings ent's
// builder writes for the columns (so a statement is byte for byte ent's),
// for the table's own Columns, a subset in another order and a foreign key
// given apart, and the columns themselves for an unknown column or dialect.
func TestOf(t *testing.T) {
	columns := []string{"id", "full_name", "unit_id"}
	tab := New("employees", columns, "owner_employees")
	for _, d := range []string{dialect.Postgres, dialect.SQLite, dialect.MySQL} {
		ent := func(cs ...string) []string { return sql.Dialect(d).Table("employees").Columns(cs...) }
		got := tab.Of(d, columns)
		if want := ent(columns...); !slices.Equal(got, want) {
			t.Errorf("%s: Of(Columns) = %q, want %q", d, got, want)
		}
		if cap(got) != len(got) {
			t.Errorf("%s: Of(Columns) has capacity %d for %d columns: an append would write into the shared list", d, cap(got), len(got))
		}
		sub := []string{"unit_id", "id", "owner_employees"}
		if got, want := tab.Of(d, sub), ent(sub...); !slices.Equal(got, want) {
			t.Errorf("%s: Of(%q) = %q, want %q", d, sub, got, want)
		}
		// The builder passes its own strings through Selector.C unchanged.
		s := sql.Dialect(d).Select().From(sql.Dialect(d).Table("employees"))
		if got, want := s.Columns(tab.Of(d, columns)...), ent(columns...); !slices.Equal(got, want) {
			t.Errorf("%s: Selector.Columns of quoted columns = %q, want %q", d, got, want)
		}
		unknown := []string{"id", "nope"}
		if got := tab.Of(d, unknown); !slices.Equal(got, unknown) {
			t.Errorf("%s: Of(%q) = %q, want the columns unchanged", d, unknown, got)
		}
	}
	if got := tab.Of("gremlin", columns); !slices.Equal(got, columns) {
		t.Errorf("Of(gremlin) = %q, want the columns unchanged", got)
	}
	if got := tab.Of(dialect.Postgres, nil); got != nil {
		t.Errorf("Of(nil) = %q, want nil", got)
	}
}

// TestOfAllocations checks that the table's own Columns cost no
// allocation, and a subset one (its slice).
func TestOfAllocations(t *testing.T) {
	columns := []string{"id", "full_name", "unit_id"}
	tab := New("employees", columns)
	if n := testing.AllocsPerRun(100, func() { tab.Of(dialect.Postgres, columns) }); n != 0 {
		t.Errorf("Of(Columns): %v allocations, want 0", n)
	}
	sub := []string{"id", "unit_id"}
	if n := testing.AllocsPerRun(100, func() { tab.Of(dialect.Postgres, sub) }); n != 1 {
		t.Errorf("Of(subset): %v allocations, want 1", n)
	}
}
