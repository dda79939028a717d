package limits

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/validator/core"

	"kembang/internal/fault"
)

// Paging bounds every connection so that no query reads an unbounded
// list: a connection queried without first or last gets first: Default,
// and first or last above Max is refused before any SQL runs.
type Paging struct {
	Default int // page size when neither first nor last is given; default 20
	Max     int // largest first or last accepted; default 100
}

// WithDefaults returns p with its zero fields set to their defaults.
func (p Paging) WithDefaults() Paging {
	if p.Default <= 0 {
		p.Default = 20
	}
	if p.Max <= 0 {
		p.Max = 100
	}
	if p.Default > p.Max {
		p.Default = p.Max
	}
	return p
}

// isConnection reports whether def is a paginated connection field.
func isConnection(def *ast.FieldDefinition) bool {
	return def != nil && strings.HasSuffix(def.Type.Name(), "Connection") &&
		def.Arguments.ForName("first") != nil && def.Arguments.ForName("last") != nil
}

// Rule returns a validation rule that gives every connection field
// without first or last an explicit first argument. It runs once per
// distinct query, before the parsed document is cached, so the default
// also reaches ent's eager loading of nested connections.
func (p Paging) Rule() (string, core.RuleFunc) {
	return "KembangDefaultPageSize", func(observers *core.Events, _ core.AddErrFunc) {
		observers.OnField(func(w *core.Walker, f *ast.Field) {
			if !isConnection(f.Definition) || f.Arguments.ForName("first") != nil || f.Arguments.ForName("last") != nil {
				return
			}
			f.Arguments = append(f.Arguments, &ast.Argument{
				Name:     "first",
				Position: f.Position,
				Value: &ast.Value{
					Raw:          strconv.Itoa(p.Default),
					Kind:         ast.IntValue,
					Position:     f.Position,
					Definition:   w.Schema.Types["Int"],
					ExpectedType: f.Definition.Arguments.ForName("first").Type,
				},
			})
		})
	}
}

// size validates the page size arguments of a connection field and
// returns the number of rows it may return.
func (p Paging) size(f *ast.Field, args map[string]any) (int64, *gqlerror.Error) {
	first, last := args["first"], args["last"]
	if first == nil && last == nil {
		return 0, errorAt(f, "first", "%s needs first or last (a variable was null)", f.Alias)
	}
	if first != nil && last != nil {
		// No connection pages from both ends (entgql's validateFirstLast).
		// Refused here, before any SQL, as the client's error: below a
		// node, ent's eager loading reported it wrapped, an internal error
		// that nulled the parent (docs/performance.md, change 54).
		return 0, errorAt(f, "last", "%s: pass first or last, not both", f.Alias)
	}
	var rows int64
	for _, arg := range []struct {
		name string
		v    any
	}{{"first", first}, {"last", last}} {
		if arg.v == nil {
			continue
		}
		n, ok := toInt(arg.v)
		if !ok || n < 0 || n > int64(p.Max) {
			return 0, errorAt(f, arg.name, "%s: %s must be between 0 and %d, got %v", f.Alias, arg.name, p.Max, arg.v)
		}
		rows = max(rows, n)
	}
	return rows, nil
}

// errorAt builds a BAD_USER_INPUT error located at f, naming arg.
func errorAt(f *ast.Field, arg, format string, args ...any) *gqlerror.Error {
	// The fault keeps the format for the error presenter, which renders
	// the message in the client's language.
	flt := fault.Newf(fault.BadInput, arg, format, args...)
	e := &gqlerror.Error{
		Message:    flt.Msg,
		Extensions: map[string]any{"code": string(fault.BadInput)},
		Err:        flt,
	}
	if f != nil && f.Position != nil {
		e.Locations = []gqlerror.Location{{Line: f.Position.Line, Column: f.Position.Column}}
	}
	if arg != "" {
		e.Extensions["field"] = arg
	}
	return e
}

// toInt converts a coerced Int argument.
func toInt(v any) (int64, bool) {
	switch v := v.(type) {
	case int64:
		return v, true
	case int:
		return int64(v), true
	case int32:
		return int64(v), true
	case float64:
		return int64(v), v == float64(int64(v))
	case json.Number:
		n, err := v.Int64()
		return n, err == nil
	case string:
		n, err := strconv.ParseInt(v, 10, 64)
		return n, err == nil
	}
	return 0, false
}
