package jp

import (
	"errors"
	"math"

	"kembang/internal/domain/phrase"
)

// Employment types, as in the API's EmployeeEmploymentType.
const (
	PNS  = "PNS"
	PPPK = "PPPK"
)

// ErrEmploymentType is returned by [Target] for an employment type it has
// no target for.
var ErrEmploymentType = errors.New("unknown employment type")

// Targets holds the annual JP target of each employment type: an employee
// whose credited JP in a year reach the target meets it ([Meets]).
//
// PNS: PP 11/2017 art. 203(4) (as amended by PP 17/2020) gives every PNS
// the right to at least 20 JP a year, so 20 is a floor and the target.
//
// PPPK: PP 49/2018 art. 39 gives a PPPK development of at most ("paling
// lama") 24 JP per contract year. The regulation sets a ceiling, not a
// floor; Kembang reads the ceiling as the standard entitlement and uses it
// as the target, so that "meets the target" means "received the full
// entitlement". An agency that reads the rule differently (for instance no
// PPPK minimum, or the PNS 20) changes the PPPK figure; nothing else
// depends on it. Targets are per calendar year, which approximates the
// PPPK contract year when contracts do not start in January.
type Targets struct {
	PNS  float64
	PPPK float64
}

// DefaultTargets returns the targets described on [Targets]: 20 JP for a
// PNS, 24 JP for a PPPK.
func DefaultTargets() Targets {
	return Targets{PNS: 20, PPPK: 24}
}

// Target returns cfg's annual JP target for employmentType (PNS or PPPK,
// case-sensitive), or [ErrEmploymentType].
func Target(employmentType string, cfg Targets) (float64, error) {
	switch employmentType {
	case PNS:
		return cfg.PNS, nil
	case PPPK:
		return cfg.PPPK, nil
	}
	return 0, phrase.Errorf("%w %q (want %s or %s)", ErrEmploymentType, employmentType, PNS, PPPK)
}

// tolerance absorbs floating-point noise in sums of JP, far below the
// 0.1 JP grid of credited figures.
const tolerance = 1e-6

// Meets reports whether hours reach target. A sum such as
// 6.6 + 6.7 + 6.7, which floats give as 19.999999999999996, meets 20. A
// target of zero or less is always met; NaN hours never meet a target.
func Meets(hours, target float64) bool {
	if target <= 0 {
		return true
	}
	return hours >= target-tolerance
}

// Shortfall returns how many JP are missing to reach target, rounded up
// to one decimal so that an unmet target never shows a zero shortfall;
// zero when the target is met. NaN hours count as none.
func Shortfall(hours, target float64) float64 {
	if math.IsNaN(hours) {
		hours = 0
	}
	if Meets(hours, target) {
		return 0
	}
	return math.Ceil((target-hours)*10-tolerance) / 10
}
