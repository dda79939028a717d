package gap

import (
	"reflect"
	"slices"
	"testing"
)

// TestRank checks a fixture computed by hand with the default weights.
//
//	M.01: total gap 6 (2 below)                       measured 6
//	      inputs: CRITICAL FORUM 5×2=10, LOW EMPLOYEE 1×1=1   stakeholder 11  score 17
//	M.02: total gap 3 (3 below)                       measured 3
//	      inputs: HIGH SUPERVISOR 3×2=6, HIGH SUPERVISOR 6    stakeholder 12  score 15
//	T.01: total gap 4, from two unit summaries 1 + 3  measured 4
//	      inputs: MEDIUM SURVEY 2×1=2                         stakeholder 2   score 6
//	T.09: no measured gap                             measured 0
//	      inputs: MEDIUM GAP_ANALYSIS 2×1=2, LOW SURVEY 1     stakeholder 3   score 3
//	X.01: total gap 0, no input: score 0, left out
//	U.01: input with an unknown priority and source: 1×1      stakeholder 1   score 1
//	T.02: total gap 1 (measured 1), no input                                  score 1
//
// T.02 and U.01 tie at 1: T.02 first, its score is measured.
func TestRank(t *testing.T) {
	summaries := []Summary{
		{Competency: "M.01", Employees: 3, Below: 2, NotAssessed: 1, TotalGap: 6, AverageGap: 2},
		{Competency: "M.02", Employees: 4, Below: 3, TotalGap: 3, AverageGap: 0.75},
		{Competency: "T.01", Employees: 2, Below: 1, TotalGap: 1, AverageGap: 0.5},
		{Competency: "T.01", Employees: 2, Below: 2, NotAssessed: 1, TotalGap: 3, AverageGap: 1.5},
		{Competency: "X.01", Employees: 5},
		{Competency: "T.02", Employees: 1, Below: 1, TotalGap: 1, AverageGap: 1},
	}
	needs := []Need{
		{"M.01", PriorityCritical, NeedForum, 0},
		{"M.01", PriorityLow, NeedEmployee, 0},
		{"M.02", PriorityHigh, NeedSupervisor, 0},
		{"M.02", PriorityHigh, NeedSupervisor, 0},
		{"T.01", PriorityMedium, NeedSurvey, 0},
		{"T.09", PriorityMedium, NeedGapAnalysis, 0},
		{"T.09", PriorityLow, NeedSurvey, 0},
		{"U.01", "URGENT", "MINISTER", 0},
	}
	want := []Ranked{
		{Summary: summaries[0], Score: 17, Measured: 6, Stakeholder: 11, Inputs: 2},
		{Summary: summaries[1], Score: 15, Measured: 3, Stakeholder: 12, Inputs: 2},
		{Summary: Summary{Competency: "T.01", Employees: 4, Below: 3, NotAssessed: 1, TotalGap: 4, AverageGap: 1}, Score: 6, Measured: 4, Stakeholder: 2, Inputs: 1},
		{Summary: Summary{Competency: "T.09"}, Score: 3, Stakeholder: 3, Inputs: 2},
		{Summary: summaries[5], Score: 1, Measured: 1},
		{Summary: Summary{Competency: "U.01"}, Score: 1, Stakeholder: 1, Inputs: 1},
	}
	got := Rank(summaries, needs, DefaultWeights())
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Rank() =\n%+v\nwant\n%+v", got, want)
	}
	// Order independence.
	s2, n2 := slices.Clone(summaries), slices.Clone(needs)
	slices.Reverse(s2)
	slices.Reverse(n2)
	if again := Rank(s2, n2, DefaultWeights()); !reflect.DeepEqual(again, want) {
		t.Errorf("Rank() with reversed input =\n%+v\nwant\n%+v", again, want)
	}
}

func TestRankWeights(t *testing.T) {
	summaries := []Summary{
		{Competency: "a", Employees: 10, Below: 10, TotalGap: 10, AverageGap: 1},
	}
	needs := []Need{{"b", PriorityCritical, NeedForum, 0}}
	tests := []struct {
		name string
		w    Weights
		want []string
		// scores of the ranked competencies, in order
		scores []float64
	}{
		// A CRITICAL forum input weighs as much as ten employees one level
		// below: tie at 10, measured first.
		{"default weights tie", DefaultWeights(), []string{"a", "b"}, []float64{10, 10}},
		{"measured doubled", Weights{Measured: 2, Priority: DefaultWeights().Priority, Source: DefaultWeights().Source}, []string{"a", "b"}, []float64{20, 10}},
		{"measured ignored", Weights{Measured: 0, Priority: DefaultWeights().Priority, Source: DefaultWeights().Source}, []string{"b"}, []float64{10}},
		{"empty maps weigh 1", Weights{Measured: 0.5}, []string{"a", "b"}, []float64{5, 1}},
		{"zero forum weight", Weights{Measured: 1, Source: map[string]float64{NeedForum: 0}}, []string{"a"}, []float64{10}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var comps []string
			var scores []float64
			for _, r := range Rank(summaries, needs, tt.w) {
				comps = append(comps, r.Competency)
				scores = append(scores, r.Score)
			}
			if !slices.Equal(comps, tt.want) || !slices.Equal(scores, tt.scores) {
				t.Errorf("Rank() = %v %v, want %v %v", comps, scores, tt.want, tt.scores)
			}
		})
	}
}

