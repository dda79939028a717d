package graph

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"entgo.io/contrib/entgql"
	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/validator/rules"

	"kembang/ent"
	"kembang/ent/gid"
	"kembang/internal/domain/jp"
	"kembang/internal/fault"
	"kembang/internal/gqlhttp"
	"kembang/internal/lang"
	"kembang/internal/limits"
	"kembang/internal/operations"
	"kembang/internal/ratelimit"
	"kembang/internal/viewer"
)

// Options configure the GraphQL server.
type Options struct {
	// Logger receives one record per internal error. Default: slog.Default().
	Logger *slog.Logger
	// RequestID returns the id of the request in ctx, shown to clients
	// with masked errors so operators can find the log record.
	RequestID func(ctx context.Context) string
	// Classify maps storage errors (constraint violations, lost
	// connections) to client-facing faults; see store.Classify.
	Classify func(error) error
	// Introspection enables the __schema and __type fields and field
	// suggestions in validation errors.
	Introspection bool
	// NoAnonymousIntrospection, with Introspection, keeps introspection
	// from callers without credentials.
	NoAnonymousIntrospection bool
	// QueryCacheSize is the number of parsed queries kept. Default 1000.
	QueryCacheSize int
	// ParserTokenLimit caps the tokens of a query document. Default 15000.
	ParserTokenLimit int
	// Paging sets connection page sizes. Zero values take defaults.
	Paging limits.Paging
	// Limits bound the size of one operation. Zero values take defaults.
	Limits limits.Limits
	// RateLimit, when set, charges every operation's points (see limits.Points)
	// to the budget of the client named by the request's
	// ratelimit.Report, which the HTTP layer puts in the context.
	RateLimit *ratelimit.Limiter
	// Targets are the annual JP targets per employment type. Default
	// jp.DefaultTargets(): 20 JP for a PNS.
	Targets *jp.Targets
	// Now is the clock of the resolvers (rate limits, review and sign-off
	// times, gap dates). Default time.Now. The storage rules read the
	// clock of the ent client (rules.Env.Now), not this one.
	Now func() time.Time
	// Operations configures automatic persisted queries (always on) and
	// the allow-list of registered documents (see kembang/internal/operations).
	Operations operations.Config
	// Subscriptions configures the subscriptions and their transports;
	// without Subscriptions.Events there are none.
	Subscriptions Subscriptions
	// MaxUploadBytes is the largest multipart request (file uploads:
	// importEmployees). Default DefaultMaxUploadBytes.
	MaxUploadBytes int64
}

// DefaultMaxUploadBytes is the default of Options.MaxUploadBytes.
const DefaultMaxUploadBytes = 16 << 20

// uploadMemory is how much of a multipart request is kept in memory; the
// rest of the files goes to temporary files.
const uploadMemory = 4 << 20

