// Package tojoin loads a to-one edge whose foreign key the parent holds
// (an employee's position, an enrollment's session) inside the parent's
// own statement, instead of a statement of its own per edge and level
// (issue 17: a query runs at most its depth + 1 statements).
//
// The neighbour's query is the one entgql's field collection made for the
// edge, prepared as its own statement would be (its privacy rules add their
// predicates); its selector (sqlQuery) becomes a subquery, LEFT JOINed by
// the parent's foreign key:
//
//	SELECT parent.cols, j_position.j_position__id, j_position.j_position__title, …
//	FROM employees … LEFT JOIN (SELECT positions.id AS j_position__id, …
//	                            FROM positions WHERE <the neighbour's predicates>) AS j_position
//	                 ON employees.position_id = j_position.j_position__id
//
// so that the rows of the neighbour are exactly those its own statement
// would read. A NULL id in the joined columns is a neighbour absent or
// invisible: the edge stays nil but loaded, as its own loader leaves it.
// The generated queries (the query template of kembang/tools/codegen/entgen)
// decide when a query may be joined and fall back to the edge's own
// statement otherwise; this package builds the join and splits the rows.
package tojoin

import (
	"context"
	"database/sql/driver"
	"slices"
	"sort"
	"strings"
	"sync"

	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"
)

// disabledKey is the context key that turns joining off.
type disabledKey struct{}

// Disable returns a context in which every edge is loaded by a statement
// of its own, as ent does: the tests compare both ways.
func Disable(ctx context.Context) context.Context {
	return context.WithValue(ctx, disabledKey{}, true)
}

// Enabled reports whether queries run with ctx may join their to-one edges.
func Enabled(ctx context.Context) bool {
	off, _ := ctx.Value(disabledKey{}).(bool)
	return !off
}

// Dialect reports whether joining is known to work on the dialect d
// (PostgreSQL and SQLite, which the tests run).
func Dialect(d string) bool {
	return d == dialect.Postgres || d == dialect.SQLite
}

// An Edge is one to-one edge joined in its parent's statement: the
// neighbour's subquery, the parent's foreign-key column, and where the
// neighbour's columns are in the rows read.
type Edge struct {
	*shape               // the names of the join's columns, shared: read only
	sub    *sql.Selector // the neighbour's query, its columns renamed
	fk     string        // the parent's foreign-key column
	scan   func(columns []string) ([]any, error)
	at     int  // the index of the first joined column in the row, -1 if absent
	found  bool // the rows read had the joined columns
	shared map[any]any
}

// A shape holds the names of a join's columns, which depend on the
// dialect, the edge, the neighbour's id column and the columns its
// subquery selects only: made once per edge and selection (shapeOf)
// instead of for every statement, and shared by the edges of every
// statement, which only read them.
type shape struct {
	dialect   string   // the neighbour's dialect
	id        string   // the neighbour's id column
	qualified []string // the columns the neighbour's subquery selects
	own       int      // how many of qualified are the neighbour's own (New)
	extra     []string // the names of the expressions it selects after its own columns (Column)
	alias     string   // the subquery's name and the prefix of its columns
	idAt      int      // the index of the neighbour's id in names, -1 if absent
	names     []string // the neighbour's columns as its own scan names them
	joined    []string // the same columns as the parent's rows name them (name)
	as        []string // joined quoted, as the subquery's AS writes them
	outer     []string // joined, qualified by the subquery's name (alias)
}

// shapes holds the last shape made for each edge name (*shape by string).
var shapes sync.Map

