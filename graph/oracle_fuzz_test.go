package graph_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"kembang/ent"
	"kembang/ent/partner"
	"kembang/internal/access"
	"kembang/internal/viewer"
)

// FuzzWhereVariables sends fuzzed where inputs, as variables, for viewers
// who see personal data masked (ANALYST, APPROVER, PARTNER): at the root
// (employees(where: $w)) and through an edge (enrollments(where:
// {hasEmployeeWith: $w}), a list given one object or a list). Whatever
// the input, the server never fails internally, and an input that holds
// a predicate on a field the viewer sees masked anywhere (under and, or,
// not or an edge, as an object or a list) never returns data: it is
// refused (FORBIDDEN) or invalid. `go test` runs the seeds; `make fuzz`
// explores.
func FuzzWhereVariables(f *testing.F) {
	for _, s := range []string{
		`{"or": {"nipHasPrefix": "1972"}}`,
		`{"or": [{"nipHasPrefix": "1972"}]}`,
		`{"and": {"not": {"emailContains": "@"}}}`,
		`{"not": {"or": {"phoneNEQ": "0"}}}`,
		`{"hasEnrollmentsWith": {"hasEmployeeWith": {"birthDateLT": "1990-01-01"}}}`,
		`{"hasEnrollmentsWith": [{"hasEmployeeWith": [{"sexIn": ["FEMALE"]}]}]}`,
		`{"hasSupervisorWith": {"nip": "198609262015051001"}}`,
		`{"hasReportsWith": {"appointedOnGTE": "2015-01-01"}}`,
		`{"golonganIn": ["III_A"]}`,
		`{"fullNameHasPrefix": "D", "hasAgencyWith": {"code": "KMN"}}`,
		`{"active": true}`,
		`{"or": []}`,
		`[]`,
		`"nip"`,
	} {
		for role := range 3 {
			f.Add(uint8(role), s)
		}
	}
	a := newAPI(f, "sqlite")
	sys := seedDemo(f, a, 40)
	p := a.db.Client.Partner.Query().Order(ent.Asc(partner.FieldID)).FirstX(sys)
	viewers := []viewer.Viewer{
		{Subject: "f:analyst", Role: viewer.Analyst},
		{Subject: "f:ppk", Role: viewer.Approver, AgencyID: a.db.Client.Agency.Query().FirstIDX(sys)},
		{Subject: "f:partner", Role: viewer.Partner, PartnerID: p.ID},
	}
	queries := []string{
		`query($w: EmployeeWhereInput) { employees(where: $w, first: 5) { totalCount edges { node { id } } } }`,
		`query($w: [EmployeeWhereInput!]) { enrollments(where: {hasEmployeeWith: $w}, first: 5) { totalCount } }`,
	}
	f.Fuzz(func(t *testing.T, role uint8, where string) {
		var w any
		if json.Unmarshal([]byte(where), &w) != nil {
			return
		}
		a := &api{t: t, h: a.h, db: a.db} // reports to this run
		v := viewers[int(role)%len(viewers)]
		ctx := viewer.NewContext(context.Background(), v)
		for _, q := range queries {
			resp := a.doCtx(ctx, q, map[string]any{"w": w})
			for _, e := range resp.Errors {
				if code, _ := e.Extensions["code"].(string); code == "INTERNAL_SERVER_ERROR" || code == "" {
					t.Fatalf("%s: %s for %s", v.Role, e.Message, where)
				}
			}
			if touchesMasked(w, access.MaskedFields(v, "Employee")) && len(resp.Errors) == 0 {
				t.Fatalf("%s: LEAK: a filter by a masked field ran: %s\n%s", v.Role, where, resp.Data)
			}
		}
	})
}

// touchesMasked reports whether a where value holds, at any depth, a
// predicate (nip, nipHasPrefix, …) on one of the masked fields.
func touchesMasked(v any, masked []string) bool {
	switch v := v.(type) {
	case []any:
		return slices.ContainsFunc(v, func(e any) bool { return touchesMasked(e, masked) })
	case map[string]any:
		for k, e := range v {
			for _, m := range masked {
				if rest, ok := strings.CutPrefix(k, m); ok && slices.Contains(predicateSuffixes, rest) {
					return true
				}
			}
			if touchesMasked(e, masked) {
				return true
			}
		}
	}
	return false
}
