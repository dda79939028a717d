package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"runtime"
	"strconv"
	"strings"
	"time"

	"kembang/internal/limits"
	"kembang/internal/store"
	"kembang/internal/store/seed"
)

// Defaults of the settings; see the table in README.md.
const (
	defaultDataDir        = "./data"
	defaultAddr           = ":8080"
	defaultDemoAddr       = "127.0.0.1:8080" // the embedded demo's, see listenAddr
	defaultCORSOrigins    = "http://localhost:3000,http://localhost:5173"
	defaultMaxBodyBytes   = 1 << 20
	defaultMaxUploadBytes = 16 << 20
	defaultRequestTimeout = 15 * time.Second
	defaultShutdownGrace  = 20 * time.Second
	defaultEmployees      = seed.DefaultEmployees
	defaultRandSeed       = seed.DefaultSeed
	defaultGCPercent      = 400
	defaultMemoryLimit    = 200 << 20
	defaultReplicaMaxLag  = store.DefaultMaxReplicaLag
	// defaultMaxNodesInFlight is the node budget of the large operations
	// in flight (limits.Budget): four operations of analyst_4level's
	// bound (5,275 nodes) at once, or one of the largest bound the limits
	// allow (50,000 nodes, capped at the budget). In an A/B at 1M
	// (docs/performance.md, change 46) a smaller budget lowered the peak
	// memory of analyst_4level at 16 clients (one at a time: 164 against
	// 255 MB) but cost it a third of its throughput; this one keeps its
	// throughput and p99.
	defaultMaxNodesInFlight = 24_000
)

// Bounds of the settings, to catch typos such as a timeout of 15ms.
const (
	minMaxBodyBytes   = 1 << 10
	maxMaxBodyBytes   = 64 << 20
	maxMaxUploadBytes = 256 << 20
	maxRequestTimeout = 10 * time.Minute
	maxShutdownGrace  = 10 * time.Minute
	maxDBMaxConns     = 1000
	maxEmployees      = 1_000_000
	minGCPercent      = 50
	maxGCPercent      = 10_000
	minMemoryLimit    = 64 << 20
	maxMaxInFlight    = 10_000
	maxMaxNodes       = 100_000_000
	maxReplicaMaxLag  = time.Hour
)

// defaultMaxInFlight is 4 GraphQL requests per CPU the process may use: as
// many as keep the CPUs busy while some requests wait on the database. In
// an A/B at 1M (docs/performance.md, fourth round) 4 and 8 on 2 CPUs cut
// the p99 latency of the persona queries by a fifth to a third at the same
// throughput.
func defaultMaxInFlight() int { return 4 * runtime.GOMAXPROCS(0) }

