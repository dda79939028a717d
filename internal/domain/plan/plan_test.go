package plan

import (
	"errors"
	"testing"

	"kembang/internal/domain/lifecycle/lifecycletest"
)

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

// api is the package's state machine as lifecycletest checks it.
var api = lifecycletest.API[Status]{
	Statuses: Statuses, Valid: Status.Valid, Parse: ParseStatus, Next: Next, Sources: Sources,
	Allowed: Allowed, Transition: Transition, CheckNew: CheckNew,
	ErrStatus: ErrStatus, ErrTransition: ErrTransition, ErrInitial: ErrInitial,
}

func TestTransition(t *testing.T) {
	lifecycletest.Transitions(t, api, [][2]Status{
		{Draft, Submitted},
		{Submitted, Approved},
		{Submitted, Returned},
		{Returned, Submitted},
	}, [][2]Status{{"", Submitted}, {"draft", Submitted}, {Submitted, "DONE"}})
}

func TestTransitionMessages(t *testing.T) {
	lifecycletest.Messages(t, api, map[[2]Status]string{
		{Draft, Approved}:      "cannot approve a plan that is DRAFT (allowed from SUBMITTED)",
		{Draft, Returned}:      "cannot return a plan that is DRAFT (allowed from SUBMITTED)",
		{Returned, Approved}:   "cannot approve a plan that is RETURNED (allowed from SUBMITTED)",
		{Approved, Submitted}:  "cannot submit a plan that is APPROVED (APPROVED is final; allowed from DRAFT or RETURNED)",
		{Approved, Returned}:   "cannot return a plan that is APPROVED (APPROVED is final; allowed from SUBMITTED)",
		{Submitted, Draft}:     "cannot move back to DRAFT a plan that is SUBMITTED (DRAFT is only a starting status)",
		{Approved, Draft}:      "cannot move back to DRAFT a plan that is APPROVED (APPROVED is final)",
		{Submitted, Submitted}: "the plan is already SUBMITTED",
		{Approved, Approved}:   "the plan is already APPROVED",
	})
}

func TestParseStatus(t *testing.T) {
	lifecycletest.Parse(t, api, []string{"", "draft", " DRAFT", "DONE"},
		`unknown plan status "DONE" (want one of DRAFT, SUBMITTED, APPROVED or RETURNED)`)
}

func TestNextAndSources(t *testing.T) {
	lifecycletest.NextAndSources(t, api, []lifecycletest.Edges[Status]{
		{Status: Draft, Next: []Status{Submitted}},
		{Status: Submitted, Next: []Status{Approved, Returned}, Sources: []Status{Draft, Returned}},
		{Status: Approved, Sources: []Status{Submitted}},
		{Status: Returned, Next: []Status{Submitted}, Sources: []Status{Submitted}},
		{Status: "BOGUS"},
	})
}

func TestCheckNew(t *testing.T) {
	lifecycletest.CheckNew(t, api, []Status{Draft}, Approved, "a new plan must be DRAFT, not APPROVED")
}

// TestDocTable checks that the package documentation renders the
// transition table.
func TestDocTable(t *testing.T) { lifecycletest.DocTable(t, api, "plan.go", "final") }

func FuzzTransition(f *testing.F) {
	lifecycletest.Seeds(f, api, [2]string{"", ""}, [2]string{"draft", "SUBMITTED"})
	f.Fuzz(func(t *testing.T, from, to string) { lifecycletest.Fuzz(t, api, from, to) })
}
