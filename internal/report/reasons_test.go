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
	if got, want := tr.ReasonIndicators(), []int{7, 9}; !slices.Equal(got, want) {
		t.Errorf("ReasonIndicators() = %v, want %v", got, want)
	}
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