// config is the configuration of one command, read from the environment
// and then from flags, which win. Fields a command does not use keep
// their zero values.
type config struct {
	cmd string // serve, migrate or seed

	// Every command.
	databaseURL      string        // postgres:// URL; empty: embedded SQLite
	dataDir          string        // directory of the SQLite file
	dbMaxConns       int           // PostgreSQL pool size; 0: store's default
	statementTimeout time.Duration // PostgreSQL statement_timeout; 0: requestTimeout
	logLevel         slog.Level
	logFormat        string // text or json

	// serve.
	addr           string
	corsOrigins    []string // allowed cross-origin callers; empty: none
	introspection  bool
	anonIntrospect bool // introspection also for anonymous callers
	publicCatalog  bool // anonymous callers read the catalogue
	demoTokens     bool // embedded demo: own token secret, explorer signed in as ADMIN
	maxBodyBytes   int64
	maxUploadBytes int64 // largest multipart request (importEmployees)
	requestTimeout time.Duration
	shutdownGrace  time.Duration
	autoSeed       bool // seed an empty embedded database on start
	targetPNS      int  // annual JP target of a PNS
	targetPPPK     int  // annual JP target of a PPPK
	rateLimit      int  // points per client per hour; 0: off
	maxInFlight    int  // GraphQL requests executed at once; 0: no limit
	allowList      bool // run only registered documents (internal/operations)
	// serve: node bounds of the large operations executed at once
	// (limits.Budget); 0: no bound.
	maxNodesInFlight int
	// serve: subscriptions (graph.Subscriptions): connections per viewer,
	// subscriptions per WebSocket, keep-alive interval.
	subsPerViewer, subsPerConn int
	subsKeepAlive              time.Duration

	// serve: read replicas of databaseURL (postgres:// URLs) and the lag
	// beyond which one is skipped.
	replicaURLs   []string
	replicaMaxLag time.Duration
	// serve: open the PostgreSQL pools' connections before answering
	// (store.DB.Warm).
	dbWarm bool

	// serve: loopback address of the pprof debug listener; empty: off.
	pprofAddr string

	// serve: where Prometheus metrics are served: empty: /metrics on the
	// main listener; "off": nowhere; else the address of a listener of
	// their own (serving /metrics).
	metricsAddr string
	// serve: the environment, read for the standard OTEL_* variables
	// that switch tracing on and configure it (telemetry.NewTracing).
	otelEnv func(string) string

	// serve: garbage collector settings (see tuneRuntime); 0: leave the
	// runtime's own (GOGC, GOMEMLIMIT).
	gcPercent   int
	memoryLimit int64

	// serve (first-start seeding) and seed.
	employees int
	randSeed  uint64

	// seed.
	force bool // empty a database that holds data before seeding

	// operations register: the folder of .graphql documents.
	operationsDir string

	// import: what the file holds (employees, assessments or
	// enrollments), its path, whether the valid rows load when others
	// are refused, and the agency of rows that name none.
	importKind    string
	importFile    string
	importPartial bool
	importAgency  string

	// serve and token: bearer tokens.
	jwtIssuer   string
	jwtAudience []string
	jwtSecret   string // HS256 secret; empty: no HMAC tokens
	jwksURL     string // RS256/ES256 keys; empty: none
	oidc        bool   // discover the JWKS from the issuer (Keycloak)

	// token.
	tokenRole     string
	tokenAgency   string
	tokenEmployee string
	tokenPartner  string
	tokenSubject  string
	tokenTTL      time.Duration
}

// embedded reports whether the configured database is the embedded
// SQLite one.
func (c config) embedded() bool { return c.databaseURL == "" }

// errUsage reports that the command line could not be parsed; the
// message of the wrapping error says why.
var errUsage = errors.New("usage")

// metricsOff is the --metrics-addr that serves no metrics.
const metricsOff = "off"

