package report

import (
	"context"
	"fmt"
	"slices"

	"kembang/ent"
	"kembang/ent/evaluation"
	"kembang/ent/impactindicator"
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

// indicatorChanges computes the changes of the impact indicators that
// programID names, from the RESULTS evaluations of the sessions (which)
// starting in year, and adds a revision reason for each indicator that
// did not improve or falls short of its target for that year.
func indicatorChanges(ctx context.Context, client *ent.Client, programID, year int, t *Training) error {
	from, to := YearRange(year)
	inds, err := client.ImpactIndicator.Query().
		Where(impactindicator.HasProgramsWith(program.ID(programID))).
		Order(impactindicator.ByCode(), impactindicator.ByID()).
		All(ctx)
	if err != nil || len(inds) == 0 {
		return err
	}
	ids := make([]int, len(inds))
	for i, ind := range inds {
		ids[i] = ind.ID
	}
	evals, err := client.Evaluation.Query().
		Where(
			evaluation.LevelEQ(evaluation.LevelRESULTS),
			evaluation.ImpactIndicatorIDIn(ids...),
			evaluation.HasSessionWith(session.ProgramID(programID), session.StartsAtGTE(from), session.StartsAtLT(to)),
			evaluation.BaselineNotNil(),
			evaluation.ResultNotNil(),
		).
		Order(evaluation.BySessionField(session.FieldStartsAt), evaluation.ByID()).
		All(ctx)
	if err != nil {
		return err
	}
	for _, ind := range inds {
		c := IndicatorChange{IndicatorID: ind.ID, Code: ind.Code, Target: ind.Target, TargetYear: ind.TargetYear}
		for _, e := range evals {
			if e.ImpactIndicatorID == nil || *e.ImpactIndicatorID != ind.ID {
				continue
			}
			if c.Evaluations == 0 {
				c.Baseline = *e.Baseline
			}
			c.Result = *e.Result
			c.Evaluations++
		}
		if c.Evaluations == 0 {
			continue
		}
		d := indicator.Direction(ind.Direction)
		c.Change = c.Result - c.Baseline
		c.Improved = indicator.Improved(d, c.Baseline, c.Result)
		if !c.Improved {
			t.RevisionReasons = append(t.RevisionReasons,
				fmt.Sprintf("indicator %s did not improve: %g before, %g after", ind.Code, c.Baseline, c.Result))
		}
		if c.Target != nil {
			met := indicator.Meets(d, c.Result, *c.Target)
			c.TargetMet = &met
			if !met && c.TargetYear != nil && *c.TargetYear == year {
				t.RevisionReasons = append(t.RevisionReasons,
					fmt.Sprintf("indicator %s reached %g, short of its %d target %g", ind.Code, c.Result, year, *c.Target))
			}
		}
		t.Indicators = append(t.Indicators, c)
	}
	t.NeedsRevision = len(t.RevisionReasons) > 0
	return nil
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
