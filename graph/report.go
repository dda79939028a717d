package graph

import (
	"context"
	"slices"

	"github.com/99designs/gqlgen/graphql"

	"kembang/ent"
	"kembang/ent/evaluation"
	"kembang/graph/model"
	"kembang/internal/report"
)

// The report resolvers (report.resolvers.go) call package report, which
// computes every figure in the database, and map its plain structs to the
// GraphQL models. This file holds their helpers.

// selected reports whether the field at path (aliases or names, from the
// field being resolved) is part of the query.
func selected(ctx context.Context, path ...string) bool {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil {
		return true
	}
	oc := graphql.GetOperationContext(ctx)
	fields := graphql.CollectFields(oc, fc.Field.Selections, nil)
	for i, name := range path {
		var next []graphql.CollectedField
		for _, f := range fields {
			if f.Name == name {
				if i == len(path)-1 {
					return true
				}
				next = append(next, graphql.CollectFields(oc, f.Selections, nil)...)
			}
		}
		fields = next
	}
	return false
}

// trainingReport maps a program or partner report, with the sessions of
// its results read as the viewer.
func (r *queryResolver) trainingReport(ctx context.Context, t *report.Training) (*model.TrainingReport, error) {
	out := &model.TrainingReport{
		Year:                        t.Year,
		Sessions:                    t.Sessions,
		Enrollments:                 t.Enrollments,
		Completed:                   t.Completed,
		Failed:                      t.Failed,
		Withdrawn:                   t.Withdrawn,
		CompletionRate:              t.CompletionRate,
		AverageReaction:             t.AverageReaction,
		AverageLearningGain:         t.AverageLearningGain,
		BehaviorSignedOffShare:      t.BehaviorSignedOffShare,
		ChangeProjects:              t.ChangeProjects,
		ChangeProjectsAccepted:      t.ChangeProjectsAccepted,
		ChangeProjectAcceptanceRate: t.ChangeProjectAcceptanceRate,
		Results:                     make([]*model.IndicatorDelta, 0, len(t.Results)),
		NeedsRevision:               t.NeedsRevision,
		Indicators:                  make([]*model.IndicatorChange, 0, len(t.Indicators)),
	}
	// Each result is an evaluation: the report lists those the viewer
	// reads (a partner of a program with two partners reads the results
	// of its own sessions only) whose session the viewer reads too, with
	// that session: one statement, the session joined (its privacy rules
	// with it: internal/entx/tojoin).
	readable := map[int]*ent.Session{} // by evaluation ID
	if len(t.Results) > 0 && selected(ctx, "results") {
		ids := make([]int, len(t.Results))
		for i, x := range t.Results {
			ids[i] = x.EvaluationID
		}
		evals, err := loadByID(ctx, r.client.Evaluation.Query().WithSession(), evaluation.IDIn, func(e *ent.Evaluation) int { return e.ID }, ids)
		if err != nil {
			return nil, err
		}
		for id, e := range evals {
			if e.Edges.Session != nil {
				readable[id] = e.Edges.Session
			}
		}
	}
	if err := r.indicatorChanges(ctx, t, out); err != nil {
		return nil, err
	}
	for _, x := range t.Results {
		s, ok := readable[x.EvaluationID]
		if !ok {
			continue
		}
		out.Results = append(out.Results, &model.IndicatorDelta{
			Indicator: x.Indicator,
			Session:   s,
			Baseline:  x.Baseline,
			Result:    x.Result,
			Delta:     x.Delta,
		})
	}
	return out, nil
}

// indicatorChanges maps the report's indicator changes and revision
// reasons into out, with the indicators read as the viewer, in one
// statement for both (report.Training.IndicatorsQuery): an indicator
// the viewer may not read (a partner reads no agency's indicators) is
// left out of the indicators, and the reasons that name it are left out
// of the reasons.
func (r *queryResolver) indicatorChanges(ctx context.Context, t *report.Training, out *model.TrainingReport) error {
	changes := selected(ctx, "indicators")
	if !changes && !selected(ctx, "revisionReasons") {
		return nil
	}
	inds := make(map[int]*ent.ImpactIndicator, len(t.Indicators))
	if len(t.Indicators) > 0 {
		rows, err := t.IndicatorsQuery(r.client).All(ctx)
		if err != nil {
			return err
		}
		for _, ind := range rows {
			inds[ind.ID] = ind
		}
	}
	out.RevisionReasons = t.ReasonsFor(func(id int) bool { return inds[id] != nil })
	if !changes {
		return nil
	}
	for _, c := range t.Indicators {
		ind, ok := inds[c.IndicatorID]
		if !ok {
			continue
		}
		out.Indicators = append(out.Indicators, &model.IndicatorChange{
			Indicator:   ind,
			Evaluations: c.Evaluations,
			Baseline:    c.Baseline,
			Result:      c.Result,
			Change:      c.Change,
			Improved:    c.Improved,
			Target:      c.Target,
			TargetYear:  c.TargetYear,
			TargetMet:   c.TargetMet,
		})
	}
	return nil
}

// byIDQuery is an ent query (*ent.AgencyQuery, ...) that loadByID runs:
// Q is the query, P its predicate and T its entity.
type byIDQuery[Q, P, T any] interface {
	Where(...P) Q
	All(context.Context) ([]T, error)
}

// loadByID loads the entities of ids (repeats allowed) in one statement,
// through q filtered by in (the entity's IDIn), and indexes them by id.
// The report resolvers call it with the viewer's client: a row the viewer
// may not read is missing from the map, and employees come masked as on
// any other path.
func loadByID[Q byIDQuery[Q, P, T], P, T any](ctx context.Context, q Q, in func(...int) P, id func(T) int, ids []int) (map[int]T, error) {
	out := make(map[int]T, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	ids = slices.Clone(ids)
	slices.Sort(ids)
	rows, err := q.Where(in(slices.Compact(ids)...)).All(ctx)
	if err != nil {
		return nil, err
	}
	for _, row := range rows {
		out[id(row)] = row
	}
	return out, nil
}