// parseConfig reads the configuration of cmd from getenv and args. It
// returns flag.ErrHelp, after writing the usage to out, when args ask for
// help.
func parseConfig(cmd string, args []string, getenv func(string) string, out io.Writer) (config, error) {
	c := config{cmd: cmd}
	fs := flag.NewFlagSet("kembang "+cmd, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors are returned; usage is written on -h only
	p := &parser{fs: fs, getenv: getenv}

	p.string(&c.databaseURL, "database-url", "DATABASE_URL", "",
		"PostgreSQL URL (postgres://user:pass@host:5432/db?sslmode=disable); empty: embedded SQLite in the data directory")
	p.string(&c.dataDir, "data-dir", "KEMBANG_DATA_DIR", defaultDataDir,
		"directory of the embedded SQLite database (kembang.db)")
	p.int(&c.dbMaxConns, "db-max-conns", "KEMBANG_DB_MAX_CONNS", 0,
		"PostgreSQL connection pool size; 0: 16")
	p.duration(&c.statementTimeout, "statement-timeout", "KEMBANG_STATEMENT_TIMEOUT", 0,
		"PostgreSQL statement_timeout; 0: the request timeout with serve, none otherwise")
	p.level(&c.logLevel, "log-level", "KEMBANG_LOG_LEVEL", slog.LevelInfo,
		"log level: debug, info, warn or error")
	p.string(&c.logFormat, "log-format", "KEMBANG_LOG_FORMAT", "text",
		"log format: text or json")

	if cmd == "serve" {
		addr := "" // not given: see listenAddr
		if port := strings.TrimSpace(getenv("PORT")); port != "" && strings.TrimSpace(getenv("KEMBANG_ADDR")) == "" {
			if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
				p.fail("PORT", port, errors.New("want a port number"))
			} else {
				addr = ":" + port
			}
		}
		p.string(&c.addr, "addr", "KEMBANG_ADDR", addr,
			"listen address host:port (PORT=n also sets :n); default "+defaultAddr+", or "+defaultDemoAddr+" for the embedded demo (see --demo-tokens)")
		p.list(&c.corsOrigins, "cors-origins", "KEMBANG_CORS_ORIGINS", defaultCORSOrigins,
			`comma-separated origins allowed to call the API from a browser ("none": no cross-origin calls, "*": any)`)
		p.bool(&c.introspection, "introspection", "KEMBANG_INTROSPECTION", true,
			"allow GraphQL introspection and field suggestions, and serve /schema.graphql")
		p.bool(&c.anonIntrospect, "anonymous-introspection", "KEMBANG_ANONYMOUS_INTROSPECTION", true,
			"allow introspection and /schema.graphql to callers without credentials too")
		p.bool(&c.publicCatalog, "public-catalogue", "KEMBANG_PUBLIC_CATALOGUE", false,
			"let callers without credentials read the catalogue: programs, sessions, partners, competencies, agencies")
		p.bool(&c.demoTokens, "demo-tokens", "KEMBANG_DEMO_TOKENS", true,
			"embedded store without configured token keys: sign tokens with a secret kept in the data directory, sign the explorer in as ADMIN for clients on this machine, and listen on "+defaultDemoAddr+" unless an address is given")
		p.size(&c.maxBodyBytes, "max-body-bytes", "KEMBANG_MAX_BODY_BYTES", defaultMaxBodyBytes,
			"largest request body, in bytes (suffixes KiB and MiB allowed)")
		p.size(&c.maxUploadBytes, "max-upload-bytes", "KEMBANG_MAX_UPLOAD_BYTES", defaultMaxUploadBytes,
			"largest multipart request (a CSV file sent to importEmployees), in bytes (suffixes KiB and MiB allowed)")
		p.duration(&c.requestTimeout, "request-timeout", "KEMBANG_REQUEST_TIMEOUT", defaultRequestTimeout,
			"time limit of one request")
		p.duration(&c.shutdownGrace, "shutdown-grace", "KEMBANG_SHUTDOWN_GRACE", defaultShutdownGrace,
			"time given to in-flight requests to finish on SIGINT or SIGTERM")
		p.bool(&c.autoSeed, "seed", "KEMBANG_SEED", true,
			"load demo data on the first start of an empty embedded database (never PostgreSQL)")
		p.int(&c.rateLimit, "rate-limit", "KEMBANG_RATE_LIMIT", 5000,
			"points each client may spend per hour (one per hundred connection requests, at least 1; mutations at least 5); 0: off")
		p.int(&c.maxInFlight, "max-in-flight", "KEMBANG_MAX_IN_FLIGHT", defaultMaxInFlight(),
			"GraphQL requests executed at once (default 4 per CPU); the others wait their turn in arrival order; 0: no limit")
		p.int(&c.maxNodesInFlight, "max-nodes-in-flight", "KEMBANG_MAX_NODES_IN_FLIGHT", defaultMaxNodesInFlight,
			fmt.Sprintf("nodes the large GraphQL operations executed at once may return together, by each one's bound (its connections' page sizes multiplied down the tree, at most the whole budget): bounds the server's memory under heavy queries; operations bound to at most %d nodes never wait for it; the others wait their turn in arrival order, without taking a --max-in-flight slot meanwhile, until enough of it is given back (when a response has been written); 0: no bound", limits.FreeNodes))
		p.int(&c.subsPerViewer, "subscription-connections", "KEMBANG_SUBSCRIPTION_CONNECTIONS", 10,
			"subscription connections (WebSockets, event streams) one viewer may hold open on this server")
		p.int(&c.subsPerConn, "subscriptions-per-connection", "KEMBANG_SUBSCRIPTIONS_PER_CONNECTION", 20,
			"subscriptions one WebSocket may run at once")
		p.duration(&c.subsKeepAlive, "subscription-keepalive", "KEMBANG_SUBSCRIPTION_KEEPALIVE", 30*time.Second,
			"interval of the keep-alive messages of subscriptions (WebSocket ping, SSE comment)")
		p.bool(&c.allowList, "allowlist", "KEMBANG_ALLOWLIST", false,
			"run only the GraphQL documents registered with kembang operations register; refuse others with OPERATION_NOT_ALLOWED")
		p.list(&c.replicaURLs, "database-replica-urls", "DATABASE_REPLICA_URLS", "",
			"comma-separated postgres:// URLs of streaming replicas of the database: queries read from them, mutations and the rest of a request that wrote go to the primary; empty: none")
		p.duration(&c.replicaMaxLag, "replica-max-lag", "KEMBANG_REPLICA_MAX_LAG", defaultReplicaMaxLag,
			"a read replica further behind the primary than this serves no reads until it catches up")
		p.bool(&c.dbWarm, "db-warm", "KEMBANG_DB_WARM", true,
			"PostgreSQL: open the connection pool's connections (--db-max-conns, and the replicas') before answering requests, for up to "+store.WarmTimeout.String()+"; false: open them as requests need them")
		p.string(&c.pprofAddr, "pprof-addr", "KEMBANG_PPROF_ADDR", "",
			"loopback address (127.0.0.1:6060) of a debug listener serving Go's /debug/pprof/ profiles; empty: off")
		p.string(&c.metricsAddr, "metrics-addr", "KEMBANG_METRICS_ADDR", "",
			"where Prometheus metrics are served: empty: /metrics on the main listener (--addr); an address (:9091): /metrics on a listener of their own; off: not served")
		c.otelEnv = getenv
		// GOGC and GOMEMLIMIT, when set, keep their meaning: the
		// defaults step aside for them.
		gc, limit := defaultGCPercent, int64(defaultMemoryLimit)
		if getenv("GOGC") != "" {
			gc = 0
		}
		if getenv("GOMEMLIMIT") != "" {
			limit = 0
		}
		p.int(&c.gcPercent, "gc-percent", "KEMBANG_GC_PERCENT", gc,
			"heap growth between collections, in percent of the live heap (GOGC); 0: the runtime's (100, or GOGC)")
		p.size(&c.memoryLimit, "memory-limit", "KEMBANG_MEMORY_LIMIT", limit,
			"soft memory limit of the Go runtime, in bytes (suffixes KiB, MiB, GiB): its heap, stacks and metadata, not the mapped binary (about 60 MB more of RSS under load); collects more often near it, and lets a larger live heap pass it; 0: none (or GOMEMLIMIT)")
		p.int(&c.targetPNS, "jp-target-pns", "KEMBANG_JP_TARGET_PNS", 20,
			"annual development target of a PNS, in JP (PP 11/2017: at least 20)")
		p.int(&c.targetPPPK, "jp-target-pppk", "KEMBANG_JP_TARGET_PPPK", 24,
			"annual development target of a PPPK, in JP")
	}
	if cmd == "serve" || cmd == "seed" {
		p.int(&c.employees, "employees", "KEMBANG_SEED_EMPLOYEES", defaultEmployees,
			"number of employees of the demo data")
		p.uint64(&c.randSeed, "rand-seed", "KEMBANG_SEED_RAND", defaultRandSeed,
			"seed of the demo data generator (the same seed gives the same data)")
	}
	if cmd == "serve" || cmd == "token" {
		p.string(&c.jwtIssuer, "jwt-issuer", "KEMBANG_JWT_ISSUER", "kembang",
			"required iss claim of bearer tokens (the OIDC issuer URL with Keycloak)")
		p.list(&c.jwtAudience, "jwt-audience", "KEMBANG_JWT_AUDIENCE", "kembang-api",
			"accepted aud claims of bearer tokens, comma-separated")
		p.string(&c.jwtSecret, "jwt-secret", "KEMBANG_JWT_SECRET", "",
			"HS256 secret of bearer tokens (at least 32 bytes); empty: no HMAC tokens")
		p.string(&c.jwksURL, "jwks-url", "KEMBANG_JWKS_URL", "",
			"URL of the JWKS verifying RS256/ES256 tokens")
		p.bool(&c.oidc, "oidc", "KEMBANG_OIDC", false,
			"find the JWKS in the issuer's /.well-known/openid-configuration (Keycloak)")
	}
	if cmd == "token" {
		fs.StringVar(&c.tokenRole, "role", "ADMIN", "role: ADMIN, HR_OFFICER, APPROVER, SUPERVISOR, EMPLOYEE, PARTNER or ANALYST")
		fs.StringVar(&c.tokenAgency, "agency", "", "agency ID or code, such as KMN (HR_OFFICER, APPROVER); codes are looked up in the database")
		fs.StringVar(&c.tokenEmployee, "employee", "", "employee ID or NIP (SUPERVISOR, EMPLOYEE, APPROVER); NIPs are looked up in the database")
		fs.StringVar(&c.tokenPartner, "partner", "", "partner ID (PARTNER)")
		fs.StringVar(&c.tokenSubject, "subject", "", "sub claim; default dev:<role>")
		fs.DurationVar(&c.tokenTTL, "ttl", 8*time.Hour, "lifetime of the token")
	}
	if cmd == "import" {
		fs.BoolVar(&c.importPartial, "partial", false,
			"load the valid rows and report the others; without it one bad row imports nothing")
		fs.StringVar(&c.importAgency, "agency", "",
			"agency code of employee rows without an agency_code column or value (a SIASN export)")
	}
	if cmd == "seed" {
		fs.BoolVar(&c.force, "force", false,
			"delete all data of a database that is not empty, then seed")
	}

	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			writeUsage(out, fs)
			return c, flag.ErrHelp
		}
		return c, fmt.Errorf("%w: %v (run kembang %s -h for help)", errUsage, err, cmd)
	}
	if cmd == "operations" && fs.NArg() > 0 {
		// kembang operations register [flags] DIR [flags]
		c.operationsDir = fs.Arg(0)
		if err := fs.Parse(fs.Args()[1:]); err != nil {
			return c, fmt.Errorf("%w: %v (run kembang %s -h for help)", errUsage, err, cmd)
		}
	}
	if cmd == "import" {
		// kembang import [flags] KIND FILE [flags]
		var pos []string
		for fs.NArg() > 0 && len(pos) < 2 {
			pos = append(pos, fs.Arg(0))
			if err := fs.Parse(fs.Args()[1:]); err != nil {
				return c, fmt.Errorf("%w: %v (run kembang %s -h for help)", errUsage, err, cmd)
			}
		}
		if len(pos) < 2 {
			return c, fmt.Errorf("%w: want kembang import employees|assessments|enrollments FILE", errUsage)
		}
		c.importKind, c.importFile = pos[0], pos[1]
	}
	if cmd == "operations" && c.operationsDir == "" {
		return c, fmt.Errorf("%w: want the folder of .graphql documents: kembang operations register DIR", errUsage)
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("%w: unexpected argument %q (run kembang %s -h for help)", errUsage, fs.Arg(0), cmd)
	}
	if len(p.errs) > 0 {
		return c, fmt.Errorf("environment: %w", errors.Join(p.errs...))
	}
	if cmd == "serve" && c.addr == "" {
		c.addr = listenAddr(c)
	}
	if err := c.validate(); err != nil {
		return c, fmt.Errorf("config: %w", err)
	}
	if c.statementTimeout == 0 {
		c.statementTimeout = c.requestTimeout
	}
	return c, nil
}

