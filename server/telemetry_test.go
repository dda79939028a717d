package main

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"kembang/internal/httpapi"
	"kembang/internal/ratelimit"
	"kembang/internal/store"
	"kembang/internal/store/seed"
	"kembang/internal/store/storetest"
	"kembang/internal/telemetry"
	"kembang/internal/viewer"
)

// TestMetrics scrapes /metrics after a query and a failing one and finds
// the series of each metric with their labels.
func TestMetrics(t *testing.T) {
	cfg := testConfig()
	cfg.maxInFlight = 2
	cfg.rateLimit = 5000
	db := seededStore(t)
	a := &app{cfg: cfg, db: db, log: slog.New(slog.DiscardHandler), metrics: telemetry.NewMetrics(db.SQL)}
	ts := newTestServer(t, a)
	admin := bearer(t, viewer.Viewer{Subject: "test:admin", Role: viewer.Admin})
	if _, r := gql(t, ts.URL, `query ListEmployees { employees(first: 2) { totalCount } }`, nil, "Authorization", admin); len(r.Errors) > 0 {
		t.Fatalf("query: %+v", r.Errors)
	}
	if _, r := gql(t, ts.URL, `query Broken { employees(first: 2) { noSuchField } }`, nil, "Authorization", admin); len(r.Errors) == 0 {
		t.Fatal("a query of an unknown field succeeded")
	}
	resp, body := get(t, ts, "/metrics")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /metrics: %d %s", resp.StatusCode, body)
	}
	for _, want := range []string{
		`kembang_graphql_request_duration_seconds_count{operation="ListEmployees",type="query"} 1`,
		`kembang_graphql_request_duration_seconds_bucket{operation="ListEmployees",type="query",le="+Inf"} 1`,
		`kembang_graphql_errors_total{code="GRAPHQL_VALIDATION_FAILED"} 1`,
		`kembang_graphql_requests_in_flight 0`,
		`kembang_graphql_requests_queued 0`,
		`kembang_graphql_nodes_in_flight 0`,
		`kembang_graphql_operations_waiting_for_nodes 0`,
		`kembang_rate_limit_refusals_total 0`,
		`go_sql_max_open_connections{db_name="kembang"} 1`,
		`go_goroutines `,
		`process_resident_memory_bytes `,
	} {
		if !strings.Contains(string(body), want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
	if t.Failed() {
		t.Logf("/metrics:\n%s", body)
	}
}

// TestMetricsRateLimited counts a request refused by the rate limiter.
func TestMetricsRateLimited(t *testing.T) {
	cfg := testConfig()
	cfg.rateLimit = 1
	db := seededStore(t)
	a := &app{cfg: cfg, db: db, log: slog.New(slog.DiscardHandler), metrics: telemetry.NewMetrics(db.SQL),
		rate: ratelimit.New(cfg.rateLimit, time.Hour, httpapi.MaxRateClients)}
	ts := newTestServer(t, a)
	admin := bearer(t, viewer.Viewer{Subject: "test:admin", Role: viewer.Admin})
	refused := 0
	for range 3 {
		if resp, _ := gql(t, ts.URL, `{ employees(first: 2) { totalCount } }`, nil, "Authorization", admin); resp.StatusCode == http.StatusTooManyRequests {
			refused++
		}
	}
	if refused == 0 {
		t.Fatal("no request refused at 1 point per hour")
	}
	_, body := get(t, ts, "/metrics")
	if !strings.Contains(string(body), "kembang_rate_limit_refusals_total "+strconv.Itoa(refused)+"\n") {
		t.Errorf("/metrics lacks the refusals:\n%s", body)
	}
}

// tracedApp returns an app whose spans go to an in-memory exporter, over
// a seeded SQLite store traced by the same provider.
func tracedApp(t testing.TB, logs io.Writer) (*app, *tracetest.InMemoryExporter) {
	t.Helper()
	exp := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(exp))
	tracing := telemetry.NewTracingFrom(tp, tp.Shutdown)
	scfg := storetest.Config(t, storetest.SQLite)
	scfg.Tracer = tracing.Tracer()
	ctx := context.Background()
	db, err := store.Open(ctx, scfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := seed.Run(ctx, db.Client, seed.Options{Employees: 10}); err != nil {
		t.Fatal(err)
	}
	exp.Reset()
	cfg := testConfig()
	log := slog.New(slog.DiscardHandler)
	if logs != nil {
		log = slog.New(httpapi.LogHandler(slog.NewJSONHandler(logs, nil)))
	}
	return &app{cfg: cfg, db: db, log: log, tracing: tracing}, exp
}

// TestTracing follows one query through its spans: HTTP, then the
// operation, then the resolver, then its SQL statements; and finds the
// trace id in the request log beside the request id.
func TestTracing(t *testing.T) {
	var logs syncBuffer
	a, exp := tracedApp(t, &logs)
	ts := newTestServer(t, a)
	admin := bearer(t, viewer.Viewer{Subject: "test:admin", Role: viewer.Admin})
	if _, r := gql(t, ts.URL, `query ListEmployees { employees(first: 2) { totalCount edges { node { nip } } } }`, nil, "Authorization", admin); len(r.Errors) > 0 {
		t.Fatalf("query: %+v", r.Errors)
	}
	spans := exp.GetSpans()
	byID := map[string]tracetest.SpanStub{}
	for _, s := range spans {
		byID[s.SpanContext.SpanID().String()] = s
	}
	find := func(name string) tracetest.SpanStub {
		t.Helper()
		for _, s := range spans {
			if s.Name == name {
				return s
			}
		}
		var names []string
		for _, s := range spans {
			names = append(names, s.Name)
		}
		t.Fatalf("no span %q among %q", name, names)
		return tracetest.SpanStub{}
	}
	parent := func(s tracetest.SpanStub) string { return byID[s.Parent.SpanID().String()].Name }
	httpSpan := find("POST")
	op := find("ListEmployees")
	field := find("Query.employees")
	sql := find("SELECT")
	if got := parent(op); got != httpSpan.Name {
		t.Errorf("operation span's parent = %q, want %q", got, httpSpan.Name)
	}
	if got := parent(field); got != op.Name {
		t.Errorf("resolver span's parent = %q, want %q", got, op.Name)
	}
	for _, s := range spans {
		if s.Name == "SELECT" && parent(s) != field.Name {
			t.Errorf("SQL span's parent = %q, want %q", parent(s), field.Name)
		}
	}
	if sql.SpanContext.TraceID() != httpSpan.SpanContext.TraceID() {
		t.Error("the SQL span is not in the request's trace")
	}
	var line map[string]any
	for l := range strings.Lines(logs.String()) {
		var m map[string]any
		if json.Unmarshal([]byte(l), &m) == nil && m["msg"] == "http request" {
			line = m
		}
	}
	if line == nil {
		t.Fatalf("no request log in %s", logs.String())
	}
	if line["trace_id"] != httpSpan.SpanContext.TraceID().String() || line["request_id"] == nil {
		t.Errorf("request log: trace_id %v request_id %v, want trace %s and a request id", line["trace_id"], line["request_id"], httpSpan.SpanContext.TraceID())
	}
}

// BenchmarkTelemetry serves one query with no instrumentation ("bare"),
// with the default instrumentation (metrics on, tracing off: "off") and
// with tracing on into memory ("on"): "off" costs what "bare" costs, plus
// a few counter updates.
func BenchmarkTelemetry(b *testing.B) {
	for _, mode := range []string{"bare", "off", "on"} {
		b.Run(mode, func(b *testing.B) {
			var a *app
			if mode == "on" {
				a, _ = tracedApp(b, nil)
			} else {
				db := seededStore(b)
				a = &app{cfg: testConfig(), db: db, log: slog.New(slog.DiscardHandler)}
				if mode == "off" {
					a.metrics = telemetry.NewMetrics(db.SQL)
				}
			}
			a.verifier = testVerifier(b, a.cfg)
			h := signedIn(b, a.handler())
			body := `{"query":"query ListEmployees { employees(first: 5) { totalCount edges { node { nip fullName } } } }"}`
			b.ReportAllocs()
			for b.Loop() {
				req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				w := httptest.NewRecorder()
				h.ServeHTTP(w, req)
				if w.Code != http.StatusOK {
					b.Fatalf("status %d: %s", w.Code, w.Body)
				}
			}
		})
	}
}
