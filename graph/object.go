package graph

import (
	"context"
	"io"

	"github.com/99designs/gqlgen/graphql"
)

// object holds the marshalled fields of one object that is resolved on
// the request's goroutine, in place of graphql.FieldSet (the carried
// template object.gotpl of tools/codegen/gqlplugin makes it for objects
// without concurrent fields).
// graphql.FieldSet, built for concurrent and deferred fields, writes each
// object through an iterator and a map of the aliases it has written: two
// allocations and a hash per field, an eighth of the allocations of a
// partner listing.
type object struct {
	fields []graphql.CollectedField
	// Values are the fields' marshallers, in the order of fields.
	Values []graphql.Marshaler
	// Invalids counts the non-null fields that resolved to null, which
	// make the object null.
	Invalids uint32
	// few holds the Values of an object of few fields, the most common.
	few [6]graphql.Marshaler
}

// newObject returns an object for fields.
func newObject(fields []graphql.CollectedField) *object {
	o := &object{fields: fields}
	if len(fields) <= len(o.few) {
		o.Values = o.few[:len(fields)]
	} else {
		o.Values = make([]graphql.Marshaler, len(fields))
	}
	return o
}

// Dispatch does nothing: every field of an object was resolved when it
// was set (graphql.FieldSet.Dispatch runs the concurrent ones, which an
// object does not have).
func (*object) Dispatch(context.Context) {}

// MarshalGQL writes the object as graphql.FieldSet does: each alias once,
// with the value of its first field.
func (o *object) MarshalGQL(w io.Writer) {
	io.WriteString(w, "{")
	first := true
	for i := range o.fields {
		alias := o.fields[i].Alias
		if written(o.fields[:i], alias) {
			continue
		}
		if first {
			first = false
			io.WriteString(w, `"`)
		} else {
			io.WriteString(w, `,"`)
		}
		// An alias is a GraphQL name ([_A-Za-z][_0-9A-Za-z]*): nothing to
		// escape.
		io.WriteString(w, alias)
		io.WriteString(w, `":`)
		o.Values[i].MarshalGQL(w)
	}
	io.WriteString(w, "}")
}

// written reports whether one of fields has alias.
func written(fields []graphql.CollectedField, alias string) bool {
	for i := range fields {
		if fields[i].Alias == alias {
			return true
		}
	}
	return false
}
