// Package viewer describes the authenticated caller of a request: who it
// is, in which role, and the agency, employee or partner the role is
// scoped to.
//
// The package only carries the identity; deciding what a viewer may read
// or change is the job of the ent privacy policies. A request without
// credentials has no viewer in its context (or the zero Viewer, whose
// role is [Anonymous]).
//
// # Roles
//
//   - [Admin]: everything.
//   - [HROfficer] (scoped to an agency, AgencyID): manages the employees,
//     positions, programs, sessions, enrollments, assessments, training
//     needs and development plans of that agency, and reads its reports.
//   - [Approver] (the PPK of an agency, AgencyID): approves or returns the
//     agency's development plans and reads its reports.
//   - [Supervisor] (an employee with direct reports, EmployeeID): reads the
//     development records of direct reports and signs off behaviour (L3)
//     evaluations.
//   - [Employee] (EmployeeID): reads own profile, assessments,
//     enrollments, JP ledger and gaps; browses the catalogue; enrolls and
//     withdraws self; gives reaction (L1) feedback; claims external
//     learning; submits training needs.
//   - [Partner] (a university or institute, PartnerID): reads the catalogue
//     and its own programs and sessions, the rosters of its sessions with
//     name and agency only, and records attendance and learning (L2)
//     scores for its sessions; nothing else about employees.
//   - [Analyst]: reads reports and aggregates everywhere, and employee
//     records without personal data.
//   - [Anonymous] (no credentials): nothing, unless the server opens the
//     public catalogue (programs, sessions, partners, competencies).
//
// Personal data (NIP, birth date, email, phone; UU 27/2022) is for the
// employee, their supervisor, HR of their agency and Admin only.
//
// IDs in a Viewer are raw ent IDs, not the opaque IDs of the API
// (kembang/ent/gid converts between the two).
package viewer

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"time"
)

// Role is the role a viewer acts in. The zero value is [Anonymous].
type Role string

// Roles, spelled as in tokens and in the API.
const (
	Anonymous  Role = ""
	Admin      Role = "ADMIN"
	HROfficer  Role = "HR_OFFICER"
	Approver   Role = "APPROVER"
	Supervisor Role = "SUPERVISOR"
	Employee   Role = "EMPLOYEE"
	Partner    Role = "PARTNER"
	Analyst    Role = "ANALYST"
)

// Roles returns every role but [Anonymous], in a fixed order.
func Roles() []Role {
	return []Role{Admin, HROfficer, Approver, Supervisor, Employee, Partner, Analyst}
}

// ErrRole is returned by [ParseRole] for names that are not roles.
var ErrRole = errors.New("unknown role")

// ParseRole returns the role named s. Names are matched exactly (upper
// case, as the constants are spelled); "" is not accepted.
func ParseRole(s string) (Role, error) {
	r := Role(s)
	if !r.Valid() {
		return Anonymous, fmt.Errorf("%w %q", ErrRole, truncate(s))
	}
	return r, nil
}

// Valid reports whether r is one of the named roles ([Anonymous] is not).
func (r Role) Valid() bool {
	return r != Anonymous && slices.Contains(Roles(), r)
}

// String returns the role's name, or "ANONYMOUS" for the zero role.
func (r Role) String() string {
	if r == Anonymous {
		return "ANONYMOUS"
	}
	return string(r)
}

// Viewer is the authenticated caller of a request.
type Viewer struct {
	// Subject identifies the caller: the JWT's sub claim, or
	// "apikey:<key id>" for API keys. Audit records name it.
	Subject string
	// Role is the role the caller acts in.
	Role Role
	// AgencyID is the raw ID of the agency an HR officer or approver is
	// scoped to (0 if none).
	AgencyID int
	// EmployeeID is the raw ID of the caller's own employee record (0 if
	// none); required for supervisors and employees.
	EmployeeID int
	// PartnerID is the raw ID of the partner a partner viewer acts for (0
	// if none).
	PartnerID int
	// APIKeyID is the raw ID of the API key the request was authenticated
	// with, or 0 for tokens.
	APIKeyID int
	// RateLimit is the caller's own rate-limit budget in points per hour
	// (an API key's), or 0 for the server's default.
	RateLimit int
}

// Errors returned by [Viewer.Validate], wrapped with the role.
var (
	ErrNoSubject  = errors.New("viewer has no subject")
	ErrNoAgency   = errors.New("role needs an agency")
	ErrNoEmployee = errors.New("role needs an employee")
	ErrNoPartner  = errors.New("role needs a partner")
)

