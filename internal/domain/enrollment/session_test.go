package enrollment

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
)

func TestCanEnroll(t *testing.T) {
	start := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	before, after := start.Add(-time.Hour), start.Add(time.Hour)
	tests := []struct {
		status string
		now    time.Time
		want   error
	}{
		{SessionOpen, before, nil},
		{SessionPlanned, before, nil},
		{SessionOpen, start.Add(-time.Nanosecond), nil},
		{SessionOpen, start, ErrSessionStarted},
		{SessionOpen, after, ErrSessionStarted},
		{SessionPlanned, after, ErrSessionStarted},
		{SessionOngoing, before, ErrSessionStarted},
		{SessionOngoing, after, ErrSessionStarted},
		{SessionCancelled, before, ErrSessionCancelled},
		{SessionCancelled, after, ErrSessionCancelled},
		{SessionCompleted, before, ErrSessionCompleted},
		{SessionCompleted, after, ErrSessionCompleted},
		{"open", before, ErrSessionStatus},
		{"", before, ErrSessionStatus},
	}
	for _, tt := range tests {
		err := CanEnroll(tt.status, start, tt.now)
		if !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
			t.Errorf("CanEnroll(%q, start, %v) = %v, want %v", tt.status, tt.now.Sub(start), err, tt.want)
		}
	}
}

