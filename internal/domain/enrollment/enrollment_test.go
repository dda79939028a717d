package enrollment

import (
	"fmt"
	"slices"
	"testing"

	"kembang/internal/domain/lifecycle/lifecycletest"
)

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

// api is the package's state machine as lifecycletest checks it.
var api = lifecycletest.API[Status]{
	Statuses: Statuses, Valid: Status.Valid, Parse: ParseStatus, Next: Next, Sources: Sources,
	Allowed: Allowed, Transition: Transition, CheckNew: CheckNew,
	ErrStatus: ErrStatus, ErrTransition: ErrTransition, ErrInitial: ErrInitial,
}

func TestTransition(t *testing.T) {
	lifecycletest.Transitions(t, api, [][2]Status{
		{Nominated, Registered},
		{Nominated, Waitlisted},
		{Nominated, Withdrawn},
		{Waitlisted, Registered},
		{Waitlisted, Withdrawn},
		{Registered, Attended},
		{Registered, Withdrawn},
		{Attended, Completed},
		{Attended, Failed},
	}, [][2]Status{{"", Registered}, {"registered", Attended}, {Registered, "DONE"}})
}

func TestTransitionMessages(t *testing.T) {
	lifecycletest.Messages(t, api, map[[2]Status]string{
		{Waitlisted, Completed}:  "cannot complete an enrollment that is WAITLISTED (allowed from ATTENDED)",
		{Nominated, Attended}:    "cannot mark attendance for an enrollment that is NOMINATED (allowed from REGISTERED)",
		{Attended, Withdrawn}:    "cannot withdraw an enrollment that is ATTENDED (allowed from NOMINATED, REGISTERED or WAITLISTED)",
		{Completed, Withdrawn}:   "cannot withdraw an enrollment that is COMPLETED (COMPLETED is final; allowed from NOMINATED, REGISTERED or WAITLISTED)",
		{Withdrawn, Registered}:  "cannot register an enrollment that is WITHDRAWN (WITHDRAWN is final; allowed from NOMINATED or WAITLISTED)",
		{Registered, Waitlisted}: "cannot waitlist an enrollment that is REGISTERED (allowed from NOMINATED)",
		{Registered, Failed}:     "cannot fail an enrollment that is REGISTERED (allowed from ATTENDED)",
		{Registered, Nominated}:  "cannot nominate an enrollment that is REGISTERED (NOMINATED is only a starting status)",
		{Failed, Nominated}:      "cannot nominate an enrollment that is FAILED (FAILED is final)",
		{Attended, Attended}:     "the enrollment is already ATTENDED",
		{Withdrawn, Withdrawn}:   "the enrollment is already WITHDRAWN",
	})
}

func TestParseStatus(t *testing.T) {
	lifecycletest.Parse(t, api, []string{"", "registered", " REGISTERED", "DONE"},
		`unknown enrollment status "DONE" (want one of NOMINATED, REGISTERED, WAITLISTED, ATTENDED, COMPLETED, FAILED or WITHDRAWN)`)
}

func TestNextAndSources(t *testing.T) {
	lifecycletest.NextAndSources(t, api, []lifecycletest.Edges[Status]{
		{Status: Nominated, Next: []Status{Registered, Waitlisted, Withdrawn}},
		{Status: Registered, Next: []Status{Attended, Withdrawn}, Sources: []Status{Nominated, Waitlisted}},
		{Status: Waitlisted, Next: []Status{Registered, Withdrawn}, Sources: []Status{Nominated}},
		{Status: Attended, Next: []Status{Completed, Failed}, Sources: []Status{Registered}},
		{Status: Completed, Sources: []Status{Attended}},
		{Status: Failed, Sources: []Status{Attended}},
		{Status: Withdrawn, Sources: []Status{Nominated, Registered, Waitlisted}},
		{Status: "BOGUS"},
	})
}

func TestCheckNew(t *testing.T) {
	lifecycletest.CheckNew(t, api, []Status{Nominated, Registered, Waitlisted}, Completed,
		"a new enrollment must be NOMINATED, REGISTERED or WAITLISTED, not COMPLETED")
}

// TestDocTable checks that the package documentation renders the
// transition table.
func TestDocTable(t *testing.T) { lifecycletest.DocTable(t, api, "enrollment.go", "terminal") }

func FuzzTransition(f *testing.F) {
	lifecycletest.Seeds(f, api, [2]string{"", ""}, [2]string{"registered", "ATTENDED"})
	f.Fuzz(func(t *testing.T, from, to string) { lifecycletest.Fuzz(t, api, from, to) })
}
