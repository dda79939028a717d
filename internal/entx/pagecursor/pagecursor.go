// Package pagecursor tells ent's generated connections which of their
// cursors an operation reads, so that they make only those.
//
// entgql's connections (conn.build in ent/gql_pagination.go) made a cursor
// for every edge: a slice of the order fields' values, each boxed, and the
// slice boxed again, three allocations per edge under one order field,
// whether or not the operation asks for `cursor` or for pageInfo's
// `startCursor` and `endCursor`; most operations ask for neither. The
// generate step (template entgql/pagination.tmpl) has build ask Selected
// and make the edges' cursors only when the connection's field selects
// them, and the first and last edges' when pageInfo selects startCursor or
// endCursor. A cursor that is made is made as before, so the cursors an
// operation reads are the same bytes.
package pagecursor

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
)

// Selected reports whether the connection field being resolved in ctx
// selects its edges' cursor (edges { cursor }) and pageInfo's startCursor
// or endCursor (page). Without a field in ctx (ent used outside an
// operation) both are true.
//
// It reads the field's selections as written, through inline fragments and
// fragment spreads, whatever their type conditions and @skip or @include:
// it may say true for a cursor the operation then leaves out, never false
// for one it writes. It allocates nothing.
func Selected(ctx context.Context) (edges, page bool) {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil {
		return true, true
	}
	set := fc.Field.Selections
	return selects(set, "edges", "cursor", ""), selects(set, "pageInfo", "startCursor", "endCursor")
}

// selects reports whether set selects, below a field named parent, a field
// named a or b (b "" for none).
func selects(set ast.SelectionSet, parent, a, b string) bool {
	for _, s := range set {
		switch s := s.(type) {
		case *ast.Field:
			if s.Name == parent && has(s.SelectionSet, a, b) {
				return true
			}
		case *ast.InlineFragment:
			if selects(s.SelectionSet, parent, a, b) {
				return true
			}
		case *ast.FragmentSpread:
			if s.Definition == nil || selects(s.Definition.SelectionSet, parent, a, b) {
				return true
			}
		default:
			return true
		}
	}
	return false
}

// has reports whether set selects a field named a or b (b "" for none),
// through fragments.
func has(set ast.SelectionSet, a, b string) bool {
	for _, s := range set {
		switch s := s.(type) {
		case *ast.Field:
			if s.Name == a || (b != "" && s.Name == b) {
				return true
			}
		case *ast.InlineFragment:
			if has(s.SelectionSet, a, b) {
				return true
			}
		case *ast.FragmentSpread:
			if s.Definition == nil || has(s.Definition.SelectionSet, a, b) {
				return true
			}
		default:
			return true
		}
	}
	return false
}
