package graph_test

import (
	"context"
	"testing"

	"kembang/internal/viewer"
)

// TestGuardTableWarm checks that the argument guard's table of each input
// type (goFields, worked out once per server, change 40) holds nothing of
// the viewer who filled it: on one server, every filter and order a
// viewer who may use it (HR of the agency) sends first, twice, is still
// refused to one who may not (an analyst: masked fields; an employee:
// filters into a colleague's records) afterwards, by variables, in
// fragments, nested in and/or/not, and in lists; and the other way round,
// a refusal first does not refuse the allowed viewer afterwards.
func TestGuardTableWarm(t *testing.T) {
	forEachStore(t, func(t *testing.T, a *api) {
		f := build(t, a)
		as := func(v viewer.Viewer) context.Context { return viewer.NewContext(context.Background(), v) }
		analyst := as(viewer.Viewer{Subject: "an", Role: viewer.Analyst})
		hr := as(viewer.Viewer{Subject: "hr", Role: viewer.HROfficer, AgencyID: rawID(t, f.agency)})
		employee := as(viewer.Viewer{Subject: "e", Role: viewer.Employee, EmployeeID: rawID(t, f.employees[0])})
		for _, tt := range []struct {
			name         string
			allowed, not context.Context
			query        string
			vars         map[string]any
		}{
			{"filter", hr, analyst, `{ employees(where: {nipHasPrefix: "1986"}) { totalCount } }`, nil},
			{"variable", hr, analyst, `query($w: EmployeeWhereInput) { employees(where: $w) { totalCount } }`,
				map[string]any{"w": map[string]any{"birthDateLT": "1990-01-01"}}},
			{"variable list", hr, analyst, `query($w: [EmployeeWhereInput!]) { employees(where: {or: $w}) { totalCount } }`,
				map[string]any{"w": []any{map[string]any{"fullName": "x"}, map[string]any{"emailContains": "@"}}}},
			{"single object for a list", hr, analyst, `{ employees(where: {and: {not: {sexIn: [FEMALE]}}}) { totalCount } }`, nil},
			{"through an edge", hr, analyst, `{ enrollments(where: {hasEmployeeWith: [{fullName: "x"}, {phoneNEQ: "0"}]}) { totalCount } }`, nil},
			{"order", hr, analyst, `{ employees(orderBy: [{field: FULL_NAME}, {field: NIP}]) { totalCount } }`, nil},
			{"order in a variable", hr, analyst, `query($o: [EmployeeOrder!]) { employees(orderBy: $o) { totalCount } }`,
				map[string]any{"o": []any{map[string]any{"field": "NIP"}}}},
			{"fragment", hr, analyst, `query { ...F } fragment F on Query { employees(where: {appointedOnGTE: "2000-01-01"}) { totalCount } }`, nil},
			{"colleague's sessions", analyst, employee, `{ sessions(where: {hasEnrollmentsWith: {hasEmployeeWith: {fullName: "Ahmad Fauzi"}}}) { totalCount } }`, nil},
			{"co-participants", analyst, hr, `{ enrollments(where: {hasSessionWith: {hasEnrollmentsWith: {hasEmployeeWith: {fullName: "x"}}}}) { totalCount } }`, nil},
		} {
			for range 2 {
				if r := a.doCtx(tt.allowed, tt.query, tt.vars); len(r.Errors) > 0 {
					t.Errorf("%s, allowed viewer: %+v", tt.name, r.Errors)
				}
			}
			if r := a.doCtx(tt.not, tt.query, tt.vars); r.code() != "FORBIDDEN" {
				t.Errorf("%s after an allowed viewer: %s %+v, want FORBIDDEN", tt.name, r.Data, r.Errors)
			}
			if r := a.doCtx(tt.allowed, tt.query, tt.vars); len(r.Errors) > 0 {
				t.Errorf("%s, allowed viewer after a refusal: %+v", tt.name, r.Errors)
			}
		}
	})
}
