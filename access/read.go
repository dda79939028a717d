package access

import (
	"context"

	"entgo.io/ent/dialect/sql"

	"kembang/ent"
	"kembang/ent/agency"
	"kembang/ent/apikey"
	"kembang/ent/assessment"
	"kembang/ent/developmentplan"
	"kembang/ent/employee"
	"kembang/ent/enrollment"
	"kembang/ent/evaluation"
	"kembang/ent/intercept"
	"kembang/ent/learningclaim"
	"kembang/ent/planitem"
	"kembang/ent/predicate"
	"kembang/ent/privacy"
	"kembang/ent/session"
	"kembang/ent/trainingneed"
	"kembang/viewer"
)

// A scope is what a viewer may read of one entity: every row (all), the
// rows matching where, or nothing (neither).
type scope struct {
	all   bool
	where func(*sql.Selector)
}

var (
	everything = scope{all: true}
	none       = scope{where: nothing}
)

// only returns the scope of the rows matching p.
func only[P ~func(*sql.Selector)](p P) scope { return scope{where: p} }

// readRule returns the query rule of entity typ: it narrows every query
// to what scopeOf allows the viewer. Anonymous viewers are refused with
// an error unless the entity is in the open public catalogue.
func readRule(typ string, catalogue bool, scopeOf func(viewer.Viewer) scope) privacy.QueryRule {
	return privacy.QueryRuleFunc(func(ctx context.Context, q ent.Query) error {
		v, err := viewerOf(ctx)
		if err != nil {
			return err
		}
		var s scope
		switch {
		case v.Anonymous() && catalogue && catalogueOpen(ctx):
			s = everything
		case v.Anonymous():
			return forbidden(v, "read %s", typ)
		default:
			s = scopeOf(v)
		}
		if s.all {
			return privacy.Allow
		}
		where := s.where
		if where == nil {
			where = nothing
		}
		iq, err := intercept.NewQuery(q)
		if err != nil {
			return err
		}
		iq.WhereP(where)
		return privacy.Allow
	})
}

// Read rules of each entity, by the table in the package documentation.
var (
	// ReadCatalogue is the rule of the public catalogue: competencies and
	// their levels, programs and their targets, sessions, partners.
	ReadCatalogue = func(typ string) privacy.QueryRule {
		return readRule(typ, true, func(viewer.Viewer) scope { return everything })
	}
	// ReadAgency is the rule of agencies: everyone signed in, and the
	// public catalogue (programs name their organiser).
	ReadAgency = readRule("agencies", true, func(viewer.Viewer) scope { return everything })
	// ReadOrganisation is the rule of units, positions and position
	// standards: everyone signed in but partners.
	ReadOrganisation = func(typ string) privacy.QueryRule {
		return readRule(typ, false, func(v viewer.Viewer) scope {
			if v.Is(viewer.Partner) {
				return none
			}
			return everything
		})
	}
	ReadEmployee      = readRule("employees", false, employees)
	ReadEnrollment    = readRule("enrollments", false, enrollments)
	ReadEvaluation    = readRule("evaluations", false, evaluations)
	ReadAssessment    = readRule("assessments", false, assessments)
	ReadLearningClaim = readRule("learning claims", false, claims)
	ReadTrainingNeed  = readRule("training needs", false, needs)
	ReadPlan          = readRule("development plans", false, plans)
	ReadPlanItem      = readRule("plan items", false, planItems)
	ReadAPIKey        = readRule("API keys", false, apiKeys)
	ReadAuditRecord   = readRule("audit records", false, func(v viewer.Viewer) scope {
		if v.Is(viewer.Admin) {
			return everything
		}
		return none
	})
)

// readsAll reports whether v reads every row of the personnel tables.
func readsAll(v viewer.Viewer) bool { return v.Is(viewer.Admin, viewer.Analyst) }

