// Package training records what a completed training tells about a
// participant's competencies (issue 3, "Completing a program may record a
// new Assessment").
//
// A program targets competencies up to a target level (ProgramCompetency).
// When a participant completes it, each targeted competency is raised one
// level above the participant's latest assessment of it, never above the
// program's target level; competencies already at or above the target
// are left alone. The assessment is recorded with source TRAINING, on the
// completion time, by the session's partner (or, without one, the
// program).
package training

import (
	"context"
	"fmt"
	"time"

	"entgo.io/ent/dialect/sql"

	"kembang/ent"
	"kembang/ent/assessment"
	"kembang/ent/enrollment"
	"kembang/ent/programcompetency"
	"kembang/ent/session"
)

// maxAssessor is the length limit of Assessment.assessor.
const maxAssessor = 200

// Level returns the level a completed training gives a competency whose
// latest assessed level is current (0 when never assessed), for a program
// whose target level is target: current+1, capped at target. ok is false
// when current already reaches the target, and nothing is recorded.
func Level(current, target int) (level int, ok bool) {
	if current >= target {
		return 0, false
	}
	return min(target, current+1), true
}

// RecordAssessments records the TRAINING assessments earned by completing
// enrollment e, which must be COMPLETED (its completion time is the
// assessment date), and returns them. Call it with the client of the
// transaction that completes the enrollment.
func RecordAssessments(ctx context.Context, c *ent.Client, e *ent.Enrollment) ([]*ent.Assessment, error) {
	if e.Status != enrollment.StatusCOMPLETED || e.CompletedAt == nil {
		return nil, fmt.Errorf("training: enrollment %d is %s, not completed", e.ID, e.Status)
	}
	s, err := c.Session.Query().Where(session.ID(e.SessionID)).WithProgram().WithPartner().Only(ctx)
	if err != nil {
		return nil, fmt.Errorf("training: reading session: %w", err)
	}
	p := s.Edges.Program
	assessor := p.Title
	if s.Edges.Partner != nil {
		assessor = s.Edges.Partner.Name
	}
	if r := []rune(assessor); len(r) > maxAssessor {
		assessor = string(r[:maxAssessor])
	}
	targets, err := c.ProgramCompetency.Query().
		Where(programcompetency.ProgramID(p.ID)).
		Order(programcompetency.ByCompetencyID()).
		All(ctx)
	if err != nil {
		return nil, fmt.Errorf("training: reading program targets: %w", err)
	}
	var out []*ent.Assessment
	for _, t := range targets {
		current, err := latestLevel(ctx, c, e.EmployeeID, t.CompetencyID)
		if err != nil {
			return nil, err
		}
		level, ok := Level(current, t.TargetLevel)
		if !ok {
			continue
		}
		a, err := c.Assessment.Create().
			SetEmployeeID(e.EmployeeID).
			SetCompetencyID(t.CompetencyID).
			SetLevel(level).
			SetAssessedOn(*e.CompletedAt).
			SetSource(assessment.SourceTRAINING).
			SetAssessor(assessor).
			SetEvidence(evidence(p, s, e)).
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
func latestLevel(ctx context.Context, c *ent.Client, employeeID, competencyID int) (int, error) {
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

// evidence describes the completion an assessment comes from.
func evidence(p *ent.Program, s *ent.Session, e *ent.Enrollment) string {
	text := fmt.Sprintf("Completed %s (%s), %s, %s.", p.Title, p.Code, s.Name, e.CompletedAt.Format(time.DateOnly))
	if e.CertificateNumber != nil {
		text += " Certificate " + *e.CertificateNumber + "."
	}
	return text
}
