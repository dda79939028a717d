package enrollment

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
)

func TestTransition(t *testing.T) {
	allowed := map[[2]Status]bool{
		{Nominated, Registered}:  true,
		{Nominated, Waitlisted}:  true,
		{Nominated, Withdrawn}:   true,
		{Waitlisted, Registered}: true,
		{Waitlisted, Withdrawn}:  true,
		{Registered, Attended}:   true,
		{Registered, Withdrawn}:  true,
		{Attended, Completed}:    true,
		{Attended, Failed}:       true,
	}
	// Every pair of statuses, so that a change to the table fails here.
	for _, from := range Statuses() {
		for _, to := range Statuses() {
			err := Transition(from, to)
			if want := allowed[[2]Status{from, to}]; want != (err == nil) {
				t.Errorf("Transition(%s, %s) = %v, want allowed %v", from, to, err, want)
			}
			if Allowed(from, to) != (err == nil) {
				t.Errorf("Allowed(%s, %s) disagrees with Transition", from, to)
			}
			if err == nil {
				continue
			}
			var te *TransitionError
			if !errors.As(err, &te) || te.From != from || te.To != to || !errors.Is(err, ErrTransition) {
				t.Errorf("Transition(%s, %s) = %#v, want a *TransitionError matching ErrTransition", from, to, err)
			}
			if !strings.Contains(err.Error(), string(from)) {
				t.Errorf("Transition(%s, %s) error %q does not name the current status", from, to, err)
			}
		}
	}
}

func TestTransitionMessages(t *testing.T) {
	tests := []struct {
		from, to Status
		want     string
	}{
		{Waitlisted, Completed, "cannot complete an enrollment that is WAITLISTED (allowed from ATTENDED)"},
		{Nominated, Attended, "cannot mark attendance for an enrollment that is NOMINATED (allowed from REGISTERED)"},
		{Attended, Withdrawn, "cannot withdraw an enrollment that is ATTENDED (allowed from NOMINATED, REGISTERED or WAITLISTED)"},
		{Completed, Withdrawn, "cannot withdraw an enrollment that is COMPLETED (COMPLETED is final; allowed from NOMINATED, REGISTERED or WAITLISTED)"},
		{Withdrawn, Registered, "cannot register an enrollment that is WITHDRAWN (WITHDRAWN is final; allowed from NOMINATED or WAITLISTED)"},
		{Registered, Waitlisted, "cannot waitlist an enrollment that is REGISTERED (allowed from NOMINATED)"},
		{Registered, Failed, "cannot fail an enrollment that is REGISTERED (allowed from ATTENDED)"},
		{Registered, Nominated, "cannot nominate an enrollment that is REGISTERED (NOMINATED is only a starting status)"},
		{Failed, Nominated, "cannot nominate an enrollment that is FAILED (FAILED is final)"},
		{Attended, Attended, "the enrollment is already ATTENDED"},
		{Withdrawn, Withdrawn, "the enrollment is already WITHDRAWN"},
	}
	for _, tt := range tests {
		err := Transition(tt.from, tt.to)
		if err == nil || err.Error() != tt.want {
			t.Errorf("Transition(%s, %s) = %v, want %q", tt.from, tt.to, err, tt.want)
		}
	}
}

func TestTransitionUnknown(t *testing.T) {
	for _, tt := range [][2]Status{{"", Registered}, {"registered", Attended}, {Registered, "DONE"}} {
		err := Transition(tt[0], tt[1])
		if !errors.Is(err, ErrStatus) || errors.Is(err, ErrTransition) {
			t.Errorf("Transition(%q, %q) = %v, want ErrStatus", tt[0], tt[1], err)
		}
	}
}

func TestParseStatus(t *testing.T) {
	for _, s := range Statuses() {
		if got, err := ParseStatus(string(s)); err != nil || got != s {
			t.Errorf("ParseStatus(%q) = %q, %v", s, got, err)
		}
	}
	for _, in := range []string{"", "registered", " REGISTERED", "DONE"} {
		got, err := ParseStatus(in)
		if !errors.Is(err, ErrStatus) || got != "" {
			t.Errorf("ParseStatus(%q) = %q, %v; want ErrStatus", in, got, err)
		}
	}
	_, err := ParseStatus("DONE")
	want := `unknown enrollment status "DONE" (want one of NOMINATED, REGISTERED, WAITLISTED, ATTENDED, COMPLETED, FAILED or WITHDRAWN)`
	if err.Error() != want {
		t.Errorf("ParseStatus error = %q, want %q", err, want)
	}
}

func TestNextAndSources(t *testing.T) {
	tests := []struct {
		s             Status
		next, sources []Status
	}{
		{Nominated, []Status{Registered, Waitlisted, Withdrawn}, nil},
		{Registered, []Status{Attended, Withdrawn}, []Status{Nominated, Waitlisted}},
		{Waitlisted, []Status{Registered, Withdrawn}, []Status{Nominated}},
		{Attended, []Status{Completed, Failed}, []Status{Registered}},
		{Completed, nil, []Status{Attended}},
		{Failed, nil, []Status{Attended}},
		{Withdrawn, nil, []Status{Nominated, Registered, Waitlisted}},
		{"BOGUS", nil, nil},
	}
	for _, tt := range tests {
		if got := Next(tt.s); !slices.Equal(got, tt.next) {
			t.Errorf("Next(%s) = %v, want %v", tt.s, got, tt.next)
		}
		if got := Sources(tt.s); !slices.Equal(got, tt.sources) {
			t.Errorf("Sources(%s) = %v, want %v", tt.s, got, tt.sources)
		}
	}
	// Next returns a copy.
	n := Next(Nominated)
	n[0] = Failed
	if Next(Nominated)[0] != Registered {
		t.Error("Next shares the transition table with its caller")
	}
}