// listenAddr returns the listen address of c when none is given (flag,
// KEMBANG_ADDR or PORT): loopback only for the embedded demo, which
// signs its own tokens, every interface otherwise.
func listenAddr(c config) string {
	if demoMode(c) {
		return defaultDemoAddr
	}
	return defaultAddr
}

// validate checks the values read by parseConfig.
func (c config) validate() error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }

	if c.databaseURL != "" {
		if err := checkPostgresURL(c.databaseURL); err != nil {
			bad("DATABASE_URL (--database-url) %v (or empty, for the embedded SQLite database)", err)
		}
	} else if strings.TrimSpace(c.dataDir) == "" {
		bad("KEMBANG_DATA_DIR (--data-dir) must not be empty with the embedded database")
	}
	if c.dbMaxConns < 0 || c.dbMaxConns > maxDBMaxConns {
		bad("KEMBANG_DB_MAX_CONNS (--db-max-conns) must be between 0 and %d, got %d", maxDBMaxConns, c.dbMaxConns)
	}
	if c.statementTimeout < 0 {
		bad("KEMBANG_STATEMENT_TIMEOUT (--statement-timeout) must not be negative, got %v", c.statementTimeout)
	}
	if c.logFormat != "text" && c.logFormat != "json" {
		bad("KEMBANG_LOG_FORMAT (--log-format) must be text or json, got %q", c.logFormat)
	}

	if c.cmd == "serve" {
		if err := checkAddr(c.addr); err != nil {
			bad("KEMBANG_ADDR (--addr): %v", err)
		}
		for _, o := range c.corsOrigins {
			if err := checkOrigin(o); err != nil {
				bad("KEMBANG_CORS_ORIGINS (--cors-origins): %v", err)
			}
		}
		if c.maxBodyBytes < minMaxBodyBytes || c.maxBodyBytes > maxMaxBodyBytes {
			bad("KEMBANG_MAX_BODY_BYTES (--max-body-bytes) must be between %d and %d, got %d", minMaxBodyBytes, maxMaxBodyBytes, c.maxBodyBytes)
		}
		if len(c.replicaURLs) > 0 && c.embedded() {
			bad("DATABASE_REPLICA_URLS (--database-replica-urls) needs a PostgreSQL DATABASE_URL")
		}
		for i, r := range c.replicaURLs {
			if err := checkPostgresURL(r); err != nil {
				bad("DATABASE_REPLICA_URLS (--database-replica-urls), URL %d: %v", i+1, err)
			}
		}
		if c.replicaMaxLag <= 0 || c.replicaMaxLag > maxReplicaMaxLag {
			bad("KEMBANG_REPLICA_MAX_LAG (--replica-max-lag) must be above 0 and at most %v, got %v", maxReplicaMaxLag, c.replicaMaxLag)
		}
		if c.maxUploadBytes < minMaxBodyBytes || c.maxUploadBytes > maxMaxUploadBytes {
			bad("KEMBANG_MAX_UPLOAD_BYTES (--max-upload-bytes) must be between %d and %d, got %d", minMaxBodyBytes, maxMaxUploadBytes, c.maxUploadBytes)
		}
		if c.pprofAddr != "" {
			if err := checkLoopbackAddr(c.pprofAddr); err != nil {
				bad("KEMBANG_PPROF_ADDR (--pprof-addr): %v", err)
			}
		}
		if c.metricsAddr != "" && c.metricsAddr != metricsOff {
			if _, _, err := net.SplitHostPort(c.metricsAddr); err != nil {
				bad("KEMBANG_METRICS_ADDR (--metrics-addr) must be empty, off or host:port: %v", err)
			}
		}
		if c.gcPercent != 0 && (c.gcPercent < minGCPercent || c.gcPercent > maxGCPercent) {
			bad("KEMBANG_GC_PERCENT (--gc-percent) must be 0 or between %d and %d, got %d", minGCPercent, maxGCPercent, c.gcPercent)
		}
		if c.memoryLimit != 0 && c.memoryLimit < minMemoryLimit {
			bad("KEMBANG_MEMORY_LIMIT (--memory-limit) must be 0 or at least %d (64 MiB), got %d", minMemoryLimit, c.memoryLimit)
		}
		if c.rateLimit < 0 {
			bad("KEMBANG_RATE_LIMIT (--rate-limit) must not be negative, got %d", c.rateLimit)
		}
		if c.subsPerViewer < 1 || c.subsPerViewer > 10_000 || c.subsPerConn < 1 || c.subsPerConn > 10_000 || c.subsKeepAlive < time.Second || c.subsKeepAlive > 10*time.Minute {
			bad("KEMBANG_SUBSCRIPTION_CONNECTIONS and KEMBANG_SUBSCRIPTIONS_PER_CONNECTION must be between 1 and 10000, KEMBANG_SUBSCRIPTION_KEEPALIVE between 1s and 10m; got %d, %d and %v", c.subsPerViewer, c.subsPerConn, c.subsKeepAlive)
		}
		if c.maxInFlight < 0 || c.maxInFlight > maxMaxInFlight {
			bad("KEMBANG_MAX_IN_FLIGHT (--max-in-flight) must be between 0 and %d, got %d", maxMaxInFlight, c.maxInFlight)
		}
		if c.maxNodesInFlight < 0 || c.maxNodesInFlight > maxMaxNodes {
			bad("KEMBANG_MAX_NODES_IN_FLIGHT (--max-nodes-in-flight) must be between 0 and %d, got %d", maxMaxNodes, c.maxNodesInFlight)
		}
		if c.targetPNS < 1 || c.targetPNS > 2000 || c.targetPPPK < 1 || c.targetPPPK > 2000 {
			bad("KEMBANG_JP_TARGET_PNS and KEMBANG_JP_TARGET_PPPK (--jp-target-pns, --jp-target-pppk) must be between 1 and 2000 JP, got %d and %d", c.targetPNS, c.targetPPPK)
		}
		if c.requestTimeout <= 0 || c.requestTimeout > maxRequestTimeout {
			bad("KEMBANG_REQUEST_TIMEOUT (--request-timeout) must be above 0 and at most %v, got %v", maxRequestTimeout, c.requestTimeout)
		}
		if c.shutdownGrace < 0 || c.shutdownGrace > maxShutdownGrace {
			bad("KEMBANG_SHUTDOWN_GRACE (--shutdown-grace) must be between 0 and %v, got %v", maxShutdownGrace, c.shutdownGrace)
		}
	}
	if (c.cmd == "serve" || c.cmd == "seed") && (c.employees < 1 || c.employees > maxEmployees) {
		bad("KEMBANG_SEED_EMPLOYEES (--employees) must be between 1 and %d, got %d", maxEmployees, c.employees)
	}
	return errors.Join(errs...)
}

