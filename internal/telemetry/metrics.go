// Package telemetry holds Kembang's Prometheus metrics and OpenTelemetry
// tracing: the collectors and their registry (NewMetrics), the GraphQL
// middleware that feeds them, and the tracer provider configured by the
// standard OTEL_* variables (NewTracing).
package telemetry

import (
	"context"
	"database/sql"
	"net/http"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// MaxOperationNames bounds the distinct operation names the metrics
// label: operation names are chosen by clients, and every name is a new
// series. Later names are counted as OtherOperation.
const MaxOperationNames = 200

// Operation labels that are not a client's operation name.
const (
	// AnonymousOperation labels operations without a name.
	AnonymousOperation = "anonymous"
	// OtherOperation labels named operations beyond MaxOperationNames.
	OtherOperation = "other"
)

// Metrics are the server's Prometheus collectors, registered on their own
// registry (never the global default one). A nil *Metrics records nothing.
type Metrics struct {
	// Registry holds every collector of the server; Handler serves it.
	Registry *prometheus.Registry

	duration    *prometheus.HistogramVec
	errors      *prometheus.CounterVec
	inFlight    prometheus.Gauge
	queued      prometheus.Gauge
	nodesHeld   prometheus.Gauge
	nodesWait   prometheus.Gauge
	rateRefused prometheus.Counter
	subs        prometheus.Gauge

	mu    sync.Mutex
	names map[string]struct{}
}

// NewMetrics returns the server's metrics on a new registry, with the Go
// runtime and process collectors and, when db is not nil, the statistics
// of its connection pool.
func NewMetrics(db *sql.DB) *Metrics {
	reg := prometheus.NewRegistry()
	m := &Metrics{
		Registry: reg,
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "kembang_graphql_request_duration_seconds",
			Help:    "Time to execute a GraphQL operation, by operation name and type.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"operation", "type"}),
		errors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "kembang_graphql_errors_total",
			Help: "GraphQL errors returned to clients, by extensions.code.",
		}, []string{"code"}),
		inFlight: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "kembang_graphql_requests_in_flight",
			Help: "GraphQL HTTP requests being served (admitted by the admission control).",
		}),
		queued: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "kembang_graphql_requests_queued",
			Help: "GraphQL HTTP requests waiting for a slot of the admission control (--max-in-flight).",
		}),
		nodesHeld: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "kembang_graphql_nodes_in_flight",
			Help: "Weight (node bound) of the GraphQL operations holding part of the node budget (--max-nodes-in-flight).",
		}),
		nodesWait: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "kembang_graphql_operations_waiting_for_nodes",
			Help: "GraphQL operations waiting for their weight of the node budget (--max-nodes-in-flight).",
		}),
		rateRefused: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "kembang_rate_limit_refusals_total",
			Help: "GraphQL requests refused with HTTP 429 for lack of rate-limit points.",
		}),
		subs: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "kembang_subscriptions_open",
			Help: "GraphQL subscriptions open on this server (WebSocket and server-sent events).",
		}),
		names: make(map[string]struct{}),
	}
	reg.MustRegister(m.duration, m.errors, m.inFlight, m.queued, m.nodesHeld, m.nodesWait, m.rateRefused, m.subs,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if db != nil {
		reg.MustRegister(collectors.NewDBStatsCollector(db, "kembang"))
	}
	return m
}

// Handler serves the metrics in the Prometheus exposition format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.Registry, promhttp.HandlerOpts{Registry: m.Registry})
}

// Queued counts a request waiting for admission; call the returned
// function when it stops waiting.
func (m *Metrics) Queued() (done func()) {
	if m == nil {
		return func() {}
	}
	m.queued.Inc()
	return m.queued.Dec
}

// InFlight counts a request being served; call the returned function when
// it ends.
func (m *Metrics) InFlight() (done func()) {
	if m == nil {
		return func() {}
	}
	m.inFlight.Inc()
	return m.inFlight.Dec
}

// BudgetHeld adds delta to the weight of the node budget held by
// operations in flight (limits.BudgetObserver).
func (m *Metrics) BudgetHeld(delta int64) {
	if m != nil {
		m.nodesHeld.Add(float64(delta))
	}
}

// BudgetWaiting adds delta to the operations waiting for their weight of
// the node budget (limits.BudgetObserver).
func (m *Metrics) BudgetWaiting(delta int) {
	if m != nil {
		m.nodesWait.Add(float64(delta))
	}
}

// Subscriptions adds delta to the subscriptions open (realtime.NewBroker's
// gauge).
func (m *Metrics) Subscriptions(delta float64) {
	if m != nil {
		m.subs.Add(delta)
	}
}

// RateLimited counts a request refused by the rate limiter.
func (m *Metrics) RateLimited() {
	if m != nil {
		m.rateRefused.Inc()
	}
}

// Responses is a GraphQL response middleware (graph.Server's
// AroundResponses) recording each operation's duration and its errors.
// Requests refused before an operation exists (a syntax error) count only
// their errors.
func (m *Metrics) Responses(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	resp := next(ctx)
	if resp == nil {
		return resp
	}
	for _, err := range resp.Errors {
		code, _ := err.Extensions["code"].(string)
		if code == "" {
			code = "UNKNOWN"
		}
		m.errors.WithLabelValues(code).Inc()
	}
	if !graphql.HasOperationContext(ctx) {
		return resp
	}
	oc := graphql.GetOperationContext(ctx)
	if oc.Operation == nil {
		return resp
	}
	start := oc.Stats.OperationStart
	if start.IsZero() {
		return resp
	}
	m.duration.WithLabelValues(m.operationLabel(oc.Operation.Name), string(oc.Operation.Operation)).
		Observe(time.Since(start).Seconds())
	return resp
}

// operationLabel is the label of the operation named name: the name
// itself for the first MaxOperationNames names, else OtherOperation.
func (m *Metrics) operationLabel(name string) string {
	if name == "" {
		return AnonymousOperation
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.names[name]; ok {
		return name
	}
	if len(m.names) >= MaxOperationNames {
		return OtherOperation
	}
	m.names[name] = struct{}{}
	return name
}
