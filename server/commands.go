package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"entgo.io/ent/dialect"
	"go.opentelemetry.io/otel/trace"

	entmigrate "kembang/ent/migrate"
	"kembang/internal/httpapi"
	"kembang/internal/ratelimit"
	"kembang/internal/store"
	"kembang/internal/store/seed"
	"kembang/internal/telemetry"
)

// Timeouts of the HTTP server. The write timeout adds writeSlack to the
// request timeout, so that a handler whose context expired can still
// send its error.
const (
	readTimeout    = 30 * time.Second
	idleTimeout    = 2 * time.Minute
	writeSlack     = 10 * time.Second
	maxHeaderBytes = 64 << 10
)

// openStore opens the configured database and applies pending
// migrations.
func openStore(ctx context.Context, cfg config, log *slog.Logger, tracer trace.Tracer) (*store.DB, error) {
	db, err := store.Open(ctx, store.Config{
		DatabaseURL:      cfg.databaseURL,
		DataDir:          cfg.dataDir,
		MaxOpenConns:     cfg.dbMaxConns,
		StatementTimeout: cfg.statementTimeout,
		Tracer:           tracer,
		ReplicaURLs:      cfg.replicaURLs,
		MaxReplicaLag:    cfg.replicaMaxLag,
	})
	if err != nil {
		return nil, err
	}
	start := time.Now()
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	log.InfoContext(ctx, "database ready", "dialect", db.Dialect, "location", location(cfg), "migrate_duration", time.Since(start).Round(time.Millisecond))
	for _, t := range db.Targets()[1:] {
		log.InfoContext(ctx, "read replica", "location", t.Name, "up", t.Up, "lag", t.Lag)
	}
	return db, nil
}

// location describes where the database is, without credentials.
func location(cfg config) string {
	if cfg.embedded() {
		return cfg.dataDir
	}
	return redactURL(cfg.databaseURL)
}

// redactURL returns the host and database of a database URL, never its
// password.
func redactURL(raw string) string {
	s := raw
	if i := strings.Index(s, "://"); i >= 0 {
		s = s[i+3:]
	}
	if i := strings.LastIndex(s, "@"); i >= 0 {
		s = s[i+1:]
	}
	if i := strings.IndexByte(s, '?'); i >= 0 {
		s = s[:i]
	}
	return s
}

// migrate applies the pending migrations and exits.
func migrate(ctx context.Context, cfg config, log *slog.Logger) error {
	db, err := openStore(ctx, cfg, log, nil)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if err := db.Close(); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	return nil
}

// seedData loads the demo data into the configured database. It refuses
// a database that holds data, unless cfg.force, which deletes that data
// first.
func seedData(ctx context.Context, cfg config, log *slog.Logger) (err error) {
	db, err := openStore(ctx, cfg, log, nil)
	if err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	defer func() {
		if cerr := db.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("seed: %w", cerr)
		}
	}()
	empty, err := db.Empty(ctx)
	if err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	if !empty {
		if !cfg.force {
			return errors.New("seed: the database already holds data; run with --force to delete it all and seed again")
		}
		if err := wipe(ctx, db); err != nil {
			return fmt.Errorf("seed: %w", err)
		}
		log.WarnContext(ctx, "deleted all data (--force)", "location", location(cfg))
	}
	if err := loadDemo(ctx, cfg, db, log); err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	return nil
}

// loadDemo runs the demo data generator and logs what it made.
func loadDemo(ctx context.Context, cfg config, db *store.DB, log *slog.Logger) error {
	start := time.Now()
	// Now is left to seed's fixed default, so that the same seed always
	// gives the same data.
	log.InfoContext(ctx, "loading demo data (the first start takes a minute)", "employees", cfg.employees, "location", location(cfg))
	stats, err := seed.Run(ctx, db.Client, seed.Options{
		Employees: cfg.employees,
		Seed:      cfg.randSeed,
		Progress: func(step string, n, total int) {
			log.InfoContext(ctx, "loading demo data", "step", fmt.Sprintf("%d/%d", n, total), "table", step)
		},
	})
	if err != nil {
		return err
	}
	// Fresh tables have no statistics yet: without them the planner
	// guesses a handful of rows and picks nested loops that are slow at
	// the demo's size already (a gap summary 84 ms instead of 3).
	if _, err := db.SQL.ExecContext(ctx, "ANALYZE"); err != nil {
		return fmt.Errorf("analyze after seeding: %w", err)
	}
	log.InfoContext(ctx, "demo data loaded", "stats", stats.String(), "duration", time.Since(start).Round(time.Millisecond))
	return nil
}

