package graph_test

import (
	"context"
	"strings"
	"testing"

	"kembang/internal/viewer"
)

// TestPersonalFields checks that viewers who see personal data masked
// get it masked on every path, and cannot filter or order by it either.
func TestPersonalFields(t *testing.T) {
	forEachStore(t, func(t *testing.T, a *api) {
		f := build(t, a)
		agency := rawID(t, f.agency)
		as := func(v viewer.Viewer) context.Context { return viewer.NewContext(context.Background(), v) }
		analyst := as(viewer.Viewer{Subject: "an", Role: viewer.Analyst})
		hr := as(viewer.Viewer{Subject: "hr", Role: viewer.HROfficer, AgencyID: agency})

		// Masked: nip keeps its last three digits (the sequence number), the rest is null.
		const profile = `query($id: ID!) { node(id: $id) { ... on Employee { nip email birthDate sex appointedOn fullName } } }`
		r := a.doCtx(analyst, profile, map[string]any{"id": f.employees[0]})
		if len(r.Errors) > 0 || string(r.Data) != `{"node":{"nip":"***************001","email":null,"birthDate":null,"sex":null,"appointedOn":null,"fullName":"Dewi Lestari"}}` {
			t.Errorf("analyst sees %s %+v", r.Data, r.Errors)
		}
		// Through an edge too.
		r = a.doCtx(analyst, `query($id: ID!) { node(id: $id) { ... on Agency { employees(first: 1, orderBy: [{field: FULL_NAME}]) { edges { node { nip email } } } } } }`, map[string]any{"id": f.agency})
		if len(r.Errors) > 0 || string(r.Data) != `{"node":{"employees":{"edges":[{"node":{"nip":"***************002","email":null}}]}}}` {
			t.Errorf("analyst through an edge sees %s %+v", r.Data, r.Errors)
		}
		// HR of the agency sees them.
		r = a.doCtx(hr, profile, map[string]any{"id": f.employees[0]})
		if len(r.Errors) > 0 || string(r.Data) == "" || !contains(r.Data, nips[0]) || !contains(r.Data, "pegawai0@") {
			t.Errorf("HR sees %s %+v", r.Data, r.Errors)
		}

		for _, tt := range []struct {
			name, query string
			vars        map[string]any
		}{
			{"filter", `{ employees(where: {nipHasPrefix: "1986"}) { totalCount } }`, nil},
			{"filter in a variable", `query($w: EmployeeWhereInput) { employees(where: $w) { totalCount } }`, map[string]any{"w": map[string]any{"birthDateLT": "1990-01-01"}}},
			{"nested filter", `{ enrollments(where: {hasEmployeeWith: {sexIn: [FEMALE]}}) { totalCount } }`, nil},
			{"deep in and/or", `{ enrollments(where: {hasEmployeeWith: {or: [{fullName: "x"}, {emailContains: "@"}]}}) { totalCount } }`, nil},
			{"order", `{ employees(orderBy: [{field: FULL_NAME}, {field: NIP}]) { totalCount } }`, nil},
			{"in a fragment", `query { ...F } fragment F on Query { employees(where: {phoneNEQ: "0"}) { totalCount } }`, nil},
		} {
			if r := a.doCtx(analyst, tt.query, tt.vars); r.code() != "FORBIDDEN" {
				t.Errorf("%s by an analyst: %s %+v, want FORBIDDEN", tt.name, r.Data, r.Errors)
			}
			if r := a.doCtx(hr, tt.query, tt.vars); len(r.Errors) > 0 {
				t.Errorf("%s by HR: %+v", tt.name, r.Errors)
			}
		}
		// Filters through edges into records the viewer may not all read
		// are refused; those into a visible row's own records are not.
		employee := as(viewer.Viewer{Subject: "e", Role: viewer.Employee, EmployeeID: rawID(t, f.employees[0])})
		for _, tt := range []struct {
			name  string
			ctx   context.Context
			query string
			ok    bool
		}{
			{"colleague's sessions", employee, `{ sessions(where: {hasEnrollmentsWith: {hasEmployeeWith: {fullName: "Ahmad Fauzi"}}}) { totalCount } }`, false},
			{"other agencies' staff", hr, `{ agencies(where: {hasEmployeesWith: {fullName: "Ahmad Fauzi"}}) { totalCount } }`, false},
			{"co-participants", hr, `{ enrollments(where: {hasSessionWith: {hasEnrollmentsWith: {hasEmployeeWith: {fullName: "x"}}}}) { totalCount } }`, false},
			{"own records", employee, `{ enrollments(where: {hasEmployeeWith: {fullName: "Dewi Lestari"}, hasEvaluations: false}) { totalCount } }`, true},
			{"agency's completers", hr, `{ employees(where: {hasEnrollmentsWith: {status: COMPLETED}}) { totalCount } }`, true},
			{"analyst anywhere", analyst, `{ sessions(where: {hasEnrollmentsWith: {hasEmployeeWith: {fullName: "x"}}}) { totalCount } }`, true},
		} {
			r := a.doCtx(tt.ctx, tt.query, nil)
			if ok := len(r.Errors) == 0; ok != tt.ok || !ok && r.code() != "FORBIDDEN" {
				t.Errorf("%s: %s %+v, want allowed %v", tt.name, r.Data, r.Errors, tt.ok)
			}
		}

		// Other filters stay open to analysts.
		if r := a.doCtx(analyst, `{ employees(where: {fullNameHasPrefix: "D", hasAgencyWith: {code: "KMN"}}, orderBy: [{field: FULL_NAME}]) { totalCount } }`, nil); len(r.Errors) > 0 {
			t.Errorf("analyst filter by name: %+v", r.Errors)
		}
	})
}

// contains reports whether the JSON b contains s.
func contains(b []byte, s string) bool { return strings.Contains(string(b), s) }
