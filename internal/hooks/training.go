package hooks

import (
	"context"
	"fmt"

	"entgo.io/ent/dialect/sql"

	gen "kembang/ent"
	"kembang/ent/assessment"
	entenrollment "kembang/ent/enrollment"
	"kembang/ent/programcompetency"
	"kembang/ent/session"
	"kembang/internal/calendar"
	"kembang/internal/domain/training"
)

// recordTrainingAssessments records the TRAINING assessments earned by
// completing enrollment e, which must be COMPLETED (its completion time
// is the assessment date), and returns them. c is the client of the
// transaction that completes the enrollment. The levels, the assessor and
// the evidence are package training's.
func recordTrainingAssessments(ctx context.Context, c *gen.Client, e *gen.Enrollment) ([]*gen.Assessment, error) {
	if e.Status != entenrollment.StatusCOMPLETED || e.CompletedAt == nil {
		return nil, fmt.Errorf("training: enrollment %d is %s, not completed", e.ID, e.Status)
	}
	s, err := c.Session.Query().Where(session.ID(e.SessionID)).WithProgram().WithPartner().Only(ctx)
	if err != nil {
		return nil, fmt.Errorf("training: reading session: %w", err)
	}
	p := s.Edges.Program
	partner := ""
	if s.Edges.Partner != nil {
		partner = s.Edges.Partner.Name
	}
	assessor := training.Assessor(p.Title, partner)
	done := training.Completion{
		ProgramTitle: p.Title,
		ProgramCode:  p.Code,
		SessionName:  s.Name,
		CompletedAt:  *e.CompletedAt,
	}
	if e.CertificateNumber != nil {
		done.CertificateNumber = *e.CertificateNumber
	}
	evidence := training.Evidence(done)
	targets, err := c.ProgramCompetency.Query().
		Where(programcompetency.ProgramID(p.ID)).
		Order(programcompetency.ByCompetencyID()).
		All(ctx)
	if err != nil {
		return nil, fmt.Errorf("training: reading program targets: %w", err)
	}
	var out []*gen.Assessment
	for _, t := range targets {
		current, err := latestLevel(ctx, c, e.EmployeeID, t.CompetencyID)
		if err != nil {
			return nil, err
		}
		level, ok := training.Level(current, t.TargetLevel)
		if !ok {
			continue
		}
		a, err := c.Assessment.Create().
			SetEmployeeID(e.EmployeeID).
			SetCompetencyID(t.CompetencyID).
			SetLevel(level).
			SetAssessedOn(calendar.Day(*e.CompletedAt)). // a date: the day of completion (WIB)
			SetSource(assessment.SourceTRAINING).
			SetAssessor(assessor).
			SetEvidence(evidence).
			Save(ctx)
		if err != nil {
			return nil, fmt.Errorf("training: recording assessment: %w", err)
		}
		out = append(out, a)
	}
	return out, nil
}

// latestLevel returns the level of the employee's latest assessment of a
// competency (by date, then by record), or 0 when there is none.
func latestLevel(ctx context.Context, c *gen.Client, employeeID, competencyID int) (int, error) {
	levels, err := c.Assessment.Query().
		Where(assessment.EmployeeID(employeeID), assessment.CompetencyID(competencyID)).
		Order(assessment.ByAssessedOn(sql.OrderDesc()), assessment.ByID(sql.OrderDesc())).
		Limit(1).
		Select(assessment.FieldLevel).
		Ints(ctx)
	if err != nil {
		return 0, fmt.Errorf("training: reading latest assessment: %w", err)
	}
	if len(levels) == 0 {
		return 0, nil
	}
	return levels[0], nil
}
