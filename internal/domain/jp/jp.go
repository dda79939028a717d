// Package jp implements the rules for JP (jam pelajaran), the 45-minute
// lesson hour in which the competency development of Indonesian civil
// servants is counted.
//
// Sources:
//
//   - PP 11/2017 art. 203(4), as amended by PP 17/2020: every PNS has the
//     right to at least 20 JP of competency development a year.
//   - PP 49/2018 art. 39: a PPPK's development lasts at most 24 JP per
//     contract year (see [Targets] for how Kembang reads this).
//   - LAN guidance on JP conversion: a seminar day counts 4 JP (national)
//     or 6 JP (international); a workshop day 5 JP or 7 JP; a structured
//     training counts its own JP, plus 20% when international.
//
// All JP figures the package returns are rounded to one decimal ([Round]).
// The package is pure: it takes plain values and knows nothing of storage.
package jp

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"kembang/internal/domain/phrase"
)

// MinutesPerJP is the length of one JP in minutes.
const MinutesPerJP = 45

// Indonesian time zones. Indonesia observes no daylight saving time, so
// fixed offsets are exact and need no time zone database.
var (
	WIB  = time.FixedZone("WIB", 7*60*60)  // Western Indonesia, UTC+7
	WITA = time.FixedZone("WITA", 8*60*60) // Central Indonesia, UTC+8
	WIT  = time.FixedZone("WIT", 9*60*60)  // Eastern Indonesia, UTC+9
)

// Errors returned by [Credit] and [Days]. Their messages are safe to show
// to API clients.
var (
	ErrDates = errors.New("session dates are invalid")
	ErrJP    = errors.New("program JP must be a positive number")
)

// Kind says how completing a program of some form is credited.
type Kind int

// Kinds of crediting.
const (
	// Structured programs credit their own JP.
	Structured Kind = iota
	// Seminar programs (also conference, sarasehan) credit JP per day.
	Seminar
	// Workshop programs (lokakarya) credit JP per day.
	Workshop
)

