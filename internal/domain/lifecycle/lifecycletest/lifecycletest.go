// Package lifecycletest checks what every state machine of the domain
// packages (enrollment, plan) must do, through the functions the package
// exports over its lifecycle.Machine, so that each package's tests state
// only its own table and messages.
package lifecycletest

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"kembang/internal/domain/lifecycle"
)

// API is what a domain package exports over its machine.
type API[S ~string] struct {
	Statuses      func() []S
	Valid         func(S) bool
	Parse         func(string) (S, error)
	Next, Sources func(S) []S
	Allowed       func(from, to S) bool
	Transition    func(from, to S) error
	CheckNew      func(S) error
	// The sentinels the package's errors match.
	ErrStatus, ErrTransition, ErrInitial error
}

// Of returns the API of a package that exports its machine m itself.
func Of[S ~string](m *lifecycle.Machine[S]) API[S] {
	return API[S]{
		Statuses: func() []S { return slices.Clone(m.Statuses) }, Valid: m.Valid, Parse: m.Parse,
		Next: m.Next, Sources: m.Sources, Allowed: m.Allowed, Transition: m.Transition, CheckNew: m.CheckNew,
		ErrStatus: m.ErrStatus, ErrTransition: m.ErrTransition, ErrInitial: m.ErrInitial,
	}
}

// Transitions checks Transition and Allowed on every pair of statuses
// against allowed (so that a change of the table fails), that refusals
// are TransitionErrors naming the current status, and that the pairs of
// unknown hold an unknown status and are refused with ErrStatus.
func Transitions[S ~string](t *testing.T, api API[S], allowed [][2]S, unknown [][2]S) {
	t.Helper()
	for _, from := range api.Statuses() {
		for _, to := range api.Statuses() {
			err := api.Transition(from, to)
			if want := slices.Contains(allowed, [2]S{from, to}); want != (err == nil) {
				t.Errorf("Transition(%s, %s) = %v, want allowed %v", from, to, err, want)
			}
			if api.Allowed(from, to) != (err == nil) {
				t.Errorf("Allowed(%s, %s) disagrees with Transition", from, to)
			}
			if err == nil {
				continue
			}
			var te *lifecycle.TransitionError[S]
			if !errors.As(err, &te) || te.From != from || te.To != to || !errors.Is(err, api.ErrTransition) {
				t.Errorf("Transition(%s, %s) = %#v, want a *TransitionError matching ErrTransition", from, to, err)
			}
			if !strings.Contains(err.Error(), string(from)) {
				t.Errorf("Transition(%s, %s) error %q does not name the current status", from, to, err)
			}
		}
	}
	for _, tt := range unknown {
		err := api.Transition(tt[0], tt[1])
		if !errors.Is(err, api.ErrStatus) || errors.Is(err, api.ErrTransition) {
			t.Errorf("Transition(%q, %q) = %v, want ErrStatus", tt[0], tt[1], err)
		}
	}
}

// Messages checks the message of each refused transition.
func Messages[S ~string](t *testing.T, api API[S], want map[[2]S]string) {
	t.Helper()
	for tt, msg := range want {
		if err := api.Transition(tt[0], tt[1]); err == nil || err.Error() != msg {
			t.Errorf("Transition(%s, %s) = %v, want %q", tt[0], tt[1], err, msg)
		}
	}
}

// Parse checks that Parse accepts every status, refuses each of bad with
// ErrStatus and the zero status, and that its message for "DONE" is
// msg.
func Parse[S ~string](t *testing.T, api API[S], bad []string, msg string) {
	t.Helper()
	for _, s := range api.Statuses() {
		if got, err := api.Parse(string(s)); err != nil || got != s {
			t.Errorf("Parse(%q) = %q, %v", s, got, err)
		}
	}
	for _, in := range bad {
		got, err := api.Parse(in)
		if !errors.Is(err, api.ErrStatus) || got != "" {
			t.Errorf("Parse(%q) = %q, %v; want ErrStatus", in, got, err)
		}
	}
	if _, err := api.Parse("DONE"); err == nil || err.Error() != msg {
		t.Errorf("Parse error = %v, want %q", err, msg)
	}
}

// Edges are the statuses a status leads to and comes from.
type Edges[S ~string] struct {
	Status        S
	Next, Sources []S
}

