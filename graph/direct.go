package graph

import (
	"context"
	"unsafe"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"kembang/internal/access"
	"kembang/internal/selection"
)

// The generated executor marshals an object field whose value is already
// on its model (an edge's node, a connection's edges and page info, an
// ent edge loaded with the model) without gqlgen's ResolveField while
// leavesDirect holds (gqlplugin.ObjectField, the template
// kembangObjectField of tools/codegen/gqlplugin/templates/exec).
// ResolveField makes a field context, a context holding it, closures for
// the resolver, the marshaller and the middleware chain, and runs the
// chain (asViewer): five to seven allocations for every object field of
// every object, a third of a unit roster's. The fast path calls the
// field's marshaller on the value the field's resolver would return, so
// that null propagation and the privacy of what was loaded are those of
// ResolveField; when the value is not there (an edge not loaded, not
// found, or nil) ResolveField runs as before.

// direct reports whether the fast path of an object field may run in ctx:
// not when ctx carries the server's rights, which asViewer (guard.go)
// refuses for every field ResolveField resolves. Then ResolveField runs
// and reports it. The rights are found by walking the whole context chain
// (thirty contexts below a partner's sessions), once per object field of
// every object, unless ctx is a checkedCtx, which holds the answer.
func (ec *executionContext) direct(ctx context.Context) bool {
	return directIn(ctx)
}

// directIn is ec.direct.
func directIn(ctx context.Context) bool {
	if c, ok := ctx.(*checkedCtx); ok {
		return c.direct
	}
	return !access.HasSystemRights(ctx)
}

// A checkedCtx is a field context's context (graphql.WithFieldContext of
// a parent) that holds whether the parent carried no server rights, which
// is the answer for the field context's context as well: a field context
// adds no rights. The executor makes them for the elements of a list
// (marshalList, one check per list) and for the fields of its fast paths
// (withField, withMethodField, made after the check), so that the object
// fields below answer direct without a walk. A context derived from one
// (access.System(ctx), a directive's) is not a checkedCtx and is walked.
type checkedCtx struct {
	context.Context
	direct bool
}

// fieldCtx is a field context and its checkedCtx, allocated together.
type fieldCtx struct {
	fc graphql.FieldContext
	c  checkedCtx
}

// withField returns ctx with the field context the field's ResolveField
// would have made (graphql.FieldContext; no Child, which only field
// middleware reads, and none runs on the fast path): what the fields below
// read for their errors' paths (graphql.FieldContext.Path), their
// connection (cursor.MarshalCursor) and their arguments' holders. It is
// called once direct(ctx) held, and returns a checkedCtx that says so.
func withField(ctx context.Context, object string, field graphql.CollectedField, method bool, result any) context.Context {
	f := &fieldCtx{fc: graphql.FieldContext{
		Object:   object,
		Field:    field,
		IsMethod: method,
		Result:   result,
	}}
	f.c = checkedCtx{graphql.WithFieldContext(ctx, &f.fc), true}
	return &f.c
}

// withMethodField returns the field context of a method field on the fast
// path (kembangMethodField) and ctx with it, a checkedCtx: like withField,
// it is called once direct(ctx) held.
func withMethodField(ctx context.Context, object string, field graphql.CollectedField) (*graphql.FieldContext, context.Context) {
	f := &fieldCtx{fc: graphql.FieldContext{Object: object, Field: field, IsMethod: true}}
	f.c = checkedCtx{graphql.WithFieldContext(ctx, &f.fc), true}
	return &f.fc, &f.c
}

// plainSelection reports whether the fields sel selects of an object of
// type typ, which satisfies the types listed, are all plainFields (or
// __typename): leaves written without a field context, which neither fail
// nor read the context, so that the object field above needs no field
// context of its own. It is worked out once per operation and selection
// set, and for a set without directives once per process (selection.Of);
// without the operation's cache it is false.
func (ec *executionContext) plainSelection(sel ast.SelectionSet, typ string, satisfies []string) bool {
	c := ec.cache()
	if c == nil || len(sel) == 0 || len(satisfies) == 0 {
		return false
	}
	k := selectionKey{&sel[0], len(sel), unsafe.SliceData(satisfies)}
	plain, _ := memo(&c.mu, c.plain, k, func() (bool, error) {
		plain := func(fields []graphql.CollectedField) bool {
			for _, f := range fields {
				if f.Name != "__typename" && !plainFields[fieldKey{typ, f.Name}] {
					return false
				}
			}
			return true
		}
		if s := selection.Of(ec.OperationContext, sel, satisfies); s != nil && satisfies[0] == typ {
			// Once per process: the fields are the document's (no
			// directive), and typ is the first type the set's types list.
			return s.Flag(plain), nil
		}
		return plain(ec.collectFields(sel, satisfies)), nil
	})
	return plain
}