// checkPostgresURL checks a postgres:// URL. Its error never echoes the
// URL: it may hold a password.
func checkPostgresURL(raw string) error {
	u, err := url.Parse(raw)
	switch {
	case err != nil:
		return errors.New("is not a valid URL")
	case u.Scheme != "postgres" && u.Scheme != "postgresql":
		return errors.New("must be a postgres:// URL")
	case u.Host == "" && !strings.Contains(u.RawQuery, "host="):
		return errors.New("has no host")
	}
	return nil
}

// checkAddr checks a listen address such as :8080 or 127.0.0.1:8080.
func checkAddr(addr string) error {
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("want host:port or :port, got %q", addr)
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return fmt.Errorf("want a port number, got %q", port)
	}
	return nil
}

// checkLoopbackAddr checks a listen address on a loopback interface,
// such as 127.0.0.1:6060, [::1]:6060 or localhost:6060: the profiles of
// the debug listener are for the operator on the machine only.
func checkLoopbackAddr(addr string) error {
	if err := checkAddr(addr); err != nil {
		return err
	}
	host, _, _ := net.SplitHostPort(addr)
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return fmt.Errorf("want a loopback address (127.0.0.1:port, [::1]:port or localhost:port), got %q", addr)
	}
	return nil
}

// checkOrigin checks one allowed CORS origin: "*", or a scheme and host
// such as https://app.example.go.id or http://localhost:3000, where the
// host may hold one * wildcard (https://*.example.go.id).
func checkOrigin(o string) error {
	if o == "*" {
		return nil
	}
	u, err := url.Parse(o)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("want an origin like https://app.example.go.id, got %q", o)
	}
	if u.Path != "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return fmt.Errorf("an origin is only scheme://host[:port], got %q", o)
	}
	if strings.Count(o, "*") > 1 {
		return fmt.Errorf("at most one * per origin, got %q", o)
	}
	return nil
}

