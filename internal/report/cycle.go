package report

import (
	"cmp"
	"context"
	"slices"

	"kembang/ent"
	"kembang/ent/program"
	"kembang/ent/programrevision"
	"kembang/ent/session"
	"kembang/internal/domain/indicator"
)

// IndicatorChange is how an impact indicator a program names moved over
// the RESULTS evaluations of the program's sessions in the report's year
// that measured it: from the baseline of the earliest session to the
// result of the latest, against the indicator's target.
type IndicatorChange struct {
	IndicatorID int
	Code        string
	// Evaluations counts the RESULTS evaluations of the indicator.
	Evaluations      int
	Baseline, Result float64
	Change           float64 // Result - Baseline
	// Improved: the change goes the indicator's better way.
	Improved bool
	// Target and TargetYear are the indicator's; nil without a target.
	Target     *float64
	TargetYear *int
	// TargetMet: Result reaches Target (in the better direction); nil
	// without a target.
	TargetMet *bool
}

// indicatorChanges computes, into t, the changes of the impact indicators
// of the report's RESULTS evaluations (rows, by session start: those of
// resultsOf, each with the indicator it measures when the program names
// it), by indicator code and ID, and adds a revision reason for each
// indicator that did not improve or falls short of its target for year.
// An indicator the program names that no evaluation measured has no
// change. Indicators come in the order the database collates their codes
// (resultRow.Rank: ORDER BY code, id), whatever its locale.
func indicatorChanges(rows []resultRow, year int, t *Training) {
	type ind struct {
		IndicatorChange
		direction indicator.Direction
		rank      int
	}
	var inds []*ind
	byID := map[int]*ind{}
	for _, r := range rows {
		if r.IndicatorID == nil {
			continue
		}
		c, ok := byID[*r.IndicatorID]
		if !ok {
			c = &ind{
				IndicatorChange: IndicatorChange{IndicatorID: *r.IndicatorID, Code: *r.Code, Target: r.Target, TargetYear: r.TargetYear, Baseline: r.Baseline},
				direction:       indicator.Direction(*r.Direction),
				rank:            r.Rank,
			}
			byID[c.IndicatorID] = c
			inds = append(inds, c)
		}
		c.Result = r.Result
		c.Evaluations++
	}
	slices.SortFunc(inds, func(a, b *ind) int { return cmp.Compare(a.rank, b.rank) })
	for _, i := range inds {
		c, d := i.IndicatorChange, i.direction
		c.Change = c.Result - c.Baseline
		c.Improved = indicator.Improved(d, c.Baseline, c.Result)
		if !c.Improved {
			t.addReason(c.IndicatorID, "indicator %s did not improve: %g before, %g after", c.Code, c.Baseline, c.Result)
		}
		if c.Target != nil {
			met := indicator.Meets(d, c.Result, *c.Target)
			c.TargetMet = &met
			if !met && c.TargetYear != nil && *c.TargetYear == year {
				t.addReason(c.IndicatorID, "indicator %s reached %g, short of its %d target %g", c.Code, c.Result, year, *c.Target)
			}
		}
		t.Indicators = append(t.Indicators, c)
	}
	t.NeedsRevision = len(t.RevisionReasons) > 0
}

// AwaitingRevision returns the IDs of the programs agencyID organises
// that the program report of year flags for revision (NeedsRevision) and
// that have no ProgramRevision for that year yet, in ID order.
func AwaitingRevision(ctx context.Context, client *ent.Client, agencyID, year int) ([]int, error) {
	ctx = aggregate(ctx)
	if err := CheckYear(year); err != nil {
		return nil, err
	}
	from, to := YearRange(year)
	ids, err := client.Program.Query().
		Where(
			program.AgencyID(agencyID),
			program.HasSessionsWith(session.StartsAtGTE(from), session.StartsAtLT(to)),
		).
		IDs(ctx)
	if err != nil {
		return nil, wrap("programs awaiting revision", err)
	}
	decided, err := client.ProgramRevision.Query().
		Where(programrevision.Year(year), programrevision.ProgramIDIn(ids...)).
		Select(programrevision.FieldProgramID).
		Ints(ctx)
	if err != nil {
		return nil, wrap("programs awaiting revision", err)
	}
	out := []int{}
	for _, id := range ids {
		if slices.Contains(decided, id) {
			continue
		}
		t, err := ProgramReport(ctx, client, id, year)
		if err != nil {
			return nil, err
		}
		if t.NeedsRevision {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return out, nil
}
