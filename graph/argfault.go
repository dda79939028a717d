package graph

import (
	"context"
	"errors"
	"slices"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"kembang/ent"
	"kembang/ent/gid"
	"kembang/internal/fault"
)

// coercion returns the BAD_USER_INPUT fault of an error the executor
// raised while coercing the arguments of the field in ctx: one whose path
// continues the field's path with an argument's name (and input field
// names and list indexes below it). The fault names the argument or input
// field as the schema spells it and says what its type wants; a cause that
// is a fault already (a cursor's) keeps its code and message.
func (p presenter) coercion(ctx context.Context, path ast.Path, cause error) (*fault.Error, bool) {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || fc.Field.Field == nil || fc.Field.Definition == nil {
		return nil, false
	}
	base := fc.Path()
	if len(path) <= len(base) {
		return nil, false
	}
	for i := range base {
		if path[i] != base[i] {
			return nil, false
		}
	}
	extra := path[len(base):]
	name, ok := extra[0].(ast.PathName)
	if !ok {
		return nil, false
	}
	arg := fc.Field.Definition.Arguments.ForName(string(name))
	if arg == nil {
		return nil, false
	}
	typ, field := arg.Type, arg.Name
	for _, el := range extra[1:] {
		switch el := el.(type) {
		case ast.PathIndex:
			if typ.Elem != nil {
				typ = typ.Elem
			}
		case ast.PathName:
			if def := p.schema.Types[typ.Name()]; def != nil {
				if fd := def.Fields.ForName(string(el)); fd != nil {
					typ, field = fd.Type, fd.Name
				}
			}
		}
	}
	f := wants(field, typ.Name())
	f.Err = cause
	if c, ok := fault.As(cause); ok {
		f.Code, f.Msg = c.Code, c.Msg
		f.Format, f.Args = c.Template()
	} else if errors.Is(cause, gid.ErrInvalid) {
		f.Msg, f.Format, f.Args = cause.Error(), "", nil // its template is the cause's
	}
	return f, true
}

// wants says what a value of the named input type must be, as a
// BAD_USER_INPUT fault about field.
func wants(field, typ string) *fault.Error {
	switch typ {
	case "Time":
		return fault.Inputf(field, "is not a valid Time: give a date and time in RFC 3339, such as 2026-03-02T08:00:00+07:00")
	case "Date":
		return fault.Inputf(field, "is not a valid Date: give a calendar day as YYYY-MM-DD, such as 2026-03-02")
	case "ID":
		return fault.Inputf(field, "is not a valid ID")
	case "Cursor":
		return fault.Inputf(field, "is not a cursor of this list")
	}
	return fault.Inputf(field, "is not a valid %s", typ)
}

// holder returns the name, as the schema spells it, of the argument or
// input field that holds the ID id (a raw ID) in the field in ctx or the
// nearest field above it that takes arguments: when the client sent the
// ID in several, the one named prefer (the input field the storage layer
// took it from; an argument of a hand-written mutation that differs only
// in case, sessionId for sessionID, is the same), else the first in the
// order the schema declares them. It returns "" when the client sent no such ID
// (it came from stored data).
func (p presenter) holder(ctx context.Context, id int, prefer string) string {
	if !graphql.HasOperationContext(ctx) {
		return ""
	}
	vars := graphql.GetOperationContext(ctx).Variables
	for fc := graphql.GetFieldContext(ctx); fc != nil; fc = fc.Parent {
		if fc.Field.Field == nil || fc.Field.Definition == nil || len(fc.Field.Definition.Arguments) == 0 {
			continue
		}
		args := fc.Field.ArgumentMap(vars)
		var names []string
		for _, a := range fc.Field.Definition.Arguments {
			names = p.find(names, a.Type, a.Name, args[a.Name], id)
		}
		if i := slices.IndexFunc(names, func(n string) bool { return strings.EqualFold(idStem(n), idStem(prefer)) }); i >= 0 {
			return names[i]
		}
		if len(names) > 0 {
			return names[0]
		}
	}
	return ""
}

// find appends to names name, or the names of the input fields within v,
// where the value v of type typ holds the ID id.
func (p presenter) find(names []string, typ *ast.Type, name string, v any, id int) []string {
	switch v := v.(type) {
	case string:
		if typ.Name() == "ID" {
			if raw, err := gid.Decode(v); err == nil && raw == id && !slices.Contains(names, name) {
				names = append(names, name)
			}
		}
	case []any:
		el := typ
		if typ.Elem != nil {
			el = typ.Elem
		}
		for _, x := range v {
			names = p.find(names, el, name, x, id)
		}
	case []map[string]any: // a variable of one object, coerced to a list
		for _, x := range v {
			names = p.find(names, typ, name, x, id)
		}
	case map[string]any:
		def := p.schema.Types[typ.Name()]
		if def == nil || def.Kind != ast.InputObject {
			return names
		}
		for _, fd := range def.Fields {
			if x, ok := v[fd.Name]; ok {
				names = p.find(names, fd.Type, fd.Name, x, id)
			}
		}
	}
	return names
}

// expect returns the NOT_FOUND fault of id, an ID the client sent for a
// record of the ent type typ, when it is the ID of a record of another
// type (IDs carry their table), nil otherwise. Mutations through the ent
// client are checked so by the store; resolvers that look a record up
// before they change it check first.
func expect(id int, typ string) error {
	table, _ := ent.TypeTable(typ)
	if t, ok := gid.Table(id); !ok || t != table {
		return gid.NotFound(id, typ)
	}
	return nil
}

// notFound turns the ent NotFoundError of a look-up of id, an ID the client
// sent for a record of type typ, into its NOT_FOUND fault; other errors
// are returned as they are.
func notFound(err error, id int, typ string) error {
	if ent.IsNotFound(err) {
		return gid.NotFound(id, typ)
	}
	return err
}

// idStem returns the name of an ID argument or input field without its
// ID suffix (ID, Id, IDs, Ids).
func idStem(name string) string {
	for _, suffix := range []string{"IDs", "Ids", "ID", "Id"} {
		if stem, ok := strings.CutSuffix(name, suffix); ok {
			return stem
		}
	}
	return name
}
