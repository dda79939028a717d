package limits

import (
	"context"
	"testing"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
)

// streamSchema is a schema of nested connections, for the operations of
// TestStreamOperations.
var streamSchema = gqlparser.MustLoadSchema(&ast.Source{Name: "s.graphql", Input: `
type Query { items(first: Int, last: Int): ItemConnection! }
type Subscription { changed(first: Int, last: Int): ItemConnection! }
type ItemConnection { totalCount: Int! edges: [ItemEdge!]! }
type ItemEdge { node: Item! }
type Item { id: ID! items(first: Int, last: Int): ItemConnection! }
`})

// streamRun is one operation of a stream, run as gqlgen's executor runs
// it through the guard's interceptors.
type streamRun struct {
	responses graphql.ResponseHandler
	ran       int // responses the operation made
}

// runStream dispatches the operation query (which must be valid) through
// g's interceptors in ctx, the executor's inner handler making one
// response.
func runStream(t *testing.T, g guard, ctx context.Context, query string) *streamRun {
	t.Helper()
	doc, errs := gqlparser.LoadQuery(streamSchema, query)
	if errs != nil {
		t.Fatal(errs)
	}
	rc := &graphql.OperationContext{RawQuery: query, Doc: doc, Operation: doc.Operations[0]}
	if err := g.MutateOperationContext(ctx, rc); err != nil {
		t.Fatal(err)
	}
	ctx = graphql.WithOperationContext(ctx, rc)
	run := &streamRun{}
	run.responses = g.InterceptOperation(ctx, func(ctx context.Context) graphql.ResponseHandler {
		done := false
		return func(rctx context.Context) *graphql.Response {
			// The executor: the response context of the operation's.
			rctx = graphql.WithResponseContext(ctx, graphql.DefaultErrorPresenter, nil)
			return g.InterceptResponse(rctx, func(context.Context) *graphql.Response {
				if done {
					return nil
				}
				done = true
				run.ran++
				return &graphql.Response{Data: []byte(`{}`)}
			})
		}
	})
	return run
}

// TestStreamOperations checks the weighing of the queries of streams
// (WebSocket, event stream; NewStreamContext): the weight is taken when
// the first response is asked for and given back when the transport asks
// for the end; an operation that cannot get its weight before its
// context ends answers UNAVAILABLE without running; an operation whose
// context ends without the transport asking for the end gives its weight
// back; subscriptions and the operations of HTTP requests (which carry a
// Ticket) are not weighed here.
func TestStreamOperations(t *testing.T) {
	g := NewGuard(Limits{}, Paging{}, nil, nil).(guard)
	b := NewBudget(6_000, FreeNodes, nil)
	held := func() int64 {
		if !b.sem.TryAcquire(b.capacity) {
			return -1 // something is held
		}
		b.sem.Release(b.capacity)
		return 0
	}
	const heavy = `{ items(first: 100) { edges { node { items(first: 50) { totalCount } } } } }` // 5,100 nodes

	stream := NewStreamContext(context.Background(), b)
	a := runStream(t, g, stream, heavy)
	if held() != 0 {
		t.Fatal("weight taken before the first response was asked for")
	}
	if r := a.responses(stream); r == nil || a.ran != 1 {
		t.Fatalf("first response: %v, ran %d", r, a.ran)
	}
	if held() == 0 {
		t.Fatal("the running operation holds no weight")
	}

	// A second heavy operation waits, and is refused when its context ends.
	ctx, cancel := context.WithTimeout(stream, 30*time.Millisecond)
	defer cancel()
	w := runStream(t, g, ctx, heavy)
	r := w.responses(ctx)
	if r == nil || len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != "UNAVAILABLE" || w.ran != 0 {
		t.Fatalf("waiting operation: %+v, ran %d", r, w.ran)
	}
	if r := w.responses(ctx); r != nil || w.ran != 0 {
		t.Fatalf("refused operation, next response: %+v, ran %d", r, w.ran)
	}

	// The end of the first operation gives its weight back.
	if r := a.responses(stream); r != nil {
		t.Fatalf("end of the first operation: %+v", r)
	}
	if held() != 0 {
		t.Fatal("weight held after the operation's end")
	}

	// An operation whose context ends without the transport asking for
	// the end (a client gone) gives its weight back too.
	ctx2, cancel2 := context.WithCancel(stream)
	c := runStream(t, g, ctx2, heavy)
	c.responses(ctx2)
	if held() == 0 {
		t.Fatal("the third operation holds no weight")
	}
	cancel2()
	waitFor(t, "the weight of an operation whose context ended", func() bool { return held() == 0 })

	// Subscriptions, and operations of requests with a Ticket, are not
	// weighed by the stream.
	sub := runStream(t, g, stream, `subscription { changed(first: 100) { edges { node { items(first: 50) { totalCount } } } } }`)
	sub.responses(stream)
	if held() != 0 {
		t.Error("a subscription was weighed")
	}
	tctx, tk := NewTicketContext(stream, b, nil)
	httpOp := runStream(t, g, tctx, heavy) // MutateOperationContext weighs it on its Ticket
	httpOp.responses(tctx)
	httpOp.responses(tctx)
	if tk.Held() != 5_100 {
		t.Errorf("the request's ticket holds %d, want 5100", tk.Held())
	}
	tk.Release()
	if held() != 0 {
		t.Error("an HTTP operation was weighed twice")
	}
}
