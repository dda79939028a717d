package graph

import (
	"context"
	"sync"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// argsKey names the operation's cache of parsed field arguments among its
// stats extensions.
const argsKey = "kembang.args"

// argsCache holds the parsed arguments of an operation's fields, by field.
type argsCache struct {
	mu   sync.Mutex
	args map[*ast.Field]map[string]any
}

// argsOnce gives every operation a cache of parsed field arguments (see
// fieldArgs).
type argsOnce struct{}

var (
	_ graphql.HandlerExtension        = argsOnce{}
	_ graphql.OperationContextMutator = argsOnce{}
)

// ExtensionName implements graphql.HandlerExtension.
func (argsOnce) ExtensionName() string { return "ArgsOnce" }

// Validate implements graphql.HandlerExtension.
func (argsOnce) Validate(graphql.ExecutableSchema) error { return nil }

// MutateOperationContext implements graphql.OperationContextMutator.
func (argsOnce) MutateOperationContext(_ context.Context, rc *graphql.OperationContext) *gqlerror.Error {
	rc.Stats.SetExtension(argsKey, &argsCache{args: map[*ast.Field]map[string]any{}})
	return nil
}

// fieldArgs returns the arguments of field, parsed by parse once per
// operation. The generated executor parses a field's arguments for every
// object it resolves the field on: for each of the 200 sessions of a
// partner listing, the same enrollments arguments (a tenth of its
// allocations). The generate step routes those calls here
// (graph/gqlgen.go). The arguments of a field are the same for every
// object, for they depend only on the query and its variables; the
// resolvers read them and never change them. A parse error is not kept:
// each object reports it, as before.
func (ec *executionContext) fieldArgs(ctx context.Context, field graphql.CollectedField,
	parse func(context.Context, map[string]any) (map[string]any, error)) (map[string]any, error) {
	c, _ := ec.OperationContext.Stats.GetExtension(argsKey).(*argsCache)
	if c == nil {
		return parse(ctx, field.ArgumentMap(ec.Variables))
	}
	c.mu.Lock()
	args, ok := c.args[field.Field]
	c.mu.Unlock()
	if ok {
		return args, nil
	}
	args, err := parse(ctx, field.ArgumentMap(ec.Variables))
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	c.args[field.Field] = args
	c.mu.Unlock()
	return args, nil
}
