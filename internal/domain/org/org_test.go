package org

import (
	"context"
	"errors"
	"testing"
)

// tree is a parent table: node -> parent (0: root).
type tree map[int]int

// up walks t, counting the steps.
func (t tree) up(steps *int) Parent {
	return func(_ context.Context, id int) (*int, error) {
		*steps++
		p, ok := t[id]
		if !ok {
			return nil, errors.New("unknown node")
		}
		if p == 0 {
			return nil, nil
		}
		return &p, nil
	}
}

func TestLoops(t *testing.T) {
	// 1 ─ 2 ─ 3 ─ 4 ─ 5, and 6 under 1; 7 ⇄ 8 is a stored loop.
	tr := tree{1: 0, 2: 1, 3: 2, 4: 3, 5: 4, 6: 1, 7: 8, 8: 7, 9: 0}
	tests := []struct {
		name       string
		id, parent int
		want       bool
	}{
		{"itself", 3, 3, true},
		{"its parent again", 4, 3, false},
		{"under its direct child", 4, 5, true},
		{"under a direct child", 1, 2, true},
		{"under a deep descendant", 1, 5, true},
		{"under a descendant, mid tree", 2, 5, true},
		{"under a sibling branch", 6, 5, false},
		{"under a root", 5, 1, false},
		{"under another tree", 1, 9, false},
		{"under a stored loop", 1, 7, false},
		{"into a stored loop", 7, 8, true},
	}
	for _, tt := range tests {
		steps := 0
		got, err := Loops(context.Background(), tt.id, tt.parent, tr.up(&steps))
		if err != nil || got != tt.want {
			t.Errorf("%s: Loops(%d, %d) = %v, %v; want %v", tt.name, tt.id, tt.parent, got, err, tt.want)
		}
		if steps > len(tr) {
			t.Errorf("%s: %d steps for %d nodes", tt.name, steps, len(tr))
		}
	}
}

func TestLoopsStops(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	steps := 0
	if _, err := Loops(ctx, 1, 5, tree{5: 4, 4: 3, 3: 0}.up(&steps)); !errors.Is(err, context.Canceled) || steps != 0 {
		t.Errorf("Loops with a done context = %v after %d steps", err, steps)
	}
	boom := errors.New("boom")
	_, err := Loops(context.Background(), 1, 5, func(context.Context, int) (*int, error) { return nil, boom })
	if !errors.Is(err, boom) {
		t.Errorf("Loops = %v, want the walk's error", err)
	}
}

func TestSameAgency(t *testing.T) {
	if err := SameAgency("the unit", "the employee", 3, 3); err != nil {
		t.Errorf("same agency: %v", err)
	}
	err := SameAgency("the parent unit", "the unit", 3, 4)
	if !errors.Is(err, ErrOtherAgency) || err.Error() != "the parent unit belongs to another agency than the unit" {
		t.Errorf("other agency: %v", err)
	}
}
