package report_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"kembang/ent"
	"kembang/internal/report"
)

// TestSubtree checks the walk of a unit tree: each unit once, even when
// the parent links hold a cycle (which the storage rules refuse, but data
// written around them could hold), and an end when the request ends.
func TestSubtree(t *testing.T) {
	p := func(id int) *int { return &id }
	units := []*ent.Unit{
		{ID: 1}, {ID: 2, ParentID: p(1)}, {ID: 3, ParentID: p(2)}, {ID: 4, ParentID: p(1)},
		// A cycle: 5 → 6 → 7 → 5, with 8 below 6.
		{ID: 5, ParentID: p(7)}, {ID: 6, ParentID: p(5)}, {ID: 7, ParentID: p(6)}, {ID: 8, ParentID: p(6)},
		// A unit that is its own parent.
		{ID: 9, ParentID: p(9)},
	}
	ctx := context.Background()
	for _, tt := range []struct {
		root int
		want []int
	}{
		{1, []int{1, 2, 3, 4}},
		{2, []int{2, 3}},
		{5, []int{5, 6, 7, 8}},
		{7, []int{5, 6, 7, 8}},
		{9, []int{9}},
		{10, nil},
	} {
		got, err := report.Subtree(ctx, units, tt.root)
		slices.Sort(got)
		if err != nil || !slices.Equal(got, tt.want) {
			t.Errorf("Subtree(%d) = %v, %v; want %v", tt.root, got, err, tt.want)
		}
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := report.Subtree(cancelled, units, 1); !errors.Is(err, context.Canceled) {
		t.Errorf("Subtree after the request ended: %v, want context.Canceled", err)
	}
}
