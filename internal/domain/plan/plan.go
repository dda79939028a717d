// Package plan holds the approval workflow of an annual competency
// development plan (rencana pengembangan kompetensi, PP 11/2017 art.
// 205–207), as pure functions over plain values.
//
// Each agency drafts one plan a year. The personnel officer (PyB) drafts
// and submits it; the staffing authority (PPK) approves it or returns it
// with a reason, after which it is corrected and submitted again.
//
// Transitions ([Transition]; any other is refused):
//
//	DRAFT     -> SUBMITTED
//	SUBMITTED -> APPROVED, RETURNED
//	RETURNED  -> SUBMITTED
//	APPROVED: final
//
// A new plan is DRAFT ([CheckNew]). Returning a plan needs a reason
// ([Reason]). An approved plan is frozen ([Frozen]): neither the plan nor
// its items change any more, and it cannot be deleted.
package plan

import (
	"errors"
	"slices"
	"strings"

	"kembang/internal/domain/lifecycle"
)

// Status is the approval state of a plan. Its values are the API's
// DevelopmentPlanStatus values.
type Status string

// Statuses, in workflow order.
const (
	Draft     Status = "DRAFT"
	Submitted Status = "SUBMITTED"
	Approved  Status = "APPROVED"
	Returned  Status = "RETURNED"
)

// statuses lists every status in workflow order.
var statuses = []Status{Draft, Submitted, Approved, Returned}

// transitions is the state machine: for each status, the statuses it may
// move to. The package documentation renders it; a test keeps the two in
// step.
var transitions = map[Status][]Status{
	Draft:     {Submitted},
	Submitted: {Approved, Returned},
	Approved:  nil,
	Returned:  {Submitted},
}

// verbs names the action that leads to each status, for error messages.
var verbs = map[Status]string{
	Submitted: "submit",
	Approved:  "approve",
	Returned:  "return",
}

// Errors. Their messages, and those of [*TransitionError], are safe to
// show to API clients.
var (
	// ErrStatus is returned, wrapped with detail, for a string that is not
	// a status.
	ErrStatus = errors.New("unknown plan status")
	// ErrTransition matches every [*TransitionError] with errors.Is.
	ErrTransition = errors.New("plan status change not allowed")
	// ErrInitial is returned, wrapped with detail, by [CheckNew] for a
	// status a new plan cannot have.
	ErrInitial = errors.New("a new plan must be DRAFT")
	// ErrReason is returned by [Reason] for a blank reason.
	ErrReason = errors.New("a returned plan needs a reason")
	// ErrFrozen is the cause of every refused change to an approved plan.
	ErrFrozen = errors.New("an APPROVED plan is frozen")
)

// machine is the plan workflow.
var machine = &lifecycle.Machine[Status]{
	Noun:          "a plan",
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

// Next returns the statuses s may move to, in workflow order; none for an
// approved or unknown status.
func Next(s Status) []Status { return machine.Next(s) }

// Sources returns the statuses from which a plan may move to s, in
// workflow order.
func Sources(s Status) []Status { return machine.Sources(s) }

// Allowed reports whether a plan may move from one status to another.
func Allowed(from, to Status) bool { return machine.Allowed(from, to) }

// Frozen reports whether a plan with status s is frozen: APPROVED, the
// final status.
func Frozen(s Status) bool { return machine.Final(s) }

// Transition returns nil when a plan may move from one status to another,
// and otherwise an error wrapping [ErrStatus] for an unknown status or a
// [*TransitionError] naming both statuses, e.g. "cannot approve a plan
// that is DRAFT (allowed from SUBMITTED)".
func Transition(from, to Status) error { return machine.Transition(from, to) }

// TransitionError reports a refused status change. Match it with
// errors.Is(err, ErrTransition) or errors.As.
type TransitionError = lifecycle.TransitionError[Status]

// CheckNew returns nil when a new plan may be created with status s, and
// otherwise an error wrapping [ErrInitial] or [ErrStatus].
func CheckNew(s Status) error { return machine.CheckNew(s) }

// Reason returns the reason for returning a plan without surrounding
// white space, or [ErrReason] when nothing is left.
func Reason(reason string) (string, error) {
	r := strings.TrimSpace(reason)
	if r == "" {
		return "", ErrReason
	}
	return r, nil
}
