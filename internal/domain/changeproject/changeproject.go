// Package changeproject holds the workflow of a change project (aksi
// perubahan): the project an employee carries out at work after a
// training program that asks for one, as pure functions over plain
// values.
//
// The employee drafts the project and submits it; the mentor accepts it
// or returns it with a reason, after which it is corrected and submitted
// again. Acceptance signs off the participant's Kirkpatrick level-3
// (BEHAVIOR) evaluation.
//
// Transitions ([Transition]; any other is refused):
//
//	DRAFT     -> SUBMITTED
//	SUBMITTED -> ACCEPTED, RETURNED
//	RETURNED  -> SUBMITTED
//	ACCEPTED: final
//
// A new project is DRAFT ([CheckNew]). Returning a project needs a reason
// ([Reason]). Only a DRAFT or RETURNED project is edited ([Editable]).
// A project is carried out after an enrollment that was COMPLETED (passed)
// in a program that requires one ([Eligible]).
package changeproject

import (
	"errors"
	"fmt"
	"slices"

	"kembang/internal/domain/lifecycle"
	"kembang/internal/domain/plan"
)

// Status is the state of a change project. Its values are the API's
// ChangeProjectStatus values.
type Status string

// Statuses, in workflow order.
const (
	Draft     Status = "DRAFT"
	Submitted Status = "SUBMITTED"
	Accepted  Status = "ACCEPTED"
	Returned  Status = "RETURNED"
)

// statuses lists every status in workflow order.
var statuses = []Status{Draft, Submitted, Accepted, Returned}

// transitions is the state machine; the package documentation renders it.
var transitions = map[Status][]Status{
	Draft:     {Submitted},
	Submitted: {Accepted, Returned},
	Accepted:  nil,
	Returned:  {Submitted},
}

// verbs names the action that leads to each status, for error messages.
var verbs = map[Status]string{
	Submitted: "submit",
	Accepted:  "accept",
	Returned:  "return",
}

// Errors. Their messages, and those of [*TransitionError], are safe to
// show to API clients.
var (
	// ErrStatus is returned, wrapped with detail, for a string that is not
	// a status.
	ErrStatus = errors.New("unknown change project status")
	// ErrTransition matches every [*TransitionError] with errors.Is.
	ErrTransition = errors.New("change project status change not allowed")
	// ErrInitial is returned, wrapped with detail, by [CheckNew] for a
	// status a new project cannot have.
	ErrInitial = errors.New("a new change project must be DRAFT")
	// ErrReason is returned by [Reason] for a blank reason.
	ErrReason = errors.New("a returned change project needs a reason")
	// ErrNotRequired is the cause of [Eligible]'s refusal of a program
	// that asks for no change project.
	ErrNotRequired = errors.New("the program does not require a change project")
	// ErrNotCompleted is the cause of [Eligible]'s refusal of an
	// enrollment that was not completed.
	ErrNotCompleted = errors.New("a change project follows a COMPLETED enrollment")
)

// machine is the change project workflow.
var machine = &lifecycle.Machine[Status]{
	Noun:          "a change project",
	Statuses:      statuses,
	Transitions:   transitions,
	Initial:       []Status{Draft},
	Verbs:         verbs,
	Otherwise:     "move back to ",
	ErrStatus:     ErrStatus,
	ErrTransition: ErrTransition,
	ErrInitial:    ErrInitial,
}

// Statuses returns every status in workflow order.
func Statuses() []Status { return slices.Clone(statuses) }

// Valid reports whether s is one of the statuses.
func (s Status) Valid() bool { return machine.Valid(s) }

// ParseStatus returns the status named s (exact spelling), or an error
// wrapping [ErrStatus].
func ParseStatus(s string) (Status, error) { return machine.Parse(s) }

// Next returns the statuses s may move to, in workflow order.
func Next(s Status) []Status { return machine.Next(s) }

// Sources returns the statuses from which a project may move to s.
func Sources(s Status) []Status { return machine.Sources(s) }

// Allowed reports whether a project may move from one status to another.
func Allowed(from, to Status) bool { return machine.Allowed(from, to) }

// Transition returns nil when a project may move from one status to
// another, and otherwise an error wrapping [ErrStatus] or a
// [*TransitionError], e.g. "cannot accept a change project that is DRAFT
// (allowed from SUBMITTED)".
func Transition(from, to Status) error { return machine.Transition(from, to) }

// TransitionError reports a refused status change.
type TransitionError = lifecycle.TransitionError[Status]

// CheckNew returns nil when a new project may have status s, and
// otherwise an error wrapping [ErrInitial] or [ErrStatus].
func CheckNew(s Status) error { return machine.CheckNew(s) }

// Editable reports whether the content of a project with status s may
// change: while the employee drafts it, or corrects it once returned.
func Editable(s Status) bool { return s == Draft || s == Returned }

// Decision reports whether moving to s is the mentor's decision.
func Decision(s Status) bool { return s == Accepted || s == Returned }

// Reason returns the reason for returning a project without surrounding
// white space, or [ErrReason] when nothing is left. It is the plan
// workflow's rule ([plan.Reason]) with this workflow's error.
func Reason(reason string) (string, error) {
	r, err := plan.Reason(reason)
	if err != nil {
		return "", ErrReason
	}
	return r, nil
}

// Eligible returns nil when an enrollment with status enrollment (the
// enrollment package's spelling, such as "COMPLETED") in a program that
// requires a change project (required) may have one, and otherwise an
// error wrapping [ErrNotRequired] or [ErrNotCompleted].
func Eligible(required bool, enrollment string) error {
	switch {
	case !required:
		return ErrNotRequired
	case enrollment != "COMPLETED":
		return fmt.Errorf("%w, and this one is %s", ErrNotCompleted, enrollment)
	}
	return nil
}
