// Package httpapi is the server's HTTP layer: the routes (GraphQL, the
// explorer, the schema, health, the SIASN and report exports) and the middleware
// around them (request ids, access log, panics, body and time limits,
// CORS, security headers, credentials, admission and rate limits).
package httpapi

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"net/http/pprof"
	"net/url"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/rs/cors"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/formatter"

	"kembang/internal/access"
	"kembang/internal/auth"
	"kembang/internal/domain/jp"
	"kembang/internal/explorer"
	"kembang/internal/gqlhttp"
	"kembang/internal/lang"
	"kembang/internal/limits"
	"kembang/internal/ratelimit"
	"kembang/internal/report"
	"kembang/internal/store"
	"kembang/internal/telemetry"
	"kembang/internal/viewer"
)

// readyTimeout bounds the database ping of /readyz.
const readyTimeout = 2 * time.Second

// ReadHeaderTimeout bounds the reading of a request's header, on the API's
// listener and on the profiles' (ServePprof).
const ReadHeaderTimeout = 5 * time.Second

// Config is what the HTTP layer takes from the server's configuration
// (docs/server.md names the flags and variables).
type Config struct {
	Introspection          bool          // --introspection: __schema, /schema.graphql
	AnonymousIntrospection bool          // --anonymous-introspection
	MaxInFlight            int           // GraphQL requests run at once; 0: no limit
	MaxNodesInFlight       int64         // node bounds of the large operations run at once (limits.Budget); 0: no bound
	RateLimited            bool          // per-client rate limits on (--rate-limit > 0)
	PublicCatalog          bool          // anonymous callers may read the public catalogue
	CORSOrigins            []string      // origins allowed by CORS; none: no cross-origin calls
	RequestTimeout         time.Duration // deadline of a request
	MaxBodyBytes           int64         // largest request body
	MaxUploadBytes         int64         // largest multipart (file upload) body; 0: MaxBodyBytes
	MetricsOnMain          bool          // serve Server.Metrics at /metrics on this handler
}

// Server holds what the HTTP handlers share; Handler serves them.
type Server struct {
	Config Config
	// GraphQL is the handler of /graphql (graph.NewServer), which the
	// middleware here wraps: request id, credentials, admission and rate
	// limits.
	GraphQL http.Handler
	// Schema is the executor's schema, served as SDL at /schema.graphql
	// without gqlgen's directives.
	Schema   *ast.Schema
	DB       *store.DB
	Log      *slog.Logger
	Rate     *ratelimit.Limiter // nil when rate limiting is off
	Verifier *auth.Verifier     // nil when no token keys are configured
	// DemoToken, set in the embedded demo only, mints the ADMIN token of
	// the explorer's demo headers (GET /explorer/demo-headers).
	DemoToken func() (string, error)
	// Draining, when set and true, fails /readyz: shutdown has started.
	Draining *atomic.Bool
	// Metrics, when set, counts requests in flight, queued and refused
	// by the rate limiter, and is served at /metrics when
	// Config.MetricsOnMain is set.
	Metrics *telemetry.Metrics
	// Tracing, when set, gives each request an HTTP span (otelhttp).
	Tracing *telemetry.Tracing
	// Targets are the annual JP targets of the compliance export, the
	// same as the GraphQL server's (graph.Options.Targets).
	Targets jp.Targets

	sdl   func() []byte // the public schema as SDL, computed on first use
	once  sync.Once
	authn *auth.Authenticator // made once (authenticator)
}

// authenticator returns the authenticator of the server's credentials,
// made once.
func (a *Server) authenticator() *auth.Authenticator {
	a.once.Do(func() {
		uses := &keyUses{client: a.DB.Client, log: a.Log}
		// The agency, employee and partner a credential names must exist
		// (looked up with the server's rights, cached).
		a.authn = auth.NewAuthenticator(a.Verifier, keyLookup(a.DB.Client), auth.Options{
			RequestID: RequestID, Logger: a.Log, KeyUsed: uses.used, Scopes: scopeLookup(a.DB.Client),
		})
	})
	return a.authn
}

// Authorization authenticates the credentials of a WebSocket's
// connection_init payload (its "Authorization" value) exactly as the
// Authorization header of a request, and returns ctx with their viewer.
func (a *Server) Authorization(ctx context.Context, authorization string) (context.Context, error) {
	ctx, err := a.authenticator().Authorization(ctx, authorization)
	if err != nil {
		return ctx, err
	}
	if a.Config.PublicCatalog {
		ctx = access.OpenCatalogue(ctx)
	}
	return ctx, nil
}

