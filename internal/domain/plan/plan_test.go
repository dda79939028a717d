package plan

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
		{Draft, Submitted}:     true,
		{Submitted, Approved}:  true,
		{Submitted, Returned}:  true,
		{Returned, Submitted}:  true,
		{Approved, Submitted}:  false,
		{Approved, Returned}:   false,
		{Draft, Approved}:      false,
		{Returned, Approved}:   false,
		{Submitted, Submitted}: false,
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
		{Draft, Approved, "cannot approve a plan that is DRAFT (allowed from SUBMITTED)"},
		{Draft, Returned, "cannot return a plan that is DRAFT (allowed from SUBMITTED)"},
		{Returned, Approved, "cannot approve a plan that is RETURNED (allowed from SUBMITTED)"},
		{Approved, Submitted, "cannot submit a plan that is APPROVED (APPROVED is final; allowed from DRAFT or RETURNED)"},
		{Approved, Returned, "cannot return a plan that is APPROVED (APPROVED is final; allowed from SUBMITTED)"},
		{Submitted, Draft, "cannot move back to DRAFT a plan that is SUBMITTED (DRAFT is only a starting status)"},
		{Approved, Draft, "cannot move back to DRAFT a plan that is APPROVED (APPROVED is final)"},
		{Submitted, Submitted, "the plan is already SUBMITTED"},
		{Approved, Approved, "the plan is already APPROVED"},
	}
	for _, tt := range tests {
		err := Transition(tt.from, tt.to)
		if err == nil || err.Error() != tt.want {
			t.Errorf("Transition(%s, %s) = %v, want %q", tt.from, tt.to, err, tt.want)
		}
	}
}

func TestTransitionUnknown(t *testing.T) {
	for _, tt := range [][2]Status{{"", Submitted}, {"draft", Submitted}, {Submitted, "DONE"}} {
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
	for _, in := range []string{"", "draft", " DRAFT", "DONE"} {
		got, err := ParseStatus(in)
		if !errors.Is(err, ErrStatus) || got != "" {
			t.Errorf("ParseStatus(%q) = %q, %v; want ErrStatus", in, got, err)
		}
	}
	_, err := ParseStatus("DONE")
	want := `unknown plan status "DONE" (want one of DRAFT, SUBMITTED, APPROVED or RETURNED)`
	if err.Error() != want {
		t.Errorf("ParseStatus error = %q, want %q", err, want)
	}
}

func TestNextAndSources(t *testing.T) {
	tests := []struct {
		s             Status
		next, sources []Status
	}{
		{Draft, []Status{Submitted}, nil},
		{Submitted, []Status{Approved, Returned}, []Status{Draft, Returned}},
		{Approved, nil, []Status{Submitted}},
		{Returned, []Status{Submitted}, []Status{Submitted}},
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
	n := Next(Submitted)
	n[0] = Draft
	if Next(Submitted)[0] != Approved {
		t.Error("Next shares the transition table with its caller")
	}
}

func TestFrozen(t *testing.T) {
	for _, s := range Statuses() {
		if Frozen(s) != (s == Approved) {
			t.Errorf("Frozen(%s) = %v", s, Frozen(s))
		}
		// Only a frozen plan has nowhere to go.
		if Frozen(s) != (len(Next(s)) == 0) {
			t.Errorf("Frozen(%s) = %v but Next = %v", s, Frozen(s), Next(s))
		}
	}
}

func TestCheckNew(t *testing.T) {
	for _, s := range Statuses() {
		err := CheckNew(s)
		if (err == nil) != (s == Draft) {
			t.Errorf("CheckNew(%s) = %v, want allowed %v", s, err, s == Draft)
		}
		if err != nil && !errors.Is(err, ErrInitial) {
			t.Errorf("CheckNew(%s) = %v, want ErrInitial", s, err)
		}
	}
	if err := CheckNew("x"); !errors.Is(err, ErrStatus) {
		t.Errorf("CheckNew(x) = %v, want ErrStatus", err)
	}
	if got, want := CheckNew(Approved).Error(), "a new plan must be DRAFT, not APPROVED"; got != want {
		t.Errorf("CheckNew(APPROVED) = %q, want %q", got, want)
	}
}

func TestReason(t *testing.T) {
	tests := []struct {
		in, want string
		err      error
	}{
		{"Anggaran pelatihan melebihi pagu", "Anggaran pelatihan melebihi pagu", nil},
		{"  Lengkapi sasaran\n", "Lengkapi sasaran", nil},
		{"", "", ErrReason},
		{" \t\n ", "", ErrReason},
	}
	for _, tt := range tests {
		got, err := Reason(tt.in)
		if got != tt.want || !errors.Is(err, tt.err) {
			t.Errorf("Reason(%q) = %q, %v; want %q, %v", tt.in, got, err, tt.want, tt.err)
		}
	}
}

// TestDocTable checks that the package documentation renders the
// transition table.
func TestDocTable(t *testing.T) {
	src, err := os.ReadFile("plan.go")
	if err != nil {
		t.Fatal(err)
	}
	var want, final []string
	width := 0
	for _, s := range Statuses() {
		if len(Next(s)) > 0 {
			width = max(width, len(s))
		}
	}
	for _, s := range Statuses() {
		next := Next(s)
		if len(next) == 0 {
			final = append(final, string(s))
			continue
		}
		names := make([]string, len(next))
		for i, n := range next {
			names[i] = string(n)
		}
		want = append(want, fmt.Sprintf("//\t%-*s -> %s", width, s, strings.Join(names, ", ")))
	}
	want = append(want, "//\t"+strings.Join(final, ", ")+": final")
	// The table lists statuses in workflow order except that the final
	// status comes last.
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
	f.Add("draft", "SUBMITTED")
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
	})
}
