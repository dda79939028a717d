package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"

	"kembang/ent"
	"kembang/ent/agency"
	"kembang/ent/employee"
	"kembang/graph/model"
	"kembang/report"
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

// trainingReport maps a program or partner report.
func trainingReport(t *report.Training) *model.TrainingReport {
	out := &model.TrainingReport{
		Year:                   t.Year,
		Sessions:               t.Sessions,
		Enrollments:            t.Enrollments,
		Completed:              t.Completed,
		Failed:                 t.Failed,
		Withdrawn:              t.Withdrawn,
		CompletionRate:         t.CompletionRate,
		AverageReaction:        t.AverageReaction,
		AverageLearningGain:    t.AverageLearningGain,
		BehaviorSignedOffShare: t.BehaviorSignedOffShare,
		Results:                make([]*model.IndicatorDelta, 0, len(t.Results)),
		NeedsRevision:          t.NeedsRevision,
		RevisionReasons:        t.RevisionReasons,
	}
	for _, x := range t.Results {
		out.Results = append(out.Results, &model.IndicatorDelta{
			Indicator: x.Indicator,
			Session:   x.Session,
			Baseline:  x.Baseline,
			Result:    x.Result,
			Delta:     x.Delta,
		})
	}
	return out
}

// agenciesByID loads the agencies of ids in one statement.
func (r *queryResolver) agenciesByID(ctx context.Context, ids []int) (map[int]*ent.Agency, error) {
	out := map[int]*ent.Agency{}
	if len(ids) == 0 {
		return out, nil
	}
	as, err := r.client.Agency.Query().Where(agency.IDIn(ids...)).All(ctx)
	if err != nil {
		return nil, err
	}
	for _, a := range as {
		out[a.ID] = a
	}
	return out, nil
}

// employeesByID loads the employees of ids in one statement.
func (r *queryResolver) employeesByID(ctx context.Context, ids []int) (map[int]*ent.Employee, error) {
	out := map[int]*ent.Employee{}
	if len(ids) == 0 {
		return out, nil
	}
	es, err := r.client.Employee.Query().Where(employee.IDIn(ids...)).All(ctx)
	if err != nil {
		return nil, err
	}
	for _, e := range es {
		out[e.ID] = e
	}
	return out, nil
}