// NextAndSources checks Next and Sources against want, and that Next
// returns a copy of the table.
func NextAndSources[S ~string](t *testing.T, api API[S], want []Edges[S]) {
	t.Helper()
	for _, tt := range want {
		if got := api.Next(tt.Status); !slices.Equal(got, tt.Next) {
			t.Errorf("Next(%s) = %v, want %v", tt.Status, got, tt.Next)
		}
		if got := api.Sources(tt.Status); !slices.Equal(got, tt.Sources) {
			t.Errorf("Sources(%s) = %v, want %v", tt.Status, got, tt.Sources)
		}
	}
	for _, s := range api.Statuses() {
		n := api.Next(s)
		if len(n) == 0 {
			continue
		}
		first := n[0]
		n[0] = "MUTATED"
		if api.Next(s)[0] != first {
			t.Error("Next shares the transition table with its caller")
		}
		return
	}
}

// CheckNew checks that CheckNew allows exactly the initial statuses,
// refuses the others with ErrInitial and unknown ones with ErrStatus,
// and that its message for refused is msg.
func CheckNew[S ~string](t *testing.T, api API[S], initial []S, refused S, msg string) {
	t.Helper()
	for _, s := range api.Statuses() {
		err := api.CheckNew(s)
		if want := slices.Contains(initial, s); (err == nil) != want {
			t.Errorf("CheckNew(%s) = %v, want allowed %v", s, err, want)
		}
		if err != nil && !errors.Is(err, api.ErrInitial) {
			t.Errorf("CheckNew(%s) = %v, want ErrInitial", s, err)
		}
	}
	if err := api.CheckNew("x"); !errors.Is(err, api.ErrStatus) {
		t.Errorf("CheckNew(x) = %v, want ErrStatus", err)
	}
	if err := api.CheckNew(refused); err == nil || err.Error() != msg {
		t.Errorf("CheckNew(%s) = %v, want %q", refused, err, msg)
	}
}

// DocTable checks that the package documentation in file renders the
// transition table: one line per status with successors, in the order
// of Statuses, then the statuses without, followed by ": " and final (a
// word such as "final" or "terminal").
func DocTable[S ~string](t *testing.T, api API[S], file, final string) {
	t.Helper()
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var want, ends []string
	width := 0
	for _, s := range api.Statuses() {
		if len(api.Next(s)) > 0 {
			width = max(width, len(s))
		}
	}
	for _, s := range api.Statuses() {
		next := api.Next(s)
		if len(next) == 0 {
			ends = append(ends, string(s))
			continue
		}
		names := make([]string, len(next))
		for i, n := range next {
			names[i] = string(n)
		}
		want = append(want, fmt.Sprintf("//\t%-*s -> %s", width, s, strings.Join(names, ", ")))
	}
	want = append(want, "//\t"+strings.Join(ends, ", ")+": "+final)
	block := "\n" + strings.Join(want, "\n") + "\n//\n"
	if !strings.Contains(string(src), block) {
		t.Errorf("package documentation does not render the transition table; want the block\n%s", block)
	}
}

// Fuzz checks one fuzzed transition: unknown statuses give ErrStatus,
// allowed changes are in the table, refusals match ErrTransition and say
// something, and Parse agrees with Valid.
func Fuzz[S ~string](t *testing.T, api API[S], from, to string) {
	t.Helper()
	err := api.Transition(S(from), S(to))
	ok := api.Valid(S(from)) && api.Valid(S(to))
	switch {
	case !ok && !errors.Is(err, api.ErrStatus):
		t.Fatalf("Transition(%q, %q) = %v, want ErrStatus", from, to, err)
	case ok && err == nil && !slices.Contains(api.Next(S(from)), S(to)):
		t.Fatalf("Transition(%q, %q) allowed a change outside the table", from, to)
	case ok && err != nil && !errors.Is(err, api.ErrTransition):
		t.Fatalf("Transition(%q, %q) = %v, want ErrTransition", from, to, err)
	case err != nil && err.Error() == "":
		t.Fatalf("Transition(%q, %q) returned an empty message", from, to)
	}
	if _, perr := api.Parse(from); (perr == nil) != api.Valid(S(from)) {
		t.Fatalf("Parse(%q) = %v, disagrees with Valid", from, perr)
	}
}

// Seeds adds every pair of statuses, and extra pairs, to f's corpus.
func Seeds[S ~string](f *testing.F, api API[S], extra ...[2]string) {
	for _, a := range api.Statuses() {
		for _, b := range api.Statuses() {
			f.Add(string(a), string(b))
		}
	}
	for _, e := range extra {
		f.Add(e[0], e[1])
	}
}
