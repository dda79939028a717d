package keyset

import (
	"context"
	"strconv"

	"entgo.io/ent/dialect/sql"
)

// countAlias names an edge's rows inside a count column's subquery
// (ChildCount), so that the parents' table, which the subquery correlates
// with, is never hidden by the edge's own table of the same name (an edge
// from a table to itself).
const countAlias = "kembang_c"

// CountColumn returns the name of the i-th count column (ChildCount) of a
// query's statement: short, so that no database truncates it, and apart
// from the entities' own columns and TotalColumn.
func CountColumn(i int) string { return "kembang_count_" + strconv.Itoa(i) }

// A ChildCount is a connection's totalCount read in its parents' statement
// instead of a statement of its own (docs/performance.md, issue 17, fifth
// session): a column of each parent's row holding the number of the edge's
// rows that the viewer may read,
//
//	SELECT parent.cols, (SELECT COUNT(*) FROM (q) AS kembang_c
//	                     WHERE kembang_c.fk = parent.id) AS kembang_count_0
//	FROM …
//
// where q is the edge's query prepared as its count statement would be
// (its filters and its privacy predicates, by the caller's Prepare) and
// selecting the foreign key only. The modifier runs last among the
// parents' (after keyset.LimitPerRow and tojoin.Late), so that the count
// is made for the rows of the page only.
//
// The edge query is prepared when the parents' statement is built, with
// that statement's context, as its own count statement was when it ran;
// if preparing fails (a privacy rule refuses the viewer), the column is
// left out and Err returns the error, which the totals' loader returns in
// place of the counts: for parents without rows, no loader runs and no
// error is seen, as with the count statement.
type ChildCount struct {
	column  string
	fk, id  string
	prepare func(context.Context) (*sql.Selector, error)
	err     error
	// prepared and add are Modifier's result, once prepared.
	prepared bool
	add      func(*sql.Selector)
}

// NewChildCount returns the count of an edge's rows in the column named
// column of its parents' rows. fk is the edge's foreign-key column (on
// the edge's table), id the parents' key column, and prepare returns the
// edge's query as a selector (its privacy rules and filters applied); it
// is called once, by Modifier.
func NewChildCount(column, fk, id string, prepare func(context.Context) (*sql.Selector, error)) *ChildCount {
	return &ChildCount{column: column, fk: fk, id: id, prepare: prepare}
}

// Column returns the name of the column that carries the count.
func (c *ChildCount) Column() string { return c.column }

// Err returns the error that preparing the edge's query returned, if any.
func (c *ChildCount) Err() error { return c.err }

// Modifier prepares the edge's query with ctx and returns the query
// modifier that adds its count column to the parents' statement, or nil
// when preparing failed (Err). It prepares the query once: a later call
// (the parents' own statement, after a page of them was not read as rows
// of its parents' statement: internal/entx/childrows) returns the first
// call's modifier.
func (c *ChildCount) Modifier(ctx context.Context) func(*sql.Selector) {
	if !c.prepared {
		c.prepared = true
		c.add = c.modifier(ctx)
	}
	return c.add
}

// modifier is Modifier's preparation.
func (c *ChildCount) modifier(ctx context.Context) func(*sql.Selector) {
	sub, err := c.prepare(ctx)
	if err != nil {
		c.err = err
		return nil
	}
	sub.Select(sub.C(c.fk)).SetDistinct(false)
	sub.ClearOrder()
	return func(s *sql.Selector) {
		d := sql.Dialect(s.Dialect())
		count := d.Select().
			AppendSelectExpr(sql.Raw("COUNT(*)")).
			From(sub.As(countAlias)).
			Where(sql.ColumnsEQ(d.Table(countAlias).C(c.fk), parentColumn(s, c.id)))
		s.AppendSelectExprAs(count, c.column)
	}
}

// parentColumn returns the column c of the rows s reads, qualified by the
// name they have in s: its table's, or that of the subquery s reads (the
// page of keyset.LimitPerRow, a page wrapped by tojoin.Late).
func parentColumn(s *sql.Selector, c string) string {
	if s.Table() != nil {
		return s.C(c)
	}
	return sql.Dialect(s.Dialect()).Table(s.TableName()).C(c)
}
