package graph_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"kembang/graph"
	"kembang/internal/access"
	"kembang/internal/store"
	"kembang/internal/store/seed"
	"kembang/internal/store/storetest"
	"kembang/internal/viewer"
)

// gqlError is an error of a GraphQL response.
type gqlError struct {
	Message    string         `json:"message"`
	Path       []any          `json:"path"`
	Extensions map[string]any `json:"extensions"`
}

// response is a GraphQL response with its data left raw.
type response struct {
	Data   json.RawMessage `json:"data"`
	Errors []gqlError      `json:"errors"`
	Status int             `json:"-"`
}

// code returns extensions.code of the first error, or "".
func (r response) code() string {
	if len(r.Errors) == 0 {
		return ""
	}
	c, _ := r.Errors[0].Extensions["code"].(string)
	return c
}

// field returns extensions.field of the first error, or "".
func (r response) field() string {
	if len(r.Errors) == 0 {
		return ""
	}
	f, _ := r.Errors[0].Extensions["field"].(string)
	return f
}

// api is a Kembang GraphQL endpoint under test, with its store.
type api struct {
	t  testing.TB
	h  http.Handler
	db *store.DB
}

// newAPI serves the GraphQL handler over a fresh, migrated store of the
// given dialect.
func newAPI(t testing.TB, dialect string) *api {
	t.Helper()
	return newAPIWith(t, dialect, func(*graph.Options) {})
}

// newAPIWith is newAPI with the server's options changed by set.
func newAPIWith(t testing.TB, dialect string, set func(*graph.Options)) *api {
	t.Helper()
	db := storetest.Open(t, dialect)
	// KEMBANG_TEST_LOG=1 shows the server's log (the errors behind a
	// client's "internal error") on the test's standard error.
	var log io.Writer = io.Discard
	if os.Getenv("KEMBANG_TEST_LOG") != "" {
		log = os.Stderr
	}
	opts := graph.Options{
		Logger:        slog.New(slog.NewTextHandler(log, nil)),
		Introspection: true,
		Classify:      store.Classify,
		RequestID:     func(ctx context.Context) string { id, _ := ctx.Value(requestIDKey{}).(string); return id },
	}
	set(&opts)
	return &api{t: t, h: defaultViewer(graph.NewServer(db.Client, opts)), db: db}
}

// defaultViewer serves requests that carry no viewer (those of tests
// that are not about access control) as an ADMIN.
func defaultViewer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, ok := viewer.FromContext(r.Context()); !ok {
			r = r.WithContext(viewer.NewContext(r.Context(), viewer.Viewer{Subject: "test:admin", Role: viewer.Admin}))
		}
		next.ServeHTTP(w, r)
	})
}

// do posts a query and decodes the response. It fails the test on
// transport errors and 5xx statuses.
func (a *api) do(query string, vars map[string]any) response {
	a.t.Helper()
	return a.doCtx(admin(), query, vars)
}

// requestIDKey is the context key of the request id tests give requests.
type requestIDKey struct{}

// admin returns a context whose viewer is an ADMIN: the role of the
// tests that are not about access control.
func admin() context.Context {
	return viewer.NewContext(context.Background(), viewer.Viewer{Subject: "test:admin", Role: viewer.Admin})
}

// doCtx is do with a request context.
func (a *api) doCtx(ctx context.Context, query string, vars map[string]any) response {
	a.t.Helper()
	return a.doHeader(ctx, nil, query, vars)
}

// doHeader is doCtx with request headers.
func (a *api) doHeader(ctx context.Context, header http.Header, query string, vars map[string]any) response {
	a.t.Helper()
	body, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		a.t.Fatal(err)
	}
	req := httptest.NewRequestWithContext(ctx, http.MethodPost, "/graphql", bytes.NewReader(body))
	for k, v := range header {
		req.Header[k] = v
	}
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	a.h.ServeHTTP(rec, req)
	if rec.Code >= 500 {
		a.t.Fatalf("POST /graphql: status %d: %s", rec.Code, rec.Body)
	}
	var r response
	if err := json.Unmarshal(rec.Body.Bytes(), &r); err != nil {
		a.t.Fatalf("decoding %q: %v", rec.Body, err)
	}
	r.Status = rec.Code
	for _, e := range r.Errors {
		if strings.Contains(strings.ToLower(e.Message), "sql") || strings.Contains(e.Message, "pq:") {
			a.t.Errorf("error leaks storage detail: %q", e.Message)
		}
	}
	return r
}

// ok runs a query that must succeed and decodes its data into out.
func (a *api) ok(query string, vars map[string]any, out any) {
	a.t.Helper()
	r := a.do(query, vars)
	if len(r.Errors) > 0 {
		a.t.Fatalf("query failed: %+v\nquery: %s\nvars: %v", r.Errors, query, vars)
	}
	if out != nil {
		if err := json.Unmarshal(r.Data, out); err != nil {
			a.t.Fatalf("decoding data %s: %v", r.Data, err)
		}
	}
}

// id runs a create mutation and returns the new object's id, found at
// data.<field>.id.
func (a *api) id(query string, vars map[string]any) string {
	a.t.Helper()
	var out map[string]struct {
		ID string `json:"id"`
	}
	a.ok(query, vars, &out)
	for _, v := range out {
		return v.ID
	}
	a.t.Fatalf("no id in response to %s", query)
	return ""
}

// forEachStore runs f as a subtest on every store.
func forEachStore(t *testing.T, f func(t *testing.T, a *api)) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d, func(t *testing.T) {
			t.Parallel()
			f(t, newAPI(t, d))
		})
	}
}

// seedDemo fills a's store with the demo data (internal/store/seed) for about
// employees employees, and returns a context with the server's rights
// for reading them back.
func seedDemo(t testing.TB, a *api, employees int) context.Context {
	t.Helper()
	sys := access.System(context.Background())
	if _, err := seed.Run(sys, a.db.Client, seed.Options{Employees: employees}); err != nil {
		t.Fatalf("seeding: %v", err)
	}
	return sys
}
