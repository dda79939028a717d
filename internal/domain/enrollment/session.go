package enrollment

import (
	"errors"
	"time"

	"kembang/internal/domain/jp"
	"kembang/internal/domain/lifecycle"

	"kembang/internal/domain/phrase"
)

// Session statuses, as the API's SessionStatus values.
const (
	SessionPlanned   = "PLANNED"
	SessionOpen      = "OPEN"
	SessionOngoing   = "ONGOING"
	SessionCompleted = "COMPLETED"
	SessionCancelled = "CANCELLED"
)

// Errors returned by [CanEnroll]. Their messages are safe to show to API
// clients.
var (
	ErrSessionCancelled = errors.New("the session is cancelled and takes no new enrollments")
	ErrSessionCompleted = errors.New("the session is completed and takes no new enrollments")
	ErrSessionStarted   = errors.New("the session has already started and takes no new enrollments")
	ErrSessionStatus    = errors.New("unknown session status")
)

// enrollable says, for each session status, whether the session may take
// new enrollments before its start. PLANNED is included: the issue refuses
// only CANCELLED, COMPLETED and started sessions, and HR nominates for
// planned sessions.
var enrollable = map[string]bool{
	SessionPlanned:   true,
	SessionOpen:      true,
	SessionOngoing:   false,
	SessionCompleted: false,
	SessionCancelled: false,
}

// CanEnroll returns nil when a session with the given status and start
// takes a new enrollment (or nomination) at time now, and otherwise
// [ErrSessionCancelled], [ErrSessionCompleted], [ErrSessionStarted] (also
// for status ONGOING, and from the start instant on) or an error wrapping
// [ErrSessionStatus].
func CanEnroll(sessionStatus string, startsAt, now time.Time) error {
	ok, known := enrollable[sessionStatus]
	switch {
	case !known:
		return phrase.Errorf("%w %q", ErrSessionStatus, sessionStatus)
	case sessionStatus == SessionCancelled:
		return ErrSessionCancelled
	case sessionStatus == SessionCompleted:
		return ErrSessionCompleted
	case !ok || !now.Before(startsAt):
		return ErrSessionStarted
	}
	return nil
}

// Overlaps reports whether the periods [aStart, aEnd) and [bStart, bEnd)
// share an instant. Periods that only touch (one ends when the other
// starts) do not overlap. A period whose end is not after its start is
// taken as the single instant of its start, which overlaps a period that
// contains it, or the same instant.
//
// It serves the rule that an employee cannot hold two overlapping active
// enrollments ([Active]) in sessions of the same program; the caller
// selects those enrollments.
func Overlaps(aStart, aEnd, bStart, bEnd time.Time) bool {
	if !aEnd.After(aStart) {
		aEnd = aStart.Add(time.Nanosecond)
	}
	if !bEnd.After(bStart) {
		bEnd = bStart.Add(time.Nanosecond)
	}
	return aStart.Before(bEnd) && bStart.Before(aEnd)
}

// The session life cycle (issue 15): a session's status moves only
// forward, PLANNED -> OPEN -> ONGOING -> COMPLETED, skipping steps if need
// be, and any status but COMPLETED may move to CANCELLED. COMPLETED and
// CANCELLED are final: a completed session has credited JP and issued
// certificates, which a cancellation would leave on a session that did
// not take place.
//
//	PLANNED   -> OPEN, ONGOING, COMPLETED, CANCELLED
//	OPEN      -> ONGOING, COMPLETED, CANCELLED
//	ONGOING   -> COMPLETED, CANCELLED
//	COMPLETED, CANCELLED: final

// sessionStatus is the status type of the session life cycle.
type sessionStatus string

// sessionTransitions is the session state machine; the comment above
// renders it and a test keeps the two in step.
var sessionTransitions = map[sessionStatus][]sessionStatus{
	SessionPlanned:   {SessionOpen, SessionOngoing, SessionCompleted, SessionCancelled},
	SessionOpen:      {SessionOngoing, SessionCompleted, SessionCancelled},
	SessionOngoing:   {SessionCompleted, SessionCancelled},
	SessionCompleted: nil,
	SessionCancelled: nil,
}

// ErrSessionTransition matches every refused session status change
// ([SessionTransition]) with errors.Is.
var ErrSessionTransition = errors.New("session status change not allowed")

// sessionMachine is the session life cycle.
var sessionMachine = &lifecycle.Machine[sessionStatus]{
	Noun:     "a session",
	Statuses: []sessionStatus{SessionPlanned, SessionOpen, SessionOngoing, SessionCompleted, SessionCancelled},
	// A new session may have any status: history is written as it was.
	Initial:       []sessionStatus{SessionPlanned, SessionOpen, SessionOngoing, SessionCompleted, SessionCancelled},
	Transitions:   sessionTransitions,
	Verbs:         map[sessionStatus]string{SessionOpen: "open", SessionOngoing: "start", SessionCompleted: "complete", SessionCancelled: "cancel"},
	Otherwise:     "move back to ",
	ErrStatus:     ErrSessionStatus,
	ErrTransition: ErrSessionTransition,
	ErrInitial:    ErrSessionStatus,
}

// SessionTransition returns nil when a session may move from one status
// to another (keeping its status is no move and is allowed), and otherwise
// an error wrapping [ErrSessionStatus] for an unknown status or one
// matching [ErrSessionTransition] whose message names both statuses, e.g.
// "cannot open a session that is COMPLETED (COMPLETED is final; allowed
// from PLANNED)".
func SessionTransition(from, to string) error {
	if from == to && sessionMachine.Valid(sessionStatus(from)) {
		return nil
	}
	return sessionMachine.Transition(sessionStatus(from), sessionStatus(to))
}

