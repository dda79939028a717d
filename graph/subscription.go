// The subscription transports and the streams of subscription.resolvers.go.

package graph

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/coder/websocket"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"kembang/ent"
	"kembang/ent/gid"
	"kembang/ent/privacy"
	"kembang/graph/model"
	"kembang/internal/fault"
	"kembang/internal/realtime"
	"kembang/internal/report"
	"kembang/internal/viewer"
)

// Subscriptions configures the subscriptions (docs/server.md): the
// graphql-transport-ws (WebSocket) and graphql-sse transports and their
// limits. Without Events there are neither.
type Subscriptions struct {
	// Events is the broker of the server's events (package
	// kembang/internal/realtime).
	Events *realtime.Broker
	// Authorize checks the "Authorization" value of a WebSocket's
	// connection_init payload exactly as the HTTP layer checks the
	// Authorization header, and returns ctx with its viewer and the
	// expiry of its token (viewer.Expiry).
	Authorize func(ctx context.Context, authorization string) (context.Context, error)
	// Recheck, when set, checks the credentials of the viewer of ctx
	// again before each event is sent: an error (a revoked API key, a
	// credential whose records are gone) ends the subscription, which
	// otherwise would outlive the credentials that opened it.
	Recheck func(ctx context.Context) error
	// Origins are the origins other than the server's own from which a
	// browser may open a WebSocket: the CORS origins.
	Origins []string
	// KeepAlive is the interval of the keep-alive messages on both
	// transports (a graphql-transport-ws ping, which the client answers
	// with a pong, and an SSE comment). Default 30s.
	KeepAlive time.Duration
	// PerConnection caps the subscriptions of one WebSocket. Default 20.
	PerConnection int
	// PerViewer caps the connections (WebSockets and event streams) one
	// viewer holds open on this server. Default 10.
	PerViewer int
}

// Defaults of Subscriptions.
const (
	defaultKeepAlive     = 30 * time.Second
	defaultPerConnection = 20
	defaultPerViewer     = 10
	initTimeout          = 10 * time.Second
)

// subscriptions is what the transports and the resolvers share.
type subscriptions struct {
	Subscriptions
	gate *realtime.Gate // connections per viewer
	log  *slog.Logger
}

// newSubscriptions returns opts with its defaults, or nil without Events.
func newSubscriptions(opts Subscriptions, log *slog.Logger) *subscriptions {
	if opts.Events == nil {
		return nil
	}
	if opts.KeepAlive <= 0 {
		opts.KeepAlive = defaultKeepAlive
	}
	if opts.PerConnection <= 0 {
		opts.PerConnection = defaultPerConnection
	}
	if opts.PerViewer <= 0 {
		opts.PerViewer = defaultPerViewer
	}
	return &subscriptions{Subscriptions: opts, gate: realtime.NewGate(opts.PerViewer), log: log}
}

// transports returns the subscription transports: graphql-sse, then the
// WebSocket (graphql-transport-ws, and the older graphql-ws).
func (s *subscriptions) transports() []graphql.Transport {
	return []graphql.Transport{
		transport.SSE{KeepAlivePingInterval: s.KeepAlive},
		transport.Websocket{
			// coder/websocket, gqlgen's own; it refuses a browser's
			// upgrade from an origin that is neither the server's nor
			// one of these.
			Implementation:        transport.CoderWebsocketImplementation{AcceptOptions: websocket.AcceptOptions{OriginPatterns: s.Origins}},
			InitFunc:              s.init,
			InitTimeout:           initTimeout,
			CloseFunc:             s.closed,
			KeepAlivePingInterval: s.KeepAlive,
			PingPongInterval:      s.KeepAlive,
		},
	}
}

// wsConn is a WebSocket's share of the limits, in its context.
type wsConn struct {
	subs    atomic.Int32 // subscriptions running
	release func()       // its viewer's connection place
	cancel  context.CancelFunc
	expiry  *time.Timer // ends the connection at the token's exp; nil if none
	once    sync.Once
}

// wsConnKey is the context key of a *wsConn.
type wsConnKey struct{}

