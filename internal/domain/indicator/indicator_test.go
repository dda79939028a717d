package indicator

import (
	"errors"
	"testing"
	"time"
)

func day(m time.Month, d int) time.Time { return time.Date(2026, m, d, 0, 0, 0, 0, time.UTC) }

func TestCheckPeriod(t *testing.T) {
	if err := CheckPeriod(day(1, 1), day(3, 31)); err != nil {
		t.Errorf("quarter: %v", err)
	}
	if err := CheckPeriod(day(1, 1), day(1, 1)); err != nil {
		t.Errorf("one day: %v", err)
	}
	if err := CheckPeriod(day(3, 1), day(1, 1)); !errors.Is(err, ErrPeriod) {
		t.Errorf("backwards: %v", err)
	}
}

func TestAround(t *testing.T) {
	q1 := Measurement{ID: 1, Start: day(1, 1), End: day(3, 31), Value: 70}
	q2 := Measurement{ID: 2, Start: day(4, 1), End: day(6, 30), Value: 72}
	q3 := Measurement{ID: 3, Start: day(7, 1), End: day(9, 30), Value: 75}
	q4 := Measurement{ID: 4, Start: day(10, 1), End: day(12, 31), Value: 79}
	q2again := Measurement{ID: 5, Start: day(4, 1), End: day(6, 30), Value: 73}
	tests := []struct {
		name          string
		ms            []Measurement
		start, end    time.Time
		before, after int // IDs; 0: none
	}{
		{"between quarters", []Measurement{q4, q1, q3, q2}, day(5, 10), day(5, 14), 1, 4},
		{"session at a period's end", []Measurement{q1, q2, q3}, day(6, 30), day(7, 1), 1, 3},
		{"nothing before", []Measurement{q2, q3}, day(2, 1), day(2, 5), 0, 3},
		{"nothing after", []Measurement{q1, q2}, day(8, 1), day(8, 5), 2, 0},
		{"none", nil, day(8, 1), day(8, 5), 0, 0},
		{"a period covering the session counts for neither", []Measurement{q3}, day(8, 1), day(8, 5), 0, 0},
		{"same period: the later record", []Measurement{q2again, q2}, day(7, 10), day(7, 12), 5, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, a := Around(tt.ms, tt.start, tt.end)
			if id(b) != tt.before || id(a) != tt.after {
				t.Errorf("Around = %d, %d; want %d, %d", id(b), id(a), tt.before, tt.after)
			}
		})
	}
}

func id(m *Measurement) int {
	if m == nil {
		return 0
	}
	return m.ID
}

func TestImprovedMeets(t *testing.T) {
	tests := []struct {
		d                        Direction
		baseline, result, target float64
		improved, meets          bool
	}{
		{HigherIsBetter, 70, 75, 80, true, false},
		{HigherIsBetter, 70, 80, 80, true, true},
		{HigherIsBetter, 70, 70, 65, false, true},
		{LowerIsBetter, 10, 7, 5, true, false},
		{LowerIsBetter, 10, 5, 5, true, true},
		{LowerIsBetter, 10, 12, 15, false, true},
	}
	for _, tt := range tests {
		if got := Improved(tt.d, tt.baseline, tt.result); got != tt.improved {
			t.Errorf("Improved(%s, %g, %g) = %v", tt.d, tt.baseline, tt.result, got)
		}
		if got := Meets(tt.d, tt.result, tt.target); got != tt.meets {
			t.Errorf("Meets(%s, %g, %g) = %v", tt.d, tt.result, tt.target, got)
		}
	}
}