// SessionLive reports whether a session with status s is still to run
// or running: PLANNED, OPEN or ONGOING, not COMPLETED or CANCELLED (the
// final statuses).
func SessionLive(s string) bool {
	return sessionMachine.Valid(sessionStatus(s)) && !sessionMachine.Final(sessionStatus(s))
}

// EndsEnrollment reports whether a session moving to status to ends its
// open enrollments ([Open]: NOMINATED, REGISTERED, WAITLISTED): a
// cancellation withdraws them, the only final status the enrollment life
// cycle allows from all three. ATTENDED enrollments keep their status: the
// attendance happened, and a cancelled session records no outcome.
func EndsEnrollment(to string) bool { return to == SessionCancelled }

// ErrSessionRecorded refuses a change of a COMPLETED session: its dates,
// partner and program are the record of the course in every
// participant's ledger and SIASN course history.
var ErrSessionRecorded = errors.New("the session is completed: it is part of its participants' records and no longer changes")

// SessionRecorded reports whether a session with status s is part of the
// record and refuses every change ([ErrSessionRecorded]): COMPLETED.
func SessionRecorded(s string) bool { return s == SessionCompleted }

// Errors of the delivery rules ([CanAttend], [CanFinish]). Their messages,
// and those of the errors wrapping them, are safe to show to API clients.
var (
	ErrCancelledDelivery = errors.New("the session is cancelled: no attendance or outcome is recorded in it")
	ErrNotStarted        = errors.New("the session has not started yet")
	ErrNotEnded          = errors.New("the session has not ended yet")
)

// selfPaced lists the forms of development followed at the participant's
// own pace within a session's window: a participant may finish them any
// time after the start. (Peraturan LAN 10/2018 does not define this; the
// list is a modelling choice, kept here so that it can be corrected.)
var selfPaced = map[string]bool{
	"E_LEARNING": true,
	"SELF_STUDY": true,
}

// SelfPaced reports whether programs of form (a ProgramForm value) are
// self-paced: E_LEARNING and SELF_STUDY.
func SelfPaced(form string) bool { return selfPaced[form] }

// CanAttend returns nil when attendance may be recorded at time at in a
// session with the given status and start: the session is not CANCELLED
// and has started. Otherwise it returns [ErrCancelledDelivery] or an error
// wrapping [ErrNotStarted].
func CanAttend(sessionStatus string, startsAt, at time.Time) error {
	switch {
	case sessionStatus == SessionCancelled:
		return ErrCancelledDelivery
	case at.Before(startsAt):
		return phrase.Errorf("%w (it starts %s): attendance is recorded from the start", ErrNotStarted, wib(startsAt))
	}
	return nil
}

// CanFinish returns nil when an enrollment may be completed or failed at
// time at in a session with the given status and dates: the session is
// not CANCELLED and has ended, or, for a self-paced program ([SelfPaced]),
// has started. Otherwise it returns [ErrCancelledDelivery] or an error
// wrapping [ErrNotEnded] or [ErrNotStarted].
func CanFinish(sessionStatus string, startsAt, endsAt time.Time, selfPaced bool, at time.Time) error {
	switch {
	case sessionStatus == SessionCancelled:
		return ErrCancelledDelivery
	case selfPaced && at.Before(startsAt):
		return phrase.Errorf("%w (it starts %s): a self-paced program is completed from the start", ErrNotStarted, wib(startsAt))
	case !selfPaced && at.Before(endsAt):
		return phrase.Errorf("%w (it ends %s): participants are completed from the end", ErrNotEnded, wib(endsAt))
	}
	return nil
}

// Errors of [CheckAgreement]. Their messages, and those of the errors
// wrapping them, are safe to show to API clients.
var (
	ErrNoAgreement         = errors.New("the partner has no cooperation agreement on record (agreementValidFrom)")
	ErrAgreementNotInForce = errors.New("the partner's cooperation agreement does not cover the session")
)

// CheckAgreement returns nil when a partner's cooperation agreement (MoU /
// PKS), in force from the day of from to the day of until (both
// inclusive; a nil until is open-ended), covers a session running from
// start to end. Days are calendar days in WIB, so a date stored at
// midnight UTC or at midnight WIB is the same day. A partner without from
// has no agreement: [ErrNoAgreement]; otherwise a refusal wraps
// [ErrAgreementNotInForce] and gives both periods.
func CheckAgreement(from, until *time.Time, start, end time.Time) error {
	if from == nil {
		return ErrNoAgreement
	}
	if jp.Day(start) >= jp.Day(*from) && (until == nil || jp.Day(end) <= jp.Day(*until)) {
		return nil
	}
	valid := "from " + day(*from)
	if until != nil {
		valid += " to " + day(*until)
	}
	return phrase.Errorf("%w: the agreement is valid %s, the session runs from %s to %s", ErrAgreementNotInForce, valid, day(start), day(end))
}

// day formats the calendar day of t in WIB.
func day(t time.Time) string { return t.In(jp.WIB).Format(time.DateOnly) }

// wib formats an instant in WIB for messages.
func wib(t time.Time) string { return t.In(jp.WIB).Format("2006-01-02 15:04") + " WIB" }
