// Package training says what a completed training tells about a
// participant's competencies ("Completing a program may record a new
// Assessment").
//
// A program targets competencies up to a target level (ProgramCompetency).
// When a participant completes it, each targeted competency is raised one
// level above the participant's latest assessment of it, never above the
// program's target level; competencies already at or above the target
// are left alone. The assessment is recorded with source TRAINING, on the
// completion time, by the session's partner (or, without one, the
// program). The package holds the pure rules; internal/hooks reads the
// stored rows and records the assessments (hooks.EnrollmentLifecycle).
package training

import (
	"fmt"
	"time"
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

// Assessor returns who an assessment earned by a training is recorded
// as assessed by: the session's partner, or the program without one
// (partner empty), cut to the length Assessment.assessor allows.
func Assessor(program, partner string) string {
	assessor := program
	if partner != "" {
		assessor = partner
	}
	if r := []rune(assessor); len(r) > maxAssessor {
		assessor = string(r[:maxAssessor])
	}
	return assessor
}

// Completion is what Evidence describes: the program, the session and
// the completion.
type Completion struct {
	ProgramTitle, ProgramCode, SessionName string
	CompletedAt                            time.Time
	// CertificateNumber is empty when no certificate was issued.
	CertificateNumber string
}

// Evidence describes the completion an assessment comes from.
func Evidence(c Completion) string {
	text := fmt.Sprintf("Completed %s (%s), %s, %s.", c.ProgramTitle, c.ProgramCode, c.SessionName, c.CompletedAt.Format(time.DateOnly))
	if c.CertificateNumber != "" {
		text += " Certificate " + c.CertificateNumber + "."
	}
	return text
}
