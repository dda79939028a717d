package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/99designs/gqlgen/graphql"

	"kembang/graph"
	"kembang/internal/httpapi"
	"kembang/internal/store"
	"kembang/internal/viewer"
)

// TestNodeBudgetStreams attacks the node budget (--max-nodes-in-flight,
// change 46) through the stream transports, which the HTTP admission does
// not serve: a query sent over an event stream (graphql-sse) or a
// WebSocket (graphql-transport-ws) is an operation like any other and
// must wait for its weight while another operation holds the budget,
// instead of running beside it. A WebSocket that ran a heavy query keeps
// no weight once the query is done (its connection stays open), and an
// event stream's heavy query whose request ends while it waits runs
// nothing and leaves nothing held.
func TestNodeBudgetStreams(t *testing.T) {
	a := newBudgetApp(t)
	cfg, db := a.cfg, a.db
	if err := a.startEvents(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(a.events.Close)

	// Heavy operations say when their response is ready and hold it until
	// told to go on.
	type started struct {
		name string
		goOn chan struct{}
	}
	starts := make(chan started, 8)
	s := a.server()
	srv := graph.NewServer(db.Client, graph.Options{Logger: a.log, RequestID: httpapi.RequestID, Classify: store.Classify,
		Subscriptions: graph.Subscriptions{Events: a.events, Authorize: s.Authorization, Recheck: s.Recheck, Origins: cfg.corsOrigins}})
	srv.AroundResponses(func(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
		resp := next(ctx)
		if op := graphql.GetOperationContext(ctx).Operation; resp != nil && op != nil && strings.HasPrefix(op.Name, "Heavy") && len(resp.Errors) == 0 {
			s := started{op.Name, make(chan struct{})}
			starts <- s
			<-s.goOn
		}
		return resp
	})
	s.GraphQL = srv
	s.Schema = graph.NewExecutableSchema(graph.Config{}).Schema()
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	admin := bearer(t, viewer.Viewer{Subject: "test:admin", Role: viewer.Admin})

	heavy := heavyQuery
	notStarted := func(what string, d time.Duration) {
		t.Helper()
		select {
		case s := <-starts:
			t.Errorf("%s: %s ran while another operation held the whole budget", what, s.name)
			close(s.goOn)
		case <-time.After(d):
		}
	}
	next := func(want string) started {
		t.Helper()
		select {
		case s := <-starts:
			if s.name != want {
				t.Fatalf("%s started, want %s", s.name, want)
			}
			return s
		case <-time.After(10 * time.Second):
			t.Fatalf("%s did not start", want)
		}
		return started{}
	}
	heavy1 := make(chan gqlResponse, 1)
	go func() {
		_, r := gql(t, ts.URL, heavy("Heavy1"), nil, "Authorization", admin)
		heavy1 <- r
	}()
	first := next("Heavy1")

	// An event stream's heavy query whose request ends while it waits.
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	req := httptest.NewRequestWithContext(ctx, "POST", ts.URL+"/graphql", strings.NewReader(string(mustJSON(map[string]any{"query": heavy("HeavyGone")}))))
	req.RequestURI = ""
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "text/event-stream")
	req.Header.Set("Authorization", admin)
	if resp, err := ts.Client().Do(req); err == nil {
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	cancel()
	notStarted("event stream, request ended while waiting", 100*time.Millisecond)

	sse := subscribeSSE(t, ts.URL, admin, heavy("HeavySSE"), nil)
	notStarted("event stream", 300*time.Millisecond)
	ws := connected(t, ts.URL, admin)
	ws.subscribe("1", heavy("HeavyWS"), nil)
	notStarted("WebSocket", 300*time.Millisecond)

	close(first.goOn)
	if r := <-heavy1; len(r.Errors) > 0 {
		t.Fatalf("Heavy1: %+v", r.Errors)
	}
	// The two waiting operations run one after the other, in turn.
	for _, name := range []string{"HeavySSE", "HeavyWS"} {
		s := next(name)
		notStarted(name+" running", 200*time.Millisecond)
		close(s.goOn)
	}
	var out struct {
		Data struct {
			Employees struct{ Edges []json.RawMessage }
		}
		Errors []any
	}
	if err := json.Unmarshal(sse.next(5*time.Second), &out); err != nil || len(out.Errors) > 0 || len(out.Data.Employees.Edges) == 0 {
		t.Errorf("HeavySSE: %v %+v", err, out)
	}
	m, _ := ws.next(5 * time.Second)
	if err := json.Unmarshal(m.Payload, &out); m.Type != "next" || err != nil || len(out.Errors) > 0 || len(out.Data.Employees.Edges) == 0 {
		t.Errorf("HeavyWS: %s %s", m.Type, m.Payload)
	}
	if m, _ := ws.next(5 * time.Second); m.Type != "complete" {
		t.Errorf("HeavyWS: %s %s, want complete", m.Type, m.Payload)
	}

	// Nothing is held any more, though the WebSocket is still open: two
	// heavy queries, on it and by POST, run in turn at once.
	ws.subscribe("2", heavy("HeavyWS2"), nil)
	close(next("HeavyWS2").goOn)
	if m, _ := ws.next(5 * time.Second); m.Type != "next" {
		t.Errorf("HeavyWS2: %s %s", m.Type, m.Payload)
	}
	go func() {
		_, r := gql(t, ts.URL, heavy("Heavy4"), nil, "Authorization", admin)
		heavy1 <- r
	}()
	close(next("Heavy4").goOn)
	if r := <-heavy1; len(r.Errors) > 0 {
		t.Errorf("Heavy4: %+v", r.Errors)
	}
}