func TestPredicates(t *testing.T) {
	tests := []struct {
		s                                      Status
		valid, open, active, terminal, holding bool
	}{
		{Nominated, true, true, true, false, false},
		{Registered, true, true, true, false, true},
		{Waitlisted, true, true, true, false, false},
		{Attended, true, false, true, false, true},
		{Completed, true, false, false, true, true},
		{Failed, true, false, false, true, true},
		{Withdrawn, true, false, false, true, false},
		{"", false, false, false, false, false},
		{"completed", false, false, false, false, false},
	}
	for _, tt := range tests {
		got := []bool{tt.s.Valid(), Open(tt.s), Active(tt.s), Terminal(tt.s), HoldsSeat(tt.s)}
		want := []bool{tt.valid, tt.open, tt.active, tt.terminal, tt.holding}
		if !slices.Equal(got, want) {
			t.Errorf("%q: Valid, Open, Active, Terminal, HoldsSeat = %v, want %v", tt.s, got, want)
		}
	}
}

// TestWithdrawFromOpen checks the documented rule: withdrawal is allowed
// from exactly the open statuses.
func TestWithdrawFromOpen(t *testing.T) {
	for _, s := range Statuses() {
		if Allowed(s, Withdrawn) != Open(s) {
			t.Errorf("Allowed(%s, WITHDRAWN) = %v, Open = %v", s, Allowed(s, Withdrawn), Open(s))
		}
	}
}

// TestSeatReleasedOnlyByWithdrawal checks that, under the table, a seat
// once held is released only by withdrawal.
func TestSeatReleasedOnlyByWithdrawal(t *testing.T) {
	var freeing []string
	for _, from := range Statuses() {
		for _, to := range Next(from) {
			if FreesSeat(from, to) {
				freeing = append(freeing, fmt.Sprintf("%s->%s", from, to))
			}
		}
	}
	if want := []string{"REGISTERED->WITHDRAWN"}; !slices.Equal(freeing, want) {
		t.Errorf("seat-freeing transitions = %v, want %v", freeing, want)
	}
}

func TestCheckNew(t *testing.T) {
	for _, s := range Statuses() {
		err := CheckNew(s)
		want := s == Nominated || s == Registered || s == Waitlisted
		if (err == nil) != want {
			t.Errorf("CheckNew(%s) = %v, want allowed %v", s, err, want)
		}
		if err != nil && !errors.Is(err, ErrInitial) {
			t.Errorf("CheckNew(%s) = %v, want ErrInitial", s, err)
		}
	}
	if err := CheckNew("x"); !errors.Is(err, ErrStatus) {
		t.Errorf("CheckNew(x) = %v, want ErrStatus", err)
	}
	if got, want := CheckNew(Completed).Error(), "a new enrollment must be NOMINATED, REGISTERED or WAITLISTED, not COMPLETED"; got != want {
		t.Errorf("CheckNew(COMPLETED) = %q, want %q", got, want)
	}
}

// TestDocTable checks that the package documentation renders the
// transition table.
func TestDocTable(t *testing.T) {
	src, err := os.ReadFile("enrollment.go")
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	var terminal []string
	width := 0
	for _, s := range Statuses() {
		if len(Next(s)) > 0 {
			width = max(width, len(s))
		}
	}
	for _, s := range Statuses() {
		if next := Next(s); len(next) > 0 {
			names := make([]string, len(next))
			for i, n := range next {
				names[i] = string(n)
			}
			want = append(want, fmt.Sprintf("//\t%-*s -> %s", width, s, strings.Join(names, ", ")))
		} else {
			terminal = append(terminal, string(s))
		}
	}
	want = append(want, "//\t"+strings.Join(terminal, ", ")+": terminal")
	block := "\n" + strings.Join(want, "\n") + "\n//\n"
	if !strings.Contains(string(src), block) {
		t.Errorf("package documentation does not render the transition table; want the block\n%s", block)
	}
}

func FuzzTransition(f *testing.F) {
	for _, a := range Statuses() {
		for _, b := range Statuses() {
			f.Add(string(a), string(b))
		}
	}
	f.Add("", "")
	f.Add("registered", "ATTENDED")
	f.Fuzz(func(t *testing.T, from, to string) {
		err := Transition(Status(from), Status(to))
		ok := Status(from).Valid() && Status(to).Valid()
		switch {
		case !ok && !errors.Is(err, ErrStatus):
			t.Fatalf("Transition(%q, %q) = %v, want ErrStatus", from, to, err)
		case ok && err == nil && !slices.Contains(Next(Status(from)), Status(to)):
			t.Fatalf("Transition(%q, %q) allowed a change outside the table", from, to)
		case ok && err != nil && !errors.Is(err, ErrTransition):
			t.Fatalf("Transition(%q, %q) = %v, want ErrTransition", from, to, err)
		case err != nil && err.Error() == "":
			t.Fatalf("Transition(%q, %q) returned an empty message", from, to)
		}
		if _, perr := ParseStatus(from); (perr == nil) != Status(from).Valid() {
			t.Fatalf("ParseStatus(%q) = %v, disagrees with Valid", from, perr)
		}
	})
}
