// Package indicator holds the pure rules of impact indicators (indikator
// kinerja): public-service indicators of an agency, such as the citizen
// satisfaction index (indeks kepuasan masyarakat, IKM), measured per
// period, that programs aim to move.
//
// A Kirkpatrick level-4 (RESULTS) evaluation of a session that names an
// indicator takes its baseline and result from the measurements
// ([Around]): the baseline is the latest measurement whose period ends
// before the session starts, the result the latest measurement whose
// period starts on or after the session ends. Whether a change is an
// improvement, and whether a value meets a target, depend on the
// indicator's [Direction].
package indicator

import (
	"errors"
	"time"
)

// Direction says which way an indicator is better. Its values are the
// API's ImpactIndicatorDirection values.
type Direction string

// Directions.
const (
	HigherIsBetter Direction = "HIGHER_IS_BETTER"
	LowerIsBetter  Direction = "LOWER_IS_BETTER"
)

// Measurement is one measured value of an indicator over a period.
type Measurement struct {
	ID         int
	Start, End time.Time
	Value      float64
}

// ErrPeriod is the cause of a period that ends before it starts.
var ErrPeriod = errors.New("the period ends before it starts")

// CheckPeriod refuses a period ending before its start.
func CheckPeriod(start, end time.Time) error {
	if end.Before(start) {
		return ErrPeriod
	}
	return nil
}

// Around returns the measurements before and after a session running
// from start to end: before is the latest (by period end, then ID) whose
// period ends before start; after is the latest (by period end, then ID)
// whose period starts on or after end. Either is nil when none fits.
func Around(ms []Measurement, start, end time.Time) (before, after *Measurement) {
	later := func(a, b *Measurement) bool {
		return b == nil || a.End.After(b.End) || a.End.Equal(b.End) && a.ID > b.ID
	}
	for i := range ms {
		m := &ms[i]
		if m.End.Before(start) && later(m, before) {
			before = m
		}
		if !m.Start.Before(end) && later(m, after) {
			after = m
		}
	}
	return before, after
}

// Improved reports whether moving from baseline to result is a change
// for the better in direction d; no change is not an improvement.
func Improved(d Direction, baseline, result float64) bool {
	if d == LowerIsBetter {
		return result < baseline
	}
	return result > baseline
}

// Meets reports whether value reaches target in direction d.
func Meets(d Direction, value, target float64) bool {
	if d == LowerIsBetter {
		return value <= target
	}
	return value >= target
}
