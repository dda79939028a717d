package httpapi

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"kembang/internal/store"
)

// TestResponseHeaders checks the headers the middleware gives every
// GraphQL response, request after request: the security headers (whose
// values every response shares), the request id, the statement count and
// Vary; and that a handler adding a value to a shared header changes
// neither the shared value nor the next response.
func TestResponseHeaders(t *testing.T) {
	s := &Server{
		Config: Config{RequestTimeout: time.Minute, MaxBodyBytes: 1 << 20, CORSOrigins: []string{"https://app.example"}},
		DB:     &store.DB{},
		Log:    slog.New(slog.DiscardHandler),
		GraphQL: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Header.Get("X-Add") != "" {
				w.Header().Add("Referrer-Policy", "strict-origin")
			}
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `{"data":{}}`)
		}),
	}
	h := s.Handler()
	for i, add := range []bool{false, true, false} {
		req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(`{"query":"{__typename}"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Origin", "https://app.example")
		if add {
			req.Header.Set("X-Add", "1")
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		got := w.Result().Header
		wantReferrer := []string{"no-referrer"}
		if add {
			wantReferrer = append(wantReferrer, "strict-origin")
		}
		for name, want := range map[string][]string{
			"X-Content-Type-Options":      {"nosniff"},
			"Referrer-Policy":             wantReferrer,
			"X-Sql-Statements":            {"0"},
			"Access-Control-Allow-Origin": {"https://app.example"},
		} {
			if !slices.Equal(got[name], want) {
				t.Errorf("request %d: %s = %q, want %q", i, name, got[name], want)
			}
		}
		if !ValidRequestID(got.Get("X-Request-ID")) {
			t.Errorf("request %d: X-Request-ID %q", i, got.Get("X-Request-ID"))
		}
		vary := strings.Join(got.Values("Vary"), ",")
		if !strings.Contains(vary, "Accept-Language") || !strings.Contains(vary, "Origin") {
			t.Errorf("request %d: Vary %q, want Accept-Language and Origin", i, vary)
		}
	}
	if !slices.Equal(nosniff, []string{"nosniff"}) || !slices.Equal(noReferrer, []string{"no-referrer"}) {
		t.Errorf("shared values changed: %q %q", nosniff, noReferrer)
	}
}

// TestStatementsValue checks the X-SQL-Statements values, shared or not.
func TestStatementsValue(t *testing.T) {
	for _, n := range []int64{0, 1, 63, 64, 1000} {
		if got := statementsValue(n); len(got) != 1 || got[0] != strconv.FormatInt(n, 10) {
			t.Errorf("statementsValue(%d) = %q", n, got)
		}
	}
}
