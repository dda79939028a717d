package auth

import (
	"encoding/json"
	"fmt"
	"strconv"

	"kembang/ent/gid"
	"kembang/internal/viewer"
)

// Default claim names.
const (
	DefaultRoleClaim     = "role"
	DefaultAgencyClaim   = "agency"
	DefaultEmployeeClaim = "employee"
	DefaultPartnerClaim  = "partner"
)

// ClaimNames names the claims that describe a viewer. Empty fields take
// the defaults. A name with dots that is not itself a claim is a path
// into nested objects, see [Claims.Lookup].
//
// The role claim holds a role name spelled exactly as in [viewer.Roles]
// ("HR_OFFICER"), or an array of names of which exactly one is a
// Kembang role and the others are ignored: with Keycloak, use
// "realm_access.roles" (realm roles) or
// "resource_access.<client>.roles" (client roles, the better choice in
// a shared realm), and name the roles ADMIN, HR_OFFICER, and so on. A
// single unknown role, no Kembang role or several are refused.
//
// The agency, employee and partner claims hold the record's opaque API
// ID (what clients and admins see, and what [Mint] writes) or, for
// identity providers that can only hold numbers, its raw ent ID as a
// JSON integer. Either must name a row of the right table (agencies,
// employees, partners); null is the same as absent. Which of them must
// be present depends on the role, see [viewer.Viewer.Validate].
type ClaimNames struct {
	Role     string // default "role"
	Agency   string // default "agency"
	Employee string // default "employee"
	Partner  string // default "partner"
}

// withDefaults returns n with empty names replaced by the defaults.
func (n ClaimNames) withDefaults() ClaimNames {
	if n.Role == "" {
		n.Role = DefaultRoleClaim
	}
	if n.Agency == "" {
		n.Agency = DefaultAgencyClaim
	}
	if n.Employee == "" {
		n.Employee = DefaultEmployeeClaim
	}
	if n.Partner == "" {
		n.Partner = DefaultPartnerClaim
	}
	return n
}

// check reports whether the names (with defaults) are distinct and
// not registered claims.
func (n ClaimNames) check() error {
	n = n.withDefaults()
	seen := map[string]bool{"iss": true, "sub": true, "aud": true, "exp": true, "nbf": true, "iat": true, "jti": true}
	for _, name := range []string{n.Role, n.Agency, n.Employee, n.Partner} {
		if seen[name] {
			return fmt.Errorf("claim name %q is used twice or is a registered claim", name)
		}
		seen[name] = true
	}
	return nil
}

// Viewer returns the viewer that verified claims c describe: subject,
// role, and the agency, employee and partner IDs. Errors wrap [ErrRole],
// [ErrClaims], or, for a well-formed ID of another table,
// [ErrUnknownAgency], [ErrUnknownEmployee] or [ErrUnknownPartner]. That
// the records exist is checked by [Middleware] (see [Options.Scopes]).
func (n ClaimNames) Viewer(c *Claims) (viewer.Viewer, error) {
	n = n.withDefaults()
	if c.Subject == "" {
		return viewer.Viewer{}, fmt.Errorf("%w: no sub", ErrClaims)
	}
	role, err := roleClaim(c, n.Role)
	if err != nil {
		return viewer.Viewer{}, err
	}
	v := viewer.Viewer{Subject: c.Subject, Role: role}
	for _, f := range []struct {
		claim, table string
		dst          *int
	}{
		{n.Agency, Agencies, &v.AgencyID},
		{n.Employee, Employees, &v.EmployeeID},
		{n.Partner, Partners, &v.PartnerID},
	} {
		if *f.dst, err = idClaim(c, f.claim, f.table); err != nil {
			return viewer.Viewer{}, err
		}
	}
	if err := v.Validate(); err != nil {
		return viewer.Viewer{}, fmt.Errorf("%w: %v", ErrClaims, err)
	}
	return v, nil
}

// roleClaim returns the role in claim name of c.
func roleClaim(c *Claims, name string) (viewer.Role, error) {
	raw, ok := c.Lookup(name)
	if !ok || string(raw) == "null" {
		return viewer.Anonymous, fmt.Errorf("%w: no %s claim", ErrRole, name)
	}
	var one string
	if err := json.Unmarshal(raw, &one); err == nil {
		r, err := viewer.ParseRole(one)
		if err != nil {
			return viewer.Anonymous, fmt.Errorf("%w: %v", ErrRole, err)
		}
		return r, nil
	}
	var many []json.RawMessage
	if err := json.Unmarshal(raw, &many); err != nil {
		return viewer.Anonymous, fmt.Errorf("%w: %s is not a string or an array", ErrRole, name)
	}
	found := viewer.Anonymous
	for _, m := range many {
		var s string
		if json.Unmarshal(m, &s) != nil {
			continue
		}
		r, err := viewer.ParseRole(s)
		switch {
		case err != nil, r == found:
		case found != viewer.Anonymous:
			return viewer.Anonymous, fmt.Errorf("%w: several roles (%s, %s)", ErrRole, found, r)
		default:
			found = r
		}
	}
	if found == viewer.Anonymous {
		return viewer.Anonymous, fmt.Errorf("%w: no Kembang role in %s", ErrRole, name)
	}
	return found, nil
}

// idClaim returns the raw ID in claim name of c, which must be a row of
// table, or 0 if the claim is absent.
func idClaim(c *Claims, name, table string) (id int, err error) {
	raw, ok := c.Lookup(name)
	if !ok || string(raw) == "null" {
		return 0, nil
	}
	if len(raw) > 0 && raw[0] == '"' {
		var s string
		if err = json.Unmarshal(raw, &s); err == nil {
			id, err = gid.Decode(s)
		}
	} else {
		var n int64
		n, err = strconv.ParseInt(string(raw), 10, 64)
		id = int(n)
	}
	switch {
	case err != nil || id <= 0:
		return 0, fmt.Errorf("%w: %s is not an ID", ErrClaims, name)
	case !inTable(id, table):
		// A well-formed ID of another table (an employee's ID in the
		// agency claim) names no record of this one.
		return 0, fmt.Errorf("%w: %s is not an ID of %s", unknownIn(table), name, table)
	}
	return id, nil
}

// unknownIn returns the error of an ID that names no row of table.
func unknownIn(table string) *Error {
	switch table {
	case Agencies:
		return ErrUnknownAgency
	case Employees:
		return ErrUnknownEmployee
	}
	return ErrUnknownPartner
}

// inTable reports whether id is a valid raw ID of a row of table.
func inTable(id int, table string) bool {
	if t, ok := gid.Table(id); !ok || t != table {
		return false
	}
	back, err := gid.Decode(gid.Encode(id))
	return err == nil && back == id
}