// NewServer returns the GraphQL handler: POST, GET (queries only) and
// multipart (file uploads, behind a CSRF guard) transports, those of
// subscriptions (WebSocket, server-sent events) when opts.Subscriptions has
// events, a parsed-query cache, limits, one transaction per
// mutation, panic recovery and an error presenter that never shows
// driver or SQL text to clients.
func NewServer(client *ent.Client, opts Options) *Server {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.RequestID == nil {
		opts.RequestID = func(context.Context) string { return "" }
	}
	if opts.QueryCacheSize <= 0 {
		opts.QueryCacheSize = 1000
	}
	if opts.ParserTokenLimit <= 0 {
		opts.ParserTokenLimit = 15000
	}
	if opts.Classify == nil {
		opts.Classify = func(err error) error { return err }
	}
	paging := opts.Paging.WithDefaults()

	if opts.Targets == nil {
		t := jp.DefaultTargets()
		opts.Targets = &t
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	r := &Resolver{client: client, targets: *opts.Targets, now: opts.Now, maxNodeIDs: opts.Limits.WithDefaults().MaxNodeIDs,
		subs: newSubscriptions(opts.Subscriptions, opts.Logger)}
	cfg := Config{Resolvers: r}
	cfg.Directives.Authorize = r.authorize
	exec := NewExecutableSchema(cfg)
	srv := handler.New(exec)
	if r.subs != nil {
		// First: a WebSocket upgrade is a GET, an event stream a POST.
		for _, t := range r.subs.transports() {
			srv.AddTransport(t)
		}
		srv.Use(wsCredentials{r.subs})
	}
	srv.AddTransport(transport.GET{})
	srv.AddTransport(gqlhttp.POST{})
	if opts.MaxUploadBytes <= 0 {
		opts.MaxUploadBytes = DefaultMaxUploadBytes
	}
	srv.AddTransport(gqlhttp.Multipart{MaxUploadSize: opts.MaxUploadBytes, MaxMemory: min(opts.MaxUploadBytes, uploadMemory)})
	srv.SetQueryCache(lru.New[*ast.QueryDocument](opts.QueryCacheSize))
	srv.SetParserTokenLimit(opts.ParserTokenLimit)
	srv.SetValidationRulesFn(func() *rules.Rules {
		r := rules.NewDefaultRules()
		r.AddRule(paging.Rule())
		return r
	})
	if opts.Introspection {
		srv.Use(introspect{anonymous: !opts.NoAnonymousIntrospection})
	}
	srv.SetDisableSuggestion(!opts.Introspection)
	srv.Use(operations.New(client, opts.Operations))
	srv.Use(opCaches{})
	srv.Use(limits.NewGuard(opts.Limits, paging, opts.RateLimit, opts.Now))
	srv.Use(newArgGuard(exec))
	srv.AroundFields(asViewer)
	p := presenter{log: opts.Logger, requestID: opts.RequestID, classify: opts.Classify, quiet: opts.NoAnonymousIntrospection, schema: exec.Schema()}
	srv.Use(transactioner{Transactioner: entgql.Transactioner{TxOpener: client}, present: p.present})
	srv.AroundRootFields(auditRequest(opts.RequestID))
	srv.SetErrorPresenter(p.present)
	srv.SetRecoverFunc(p.recover)
	return &Server{h: srv, r: r}
}

// Server is the GraphQL handler of NewServer: gqlgen's handler.Server
// behind the methods that add extensions to it. A field middleware added
// through them (AroundFields, or Use with a graphql.FieldInterceptor, as
// OpenTelemetry's gqlgen integration is) sees every field: leaf fields read
// straight off a model then resolve through gqlgen's field context like
// any other, rather than the fast path that writes them without one
// (leavesDirect). The handler itself is not exposed, so no middleware can
// be added that would miss them.
type Server struct {
	h *handler.Server
	r *Resolver
}

// ServeHTTP implements http.Handler. Messages are in the language of the
// request's context (lang.Middleware), else of its Accept-Language header.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if h := r.Header.Get("Accept-Language"); h != "" && !lang.InContext(r.Context()) {
		r = r.WithContext(lang.NewContext(r.Context(), lang.Match(h)))
	}
	s.h.ServeHTTP(w, r)
}

// Use adds a gqlgen handler extension (handler.Server.Use).
func (s *Server) Use(ext graphql.HandlerExtension) {
	if _, ok := ext.(graphql.FieldInterceptor); ok {
		s.r.fieldHooks.Store(true)
	}
	s.h.Use(ext)
}

// AroundFields adds a field middleware (handler.Server.AroundFields),
// which sees every field, leaves included.
func (s *Server) AroundFields(f graphql.FieldMiddleware) {
	s.r.fieldHooks.Store(true)
	s.h.AroundFields(f)
}

// AroundRootFields adds a root field middleware
// (handler.Server.AroundRootFields).
func (s *Server) AroundRootFields(f graphql.RootFieldMiddleware) { s.h.AroundRootFields(f) }

// AroundOperations adds an operation middleware
// (handler.Server.AroundOperations).
func (s *Server) AroundOperations(f graphql.OperationMiddleware) { s.h.AroundOperations(f) }

