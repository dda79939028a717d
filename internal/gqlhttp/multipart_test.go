package gqlhttp

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// The CSRF guard: a multipart request needs one of the preflight
// headers; the guard answers before the executor is reached.
func TestMultipartGuard(t *testing.T) {
	for _, tc := range []struct {
		header, value string
		guarded       bool
	}{
		{"", "", true},
		{"GraphQL-Require-Preflight", "", true},
		{"GraphQL-Require-Preflight", "1", false},
		{"X-Apollo-Operation-Name", "importEmployees", false},
	} {
		r := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader("--x--\r\n"))
		r.Header.Set("Content-Type", "multipart/form-data; boundary=x")
		if tc.header != "" {
			r.Header.Set(tc.header, tc.value)
		}
		if !(Multipart{}).Supports(r) {
			t.Fatal("a multipart POST is not supported")
		}
		if got := Preflighted(r); got == tc.guarded {
			t.Errorf("%s: %q: Preflighted = %v", tc.header, tc.value, got)
		}
		if !tc.guarded {
			continue
		}
		w := httptest.NewRecorder()
		Multipart{}.Do(w, r, nil) // refused before the executor is used
		if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), `"code":"CSRF_PREFLIGHT_REQUIRED"`) {
			t.Errorf("%s: %q: status %d, body %s", tc.header, tc.value, w.Code, w.Body)
		}
	}
	r := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader("{}"))
	r.Header.Set("Content-Type", "application/json")
	if (Multipart{}).Supports(r) {
		t.Error("a JSON POST went to the multipart transport")
	}
}
