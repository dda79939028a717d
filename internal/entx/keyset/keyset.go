// Package keyset makes entgql's pagination and filters seek through an
// index: cursor pages (Predicates), the pages of an edge under many parents
// (LimitPerRow, WhereParents) and name prefixes (HasPrefix).
//
// entgql turns an "after" cursor on ORDER BY a, id into
//
//	a > $1 OR (a = $1 AND id > $2)
//
// which PostgreSQL applies as a filter over the index on a read from its
// start: page 500 of a list reads the 10,000 rows before it. Predicates adds
// the bound the disjunction implies, a >= $1, which the planner takes as the
// index condition, so every page costs the same whatever its depth. The
// generate step routes the generated pagers through it (the pagination
// template of kembang/tools/codegen/entgen).
package keyset

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent/dialect/sql"
)

// Predicates returns entgql.MultiCursorsPredicate's predicates for after
// and before, and for each cursor with order values, the bound they
// imply: after a cursor on one field and the id going the same way, the
// row comparison (rowBound); else, on the first order field, >= its value
// when that field is ascending, <= when descending. The rows selected are
// the same.
func Predicates[T any](after, before *entgql.Cursor[T], opts *entgql.MultiCursorsOptions) ([]func(*sql.Selector), error) {
	var bounds []func(*sql.Selector)
	if b := rowBound(after, opts); b != nil {
		bounds = append(bounds, b)
	} else if b := bound(after, opts); b != nil {
		bounds = append(bounds, b)
	}
	if b := bound(before, opts); b != nil {
		bounds = append(bounds, b)
	}
	ps, err := entgql.MultiCursorsPredicate(after, before, opts)
	if err != nil {
		return nil, err
	}
	return append(ps, bounds...), nil
}

// rowBound returns, for an after cursor c on one order field followed by
// the id in the same direction, the row comparison the cursor's
// disjunction amounts to, (field, id) > (value, id), or < when both
// descend; nil otherwise. PostgreSQL seeks an index on (field, id) to the
// cursor with it, where field >= value starts at the first row of the
// value: at 4.5M employees a name has thousands of holders, and a page
// after one of them read them all (docs/performance.md, change 29).
func rowBound[T any](c *entgql.Cursor[T], opts *entgql.MultiCursorsOptions) func(*sql.Selector) {
	if c == nil || len(opts.Fields) != 1 || len(opts.Directions) != 1 || opts.Directions[0] != opts.DirectionID || opts.FieldID == "" {
		return nil
	}
	values, ok := c.Value.([]any)
	if !ok || len(values) != 1 || values[0] == nil {
		return nil
	}
	return func(s *sql.Selector) {
		columns := []string{s.C(opts.Fields[0]), s.C(opts.FieldID)}
		if opts.DirectionID == entgql.OrderDirectionDesc {
			s.Where(sql.CompositeLT(columns, values[0], c.ID))
			return
		}
		s.Where(sql.CompositeGT(columns, values[0], c.ID))
	}
}

// bound returns the bound c implies on the first order field, or nil.
func bound[T any](c *entgql.Cursor[T], opts *entgql.MultiCursorsOptions) func(*sql.Selector) {
	if c == nil || len(opts.Fields) == 0 || len(opts.Directions) == 0 {
		return nil
	}
	values, ok := c.Value.([]any)
	if !ok || len(values) == 0 || values[0] == nil {
		return nil
	}
	if opts.Directions[0] == entgql.OrderDirectionDesc {
		return sql.FieldLTE(opts.Fields[0], values[0])
	}
	return sql.FieldGTE(opts.Fields[0], values[0])
}
