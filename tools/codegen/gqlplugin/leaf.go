package gqlplugin

import (
	"go/types"
	"strings"

	"github.com/99designs/gqlgen/codegen"
	"github.com/99designs/gqlgen/codegen/config"
)

// A Leaf is the fast path of a field read straight off its model
// (template kembangLeafField): when Guard holds of the field's value v
// (always, when empty), the field's function returns Value, a
// graphql.Marshaler that writes the field as gqlgen's marshaller would,
// without a field context; NilNull returns graphql.Null first for a nil
// pointer. Otherwise gqlgen's own resolution runs, so that an error (a
// NaN, a zero time) carries the field's path as before.
type Leaf struct {
	Field   string // the model's Go field
	Guard   string
	Value   string
	NilNull bool
}

// leafKind is what the plugin knows of a marshaller function: the leaf
// value type of graph/leaf.go that writes what it writes, the condition
// on the value v under which it neither writes an error nor returns null,
// and whether it takes a context.
type leafKind struct {
	value, guard string
	context      bool
}

// leafKinds maps gqlgen's scalar marshallers to their leafKind: always for
// strings, integers, booleans and IDs; for a float when it is finite
// (MarshalFloatContext refuses NaN and infinities); for a time when it is
// not zero (MarshalTime writes null, an error on a non-null field); always
// for a date (calendar.MarshalDate writes any time as its day).
var leafKinds = map[string]leafKind{
	"github.com/99designs/gqlgen/graphql.MarshalString":       {value: "stringValue"},
	"github.com/99designs/gqlgen/graphql.MarshalInt":          {value: "intValue"},
	"github.com/99designs/gqlgen/graphql.MarshalInt64":        {value: "int64Value"},
	"github.com/99designs/gqlgen/graphql.MarshalBoolean":      {value: "boolValue"},
	"github.com/99designs/gqlgen/graphql.MarshalTime":         {value: "timeValue", guard: "!v.IsZero()"},
	"github.com/99designs/gqlgen/graphql.MarshalFloatContext": {value: "floatValue", guard: "finite(%s)", context: true},
	"kembang/ent/gid.MarshalID":                               {value: "idValue"},
	"kembang/internal/calendar.MarshalDate":                   {value: "dateValue"},
}

// LeafField returns the fast path of field f of object o, or nil when it
// has none: when f is not read straight off its model (a resolver, a
// method, a map, a batch, arguments or directives), when its value is
// nilable but non-null (gqlgen reports the null), or when its marshaller
// is not one of leafKinds nor the type's own MarshalGQL.
func LeafField(data *codegen.Data, o *codegen.Object, f *codegen.Field) *Leaf {
	if o.Root || o.Stream || !f.IsVariable() || f.HasHaser || f.IsBatch() || len(f.Args) > 0 ||
		f.HasDirectives() || len(data.AllDirectives.LocationDirectives("FIELD")) > 0 {
		return nil
	}
	t := f.TypeReference
	pointer := t.IsPtr()
	if t.IsSlice() || t.IsPtrToPtr() || t.IsPtrToSlice() || t.IsPtrToIntf() || t.IsRoot ||
		(t.IsNilable() && !pointer) || (pointer && t.GQL.NonNull) {
		return nil
	}
	field := "obj." + f.GoFieldName
	switch {
	case t.IsMarshaler && !t.IsContext && pointer:
		// A pointer marshals itself: gqlgen's marshaller, for its nil
		// check, without a field context.
		return &Leaf{Field: f.GoFieldName, Value: "ec." + t.MarshalFunc() + "(ctx, field.Selections, " + field + ")"}
	case t.IsMarshaler && !t.IsContext:
		return &Leaf{Field: f.GoFieldName, Value: "&" + field}
	case t.IsMarshaler || t.Marshaler == nil || t.HasEnumValues() || t.CastType != nil ||
		(t.IsTargetNilable() && !t.IsNilable()):
		return nil
	}
	k, ok := leafKinds[funcName(t.Marshaler)]
	if !ok || k.context != t.IsContext {
		return nil
	}
	l := &Leaf{Field: f.GoFieldName, Guard: k.guard}
	if pointer {
		l.NilNull = true
		l.Value = "(*" + k.value + ")(v)"
		l.Guard = strings.ReplaceAll(l.Guard, "%s", "*v")
	} else {
		l.Value = "(*" + k.value + ")(&" + field + ")"
		l.Guard = strings.ReplaceAll(l.Guard, "%s", "v")
	}
	return l
}

// PureUnmarshal reports whether gqlgen's unmarshaller of t is a scalar's
// or an enum's that reads its context only to put its error on the
// value's path (res, err := Unmarshal(v), or res.UnmarshalGQL(v)), so
// that the carried type.gotpl unmarshals the elements of a list of t on
// the list's context and again on one holding the element's path only
// when one fails: the path and its context were two of the three
// allocations per id of a 100-node lookup.
func PureUnmarshal(t *config.TypeReference) bool {
	if t == nil || t.IsSlice() || t.IsPtrToSlice() || t.IsPtrToIntf() || t.IsPtrToPtr() || t.IsContext ||
		(t.IsNilable() && !t.GQL.NonNull) || strings.Contains(types.TypeString(t.GO, nil), "[") {
		return false
	}
	switch {
	case t.Unmarshaler != nil:
		return !t.HasEnumValues() && t.CastType == nil && t.IsTargetNilable() == t.IsNilable()
	case t.IsMarshaler:
		return !t.IsNilable()
	}
	return false
}
