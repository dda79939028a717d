package report

import (
	"slices"
	"testing"
)

// TestReasonsFor holds the reasons a viewer reads to the indicators it
// reads: reasons naming no indicator always, the others only with theirs.
func TestReasonsFor(t *testing.T) {
	tr := &Training{}
	tr.addReason(0, "average reaction score %.1f is below %.0f", 60.0, ReactionThreshold)
	tr.addReason(7, "indicator %s did not improve", "IKM")
	tr.addReason(9, "indicator %s reached %g", "RAHASIA", 75.0)
	for _, tc := range []struct {
		name     string
		readable []int
		want     int // reasons
	}{
		{"all", []int{7, 9}, 3},
		{"one", []int{7}, 2},
		{"none", nil, 1},
	} {
		got := tr.ReasonsFor(func(id int) bool { return slices.Contains(tc.readable, id) })
		if len(got) != tc.want || got[0] != tr.RevisionReasons[0] {
			t.Errorf("%s: %q, want %d reasons starting with the reaction's", tc.name, got, tc.want)
		}
	}
	// Reasons set without their indicators (a report built by hand) name none.
	bare := &Training{RevisionReasons: []string{"x"}}
	if got := bare.ReasonsFor(func(int) bool { return false }); !slices.Equal(got, []string{"x"}) {
		t.Errorf("bare: %q", got)
	}
}

// TestReasonsNameChangedIndicators holds the invariant ReadableIndicators
// relies on: every reason that names an impact indicator names one of the
// report's indicator changes, so reading those changes' indicators
// decides every reason.
func TestReasonsNameChangedIndicators(t *testing.T) {
	code, dir := "IKM", "HIGHER_IS_BETTER"
	target, year := 90.0, 2025
	base, seven, nine := 70.0, 7, 9
	rows := []resultRow{
		{IndicatorID: &seven, Code: &code, Direction: &dir, Baseline: base, Result: 60, Target: &target, TargetYear: &year, Rank: 1},
		{IndicatorID: &nine, Code: &code, Direction: &dir, Baseline: base, Result: 80, Target: &target, TargetYear: &year, Rank: 2},
	}
	tr := &Training{}
	indicatorChanges(rows, year, tr)
	var changed []int
	for _, c := range tr.Indicators {
		changed = append(changed, c.IndicatorID)
	}
	if len(tr.RevisionReasons) == 0 {
		t.Fatal("no revision reasons: the fixture should make some")
	}
	for i, id := range tr.reasonIndicators {
		if id != 0 && !slices.Contains(changed, id) {
			t.Errorf("reason %q names indicator %d, not among the changes %v", tr.RevisionReasons[i], id, changed)
		}
	}
}
