package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// securityServer serves a seeded store with the test configuration, its
// logs discarded.
func securityServer(t testing.TB) (*app, http.Handler) {
	t.Helper()
	cfg := testConfig()
	a := &app{cfg: cfg, db: seededStore(t), log: newLogger(cfg, io.Discard), verifier: testVerifier(t, cfg)}
	return a, signedIn(t, a.handler())
}

// roundTrip runs one request through h and returns the status and body.
func roundTrip(h http.Handler, method, contentType string, body []byte) (int, []byte) {
	req := httptest.NewRequest(method, "/graphql", bytes.NewReader(body))
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Code, rec.Body.Bytes()
}

// TestHostileRequests sends malformed and hostile requests: each must be
// refused with a client error, never a 5xx, and never leak SQL.
func TestHostileRequests(t *testing.T) {
	_, h := securityServer(t)
	query := func(q string) []byte {
		b, _ := json.Marshal(map[string]any{"query": q})
		return b
	}
	tests := []struct {
		name        string
		method      string
		contentType string
		body        []byte
	}{
		{"malformed JSON", "POST", "application/json", []byte(`{"query": "{ agencies { totalCount } }"`)},
		{"JSON array", "POST", "application/json", []byte(`[1, 2, 3]`)},
		{"wrong content type", "POST", "text/plain", query("{ agencies { totalCount } }")},
		{"no content type", "POST", "", query("{ agencies { totalCount } }")},
		{"form content type", "POST", "application/x-www-form-urlencoded", []byte("query=%7B%7D")},
		{"empty body", "POST", "application/json", nil},
		{"invalid UTF-8 in query", "POST", "application/json", []byte("{\"query\": \"{ agencies(where: {name: \\\"\xff\xfe\\\"}) { totalCount } }\"}")},
		{"invalid UTF-8 variable", "POST", "application/json", []byte("{\"query\": \"query($n: String) { agencies(where: {name: $n}) { totalCount } }\", \"variables\": {\"n\": \"\xc3\x28\"}}")},
		{"variables not an object", "POST", "application/json", []byte(`{"query": "{ agencies { totalCount } }", "variables": "x"}`)},
		{"huge variable", "POST", "application/json", []byte(`{"query": "query($n: String) { agencies(where: {name: $n}) { totalCount } }", "variables": {"n": "` + strings.Repeat("A", 20<<10) + `"}}`)},
		{"body over the limit", "POST", "application/json", query("{ agencies { totalCount } }" + strings.Repeat(" ", 20<<10))},
		{"batched array of operations", "POST", "application/json", []byte(`[{"query": "{ agencies { totalCount } }"}, {"query": "{ units { totalCount } }"}]`)},
		{"circular fragments", "POST", "application/json", query("{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }")},
		{"unknown operation name", "POST", "application/json", []byte(`{"query": "query A { agencies { totalCount } }", "operationName": "B"}`)},
		{"two operations, none named", "POST", "application/json", query("query A { agencies { totalCount } } query B { units { totalCount } }")},
		{"mutation over GET", "GET", "", nil},
		{"invalid UTF-8 over GET", "GET", "", []byte("/graphql?query=%7B%20agencies(where:%7Bname:%22%FF%22%7D)%20%7BtotalCount%7D%20%7D")},
		{"too many tokens", "POST", "application/json", query("{ " + strings.Repeat("__typename ", 16000) + "}")},
		{"wrong type of ID", "POST", "application/json", query(`{ node(id: 12) { id } }`)},
		{"null for non-null", "POST", "application/json", []byte(`{"query": "query($id: ID!) { node(id: $id) { id } }", "variables": {"id": null}}`)},
		{"deeply nested JSON variable", "POST", "application/json", []byte(`{"query": "query($w: EmployeeWhereInput) { employees(where: $w) { totalCount } }", "variables": {"w": ` + strings.Repeat(`{"not": `, 500) + `{}` + strings.Repeat(`}`, 500) + `}}`)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			method, body := tt.method, tt.body
			if method == "GET" {
				target := `/graphql?query=mutation%7BdeleteAgency(id:%22YWdlbmNpZXM6MQ%22)%7D`
				if body != nil {
					target = string(body)
				}
				req := httptest.NewRequest("GET", target, nil)
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code < 400 || rec.Code >= 500 {
					t.Errorf("status %d %s", rec.Code, rec.Body)
				}
				return
			}
			code, out := roundTrip(h, method, tt.contentType, body)
			if code >= 500 {
				t.Fatalf("status %d: %s", code, out)
			}
			var r struct {
				Data   json.RawMessage
				Errors []struct {
					Message    string
					Extensions map[string]any
				}
			}
			if err := json.Unmarshal(out, &r); err != nil {
				t.Fatalf("status %d, body not JSON: %q", code, out)
			}
			if len(r.Errors) == 0 {
				t.Fatalf("status %d, accepted: %s", code, out)
			}
			for _, e := range r.Errors {
				if strings.Contains(strings.ToLower(e.Message), "sql") || e.Message == "internal error" {
					t.Errorf("error %q", e.Message)
				}
			}
		})
	}
}

