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
// Transitions ([Machine]; any other is refused):
//
//	DRAFT     -> SUBMITTED
//	SUBMITTED -> ACCEPTED, RETURNED
//	RETURNED  -> SUBMITTED
//	ACCEPTED: final
//
// A new project is DRAFT. Returning a project needs a reason
// ([Reason]). Only a DRAFT or RETURNED project is edited ([Editable]).
// A project is carried out after an enrollment that was COMPLETED (passed)
// in a program that requires one ([Eligible]).
package changeproject

import (
	"errors"

	"kembang/internal/domain/lifecycle"
	"kembang/internal/domain/plan"

	"kembang/internal/domain/phrase"
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

// Errors. Their messages, and those of [*lifecycle.TransitionError], are safe to
// show to API clients.
var (
	// ErrStatus is returned, wrapped with detail, for a string that is not
	// a status.
	ErrStatus = errors.New("unknown change project status")
	// ErrTransition matches every [*lifecycle.TransitionError] with errors.Is.
	ErrTransition = errors.New("change project status change not allowed")
	// ErrInitial is returned, wrapped with detail, by Machine.CheckNew for a
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

// Machine is the change project workflow: its statuses, transitions and
// refusals ([lifecycle.Machine.Transition] returns a
// [*lifecycle.TransitionError] such as "cannot accept a change project
// that is DRAFT (allowed from SUBMITTED)", [lifecycle.Machine.CheckNew]
// one wrapping [ErrInitial]).
var Machine = &lifecycle.Machine[Status]{
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
		return phrase.Errorf("%w, and this one is %s", ErrNotCompleted, enrollment)
	}
	return nil
}
