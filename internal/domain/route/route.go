// Package route holds the development routes (jalur) and their forms
// (bentuk pengembangan kompetensi), after Peraturan LAN 10/2018: the enum
// values of programs and plan items and the rule that a form belongs to
// its route.
package route

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Routes maps each development route to its forms. It is a slice, not a
// map, so that generated enums keep a stable order.
var Routes = []struct {
	Route string
	Forms []string
}{
	{"EDUCATION", []string{"TUGAS_BELAJAR", "IZIN_BELAJAR"}},
	{"CLASSICAL", []string{
		"LEADERSHIP_TRAINING", "MANAGERIAL_TRAINING", "TECHNICAL_TRAINING", "FUNCTIONAL_TRAINING",
		"SOCIOCULTURAL_TRAINING", "SEMINAR", "WORKSHOP", "COURSE", "PENATARAN", "BIMTEK", "SOCIALIZATION",
	}},
	{"NON_CLASSICAL", []string{
		"COACHING", "MENTORING", "E_LEARNING", "DISTANCE_LEARNING", "SECONDMENT", "OUTDOOR_LEARNING",
		"BENCHMARKING", "EXCHANGE", "SELF_STUDY", "COMMUNITY_OF_PRACTICE", "ON_THE_JOB", "INTERNSHIP",
	}},
}

// Forms lists every form, route by route.
func Forms() []string {
	var all []string
	for _, r := range Routes {
		all = append(all, r.Forms...)
	}
	return all
}

// ErrUnknownRoute is wrapped by [CheckForm]'s error for a route not in
// [Routes].
var ErrUnknownRoute = errors.New("unknown route")

// ErrForm is wrapped by [CheckForm]'s error for a form of another route.
var ErrForm = errors.New("form outside its route")

// checkError is an error of [CheckForm]: its message, safe to show, and
// the sentinel it wraps.
type checkError struct {
	msg  string
	kind error
}

func (e *checkError) Error() string { return e.msg }
func (e *checkError) Unwrap() error { return e.kind }

// CheckForm reports whether form belongs to route: nil if it does, an
// error wrapping [ErrForm] (naming the allowed forms) if it does not, and
// one wrapping [ErrUnknownRoute] for an unknown route.
func CheckForm(route, form string) error {
	for _, r := range Routes {
		if r.Route == route {
			if slices.Contains(r.Forms, form) {
				return nil
			}
			return &checkError{fmt.Sprintf("%s is not a form of the %s route (allowed: %s)", form, route, strings.Join(r.Forms, ", ")), ErrForm}
		}
	}
	return &checkError{"unknown route " + route, ErrUnknownRoute}
}
