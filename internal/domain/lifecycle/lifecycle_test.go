package lifecycle

import (
	"errors"
	"testing"
)

type light string

var (
	errStatus     = errors.New("unknown light")
	errTransition = errors.New("light change not allowed")
	errInitial    = errors.New("a new light must be RED")
	lights        = &Machine[light]{
		Noun:          "a light",
		Statuses:      []light{"RED", "GREEN", "OFF"},
		Transitions:   map[light][]light{"RED": {"GREEN", "OFF"}, "GREEN": {"RED", "OFF"}, "OFF": nil},
		Initial:       []light{"RED"},
		Verbs:         map[light]string{"GREEN": "open"},
		Otherwise:     "switch to ",
		ErrStatus:     errStatus,
		ErrTransition: errTransition,
		ErrInitial:    errInitial,
	}
)

func TestMachine(t *testing.T) {
	tests := []struct {
		from, to light
		want     string // "" when allowed
		is       error
	}{
		{"RED", "GREEN", "", nil},
		{"OFF", "GREEN", "cannot open a light that is OFF (OFF is final; allowed from RED)", errTransition},
		{"GREEN", "GREEN", "the light is already GREEN", errTransition},
		{"OFF", "RED", "cannot switch to RED a light that is OFF (OFF is final; allowed from GREEN)", errTransition},
		{"RED", "BLUE", `unknown light "BLUE"`, errStatus},
	}
	for _, tt := range tests {
		err := lights.Transition(tt.from, tt.to)
		if tt.want == "" {
			if err != nil {
				t.Errorf("Transition(%s, %s) = %v", tt.from, tt.to, err)
			}
			continue
		}
		if err == nil || err.Error() != tt.want || !errors.Is(err, tt.is) {
			t.Errorf("Transition(%s, %s) = %v, want %q matching %v", tt.from, tt.to, err, tt.want, tt.is)
		}
	}
	if !lights.Final("OFF") || lights.Final("RED") || lights.Final("BLUE") {
		t.Error("Final")
	}
	if err := lights.CheckNew("GREEN"); !errors.Is(err, errInitial) {
		t.Errorf("CheckNew(GREEN) = %v", err)
	}
	if got := Join([]light{"A", "B", "C"}); got != "A, B or C" {
		t.Errorf("Join = %q", got)
	}
}
