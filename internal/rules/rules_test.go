package rules

import (
	"testing"
	"time"
)

func TestEnv(t *testing.T) {
	var zero Env
	if zero.Importing() || zero.SkipAssessments || zero.Nominating {
		t.Error("the zero Env is not the workflow one")
	}
	if d := time.Since(zero.Time()); d < 0 || d > time.Minute {
		t.Errorf("the zero Env's clock is off by %s", d)
	}
	if n := zero.Nomination(); !n.Nominating || n.Importing() || zero.Nominating {
		t.Errorf("Nomination = %+v, want a nomination (and the receiver unchanged)", n)
	}
	if w := zero.WithoutAssessments(); !w.SkipAssessments || zero.SkipAssessments {
		t.Errorf("WithoutAssessments = %+v", w)
	}
	fixed := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	imp := Importer(func() time.Time { return fixed })
	if !imp.Importing() || !imp.Time().Equal(fixed) {
		t.Errorf("Importer = %+v, want an import at %s", imp, fixed)
	}
}

func TestMemo(t *testing.T) {
	var none *Memo
	none.Put(MemoKey{"exists", "units", 1}, 1)
	if _, ok := none.Get(MemoKey{"exists", "units", 1}); ok {
		t.Error("a nil memo remembered")
	}
	none.Reset()
	m := NewMemo()
	k := MemoKey{What: "agency", Table: "units", ID: 7}
	m.Put(k, 3)
	if v, ok := m.Get(k); !ok || v != 3 {
		t.Errorf("Get = %d, %v; want 3, true", v, ok)
	}
	if _, ok := m.Get(MemoKey{What: "agency", Table: "positions", ID: 7}); ok {
		t.Error("another table's row was remembered")
	}
	m.Reset()
	if _, ok := m.Get(k); ok {
		t.Error("remembered after Reset")
	}
}
