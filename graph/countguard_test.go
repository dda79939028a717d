package graph_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"kembang/internal/access"
	"kembang/internal/viewer"
)

// TestCountGuard attacks change 45 through the where argument of a
// connection read for its totalCount only (counted in its parents'
// statement, keyset.ChildCount): a count is a yes/no oracle on the rows it
// filters, so a filter the argument guard (graph/guard.go) refuses on a
// page must be refused on a count-only connection too, wherever it is
// (nested under a list, under node(id), in a fragment spread, in an
// inline fragment, as an alias beside an allowed one), and a filter it
// allows must count what the paged read of the same viewer returns. Both
// stores.
func TestCountGuard(t *testing.T) {
	forEachStore(t, func(t *testing.T, a *api) {
		f := build(t, a)
		r := newRival(t, a)
		as := func(v viewer.Viewer) context.Context { return viewer.NewContext(context.Background(), v) }
		var (
			partner  = as(viewer.Viewer{Subject: "test:p", Role: viewer.Partner, PartnerID: rawID(t, f.partner)})
			approver = as(viewer.Viewer{Subject: "test:ppk", Role: viewer.Approver, AgencyID: rawID(t, f.agency)})
			analyst  = as(viewer.Viewer{Subject: "test:an", Role: viewer.Analyst})
			hrRival  = as(viewer.Viewer{Subject: "test:hr2", Role: viewer.HROfficer, AgencyID: rawID(t, r.agency)})
			employee = as(viewer.Viewer{Subject: "test:e", Role: viewer.Employee, EmployeeID: rawID(t, f.employees[1]), AgencyID: rawID(t, f.agency)})
			anon     = access.OpenCatalogue(as(viewer.Viewer{})) // the anonymous viewer: none would be served as ADMIN
		)
		// ids writes the fixture's IDs into an operation.
		ids := strings.NewReplacer("$s", fmt.Sprintf("%q", f.session), "$p", fmt.Sprintf("%q", f.program),
			"$a", fmt.Sprintf("%q", f.agency), "$r", fmt.Sprintf("%q", r.agency))
		do := func(ctx context.Context, op, sel string) response {
			return a.doCtx(ctx, ids.Replace(fmt.Sprintf(op, sel)), nil)
		}
		// shapes puts a connection selection under a session in several
		// places of an operation.
		shapes := map[string]string{
			"under a list":            `{ sessions(first: 10) { edges { node { id %s } } } }`,
			"under node":              `{ node(id: $s) { id ... on Session { %s } } }`,
			"in a fragment spread":    `{ node(id: $p) { ... on Program { sessions { edges { node { ...S } } } } } } fragment S on Session { id %s }`,
			"beside an allowed alias": `{ node(id: $s) { id ... on Session { ok: enrollments { totalCount } %s } } }`,
		}
		refused := []struct {
			name, who string
			ctx       context.Context
			sel       string
		}{
			// Partners read the enrolments of their sessions, not all of the
			// employees' others: Enrollment.session → Session.enrollments is
			// not an edge they may filter through.
			{"partner, sessions by other enrolments", "partner", partner,
				`c: program { sessions(where: {hasEnrollmentsWith: {hasEmployeeWith: {agencyID: $r}}}) { totalCount } }`},
			// Personal fields of employees, masked for these viewers.
			{"partner, by birth date", "partner", partner,
				`c: enrollments(where: {hasEmployeeWith: {birthDateGT: "1990-01-01"}}) { totalCount }`},
			{"approver, by NIP prefix", "approver", approver,
				`c: enrollments(where: {hasEmployeeWith: {nipHasPrefix: "1986"}}) { totalCount }`},
			{"analyst, by sex", "analyst", analyst,
				`c: enrollments(first: 0, where: {hasEmployeeWith: {sex: MALE}}) { totalCount pageInfo { hasNextPage } }`},
			{"analyst, by e-mail, nested", "analyst", analyst,
				`c: enrollments(where: {or: [{hasEmployeeWith: {emailContains: "pegawai1"}}, {id: $s}]}) { totalCount }`},
		}
		for _, c := range refused {
			for shape, op := range shapes {
				res := do(c.ctx, op, c.sel)
				if res.code() != "FORBIDDEN" {
					t.Errorf("%s %s: code %q, want FORBIDDEN (%s)", c.name, shape, res.code(), res.Data)
				}
				if strings.Contains(string(res.Data), "totalCount") {
					t.Errorf("%s %s: a count was answered: %s", c.name, shape, res.Data)
				}
			}
		}
		// Anonymous readers of the catalogue see sessions but no
		// enrolments: their count is refused, not 0 and not the number.
		for shape, op := range shapes {
			res := do(anon, op, `c: enrollments { totalCount }`)
			if len(res.Errors) == 0 || strings.Contains(string(res.Data), `"totalCount":`) {
				t.Errorf("anonymous %s: %s %+v", shape, res.Data, res.Errors)
			}
		}

		// Allowed filters through an edge count what the paged read returns.
		allowed := []struct {
			name  string
			ctx   context.Context
			where string
		}{
			{"partner, by the participant's agency", partner, `{hasEmployeeWith: {agencyID: $a}}`},
			{"HR officer of another agency, by NIP prefix", hrRival, `{hasEmployeeWith: {nipHasPrefix: "19"}}`},
			{"employee, by NIP prefix", employee, `{hasEmployeeWith: {nipHasPrefix: "19"}}`},
			{"approver, by agency", approver, `{hasEmployeeWith: {agencyID: $a}}`},
		}
		for _, c := range allowed {
			for shape, op := range shapes {
				sel := fmt.Sprintf(`c: enrollments(where: %s) { totalCount } b: enrollments(first: 100, where: %s) { totalCount edges { node { id } } }`, c.where, c.where)
				res := do(c.ctx, op, sel)
				if len(res.Errors) > 0 {
					t.Errorf("%s %s: %+v", c.name, shape, res.Errors)
					continue
				}
				var data any
				if err := json.Unmarshal(res.Data, &data); err != nil {
					t.Fatal(err)
				}
				n := 0
				walkCounts(data, func(count, total, edges int) {
					n++
					if count != total || count != edges {
						t.Errorf("%s %s: count-only %d, paged totalCount %d and %d edges", c.name, shape, count, total, edges)
					}
				})
				if n == 0 {
					t.Errorf("%s %s: no session with counts in %s", c.name, shape, res.Data)
				}
			}
		}
	})
}

// walkCounts calls seen for each object of v holding the aliases c (a
// count-only connection) and b (the paged read of the same edge).
func walkCounts(v any, seen func(count, total, edges int)) {
	switch v := v.(type) {
	case []any:
		for _, e := range v {
			walkCounts(e, seen)
		}
	case map[string]any:
		c, okc := v["c"].(map[string]any)
		b, okb := v["b"].(map[string]any)
		if okc && okb {
			count, _ := c["totalCount"].(float64)
			total, _ := b["totalCount"].(float64)
			edges, _ := b["edges"].([]any)
			seen(int(count), int(total), len(edges))
		}
		for _, e := range v {
			walkCounts(e, seen)
		}
	}
}
