package enrollment

import (
	"errors"
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
