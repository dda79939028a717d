package graph_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"kembang/internal/viewer"
)

// TestInputAttack attacks change 43's input unmarshallers (each input
// type visits the fields given, in the schema's order, from the client's
// object itself unless the type has defaults) through the whole API:
// unknown fields, duplicated fields and keys, null for a non-null field,
// defaults, more fields than the unmarshaller's 8-entry buffer, and the
// argument guard's refusal of a masked field given among many others or
// hidden after the buffer's eighth field. Both stores.
func TestInputAttack(t *testing.T) {
	forEachStore(t, func(t *testing.T, a *api) {
		build(t, a)
		// Nine filters, all matching Dewi Lestari (198609262015051001),
		// in an order unlike the schema's.
		nine := `fullNameContains: "Les", nipNEQ: "1", fullNameHasPrefix: "Dewi", active: true, nipHasPrefix: "1986", golonganNotNil: true, fullNameNEQ: "x", nipContains: "0926", fullNameHasSuffix: "tari"`
		type want struct {
			code  string // of the first error; "" for none
			names []string
		}
		cases := []struct {
			name  string
			query string
			vars  string // raw JSON, so that keys may be duplicated
			want  want
		}{
			{"nine filters beyond the buffer all apply", `{ employees(where: {` + nine + `}) { edges { node { fullName } } } }`, `{}`,
				want{"", []string{"Dewi Lestari"}}},
			{"the last of nine, in schema order, still filters", `{ employees(where: {` + strings.Replace(nine, `"tari"`, `"zzz"`, 1) + `}) { edges { node { fullName } } } }`, `{}`,
				want{"", nil}},
			{"the first of nine, in schema order, still filters", `{ employees(where: {` + strings.Replace(nine, `nipNEQ: "1"`, `nipNEQ: "198609262015051001"`, 1) + `}) { edges { node { fullName } } } }`, `{}`,
				want{"", nil}},
			{"nine filters in variables", `query($w: EmployeeWhereInput) { employees(where: $w) { edges { node { fullName } } } }`,
				`{"w": {"fullNameContains": "Les", "nipNEQ": "1", "fullNameHasPrefix": "Dewi", "active": true, "nipHasPrefix": "1986", "golonganNotNil": true, "fullNameNEQ": "x", "nipContains": "0926", "fullNameHasSuffix": "tari"}}`,
				want{"", []string{"Dewi Lestari"}}},
			{"unknown field in a literal", `{ employees(where: {fullNameHasPrefix: "Dewi", nope: 1}) { totalCount } }`, `{}`,
				want{"GRAPHQL_VALIDATION_FAILED", nil}},
			{"unknown field in variables", `query($w: EmployeeWhereInput) { employees(where: $w) { totalCount } }`, `{"w": {"fullNameHasPrefix": "Dewi", "nope": 1}}`,
				want{"GRAPHQL_VALIDATION_FAILED", nil}},
			{"field named in another case", `query($w: EmployeeWhereInput) { employees(where: $w) { totalCount } }`, `{"w": {"FullNameHasPrefix": "Dewi"}}`,
				want{"GRAPHQL_VALIDATION_FAILED", nil}},
			{"duplicated field in a literal", `{ employees(where: {fullNameHasPrefix: "Dewi", fullNameHasPrefix: "Budi"}) { totalCount } }`, `{}`,
				want{"GRAPHQL_VALIDATION_FAILED", nil}},
			// encoding/json keeps the last of duplicated keys: the guard and
			// the executor read the same object.
			{"duplicated key in variables: the last", `query($w: EmployeeWhereInput) { employees(where: $w) { edges { node { fullName } } } }`,
				`{"w": {"fullNameHasPrefix": "Budi", "fullNameHasPrefix": "Dewi"}}`, want{"", []string{"Dewi Lestari"}}},
			{"null for a non-null field in a literal", `{ employees(orderBy: [{field: null}]) { totalCount } }`, `{}`,
				want{"GRAPHQL_VALIDATION_FAILED", nil}},
			{"null for a non-null field in variables", `query($o: [EmployeeOrder!]) { employees(orderBy: $o) { totalCount } }`, `{"o": [{"field": null}]}`,
				want{"GRAPHQL_VALIDATION_FAILED", nil}},
			{"null for a nullable field: no filter", `query($w: EmployeeWhereInput) { employees(where: $w, orderBy: [{field: FULL_NAME}]) { edges { node { fullName } } } }`,
				`{"w": {"fullNameHasPrefix": null, "nipHasPrefix": "1986"}}`, want{"", []string{"Dewi Lestari"}}},
			{"default direction applies", `query($o: [EmployeeOrder!]) { employees(orderBy: $o, first: 2) { edges { node { fullName } } } }`,
				`{"o": [{"field": "FULL_NAME"}]}`, want{"", []string{"Ahmad Fauzi", "Budi Santoso"}}},
			{"explicit direction", `query($o: [EmployeeOrder!]) { employees(orderBy: $o, first: 2) { edges { node { fullName } } } }`,
				`{"o": [{"field": "FULL_NAME", "direction": "DESC"}]}`, want{"", []string{"Rina Marpaung", "Dewi Lestari"}}},
			{"wrong type among many", `query($w: EmployeeWhereInput) { employees(where: $w) { totalCount } }`,
				`{"w": {"fullNameContains": "Les", "nipNEQ": "1", "fullNameHasPrefix": "Dewi", "active": "yes"}}`,
				want{"GRAPHQL_VALIDATION_FAILED", nil}},
		}
		for _, c := range cases {
			res := postRaw(t, a, c.query, c.vars, "")
			if res.code() != c.want.code {
				t.Errorf("%s: code %q, want %q: %+v", c.name, res.code(), c.want.code, res.Errors)
				continue
			}
			if c.want.code != "" {
				continue
			}
			var out struct {
				Employees struct {
					Edges []struct{ Node struct{ FullName string } }
				}
			}
			if err := json.Unmarshal(res.Data, &out); err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, e := range out.Employees.Edges {
				names = append(names, e.Node.FullName)
			}
			if strings.Join(names, ",") != strings.Join(c.want.names, ",") {
				t.Errorf("%s: %q, want %q", c.name, names, c.want.names)
			}
		}

		// A partner may not filter employees by a personal field, however
		// many other fields come before it (the ninth, past the buffer),
		// in a literal or in variables.
		for _, c := range []struct{ name, query, vars string }{
			{"literal", `{ employees(where: {` + nine + `}) { totalCount } }`, `{}`},
			{"variables, birth date last", `query($w: EmployeeWhereInput) { employees(where: $w) { totalCount } }`,
				`{"w": {"fullNameContains": "Les", "fullNameHasPrefix": "Dewi", "active": true, "golonganNotNil": true, "fullNameNEQ": "x", "fullNameHasSuffix": "tari", "fullNameGT": "A", "fullNameLT": "Z", "birthDateGT": "1980-01-01"}}`},
		} {
			res := postRaw(t, a, c.query, c.vars, "PARTNER")
			if res.code() != "FORBIDDEN" {
				t.Errorf("partner, %s: code %q, want FORBIDDEN: %s", c.name, res.code(), res.Data)
			}
		}
	})
}

// postRaw posts query with raw JSON variables (keys may repeat) as ADMIN,
// or as a partner of no partner record when as is "PARTNER".
func postRaw(t *testing.T, a *api, query, vars, as string) response {
	t.Helper()
	q, _ := json.Marshal(query)
	body := `{"query": ` + string(q) + `, "variables": ` + vars + `}`
	ctx := admin()
	if as == "PARTNER" {
		ctx = viewer.NewContext(context.Background(), viewer.Viewer{Subject: "test:p", Role: viewer.Partner, PartnerID: 1})
	}
	req := httptest.NewRequestWithContext(ctx, http.MethodPost, "/graphql", bytes.NewReader([]byte(body)))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	a.h.ServeHTTP(rec, req)
	var r response
	if err := json.Unmarshal(rec.Body.Bytes(), &r); err != nil {
		t.Fatalf("decoding %q: %v", rec.Body, err)
	}
	return r
}