// AroundResponses adds a response middleware
// (handler.Server.AroundResponses).
func (s *Server) AroundResponses(f graphql.ResponseMiddleware) { s.h.AroundResponses(f) }

// presenter turns resolver errors into client errors.
type presenter struct {
	log       *slog.Logger
	requestID func(context.Context) string
	classify  func(error) error
	quiet     bool        // no field suggestions for anonymous callers
	schema    *ast.Schema // to name the arguments and input fields at fault
}

// present classifies err. Errors the client can act on keep their
// message and gain extensions.code (and extensions.field, the argument or
// input field at fault as the schema spells it); anything else is logged
// once and masked.
//
// A value the executor could not coerce to its argument's type (a
// malformed Time, a cursor that is not one) is the client's: it is
// BAD_USER_INPUT naming that argument or input field, whatever the cause,
// and never reaches the storage classifier (to which a cursor's decoding
// error, an io.EOF, looks like a lost connection).
func (p presenter) present(ctx context.Context, err error) *gqlerror.Error {
	gqlErr, direct := err.(*gqlerror.Error)
	if !direct {
		gqlErr = gqlerror.WrapPath(graphql.GetPath(ctx), err)
	}
	cause := gqlErr.Unwrap()
	if _, ok := nodeNotFound(gqlErr); ok && cause == nil {
		cause = gqlErr // nodes(ids:) adds entgql's error of a missing node as it is
	}
	tag := lang.FromContext(ctx)
	if cause == nil {
		// Parse and validation errors of gqlparser, already coded.
		c := *gqlErr
		if p.quiet {
			if v, _ := viewer.FromContext(ctx); v.Anonymous() {
				c.Message = withoutSuggestion(c.Message)
			}
		}
		c.Message = lang.GraphQL(tag, c.Message)
		return &c
	}
	if f, ok := cause.(*fault.Error); ok && direct && gqlErr.Extensions["code"] == string(f.Code) {
		// Refused before execution by a guard (limits, arguments), coded
		// and located already: only the message changes language.
		c := *gqlErr
		c.Message = f.MessageIn(tag)
		return &c
	}
	f, ok := p.coercion(ctx, gqlErr.Path, cause)
	if !ok {
		f, ok = classify(p.classify(cause))
	}
	if ok {
		field := f.Field
		if f.ID != 0 {
			// The argument or input field the client sent the ID in, if
			// any; f.Field, when set, names the input field the storage
			// layer took it from, and wins when the ID was sent twice.
			field = p.holder(ctx, f.ID, f.Field)
		}
		msg := f.MessageIn(tag)
		out := &gqlerror.Error{
			Message:    msg,
			Path:       gqlErr.Path,
			Locations:  gqlErr.Locations,
			Extensions: map[string]any{"code": string(f.Code)},
		}
		if field != "" {
			out.Message = field + ": " + msg
			out.Extensions["field"] = field
		}
		return out
	}
	id := p.requestID(ctx)
	p.log.ErrorContext(ctx, "graphql: internal error", "err", cause, "path", gqlErr.Path.String(), "request_id", id)
	ext := map[string]any{"code": string(fault.Internal)}
	if id != "" {
		ext["requestId"] = id
	}
	return &gqlerror.Error{Message: lang.Text(tag, "internal error"), Path: gqlErr.Path, Locations: gqlErr.Locations, Extensions: ext}
}

// recover turns a resolver panic into an internal error; the server
// goes on serving.
func (p presenter) recover(ctx context.Context, v any) error {
	p.log.ErrorContext(ctx, "graphql: panic", "panic", v, "request_id", p.requestID(ctx))
	return errors.New("panic in resolver") // masked by present
}

