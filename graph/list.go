package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
)

// fieldKey names a field of an object type.
type fieldKey struct{ object, field string }

// marshalList marshals the n elements of a list of objects with f. The
// generated executor calls it in place of graphql.MarshalSliceConcurrently
// (the carried template type.gotpl of tools/codegen/gqlplugin), and takes the same
// arguments after sel.
//
// The elements are marshalled in order on the caller's goroutine, unless
// sel reaches a field with a resolver of its own (resolverFields), which may
// wait on the database for each element: then, as gqlgen does, each element
// gets a goroutine. A panic in an element is recovered as gqlgen recovers
// it: an error on the element's path and a null in its place.
func marshalList(ctx context.Context, sel ast.SelectionSet, n int, workers int64, omitPanicHandler bool, f func(context.Context, int) graphql.Marshaler) graphql.Array {
	if n > 1 && selectsResolver(sel) {
		return graphql.MarshalSliceConcurrently(ctx, n, workers, omitPanicHandler, f)
	}
	ret := make(graphql.Array, n)
	// The elements' field contexts (their paths) and their contexts, which
	// hold the list's answer to direct (checkedCtx), allocated together.
	elems := make([]listElement, n)
	direct := directIn(ctx)
	for i := range n {
		e := &elems[i]
		e.index = i
		e.fc.Index = &e.index
		e.c = checkedCtx{graphql.WithFieldContext(ctx, &e.fc), direct}
		ctx := context.Context(&e.c)
		if omitPanicHandler {
			ret[i] = f(ctx, i)
			continue
		}
		ret[i] = marshalRecovered(ctx, i, f)
	}
	return ret
}

// listElement is what marshalList makes for an element: its field
// context, the index the field context points to, and its context.
type listElement struct {
	fc    graphql.FieldContext
	index int
	c     checkedCtx
}

// marshalRecovered calls f for element i, recovering a panic into an error
// on the element's path and a null.
func marshalRecovered(ctx context.Context, i int, f func(context.Context, int) graphql.Marshaler) (m graphql.Marshaler) {
	defer func() {
		if r := recover(); r != nil {
			graphql.AddError(ctx, graphql.Recover(ctx, r))
			m = graphql.Null
		}
	}()
	return f(ctx, i)
}

// selectsResolver reports whether sel, through its sub-selections and
// fragments, selects one of resolverFields.
func selectsResolver(sel ast.SelectionSet) bool {
	for _, s := range sel {
		switch s := s.(type) {
		case *ast.Field:
			if s.ObjectDefinition != nil && resolverFields[fieldKey{s.ObjectDefinition.Name, s.Name}] {
				return true
			}
			if selectsResolver(s.SelectionSet) {
				return true
			}
		case *ast.InlineFragment:
			if selectsResolver(s.SelectionSet) {
				return true
			}
		case *ast.FragmentSpread:
			if s.Definition != nil && selectsResolver(s.Definition.SelectionSet) {
				return true
			}
		}
	}
	return false
}