// wipe deletes every row of every ent table in one transaction, keeping
// the schema and the ID sequences (ent's global IDs rely on them).
func wipe(ctx context.Context, db *store.DB) error {
	tx, err := db.SQL.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("wipe: %w", err)
	}
	defer tx.Rollback()
	names := make([]string, len(entmigrate.Tables))
	for i, t := range entmigrate.Tables {
		names[i] = `"` + t.Name + `"`
	}
	var stmts []string
	if db.Dialect == "postgres" {
		stmts = []string{"TRUNCATE TABLE " + strings.Join(names, ", ")}
	} else {
		// Foreign keys are checked at commit, when every table is empty.
		stmts = []string{"PRAGMA defer_foreign_keys = ON"}
		for _, n := range names {
			stmts = append(stmts, "DELETE FROM "+n)
		}
	}
	for _, s := range stmts {
		if _, err := tx.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("wipe: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("wipe: %w", err)
	}
	return nil
}

// serve opens the database, migrates it, seeds it on the first start if
// it is embedded and empty, and serves HTTP until ctx is cancelled. Once
// ctx is cancelled the process ends within the shutdown grace period and
// exitMargin, whatever still runs (see hardStop).
func serve(ctx context.Context, cfg config, log *slog.Logger) (err error) {
	// Deferred first, so that it runs last: the store's Close is covered.
	defer hardStop(ctx, cfg.shutdownGrace+exitMargin, log, os.Exit)()
	tuneRuntime(ctx, cfg, log)
	tracing, err := newTracing(ctx, cfg, log)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	defer func() {
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), tracingFlush)
		defer cancel()
		if err := tracing.Shutdown(sctx); err != nil {
			log.WarnContext(ctx, "tracing: flushing the last spans failed", "err", err)
		}
	}()
	db, err := openStore(ctx, cfg, log, tracing.Tracer())
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	defer func() {
		if cerr := db.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("serve: %w", cerr)
		}
	}()
	if err := firstStart(ctx, cfg, db, log); err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	demo := demoMode(cfg)
	if demo {
		if cfg.jwtSecret, err = demoSecret(cfg.dataDir, true); err != nil {
			return fmt.Errorf("serve: %w", err)
		}
		log.InfoContext(ctx, "demo mode: the explorer is signed in as ADMIN for clients on this machine; kembang token mints tokens of other roles",
			"secret", filepath.Join(cfg.dataDir, demoSecretFile))
		if ap, err := netip.ParseAddrPort(ln.Addr().String()); err != nil || !ap.Addr().Unmap().IsLoopback() {
			log.WarnContext(ctx, "demo mode listening beyond this machine: the demo's data and the tokens its secret signs are reachable from the network; demo tokens are served to loopback clients only. Configure KEMBANG_JWT_SECRET or an identity provider, or set KEMBANG_DEMO_TOKENS=false, for anything but a local trial",
				"addr", ln.Addr().String())
		}
	}
	verifier, err := newVerifier(cfg)
	if err != nil {
		return err
	}
	if cfg.pprofAddr != "" {
		if err := httpapi.ServePprof(ctx, cfg.pprofAddr, log); err != nil {
			return fmt.Errorf("serve: %w", err)
		}
	}
	a := &app{cfg: cfg, db: db, log: log, verifier: verifier, demo: demo, tracing: tracing}
	if cfg.metricsAddr != metricsOff {
		a.metrics = newMetrics(db)
	}
	if cfg.metricsAddr != "" && cfg.metricsAddr != metricsOff {
		if err := httpapi.ServeMetrics(ctx, cfg.metricsAddr, a.metrics.Handler(), log); err != nil {
			return fmt.Errorf("serve: %w", err)
		}
	}
	if cfg.rateLimit > 0 {
		a.rate = ratelimit.New(cfg.rateLimit, time.Hour, httpapi.MaxRateClients)
	}
	if err := a.startEvents(ctx); err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	h := a.handler()
	if wrapHandler != nil {
		h = wrapHandler(h)
	}
	if cfg.dbWarm {
		warmPool(ctx, db, log)
	}
	return serveOn(ctx, ln, a, h)
}

// warmPool opens the PostgreSQL pools' connections (store.DB.Warm)
// before serveOn answers the first request, and so before /readyz can
// report ready. It runs last among the start-up steps, once the
// listener of subscriptions holds its own connection, so that a
// connection limit of the role or database leaves that one to it. A
// failure is logged once and the start goes on: the pools dial the
// missing connections when requests need them.
func warmPool(ctx context.Context, db *store.DB, log *slog.Logger) {
	if db.Dialect != dialect.Postgres {
		return
	}
	start := time.Now()
	w, err := db.Warm(ctx)
	took := time.Since(start).Round(time.Millisecond)
	if err != nil {
		log.WarnContext(ctx, "database pool warm-up incomplete; the other connections open when requests need them",
			"ready", w.Ready, "want", w.Want, "duration", took, "err", err)
		return
	}
	log.InfoContext(ctx, "database pool warm", "connections", w.Ready, "duration", took)
}

// newMetrics returns the server's metrics over db: its primary's pool,
// and the statements per primary and read replica.
func newMetrics(db *store.DB) *telemetry.Metrics {
	m := telemetry.NewMetrics(db.SQL)
	m.WatchDatabases(db.Targets)
	return m
}

// tracingFlush bounds the export of the last spans at shutdown.
const tracingFlush = 5 * time.Second

