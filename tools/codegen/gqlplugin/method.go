package gqlplugin

import (
	"github.com/99designs/gqlgen/codegen"
)

// A Method is the fast path of a field that calls a method of its model
// with arguments (template kembangMethodField): an ent edge's connection,
// Session.enrollments(first: 50), whose method returns the page ent loaded
// with the model, or queries it when it was not loaded. gqlgen's
// ResolveField would make the field context and its Child closure,
// closures for the resolver and the marshaller, and run the middleware
// chain (asViewer) for every object: a partner listing's 90 sessions each
// resolve enrollments { totalCount } so. While no field middleware that
// must see every field is installed (ec.leavesDirect) and the context does
// not carry the server's rights (ec.direct, asViewer's check), the fast
// path makes the field context gqlgen's would be (without Child, which
// only field middleware reads), parses the arguments through the same
// cache (ec.fieldArgs), calls the method as ResolveField's resolver does
// (the template fieldDefinition) and reports errors, nulls and panics as
// ResolveField does.
type Method struct {
	// Field is the field, for the template fieldDefinition.
	Field *codegen.Field
	// Object fills the field context's Object.
	Object string
	// ArgsFunc parses the field's arguments (ec.fieldArgs).
	ArgsFunc string
	// Marshal is the marshaller of the method's result.
	Marshal string
	// NonNull: a nil result is an invalid null.
	NonNull bool
	// Recover: recover a panic as ResolveField does.
	Recover bool
}

// MethodField returns the fast path of field f of object o, or nil when it
// has none: when f is of a root or stream object, is not a method of the
// model (a resolver, a struct field, a map), takes no arguments (those
// fields are ObjectField's or LeafField's), has directives (or the schema
// has FIELD directives), is a batch, or has a haser or a (value, ok) form.
func MethodField(data *codegen.Data, o *codegen.Object, f *codegen.Field) *Method {
	if o.Root || o.Stream || f.IsResolver || !f.IsMethod() || f.IsMap() || f.HasHaser || f.VOkFunc || f.IsBatch() ||
		len(f.Args) == 0 || f.HasDirectives() || len(data.AllDirectives.LocationDirectives("FIELD")) > 0 {
		return nil
	}
	t := f.TypeReference
	if t == nil || t.IsRoot || t.IsContext || f.Stream {
		return nil
	}
	return &Method{
		Field:    f,
		Object:   o.Name,
		ArgsFunc: f.ArgsFunc(),
		Marshal:  t.MarshalFunc(),
		NonNull:  t.GQL.NonNull,
		Recover:  !data.Config.OmitPanicHandler,
	}
}
