package gqlplugin

import (
	"go/types"

	"github.com/99designs/gqlgen/codegen"
	"github.com/99designs/gqlgen/codegen/templates"
	"github.com/vektah/gqlparser/v2/ast"
)

// An Object is the fast path of an object field (or a list of objects)
// whose value is already on the model (template kembangObjectField): a
// struct field (an edge's node, a connection's edges and page info), or a
// to-one or to-many edge that ent loaded with the model, read as the
// edge's method reads it when the edge is loaded (Loaded). When the value
// is there (no error, not nil), the field's function marshals it with
// the field's marshaller, without gqlgen's ResolveField; otherwise
// ResolveField runs, which calls the method (and queries the edge, or
// reports the error or the null) as before.
type Object struct {
	// Value is the expression of the value: obj.Node, or the loaded
	// accessor's call, obj.Edges.AgencyOrErr() or
	// obj.LoadedRequirements(ctx, field.Alias), with an error when Loaded.
	Value  string
	Loaded bool
	// Nilable: nil falls back to ResolveField.
	Nilable bool
	// Marshal is the field's marshaller, a method of the executor.
	Marshal string
	// Object and Method fill the field context (graphql.FieldContext's
	// Object and IsMethod) when the selection needs one.
	Object string
	Method bool
	// Type is the GraphQL object type of the value (of its elements for
	// a list) and Implementors the executor's variable listing the types
	// it satisfies (plainSelection).
	Type, Implementors string
	// Recover: recover a panic as ResolveField does (the config's
	// OmitPanicHandler is off).
	Recover bool
}

// ObjectField returns the fast path of field f of object o, or nil when
// it has none: when f is of a root or stream object, takes arguments,
// has directives (or the schema has FIELD directives), is a batch, a map
// or a resolver of its own, when its type is not an object or a list of
// objects, or when it is a method that is not an ent edge whose loaded
// value its model holds (loadedAccessor).
func ObjectField(data *codegen.Data, o *codegen.Object, f *codegen.Field) *Object {
	if o.Root || o.Stream || f.IsResolver || f.IsMap() || f.HasHaser || f.VOkFunc || f.IsBatch() || len(f.Args) > 0 ||
		f.HasDirectives() || len(data.AllDirectives.LocationDirectives("FIELD")) > 0 {
		return nil
	}
	t := f.TypeReference
	if t == nil || t.IsRoot || t.Definition == nil || t.Definition.Kind != ast.Object ||
		t.IsPtrToPtr() || t.IsPtrToSlice() || t.IsPtrToIntf() || t.IsContext {
		return nil
	}
	d := &Object{
		Nilable:      t.IsNilable(),
		Marshal:      t.MarshalFunc(),
		Object:       o.Name,
		Method:       f.IsMethod(),
		Type:         t.Definition.Name,
		Implementors: templates.LcFirst(t.Definition.Name) + "Implementors",
		Recover:      !data.Config.OmitPanicHandler,
	}
	switch {
	case f.IsVariable():
		d.Value = "obj." + f.GoFieldName
	case f.IsMethod() && f.MethodHasContext && !f.NoErr:
		v, ok := loadedAccessor(o.Type, f.GoFieldName, t.GO)
		if !ok {
			return nil
		}
		d.Value, d.Loaded = v, true
	default:
		return nil
	}
	return d
}

// loadedAccessor returns the call that reads the loaded value of the
// edge method name(ctx) of the ent model typ, whose result is of type
// result: for a list, the model's Loaded<name>(ctx, field.Alias), what the
// method reads under the field's alias or alias path (the carried
// entgql/edge.tmpl, docs/performance.md change 49); else its
// Edges.<name>OrErr(), which the method reads first. Each returns the
// method's result and a nil error when the edge is loaded; the method
// then returns the same. TestLoadedAccessors checks the methods of
// ent/gql_edge.go read them so.
func loadedAccessor(typ types.Type, name string, result types.Type) (string, bool) {
	if p, ok := typ.(*types.Pointer); ok {
		typ = p.Elem()
	}
	named, ok := typ.(*types.Named)
	if !ok {
		return "", false
	}
	if _, ok := result.(*types.Slice); ok {
		if accessorOf(named, "Loaded"+name, result, true) {
			return "obj.Loaded" + name + "(ctx, field.Alias)", true
		}
		return "", false
	}
	s, ok := named.Underlying().(*types.Struct)
	if !ok {
		return "", false
	}
	for i := range s.NumFields() {
		if e := s.Field(i); e.Name() == "Edges" {
			if accessorOf(e.Type(), name+"OrErr", result, false) {
				return "obj.Edges." + name + "OrErr()", true
			}
		}
	}
	return "", false
}

// accessorOf reports whether typ has a method name of signature
// (context.Context, string) (result, error) when alias, else
// () (result, error).
func accessorOf(typ types.Type, name string, result types.Type, alias bool) bool {
	obj, _, _ := types.LookupFieldOrMethod(typ, true, nil, name)
	m, ok := obj.(*types.Func)
	if !ok {
		return false
	}
	sig := m.Type().(*types.Signature)
	params := 0
	if alias {
		params = 2
		if sig.Params().Len() != params || !isContext(sig.Params().At(0).Type()) {
			return false
		}
		if b, ok := sig.Params().At(1).Type().(*types.Basic); !ok || b.Kind() != types.String {
			return false
		}
	}
	return sig.Params().Len() == params && sig.Results().Len() == 2 &&
		types.Identical(sig.Results().At(0).Type(), result) &&
		types.Identical(sig.Results().At(1).Type(), types.Universe.Lookup("error").Type())
}

// isContext reports whether t is context.Context.
func isContext(t types.Type) bool {
	n, ok := t.(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "context" && n.Obj().Name() == "Context"
}

// PlainFields are the fields of non-root objects that the executor writes
// without a field context and cannot fail while leaf fields are written
// directly: the leaf fields whose fast path has no guard (LeafField), sorted
// by object and field name. A selection of only these (and __typename)
// neither reports an error nor reads its context, so that the object above
// it needs no field context of its own (plainSelection, graph/direct.go).
func PlainFields(data *codegen.Data) []*codegen.Field {
	var fields []*codegen.Field
	for _, o := range data.Objects {
		if o.Root || o.Stream {
			continue
		}
		for _, f := range o.Fields {
			if l := LeafField(data, o, f); l != nil && l.Guard == "" {
				fields = append(fields, f)
			}
		}
	}
	sortFields(fields)
	return fields
}