// TestInjectionStrings puts SQL-injection strings into every kind of
// string filter: they must match nothing and break nothing.
func TestInjectionStrings(t *testing.T) {
	_, h := securityServer(t)
	count := func() int {
		_, out := roundTrip(h, "POST", "application/json", []byte(`{"query": "{ employees { totalCount } }"}`))
		var r struct {
			Data struct{ Employees struct{ TotalCount int } }
		}
		json.Unmarshal(out, &r)
		return r.Data.Employees.TotalCount
	}
	before := count()
	if before == 0 {
		t.Fatal("no employees seeded")
	}
	payloads := []string{
		`' OR '1'='1`, `'; DROP TABLE employees; --`, `" OR ""="`, `%' OR 1=1 --`, `\'; SELECT pg_sleep(5); --`,
		`1) OR (1=1`, `x' UNION SELECT nip FROM employees --`, "\x00", `_%`,
	}
	filters := []string{"fullName", "fullNameContains", "fullNameHasPrefix", "fullNameContainsFold", "nip", "nipGT", "emailEqualFold"}
	for _, p := range payloads {
		for _, f := range filters {
			b, _ := json.Marshal(map[string]any{
				"query":     `query($w: EmployeeWhereInput) { employees(where: $w) { totalCount edges { node { id } } } }`,
				"variables": map[string]any{"w": map[string]any{f: p, "hasAgencyWith": []any{map[string]any{"nameContains": p}}}},
			})
			code, out := roundTrip(h, "POST", "application/json", b)
			if code >= 500 || bytes.Contains(bytes.ToLower(out), []byte("sql")) {
				t.Errorf("%s=%q: status %d %s", f, p, code, out)
			}
		}
	}
	if after := count(); after != before {
		t.Errorf("employees: %d before, %d after", before, after)
	}
}

// FuzzGraphQL posts arbitrary bodies to the GraphQL endpoint: the server
// must never answer 5xx nor panic.
func FuzzGraphQL(f *testing.F) {
	for _, s := range []string{
		`{"query": "{ employees(first: 2) { totalCount edges { node { nip fullName } } } }"}`,
		`{"query": "query($id: ID!) { node(id: $id) { id } }", "variables": {"id": "ZW1wbG95ZWVzOjE"}}`,
		`{"query": "mutation { createAgency(input: {code: \"X\", name: \"Y\", region: \"Z\"}) { id } }"}`,
		`{"query": "{ employees(where: {not: {fullNameHasPrefix: \"A\"}}, orderBy: [{field: NIP, direction: DESC}]) { totalCount } }"}`,
		`{"query": "{ units(after: \"gqFpzwAAAAUAAABi\") { totalCount } }"}`,
		`{"query": "{ __schema { types { name } } }"}`,
	} {
		f.Add([]byte(s))
	}
	_, h := securityServer(f)
	f.Fuzz(func(t *testing.T, body []byte) {
		code, out := roundTrip(h, "POST", "application/json", body)
		if code >= 500 {
			t.Fatalf("status %d for %q: %s", code, body, out)
		}
	})
}