func TestRankTieBreaks(t *testing.T) {
	// Equal scores and equal measured parts: more inputs first, then name.
	needs := []Need{
		{"c", PriorityLow, NeedEmployee, 0}, {"c", PriorityLow, NeedEmployee, 0}, // 2, 2 inputs
		{"b", PriorityMedium, NeedEmployee, 0}, // 2, 1 input
		{"a", PriorityMedium, NeedSurvey, 0},   // 2, 1 input
	}
	var got []string
	for _, r := range Rank(nil, needs, DefaultWeights()) {
		got = append(got, r.Competency)
	}
	if want := []string{"c", "a", "b"}; !slices.Equal(got, want) {
		t.Errorf("Rank() order = %v, want %v", got, want)
	}
	if got := Rank(nil, nil, DefaultWeights()); len(got) != 0 {
		t.Errorf("Rank(nil, nil) = %v, want empty", got)
	}
}

// TestPipeline runs Gaps, Summarize and Rank together on a small unit.
func TestPipeline(t *testing.T) {
	reqs := []Requirement{{"M.01", 3}, {"M.04", 3}}
	employees := [][]Rating{
		{{"M.01", 2, day(2, 1), SourceSupervisor}, {"M.04", 3, day(2, 1), SourceSupervisor}},
		{{"M.01", 3, day(2, 1), SourceSelf}, {"M.01", 1, day(2, 1), SourceAssessmentCenter}},
		{},
	}
	var gaps [][]Gap
	for _, r := range employees {
		gaps = append(gaps, Gaps(reqs, r))
	}
	// M.01: gaps 1, 2, 3 (never assessed): total 6, 3 below, average 2.
	// M.04: gaps 0, 3, 3: total 6, 2 below, average 2.
	sum := Summarize(gaps)
	wantSum := []Summary{
		{Competency: "M.01", Employees: 3, Below: 3, NotAssessed: 1, TotalGap: 6, AverageGap: 2},
		{Competency: "M.04", Employees: 3, Below: 2, NotAssessed: 2, TotalGap: 6, AverageGap: 2},
	}
	if !reflect.DeepEqual(sum, wantSum) {
		t.Fatalf("Summarize() = %+v, want %+v", sum, wantSum)
	}
	// One HIGH supervisor input on M.04 (6) puts it ahead: 12 against 6.
	ranked := Rank(sum, []Need{{"M.04", PriorityHigh, NeedSupervisor, 0}}, DefaultWeights())
	if len(ranked) != 2 || ranked[0].Competency != "M.04" || ranked[0].Score != 12 || ranked[1].Score != 6 {
		t.Errorf("Rank() = %+v", ranked)
	}
}

// TestRankForums: a need linked to a recorded forum weighs Weights.Forum
// times as much, and Forums counts the distinct forums.
func TestRankForums(t *testing.T) {
	needs := []Need{
		{"a", PriorityHigh, NeedForum, 7},     // 3 × 2 × 1.5 = 9
		{"a", PriorityHigh, NeedForum, 7},     // 9
		{"a", PriorityLow, NeedEmployee, 8},   // 1 × 1 × 1.5 = 1.5
		{"b", PriorityCritical, NeedForum, 0}, // 5 × 2 = 10, no record
		{"b", PriorityCritical, NeedForum, 0}, // 10
	}
	got := Rank(nil, needs, DefaultWeights())
	want := []Ranked{
		{Summary: Summary{Competency: "b"}, Score: 20, Stakeholder: 20, Inputs: 2},
		{Summary: Summary{Competency: "a"}, Score: 19.5, Stakeholder: 19.5, Inputs: 3, Forums: 2},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Rank() =\n%+v\nwant\n%+v", got, want)
	}
	// Without the forum weight the recorded forum counts as any input.
	w := DefaultWeights()
	w.Forum = 0
	if got := Rank(nil, needs[:1], w); got[0].Score != 6 {
		t.Errorf("score without forum weight = %g, want 6", got[0].Score)
	}
}
