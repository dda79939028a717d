package graph

import (
	"context"
	"errors"
	"sync"

	"github.com/99designs/gqlgen/graphql"
)

// The generated executor gives every request an index of the unmarshalers
// of the schema's input objects, through which ent's CollectFields decodes
// a nested connection's where argument (graphql.UnmarshalInputFromContext).
// gqlgen builds that index for each request that uses it, with each
// unmarshaler bound to the request's executor: a closure per input object
// and a map, over a hundred allocations for a partner listing's sessions
// filter. The carried template internal!.gotpl
// (tools/codegen/gqlplugin) builds it once instead (withInputs), of
// unmarshalers that find their request's executor in the context
// (boundInput).

// executorKey is the context key of the request's executor.
type executorKey struct{}

// inputIndex is the index of the input objects' unmarshalers, built once.
var inputIndex struct {
	once sync.Once
	idx  *graphql.InputUnmarshalerIndex
}

// withInputs returns ctx holding ec and the index that build returns,
// built on the first request only: its unmarshalers (boundInput) read
// the executor from the context, so one index serves every request and
// every server.
func withInputs(ctx context.Context, ec *executionContext, build func() *graphql.InputUnmarshalerIndex) context.Context {
	inputIndex.once.Do(func() { inputIndex.idx = build() })
	return graphql.WithInputUnmarshalerIndex(context.WithValue(ctx, executorKey{}, ec), inputIndex.idx)
}

// errNoExecutor is returned by an input unmarshaler called with a context
// that no request's executor made (withInputs).
var errNoExecutor = errors.New("graph: unmarshalling an input outside a request's executor")

// boundInput returns an input unmarshaler that calls the method unmarshal
// of the executor of the request in ctx, as the method value gqlgen binds
// for each request does.
func boundInput[T any](unmarshal func(*executionContext, context.Context, any) (T, error)) func(context.Context, any) (T, error) {
	return func(ctx context.Context, obj any) (T, error) {
		ec, ok := ctx.Value(executorKey{}).(*executionContext)
		if !ok {
			var zero T
			return zero, errNoExecutor
		}
		return unmarshal(ec, ctx, obj)
	}
}
