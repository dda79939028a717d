package viewer

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
)

func TestParseRole(t *testing.T) {
	for _, r := range Roles() {
		got, err := ParseRole(string(r))
		if err != nil || got != r {
			t.Errorf("ParseRole(%q) = %q, %v; want %q", r, got, err, r)
		}
	}
	for _, s := range []string{"", "admin", "Admin", "HR-OFFICER", "ROOT", " ADMIN", "ANONYMOUS"} {
		if got, err := ParseRole(s); !errors.Is(err, ErrRole) || got != Anonymous {
			t.Errorf("ParseRole(%q) = %q, %v; want ErrRole", s, got, err)
		}
	}
}

func TestRoleString(t *testing.T) {
	if got := Anonymous.String(); got != "ANONYMOUS" {
		t.Errorf("Anonymous.String() = %q", got)
	}
	if got := HROfficer.String(); got != "HR_OFFICER" {
		t.Errorf("HROfficer.String() = %q", got)
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name string
		v    Viewer
		want error // nil: valid; errAny: any error
	}{
		{"zero", Viewer{}, nil},
		{"admin", Viewer{Subject: "a", Role: Admin}, nil},
		{"analyst", Viewer{Subject: "a", Role: Analyst}, nil},
		{"hr", Viewer{Subject: "a", Role: HROfficer, AgencyID: 1}, nil},
		{"hr with own record", Viewer{Subject: "a", Role: HROfficer, AgencyID: 1, EmployeeID: 7}, nil},
		{"approver", Viewer{Subject: "a", Role: Approver, AgencyID: 1}, nil},
		{"supervisor", Viewer{Subject: "a", Role: Supervisor, EmployeeID: 3}, nil},
		{"employee", Viewer{Subject: "a", Role: Employee, EmployeeID: 3}, nil},
		{"partner", Viewer{Subject: "a", Role: Partner, PartnerID: 4, APIKeyID: 9}, nil},
		{"unknown role", Viewer{Subject: "a", Role: "ROOT"}, ErrRole},
		{"anonymous with subject", Viewer{Subject: "a"}, ErrRole},
		{"no subject", Viewer{Role: Admin}, ErrNoSubject},
		{"hr without agency", Viewer{Subject: "a", Role: HROfficer, EmployeeID: 1}, ErrNoAgency},
		{"approver without agency", Viewer{Subject: "a", Role: Approver}, ErrNoAgency},
		{"supervisor without employee", Viewer{Subject: "a", Role: Supervisor, AgencyID: 1}, ErrNoEmployee},
		{"employee without employee", Viewer{Subject: "a", Role: Employee}, ErrNoEmployee},
		{"partner without partner", Viewer{Subject: "a", Role: Partner}, ErrNoPartner},
		{"negative", Viewer{Subject: "a", Role: Admin, AgencyID: -1}, errAny},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.v.Validate()
			switch {
			case tt.want == nil && err != nil:
				t.Errorf("Validate() = %v, want nil", err)
			case tt.want == errAny && err == nil:
				t.Errorf("Validate() = nil, want an error")
			case tt.want != nil && tt.want != errAny && !errors.Is(err, tt.want):
				t.Errorf("Validate() = %v, want %v", err, tt.want)
			}
		})
	}
}

var errAny = errors.New("any error")

func TestHelpers(t *testing.T) {
	hr := Viewer{Subject: "s", Role: HROfficer, AgencyID: 5, EmployeeID: 8}
	p := Viewer{Subject: "p", Role: Partner, PartnerID: 6}
	var anon Viewer

	checks := []struct {
		name string
		got  bool
		want bool
	}{
		{"anon.Anonymous", anon.Anonymous(), true},
		{"hr.Anonymous", hr.Anonymous(), false},
		{"hr.Is(HR)", hr.Is(HROfficer), true},
		{"hr.Is(Admin, HR)", hr.Is(Admin, HROfficer), true},
		{"hr.Is(Admin)", hr.Is(Admin), false},
		{"hr.Is()", hr.Is(), false},
		{"anon.Is(Anonymous)", anon.Is(Anonymous), true},
		{"hr.InAgency(5)", hr.InAgency(5), true},
		{"hr.InAgency(6)", hr.InAgency(6), false},
		{"anon.InAgency(0)", anon.InAgency(0), false},
		{"employee in agency field is not scoped", Viewer{Role: Employee, AgencyID: 5, EmployeeID: 1}.InAgency(5), false},
		{"hr.Self(8)", hr.Self(8), true},
		{"hr.Self(9)", hr.Self(9), false},
		{"anon.Self(0)", anon.Self(0), false},
		{"p.ForPartner(6)", p.ForPartner(6), true},
		{"p.ForPartner(7)", p.ForPartner(7), false},
		{"admin with partner id", Viewer{Role: Admin, PartnerID: 6}.ForPartner(6), false},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
}

func TestContext(t *testing.T) {
	ctx := context.Background()
	if _, ok := FromContext(ctx); ok {
		t.Fatal("FromContext(empty) reported a viewer")
	}
	want := Viewer{Subject: "s", Role: Employee, EmployeeID: 3}
	got, ok := FromContext(NewContext(ctx, want))
	if !ok || got != want {
		t.Fatalf("FromContext(NewContext(v)) = %+v, %v; want %+v", got, ok, want)
	}
}

func TestStringAndLog(t *testing.T) {
	v := Viewer{Subject: "alice", Role: HROfficer, AgencyID: 12}
	if got, want := v.String(), "HR_OFFICER sub=alice agency=12"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	if got, want := (Viewer{}).String(), "ANONYMOUS"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	var b bytes.Buffer
	slog.New(slog.NewTextHandler(&b, nil)).Info("x", "viewer", v)
	if !strings.Contains(b.String(), "viewer.role=HR_OFFICER viewer.sub=alice viewer.agency=12") {
		t.Errorf("log line %q lacks the viewer's fields", b.String())
	}
}
