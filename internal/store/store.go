// Package store opens Kembang's database and wires the ent client to it.
//
// Two back ends are supported: PostgreSQL (through github.com/lib/pq) when
// a postgres:// URL is configured, and an embedded pure-Go SQLite file
// (modernc.org/sqlite) otherwise. Whatever the back end, the ent client
// returned by Open counts every statement it runs (see WithCounter), turns
// driver errors of mutations into client-safe errors (see Classify),
// refuses mutations that name records that do not exist with NOT_FOUND
// before anything else runs (see refsHook), and
// works on a schema created by the embedded versioned migrations (see
// (*DB).Migrate), never by ent's automatic migration.
package store

//go:generate go run ./migrations/gen.go

import (
	"context"
	"database/sql"
	"fmt"
	"kembang/internal/access"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	_ "github.com/lib/pq" // registers the "postgres" driver
	"go.opentelemetry.io/otel/trace"
	"modernc.org/sqlite"

	"kembang/ent"
	_ "kembang/ent/runtime" // schema hooks and defaults
)

// registerSQLite registers modernc's driver under the name ent's SQLite
// dialect (and Atlas) open: "sqlite3". modernc itself registers "sqlite".
var registerSQLite = sync.OnceFunc(func() {
	if !slices.Contains(sql.Drivers(), dialect.SQLite) {
		sql.Register(dialect.SQLite, &sqlite.Driver{})
	}
})

// Config selects and tunes the database.
type Config struct {
	// DatabaseURL is a postgres:// or postgresql:// URL. When empty, an
	// embedded SQLite database is used.
	DatabaseURL string
	// DataDir holds the SQLite file kembang.db. It is created if missing.
	// Unused with PostgreSQL.
	DataDir string
	// MaxOpenConns caps the PostgreSQL connection pool; 0 picks a default.
	// SQLite always uses a single connection.
	MaxOpenConns int
	// StatementTimeout, when positive, makes PostgreSQL cancel any
	// statement running longer (statement_timeout). Migrations are exempt.
	StatementTimeout time.Duration
	// Tracer, when set, gives every statement of the ent client an
	// OpenTelemetry span (a child of the span of its context) named after
	// its first keyword, with the statement text (placeholders, no values).
	// Nil: no spans, at no cost.
	Tracer trace.Tracer
	// ReplicaURLs are postgres:// URLs of streaming replicas of the
	// DatabaseURL database. Reads outside transactions go to them (see
	// routingDriver); each has a pool of MaxOpenConns connections.
	ReplicaURLs []string
	// MaxReplicaLag is how far behind the primary a replica may be and
	// still serve reads; 0: DefaultMaxReplicaLag.
	MaxReplicaLag time.Duration
	// ReplicaCheckInterval is how often the replicas' lag is polled; 0:
	// every second.
	ReplicaCheckInterval time.Duration
}

// Default PostgreSQL pool settings.
const (
	defaultMaxOpenConns = 16
	connMaxIdleTime     = 5 * time.Minute
	connMaxLifetime     = time.Hour
)

// DB is an open store: the ent client and the database under it.
type DB struct {
	// Client is the ent client. Every statement it runs goes through the
	// counting driver, and mutation errors are classified (see Classify).
	Client *ent.Client
	// SQL is the underlying connection pool. Statements run on it directly
	// are not counted.
	SQL *sql.DB
	// Dialect is dialect.Postgres or dialect.SQLite.
	Dialect string

	drv *countingDriver
	rt  *routingDriver // nil without replicas
}

// Open connects to the database cfg describes. It does not create or
// migrate the schema: call Migrate for that.
func Open(ctx context.Context, cfg Config) (*DB, error) {
	var (
		db   *sql.DB
		name string
		err  error
	)
	switch {
	case cfg.DatabaseURL == "":
		db, err = openSQLite(cfg)
		name = dialect.SQLite
	case strings.HasPrefix(cfg.DatabaseURL, "postgres://"), strings.HasPrefix(cfg.DatabaseURL, "postgresql://"):
		db, err = openPostgres(cfg)
		name = dialect.Postgres
	default:
		return nil, fmt.Errorf("store: open: unsupported database URL scheme (want postgres:// or an empty URL for SQLite)")
	}
	if err != nil {
		return nil, fmt.Errorf("store: open: %w", err)
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: open: %w", Classify(err))
	}
	var drv *countingDriver
	if name == dialect.Postgres {
		drv = newPostgresDriver(db, cfg)
	} else {
		drv = &countingDriver{Driver: entsql.OpenDB(name, db), utc: true, tracer: cfg.Tracer, dialect: name}
	}
	out := &DB{SQL: db, Dialect: name, drv: drv}
	var top dialect.Driver = drv
	if len(cfg.ReplicaURLs) > 0 {
		if name != dialect.Postgres {
			db.Close()
			return nil, fmt.Errorf("store: open: read replicas need a PostgreSQL primary")
		}
		reps, err := openReplicas(cfg)
		if err != nil {
			db.Close()
			return nil, fmt.Errorf("store: open: %w", err)
		}
		out.rt = newRoutingDriver(drv, reps, cfg.MaxReplicaLag, cfg.ReplicaCheckInterval)
		top = out.rt
	}
	out.Client = ent.NewClient(ent.Driver(top))
	if out.rt != nil {
		out.Client.Use(primaryHook) // the outermost: around privacy and every hook
	}
	out.Client.Use(classifyHook, refsHook(name))
	return out, nil
}

