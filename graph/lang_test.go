package graph_test

import (
	"context"
	"net/http"
	"testing"

	"kembang/ent/gid"
	"kembang/internal/viewer"
)

// TestMessagesInBothLanguages checks client errors end to end in English
// (no Accept-Language, or one preferring English) and Indonesian
// (Accept-Language: id): the same code and field, the message in the
// language asked for.
func TestMessagesInBothLanguages(t *testing.T) {
	forEachStore(t, func(t *testing.T, a *api) {
		f := build(t, a)
		const createEmployee = `mutation($in: CreateEmployeeInput!) { createEmployee(input: $in) { id } }`
		emp := func(nip, agency string) map[string]any {
			return map[string]any{"in": map[string]any{"nip": nip, "employmentType": "PNS", "fullName": "Eko Prasetyo", "agencyID": agency}}
		}
		analyst := viewer.NewContext(context.Background(), viewer.Viewer{Subject: "test:analyst", Role: viewer.Analyst})
		missing := gid.Encode(9_999_999) // the ID of no agency
		tests := []struct {
			name        string
			ctx         context.Context
			query       string
			vars        map[string]any
			code, field string
			en, id      string
		}{
			{
				"a rule of the domain (NIP)", admin(), createEmployee, emp("1995030320201210", f.agency),
				"BAD_USER_INPUT", "nip",
				"nip: NIP must be exactly 18 digits (got 16 characters)",
				"nip: NIP harus tepat 18 digit (diterima 16 karakter)",
			},
			{
				"an ent validator", admin(), createEmployee, map[string]any{"in": map[string]any{"nip": "199503032020121001", "employmentType": "PNS", "fullName": "", "agencyID": f.agency}},
				"BAD_USER_INPUT", "fullName",
				"fullName: value is less than the required length",
				"fullName: nilai lebih pendek dari panjang yang diminta",
			},
			{
				"a storage constraint", admin(), createEmployee, emp(nips[0], f.agency),
				"CONFLICT", "nip",
				"nip: an employee with this nip already exists",
				"nip: pegawai dengan nip ini sudah ada",
			},
			{
				"an ID that names nothing", admin(), createEmployee, emp("199503032020121001", missing),
				"NOT_FOUND", "agencyID",
				"agencyID: no agency with ID " + missing,
				"agencyID: tidak ada instansi dengan ID " + missing,
			},
			{
				"a refusal", analyst, `mutation { createAgency(input: {code: "X", name: "Dinas X", region: "Kota X"}) { id } }`, nil,
				"FORBIDDEN", "",
				"ANALYST may not create agencies",
				"ANALYST tidak boleh membuat instansi",
			},
			{
				"a page size limit", admin(), `{ employees(first: 100000) { totalCount } }`, nil,
				"BAD_USER_INPUT", "first",
				"employees: first must be between 0 and 100, got 100000",
				"employees: first harus antara 0 dan 100, diterima 100000",
			},
			{
				"a validation error of the parser", admin(), `{ employees(first: 1) { totalCount nam } }`, nil,
				"GRAPHQL_VALIDATION_FAILED", "",
				`Cannot query field "nam" on type "EmployeeConnection".`,
				`Field "nam" tidak ada pada tipe "EmployeeConnection".`,
			},
			{
				"a variable without a required field", admin(), createEmployee, map[string]any{"in": map[string]any{"employmentType": "PNS", "fullName": "Eko Prasetyo", "agencyID": f.agency}},
				"GRAPHQL_VALIDATION_FAILED", "",
				"must be defined",
				"wajib diisi",
			},
			{
				"a missing argument", admin(), `{ node { id } }`, nil,
				"GRAPHQL_VALIDATION_FAILED", "",
				`Field "node" argument "id" of type "ID!" is required, but it was not provided.`,
				`Argumen "id" bertipe "ID!" pada field "node" wajib diisi, tetapi tidak diberikan.`,
			},
		}
		languages := []struct {
			accept string
			id     bool
		}{
			{"", false},
			{"en-US,en;q=0.9", false},
			{"id", true},
			{"id-ID,id;q=0.9,en;q=0.8", true},
			{"en;q=0.4, id;q=0.8", true},
			{"id;q=0.3, en;q=0.8", false},
			{"fr", false},
		}
		for _, tt := range tests {
			for _, l := range languages {
				t.Run(tt.name+"/"+l.accept, func(t *testing.T) {
					h := http.Header{}
					if l.accept != "" {
						h.Set("Accept-Language", l.accept)
					}
					r := a.doHeader(tt.ctx, h, tt.query, tt.vars)
					if len(r.Errors) == 0 {
						t.Fatalf("no error; data %s", r.Data)
					}
					if r.code() != tt.code || r.field() != tt.field {
						t.Errorf("code, field = %q, %q; want %q, %q", r.code(), r.field(), tt.code, tt.field)
					}
					want := tt.en
					if l.id {
						want = tt.id
					}
					if got := r.Errors[0].Message; got != want {
						t.Errorf("message = %q, want %q", got, want)
					}
				})
			}
		}
	})
}
