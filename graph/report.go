package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"

	"kembang/ent"
	"kembang/ent/agency"
	"kembang/ent/employee"
	"kembang/ent/evaluation"
	"kembang/ent/session"
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
	// Each result is an evaluation: the report lists those the viewer
	// reads (a partner of a program with two partners reads the results
	// of its own sessions only), with their sessions, read as the viewer.
	evals, sids := make([]int, len(t.Results)), make([]int, len(t.Results))
	for i, x := range t.Results {
		evals[i], sids[i] = x.EvaluationID, x.SessionID
	}
	readable, err := r.evaluationsByID(ctx, evals)
	if err != nil {
		return nil, err
	}
	sessions, err := r.sessionsByID(ctx, sids)
	if err != nil {
		return nil, err
	}
	for _, x := range t.Results {
		s, ok := sessions[x.SessionID]
		if _, read := readable[x.EvaluationID]; !ok || !read {
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

// The loaders below read the entities a report names, in one statement
// each, as the viewer: a row the viewer may not read is missing from the
// map, and employees come masked as on any other path.

// agenciesByID loads the agencies of ids.
func (r *queryResolver) agenciesByID(ctx context.Context, ids []int) (map[int]*ent.Agency, error) {
	if len(ids) == 0 {
		return map[int]*ent.Agency{}, nil
	}
	as, err := r.client.Agency.Query().Where(agency.IDIn(ids...)).All(ctx)
	return indexByID(as, func(a *ent.Agency) int { return a.ID }), err
}

// employeesByID loads the employees of ids.
func (r *queryResolver) employeesByID(ctx context.Context, ids []int) (map[int]*ent.Employee, error) {
	if len(ids) == 0 {
		return map[int]*ent.Employee{}, nil
	}
	es, err := r.client.Employee.Query().Where(employee.IDIn(ids...)).All(ctx)
	return indexByID(es, func(e *ent.Employee) int { return e.ID }), err
}

// sessionsByID loads the sessions of ids.
func (r *queryResolver) sessionsByID(ctx context.Context, ids []int) (map[int]*ent.Session, error) {
	if len(ids) == 0 {
		return map[int]*ent.Session{}, nil
	}
	ss, err := r.client.Session.Query().Where(session.IDIn(ids...)).All(ctx)
	return indexByID(ss, func(s *ent.Session) int { return s.ID }), err
}

// evaluationsByID loads the evaluations of ids.
func (r *queryResolver) evaluationsByID(ctx context.Context, ids []int) (map[int]*ent.Evaluation, error) {
	if len(ids) == 0 {
		return map[int]*ent.Evaluation{}, nil
	}
	es, err := r.client.Evaluation.Query().Where(evaluation.IDIn(ids...)).All(ctx)
	return indexByID(es, func(e *ent.Evaluation) int { return e.ID }), err
}

// indexByID indexes rows by their ID.
func indexByID[T any](rows []T, id func(T) int) map[int]T {
	out := make(map[int]T, len(rows))
	for _, row := range rows {
		out[id(row)] = row
	}
	return out
}
