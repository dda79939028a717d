package graph

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/validator/core"

	"kembang/fault"
)

// Paging bounds every connection so that no query reads an unbounded
// list: a connection queried without first or last gets first: Default,
// and first or last above Max is refused before any SQL runs.
type Paging struct {
	Default int // page size when neither first nor last is given; default 20
	Max     int // largest first or last accepted; default 100
}

var (
	_ graphql.HandlerExtension        = Paging{}
	_ graphql.OperationContextMutator = Paging{}
)

// withDefaults fills zero fields.
func (p Paging) withDefaults() Paging {
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

// ExtensionName names the extension.
func (Paging) ExtensionName() string { return "Paging" }

// Validate accepts any schema.
func (Paging) Validate(graphql.ExecutableSchema) error { return nil }

// isConnection reports whether def is a paginated connection field.
func isConnection(def *ast.FieldDefinition) bool {
	return def != nil && strings.HasSuffix(def.Type.Name(), "Connection") &&
		def.Arguments.ForName("first") != nil && def.Arguments.ForName("last") != nil
}

// rule returns a validation rule that gives every connection field
// without first or last an explicit first argument. It runs once per
// distinct query, before the parsed document is cached, so the default
// also reaches ent's eager loading of nested connections.
func (p Paging) rule() (string, core.RuleFunc) {
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

// MutateOperationContext checks first and last of every connection with
// the request's variables, before any resolver runs.
func (p Paging) MutateOperationContext(_ context.Context, rc *graphql.OperationContext) *gqlerror.Error {
	if rc.Operation == nil {
		return nil
	}
	seen := map[string]bool{}
	var walk func(ast.SelectionSet) *gqlerror.Error
	walk = func(set ast.SelectionSet) *gqlerror.Error {
		for _, sel := range set {
			switch sel := sel.(type) {
			case *ast.Field:
				if err := p.check(sel, rc.Variables); err != nil {
					return err
				}
				if err := walk(sel.SelectionSet); err != nil {
					return err
				}
			case *ast.InlineFragment:
				if err := walk(sel.SelectionSet); err != nil {
					return err
				}
			case *ast.FragmentSpread:
				if sel.Definition == nil || seen[sel.Name] {
					continue
				}
				seen[sel.Name] = true
				if err := walk(sel.Definition.SelectionSet); err != nil {
					return err
				}
			}
		}
		return nil
	}
	return walk(rc.Operation.SelectionSet)
}

// check validates the page size arguments of one field.
func (p Paging) check(f *ast.Field, vars map[string]any) *gqlerror.Error {
	if !isConnection(f.Definition) {
		return nil
	}
	args := f.ArgumentMap(vars)
	first, last := args["first"], args["last"]
	if first == nil && last == nil {
		return p.errorf(f, "first", "%s needs first or last (a variable was null)", f.Alias)
	}
	for name, v := range map[string]any{"first": first, "last": last} {
		if v == nil {
			continue
		}
		n, ok := toInt(v)
		if !ok || n < 0 || n > int64(p.Max) {
			return p.errorf(f, name, "%s: %s must be between 0 and %d, got %v", f.Alias, name, p.Max, v)
		}
	}
	return nil
}

// errorf builds a BAD_USER_INPUT error located at f.
func (Paging) errorf(f *ast.Field, arg, format string, args ...any) *gqlerror.Error {
	return &gqlerror.Error{
		Message:    fmt.Sprintf(format, args...),
		Locations:  []gqlerror.Location{{Line: f.Position.Line, Column: f.Position.Column}},
		Extensions: map[string]any{"code": string(fault.BadInput), "field": arg},
	}
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
