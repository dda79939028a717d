package limits

import (
	"context"
	"sync"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
)

// Operations of the stream transports. A WebSocket (graphql-transport-ws)
// runs queries and mutations as well as subscriptions, many on one
// connection, and an event stream (graphql-sse) runs any one operation:
// both are served outside the HTTP admission (a connection would hold its
// slot for its life), so their requests carry no Ticket. Their queries
// and mutations are weighed by the same Budget one operation at a time:
// the HTTP layer marks a stream's context with the budget
// (NewStreamContext), and the limits guard takes each such operation's
// weight when its response is first asked for and gives it back when the
// transport asks for the next one after it (the operation's end, after
// the response was written) or when the operation's context ends,
// whichever comes first. Subscriptions are not weighed: they hold their
// connection for as long as the client wants and have limits of their own
// (graph.Subscriptions).

// streamKey is the context key of the Budget of a stream's operations.
type streamKey struct{}

// NewStreamContext returns ctx marked as the context of a stream (a
// WebSocket or an event stream) whose queries and mutations are weighed
// by b. With a nil b it returns ctx.
func NewStreamContext(ctx context.Context, b *Budget) context.Context {
	if b == nil {
		return ctx
	}
	return context.WithValue(ctx, streamKey{}, b)
}

// streamOp is the weight of one operation of a stream.
type streamOp struct {
	ticket Ticket
	use    Usage

	mu      sync.Mutex
	asked   bool // its first response was asked for: the weight was taken (or refused)
	refused bool // taking the weight failed: the operation does not run
}

// streamOpKey is the context key of a *streamOp.
type streamOpKey struct{}

var (
	_ graphql.OperationInterceptor = guard{}
	_ graphql.ResponseInterceptor  = guard{}
)

// InterceptOperation gives a query or mutation of a stream (NewStreamContext)
// its own Ticket, given back when the transport reads the end of its
// responses or when the operation's context ends. Operations of HTTP
// requests (which carry the request's Ticket) and subscriptions pass.
func (g guard) InterceptOperation(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	b, ok := ctx.Value(streamKey{}).(*Budget)
	if !ok {
		return next(ctx)
	}
	if _, ok := ticketFrom(ctx); ok {
		return next(ctx)
	}
	rc := graphql.GetOperationContext(ctx)
	if rc == nil || rc.Operation == nil || rc.Operation.Operation == ast.Subscription {
		return next(ctx)
	}
	use, err := g.measure(rc.Operation, rc.Variables)
	if err != nil || b.Weight(use) == 0 {
		return next(ctx) // err: refused already by MutateOperationContext
	}
	op := &streamOp{ticket: Ticket{budget: b}, use: use}
	stop := context.AfterFunc(ctx, op.ticket.Release)
	responses := next(context.WithValue(ctx, streamOpKey{}, op))
	return func(ctx context.Context) *graphql.Response {
		resp := responses(ctx)
		if resp == nil {
			// The end of the operation: its last response was written.
			stop()
			op.ticket.Release()
		}
		return resp
	}
}

// InterceptResponse takes the weight of a stream's operation
// (InterceptOperation) before its first response is made, waiting for it
// as a request's operation does, and answers UNAVAILABLE, without running
// the operation, when the operation's context ends first.
func (g guard) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	op, ok := ctx.Value(streamOpKey{}).(*streamOp)
	if !ok {
		return next(ctx)
	}
	op.mu.Lock()
	first, refused := !op.asked, op.refused
	op.asked = true
	op.mu.Unlock()
	if refused {
		return nil
	}
	if !first {
		return next(ctx)
	}
	if err := op.ticket.admit(ctx, op.ticket.budget.Weight(op.use)); err != nil {
		op.mu.Lock()
		op.refused = true
		op.mu.Unlock()
		graphql.AddError(ctx, admitError(err))
		return &graphql.Response{Errors: graphql.GetErrors(ctx)}
	}
	if ctx.Err() != nil {
		// The context ended as the weight was taken: the release that
		// its end ran may have come first, and the transport may ask
		// for no more responses.
		op.ticket.Release()
	}
	return next(ctx)
}
