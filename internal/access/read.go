package access

import (
	"context"

	"entgo.io/ent/dialect/sql"

	"kembang/ent"
	"kembang/ent/agency"
	"kembang/ent/apikey"
	"kembang/ent/assessment"
	"kembang/ent/certification"
	"kembang/ent/changeproject"
	"kembang/ent/developmentplan"
	"kembang/ent/educationrecord"
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
	"kembang/internal/viewer"
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

// A readPolicy is what the read rule of one entity needs: its name in
// refusals (plural), whether it belongs to the public catalogue that
// anonymous viewers may read when the server opens it, and the scope of
// each signed-in viewer.
type readPolicy struct {
	plural    string
	catalogue bool
	scope     func(viewer.Viewer) scope
}

// reads is the one table of read scopes, by entity (GraphQL type name),
// as the package documentation lays it out: the privacy rules of the
// entities ([readRule]) and the filters through edges ([FilterThrough])
// both come from it.
var reads = map[string]readPolicy{
	"Agency":               {"agencies", true, all},
	"Unit":                 {"units", false, organisation},
	"Position":             {"positions", false, organisation},
	"PositionCompetency":   {"position standards", false, organisation},
	"Competency":           {"competencies", true, all},
	"CompetencyLevel":      {"competency levels", true, all},
	"Partner":              {"partners", true, all},
	"Program":              {"programs", true, all},
	"ProgramCompetency":    {"program targets", true, all},
	"Session":              {"sessions", true, all},
	"Employee":             {"employees", false, employees},
	"Enrollment":           {"enrollments", false, enrollments},
	"Evaluation":           {"evaluations", false, evaluations},
	"Assessment":           {"assessments", false, assessments},
	"LearningClaim":        {"learning claims", false, claims},
	"TrainingNeed":         {"training needs", false, needs},
	"DevelopmentPlan":      {"development plans", false, plans},
	"PlanItem":             {"plan items", false, planItems},
	"Forum":                {"forums", false, forums},
	"ImpactIndicator":      {"impact indicators", false, indicators},
	"IndicatorMeasurement": {"indicator measurements", false, measurements},
	"ProgramRevision":      {"program revisions", false, revisions},
	"ChangeProject":        {"change projects", false, changeProjects},
	"EducationRecord":      {"education records", false, educationRecords},
	"Certification":        {"certifications", false, certifications},
	"APIKey":               {"API keys", false, apiKeys},
	"AuditRecord":          {"audit records", false, adminOnlyScope},
	"PersistedOperation":   {"persisted operations", false, adminOnlyScope},
}

// Entities returns the names of the entities the read rules cover, in
// no particular order.
func Entities() []string {
	out := make([]string, 0, len(reads))
	for typ := range reads {
		out = append(out, typ)
	}
	return out
}

// readScope returns what v reads of entity typ in ctx, and whether typ
// is known. Anonymous viewers read the catalogue entities when ctx opens
// the public catalogue, and nothing else.
func readScope(ctx context.Context, v viewer.Viewer, typ string) (scope, bool) {
	p, ok := reads[typ]
	switch {
	case !ok:
		return none, false
	case v.Anonymous() && p.catalogue && catalogueOpen(ctx):
		return everything, true
	case v.Anonymous():
		return none, true
	}
	return p.scope(v), true
}

// readRule returns the query rule of entity typ: it narrows every query
// to what its scope allows the viewer. Anonymous viewers are refused with
// an error unless the entity is in the open public catalogue.
func readRule(typ string) privacy.QueryRule {
	p, ok := reads[typ]
	if !ok {
		panic("access: no read scope for " + typ) // a programming error, found at start-up
	}
	return privacy.QueryRuleFunc(func(ctx context.Context, q ent.Query) error {
		v, err := viewerOf(ctx)
		if err != nil {
			return err
		}
		s, _ := readScope(ctx, v, typ)
		if v.Anonymous() && !s.all {
			return forbidden(v, "read %s", p.plural)
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

// Read rules of each entity, by the table in the package documentation
// ([reads]).
var (
	ReadAgency               = readRule("Agency")
	ReadUnit                 = readRule("Unit")
	ReadPosition             = readRule("Position")
	ReadPositionCompetency   = readRule("PositionCompetency")
	ReadCompetency           = readRule("Competency")
	ReadCompetencyLevel      = readRule("CompetencyLevel")
	ReadPartner              = readRule("Partner")
	ReadProgram              = readRule("Program")
	ReadProgramCompetency    = readRule("ProgramCompetency")
	ReadSession              = readRule("Session")
	ReadEmployee             = readRule("Employee")
	ReadEnrollment           = readRule("Enrollment")
	ReadEvaluation           = readRule("Evaluation")
	ReadAssessment           = readRule("Assessment")
	ReadLearningClaim        = readRule("LearningClaim")
	ReadTrainingNeed         = readRule("TrainingNeed")
	ReadPlan                 = readRule("DevelopmentPlan")
	ReadPlanItem             = readRule("PlanItem")
	ReadForum                = readRule("Forum")
	ReadImpactIndicator      = readRule("ImpactIndicator")
	ReadIndicatorMeasurement = readRule("IndicatorMeasurement")
	ReadProgramRevision      = readRule("ProgramRevision")
	ReadChangeProject        = readRule("ChangeProject")
	ReadEducationRecord      = readRule("EducationRecord")
	ReadCertification        = readRule("Certification")
	ReadAPIKey               = readRule("APIKey")
	ReadAuditRecord          = readRule("AuditRecord")
	ReadPersistedOperation   = readRule("PersistedOperation")
)

// all is the scope of the catalogue and of agencies: every signed-in
// viewer reads every row.
func all(viewer.Viewer) scope { return everything }

// organisation is the scope of units, positions and position standards:
// every signed-in viewer but partners.
func organisation(v viewer.Viewer) scope {
	if v.Is(viewer.Partner) {
		return none
	}
	return everything
}

// adminOnlyScope is the scope of the audit trail.
func adminOnlyScope(v viewer.Viewer) scope {
	if v.Is(viewer.Admin) {
		return everything
	}
	return none
}

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

func educationRecords(v viewer.Viewer) scope {
	return ofEmployees(v, educationrecord.HasEmployeeWith)
}

func certifications(v viewer.Viewer) scope { return ofEmployees(v, certification.HasEmployeeWith) }

// changeProjects is the scope of change projects: those of the employees
// whose records v reads, and, for a person, the projects it mentors.
func changeProjects(v viewer.Viewer) scope {
	if personal(v) {
		return only(changeproject.Or(changeproject.HasEmployeeWith(people(v)), changeproject.MentorID(v.EmployeeID)))
	}
	return ofEmployees(v, changeproject.HasEmployeeWith)
}

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