// shapeOf returns the shape of the join of edge whose neighbour's query
// sel selects qualified (sel.SelectedColumns: its own columns, the first
// own of them, then those of the neighbours joined to it) and the
// expressions extra, and has the id column id: the one made for the same
// edge, dialect, id and columns before, else a new one, which replaces it.
func shapeOf(edge string, sel *sql.Selector, id string, qualified []string, own int, extra []Column) *shape {
	d := sel.Dialect()
	if v, ok := shapes.Load(edge); ok {
		if sh := v.(*shape); sh.dialect == d && sh.id == id && sh.own == own && slices.Equal(sh.qualified, qualified) && sameNames(sh.extra, extra) {
			return sh
		}
	}
	unqualified := sel.UnqualifiedColumns()
	sh := &shape{dialect: d, id: id, qualified: qualified, own: own, alias: "j_" + edge, idAt: -1}
	sh.names = append(sh.names, unqualified[:own]...)
	for _, x := range extra {
		sh.extra = append(sh.extra, x.Name)
		sh.names = append(sh.names, x.Name)
	}
	sh.names = append(sh.names, unqualified[own:]...)
	sh.joined = make([]string, len(sh.names))
	for i, n := range sh.names {
		sh.joined[i] = sh.name(n)
		if n == id && sh.idAt < 0 {
			sh.idAt = i
		}
	}
	// The names quoted as the builder's Ident quotes an AS name (it
	// writes a quoted one as it is), and the names the subquery's columns
	// have outside it, as sel (renamed as the alias) qualifies them.
	var b sql.Builder
	b.SetDialect(d)
	t := sql.Dialect(d).Table(sh.alias)
	sh.as, sh.outer = make([]string, len(sh.joined)), make([]string, len(sh.joined))
	for i, c := range sh.joined {
		sh.as[i] = b.Quote(c)
		sh.outer[i] = t.C(c)
	}
	shapes.Store(edge, sh)
	return sh
}

// New returns the join of the neighbours sel selects to their parents:
// edge names the edge (the subquery is "j_<edge>"), id is the neighbour's
// id column, fk the parent's foreign-key column, and scan the neighbour's
// ScanValues for its columns (those sel selects, unqualified). sel selects
// the neighbour's own columns only; New joins the neighbour's own to-one
// neighbours, joins, to it (Apply) and renames sel's columns; sel must not
// be used otherwise afterwards.
//
// The neighbour's subquery also selects the expressions extra, after its
// own columns and before those of joins, each named as the neighbour's
// scan knows it (Column.Name): the rows of its one-to-many edges
// (internal/entx/childrows), which reach its node as any other of its own
// columns do (the neighbour's scan takes the columns before the first
// joined one as its own: Own).
func New(edge string, sel *sql.Selector, id, fk string, scan func(columns []string) ([]any, error), joins []*Edge, extra ...Column) *Edge {
	own := len(sel.SelectedColumns())
	Apply(sel, joins)
	qualified := sel.SelectedColumns()
	e := &Edge{shape: shapeOf(edge, sel, id, qualified, own, extra), fk: fk, scan: scan, at: -1}
	sel.Select()
	for i, c := range qualified[:own] {
		sel.AppendSelectAs(c, e.as[i])
	}
	for i, x := range extra {
		sel.AppendSelectExprAs(x.Expr(sel), e.as[own+i])
	}
	for i, c := range qualified[own:] {
		sel.AppendSelectAs(c, e.as[own+len(extra)+i])
	}
	e.sub = sel.As(e.alias)
	return e
}

// A Column is an expression a neighbour's subquery selects besides its
// columns (New): its name, as the neighbour's scan knows it, and the
// expression for the subquery's selector.
type Column struct {
	Name string
	Expr func(*sql.Selector) sql.Querier
}

// sameNames reports whether the expressions extra have the names names.
func sameNames(names []string, extra []Column) bool {
	if len(names) != len(extra) {
		return false
	}
	for i, x := range extra {
		if names[i] != x.Name {
			return false
		}
	}
	return true
}

// name returns the name of the neighbour's column c in the parent's rows.
func (sh *shape) name(c string) string { return sh.alias + "__" + c }

// Modify joins the neighbours to the statement s of their parents and
// appends their columns to its selection: a query modifier, which the
// parent's query runs last (after an edge page's LimitPerRow, so that
// only the rows of the page are joined).
func (e *Edge) Modify(s *sql.Selector) {
	s.LeftJoin(e.sub).On(qualify(s, e.fk), e.outer[e.idAt])
	s.AppendSelect(e.outer...)
}

