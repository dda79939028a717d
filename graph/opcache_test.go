package graph

import (
	"context"
	"errors"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
)

// TestFieldArgs checks that a field's arguments are parsed once per
// operation, per field, and that a parse error is not kept.
func TestFieldArgs(t *testing.T) {
	oc := &graphql.OperationContext{}
	early := newExecutionContext(oc, nil, nil) // made before the operation had its cache
	if err := (opCaches{}).MutateOperationContext(context.Background(), oc); err != nil {
		t.Fatal(err)
	}
	ec := newExecutionContext(oc, nil, nil)
	if c := operationCache(oc); c == nil || ec.ops != c || ec.cache() != c || early.cache() != c {
		t.Fatalf("the executor keeps %p, finds %p and %p (made early), want the operation's %p", ec.ops, ec.cache(), early.cache(), c)
	}
	if newExecutionContext(nil, nil, nil).cache() != nil {
		t.Error("an executor without an operation found a cache")
	}
	calls := 0
	fail := false
	parse := func(context.Context, map[string]any) (map[string]any, error) {
		calls++
		if fail {
			return nil, errors.New("bad argument")
		}
		return map[string]any{"first": calls}, nil
	}
	a, b := graphql.CollectedField{Field: &ast.Field{Name: "sessions"}}, graphql.CollectedField{Field: &ast.Field{Name: "sessions"}}
	for range 3 {
		args, err := ec.fieldArgs(context.Background(), a, parse)
		if err != nil || args["first"] != 1 {
			t.Fatalf("field a: %v, %v", args, err)
		}
	}
	if args, _ := ec.fieldArgs(context.Background(), b, parse); args["first"] != 2 {
		t.Errorf("field b: %v, want its own parse", args)
	}
	fail = true
	c := graphql.CollectedField{Field: &ast.Field{Name: "programs"}}
	for range 2 {
		if _, err := ec.fieldArgs(context.Background(), c, parse); err == nil {
			t.Error("field c: no error")
		}
	}
	if calls != 4 {
		t.Errorf("%d parses, want 4 (a once, b once, c on each call)", calls)
	}
}

// TestCollectFields checks that collectFields returns what
// graphql.CollectFields does, once per selection set and list of types.
func TestCollectFields(t *testing.T) {
	doc, err := gqlparser.LoadQuery(parsedSchema, `{ nodes(ids: []) { id ... on Employee { fullName } ... on Enrollment { status } } }`)
	if err != nil {
		t.Fatal(err)
	}
	oc := &graphql.OperationContext{Doc: doc, Operation: doc.Operations[0], Variables: map[string]any{}}
	if err := (opCaches{}).MutateOperationContext(context.Background(), oc); err != nil {
		t.Fatal(err)
	}
	ec := newExecutionContext(oc, nil, nil)
	sel := doc.Operations[0].SelectionSet[0].(*ast.Field).SelectionSet
	for _, satisfies := range [][]string{employeeImplementors, enrollmentImplementors} {
		want := graphql.CollectFields(&graphql.OperationContext{Doc: doc, Operation: doc.Operations[0], Variables: map[string]any{}}, sel, satisfies)
		first := ec.collectFields(sel, satisfies)
		again := ec.collectFields(sel, satisfies)
		if len(first) != len(want) || len(first) != 2 {
			t.Fatalf("%v: %d fields, want %d (2)", satisfies, len(first), len(want))
		}
		for i := range want {
			if first[i].Alias != want[i].Alias {
				t.Errorf("%v: field %d is %s, want %s", satisfies, i, first[i].Alias, want[i].Alias)
			}
		}
		if &first[0] != &again[0] {
			t.Errorf("%v: collected again, want the operation's first result", satisfies)
		}
	}
}