// Recheck checks again the credentials of the viewer of ctx for a
// subscription that outlives its request: a revoked API key, or a
// credential whose agency, employee or partner is gone, sends nothing
// more (auth.Authenticator.Recheck).
func (a *Server) Recheck(ctx context.Context) error {
	return a.authenticator().Recheck(ctx)
}

// Handler returns the HTTP handler of the whole server: routes and
// middleware.
func (a *Server) Handler() http.Handler {
	gql := a.GraphQL
	a.sdl = sync.OnceValue(func() []byte {
		var b bytes.Buffer
		formatter.NewFormatter(&b, formatter.WithIndent("  ")).FormatSchema(publicSchema(a.Schema))
		return b.Bytes()
	})
	ex := explorer.New()

	mux := http.NewServeMux()
	// Spent rate limits are refused before a request waits its turn.
	// Subscriptions hold their connection open: they have limits of their
	// own (graph.Subscriptions), not a slot of the admission control.
	// The queries and mutations of streams are weighed by the same node
	// budget, one operation at a time (limits.NewStreamContext).
	budget := limits.NewBudget(a.Config.MaxNodesInFlight, limits.FreeNodes, a.Metrics)
	api := streams(sameOrigin(a.Config.CORSOrigins, weighStreams(budget, gql)), admit(a.Config.MaxInFlight, budget, a.Metrics, gql))
	if a.Config.RateLimited {
		api = rateLimited(a.Metrics, api)
	}
	// Credentials (bearer tokens, API keys): valid ones put their viewer
	// in the context; none pass as the anonymous viewer; bad ones,
	// including those naming a record that does not exist, are refused
	// with 401. The policies decide the rest.
	authn := a.authenticator().Middleware()
	authenticated := func(h http.Handler) http.Handler { return authn(withViewerScope(a.Config.PublicCatalog, h)) }
	api = authenticated(api)
	mux.Handle("GET /graphql", api)
	mux.Handle("POST /graphql", api)
	mux.Handle("GET /{$}", ex)
	mux.Handle("GET "+explorer.Prefix, ex)
	mux.HandleFunc("GET /healthz", a.healthz)
	mux.HandleFunc("GET /readyz", a.readyz)
	mux.Handle("GET /export/siasn.csv", authenticated(report.SIASNHandler(a.DB.Client, a.Log)))
	for _, name := range report.Exports {
		for _, f := range report.Formats {
			mux.Handle(fmt.Sprintf("GET /export/%s.%s", name, f), authenticated(report.ExportHandler(a.DB.Client, a.Targets, name, f, a.Log)))
		}
	}
	if a.Config.Introspection {
		mux.Handle("GET /schema.graphql", authenticated(http.HandlerFunc(a.schema)))
	}
	if a.Metrics != nil && a.Config.MetricsOnMain {
		mux.Handle("GET /metrics", a.Metrics.Handler())
	}
	if a.DemoToken != nil {
		mux.HandleFunc("GET "+explorer.Prefix+"demo-headers", a.demoHeaders)
	}

	opts := cors.Options{
		AllowedOrigins: a.Config.CORSOrigins,
		AllowedMethods: []string{http.MethodGet, http.MethodPost, http.MethodOptions},
		AllowedHeaders: append([]string{"Content-Type", "Authorization", "X-API-Key", "X-Request-ID"}, gqlhttp.PreflightHeaders...),
		ExposedHeaders: []string{"X-Request-ID", "X-SQL-Statements", "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Used", "X-RateLimit-Reset", "Retry-After", "WWW-Authenticate"},
		MaxAge:         600,
	}
	if len(opts.AllowedOrigins) == 0 {
		// rs/cors allows every origin when given none.
		opts.AllowOriginFunc = func(string) bool { return false }
	}
	var h http.Handler = mux
	h = streams(unbounded(h), withTimeout(a.Config.RequestTimeout, h))
	h = limitBody(a.Config.MaxBodyBytes, a.Config.MaxUploadBytes, h)
	h = cors.New(opts).Handler(h)
	h = a.Observe(h)
	h = withSecurityHeaders(h)
	// The language of the messages (Accept-Language), for every handler
	// and middleware below.
	h = lang.Middleware(h)
	// Outermost, so that the request log (Observe) and everything below
	// see the HTTP span in the context.
	h = a.Tracing.Handler(h)
	return h
}