// qualify returns the column c of the rows s reads: s.C(c) when s reads a
// table, and c of the subquery's name when s reads a subquery with no table
// of its own (the page of keyset.LimitPerRow on PostgreSQL), where s.C
// would have no table.
func qualify(s *sql.Selector, c string) string {
	if s.Table() != nil {
		return s.C(c)
	}
	return sql.Table(s.TableName()).C(c)
}

// Found reports whether the rows read had e's columns; false for a nil e.
// When they did not (a modifier replaced the selection), the parents'
// neighbours are not set and the edge is loaded by its own statement.
func (e *Edge) Found() bool { return e != nil && e.found }

// At returns joins[i], nil when joins has none.
func At(joins []*Edge, i int) *Edge {
	if i < 0 || i >= len(joins) {
		return nil
	}
	return joins[i]
}

// Apply joins every edge of joins to s (Modify), in order.
func Apply(s *sql.Selector, joins []*Edge) {
	for _, e := range joins {
		if e != nil {
			e.Modify(s)
		}
	}
}

// Modifiers returns the query modifiers mods followed by columns (other
// modifiers that add columns to the parents' rows, such as the counts of
// keyset.ChildCount) and the joins of joins, in a new slice (mods is the
// query's own and stays as it is). The columns come before the joined
// ones, which ScanValues finds after the parent's own. When late, the
// columns and the joins come after the statement's ORDER BY and LIMIT
// (Late): the caller knows the statement is a page the query orders and
// limits itself.
func Modifiers(mods []func(*sql.Selector), joins []*Edge, late bool, columns ...func(*sql.Selector)) []func(*sql.Selector) {
	out := make([]func(*sql.Selector), len(mods), len(mods)+1)
	copy(out, mods)
	return append(out, func(s *sql.Selector) {
		if late {
			Late(s)
		}
		for _, c := range columns {
			c(s)
		}
		Apply(s, joins)
	})
}

// Late makes the ordered, limited statement s of a table's rows a
// subquery named as the table, so that the neighbours joined to s
// afterwards (Apply) are joined to the page's rows only, not to every row
// the database sorts before the LIMIT keeps the page:
//
//	SELECT employees.cols, j_unit.… FROM (SELECT employees.cols FROM employees
//	    WHERE … ORDER BY employees.golongan, employees.full_name, employees.id LIMIT 51) AS employees
//	  LEFT JOIN (…) AS j_unit ON employees.unit_id = j_unit.j_unit__id
//	ORDER BY employees.golongan, employees.full_name, employees.id LIMIT 51
//
// (a unit's roster joined every employee of the unit, sorted them and
// kept 51; issue 17, change 30). The subquery keeps s's selection, predicates, order and limit; the
// statement keeps its selection, order and limit, whose columns, qualified
// by the table's name, now name the subquery's: the rows and their order
// are those of s, and a join to one row at most adds no row. PostgreSQL
// cannot pull a subquery with a LIMIT up into the join, so it joins after
// the limit. s must read one table, join nothing, select columns only and
// have no OFFSET, DISTINCT or grouping: the generated query (lateJoin)
// calls Late only for such pages. Late leaves any other s as it is.
func Late(s *sql.Selector) {
	if s.Table() == nil || s.HasJoins() {
		return
	}
	page := s.Clone().As(s.TableName())
	s.From(page)
	s.SetP(nil)
}

// find returns the index of e's columns in columns, -1 if they are not
// all there in order.
func (e *Edge) find(columns []string) int {
	first := e.joined[0]
	for i, c := range columns {
		if c != first {
			continue
		}
		if len(columns)-i < len(e.joined) {
			return -1
		}
		for j, n := range e.joined {
			if columns[i+j] != n {
				return -1
			}
		}
		return i
	}
	return -1
}

