package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/mixin"

	"kembang/internal/hooks"
)

// The hooks below state which rules bind each entity; their bodies, with
// their unit tests, are in package kembang/internal/hooks, and
// docs/rules.md indexes them.

// Audited writes every change of an entity to the audit trail and runs
// the rest of the mutation with the server's privileges. Every entity but
// AuditRecord mixes it in.
type Audited struct {
	mixin.Schema
}

// Hooks returns the trail hook, then the elevation, in that order: both
// run after the privacy policy (which ent evaluates first) and before
// the entity's own hooks.
func (Audited) Hooks() []ent.Hook { return []ent.Hook{hooks.Trail, hooks.Elevate} }

// Hooks of an audit record: records are never changed or deleted.
func (AuditRecord) Hooks() []ent.Hook { return []ent.Hook{hooks.Immutable} }

// Hooks of an employee: the NIP, the rank, the organisation references.
func (Employee) Hooks() []ent.Hook {
	return []ent.Hook{hooks.DecodeNIP, hooks.CheckGolongan, hooks.EmployeeOrg}
}

// Hooks of a unit: the unit tree.
func (Unit) Hooks() []ent.Hook { return []ent.Hook{hooks.UnitOrg} }

// Hooks of a training need: its unit and forum in its agency.
func (TrainingNeed) Hooks() []ent.Hook { return []ent.Hook{hooks.NeedOrg} }

// Hooks of a forum: its unit in its agency, its stakeholder groups.
func (Forum) Hooks() []ent.Hook { return []ent.Hook{hooks.ForumOrg, hooks.CheckForumGroups} }

// Hooks of an impact indicator: its unit in its agency, its target.
func (ImpactIndicator) Hooks() []ent.Hook {
	return []ent.Hook{hooks.IndicatorOrg, hooks.CheckIndicatorTarget}
}

// Hooks of an indicator measurement: its period.
func (IndicatorMeasurement) Hooks() []ent.Hook { return []ent.Hook{hooks.CheckMeasurementPeriod} }

// Hooks of a program revision: the decision's record (who, when, the
// figures, the reasons) and its merge target.
func (ProgramRevision) Hooks() []ent.Hook { return []ent.Hook{hooks.RecordRevision} }

// Hooks of a position: the functional grade, the agency of its holders.
func (Position) Hooks() []ent.Hook {
	return []ent.Hook{hooks.CheckFunctionalGrade, hooks.PositionOrg}
}

// Hooks of a partner: the agreement dates and the sessions it delivers.
func (Partner) Hooks() []ent.Hook {
	return []ent.Hook{hooks.CheckAgreementDates, hooks.PartnerSessions}
}

// Hooks of a program: route and form, the partners of its sessions, its
// impact indicators in its agency.
func (Program) Hooks() []ent.Hook {
	return []ent.Hook{hooks.CheckProgramForm, hooks.ProgramPartners, hooks.ProgramIndicators}
}

// Hooks of a session: dates, capacity, life cycle and partner; the
// announcement of its changes to the subscriptions of its seats.
func (Session) Hooks() []ent.Hook {
	return []ent.Hook{hooks.CheckSessionDates, hooks.SessionCapacity, hooks.SessionLifecycle, hooks.SessionEvents}
}

// Hooks of an assessment: not dated in the future.
func (Assessment) Hooks() []ent.Hook { return []ent.Hook{hooks.CheckAssessedOn} }

// Hooks of an evaluation: its target, the results from an impact
// indicator's measurements, then the Kirkpatrick level rules.
func (Evaluation) Hooks() []ent.Hook {
	return []ent.Hook{hooks.CheckEvaluationTarget, hooks.ResultsFromIndicator, hooks.EvaluationLevels}
}

// Hooks of an enrollment: the announcement of its changes to the
// subscriptions (outermost, so that it sees the write the life cycle
// makes), then the enrollment life cycle.
func (Enrollment) Hooks() []ent.Hook {
	return []ent.Hook{hooks.EnrollmentEvents, hooks.EnrollmentLifecycle}
}

// Hooks of a learning claim: its review.
func (LearningClaim) Hooks() []ent.Hook { return []ent.Hook{hooks.ClaimReview} }

// Hooks of a development plan: its workflow (who may approve a plan is
// the privacy policy's, access.WriteDevelopmentPlan).
func (DevelopmentPlan) Hooks() []ent.Hook { return []ent.Hook{hooks.PlanWorkflow} }

// Hooks of a plan item: route and form, the frozen approved plan, the
// revision it carries.
func (PlanItem) Hooks() []ent.Hook {
	return []ent.Hook{hooks.CheckPlanItemForm, hooks.FreezePlanItems, hooks.PlanItemRevision}
}

// Hooks of a change project: eligibility, the mentor, the workflow and
// the level-3 evaluation its acceptance records.
func (ChangeProject) Hooks() []ent.Hook { return []ent.Hook{hooks.ChangeProjectWorkflow} }

// Hooks of an education record: dates, status, approval and diploma.
func (EducationRecord) Hooks() []ent.Hook { return []ent.Hook{hooks.EducationRules} }

// Hooks of a certification: expiry after issue.
func (Certification) Hooks() []ent.Hook { return []ent.Hook{hooks.CheckCertificationDates} }