// agencyWide reports whether v reads the personnel records of its agency.
func agencyWide(v viewer.Viewer) bool { return v.Is(viewer.HROfficer, viewer.Approver) }

// personal reports whether v reads its own records (and, as a
// supervisor, those of its direct reports).
func personal(v viewer.Viewer) bool {
	return v.Is(viewer.Supervisor, viewer.Employee) && v.EmployeeID != 0
}

// people returns the employees whose records v reads as a person: self,
// and direct reports for a supervisor.
func people(v viewer.Viewer) predicate.Employee {
	if v.Is(viewer.Supervisor) {
		return employee.Or(employee.ID(v.EmployeeID), employee.SupervisorID(v.EmployeeID))
	}
	return employee.ID(v.EmployeeID)
}

func employees(v viewer.Viewer) scope {
	switch {
	case readsAll(v):
		return everything
	case agencyWide(v):
		return only(employee.AgencyID(v.AgencyID))
	case personal(v):
		return only(people(v))
	case v.Is(viewer.Partner):
		return only(employee.HasEnrollmentsWith(enrollment.HasSessionWith(session.PartnerID(v.PartnerID))))
	}
	return none
}

// ofEmployees returns the scope of records that belong to an employee,
// given the predicate that selects by employee.
func ofEmployees[P ~func(*sql.Selector)](v viewer.Viewer, has func(...predicate.Employee) P) scope {
	switch {
	case readsAll(v):
		return everything
	case agencyWide(v):
		return only(has(employee.AgencyID(v.AgencyID)))
	case personal(v):
		return only(has(people(v)))
	}
	return none
}

func enrollments(v viewer.Viewer) scope {
	if v.Is(viewer.Partner) {
		return only(enrollment.HasSessionWith(session.PartnerID(v.PartnerID)))
	}
	return ofEmployees(v, enrollment.HasEmployeeWith)
}

func assessments(v viewer.Viewer) scope { return ofEmployees(v, assessment.HasEmployeeWith) }

func claims(v viewer.Viewer) scope { return ofEmployees(v, learningclaim.HasEmployeeWith) }

func evaluations(v viewer.Viewer) scope {
	switch {
	case readsAll(v):
		return everything
	case v.Is(viewer.Partner):
		mine := session.PartnerID(v.PartnerID)
		return only(evaluation.Or(
			evaluation.HasEnrollmentWith(enrollment.HasSessionWith(mine)),
			evaluation.HasSessionWith(mine),
		))
	case agencyWide(v):
		// Results evaluations (level 4) are of a session, not of a person.
		return only(evaluation.Or(
			evaluation.HasEnrollmentWith(enrollment.HasEmployeeWith(employee.AgencyID(v.AgencyID))),
			evaluation.EnrollmentIDIsNil(),
		))
	case personal(v):
		return only(evaluation.HasEnrollmentWith(enrollment.HasEmployeeWith(people(v))))
	}
	return none
}

func needs(v viewer.Viewer) scope {
	switch {
	case readsAll(v):
		return everything
	case agencyWide(v):
		return only(trainingneed.AgencyID(v.AgencyID))
	case personal(v):
		return only(trainingneed.HasAgencyWith(agency.HasEmployeesWith(employee.ID(v.EmployeeID))))
	}
	return none
}

func plans(v viewer.Viewer) scope {
	switch {
	case readsAll(v):
		return everything
	case agencyWide(v):
		return only(developmentplan.AgencyID(v.AgencyID))
	}
	return none
}

func planItems(v viewer.Viewer) scope {
	switch {
	case readsAll(v):
		return everything
	case agencyWide(v):
		return only(planitem.HasPlanWith(developmentplan.AgencyID(v.AgencyID)))
	}
	return none
}

func apiKeys(v viewer.Viewer) scope {
	switch {
	case v.Is(viewer.Admin):
		return everything
	case v.Is(viewer.Partner):
		return only(apikey.PartnerID(v.PartnerID))
	}
	return none
}
