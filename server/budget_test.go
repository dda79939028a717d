package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/99designs/gqlgen/graphql"

	"kembang/graph"
	"kembang/internal/httpapi"
	"kembang/internal/store"
	"kembang/internal/viewer"
)

// TestNodeBudget runs the server with a node budget that holds one heavy
// operation (--max-nodes-in-flight 1500, each heavy query bound to 1,100
// nodes) and two slots of admission (--max-in-flight 2). A second heavy
// query waits until the first one's response is written, then runs and
// succeeds; a small query (bound under limits.FreeNodes) runs at once
// meanwhile, the waiting query having given up its slot; a heavy query
// whose request ends while it waits gets UNAVAILABLE in the client's
// language.
func TestNodeBudget(t *testing.T) {
	a := newBudgetApp(t)
	db := a.db

	// Heavy operations say when their response is ready and hold it until
	// told to go on: the weight is held until the response is written.
	type started struct {
		name string
		goOn chan struct{}
	}
	starts := make(chan started, 4)
	srv := graph.NewServer(db.Client, graph.Options{Logger: a.log, RequestID: httpapi.RequestID, Classify: store.Classify})
	srv.AroundResponses(func(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
		resp := next(ctx)
		if op := graphql.GetOperationContext(ctx).Operation; op != nil && strings.HasPrefix(op.Name, "Heavy") && len(graphql.GetErrors(ctx)) == 0 {
			s := started{op.Name, make(chan struct{})}
			starts <- s
			<-s.goOn
		}
		return resp
	})
	s := a.server()
	s.GraphQL = srv
	s.Schema = graph.NewExecutableSchema(graph.Config{}).Schema()
	h := s.Handler()
	// The request's deadline, as --request-timeout sets it, for one request.
	ts := httptest.NewServer(signedIn(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if d, err := time.ParseDuration(r.Header.Get("X-Test-Deadline")); err == nil {
			ctx, cancel := context.WithTimeout(r.Context(), d)
			defer cancel()
			r = r.WithContext(ctx)
		}
		h.ServeHTTP(w, r)
	})))
	t.Cleanup(ts.Close)
	admin := bearer(t, viewer.Viewer{Subject: "test:admin", Role: viewer.Admin})

	heavy := heavyQuery
	type result struct {
		name string
		resp gqlResponse
		code int
	}
	results := make(chan result, 4)
	send := func(name, query string, header ...string) {
		resp, r := gql(t, ts.URL, query, nil, append([]string{"Authorization", admin}, header...)...)
		results <- result{name, r, resp.StatusCode}
	}
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); send("Heavy1", heavy("Heavy1")) }()
	first := <-starts
	if first.name != "Heavy1" {
		t.Fatalf("started %s first", first.name)
	}
	go func() { defer wg.Done(); send("Heavy2", heavy("Heavy2")) }()

	// Heavy2 waits for the budget, without its admission slot: a small
	// query takes that slot and is served while Heavy1 holds the budget.
	time.Sleep(50 * time.Millisecond)
	small := make(chan gqlResponse, 1)
	go func() {
		_, r := gql(t, ts.URL, `query Small { employees(first: 5) { totalCount } }`, nil, "Authorization", admin, "X-Test-Deadline", "5s")
		small <- r
	}()
	select {
	case r := <-small:
		if len(r.Errors) > 0 {
			t.Errorf("small query beside a waiting heavy one: %+v", r.Errors)
		}
	case s := <-starts:
		t.Fatalf("%s started while Heavy1 held the budget", s.name)
	}

	// A heavy query whose request ends while it waits is refused, in the
	// client's language.
	for _, tc := range []struct{ lang, msg string }{
		{"en", "the server is busy: the request timed out waiting for its turn"},
		{"id", "server sedang sibuk: waktu permintaan habis saat menunggu giliran"},
	} {
		resp, r := gql(t, ts.URL, heavy("Heavy3"), nil, "Authorization", admin, "X-Test-Deadline", "100ms", "Accept-Language", tc.lang)
		if len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != "UNAVAILABLE" || r.Errors[0].Message != tc.msg || string(r.Data) != "null" && len(r.Data) > 0 {
			t.Errorf("%s: a heavy query timed out while waiting: %d %+v %s", tc.lang, resp.StatusCode, r.Errors, r.Data)
		}
	}

	close(first.goOn)
	if r := <-results; r.name != "Heavy1" || len(r.resp.Errors) > 0 {
		t.Fatalf("first result: %s %+v", r.name, r.resp.Errors)
	}
	second := <-starts
	if second.name != "Heavy2" {
		t.Fatalf("started %s second", second.name)
	}
	close(second.goOn)
	wg.Wait()
	r := <-results
	if r.name != "Heavy2" || len(r.resp.Errors) > 0 {
		t.Fatalf("second result: %s %+v", r.name, r.resp.Errors)
	}
	var data struct {
		Employees struct{ Edges []json.RawMessage }
	}
	if err := json.Unmarshal(r.resp.Data, &data); err != nil || len(data.Employees.Edges) == 0 {
		t.Errorf("Heavy2 data %s: %v", r.resp.Data, err)
	}
}

// newBudgetApp returns an app on the seeded store with a node budget that
// holds one heavy operation (--max-nodes-in-flight 1500; heavyQuery is
// bound to 1,100 nodes) and two slots of admission (--max-in-flight 2).
func newBudgetApp(t *testing.T) *app {
	t.Helper()
	cfg := testConfig()
	cfg.maxInFlight = 2
	cfg.maxNodesInFlight = 1500
	a := &app{cfg: cfg, db: seededStore(t), log: newLogger(cfg, io.Discard)}
	a.verifier = testVerifier(t, cfg)
	return a
}

// heavyQuery is an operation named name bound to 1,100 nodes: 100
// employees and 10 enrolments each.
func heavyQuery(name string) string {
	return `query ` + name + ` { employees(first: 100) { edges { node { id enrollments(first: 10) { totalCount } } } } }`
}
