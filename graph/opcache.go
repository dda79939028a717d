package graph

import (
	"context"
	"sync"
	"unsafe"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"kembang/internal/selection"
)

// opCacheKey names the operation's cache among its stats extensions.
const opCacheKey = "kembang.operation"

// opCache holds what the executor would otherwise compute again for every
// object of an operation: the parsed arguments of its fields (fieldArgs),
// the fields collected from its selection sets (collectFields) and whether
// they are plain (plainSelection).
type opCache struct {
	mu     sync.Mutex
	args   map[*ast.Field]map[string]any
	fields map[selectionKey][]graphql.CollectedField
	// plain holds plainSelection's answers.
	plain map[selectionKey]bool
}

// selectionKey identifies a selection set of the operation's document and
// the types an object of it satisfies (a generated xImplementors list).
type selectionKey struct {
	sel       *ast.Selection
	n         int
	satisfies *string
}

// opCaches gives every operation a cache (see opCache).
type opCaches struct{}

var (
	_ graphql.HandlerExtension        = opCaches{}
	_ graphql.OperationContextMutator = opCaches{}
)

// ExtensionName implements graphql.HandlerExtension.
func (opCaches) ExtensionName() string { return "OperationCaches" }

// Validate implements graphql.HandlerExtension.
func (opCaches) Validate(graphql.ExecutableSchema) error { return nil }

// MutateOperationContext implements graphql.OperationContextMutator.
func (opCaches) MutateOperationContext(_ context.Context, rc *graphql.OperationContext) *gqlerror.Error {
	rc.Stats.SetExtension(opCacheKey, &opCache{
		args:   map[*ast.Field]map[string]any{},
		fields: map[selectionKey][]graphql.CollectedField{},
		plain:  map[selectionKey]bool{},
	})
	return nil
}

// cache returns the operation's cache, nil if it has none: the one the
// executor found when it was made (operationCache), else the operation's
// own, looked up by name (a map of strings, hashed on every call, for every
// object of the response).
func (ec *executionContext) cache() *opCache {
	if ec.ops != nil {
		return ec.ops
	}
	return operationCache(ec.OperationContext)
}

// operationCache returns the cache of the operation oc, nil if it has none
// (or oc is nil). The carried template internal!.gotpl keeps it in the
// executor it makes for oc (executionContext.ops).
func operationCache(oc *graphql.OperationContext) *opCache {
	if oc == nil {
		return nil
	}
	c, _ := oc.Stats.GetExtension(opCacheKey).(*opCache)
	return c
}

// keepArgs keeps args as the parsed arguments of field, which fieldArgs
// then returns without parsing them again (argGuard, guard.go, parses
// every field's arguments before the executor runs). A nil cache keeps
// nothing.
func (c *opCache) keepArgs(field *ast.Field, args map[string]any) {
	if c == nil {
		return
	}
	c.mu.Lock()
	c.args[field] = args
	c.mu.Unlock()
}

// collectFields returns the fields of sel that apply to an object that
// satisfies the types listed, as graphql.CollectFields does, which the
// generated executor calls for every object and the carried template
// object.gotpl (tools/codegen/gqlplugin) routes here. graphql.CollectFields keeps its results per
// operation too, but finds them by a hash of the type names that costs an
// allocation for every object (a 100-node lookup: a twentieth of its
// allocations). collectFields finds them by the addresses of the selection
// set and of the list of types instead: within an operation, whose
// document and variables are fixed, the same addresses are the same
// selection set and the same types, and so the same fields.
//
// What the operation has not collected yet comes from selection.Fields:
// a selection set without directives is collected once per process, its
// fields those of every operation of its document.
func (ec *executionContext) collectFields(sel ast.SelectionSet, satisfies []string) []graphql.CollectedField {
	c := ec.cache()
	if c == nil || len(sel) == 0 || len(satisfies) == 0 {
		return selection.Fields(ec.OperationContext, sel, satisfies)
	}
	k := selectionKey{&sel[0], len(sel), unsafe.SliceData(satisfies)}
	fields, _ := memo(&c.mu, c.fields, k, func() ([]graphql.CollectedField, error) {
		return selection.Fields(ec.OperationContext, sel, satisfies), nil
	})
	return fields
}

// fieldArgs returns the arguments of field, parsed by parse once per
// operation. The generated executor parses a field's arguments for every
// object it resolves the field on: for each of the 200 sessions of a
// partner listing, the same enrollments arguments (a tenth of its
// allocations). The carried template field.gotpl
// (tools/codegen/gqlplugin) routes those calls here. The arguments of a field are the same for every
// object, for they depend only on the query and its variables; the
// resolvers read them and never change them. A parse error is not kept:
// each object reports it, as before.
func (ec *executionContext) fieldArgs(ctx context.Context, field graphql.CollectedField,
	parse func(context.Context, map[string]any) (map[string]any, error)) (map[string]any, error) {
	c := ec.cache()
	if c == nil {
		return parse(ctx, field.ArgumentMap(ec.Variables))
	}
	return memo(&c.mu, c.args, field.Field, func() (map[string]any, error) {
		return parse(ctx, field.ArgumentMap(ec.Variables))
	})
}

// memo returns m[k], computed by compute and kept in m unless it fails; mu
// guards m. compute runs unlocked: two goroutines may both compute a value
// that is not kept yet, and either result is kept, for they are equal.
func memo[K comparable, V any](mu *sync.Mutex, m map[K]V, k K, compute func() (V, error)) (V, error) {
	mu.Lock()
	v, ok := m[k]
	mu.Unlock()
	if ok {
		return v, nil
	}
	v, err := compute()
	if err != nil {
		return v, err
	}
	mu.Lock()
	m[k] = v
	mu.Unlock()
	return v, nil
}