// parser registers flags whose defaults come from the environment, and
// collects the errors of environment values.
type parser struct {
	fs     *flag.FlagSet
	getenv func(string) string
	errs   []error
}

// env returns the value of the environment variable name, if set and
// not blank.
func (p *parser) env(name string) (string, bool) {
	v := strings.TrimSpace(p.getenv(name))
	return v, v != ""
}

// fail records that the environment variable name holds a bad value.
func (p *parser) fail(name, value string, err error) {
	p.errs = append(p.errs, fmt.Errorf("%s=%q: %w", name, value, err))
}

// string registers a string setting.
func (p *parser) string(dst *string, flagName, envName, def, usage string) {
	if v, ok := p.env(envName); ok {
		def = v
	}
	p.fs.StringVar(dst, flagName, def, usage+envHint(envName))
}

// bool registers a boolean setting.
func (p *parser) bool(dst *bool, flagName, envName string, def bool, usage string) {
	if v, ok := p.env(envName); ok {
		b, err := strconv.ParseBool(v)
		if err != nil {
			p.fail(envName, v, errors.New("want true or false"))
		} else {
			def = b
		}
	}
	p.fs.BoolVar(dst, flagName, def, usage+envHint(envName))
}

// int registers an integer setting.
func (p *parser) int(dst *int, flagName, envName string, def int, usage string) {
	if v, ok := p.env(envName); ok {
		n, err := strconv.Atoi(v)
		if err != nil {
			p.fail(envName, v, errors.New("want an integer"))
		} else {
			def = n
		}
	}
	p.fs.IntVar(dst, flagName, def, usage+envHint(envName))
}

