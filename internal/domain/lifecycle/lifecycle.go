// Package lifecycle is a small state machine over string statuses, shared
// by the workflows whose records move through statuses (enrollments,
// development plans): the table of allowed transitions, the statuses a
// record may start in, and refusals whose messages name the current
// status and where the change is allowed from, safe to show to API
// clients.
package lifecycle

import (
	"fmt"
	"slices"
	"strings"

	"kembang/internal/domain/phrase"
)

// Machine is a state machine over statuses S. A status with no
// transitions is final.
type Machine[S ~string] struct {
	Noun        string       // the record, with its article: "an enrollment"
	Statuses    []S          // every status, in life-cycle order
	Transitions map[S][]S    // for each status, the statuses it may move to
	Initial     []S          // the statuses a new record may have
	Verbs       map[S]string // the action leading to a status: "complete"
	Otherwise   string       // the action for a status without a verb, before its name: "move to "

	ErrStatus     error // wrapped for a string that is not a status
	ErrTransition error // matched by every *TransitionError of the machine
	ErrInitial    error // wrapped by CheckNew for a status a new record cannot have
}

// Valid reports whether s is one of the statuses.
func (m *Machine[S]) Valid(s S) bool {
	_, ok := m.Transitions[s]
	return ok
}

// Parse returns the status named s (exact spelling), or an error wrapping
// ErrStatus.
func (m *Machine[S]) Parse(s string) (S, error) {
	if st := S(s); m.Valid(st) {
		return st, nil
	}
	return "", phrase.Errorf("%w %q (want one of %s)", m.ErrStatus, s, Join(m.Statuses))
}

// Next returns the statuses s may move to, in life-cycle order.
func (m *Machine[S]) Next(s S) []S { return slices.Clone(m.Transitions[s]) }

// Sources returns the statuses from which a record may move to s, in
// life-cycle order.
func (m *Machine[S]) Sources(s S) []S {
	var from []S
	for _, f := range m.Statuses {
		if slices.Contains(m.Transitions[f], s) {
			from = append(from, f)
		}
	}
	return from
}

// Allowed reports whether a record may move from one status to another.
func (m *Machine[S]) Allowed(from, to S) bool { return slices.Contains(m.Transitions[from], to) }

// Final reports whether s allows no further change.
func (m *Machine[S]) Final(s S) bool { return m.Valid(s) && len(m.Transitions[s]) == 0 }

// Transition returns nil when a record may move from one status to
// another, and otherwise an error wrapping ErrStatus for an unknown status
// or a *TransitionError naming both statuses.
func (m *Machine[S]) Transition(from, to S) error {
	if !m.Valid(from) {
		return phrase.Errorf("%w %q", m.ErrStatus, from)
	}
	if !m.Valid(to) {
		return phrase.Errorf("%w %q", m.ErrStatus, to)
	}
	if m.Allowed(from, to) {
		return nil
	}
	return &TransitionError[S]{From: from, To: to, m: m}
}

// CheckNew returns nil when a new record may have status s, and otherwise
// an error wrapping ErrInitial or ErrStatus.
func (m *Machine[S]) CheckNew(s S) error {
	if !m.Valid(s) {
		return phrase.Errorf("%w %q", m.ErrStatus, s)
	}
	if !slices.Contains(m.Initial, s) {
		return phrase.Errorf("%w, not %s", m.ErrInitial, s)
	}
	return nil
}

// TransitionError reports a refused status change. Match it with
// errors.Is(err, ErrTransition) or errors.As.
type TransitionError[S ~string] struct {
	From S // current status
	To   S // status asked for
	m    *Machine[S]
}

// Error describes the refusal with the current status and where the change
// is allowed from, e.g. "cannot complete an enrollment that is WAITLISTED
// (allowed from ATTENDED)".
func (e *TransitionError[S]) Error() string {
	m := e.m
	if e.From == e.To {
		return fmt.Sprintf("the %s is already %s", noun(m.Noun), e.From)
	}
	verb, ok := m.Verbs[e.To]
	if !ok {
		verb = m.Otherwise + string(e.To)
	}
	var why string
	switch from := m.Sources(e.To); {
	case m.Final(e.From):
		why = fmt.Sprintf("%s is final", e.From)
		if len(from) > 0 {
			why += "; allowed from " + Join(from)
		}
	case len(from) == 0:
		why = fmt.Sprintf("%s is only a starting status", e.To)
	default:
		why = "allowed from " + Join(from)
	}
	return fmt.Sprintf("cannot %s %s that is %s (%s)", verb, m.Noun, e.From, why)
}

// Is makes errors.Is(err, ErrTransition) true.
func (e *TransitionError[S]) Is(target error) bool { return target == e.m.ErrTransition }

// noun drops the article of "an enrollment".
func noun(s string) string {
	_, n, ok := strings.Cut(s, " ")
	if !ok {
		return s
	}
	return n
}

// Join lists statuses for messages: "A", "A or B", "A, B or C".
func Join[S ~string](ss []S) string {
	names := make([]string, len(ss))
	for i, s := range ss {
		names[i] = string(s)
	}
	if len(names) <= 1 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}
