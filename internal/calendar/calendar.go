// Package calendar is the Date scalar of the GraphQL API: a calendar day
// written YYYY-MM-DD (birth dates, TMT, assessment, due and need dates,
// agreement and claim days), as opposed to Time, an instant in RFC 3339.
//
// A day is stored as a time.Time: the days the API writes are midnight
// UTC of the day, as the NIP decoder and the demo data store them, and a
// stored instant is read as its calendar day in Western Indonesian Time
// (WIB, UTC+7), the time of the national civil-service system, so that
// midnight UTC and midnight WIB of a day (an older client's
// "2026-03-02T00:00:00+07:00") both read as that day.
package calendar

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/99designs/gqlgen/graphql"

	"kembang/internal/domain/jp"
)

// Layout is the layout of a Date: YYYY-MM-DD (time.DateOnly).
const Layout = time.DateOnly

// ErrInvalid is the class of the errors of [Parse] and [UnmarshalDate].
var ErrInvalid = errors.New("not a valid Date: give a calendar day as YYYY-MM-DD, such as 2026-03-02")

// Format returns the calendar day of t in WIB as YYYY-MM-DD.
func Format(t time.Time) string { return t.In(jp.WIB).Format(Layout) }

// Parse reads s, a day as YYYY-MM-DD (nothing before or after it), and
// returns midnight UTC of that day.
func Parse(s string) (time.Time, error) {
	t, err := time.Parse(Layout, s)
	if err != nil || len(s) != len(Layout) {
		if len(s) > 40 {
			s = s[:40] + "…"
		}
		return time.Time{}, fmt.Errorf("%q is %w", s, ErrInvalid)
	}
	return t, nil
}

// Day returns midnight UTC of the calendar day of t in WIB: the stored
// form of the day t falls on.
func Day(t time.Time) time.Time {
	y, m, d := t.In(jp.WIB).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// MarshalDate writes t as a Date (gqlgen's marshaller of the scalar).
func MarshalDate(t time.Time) graphql.Marshaler {
	return graphql.WriterFunc(func(w io.Writer) {
		io.WriteString(w, strconv.Quote(Format(t)))
	})
}

// UnmarshalDate reads a Date (gqlgen's unmarshaller of the scalar): a
// string YYYY-MM-DD only; a date and time, or a number, is refused with
// an error that names the format expected.
func UnmarshalDate(v any) (time.Time, error) {
	s, ok := v.(string)
	if !ok {
		return time.Time{}, fmt.Errorf("a %T is %w", v, ErrInvalid)
	}
	return Parse(s)
}