// uint64 registers an unsigned integer setting.
func (p *parser) uint64(dst *uint64, flagName, envName string, def uint64, usage string) {
	if v, ok := p.env(envName); ok {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			p.fail(envName, v, errors.New("want an unsigned integer"))
		} else {
			def = n
		}
	}
	p.fs.Uint64Var(dst, flagName, def, usage+envHint(envName))
}

// duration registers a duration setting such as 15s or 1m30s.
func (p *parser) duration(dst *time.Duration, flagName, envName string, def time.Duration, usage string) {
	if v, ok := p.env(envName); ok {
		d, err := time.ParseDuration(v)
		if err != nil {
			p.fail(envName, v, errors.New("want a duration with a unit, such as 15s or 2m"))
		} else {
			def = d
		}
	}
	p.fs.DurationVar(dst, flagName, def, usage+envHint(envName))
}

// level registers a log level setting.
func (p *parser) level(dst *slog.Level, flagName, envName string, def slog.Level, usage string) {
	if v, ok := p.env(envName); ok {
		var l slog.Level
		if err := l.UnmarshalText([]byte(v)); err != nil {
			p.fail(envName, v, errors.New("want debug, info, warn or error"))
		} else {
			def = l
		}
	}
	*dst = def
	p.fs.TextVar(dst, flagName, def, usage+envHint(envName))
}