func TestOverlaps(t *testing.T) {
	d := func(day, hour int) time.Time { return time.Date(2026, 3, day, hour, 0, 0, 0, time.UTC) }
	tests := []struct {
		name                       string
		aStart, aEnd, bStart, bEnd time.Time
		want                       bool
	}{
		{"same period", d(2, 8), d(4, 16), d(2, 8), d(4, 16), true},
		{"b inside a", d(2, 8), d(6, 16), d(3, 8), d(4, 16), true},
		{"partial", d(2, 8), d(4, 16), d(4, 8), d(6, 16), true},
		{"same day, later hours", d(2, 8), d(2, 12), d(2, 11), d(2, 16), true},
		{"disjoint", d(2, 8), d(3, 16), d(5, 8), d(6, 16), false},
		{"touching", d(2, 8), d(3, 16), d(3, 16), d(4, 16), false},
		{"same day, apart", d(2, 8), d(2, 12), d(2, 13), d(2, 16), false},
		{"instant inside", d(3, 8), d(3, 8), d(2, 8), d(4, 16), true},
		{"instant at start", d(2, 8), d(2, 8), d(2, 8), d(4, 16), true},
		{"instant at end", d(4, 16), d(4, 16), d(2, 8), d(4, 16), false},
		{"same instant", d(2, 8), d(2, 8), d(2, 8), d(2, 8), true},
		{"reversed period is its start", d(3, 8), d(1, 8), d(2, 8), d(4, 16), true},
		{"reversed period outside", d(5, 8), d(3, 8), d(2, 8), d(4, 16), false},
		{"zones do not matter", d(2, 8).In(time.FixedZone("WIT", 9*3600)), d(2, 12), d(2, 11), d(2, 16), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Overlaps(tt.aStart, tt.aEnd, tt.bStart, tt.bEnd); got != tt.want {
				t.Errorf("Overlaps(a, b) = %v, want %v", got, tt.want)
			}
			if got := Overlaps(tt.bStart, tt.bEnd, tt.aStart, tt.aEnd); got != tt.want {
				t.Errorf("Overlaps(b, a) = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestSessionTransition(t *testing.T) {
	all := []string{SessionPlanned, SessionOpen, SessionOngoing, SessionCompleted, SessionCancelled}
	allowed := map[[2]string]bool{
		{SessionPlanned, SessionOpen}: true, {SessionPlanned, SessionOngoing}: true, {SessionPlanned, SessionCompleted}: true,
		{SessionPlanned, SessionCancelled}: true, {SessionOpen, SessionOngoing}: true, {SessionOpen, SessionCompleted}: true,
		{SessionOpen, SessionCancelled}: true, {SessionOngoing, SessionCompleted}: true, {SessionOngoing, SessionCancelled}: true,
	}
	for _, from := range all {
		for _, to := range all {
			err := SessionTransition(from, to)
			want := allowed[[2]string{from, to}] || from == to
			if (err == nil) != want {
				t.Errorf("SessionTransition(%s, %s) = %v, want allowed %v", from, to, err, want)
			}
			if err != nil && !errors.Is(err, ErrSessionTransition) {
				t.Errorf("SessionTransition(%s, %s) = %v, not an ErrSessionTransition", from, to, err)
			}
		}
	}
	for _, tt := range []struct{ from, to string }{{"open", SessionOpen}, {SessionOpen, ""}, {"", ""}} {
		if err := SessionTransition(tt.from, tt.to); !errors.Is(err, ErrSessionStatus) {
			t.Errorf("SessionTransition(%q, %q) = %v, want ErrSessionStatus", tt.from, tt.to, err)
		}
	}
}

func TestSessionTransitionMessages(t *testing.T) {
	tests := []struct{ from, to, want string }{
		{SessionCompleted, SessionOpen, "cannot open a session that is COMPLETED (COMPLETED is final; allowed from PLANNED)"},
		{SessionCompleted, SessionCancelled, "cannot cancel a session that is COMPLETED (COMPLETED is final; allowed from PLANNED, OPEN or ONGOING)"},
		{SessionCancelled, SessionOngoing, "cannot start a session that is CANCELLED (CANCELLED is final; allowed from PLANNED or OPEN)"},
		{SessionOpen, SessionPlanned, "cannot move back to PLANNED a session that is OPEN (PLANNED is only a starting status)"},
		{SessionOngoing, SessionOpen, "cannot open a session that is ONGOING (allowed from PLANNED)"},
	}
	for _, tt := range tests {
		if err := SessionTransition(tt.from, tt.to); err == nil || err.Error() != tt.want {
			t.Errorf("SessionTransition(%s, %s) = %v, want %q", tt.from, tt.to, err, tt.want)
		}
	}
}

// TestSessionDocTable checks that the comment above sessionTransitions
// renders the table.
func TestSessionDocTable(t *testing.T) {
	src, err := os.ReadFile("session.go")
	if err != nil {
		t.Fatal(err)
	}
	var lines, final []string
	for _, s := range sessionMachine.Statuses {
		next := sessionTransitions[s]
		if len(next) == 0 {
			final = append(final, string(s))
			continue
		}
		names := make([]string, len(next))
		for i, n := range next {
			names[i] = string(n)
		}
		lines = append(lines, fmt.Sprintf("//\t%-9s -> %s", s, strings.Join(names, ", ")))
	}
	lines = append(lines, "//\t"+strings.Join(final, ", ")+": final")
	if block := "\n" + strings.Join(lines, "\n") + "\n"; !strings.Contains(string(src), block) {
		t.Errorf("session.go does not render the session life cycle; want the block\n%s", block)
	}
}

func TestSessionLive(t *testing.T) {
	for s, want := range map[string]bool{SessionPlanned: true, SessionOpen: true, SessionOngoing: true, SessionCompleted: false, SessionCancelled: false, "": false} {
		if got := SessionLive(s); got != want {
			t.Errorf("SessionLive(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestEndsEnrollment(t *testing.T) {
	for _, s := range []string{SessionPlanned, SessionOpen, SessionOngoing, SessionCompleted, SessionCancelled} {
		if got := EndsEnrollment(s); got != (s == SessionCancelled) {
			t.Errorf("EndsEnrollment(%s) = %v", s, got)
		}
	}
}

func TestCanAttend(t *testing.T) {
	start := time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC) // 08:00 WIB
	tests := []struct {
		status string
		at     time.Time
		want   error
	}{
		{SessionOpen, start, nil},
		{SessionOngoing, start.Add(time.Hour), nil},
		{SessionCompleted, start.AddDate(0, 1, 0), nil},
		{SessionPlanned, start.Add(time.Minute), nil},
		{SessionOngoing, start.Add(-time.Nanosecond), ErrNotStarted},
		{SessionOpen, start.AddDate(0, 0, -30), ErrNotStarted},
		{SessionCancelled, start.Add(time.Hour), ErrCancelledDelivery},
		{SessionCancelled, start.Add(-time.Hour), ErrCancelledDelivery},
	}
	for _, tt := range tests {
		err := CanAttend(tt.status, start, tt.at)
		if !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
			t.Errorf("CanAttend(%s, start, %v) = %v, want %v", tt.status, tt.at.Sub(start), err, tt.want)
		}
	}
	if err := CanAttend(SessionOpen, start, start.Add(-time.Hour)); err == nil || !strings.Contains(err.Error(), "it starts 2026-03-02 08:00 WIB") {
		t.Errorf("message %v does not give the start in WIB", err)
	}
}

func TestCanFinish(t *testing.T) {
	start := time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)
	end := time.Date(2026, 3, 6, 9, 0, 0, 0, time.UTC) // 16:00 WIB
	mid := start.AddDate(0, 0, 2)
	tests := []struct {
		status    string
		selfPaced bool
		at        time.Time
		want      error
	}{
		{SessionCompleted, false, end, nil},
		{SessionOngoing, false, end.Add(time.Hour), nil},
		{SessionOngoing, false, mid, ErrNotEnded},
		{SessionOngoing, false, end.Add(-time.Nanosecond), ErrNotEnded},
		{SessionOpen, false, start.Add(-time.Hour), ErrNotEnded},
		{SessionOngoing, true, mid, nil},
		{SessionOngoing, true, start, nil},
		{SessionOpen, true, start.Add(-time.Nanosecond), ErrNotStarted},
		{SessionCancelled, false, end.AddDate(0, 1, 0), ErrCancelledDelivery},
		{SessionCancelled, true, mid, ErrCancelledDelivery},
	}
	for _, tt := range tests {
		err := CanFinish(tt.status, start, end, tt.selfPaced, tt.at)
		if !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
			t.Errorf("CanFinish(%s, self-paced %v, %v) = %v, want %v", tt.status, tt.selfPaced, tt.at, err, tt.want)
		}
	}
}

func TestSelfPaced(t *testing.T) {
	for form, want := range map[string]bool{"E_LEARNING": true, "SELF_STUDY": true, "DISTANCE_LEARNING": false, "SEMINAR": false, "": false} {
		if got := SelfPaced(form); got != want {
			t.Errorf("SelfPaced(%q) = %v, want %v", form, got, want)
		}
	}
}

func TestCheckAgreement(t *testing.T) {
	wib := func(y int, m time.Month, d, h int) time.Time {
		return time.Date(y, m, d, h, 0, 0, 0, time.FixedZone("WIB", 7*3600))
	}
	utcDay := func(y int, m time.Month, d int) *time.Time { t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC); return &t }
	start, end := wib(2026, 3, 2, 8), wib(2026, 3, 6, 16)
	tests := []struct {
		name        string
		from, until *time.Time
		want        error
	}{
		{"covers", utcDay(2025, 1, 1), utcDay(2027, 12, 31), nil},
		{"open-ended", utcDay(2025, 1, 1), nil, nil},
		{"same days", utcDay(2026, 3, 2), utcDay(2026, 3, 6), nil},
		{"starts on the session's first day, midnight WIB", new(wib(2026, 3, 2, 0)), nil, nil},
		{"no agreement", nil, utcDay(2030, 1, 1), ErrNoAgreement},
		{"expired", utcDay(2023, 1, 1), utcDay(2025, 12, 31), ErrAgreementNotInForce},
		{"ends during the session", utcDay(2025, 1, 1), utcDay(2026, 3, 5), ErrAgreementNotInForce},
		{"starts during the session", utcDay(2026, 3, 3), nil, ErrAgreementNotInForce},
		{"not yet in force", utcDay(2026, 4, 1), utcDay(2029, 3, 31), ErrAgreementNotInForce},
	}
	for _, tt := range tests {
		err := CheckAgreement(tt.from, tt.until, start, end)
		if !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
			t.Errorf("%s: CheckAgreement = %v, want %v", tt.name, err, tt.want)
		}
	}
	err := CheckAgreement(utcDay(2023, 1, 1), utcDay(2025, 12, 31), start, end)
	if want := "the agreement is valid from 2023-01-01 to 2025-12-31, the session runs from 2026-03-02 to 2026-03-06"; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("message %v, want it to contain %q", err, want)
	}
}

// TestSessionRecorded: only a COMPLETED session is part of the record.
func TestSessionRecorded(t *testing.T) {
	for _, s := range []string{SessionPlanned, SessionOpen, SessionOngoing, SessionCompleted, SessionCancelled} {
		if got := SessionRecorded(s); got != (s == SessionCompleted) {
			t.Errorf("SessionRecorded(%s) = %v", s, got)
		}
	}
}