// newPostgresDriver returns the counting driver over the PostgreSQL pool
// db: prepared statements, idle connections dropped in an outage.
func newPostgresDriver(db *sql.DB, cfg Config) *countingDriver {
	return &countingDriver{
		Driver:  entsql.OpenDB(dialect.Postgres, db),
		pool:    &pool{db: db, maxIdle: idleConns(cfg.MaxOpenConns)},
		stmts:   newStmtCache(db, 256),
		tracer:  cfg.Tracer,
		dialect: dialect.Postgres,
	}
}

// openSQLite opens <DataDir>/kembang.db with one connection.
func openSQLite(cfg Config) (*sql.DB, error) {
	registerSQLite()
	dir := cfg.DataDir
	if dir == "" {
		dir = "."
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, err
	}
	path, err := filepath.Abs(filepath.Join(dir, "kembang.db"))
	if err != nil {
		return nil, err
	}
	db, err := sql.Open(dialect.SQLite, sqliteDSN(path))
	if err != nil {
		return nil, err
	}
	// One connection: entgql.Transactioner holds a write transaction per
	// mutation, and SQLite allows one writer at a time anyway. More
	// connections would turn lock upgrades into SQLITE_BUSY errors.
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	db.SetConnMaxIdleTime(0)
	db.SetConnMaxLifetime(0)
	return db, nil
}

// sqliteDSN returns modernc's DSN for the database file at path.
func sqliteDSN(path string) string {
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(path)}
	// modernc applies the underscore keys itself; SQLite sees the URI.
	// url.URL would escape the parentheses of the pragmas: build by hand.
	return "file:" + u.EscapedPath() +
		"?_pragma=foreign_keys(1)&_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)"
}

// openPostgres opens a pool with cfg's limits and statement timeout.
func openPostgres(cfg Config) (*sql.DB, error) {
	dsn, err := postgresDSN(cfg.DatabaseURL, cfg.StatementTimeout)
	if err != nil {
		return nil, err
	}
	db, err := sql.Open(dialect.Postgres, dsn)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(openConns(cfg.MaxOpenConns))
	db.SetMaxIdleConns(idleConns(cfg.MaxOpenConns))
	db.SetConnMaxIdleTime(connMaxIdleTime)
	db.SetConnMaxLifetime(connMaxLifetime)
	return db, nil
}

// openConns is the PostgreSQL pool size for the configured one.
func openConns(n int) int {
	if n <= 0 {
		return defaultMaxOpenConns
	}
	return n
}

// idleConns is how many idle PostgreSQL connections the pool keeps: all
// of them. A pool that keeps fewer idle than open closes a connection
// each time a burst ends and dials a new one at the next, and a new
// PostgreSQL backend costs a fork, authentication and cold catalogue
// caches: at 16 clients, keeping half of them idle churned about seven
// connections a second and cost 40 % of the throughput
// (docs/performance.md). Idle connections still close after
// connMaxIdleTime.
func idleConns(n int) int { return openConns(n) }

// connectTimeout bounds the dial of a new PostgreSQL connection when the
// URL sets no connect_timeout, so that requests fail fast (UNAVAILABLE)
// when the server's host does not answer instead of waiting for their
// own deadline.
const connectTimeout = 5 * time.Second

// serverOptions are the run-time parameters every PostgreSQL connection
// of the pool sets (the URL's options parameter), unless the URL's own
// options set them.
//
// jit=off: Kembang's statements are short index lookups, each run with
// its plan cached per connection, yet the planner's estimate of an edge
// page over many parents (a LATERAL subquery per parent) can pass
// jit_above_cost, and then each new connection compiles the statement
// before running it: 810 ms with JIT against 155 ms without in issue 17,
// and EXPLAIN (ANALYZE) in docs/performance.md ("Sixth round").
var serverOptions = []struct{ name, value string }{
	{"jit", "off"},
}

// postgresDSN adds serverOptions and statement_timeout to the options
// run-time parameter of the URL, keeping any options already given (a
// parameter the URL's options set already is not added again), and
// connect_timeout unless the URL sets one.
func postgresDSN(raw string, timeout time.Duration) (string, error) {
	u, err := url.Parse(raw)
	if err != nil {
		// Do not echo the URL: it may hold a password.
		return "", fmt.Errorf("invalid database URL")
	}
	q := u.Query()
	if !q.Has("connect_timeout") {
		q.Set("connect_timeout", fmt.Sprint(int(connectTimeout.Seconds())))
	}
	var opts []string
	if o := q.Get("options"); o != "" {
		opts = append(opts, o)
	}
	for _, p := range serverOptions {
		if !strings.Contains(q.Get("options"), p.name+"=") {
			opts = append(opts, fmt.Sprintf("-c %s=%s", p.name, p.value))
		}
	}
	if timeout > 0 {
		opts = append(opts, fmt.Sprintf("-c statement_timeout=%d", max(1, timeout.Milliseconds())))
	}
	if len(opts) > 0 {
		q.Set("options", strings.Join(opts, " "))
	}
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// Close closes the ent client and the connection pool.
func (db *DB) Close() error {
	if err := db.Client.Close(); err != nil {
		return fmt.Errorf("store: close: %w", err)
	}
	return nil
}

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.SQL.PingContext(ctx); err != nil {
		db.drv.pool.observe(err)
		return fmt.Errorf("store: ping: %w", Classify(err))
	}
	return nil
}

// Empty reports whether the store holds no agency yet, e.g. to load demo
// data on the first start.
func (db *DB) Empty(ctx context.Context) (bool, error) {
	ok, err := db.Client.Agency.Query().Exist(access.System(ctx))
	if err != nil {
		return false, fmt.Errorf("store: empty: %w", err)
	}
	return !ok, nil
}

// Statements returns how many statements the ent client has run since
// Open, across all requests and databases (primary and replicas).
func (db *DB) Statements() int64 {
	var n int64
	for _, t := range db.Targets() {
		n += t.Statements
	}
	return n
}
