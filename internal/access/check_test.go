package access_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"kembang/ent"
	"kembang/ent/privacy"
	"kembang/internal/access"
	"kembang/internal/fault"
	"kembang/internal/viewer"
)

// Viewers of the check tests: agency 1 and 2, employee 10 (supervised by
// 11), partner 5.
var (
	admin      = viewer.Viewer{Subject: "a", Role: viewer.Admin}
	analyst    = viewer.Viewer{Subject: "b", Role: viewer.Analyst}
	hr1        = viewer.Viewer{Subject: "c", Role: viewer.HROfficer, AgencyID: 1}
	approver1  = viewer.Viewer{Subject: "d", Role: viewer.Approver, AgencyID: 1}
	hr2        = viewer.Viewer{Subject: "e", Role: viewer.HROfficer, AgencyID: 2}
	supervisor = viewer.Viewer{Subject: "f", Role: viewer.Supervisor, EmployeeID: 11}
	self       = viewer.Viewer{Subject: "g", Role: viewer.Employee, EmployeeID: 10}
	other      = viewer.Viewer{Subject: "h", Role: viewer.Employee, EmployeeID: 12}
	partner5   = viewer.Viewer{Subject: "i", Role: viewer.Partner, PartnerID: 5}
	partner6   = viewer.Viewer{Subject: "j", Role: viewer.Partner, PartnerID: 6}
	anonymous  = viewer.Viewer{Role: viewer.Anonymous}
)

// allowed runs check as v and reports whether it allowed; a refusal must
// be FORBIDDEN wrapping privacy.Deny.
func allowed(t *testing.T, v viewer.Viewer, check func(context.Context) error) bool {
	t.Helper()
	err := check(viewer.NewContext(context.Background(), v))
	if err == nil {
		return true
	}
	f, ok := fault.As(err)
	if !ok || f.Code != fault.Forbidden || !errors.Is(err, privacy.Deny) {
		t.Errorf("%s: refusal %v is not FORBIDDEN wrapping privacy.Deny", v, err)
	}
	return false
}

// TestChecks checks, role by role, the checks of what the row policies
// cannot guard: agency reports, aggregates, partner reports, exports of
// personal data and an employee's development records.
func TestChecks(t *testing.T) {
	agg := func(id *int) func(context.Context) error {
		return func(ctx context.Context) error { return access.Aggregates(ctx, id) }
	}
	one := 1
	employee := &ent.Employee{ID: 10, AgencyID: 1, SupervisorID: new(int)}
	*employee.SupervisorID = 11
	checks := []struct {
		name  string
		check func(context.Context) error
		allow []viewer.Viewer
	}{
		{"AgencyReport(1)", func(ctx context.Context) error { return access.AgencyReport(ctx, 1) },
			[]viewer.Viewer{admin, analyst, hr1, approver1}},
		{"Aggregates(1)", agg(&one), []viewer.Viewer{admin, analyst, hr1, approver1}},
		{"Aggregates(all)", agg(nil), []viewer.Viewer{admin, analyst}},
		{"PartnerReport(5)", func(ctx context.Context) error { return access.PartnerReport(ctx, 5) },
			[]viewer.Viewer{admin, analyst, partner5}},
		{"Export(1)", func(ctx context.Context) error { return access.Export(ctx, 1) },
			[]viewer.Viewer{admin, hr1}},
		{"Records(employee 10 of agency 1)", func(ctx context.Context) error { return access.Records(ctx, employee) },
			[]viewer.Viewer{admin, analyst, hr1, approver1, supervisor, self}},
	}
	everyone := []viewer.Viewer{admin, analyst, hr1, approver1, hr2, supervisor, self, other, partner5, partner6, anonymous}
	for _, c := range checks {
		for _, v := range everyone {
			want := false
			for _, a := range c.allow {
				if a == v {
					want = true
				}
			}
			if got := allowed(t, v, c.check); got != want {
				t.Errorf("%s as %s: allowed %v, want %v", c.name, v, got, want)
			}
		}
	}
}

// TestNoViewer checks that a context without a viewer is refused, as a
// programming error (ErrNoViewer), and never allowed.
func TestNoViewer(t *testing.T) {
	err := access.AgencyReport(context.Background(), 1)
	if !errors.Is(err, access.ErrNoViewer) || !errors.Is(err, privacy.Deny) {
		t.Errorf("no viewer: %v, want ErrNoViewer and privacy.Deny", err)
	}
	if f, ok := fault.As(err); !ok || f.Code != fault.Forbidden {
		t.Errorf("no viewer: %v, want FORBIDDEN", err)
	}
}

// TestForbidden checks the refusal messages: the role and the action,
// and a sign-in hint for anonymous callers.
func TestForbidden(t *testing.T) {
	err := access.Forbidden(hr2, "filter employees by %s", "nip")
	if f, ok := fault.As(err); !ok || f.Code != fault.Forbidden || f.Msg != "HR_OFFICER may not filter employees by nip" {
		t.Errorf("HR officer: %v", err)
	}
	err = access.Forbidden(anonymous, "read this record")
	if f, ok := fault.As(err); !ok || !strings.HasPrefix(f.Msg, "sign in: read this record needs credentials") {
		t.Errorf("anonymous: %v", err)
	}
}

// TestSystem checks that System marks a context with the server's rights
// and keeps its viewer, and that OpenCatalogue does not grant them.
func TestSystem(t *testing.T) {
	ctx := viewer.NewContext(context.Background(), hr2)
	if access.HasSystemRights(ctx) {
		t.Error("a viewer's context has the server's rights")
	}
	if access.HasSystemRights(access.OpenCatalogue(ctx)) {
		t.Error("an open catalogue grants the server's rights")
	}
	sys := access.System(ctx)
	if !access.HasSystemRights(sys) {
		t.Error("System(ctx) lacks the server's rights")
	}
	if v, ok := viewer.FromContext(sys); !ok || v != hr2 {
		t.Errorf("System(ctx) viewer %v, %v; want the caller's, for the audit trail", v, ok)
	}
}
