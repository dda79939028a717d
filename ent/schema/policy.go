package schema

import (
	"entgo.io/ent"

	"kembang/ent/privacy"
	"kembang/internal/access"
)

// policy returns the privacy policy of an entity: its read and write
// rules (package kembang/internal/access), then a denial, so that a viewer no
// rule allows gets nothing.
func policy(read privacy.QueryRule, write privacy.MutationRule) ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{read, privacy.AlwaysDenyRule()},
		Mutation: privacy.MutationPolicy{write, privacy.AlwaysDenyRule()},
	}
}

// Policy of an agency: everyone signed in reads; ADMIN writes.
func (Agency) Policy() ent.Policy { return policy(access.ReadAgency, access.WriteAgency) }

// Policy of a unit: the organisation's readers; HR of the agency writes.
func (Unit) Policy() ent.Policy { return policy(access.ReadUnit, access.WriteUnit) }

// Policy of a position: the organisation's readers; HR of the agency writes.
func (Position) Policy() ent.Policy {
	return policy(access.ReadPosition, access.WritePosition)
}

// Policy of a position standard: as its position.
func (PositionCompetency) Policy() ent.Policy {
	return policy(access.ReadPositionCompetency, access.WritePositionCompetency)
}

// Policy of an employee: see access.ReadEmployee and access.WriteEmployee.
func (Employee) Policy() ent.Policy { return policy(access.ReadEmployee, access.WriteEmployee) }

// Interceptors of an employee: personal fields (and, for partners, the
// rank) are masked for viewers who may not see them.
func (Employee) Interceptors() []ent.Interceptor {
	return []ent.Interceptor{access.MaskEmployees()}
}

// Policy of a competency: the public catalogue; ADMIN writes.
func (Competency) Policy() ent.Policy {
	return policy(access.ReadCompetency, access.WriteCompetency)
}

// Policy of a competency level: the public catalogue; ADMIN writes.
func (CompetencyLevel) Policy() ent.Policy {
	return policy(access.ReadCompetencyLevel, access.WriteCompetencyLevel)
}

// Policy of an assessment: the employee's record readers; HR of the agency writes.
func (Assessment) Policy() ent.Policy { return policy(access.ReadAssessment, access.WriteAssessment) }

// Policy of a partner: the public catalogue; ADMIN writes.
func (Partner) Policy() ent.Policy {
	return policy(access.ReadPartner, access.WritePartner)
}

// Interceptors of a partner: its contact person is masked for anonymous
// readers of the public catalogue.
func (Partner) Interceptors() []ent.Interceptor {
	return []ent.Interceptor{access.MaskPartners()}
}

// Policy of a program: the public catalogue; HR of the organising agency writes.
func (Program) Policy() ent.Policy {
	return policy(access.ReadProgram, access.WriteProgram)
}

// Policy of a program target: as its program.
func (ProgramCompetency) Policy() ent.Policy {
	return policy(access.ReadProgramCompetency, access.WriteProgramCompetency)
}

// Policy of a session: the public catalogue; HR of the program's organiser writes.
func (Session) Policy() ent.Policy {
	return policy(access.ReadSession, access.WriteSession)
}

// Policy of an enrollment: see access.ReadEnrollment and access.WriteEnrollment.
func (Enrollment) Policy() ent.Policy { return policy(access.ReadEnrollment, access.WriteEnrollment) }

// Policy of an evaluation: see access.ReadEvaluation and access.WriteEvaluation.
func (Evaluation) Policy() ent.Policy { return policy(access.ReadEvaluation, access.WriteEvaluation) }

// Policy of a learning claim: see access.ReadLearningClaim and access.WriteLearningClaim.
func (LearningClaim) Policy() ent.Policy {
	return policy(access.ReadLearningClaim, access.WriteLearningClaim)
}

// Policy of a training need: see access.ReadTrainingNeed and access.WriteTrainingNeed.
func (TrainingNeed) Policy() ent.Policy {
	return policy(access.ReadTrainingNeed, access.WriteTrainingNeed)
}

// Policy of a development plan: the agency's HR officers and approvers.
func (DevelopmentPlan) Policy() ent.Policy {
	return policy(access.ReadPlan, access.WriteDevelopmentPlan)
}

// Policy of a plan item: as its plan; HR of the agency writes.
func (PlanItem) Policy() ent.Policy { return policy(access.ReadPlanItem, access.WritePlanItem) }

// Policy of a change project: the employee's record readers and the
// mentor; see access.WriteChangeProject.
func (ChangeProject) Policy() ent.Policy {
	return policy(access.ReadChangeProject, access.WriteChangeProject)
}

// Policy of an education record: the employee's record readers; see
// access.WriteEducationRecord.
func (EducationRecord) Policy() ent.Policy {
	return policy(access.ReadEducationRecord, access.WriteEducationRecord)
}

// Policy of a certification: the employee's record readers; see
// access.WriteCertification.
func (Certification) Policy() ent.Policy {
	return policy(access.ReadCertification, access.WriteCertification)
}

// Policy of an API key: ADMIN, and the partner reads its own.
func (APIKey) Policy() ent.Policy { return policy(access.ReadAPIKey, access.WriteAPIKey) }

// Policy of an audit record: ADMIN reads; nobody writes through the
// policy (the trail writes with the server's privileges).
func (AuditRecord) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{access.ReadAuditRecord, privacy.AlwaysDenyRule()},
		Mutation: privacy.MutationPolicy{privacy.AlwaysDenyRule()},
	}
}

// Policy of a persisted operation: ADMIN reads; nobody writes through
// the policy. The allow-list and the operations command use the server's
// privileges (the table is not in the GraphQL API).
func (PersistedOperation) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{access.ReadPersistedOperation, privacy.AlwaysDenyRule()},
		Mutation: privacy.MutationPolicy{privacy.AlwaysDenyRule()},
	}
}

// Policy of a forum: the agency's readers (as training needs); HR of the agency writes.
func (Forum) Policy() ent.Policy { return policy(access.ReadForum, access.WriteForum) }

// Policy of an impact indicator: the agency's readers; HR of the agency writes.
func (ImpactIndicator) Policy() ent.Policy {
	return policy(access.ReadImpactIndicator, access.WriteImpactIndicator)
}

// Policy of an indicator measurement: as its indicator.
func (IndicatorMeasurement) Policy() ent.Policy {
	return policy(access.ReadIndicatorMeasurement, access.WriteIndicatorMeasurement)
}

// Policy of a program revision: HR officers and approvers of the
// program's organiser read; its HR officers decide.
func (ProgramRevision) Policy() ent.Policy {
	return policy(access.ReadProgramRevision, access.WriteProgramRevision)
}