// ScanValues returns the scan targets of a row with the given columns: the
// parent's own (own, for the columns before the joined ones) then each
// joined neighbour's (its scan), and sql.UnknownType for any other column.
// It records where each neighbour's columns are for Own and Child.
//
// A column named as the rows of a one-to-many edge (RowsPrefix, its own or
// a joined neighbour's) gets a target of its own, *any, scanned as it is:
// not an sql.UnknownType, for which ent asks the driver for the column's
// type, which SQLite does not know for a NULL (no neighbour).
func ScanValues(joins []*Edge, columns []string, own func(columns []string) ([]any, error)) ([]any, error) {
	values, err := scanValues(joins, columns, own)
	if err != nil {
		return nil, err
	}
	for i, c := range columns {
		if i < len(values) && strings.Contains(c, RowsPrefix) {
			values[i] = new(any)
		}
	}
	return values, nil
}

// RowsPrefix starts the name of a column that holds the rows of a
// one-to-many edge (internal/entx/childrows).
const RowsPrefix = "kembang_rows_"

// scanValues is ScanValues without its rows columns.
func scanValues(joins []*Edge, columns []string, own func(columns []string) ([]any, error)) ([]any, error) {
	if len(joins) == 0 {
		return own(columns)
	}
	found := make([]*Edge, 0, len(joins))
	for _, e := range joins {
		if e == nil {
			continue
		}
		e.at = e.find(columns)
		e.found = e.at >= 0
		if e.found {
			found = append(found, e)
		}
	}
	sort.Slice(found, func(i, j int) bool { return found[i].at < found[j].at })
	n := Own(joins, columns)
	values, err := own(columns[:n])
	if err != nil {
		return nil, err
	}
	for _, e := range found {
		if e.at < len(values) {
			// Overlapping blocks cannot come from Modify.
			e.at, e.found = -1, false
			continue
		}
		for len(values) < e.at {
			values = append(values, new(sql.UnknownType))
		}
		v, err := e.scan(e.names)
		if err != nil {
			return nil, err
		}
		values = append(values, v...)
	}
	for len(values) < len(columns) {
		values = append(values, new(sql.UnknownType))
	}
	return values, nil
}

// Own returns the number of a row's leading columns that are the parent's
// own: those before the first joined neighbour's (ScanValues found them).
func Own(joins []*Edge, columns []string) int {
	n := len(columns)
	for _, e := range joins {
		if e != nil && e.at >= 0 && e.at < n {
			n = e.at
		}
	}
	return n
}

// Child returns the neighbour's columns (as its own scan names them) and
// values in a row read with ScanValues, and false when the row has none:
// its id is NULL (no neighbour, or one the viewer may not read).
func (e *Edge) Child(columns []string, values []any) ([]string, []any, bool) {
	if e == nil || e.at < 0 || e.at+len(e.names) > len(values) {
		return nil, nil, false
	}
	if null(values[e.at+e.idAt]) {
		return nil, nil, false
	}
	return e.names, values[e.at : e.at+len(e.names)], true
}

// null reports whether a scanned value is SQL NULL.
func null(v any) bool {
	if v == nil {
		return true
	}
	if vr, ok := v.(driver.Valuer); ok {
		x, err := vr.Value()
		return err == nil && x == nil
	}
	return false
}

// Shared returns the neighbour already read with id in e's statement, or
// n, which it remembers: parents that share a neighbour share one node, as
// the edge's own loader gives them, so that the neighbour's edges are
// loaded once and reach all of them.
func Shared[T any](e *Edge, id any, n *T) *T {
	if e.shared == nil {
		e.shared = map[any]any{}
	}
	if seen, ok := e.shared[id].(*T); ok {
		return seen
	}
	e.shared[id] = n
	return n
}

// Distinct returns the distinct non-nil neighbours of parents, in the
// order they first appear.
func Distinct[P, C any](parents []*P, neighbour func(*P) *C) []*C {
	seen := make(map[*C]bool, len(parents))
	out := make([]*C, 0, len(parents))
	for _, p := range parents {
		if c := neighbour(p); c != nil && !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	return out
}

// String returns the alias of the join, for tests and logs.
func (e *Edge) String() string { return strings.TrimPrefix(e.alias, "j_") }
