package enrollment

import (
	"errors"
	"fmt"
	"time"
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
		return fmt.Errorf("%w %q", ErrSessionStatus, sessionStatus)
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
