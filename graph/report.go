package graph

import (
	"context"
	"reflect"
	"slices"

	"entgo.io/contrib/entgql"
	"github.com/99designs/gqlgen/graphql"

	"kembang/ent"
	"kembang/ent/agency"
	"kembang/ent/employee"
	"kembang/fault"
	"kembang/graph/model"
	"kembang/report"
)

// The report resolvers (report.resolvers.go) call package report, which
// computes every figure in the database, and map its plain structs to the
// GraphQL models. This file holds their helpers.

// belowTargetField is the ComplianceReport field listing the employees
// below target.
const belowTargetField = "employeesBelowTarget"

// employeesBelowTarget resolves ComplianceReport.employeesBelowTarget
// from within complianceReport. The field is bound to a struct field of
// the model, so no resolver receives its arguments: they are read here
// from the selection, and the connection is paged with a field context of
// its own, so that ent's Paginate sees which of totalCount, pageInfo and
// edges were asked for. It returns nil when the field is not selected.
// Selecting the field more than once (with aliases) is accepted only with
// the same arguments: all aliases show the same connection.
//
// Once gqlgen.yml marks the field with resolver: true, a generated field
// resolver can call this with its arguments instead.
func (r *queryResolver) employeesBelowTarget(ctx context.Context, agencyID int, unitID *int, year int) (*ent.EmployeeConnection, error) {
	oc := graphql.GetOperationContext(ctx)
	var (
		field *graphql.CollectedField
		args  map[string]any
	)
	for _, f := range graphql.CollectFieldsCtx(ctx, []string{"ComplianceReport"}) {
		if f.Name != belowTargetField {
			continue
		}
		a := f.ArgumentMap(oc.Variables)
		if field == nil {
			field, args = &f, a
			continue
		}
		if !reflect.DeepEqual(a, args) {
			return nil, fault.Inputf(belowTargetField, "%s may be selected more than once only with the same arguments", belowTargetField)
		}
		// Both aliases show the same connection: page it for the union
		// of their selections.
		field.Selections = append(slices.Clip(field.Selections), f.Selections...)
	}
	if field == nil {
		return nil, nil
	}
	after, err := cursorArg(args, "after")
	if err != nil {
		return nil, err
	}
	before, err := cursorArg(args, "before")
	if err != nil {
		return nil, err
	}
	first, last := intArg(args, "first"), intArg(args, "last")
	fctx := graphql.WithFieldContext(ctx, &graphql.FieldContext{
		Object: "ComplianceReport",
		Field:  *field,
		Args:   args,
	})
	byName := ent.WithEmployeeOrder([]*ent.EmployeeOrder{{Field: ent.EmployeeOrderFieldFullName, Direction: entgql.OrderDirectionAsc}})
	return report.BelowTargetQuery(r.client, agencyID, unitID, year, r.targets).
		Paginate(fctx, after, first, before, last, byName)
}

// cursorArg decodes the cursor argument name of args, if given.
func cursorArg(args map[string]any, name string) (*ent.Cursor, error) {
	v, ok := args[name]
	if !ok || v == nil {
		return nil, nil
	}
	var c ent.Cursor
	if err := c.UnmarshalGQL(v); err != nil {
		return nil, fault.Inputf(name, "invalid cursor")
	}
	return &c, nil
}

// intArg returns the Int argument name of args, if given. The Paging
// extension has already checked its range.
func intArg(args map[string]any, name string) *int {
	n, ok := toInt(args[name])
	if !ok {
		return nil
	}
	v := int(n)
	return &v
}

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