// ServePprof serves Go's runtime profiles (/debug/pprof/) on addr, a
// loopback address (checked by the configuration), until ctx is
// cancelled. It is off unless --pprof-addr is set; see docs/server.md.
func ServePprof(ctx context.Context, addr string, log *slog.Logger) error {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	return serveSide(ctx, "pprof", addr, mux, log)
}

// ServeMetrics serves metrics (the Prometheus handler) at /metrics on a
// listener of its own at addr (--metrics-addr) until ctx is done.
func ServeMetrics(ctx context.Context, addr string, metrics http.Handler, log *slog.Logger) error {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", metrics)
	return serveSide(ctx, "metrics", addr, mux, log)
}

// serveSide serves h on a side listener at addr, named name in errors
// and logs, until ctx is done.
func serveSide(ctx context.Context, name, addr string, h http.Handler, log *slog.Logger) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: ReadHeaderTimeout}
	go func() {
		<-ctx.Done()
		srv.Close()
	}()
	go srv.Serve(ln)
	log.InfoContext(ctx, name+" listener", "addr", ln.Addr().String())
	return nil
}

// withSecurityHeaders sets headers that every response should carry.
func withSecurityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h["X-Content-Type-Options"] = nosniff
		h["Referrer-Policy"] = noReferrer
		next.ServeHTTP(w, r)
	})
}

// The values of the security headers, shared by every response instead
// of a slice made for each (http.Header.Set): nothing changes a header's
// values in place, and an Add to a shared one copies it (its capacity is
// its length).
var (
	nosniff    = []string{"nosniff"}
	noReferrer = []string{"no-referrer"}
)

// healthz reports that the process is alive.
func (a *Server) healthz(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	io.WriteString(w, "ok\n")
}

// readyz reports whether the server can take traffic: the database
// answers and no shutdown is under way.
func (a *Server) readyz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	if a.Draining != nil && a.Draining.Load() {
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "reason": "shutting down"})
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), readyTimeout)
	defer cancel()
	if err := a.DB.Ping(ctx); err != nil {
		a.Log.WarnContext(ctx, "readyz: database unreachable", "err", err)
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "reason": "database unreachable"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok", "database": a.DB.Dialect})
}

// publicSchema returns a copy of s without gqlgen's code generation
// directives (@goModel, @goField, ...), which mean nothing to clients.
// s itself, shared with the executor, is left alone.
func publicSchema(s *ast.Schema) *ast.Schema {
	out := *s
	out.Directives = make(map[string]*ast.DirectiveDefinition, len(s.Directives))
	for name, d := range s.Directives {
		if !isCodegen(name) {
			out.Directives[name] = d
		}
	}
	out.Types = make(map[string]*ast.Definition, len(s.Types))
	for name, def := range s.Types {
		d := *def
		d.Directives = publicDirectives(def.Directives)
		d.Fields = make(ast.FieldList, len(def.Fields))
		for i, f := range def.Fields {
			fc := *f
			fc.Directives = publicDirectives(f.Directives)
			fc.Arguments = make(ast.ArgumentDefinitionList, len(f.Arguments))
			for j, a := range f.Arguments {
				ac := *a
				ac.Directives = publicDirectives(a.Directives)
				fc.Arguments[j] = &ac
			}
			d.Fields[i] = &fc
		}
		d.EnumValues = make(ast.EnumValueList, len(def.EnumValues))
		for i, v := range def.EnumValues {
			vc := *v
			vc.Directives = publicDirectives(v.Directives)
			d.EnumValues[i] = &vc
		}
		out.Types[name] = &d
	}
	return &out
}

// publicDirectives returns list without code generation directives.
func publicDirectives(list ast.DirectiveList) ast.DirectiveList {
	var out ast.DirectiveList
	for _, d := range list {
		if !isCodegen(d.Name) {
			out = append(out, d)
		}
	}
	return out
}

// isCodegen reports whether a directive is one of gqlgen's.
func isCodegen(name string) bool {
	return len(name) > 2 && strings.HasPrefix(name, "go") && name[2] >= 'A' && name[2] <= 'Z'
}