// Validate reports whether v is consistent: a named role (or the zero
// Viewer), a subject, and the scope the role needs (an agency for HR
// officers and approvers, an employee for supervisors and employees, a
// partner for partners). IDs a role does not need are allowed: an HR
// officer may also have an employee record.
func (v Viewer) Validate() error {
	if v == (Viewer{}) {
		return nil
	}
	if !v.Role.Valid() {
		return fmt.Errorf("%w %q", ErrRole, truncate(string(v.Role)))
	}
	if v.Subject == "" {
		return ErrNoSubject
	}
	if v.AgencyID < 0 || v.EmployeeID < 0 || v.PartnerID < 0 || v.APIKeyID < 0 || v.RateLimit < 0 {
		return errors.New("viewer has a negative ID")
	}
	switch v.Role {
	case HROfficer, Approver:
		if v.AgencyID == 0 {
			return fmt.Errorf("%s: %w", v.Role, ErrNoAgency)
		}
	case Supervisor, Employee:
		if v.EmployeeID == 0 {
			return fmt.Errorf("%s: %w", v.Role, ErrNoEmployee)
		}
	case Partner:
		if v.PartnerID == 0 {
			return fmt.Errorf("%s: %w", v.Role, ErrNoPartner)
		}
	}
	return nil
}

// Anonymous reports whether v carries no role.
func (v Viewer) Anonymous() bool { return v.Role == Anonymous }

// Is reports whether v acts in one of roles.
func (v Viewer) Is(roles ...Role) bool { return slices.Contains(roles, v.Role) }

// InAgency reports whether v is an HR officer or approver of the agency
// with raw ID id.
func (v Viewer) InAgency(id int) bool {
	return id != 0 && v.AgencyID == id && v.Is(HROfficer, Approver)
}

// Self reports whether the employee with raw ID id is v's own record.
func (v Viewer) Self(id int) bool { return id != 0 && v.EmployeeID == id }

// ForPartner reports whether v is a partner acting for the partner with
// raw ID id.
func (v Viewer) ForPartner(id int) bool {
	return id != 0 && v.PartnerID == id && v.Role == Partner
}

// String returns a short description of v for logs, such as
// "HR_OFFICER sub=alice agency=12".
func (v Viewer) String() string {
	s := v.Role.String()
	if v.Subject != "" {
		s += " sub=" + v.Subject
	}
	for _, sc := range v.scopes() {
		s += fmt.Sprintf(" %s=%d", sc.name, sc.id)
	}
	return s
}

// LogValue groups v's non-zero fields for log/slog.
func (v Viewer) LogValue() slog.Value {
	attrs := []slog.Attr{slog.String("role", v.Role.String())}
	if v.Subject != "" {
		attrs = append(attrs, slog.String("sub", v.Subject))
	}
	for _, sc := range v.scopes() {
		attrs = append(attrs, slog.Int(sc.name, sc.id))
	}
	return slog.GroupValue(attrs...)
}

// scope is a named non-zero ID of a viewer.
type scope struct {
	name string
	id   int
}

// scopes returns v's non-zero IDs, in a fixed order.
func (v Viewer) scopes() []scope {
	var out []scope
	for _, sc := range []scope{{"agency", v.AgencyID}, {"employee", v.EmployeeID}, {"partner", v.PartnerID}, {"apikey", v.APIKeyID}} {
		if sc.id != 0 {
			out = append(out, sc)
		}
	}
	return out
}

// ctxKey is the type of this package's context key.
type ctxKey struct{}

// NewContext returns a copy of ctx that carries v.
func NewContext(ctx context.Context, v Viewer) context.Context {
	return context.WithValue(ctx, ctxKey{}, v)
}

// expiryKey is the context key of the expiry of a viewer's credentials.
type expiryKey struct{}

// WithExpiry returns ctx noting that the credentials its viewer came with
// expire at t (a token's exp). Long-lived requests (subscriptions) end
// then.
func WithExpiry(ctx context.Context, t time.Time) context.Context {
	return context.WithValue(ctx, expiryKey{}, t)
}

// Expiry returns when the credentials of ctx's viewer expire, and
// whether they do (API keys and anonymous callers do not).
func Expiry(ctx context.Context) (time.Time, bool) {
	t, ok := ctx.Value(expiryKey{}).(time.Time)
	return t, ok && !t.IsZero()
}

// FromContext returns the viewer in ctx, and whether there is one.
func FromContext(ctx context.Context) (Viewer, bool) {
	v, ok := ctx.Value(ctxKey{}).(Viewer)
	return v, ok
}

// truncate keeps error messages short when callers send huge strings.
func truncate(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}
