package main

import (
	"context"
	"log/slog"
	"net/http"
	"sync/atomic"
	"time"

	"entgo.io/ent/dialect"

	"kembang/graph"
	"kembang/internal/auth"
	"kembang/internal/domain/jp"
	"kembang/internal/httpapi"
	"kembang/internal/operations"
	"kembang/internal/ratelimit"
	"kembang/internal/realtime"
	"kembang/internal/rules"
	"kembang/internal/store"
	"kembang/internal/telemetry"
	"kembang/internal/viewer"
)

// app is what serve hands the HTTP layer (package httpapi): the
// configuration, the store, the logger and the credentials.
type app struct {
	cfg      config
	db       *store.DB
	log      *slog.Logger
	draining atomic.Bool        // set when shutdown starts: /readyz fails
	rate     *ratelimit.Limiter // nil when rate limiting is off
	verifier *auth.Verifier     // nil when no token keys are configured
	demo     bool               // the embedded demo signs its own tokens
	metrics  *telemetry.Metrics // nil when metrics are off
	tracing  *telemetry.Tracing // nil when tracing is off
	events   *realtime.Broker   // nil until startEvents: no subscriptions
}

// startEvents starts the events of subscriptions: a broker, fed on
// PostgreSQL by a listener of the NOTIFY channel until ctx is done (the
// writes of every server process announce themselves there in their
// transactions), on the embedded store by the writes of this process
// after they commit; and gives the store's client the notifier of its
// dialect.
func (a *app) startEvents(ctx context.Context) error {
	a.events = realtime.NewBroker(0, a.metrics.Subscriptions)
	var n rules.Notifier = a.events
	if a.db.Dialect == dialect.Postgres {
		if err := realtime.Listen(ctx, a.cfg.databaseURL, a.events, a.log); err != nil {
			return err
		}
		n = realtime.Postgres{}
	}
	a.db.Client = a.db.Client.WithRules(rules.Env{Notifier: n})
	return nil
}

// handler returns the HTTP handler of the whole server: the GraphQL
// server (graph.NewServer) in the HTTP layer (a.server).
func (a *app) handler() http.Handler {
	s := a.server()
	targets := jp.Targets{PNS: float64(a.cfg.targetPNS), PPPK: float64(a.cfg.targetPPPK)}
	s.Targets = targets
	gql := graph.NewServer(a.db.Client, graph.Options{
		Logger:                   a.log,
		RequestID:                httpapi.RequestID,
		Introspection:            a.cfg.introspection,
		NoAnonymousIntrospection: !a.cfg.anonIntrospect,
		Classify:                 store.Classify,
		Targets:                  &targets,
		RateLimit:                a.rate,
		Operations:               operations.Config{AllowList: a.cfg.allowList},
		Subscriptions: graph.Subscriptions{
			Events:        a.events,
			Authorize:     s.Authorization,
			Recheck:       s.Recheck,
			Origins:       a.cfg.corsOrigins,
			KeepAlive:     a.cfg.subsKeepAlive,
			PerConnection: a.cfg.subsPerConn,
			PerViewer:     a.cfg.subsPerViewer,
		},
		MaxUploadBytes: a.cfg.maxUploadBytes,
	})
	if a.metrics != nil {
		gql.AroundResponses(a.metrics.Responses)
	}
	if a.tracing != nil {
		gql.AroundResponses(a.tracing.Responses)
		// Switches off the leaf fast path of graph: only when tracing.
		gql.AroundFields(a.tracing.Fields)
	}
	s.GraphQL = gql
	s.Schema = graph.NewExecutableSchema(graph.Config{}).Schema()
	return s.Handler()
}

// server returns the HTTP layer of a, without its GraphQL handler.
func (a *app) server() *httpapi.Server {
	s := &httpapi.Server{
		Config:   httpConfig(a.cfg),
		DB:       a.db,
		Log:      a.log,
		Rate:     a.rate,
		Verifier: a.verifier,
		Draining: &a.draining,
		Metrics:  a.metrics,
		Tracing:  a.tracing,
	}
	if a.demo {
		cfg := a.cfg
		s.DemoToken = func() (string, error) {
			return auth.Mint(authConfig(cfg), viewer.Viewer{Subject: "demo:admin", Role: viewer.Admin}, 8*time.Hour)
		}
	}
	return s
}

// httpConfig returns the settings of cfg that the HTTP layer takes.
func httpConfig(cfg config) httpapi.Config {
	return httpapi.Config{
		Introspection:          cfg.introspection,
		AnonymousIntrospection: cfg.anonIntrospect,
		MaxInFlight:            cfg.maxInFlight,
		MaxNodesInFlight:       int64(cfg.maxNodesInFlight),
		RateLimited:            cfg.rateLimit > 0,
		PublicCatalog:          cfg.publicCatalog,
		CORSOrigins:            cfg.corsOrigins,
		RequestTimeout:         cfg.requestTimeout,
		MaxBodyBytes:           cfg.maxBodyBytes,
		MaxUploadBytes:         cfg.maxUploadBytes,
		MetricsOnMain:          cfg.metricsAddr == "",
	}
}
