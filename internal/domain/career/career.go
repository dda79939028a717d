// Package career holds the rules of an employee's further education and
// certifications, as pure functions over plain values.
//
// An education record is an assigned study (tugas belajar: the agency
// sends the employee, who is released from duties, usually funded by it)
// or a study permit (izin belajar: the employee studies beside the job,
// usually self-funded). Its status moves along a small state machine
// ([Machine]; any other change is refused):
//
//	PLANNED -> ONGOING, DISCONTINUED
//	ONGOING -> GRADUATED, DISCONTINUED
//	GRADUATED, DISCONTINUED: final
//
// A record may be entered as PLANNED, ONGOING or GRADUATED:
// past studies are recorded afterwards. An assigned study is ONGOING or
// GRADUATED only once HR approved it ([CheckApproval]); a GRADUATED record
// has its diploma number ([CheckDiploma]); the study ends on or after its
// start ([CheckStudyDates]).
//
// A certification expires after it was issued ([CheckExpiry]); the query
// of certifications expiring soon looks from 1 to [MaxWithinDays] days
// ahead ([CheckWithinDays]).
package career

import (
	"errors"
	"strings"
	"time"

	"kembang/internal/domain/lifecycle"

	"kembang/internal/domain/phrase"
)

// Status is the state of an education record. Its values are the API's
// EducationRecordStatus values.
type Status string

// Statuses, in life-cycle order.
const (
	Planned      Status = "PLANNED"
	Ongoing      Status = "ONGOING"
	Graduated    Status = "GRADUATED"
	Discontinued Status = "DISCONTINUED"
)

// Routes of an education record, as the API spells them.
const (
	AssignedStudy = "ASSIGNED_STUDY"
	StudyPermit   = "STUDY_PERMIT"
)

// MaxWithinDays bounds the look-ahead of the expiring-certifications
// query: ten years.
const MaxWithinDays = 3650

var statuses = []Status{Planned, Ongoing, Graduated, Discontinued}

// transitions is the state machine; the package documentation renders it.
var transitions = map[Status][]Status{
	Planned:      {Ongoing, Discontinued},
	Ongoing:      {Graduated, Discontinued},
	Graduated:    nil,
	Discontinued: nil,
}

var verbs = map[Status]string{
	Ongoing:      "start",
	Graduated:    "graduate",
	Discontinued: "discontinue",
}

// Errors, safe to show to API clients.
var (
	ErrStatus     = errors.New("unknown education record status")
	ErrTransition = errors.New("education record status change not allowed")
	ErrInitial    = errors.New("a new education record is PLANNED, ONGOING or GRADUATED")
	// ErrNotApproved refuses an assigned study under way before approval.
	ErrNotApproved = errors.New("an ASSIGNED_STUDY needs HR approval (approveEducationRecord) before it is ONGOING or GRADUATED")
	// ErrDiploma refuses a GRADUATED record without a diploma number.
	ErrDiploma = errors.New("a GRADUATED education record needs its diploma number")
	// ErrStudyDates refuses an end before the start.
	ErrStudyDates = errors.New("the study ends before it starts")
	// ErrExpiry refuses an expiry on or before the issue date.
	ErrExpiry = errors.New("a certification expires after it was issued")
	// ErrWithinDays refuses a look-ahead outside 1 to MaxWithinDays.
	ErrWithinDays = errors.New("withinDays runs from 1 to 3650")
)

// Machine is the education record life cycle: its statuses, transitions
// and refusals.
var Machine = &lifecycle.Machine[Status]{
	Noun:          "an education record",
	Statuses:      statuses,
	Transitions:   transitions,
	Initial:       []Status{Planned, Ongoing, Graduated},
	Verbs:         verbs,
	Otherwise:     "move back to ",
	ErrStatus:     ErrStatus,
	ErrTransition: ErrTransition,
	ErrInitial:    ErrInitial,
}

// CheckApproval returns [ErrNotApproved] when a record of route with
// status s would be under way (ONGOING or GRADUATED) as an assigned study
// that was not approved.
func CheckApproval(route string, s Status, approved bool) error {
	if route == AssignedStudy && (s == Ongoing || s == Graduated) && !approved {
		return ErrNotApproved
	}
	return nil
}

// CheckDiploma returns [ErrDiploma] when a GRADUATED record has no
// diploma number.
func CheckDiploma(s Status, diploma string) error {
	if s == Graduated && strings.TrimSpace(diploma) == "" {
		return ErrDiploma
	}
	return nil
}

// CheckStudyDates returns [ErrStudyDates] when ends (if any) is before
// starts. Both are dates: the same day is allowed.
func CheckStudyDates(starts time.Time, ends *time.Time) error {
	if ends != nil && ends.Before(starts) {
		return phrase.Errorf("%w (%s before %s)", ErrStudyDates, ends.Format(time.DateOnly), starts.Format(time.DateOnly))
	}
	return nil
}

// CheckExpiry returns [ErrExpiry] when expires (if any) is not after
// issued.
func CheckExpiry(issued time.Time, expires *time.Time) error {
	if expires != nil && !expires.After(issued) {
		return phrase.Errorf("%w (%s is not after %s)", ErrExpiry, expires.Format(time.DateOnly), issued.Format(time.DateOnly))
	}
	return nil
}

// CheckWithinDays returns [ErrWithinDays] for a look-ahead outside 1 to
// [MaxWithinDays] days.
func CheckWithinDays(days int) error {
	if days < 1 || days > MaxWithinDays {
		return phrase.Errorf("%w, not %d", ErrWithinDays, days)
	}
	return nil
}

// ExpiryWindow returns the dates between which a certification expires
// "within days of now": from the calendar day of now (in now's location)
// to days later, both inclusive, as the UTC midnights dates are stored
// at.
func ExpiryWindow(now time.Time, days int) (from, to time.Time) {
	y, m, d := now.Date()
	from = time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return from, from.AddDate(0, 0, days)
}