// init authenticates a WebSocket with its connection_init payload (a
// payload without credentials keeps those of the upgrade request, if it
// had any), takes a place among its viewer's connections and gives the
// connection a context that ends when the viewer's token expires or the
// server shuts down: the transport then closes the socket.
func (s *subscriptions) init(ctx context.Context, p transport.InitPayload) (context.Context, *transport.InitPayload, error) {
	if a := p.Authorization(); a != "" {
		actx, err := s.Authorize(ctx, a)
		if err != nil {
			return refuse(ctx, err)
		}
		ctx = actx
	}
	v, _ := viewer.FromContext(ctx)
	if v.Anonymous() {
		return refuse(ctx, errors.New(`subscriptions need credentials: connection_init {"Authorization": "Bearer <token>"}`))
	}
	release, ok := s.gate.Acquire(v.Subject)
	if !ok {
		return refuse(ctx, fmt.Errorf("too many open connections for this viewer: at most %d", s.PerViewer))
	}
	c := &wsConn{release: release}
	ctx, c.cancel = context.WithCancel(context.WithValue(ctx, wsConnKey{}, c))
	if exp, ok := viewer.Expiry(ctx); ok {
		c.expiry = time.AfterFunc(time.Until(exp), c.cancel)
	}
	context.AfterFunc(s.Events.Context(), c.cancel)
	return ctx, nil, nil
}

// wsCredentials checks the credentials of a WebSocket again before each
// operation it runs (a query, a mutation or a new subscription): a
// connection outlives the request that opened it, and an API key revoked
// since, or a credential whose records are gone, must not keep running
// operations that a new request would refuse with 401. A refused
// operation answers UNAUTHENTICATED and the connection is closed.
type wsCredentials struct{ s *subscriptions }

var (
	_ graphql.HandlerExtension     = wsCredentials{}
	_ graphql.OperationInterceptor = wsCredentials{}
)

// ExtensionName implements graphql.HandlerExtension.
func (wsCredentials) ExtensionName() string { return "WebSocketCredentials" }

// Validate implements graphql.HandlerExtension.
func (wsCredentials) Validate(graphql.ExecutableSchema) error { return nil }

// InterceptOperation implements graphql.OperationInterceptor.
func (x wsCredentials) InterceptOperation(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	c, ok := ctx.Value(wsConnKey{}).(*wsConn)
	if !ok || x.s.Recheck == nil {
		return next(ctx)
	}
	if err := x.s.Recheck(ctx); err != nil {
		x.s.log.InfoContext(ctx, "WebSocket: credentials no longer accepted", "err", err)
		return refusedThenClosed(c, &graphql.Response{Errors: gqlerror.List{{
			Message:    "the credentials of this connection are no longer accepted",
			Extensions: map[string]any{"code": string(fault.Unauthenticated)},
		}}})
	}
	return next(ctx)
}

// refusedThenClosed returns the response handler of an operation refused
// on the WebSocket c: it answers resp, and closes the connection (c's
// cancel, on which the transport closes it) only when the transport asks
// for the operation's next response, which it does once it has sent
// resp. Cancelling first raced the answer: the transport could close the
// socket before it wrote resp, and the client saw the connection end
// without the UNAUTHENTICATED error (TestRedTeamRevokedKeyEndsSubscription
// failed so under load).
func refusedThenClosed(c *wsConn, resp *graphql.Response) graphql.ResponseHandler {
	var sent bool
	return func(context.Context) *graphql.Response {
		if !sent {
			sent = true
			return resp
		}
		c.cancel() // the transport closes the connection
		return nil
	}
}

// closeForbidden is graphql-transport-ws's close code of a refused
// connection_init.
const closeForbidden = 4403

// refuse closes a WebSocket whose connection_init is refused for err:
// code 4403, err's message as the reason (RFC 6455 allows 123 bytes).
func refuse(ctx context.Context, err error) (context.Context, *transport.InitPayload, error) {
	reason := err.Error()
	if len(reason) > 123 {
		reason = reason[:123]
	}
	ctx = transport.AppendCloseReason(transport.WithWebsocketCloseCode(ctx, closeForbidden), reason)
	return ctx, nil, err
}

// closed gives back what a WebSocket held.
func (s *subscriptions) closed(ctx context.Context, _ int) {
	if c, ok := ctx.Value(wsConnKey{}).(*wsConn); ok {
		c.once.Do(func() {
			if c.expiry != nil {
				c.expiry.Stop()
			}
			c.cancel()
			c.release()
		})
	}
}

