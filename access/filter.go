package access

import "kembang/viewer"

// Filters through edges. A where input may filter rows by their related
// rows (employees(where: {hasEnrollmentsWith: …})); the related rows'
// read rules do not narrow such filters, so a viewer could learn of rows
// it may not read (that an employee is enrolled in another partner's
// session). Viewers who read every row (ADMIN, ANALYST) filter as they
// like; the others may filter through an edge into a personnel or
// planning record only where every such row related to a row they read
// is one they read too: from an employee to its own records and from a
// record to its employee, for viewers scoped by employee or agency; from
// an enrolment to its participant and evaluations, for partners.

// restricted lists the entities edge filters may reach only by the
// edges of filterEdges.
var restricted = map[string]bool{
	"Employee": true, "Enrollment": true, "Evaluation": true, "Assessment": true,
	"LearningClaim": true, "TrainingNeed": true, "DevelopmentPlan": true, "PlanItem": true,
	"APIKey": true, "AuditRecord": true,
}

// Edges (entity.edge, as in the where inputs' has<Edge>With) that lead
// from a row to rows readable whenever the first is.
var (
	personEdges = map[string]bool{
		"Employee.enrollments": true, "Employee.assessments": true, "Employee.claims": true,
		"Enrollment.employee": true, "Enrollment.evaluations": true, "Evaluation.enrollment": true,
		"Assessment.employee": true, "LearningClaim.employee": true,
		"DevelopmentPlan.items": true, "PlanItem.plan": true,
	}
	partnerEdges = map[string]bool{
		"Enrollment.employee": true, "Enrollment.evaluations": true, "Evaluation.enrollment": true,
	}
)

// FilterThrough reports whether v may filter rows of entity src by their
// edge to rows of entity dst.
func FilterThrough(v viewer.Viewer, src, edge, dst string) bool {
	switch {
	case readsAll(v), !restricted[dst]:
		return true
	case v.Is(viewer.Partner):
		return partnerEdges[src+"."+edge]
	case v.Anonymous():
		return false
	}
	return personEdges[src+"."+edge]
}
