package calendar_test

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"kembang/internal/calendar"
	"kembang/internal/domain/jp"
)

func TestUnmarshalDate(t *testing.T) {
	for _, c := range []struct {
		in   any
		want time.Time
		ok   bool
	}{
		{"2026-03-02", time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC), true},
		{"1986-09-26", time.Date(1986, 9, 26, 0, 0, 0, 0, time.UTC), true},
		{"2024-02-29", time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC), true},
		{"2026-02-29", time.Time{}, false},
		{"2026-3-2", time.Time{}, false},
		{"02-03-2026", time.Time{}, false},
		{"2026-03-02T00:00:00+07:00", time.Time{}, false},
		{"2026-03-02 ", time.Time{}, false},
		{"", time.Time{}, false},
		{"kemarin", time.Time{}, false},
		{20260302, time.Time{}, false},
		{nil, time.Time{}, false},
	} {
		got, err := calendar.UnmarshalDate(c.in)
		if c.ok != (err == nil) || !got.Equal(c.want) {
			t.Errorf("UnmarshalDate(%#v) = %v, %v", c.in, got, err)
		}
		if err != nil && (!errors.Is(err, calendar.ErrInvalid) || !bytes.Contains([]byte(err.Error()), []byte("YYYY-MM-DD"))) {
			t.Errorf("UnmarshalDate(%#v): error %q does not name the format", c.in, err)
		}
	}
}

func TestMarshalDate(t *testing.T) {
	for _, c := range []struct {
		in   time.Time
		want string
	}{
		{time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC), `"2026-03-02"`},          // as stored
		{time.Date(2026, 3, 2, 0, 0, 0, 0, jp.WIB), `"2026-03-02"`},            // midnight WIB
		{time.Date(2025, 12, 31, 18, 0, 0, 0, time.UTC), `"2026-01-01"`},       // 01:00 WIB
		{time.Date(2026, 3, 2, 16, 59, 59, 0, time.UTC), `"2026-03-02"`},       // 23:59:59 WIB
		{time.Date(1985, 1, 15, 0, 0, 0, 0, time.UTC).Local(), `"1985-01-15"`}, // any zone
	} {
		var b bytes.Buffer
		calendar.MarshalDate(c.in).MarshalGQL(&b)
		if b.String() != c.want {
			t.Errorf("MarshalDate(%v) = %s, want %s", c.in, b.String(), c.want)
		}
		// The day written reads back as midnight UTC of the same day.
		back, err := calendar.Parse(c.want[1 : len(c.want)-1])
		if err != nil || !back.Equal(calendar.Day(c.in)) {
			t.Errorf("Parse(%s) = %v, %v; Day = %v", c.want, back, err, calendar.Day(c.in))
		}
	}
}
