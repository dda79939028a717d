package access

import (
	"context"

	"kembang/internal/viewer"
)

// Filters through edges. A where input may filter rows by their related
// rows (employees(where: {hasEnrollmentsWith: …})); the related rows'
// read rules do not narrow such filters, so a viewer could learn of rows
// it may not read (that an employee is enrolled in another partner's
// session). A viewer may filter through an edge into an entity when it
// reads every row of that entity (its scope in [reads] is all), and
// otherwise only where every row the edge leads to from a row it reads is
// one it reads too: from an employee to its own records and from a record
// to its employee, for viewers scoped by employee or agency; from an
// enrollment to its participant and evaluations, for partners.

// Edges (entity.edge, as in the where inputs' has<Edge>With) that lead
// from a row to rows readable whenever the first is.
var (
	personEdges = map[string]bool{
		"Employee.enrollments": true, "Employee.assessments": true, "Employee.claims": true,
		"Enrollment.employee": true, "Enrollment.evaluations": true, "Evaluation.enrollment": true,
		"Assessment.employee": true, "LearningClaim.employee": true,
		"DevelopmentPlan.items": true, "PlanItem.plan": true,
		// The agency's records: a forum's needs and a need's forum, an
		// indicator's measurements and a measurement's indicator belong to
		// one agency (hooks.NeedOrg), which the scopes of both sides follow.
		"Forum.needs": true, "TrainingNeed.forum": true,
		"ImpactIndicator.measurements": true, "IndicatorMeasurement.indicator": true,
		"Employee.changeProjects": true, "Employee.educationRecords": true, "Employee.certifications": true,
		"EducationRecord.employee": true, "Certification.employee": true,
	}
	partnerEdges = map[string]bool{
		"Enrollment.employee": true, "Enrollment.evaluations": true, "Evaluation.enrollment": true,
	}
)

// FilterThrough reports whether the viewer of ctx may filter rows of
// entity src by their edge to rows of entity dst (GraphQL type names).
func FilterThrough(ctx context.Context, src, edge, dst string) bool {
	v, ok := viewer.FromContext(ctx)
	if !ok {
		return false
	}
	s, known := readScope(ctx, v, dst)
	switch {
	case !known:
		return false // an entity without read rules: refused until it has some
	case s.all:
		return true
	}
	switch {
	case v.Is(viewer.Partner):
		return partnerEdges[src+"."+edge]
	case v.Anonymous():
		return false
	}
	return personEdges[src+"."+edge]
}

// ReadsAll reports whether the viewer of ctx reads every row of entity typ
// (a GraphQL type name): its queries of typ then carry no privacy
// predicate. The argument guard asks it before letting a count read a
// filter through an edge to reference data as an array of keys
// (semijoin.ReferenceCounts), which must be the count's only index path.
func ReadsAll(ctx context.Context, typ string) bool {
	v, ok := viewer.FromContext(ctx)
	if !ok {
		return false
	}
	s, known := readScope(ctx, v, typ)
	return known && s.all
}