// String returns STRUCTURED, SEMINAR or WORKSHOP.
func (k Kind) String() string {
	switch k {
	case Structured:
		return "STRUCTURED"
	case Seminar:
		return "SEMINAR"
	case Workshop:
		return "WORKSHOP"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// kinds maps the forms credited per day to their kind. Forms are matched
// after trimming and upper-casing. SEMINAR and WORKSHOP are the API's
// ProgramForm values; the others are the Indonesian and English names
// LAN guidance groups with them.
var kinds = map[string]Kind{
	"SEMINAR":    Seminar,
	"CONFERENCE": Seminar,
	"KONFERENSI": Seminar,
	"SARASEHAN":  Seminar,
	"WORKSHOP":   Workshop,
	"LOKAKARYA":  Workshop,
}

// Classify returns how a program of the given form is credited: [Seminar]
// for seminar, conference (konferensi) and sarasehan; [Workshop] for
// workshop (lokakarya); [Structured] for every other form. Case and
// surrounding space are ignored.
func Classify(form string) Kind {
	if k, ok := kinds[strings.ToUpper(strings.TrimSpace(form))]; ok {
		return k
	}
	return Structured
}

// DayRate is the JP credited per calendar day of a seminar or workshop.
type DayRate struct {
	National      float64
	International float64
}

// Conversion holds the JP conversion figures. [LAN] returns the figures
// of the LAN guidance; a zero Conversion credits nothing.
type Conversion struct {
	Seminar  DayRate
	Workshop DayRate
	// InternationalBonus is the share added to a structured program's own
	// JP when it is international: 0.2 means +20%.
	InternationalBonus float64
}

// LAN returns the LAN conversion: seminar 4 JP a day national, 6
// international; workshop 5 and 7; structured programs +20% when
// international.
func LAN() Conversion {
	return Conversion{
		Seminar:            DayRate{National: 4, International: 6},
		Workshop:           DayRate{National: 5, International: 7},
		InternationalBonus: 0.2,
	}
}

// Program is what [Credit] needs to know about a completed program and
// the session the participant attended.
type Program struct {
	Form          string  // program form, e.g. SEMINAR, WORKSHOP, TECHNICAL_TRAINING
	International bool    // delivered at international level
	JP            float64 // the program's own JP; ignored for seminars and workshops
	StartsAt      time.Time
	EndsAt        time.Time
	// Zone is the time zone in which the session's calendar days are
	// counted, usually where it takes place. Nil means [WIB].
	Zone *time.Location
}

// Credit returns the JP credited for completing p under the LAN
// conversion. See [Conversion.Credit].
func Credit(p Program) (float64, error) {
	return LAN().Credit(p)
}

// Credit returns the JP credited for completing p, rounded to one decimal:
//
//   - a seminar or workshop ([Classify]) credits the day rate times the
//     number of calendar days of the session ([Days]); p.JP is ignored;
//   - any other program credits p.JP, times 1 + InternationalBonus when
//     p.International; the session dates are not used.
//
// It fails with [ErrDates] when a seminar or workshop has no dates or ends
// before it starts, and with [ErrJP] when a structured program's JP is not
// a positive finite number.
func (c Conversion) Credit(p Program) (float64, error) {
	var rate DayRate
	switch Classify(p.Form) {
	case Seminar:
		rate = c.Seminar
	case Workshop:
		rate = c.Workshop
	default:
		if !(p.JP > 0) || math.IsInf(p.JP, 0) {
			return 0, ErrJP
		}
		jp := p.JP
		if p.International {
			jp *= 1 + c.InternationalBonus
		}
		if jp = Round(jp); math.IsInf(jp, 0) || jp < 0 {
			return 0, ErrJP // absurdly large, or a negative bonus
		}
		return jp, nil
	}
	if p.StartsAt.IsZero() || p.EndsAt.IsZero() {
		return 0, phrase.Errorf("%w: a seminar or workshop needs its start and end dates", ErrDates)
	}
	days, err := Days(p.StartsAt, p.EndsAt, p.Zone)
	if err != nil {
		return 0, err
	}
	perDay := rate.National
	if p.International {
		perDay = rate.International
	}
	return Round(perDay * float64(days)), nil
}

// Days returns the number of calendar days from start to end, both dates
// inclusive, counted in zone (nil means [WIB]): a session from Monday
// 08:00 to Wednesday 16:00 has 3 days, one starting and ending on the same
// day has 1. An end at exactly midnight counts the day it opens. It fails
// with [ErrDates] when end is before start.
func Days(start, end time.Time, zone *time.Location) (int, error) {
	if end.Before(start) {
		return 0, phrase.Errorf("%w: the session ends before it starts", ErrDates)
	}
	if zone == nil {
		zone = WIB
	}
	return civilDay(end.In(zone)) - civilDay(start.In(zone)) + 1, nil
}

// Day numbers the calendar date of t in WIB, in days since 1970-01-01:
// two instants are on the same day in Indonesia's ledger when their Days
// are equal, and a date sent as midnight UTC or as midnight WIB is the
// same Day.
func Day(t time.Time) int { return civilDay(t.In(WIB)) }

// civilDay numbers the calendar date of t, in t's location, in days since
// 1970-01-01.
func civilDay(t time.Time) int {
	y, m, d := t.Date()
	return int(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / (24 * 60 * 60))
}

// Round rounds jp to one decimal, halves away from zero: Round(39.6) is
// 39.6, Round(20.04) is 20, Round(0.05) is 0.1. Use it on sums of JP
// before showing them, since summing floats leaves noise such as
// 20.000000000000004.
func Round(jp float64) float64 {
	return math.Round(jp*10) / 10
}

// FromMinutes converts minutes of learning to JP (45 minutes each),
// rounded to one decimal: 90 minutes are 2 JP, 100 minutes 2.2 JP.
func FromMinutes(minutes int) float64 {
	return Round(float64(minutes) / MinutesPerJP)
}

// Minutes converts JP to minutes, rounded to the nearest minute.
func Minutes(jp float64) int {
	return int(math.Round(jp * MinutesPerJP))
}
