// Package revision holds the pure rules of a program revision: the
// decision taken, after evaluation, about a program for a year
// (CONTINUE, REVISE, MERGE into another program, or DISCONTINUE), and the
// report figures it was taken on.
package revision

import "errors"

// Decision is what was decided about a program. Its values are the API's
// ProgramRevisionDecision values.
type Decision string

// Decisions.
const (
	Continue    Decision = "CONTINUE"
	Revise      Decision = "REVISE"
	Merge       Decision = "MERGE"
	Discontinue Decision = "DISCONTINUE"
)

// Errors of [CheckMergeTarget].
var (
	ErrNoTarget       = errors.New("a MERGE decision names the program it merges into")
	ErrTargetNeedless = errors.New("only a MERGE decision names a program to merge into")
	ErrSelfTarget     = errors.New("a program cannot merge into itself")
)

// CheckMergeTarget checks the merge target (nil: none) of a decision
// about program: a MERGE names another program, the other decisions none.
func CheckMergeTarget(d Decision, program int, target *int) error {
	switch {
	case d == Merge && target == nil:
		return ErrNoTarget
	case d != Merge && target != nil:
		return ErrTargetNeedless
	case target != nil && *target == program:
		return ErrSelfTarget
	}
	return nil
}

// Figures are the program report's figures at the time of a decision
// (the program's sessions starting in the decision's year): a snapshot,
// kept as it was when the report changes later.
type Figures struct {
	Sessions               int      `json:"sessions"`
	Enrollments            int      `json:"enrollments"`
	Completed              int      `json:"completed"`
	Failed                 int      `json:"failed"`
	Withdrawn              int      `json:"withdrawn"`
	CompletionRate         *float64 `json:"completionRate,omitempty"`
	AverageReaction        *float64 `json:"averageReaction,omitempty"`
	AverageLearningGain    *float64 `json:"averageLearningGain,omitempty"`
	BehaviorSignedOffShare *float64 `json:"behaviorSignedOffShare,omitempty"`
	NeedsRevision          bool     `json:"needsRevision"`
	RevisionReasons        []string `json:"revisionReasons"`
}