// open checks that the viewer of ctx may start one more subscription and
// returns the function that ends it: within the limit of its WebSocket,
// or, for an event stream (a connection of its own), of its viewer.
func (s *subscriptions) open(ctx context.Context) (done func(), err error) {
	if s == nil {
		return nil, &fault.Error{Code: fault.Unavailable, Msg: "subscriptions are off on this server"}
	}
	v, _ := viewer.FromContext(ctx)
	if v.Anonymous() {
		return nil, &fault.Error{Code: fault.Unauthenticated, Msg: "subscriptions need credentials"}
	}
	if c, ok := ctx.Value(wsConnKey{}).(*wsConn); ok {
		if c.subs.Add(1) > int32(s.PerConnection) {
			c.subs.Add(-1)
			return nil, &fault.Error{Code: fault.Forbidden, Msg: fmt.Sprintf("too many subscriptions on this connection: at most %d", s.PerConnection)}
		}
		return func() { c.subs.Add(-1) }, nil
	}
	release, ok := s.gate.Acquire(v.Subject)
	if !ok {
		return nil, &fault.Error{Code: fault.Forbidden, Msg: fmt.Sprintf("too many open connections for this viewer: at most %d", s.PerViewer)}
	}
	return release, nil
}

// stream runs a subscription to topic: first, when not nil, computes the
// value sent at once; then each event of the topic is read by load as the
// viewer of ctx and sent. An event whose record the viewer may not read
// (load finds nothing) is not sent. The stream ends when the client
// leaves, when the viewer's token expires, when the subscriber falls too
// far behind (it must subscribe again and read the state) and when the
// server shuts down.
func stream[T any](ctx context.Context, s *subscriptions, topic realtime.Topic, first func(context.Context) (T, error), load func(context.Context, realtime.Event) (T, error)) (<-chan T, error) {
	done, err := s.open(ctx)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(ctx)
	if exp, ok := viewer.Expiry(ctx); ok {
		ctx, cancel = withDeadline(ctx, cancel, exp)
	}
	events, unsubscribe := s.Events.Subscribe(topic)
	var initial T
	if first != nil {
		if initial, err = first(ctx); err != nil {
			unsubscribe()
			cancel()
			done()
			return nil, err
		}
	}
	out := make(chan T, 1)
	go func() {
		defer close(out)
		defer done()
		defer cancel()
		defer unsubscribe()
		send := func(v T) bool {
			select {
			case out <- v:
				return true
			case <-ctx.Done():
				return false
			}
		}
		if first != nil && !send(initial) {
			return
		}
		for {
			select {
			case <-ctx.Done():
				return
			case e, ok := <-events:
				if !ok {
					return
				}
				v, err := load(ctx, e)
				switch {
				case ent.IsNotFound(err) || errors.Is(err, privacy.Deny):
					continue // not the viewer's to read
				case ctx.Err() != nil:
					return
				case err != nil:
					s.log.ErrorContext(ctx, "subscription: reading an event's record", "err", err, "topic", string(topic))
					return
				}
				if s.Recheck != nil {
					if err := s.Recheck(ctx); err != nil {
						s.log.InfoContext(ctx, "subscription: credentials no longer accepted", "err", err, "topic", string(topic))
						return
					}
				}
				if !send(v) {
					return
				}
			}
		}
	}()
	return out, nil
}

// withDeadline returns ctx ending at t too, and the function that cancels
// both it and the context of cancel.
func withDeadline(ctx context.Context, cancel context.CancelFunc, t time.Time) (context.Context, context.CancelFunc) {
	ctx, cancelT := context.WithDeadline(ctx, t)
	return ctx, func() { cancelT(); cancel() }
}

// sessionSeats returns the seats of the session with raw ID id: the
// session read as the viewer of ctx (NOT_FOUND when it may not read it),
// the figures counted whoever the viewer may read (package report).
func (r *Resolver) sessionSeats(ctx context.Context, id int) (*model.SessionSeats, error) {
	s, err := r.client.Session.Get(ctx, id)
	if ent.IsNotFound(err) {
		return nil, gid.NotFound(id, "session")
	} else if err != nil {
		return nil, err
	}
	n, err := report.SessionSeats(ctx, r.client, id)
	if err != nil {
		return nil, err
	}
	return &model.SessionSeats{Session: s, Capacity: s.Capacity, Registered: n.Registered, Waitlisted: n.Waitlisted}, nil
}
