// Package enrollment holds the life cycle of an enrollment (an employee's
// place in a session of a development program) and the seat rules of a
// session, as pure functions over plain values.
//
// The rules (docs/workflows.md, docs/rules.md) follow the delivery stage of
// PP 11/2017 art. 203–210 and Peraturan LAN 10/2018: HR nominates, the
// employee registers (or is waitlisted when the session is full), attends,
// and completes or fails; an enrollment can be withdrawn before
// attendance.
//
// Transitions ([Transition]; any other is refused):
//
//	NOMINATED  -> REGISTERED, WAITLISTED, WITHDRAWN
//	REGISTERED -> ATTENDED, WITHDRAWN
//	WAITLISTED -> REGISTERED, WITHDRAWN
//	ATTENDED   -> COMPLETED, FAILED
//	COMPLETED, FAILED, WITHDRAWN: terminal
//
// A new enrollment starts as NOMINATED (nominated by HR), or REGISTERED or
// WAITLISTED (enrolled by the employee, as [Seat] decides). WAITLISTED ->
// REGISTERED is a promotion ([Promotions]); a registration is never
// demoted back to the waitlist.
//
// An ATTENDED enrollment cannot be withdrawn: the participant has used the
// seat and the session has run, so the outcome is recorded as COMPLETED or
// FAILED (dropping out after attending is FAILED). Withdrawing then would
// erase the attendance that evaluations rely on and free a seat for a
// waitlisted employee in a session already under way. [Open] therefore
// means "not yet attended": NOMINATED, REGISTERED or WAITLISTED.
//
// Seats: REGISTERED, ATTENDED, COMPLETED and FAILED hold a seat
// ([HoldsSeat]); a session never has more seat holders than its capacity.
// Counting FAILED is stricter than "REGISTERED/ATTENDED/COMPLETED never
// exceed capacity" and implies it; it makes the rule simple: a seat, once
// granted, is released only by withdrawal.
package enrollment

import (
	"errors"
	"slices"

	"kembang/internal/domain/lifecycle"
)

// Status is the state of an enrollment. Its values are the API's
// EnrollmentStatus values.
type Status string

// Statuses, in life-cycle order.
const (
	Nominated  Status = "NOMINATED"
	Registered Status = "REGISTERED"
	Waitlisted Status = "WAITLISTED"
	Attended   Status = "ATTENDED"
	Completed  Status = "COMPLETED"
	Failed     Status = "FAILED"
	Withdrawn  Status = "WITHDRAWN"
)

// statuses lists every status in life-cycle order.
var statuses = []Status{Nominated, Registered, Waitlisted, Attended, Completed, Failed, Withdrawn}

// transitions is the state machine: for each status, the statuses it may
// move to. The package documentation renders it; a test keeps the two in
// step.
var transitions = map[Status][]Status{
	Nominated:  {Registered, Waitlisted, Withdrawn},
	Waitlisted: {Registered, Withdrawn},
	Registered: {Attended, Withdrawn},
	Attended:   {Completed, Failed},
	Completed:  nil,
	Failed:     nil,
	Withdrawn:  nil,
}

// initial lists the statuses a new enrollment may have.
var initial = []Status{Nominated, Registered, Waitlisted}

// verbs names the action that leads to each status, for error messages.
var verbs = map[Status]string{
	Nominated:  "nominate",
	Registered: "register",
	Waitlisted: "waitlist",
	Attended:   "mark attendance for",
	Completed:  "complete",
	Failed:     "fail",
	Withdrawn:  "withdraw",
}

// Errors. Their messages, and those of [*TransitionError], are safe to
// show to API clients.
var (
	// ErrStatus is returned, wrapped with detail, for a string that is not
	// a status.
	ErrStatus = errors.New("unknown enrollment status")
	// ErrTransition matches every [*TransitionError] with errors.Is.
	ErrTransition = errors.New("enrollment status change not allowed")
	// ErrInitial is returned, wrapped with detail, by [CheckNew] for a
	// status a new enrollment cannot have.
	ErrInitial = errors.New("a new enrollment must be NOMINATED, REGISTERED or WAITLISTED")
)

// machine is the enrollment life cycle.
var machine = &lifecycle.Machine[Status]{
	Noun:          "an enrollment",
	Statuses:      statuses,
	Transitions:   transitions,
	Initial:       initial,
	Verbs:         verbs,
	Otherwise:     "move to ",
	ErrStatus:     ErrStatus,
	ErrTransition: ErrTransition,
	ErrInitial:    ErrInitial,
}

// Statuses returns every status in life-cycle order.
func Statuses() []Status { return slices.Clone(statuses) }

// Valid reports whether s is one of the statuses.
func (s Status) Valid() bool { return machine.Valid(s) }

// ParseStatus returns the status named s (exact spelling), or an error
// wrapping [ErrStatus].
func ParseStatus(s string) (Status, error) { return machine.Parse(s) }

// Next returns the statuses s may move to, in life-cycle order; none for a
// terminal or unknown status.
func Next(s Status) []Status { return machine.Next(s) }

// Sources returns the statuses from which an enrollment may move to s, in
// life-cycle order.
func Sources(s Status) []Status { return machine.Sources(s) }

// Allowed reports whether an enrollment may move from one status to
// another.
func Allowed(from, to Status) bool { return machine.Allowed(from, to) }

// Transition returns nil when an enrollment may move from one status to
// another, and otherwise an error wrapping [ErrStatus] for an unknown
// status or a [*TransitionError] naming both statuses, e.g. "cannot
// complete an enrollment that is WAITLISTED (allowed from ATTENDED)".
func Transition(from, to Status) error { return machine.Transition(from, to) }

// TransitionError reports a refused status change. Match it with
// errors.Is(err, ErrTransition) or errors.As.
type TransitionError = lifecycle.TransitionError[Status]

// CheckNew returns nil when a new enrollment may be created with status s,
// and otherwise an error wrapping [ErrInitial] or [ErrStatus].
func CheckNew(s Status) error { return machine.CheckNew(s) }

// Open reports whether s is an enrollment not yet attended, which can
// still be withdrawn: NOMINATED, REGISTERED or WAITLISTED.
func Open(s Status) bool {
	return s == Nominated || s == Registered || s == Waitlisted
}

// Active reports whether s is not terminal: an open status or ATTENDED.
// An employee cannot hold two active enrollments in overlapping sessions of
// the same program ([Overlaps]).
func Active(s Status) bool { return s.Valid() && !Terminal(s) }

// Terminal reports whether s is final: COMPLETED, FAILED or WITHDRAWN.
func Terminal(s Status) bool { return machine.Final(s) }

// HoldsSeat reports whether an enrollment with status s counts against the
// session's capacity: REGISTERED, ATTENDED, COMPLETED or FAILED.
func HoldsSeat(s Status) bool {
	return s == Registered || s == Attended || s == Completed || s == Failed
}

// FreesSeat reports whether moving from one status to another releases a
// seat, after which the first waitlisted enrollment may be promoted. Under
// the transition table only REGISTERED -> WITHDRAWN does.
func FreesSeat(from, to Status) bool { return HoldsSeat(from) && !HoldsSeat(to) }