// newTracing returns the tracing the OTEL_* variables ask for, nil when
// they do not.
func newTracing(ctx context.Context, cfg config, log *slog.Logger) (*telemetry.Tracing, error) {
	getenv := cfg.otelEnv
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	t, err := telemetry.NewTracing(ctx, getenv)
	if err != nil {
		return nil, err
	}
	if t != nil {
		log.InfoContext(ctx, "tracing on: spans exported over OTLP", "endpoint", getenv("OTEL_EXPORTER_OTLP_ENDPOINT"))
	}
	return t, nil
}

// wrapHandler, when set, wraps the handler that serve serves. It is nil
// in the server; the shutdown tests set it, in a child process, to serve
// a request that never ends.
var wrapHandler func(http.Handler) http.Handler

// exitMargin is how long after the shutdown grace period the process
// ends if serve has still not returned.
const exitMargin = 2 * time.Second

// hardStop arms a watchdog: once ctx is done (SIGTERM), if the function
// it returns has not been called within after, it logs and calls
// exit(1). serve gives it the grace period and exitMargin: serveOn
// cancels the requests still running when the grace period is over and
// returns, and the watchdog ends the process even if something still
// does not let go then (a handler or a driver that ignores its context,
// a store that does not close, a start-up step). The returned function
// disarms it.
func hardStop(ctx context.Context, after time.Duration, log *slog.Logger, exit func(int)) (disarm func()) {
	var (
		mu       sync.Mutex
		timer    *time.Timer
		disarmed bool
	)
	stop := context.AfterFunc(ctx, func() {
		mu.Lock()
		defer mu.Unlock()
		if disarmed {
			return
		}
		timer = time.AfterFunc(after, func() {
			log.Error("shutdown: still running after the grace period; exiting", "after", after)
			exit(1)
		})
	})
	return func() {
		stop()
		mu.Lock()
		defer mu.Unlock()
		disarmed = true
		if timer != nil {
			timer.Stop()
		}
	}
}

// firstStart loads the demo data into an empty embedded database when
// cfg allows it. PostgreSQL is never seeded automatically.
func firstStart(ctx context.Context, cfg config, db *store.DB, log *slog.Logger) error {
	empty, err := db.Empty(ctx)
	if err != nil || !empty {
		return err
	}
	switch {
	case !cfg.embedded():
		log.InfoContext(ctx, "the database is empty; run kembang seed to load demo data")
		return nil
	case !cfg.autoSeed:
		log.InfoContext(ctx, "the database is empty and KEMBANG_SEED is off; run kembang seed to load demo data")
		return nil
	}
	log.InfoContext(ctx, "first start on an empty embedded database: loading demo data", "employees", cfg.employees)
	return loadDemo(ctx, cfg, db, log)
}

// serveOn serves h on ln with a's settings until ctx is cancelled, then
// shuts down: it stops accepting connections and waits up to the shutdown
// grace period for in-flight requests. It returns nil after a clean
// shutdown. When the grace period is over it cancels the contexts of the
// requests still running, closes their connections and returns an error
// at once, without waiting for their handlers.
func serveOn(ctx context.Context, ln net.Listener, a *app, h http.Handler) error {
	// The requests' contexts derive from this one, not from ctx: SIGTERM
	// lets them finish; the end of the grace period cancels them.
	requests, cancelRequests := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelRequests()
	srv := &http.Server{
		Handler:           h,
		BaseContext:       func(net.Listener) context.Context { return requests },
		ReadHeaderTimeout: httpapi.ReadHeaderTimeout,
		ReadTimeout:       max(readTimeout, a.cfg.requestTimeout),
		WriteTimeout:      a.cfg.requestTimeout + writeSlack,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    maxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(a.log.Handler(), slog.LevelWarn),
	}
	if a.events != nil {
		// Subscriptions end when the shutdown starts: event streams finish
		// their responses, WebSockets are closed (1000) by the transport.
		srv.RegisterOnShutdown(a.events.Close)
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	a.log.InfoContext(ctx, "listening", "addr", ln.Addr().String(), "explorer", explorerURL(ln.Addr()))

	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	a.draining.Store(true)
	a.log.Info("shutting down", "grace", a.cfg.shutdownGrace)
	sctx, cancel := context.WithTimeout(context.Background(), a.cfg.shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		cancelRequests()
		srv.Close()
		a.log.Warn("shutdown: grace period over; requests in flight cancelled", "grace", a.cfg.shutdownGrace)
		return fmt.Errorf("serve: shutdown: %w", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	a.log.Info("stopped")
	return nil
}

// explorerURL returns the URL of the explorer served on addr, naming
// localhost when the server listens on every interface.
func explorerURL(addr net.Addr) string {
	host, port, err := net.SplitHostPort(addr.String())
	if err != nil {
		return "http://" + addr.String() + "/"
	}
	if ip := net.ParseIP(host); ip == nil || ip.IsUnspecified() {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port) + "/"
}
