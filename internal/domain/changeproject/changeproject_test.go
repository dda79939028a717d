package changeproject

import (
	"errors"
	"testing"

	"kembang/internal/domain/lifecycle/lifecycletest"
)

// api is the package's state machine as lifecycletest checks it.
var api = lifecycletest.Of(Machine)

func TestTransition(t *testing.T) {
	lifecycletest.Transitions(t, api, [][2]Status{
		{Draft, Submitted},
		{Submitted, Accepted},
		{Submitted, Returned},
		{Returned, Submitted},
	}, [][2]Status{{"", Submitted}, {"draft", Submitted}, {Submitted, "DONE"}})
}

func TestTransitionMessages(t *testing.T) {
	lifecycletest.Messages(t, api, map[[2]Status]string{
		{Draft, Accepted}:     "cannot accept a change project that is DRAFT (allowed from SUBMITTED)",
		{Returned, Accepted}:  "cannot accept a change project that is RETURNED (allowed from SUBMITTED)",
		{Accepted, Returned}:  "cannot return a change project that is ACCEPTED (ACCEPTED is final; allowed from SUBMITTED)",
		{Accepted, Submitted}: "cannot submit a change project that is ACCEPTED (ACCEPTED is final; allowed from DRAFT or RETURNED)",
		{Submitted, Draft}:    "cannot move back to DRAFT a change project that is SUBMITTED (DRAFT is only a starting status)",
		{Accepted, Accepted}:  "the change project is already ACCEPTED",
	})
}

func TestParseStatus(t *testing.T) {
	lifecycletest.Parse(t, api, []string{"", "draft", " DRAFT", "DONE"},
		`unknown change project status "DONE" (want one of DRAFT, SUBMITTED, ACCEPTED or RETURNED)`)
}

func TestNextAndSources(t *testing.T) {
	lifecycletest.NextAndSources(t, api, []lifecycletest.Edges[Status]{
		{Status: Draft, Next: []Status{Submitted}},
		{Status: Submitted, Next: []Status{Accepted, Returned}, Sources: []Status{Draft, Returned}},
		{Status: Accepted, Sources: []Status{Submitted}},
		{Status: Returned, Next: []Status{Submitted}, Sources: []Status{Submitted}},
	})
}

func TestCheckNew(t *testing.T) {
	lifecycletest.CheckNew(t, api, []Status{Draft}, Accepted, "a new change project must be DRAFT, not ACCEPTED")
}

func TestDocTable(t *testing.T) {
	lifecycletest.DocTable(t, api, "changeproject.go", "final")
}

func TestEditableAndDecision(t *testing.T) {
	for _, s := range statuses {
		if got, want := Editable(s), s == Draft || s == Returned; got != want {
			t.Errorf("Editable(%s) = %v", s, got)
		}
		if got, want := Decision(s), s == Accepted || s == Returned; got != want {
			t.Errorf("Decision(%s) = %v", s, got)
		}
	}
}

func TestReason(t *testing.T) {
	tests := []struct {
		in, want string
		err      error
	}{
		{"Lengkapi data kepuasan masyarakat", "Lengkapi data kepuasan masyarakat", nil},
		{"  Tambahkan tonggak capaian\n", "Tambahkan tonggak capaian", nil},
		{"", "", ErrReason},
		{" \t ", "", ErrReason},
	}
	for _, tt := range tests {
		got, err := Reason(tt.in)
		if got != tt.want || !errors.Is(err, tt.err) {
			t.Errorf("Reason(%q) = %q, %v; want %q, %v", tt.in, got, err, tt.want, tt.err)
		}
	}
}

func TestEligible(t *testing.T) {
	tests := []struct {
		required   bool
		enrollment string
		err        error
	}{
		{true, "COMPLETED", nil},
		{false, "COMPLETED", ErrNotRequired},
		{false, "FAILED", ErrNotRequired},
		{true, "FAILED", ErrNotCompleted},
		{true, "ATTENDED", ErrNotCompleted},
		{true, "REGISTERED", ErrNotCompleted},
		{true, "WITHDRAWN", ErrNotCompleted},
	}
	for _, tt := range tests {
		if err := Eligible(tt.required, tt.enrollment); !errors.Is(err, tt.err) || (tt.err == nil) != (err == nil) {
			t.Errorf("Eligible(%v, %s) = %v, want %v", tt.required, tt.enrollment, err, tt.err)
		}
	}
}

func FuzzTransition(f *testing.F) {
	f.Add("DRAFT", "SUBMITTED")
	f.Add("ACCEPTED", "RETURNED")
	f.Fuzz(func(t *testing.T, from, to string) { lifecycletest.Fuzz(t, api, from, to) })
}
