package gap

import (
	"cmp"
	"slices"
)

// Priorities of a stakeholder input, as the API's TrainingNeedPriority.
const (
	PriorityLow      = "LOW"
	PriorityMedium   = "MEDIUM"
	PriorityHigh     = "HIGH"
	PriorityCritical = "CRITICAL"
)

// Sources of a stakeholder input, as the API's TrainingNeedSource.
const (
	NeedEmployee    = "EMPLOYEE"
	NeedSupervisor  = "SUPERVISOR"
	NeedForum       = "FORUM"
	NeedSurvey      = "SURVEY"
	NeedGapAnalysis = "GAP_ANALYSIS"
)

// Need is a stakeholder input to the needs analysis: someone asks that a
// competency be developed.
type Need struct {
	Competency string
	Priority   string // one of the Priority constants
	Source     string // one of the Need constants
	// Forum identifies the recorded forum that raised the need (0: none,
	// or not recorded).
	Forum int
}

// Weights set how [Rank] scores a competency:
//
//	score = Measured × total gap
//	      + Σ over inputs of Priority[input priority] × Source[input source]
//	                        × (Forum if the input was raised at a recorded forum, else 1)
//
// where the total gap is the sum of the gaps, in levels, of the employees
// below standard: their number times their average gap. A priority or
// source missing from the maps weighs 1, and so does a Forum of 0.
type Weights struct {
	Measured float64
	Priority map[string]float64
	Source   map[string]float64
	Forum    float64
}

// DefaultWeights returns the weights Kembang uses:
//
//   - Measured 1: each level of gap of each employee counts 1.
//
//   - Priority: LOW 1, MEDIUM 2, HIGH 3, CRITICAL 5.
//
//   - Source: SUPERVISOR 2 and FORUM 2 (a supervisor knows the job's
//     demands; a forum is the collective voice of several stakeholders);
//     EMPLOYEE 1 and SURVEY 1 (one voice each); GAP_ANALYSIS 1 (measured
//     gaps already count through the first term, so a recorded gap
//     analysis adds only one voice and is not counted twice at full
//     weight).
//
//   - Forum 1.5: a need linked to a recorded forum (TrainingNeed.forum)
//     weighs half as much again as one that only says where it came
//     from: the forum's record (its stakeholder groups, participants and
//     minutes) documents the collective voice.
//
// So a CRITICAL need raised at a forum scores 10, as much as ten employees
// one level below standard, or five employees two levels below; 15 when
// the forum is recorded.
func DefaultWeights() Weights {
	return Weights{
		Measured: 1,
		Priority: map[string]float64{
			PriorityLow:      1,
			PriorityMedium:   2,
			PriorityHigh:     3,
			PriorityCritical: 5,
		},
		Source: map[string]float64{
			NeedEmployee:    1,
			NeedSupervisor:  2,
			NeedForum:       2,
			NeedSurvey:      1,
			NeedGapAnalysis: 1,
		},
		Forum: 1.5,
	}
}

// weight returns m[k], or 1 when k is missing.
func weight(m map[string]float64, k string) float64 {
	if w, ok := m[k]; ok {
		return w
	}
	return 1
}

// Ranked is a competency in the training-needs ranking, with the parts of
// its score. The embedded [Summary] names the competency and holds its
// measured gaps (zero counts when it has none, only inputs).
type Ranked struct {
	Summary
	Score       float64 // Measured + Stakeholder
	Measured    float64 // Weights.Measured × TotalGap
	Stakeholder float64 // weighted stakeholder inputs
	Inputs      int     // number of stakeholder inputs
	Forums      int     // number of distinct recorded forums among them
}

// Rank ranks competencies by training need, combining measured gaps
// (summaries, as [Summarize] returns them) and stakeholder inputs (needs)
// into a score ([Weights]). Summaries of the same competency, e.g. one per
// unit, are merged. Competencies scoring 0 or less (nobody below standard
// and no input) are left out.
//
// The ranking is sorted by score descending, then measured part
// descending (evidence before opinion), then number of inputs descending,
// then competency; it does not depend on the order of the arguments.
func Rank(summaries []Summary, needs []Need, w Weights) []Ranked {
	type bucket struct {
		priority, source string
		forum            bool
	}
	type acc struct {
		summary Summary
		inputs  map[bucket]int
		n       int
		forums  map[int]bool
	}
	byComp := make(map[string]*acc)
	get := func(comp string) *acc {
		a, ok := byComp[comp]
		if !ok {
			a = &acc{summary: Summary{Competency: comp}, inputs: make(map[bucket]int), forums: make(map[int]bool)}
			byComp[comp] = a
		}
		return a
	}
	for _, s := range summaries {
		get(s.Competency).summary.merge(s)
	}
	for _, n := range needs {
		a := get(n.Competency)
		a.inputs[bucket{n.Priority, n.Source, n.Forum != 0}]++
		a.n++
		if n.Forum != 0 {
			a.forums[n.Forum] = true
		}
	}

	out := make([]Ranked, 0, len(byComp))
	for _, a := range byComp {
		a.summary.average()
		r := Ranked{
			Summary:  a.summary,
			Measured: w.Measured * float64(a.summary.TotalGap),
			Inputs:   a.n,
			Forums:   len(a.forums),
		}
		// Sum in a fixed order so that the score, a float, does not
		// depend on the order of the inputs.
		keys := make([]bucket, 0, len(a.inputs))
		for k := range a.inputs {
			keys = append(keys, k)
		}
		slices.SortFunc(keys, func(x, y bucket) int {
			return cmp.Or(cmp.Compare(x.priority, y.priority), cmp.Compare(x.source, y.source), compareBool(x.forum, y.forum))
		})
		for _, k := range keys {
			f := 1.0
			if k.forum && w.Forum != 0 {
				f = w.Forum
			}
			r.Stakeholder += float64(a.inputs[k]) * weight(w.Priority, k.priority) * weight(w.Source, k.source) * f
		}
		r.Score = r.Measured + r.Stakeholder
		if r.Score > 0 {
			out = append(out, r)
		}
	}
	slices.SortFunc(out, func(a, b Ranked) int {
		return cmp.Or(
			cmp.Compare(b.Score, a.Score),
			cmp.Compare(b.Measured, a.Measured),
			cmp.Compare(b.Inputs, a.Inputs),
			cmp.Compare(a.Competency, b.Competency),
		)
	})
	return out
}

// compareBool orders false before true.
func compareBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case !a:
		return -1
	}
	return 1
}
