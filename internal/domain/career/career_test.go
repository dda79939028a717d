package career

import (
	"errors"
	"testing"
	"time"

	"kembang/internal/domain/lifecycle/lifecycletest"
)

var api = lifecycletest.Of(Machine)

func TestTransition(t *testing.T) {
	lifecycletest.Transitions(t, api, [][2]Status{
		{Planned, Ongoing}, {Planned, Discontinued},
		{Ongoing, Graduated}, {Ongoing, Discontinued},
	}, [][2]Status{{"", Ongoing}, {"planned", Ongoing}, {Ongoing, "DONE"}})
}

func TestTransitionMessages(t *testing.T) {
	lifecycletest.Messages(t, api, map[[2]Status]string{
		{Planned, Graduated}:    "cannot graduate an education record that is PLANNED (allowed from ONGOING)",
		{Graduated, Ongoing}:    "cannot start an education record that is GRADUATED (GRADUATED is final; allowed from PLANNED)",
		{Ongoing, Planned}:      "cannot move back to PLANNED an education record that is ONGOING (PLANNED is only a starting status)",
		{Discontinued, Planned}: "cannot move back to PLANNED an education record that is DISCONTINUED (DISCONTINUED is final)",
	})
}

func TestCheckNew(t *testing.T) {
	lifecycletest.CheckNew(t, api, []Status{Planned, Ongoing, Graduated}, Discontinued,
		"a new education record is PLANNED, ONGOING or GRADUATED, not DISCONTINUED")
}

func TestDocTable(t *testing.T) { lifecycletest.DocTable(t, api, "career.go", "final") }

func TestCheckApproval(t *testing.T) {
	tests := []struct {
		route    string
		status   Status
		approved bool
		err      error
	}{
		{AssignedStudy, Planned, false, nil},
		{AssignedStudy, Ongoing, false, ErrNotApproved},
		{AssignedStudy, Graduated, false, ErrNotApproved},
		{AssignedStudy, Discontinued, false, nil},
		{AssignedStudy, Ongoing, true, nil},
		{StudyPermit, Ongoing, false, nil},
		{StudyPermit, Graduated, false, nil},
	}
	for _, tt := range tests {
		if err := CheckApproval(tt.route, tt.status, tt.approved); !errors.Is(err, tt.err) || (err == nil) != (tt.err == nil) {
			t.Errorf("CheckApproval(%s, %s, %v) = %v, want %v", tt.route, tt.status, tt.approved, err, tt.err)
		}
	}
}

func TestCheckDiploma(t *testing.T) {
	tests := []struct {
		status  Status
		diploma string
		err     error
	}{
		{Graduated, "UI/2024/S2/001234", nil},
		{Graduated, "", ErrDiploma},
		{Graduated, "  ", ErrDiploma},
		{Ongoing, "", nil},
		{Discontinued, "", nil},
	}
	for _, tt := range tests {
		if err := CheckDiploma(tt.status, tt.diploma); err != tt.err {
			t.Errorf("CheckDiploma(%s, %q) = %v, want %v", tt.status, tt.diploma, err, tt.err)
		}
	}
}

func TestDates(t *testing.T) {
	d := func(s string) *time.Time {
		v, err := time.Parse(time.DateOnly, s)
		if err != nil {
			t.Fatal(err)
		}
		return &v
	}
	start := *d("2025-08-01")
	tests := []struct {
		name        string
		ends        *time.Time
		study, cert error
	}{
		{"none", nil, nil, nil},
		{"later", d("2027-07-31"), nil, nil},
		{"same day", d("2025-08-01"), nil, ErrExpiry},
		{"earlier", d("2025-07-31"), ErrStudyDates, ErrExpiry},
	}
	for _, tt := range tests {
		if err := CheckStudyDates(start, tt.ends); !errors.Is(err, tt.study) || (err == nil) != (tt.study == nil) {
			t.Errorf("%s: CheckStudyDates = %v, want %v", tt.name, err, tt.study)
		}
		if err := CheckExpiry(start, tt.ends); !errors.Is(err, tt.cert) || (err == nil) != (tt.cert == nil) {
			t.Errorf("%s: CheckExpiry = %v, want %v", tt.name, err, tt.cert)
		}
	}
}

func TestCheckWithinDays(t *testing.T) {
	for _, tt := range []struct {
		days int
		ok   bool
	}{{-1, false}, {0, false}, {1, true}, {90, true}, {3650, true}, {3651, false}} {
		if err := CheckWithinDays(tt.days); (err == nil) != tt.ok || (err != nil && !errors.Is(err, ErrWithinDays)) {
			t.Errorf("CheckWithinDays(%d) = %v, want ok %v", tt.days, err, tt.ok)
		}
	}
	now := time.Date(2026, 6, 30, 6, 30, 0, 0, time.FixedZone("WIB", 7*3600))
	from, to := ExpiryWindow(now, 30)
	if !from.Equal(time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)) || !to.Equal(time.Date(2026, 7, 30, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("ExpiryWindow = %v, %v", from, to)
	}
}