// classify maps err to a client-facing fault, if it is one.
func classify(err error) (*fault.Error, bool) {
	if f, ok := fault.As(err); ok {
		return f, true
	}
	if id, ok := nodeNotFound(err); ok {
		typ := "record"
		if t, ok := gid.Table(id); ok {
			typ, _ = ent.TableType(t)
		}
		return gid.NotFound(id, typ), true
	}
	var verr *ent.ValidationError
	if errors.As(err, &verr) {
		// The store classifies validation errors, naming the field as the
		// API does (store.Classify); this one comes from another client.
		return &fault.Error{Code: fault.BadInput, Msg: "a value is not valid", Err: err}, true
	}
	var nf *ent.NotFoundError
	if errors.As(err, &nf) {
		return &fault.Error{Code: fault.NotFound, Msg: "not found", Err: err}, true
	}
	if msg := err.Error(); strings.HasPrefix(msg, "ent: empty predicate ") {
		// A nested where input without a single condition, e.g.
		// hasAgencyWith: {id: null}.
		typ := strings.TrimPrefix(msg, "ent: empty predicate ")
		f := fault.Newf(fault.BadInput, "where", "an empty %s has no condition: give at least one field", typ)
		f.Err = err
		return f, true
	}
	if errors.Is(err, gid.ErrInvalid) {
		return &fault.Error{Code: fault.BadInput, Msg: err.Error(), Err: err}, true
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return &fault.Error{Code: fault.Unavailable, Msg: "request timed out", Err: err}, true
	}
	return nil, false
}

// nodeNotFound returns the raw ID of entgql's "Could not resolve to a node
// with the global id of '<raw ID>'" in err's chain, which node and nodes
// add to the ent client's NotFoundError: the message shows the raw ID,
// which clients never see.
func nodeNotFound(err error) (int, bool) {
	var g *gqlerror.Error
	if !errors.As(err, &g) {
		return 0, false
	}
	rest, ok := strings.CutPrefix(g.Message, "Could not resolve to a node with the global id of '")
	if !ok {
		return 0, false
	}
	id, err := strconv.Atoi(strings.TrimSuffix(rest, "'"))
	return id, err == nil
}

// ErrCommitUnknown is the message of a mutation whose commit failed.
var ErrCommitUnknown = errors.New("the database became unavailable while saving: the change may or may not have been applied; read it back before retrying")

// transactioner runs every mutation in one transaction, as
// entgql.Transactioner does (whose operation-context hook it keeps), but
// sends failures to open or commit the transaction through the error
// presenter, so that a database lost at commit time is a coded
// UNAVAILABLE error and not driver text; and it lets errors raised before
// an operation exists (a body that is not JSON) through, where entgql's
// panics.
type transactioner struct {
	entgql.Transactioner
	present func(context.Context, error) *gqlerror.Error
}

// InterceptResponse runs a mutation in a transaction: committed when the
// response has no error, rolled back otherwise.
func (t transactioner) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	if !graphql.HasOperationContext(ctx) {
		return next(ctx)
	}
	if op := graphql.GetOperationContext(ctx).Operation; op == nil || op.Operation != ast.Mutation {
		return next(ctx)
	}
	txCtx, tx, err := t.OpenTx(ctx)
	if err != nil {
		return &graphql.Response{Errors: gqlerror.List{t.present(ctx, fmt.Errorf("opening the transaction: %w", err))}}
	}
	defer func() {
		if r := recover(); r != nil {
			_ = tx.Rollback()
			panic(r)
		}
	}()
	rsp := next(txCtx)
	if len(rsp.Errors) > 0 {
		_ = tx.Rollback()
		return &graphql.Response{Errors: rsp.Errors}
	}
	if err := tx.Commit(); err != nil {
		// The database went away while committing (the only way a commit
		// fails here): the client cannot know whether the change stuck.
		f := &fault.Error{Code: fault.Unavailable, Msg: ErrCommitUnknown.Error(), Err: fmt.Errorf("committing the transaction: %w", err)}
		return &graphql.Response{Errors: gqlerror.List{t.present(ctx, f)}}
	}
	return rsp
}

// withoutSuggestion removes the field suggestion gqlparser appends to a
// validation message ("Cannot query field "nam" on type "Agency". Did you
// mean "name"?"): suggestions disclose the schema bit by bit.
func withoutSuggestion(msg string) string {
	if i := strings.Index(msg, " Did you mean "); i >= 0 {
		return msg[:i]
	}
	return msg
}