// size registers a byte size setting.
func (p *parser) size(dst *int64, flagName, envName string, def int64, usage string) {
	if v, ok := p.env(envName); ok {
		n, err := parseSize(v)
		if err != nil {
			p.fail(envName, v, err)
		} else {
			def = n
		}
	}
	*dst = def
	p.fs.Var((*sizeValue)(dst), flagName, usage+envHint(envName))
}

// list registers a comma-separated list setting.
func (p *parser) list(dst *[]string, flagName, envName, def, usage string) {
	if v, ok := p.env(envName); ok {
		def = v
	}
	*dst = splitList(def)
	p.fs.Var((*listValue)(dst), flagName, usage+envHint(envName))
}

// envHint names the environment variable of a flag in its usage.
func envHint(name string) string { return " (env " + name + ")" }

// sizeValue is a flag.Value of a byte size.
type sizeValue int64

// String returns the size in bytes.
func (s *sizeValue) String() string { return strconv.FormatInt(int64(*s), 10) }

// Set parses a size such as 1048576, 512KiB or 1MiB.
func (s *sizeValue) Set(v string) error {
	n, err := parseSize(v)
	if err != nil {
		return err
	}
	*s = sizeValue(n)
	return nil
}

// parseSize parses a byte count with an optional unit: B, KiB, MiB (also
// KB and MB, taken as 1000 and 1000000).
func parseSize(v string) (int64, error) {
	units := []struct {
		suffix string
		mult   int64
	}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"KB", 1000}, {"MB", 1000 * 1000}, {"GB", 1000 * 1000 * 1000}, {"B", 1}}
	num, mult := strings.TrimSpace(v), int64(1)
	for _, u := range units {
		if n, ok := strings.CutSuffix(num, u.suffix); ok {
			num, mult = strings.TrimSpace(n), u.mult
			break
		}
	}
	n, err := strconv.ParseInt(num, 10, 64)
	if err != nil || n < 0 || n > (1<<40)/mult {
		return 0, errors.New("want a size in bytes, such as 1048576 or 1MiB")
	}
	return n * mult, nil
}

// listValue is a flag.Value of a comma-separated list.
type listValue []string

// String returns the list joined by commas.
func (l *listValue) String() string { return strings.Join(*l, ",") }

// Set replaces the list with the comma-separated items of v.
func (l *listValue) Set(v string) error {
	*l = splitList(v)
	return nil
}

// splitList splits a comma-separated list of origins, dropping blanks
// and trailing slashes. "none" gives an empty list.
func splitList(v string) []string {
	var out []string
	for item := range strings.SplitSeq(v, ",") {
		item = strings.TrimSuffix(strings.TrimSpace(item), "/")
		if item == "" || strings.EqualFold(item, "none") {
			continue
		}
		out = append(out, item)
	}
	return out
}

// writeUsage writes the help of a command and its flags.
func writeUsage(w io.Writer, fs *flag.FlagSet) {
	fmt.Fprintf(w, "Usage: %s [flags]\n\n", fs.Name())
	fmt.Fprintln(w, "Commands: serve (default), migrate, seed. Flags override environment variables.")
	fmt.Fprintln(w, "\nFlags:")
	fs.SetOutput(w)
	fs.PrintDefaults()
	fs.SetOutput(io.Discard)
}
