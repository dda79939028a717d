package access

import (
	"context"

	"entgo.io/ent/dialect/sql"

	"kembang/ent"
	"kembang/ent/agency"
	"kembang/ent/employee"
	"kembang/ent/forum"
	"kembang/ent/impactindicator"
	"kembang/ent/indicatormeasurement"
	"kembang/ent/predicate"
	"kembang/ent/program"
	"kembang/ent/programrevision"
	"kembang/internal/viewer"
)

// The records of the policy cycle (issue 20): forums, impact indicators
// and their measurements belong to an agency and are read like its
// training needs (its HR officers and approvers, and its own employees);
// program revisions are read by the HR officers and approvers of the
// program's organiser. HR officers of the agency write them all.

// ofAgency returns the scope of records of an agency, given the
// predicates that select them by agency ID and by the agency's rows.
func ofAgency[P ~func(*sql.Selector)](v viewer.Viewer, byID func(int) P, has func(...predicate.Agency) P) scope {
	switch {
	case readsAll(v):
		return everything
	case agencyWide(v):
		return only(byID(v.AgencyID))
	case personal(v):
		return only(has(agency.HasEmployeesWith(employee.ID(v.EmployeeID))))
	}
	return none
}

func forums(v viewer.Viewer) scope { return ofAgency(v, forum.AgencyID, forum.HasAgencyWith) }

func indicators(v viewer.Viewer) scope {
	return ofAgency(v, impactindicator.AgencyID, impactindicator.HasAgencyWith)
}

func measurements(v viewer.Viewer) scope {
	return ofAgency(v,
		func(a int) predicate.IndicatorMeasurement {
			return indicatormeasurement.HasIndicatorWith(impactindicator.AgencyID(a))
		},
		func(ps ...predicate.Agency) predicate.IndicatorMeasurement {
			return indicatormeasurement.HasIndicatorWith(impactindicator.HasAgencyWith(ps...))
		})
}

func revisions(v viewer.Viewer) scope {
	switch {
	case readsAll(v):
		return everything
	case agencyWide(v):
		return only(programrevision.HasProgramWith(program.AgencyID(v.AgencyID)))
	}
	return none
}

// Write rules of the policy cycle's records: HR officers of the agency.
var (
	WriteForum = byAgency("forums", func(ctx context.Context, m *ent.ForumMutation) ([]int, error) {
		return refs(ctx, m, m.AgencyID, func(f *ent.Forum) int { return f.AgencyID })
	})
	WriteImpactIndicator = byAgency("impact indicators", func(ctx context.Context, m *ent.ImpactIndicatorMutation) ([]int, error) {
		return refs(ctx, m, m.AgencyID, func(i *ent.ImpactIndicator) int { return i.AgencyID })
	})
	WriteIndicatorMeasurement = byAgency("indicator measurements", func(ctx context.Context, m *ent.IndicatorMeasurementMutation) ([]int, error) {
		ids, err := refs(ctx, m, m.IndicatorID, func(x *ent.IndicatorMeasurement) int { return x.IndicatorID })
		if err != nil {
			return nil, err
		}
		return through(ctx, m.Client(), ids, func(i *ent.ImpactIndicator) int { return i.AgencyID })
	})
	WriteProgramRevision = byAgency("program revisions", func(ctx context.Context, m *ent.ProgramRevisionMutation) ([]int, error) {
		ids, err := refs(ctx, m, m.ProgramID, func(r *ent.ProgramRevision) int { return r.ProgramID })
		if err != nil {
			return nil, err
		}
		return organisers(ctx, m.Client(), ids)
	})
)