// schema serves the schema as SDL.
func (a *Server) schema(w http.ResponseWriter, r *http.Request) {
	if v, _ := viewer.FromContext(r.Context()); v.Anonymous() && !a.Config.AnonymousIntrospection {
		w.Header().Set("WWW-Authenticate", "Bearer")
		writeJSON(w, http.StatusUnauthorized, map[string]any{"errors": []map[string]any{{
			"message": lang.Text(lang.OfRequest(r), "sign in to read the schema"), "extensions": map[string]string{"code": "UNAUTHENTICATED"},
		}}})
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	http.ServeContent(w, r, "schema.graphql", time.Time{}, bytes.NewReader(a.sdl()))
}

// writeJSON writes v as a JSON response with status code.
func writeJSON(w http.ResponseWriter, code int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		code, b = http.StatusInternalServerError, []byte(`{"error":"internal error"}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)+1))
	w.WriteHeader(code)
	w.Write(append(b, '\n'))
}

// writeError writes a GraphQL-style error response, for failures that
// happen before the GraphQL handler runs: the message is format with
// args in the request's language.
func writeError(w http.ResponseWriter, r *http.Request, status int, code, format string, args ...any) {
	msg := lang.Sprintf(lang.OfRequest(r), format, args...)
	ext := map[string]any{"code": code}
	if id := RequestID(r.Context()); id != "" {
		ext["requestId"] = id
	}
	writeJSON(w, status, map[string]any{
		"errors": []map[string]any{{"message": msg, "extensions": ext}},
	})
}

// requestIDHeader carries request ids in requests and responses.
const requestIDHeader = "X-Request-ID"

// ctxKey is the type of this package's context keys.
type ctxKey int

// requestIDCtx is the context key of the request id.
const requestIDCtx ctxKey = 0

// RequestID returns the id of the request in ctx, or "".
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDCtx).(string)
	return id
}

// WithRequestID gives every request an id: the caller's X-Request-ID if
// it is sane, else a new random one. The id is put in the request's
// context and in the X-Request-ID response header.
func WithRequestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get(requestIDHeader)
		if !ValidRequestID(id) {
			id = rand.Text()
		}
		w.Header().Set(requestIDHeader, id)
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), requestIDCtx, id)))
	})
}

// ValidRequestID reports whether a caller's request id may be used: 1 to
// 128 characters among letters, digits and -_.:/+=, so that it cannot
// break log lines or headers.
func ValidRequestID(id string) bool {
	if id == "" || len(id) > 128 {
		return false
	}
	for _, c := range []byte(id) {
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("-_.:/+=", c) >= 0
		if !ok {
			return false
		}
	}
	return true
}

// recorder is a ResponseWriter that remembers the status and size of the
// response, and sets the X-SQL-Statements header just before the header
// is sent.
type recorder struct {
	http.ResponseWriter
	status  int
	bytes   int64
	counter *store.Counter
}

// WriteHeader records code and sends the header.
func (w *recorder) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
		w.ResponseWriter.Header()[statementsHeader] = statementsValue(w.counter.Count())
	}
	w.ResponseWriter.WriteHeader(code)
}

// Write sends b, and the header first if it was not sent.
func (w *recorder) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.WriteHeader(http.StatusOK)
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

// Unwrap returns the underlying ResponseWriter, for
// http.ResponseController.
func (w *recorder) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// Flush sends buffered data to the client.
func (w *recorder) Flush() {
	if w.status == 0 {
		w.WriteHeader(http.StatusOK)
	}
	http.NewResponseController(w.ResponseWriter).Flush()
}

// statementsHeader is the X-SQL-Statements header, in the canonical form
// of an http.Header key.
var statementsHeader = http.CanonicalHeaderKey("X-SQL-Statements")

// statementCounts are the values of the X-SQL-Statements header for the
// counts most requests run, shared by the responses (see nosniff).
var statementCounts = func() [][]string {
	v := make([][]string, 64)
	for i := range v {
		v[i] = []string{strconv.Itoa(i)}
	}
	return v
}()

// statementsValue returns the value of the X-SQL-Statements header for n
// statements.
func statementsValue(n int64) []string {
	if n >= 0 && n < int64(len(statementCounts)) {
		return statementCounts[n]
	}
	return []string{strconv.FormatInt(n, 10)}
}

// accessLog logs one record per request with its method, path, status,
// size, duration, request id and number of SQL statements, and sends
// that number in the X-SQL-Statements response header. Probes of
// /healthz and /readyz are logged at debug level.
func (a *Server) accessLog(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		// One request: its reads go to the primary once it has written.
		ctx, n := store.WithCounter(store.WithReadYourWrites(r.Context()))
		rec := &recorder{ResponseWriter: w, counter: n}
		next.ServeHTTP(rec, r.WithContext(ctx))
		if rec.status == 0 {
			// Nothing written: net/http sends 200 when we return.
			rec.WriteHeader(http.StatusOK)
		}
		level := slog.LevelInfo
		switch {
		case rec.status >= 500:
			level = slog.LevelWarn
		case r.URL.Path == "/healthz" || r.URL.Path == "/readyz":
			level = slog.LevelDebug
		}
		a.Log.LogAttrs(ctx, level, "http request",
			slog.String("method", r.Method),
			slog.String("path", r.URL.Path),
			slog.Int("status", rec.status),
			slog.Int64("bytes", rec.bytes),
			slog.Duration("duration", time.Since(start)),
			slog.Int64("sql_statements", n.Count()),
			slog.String("remote", r.RemoteAddr),
		)
	})
}

// Observe returns next with the server's outer middleware: a request id
// for every request (WithRequestID), one access log record for each, and
// a panic turned into a 500 response and an error record.
func (a *Server) Observe(next http.Handler) http.Handler {
	return WithRequestID(a.accessLog(a.recoverPanics(next)))
}

// recoverPanics turns a panic of a handler into a 500 response (if none
// was sent yet) and an error log record with the stack; the server goes
// on serving. http.ErrAbortHandler panics are let through.
func (a *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			v := recover()
			if v == nil {
				return
			}
			if v == http.ErrAbortHandler {
				panic(v)
			}
			a.Log.ErrorContext(r.Context(), "http: panic", "panic", v, "path", r.URL.Path, "stack", string(debug.Stack()))
			if rec, ok := w.(*recorder); ok && rec.status != 0 {
				return // too late for a response of our own
			}
			writeError(w, r, http.StatusInternalServerError, "INTERNAL_SERVER_ERROR", "internal error")
		}()
		next.ServeHTTP(w, r)
	})
}

// bodies holds buffers of request bodies for reuse (limitBody).
var bodies = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// maxPooledBody bounds the buffers kept for reuse: a rare large body is
// left to the collector.
const maxPooledBody = 64 << 10

// MaxDrain bounds how much of a body over the limit limitBody reads and
// discards before it answers 413.
const MaxDrain = 16 << 20

// limitBody refuses request bodies larger than limit bytes with 413 and
// a GraphQL-style error. Bodies are read in full here, so the GraphQL
// handler never sees a truncated one, into a buffer that is reused once
// the request is served; the handler gets its bytes without another copy
// (gqlhttp.Body).
//
// A 413 must reach the client. Most clients send the whole body before
// they read the response, and a server that answers and closes the
// connection while the body is still coming makes the kernel reset it:
// the client sees a broken pipe or a reset, not the 413. So limitBody
// reads and discards the rest of a body over the limit, up to MaxDrain,
// before answering (then closes the connection); a client that asked to
// be told first (Expect: 100-continue) with a Content-Length over the
// limit is answered at once and never sends the body. Only a body of
// more than limit + MaxDrain bytes sent without Expect is answered
// before it is read.
//
// A multipart/form-data body (a file upload, checked by the multipart
// transport's CSRF guard) may be up to uploadLimit bytes, when that is
// larger, and is not checked as UTF-8: its files are the importer's to
// read.
func limitBody(defaultLimit, uploadLimit int64, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		limit := defaultLimit
		upload := multipartBody(r)
		if upload && uploadLimit > limit {
			limit = uploadLimit
		}
		if q, err := url.QueryUnescape(r.URL.RawQuery); err != nil || !utf8.ValidString(q) {
			writeError(w, r, http.StatusBadRequest, "BAD_REQUEST", "the query string is not valid UTF-8")
			return
		}
		if r.Body == nil || r.Body == http.NoBody {
			next.ServeHTTP(w, r)
			return
		}
		// tooLarge answers 413, after draining what is left of the body
		// if that is at most MaxDrain bytes (or unknown).
		tooLarge := func(read int64) {
			left := r.ContentLength - read // negative when the length is unknown
			expect := strings.EqualFold(r.Header.Get("Expect"), "100-continue") && read == 0
			if !expect && left <= MaxDrain {
				io.CopyN(io.Discard, r.Body, MaxDrain)
			}
			w.Header().Set("Connection", "close")
			writeError(w, r, http.StatusRequestEntityTooLarge, "PAYLOAD_TOO_LARGE",
				"request body too large: the limit is %d bytes", limit)
		}
		if r.ContentLength > limit {
			tooLarge(0)
			return
		}
		buf := bodies.Get().(*bytes.Buffer)
		buf.Reset()
		defer func() {
			if buf.Cap() <= maxPooledBody {
				bodies.Put(buf)
			}
		}()
		if r.ContentLength > 0 {
			buf.Grow(int(r.ContentLength) + bytes.MinRead) // ReadFrom wants MinRead free at the end
		}
		// One byte more than the limit tells a body over it.
		n, err := buf.ReadFrom(io.LimitReader(r.Body, limit+1))
		switch {
		case n > limit:
			tooLarge(n)
			return
		case err != nil:
			writeError(w, r, http.StatusBadRequest, "BAD_REQUEST", "could not read the request body")
			return
		}
		body := buf.Bytes()
		if !upload && !utf8.Valid(body) {
			writeError(w, r, http.StatusBadRequest, "BAD_REQUEST", "the request body is not valid UTF-8")
			return
		}
		r.Body = gqlhttp.Body(body)
		next.ServeHTTP(w, r)
	})
}

// Streaming reports whether r opens a subscription's stream: a WebSocket
// upgrade (graphql-transport-ws) or a POST asking for an event stream
// (graphql-sse).
func Streaming(r *http.Request) bool {
	return r.Header.Get("Upgrade") != "" ||
		r.Method == http.MethodPost && strings.Contains(r.Header.Get("Accept"), "text/event-stream")
}

// streams serves the requests that open a stream (Streaming) with
// stream, the others with next.
func streams(stream, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if Streaming(r) {
			stream.ServeHTTP(w, r)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// weighStreams marks the context of a stream's request with budget, by
// which the limits guard weighs the stream's queries and mutations one
// operation at a time (limits.NewStreamContext). With a nil budget it
// returns next.
func weighStreams(budget *limits.Budget, next http.Handler) http.Handler {
	if budget == nil {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(limits.NewStreamContext(r.Context(), budget)))
	})
}

// sameOrigin refuses with 403 a WebSocket upgrade that a browser sends
// from an origin other than the server's own and the CORS origins:
// browsers do not apply CORS to WebSockets, and a page elsewhere would
// otherwise open one with its visitor's cookies or stored token. Requests
// without an Origin (not from a browser) pass.
func sameOrigin(origins []string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if o := r.Header.Get("Origin"); o != "" && r.Header.Get("Upgrade") != "" {
			u, err := url.Parse(o)
			if err != nil || !strings.EqualFold(u.Host, r.Host) && !slices.Contains(origins, o) {
				writeError(w, r, http.StatusForbidden, "FORBIDDEN", "WebSocket from an origin that is not allowed (the CORS origins)")
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// unbounded lifts the read and write deadlines of the connection (the
// server's timeouts, meant for requests and responses) for a stream,
// which lasts as long as its subscription: it ends at the end of the
// viewer's token, when the client leaves, or at shutdown. A stream reads
// from the primary: an event names a change just committed there, which a
// replica may not have replayed yet.
func unbounded(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rc := http.NewResponseController(w)
		rc.SetReadDeadline(time.Time{})
		rc.SetWriteDeadline(time.Time{})
		next.ServeHTTP(w, r.WithContext(store.WithPrimary(r.Context())))
	})
}

// multipartBody reports whether r's body is multipart/form-data.
func multipartBody(r *http.Request) bool {
	ct := r.Header.Get("Content-Type")
	if ct == "" || ct == "application/json" {
		return false // the common cases, without parsing (which allocates)
	}
	mt, _, err := mime.ParseMediaType(ct)
	return err == nil && mt == "multipart/form-data"
}

// withTimeout gives every request a deadline of d.
func withTimeout(d time.Duration, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), d)
		defer cancel()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}
