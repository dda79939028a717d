// Package childrows loads a one-to-many edge without arguments (a plain
// list such as an enrollment's evaluations) inside its parents' statement,
// as one column of each parent's row holding the edge's rows as a JSON
// array, instead of a statement of its own (issue 17: mobile_profile,
// docs/performance.md change 57):
//
//	SELECT enrollments.cols,
//	       (SELECT json_agg(json_build_array(kembang_r.id, kembang_r.level, …))
//	        FROM (<the edge's query>) AS kembang_r
//	        WHERE kembang_r.enrollment_id = enrollments.id) AS kembang_rows_0
//	FROM …
//
// The edge's query is the one entgql's field collection made for the edge,
// prepared as its own statement would be (its privacy rules add their
// predicates, its to-one edges are joined in it, internal/entx/tojoin):
// the rows in the column are exactly those its own statement would read
// for that parent. Its rows are then scanned with the edge's own scan
// targets (each JSON value converted to what the database driver would
// have given them) and assigned by the edge's own code.
//
// The generated queries (the query template of kembang/tools/codegen/entgen)
// decide when an edge may be read so (a query the tojoin rules would join:
// no interceptors, order, limit, modifiers, counts or traversal) and fall
// back to the edge's own statement otherwise; New refuses an edge whose
// scan targets are not plain values (JSON or custom types), or that
// selects more columns than a JSON array function takes.
//
// An edge page (first or last n in an order, without cursors, pageInfo or
// totalCount) of a single parent is read so too (NewPage, issue 17 change
// 65: mobile_profile): its query orders and limits itself, so the parent's
// key is compared inside it, before its LIMIT, and the aggregate is
// ordered by the page's own order (its columns, which the page selects):
//
//	(SELECT json_agg(json_build_array(kembang_r.id, …) ORDER BY "assessed_on" DESC, "id" DESC)
//	 FROM (SELECT … FROM assessments … WHERE (<its predicates>) AND assessments.employee_id = employees.id
//	       ORDER BY assessments.assessed_on DESC, assessments.id DESC LIMIT 5) AS kembang_r)
//
// So is an edge page of several parents (issue 17 change 66:
// unit_roster, partner_sessions, partner_listing), in the same statement:
// the subquery runs once per parent row, and its LIMIT, inside it after
// the key's comparison, is each parent's. The field collection gives such a page the ORDER BY and LIMIT
// of a page of one parent and keeps keyset.LimitPerRow apart, for its own
// statement when it cannot be read so (the query template's perRow and
// pagePerRow); ent's LIMIT on that statement would limit all the parents'
// rows together. A page's rows may carry the totalCounts of their own
// edges (keyset.ChildCount, Counts): each count's subquery is a column of
// the page's query, correlated with the page's rows,
//
//	(SELECT json_agg(json_build_array(kembang_r.id, …, kembang_r.kembang_count_0) ORDER BY "starts_at", "id")
//	 FROM (SELECT sessions.id, …, (SELECT COUNT(*) FROM (<the enrollments' count query>) AS kembang_c
//	                               WHERE kembang_c.session_id = sessions.id) AS kembang_count_0
//	       FROM sessions WHERE (<its predicates>) AND sessions.program_id = programs.id
//	       ORDER BY sessions.starts_at, sessions.id LIMIT 10) AS kembang_r)
//
// and each count is read into the row's node as its own statement's
// column would be (the int64 keyset.Total reads).
package childrows

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"entgo.io/ent"
	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	"github.com/lib/pq"
	"github.com/valyala/fastjson"

	"kembang/internal/entx/keyset"
	"kembang/internal/entx/rowscan"
	"kembang/internal/entx/tojoin"
)

// alias names the edge's rows inside a column's subquery, so that the
// parents' table, which the subquery correlates with, is never hidden by
// the edge's own table of the same name.
const alias = "kembang_r"

// maxColumns bounds the columns of an edge read as JSON: PostgreSQL's
// json_build_array takes at most 100 arguments, SQLite's json_array 127.
const maxColumns = 90

// Column returns the name of the i-th rows column of a query's statement:
// short, so that no database truncates it, and apart from the entities'
// own columns and the count columns (keyset.CountColumn).
func Column(i int) string { return tojoin.RowsPrefix + strconv.Itoa(i) }

// Rows is one edge read as a column of its parents' rows.
type Rows struct {
	column string
	fk, id string           // the edge's foreign key, the parents' key
	sub    *entsql.Selector // the edge's query, prepared
	names  []string         // the columns sub selects, as its scan names them
	scan   func(columns []string) ([]any, error)
	// order is the order of a page (NewPage): the page's ORDER BY in
	// the names of the columns sub selects; nil for a plain list.
	order entsql.Querier
	// nested are the rows columns of a page's rows (NewPage).
	nested []*Rows
	// joins are a page's to-one neighbours, joined after its LIMIT
	// (NewPage).
	joins []*tojoin.Edge
	// counts are the count columns of a page's rows (NewPage).
	counts []Count
}

// A Count is a count column of the rows of a page (NewPage): a
// connection's totalCount of each row's own edge (keyset.ChildCount), its
// column's name and the modifier that adds it to the page's query.
type Count struct {
	Column string
	Add    func(*entsql.Selector)
}

// Counts returns counts, prepared with ctx (keyset.ChildCount's
// Modifier), as count columns of a page's rows; a count whose preparation
// failed is left out and keeps its error for the totals' loader
// (keyset.ChildCount.Err), as the page's own statement leaves it out.
func Counts(ctx context.Context, counts []*keyset.ChildCount) []Count {
	var cols []Count
	for _, c := range counts {
		if add := c.Modifier(ctx); add != nil {
			cols = append(cols, Count{Column: c.Column(), Add: add})
		}
	}
	return cols
}

// New returns the edge whose prepared query sub (its columns selected, its
// to-one edges joined) is read in the column named column of its
// parents' rows; fk is the edge's foreign-key column, id the parents' key
// column, and scan the edge's scan targets for its columns (the query's
// scanRow). New returns nil when the edge cannot be read so: the dialect
// is neither PostgreSQL nor SQLite, sub selects more than maxColumns
// columns or not fk, or a scan target is not one of database/sql's
// nullable plain values (convert).
func New(column, fk, id string, sub *entsql.Selector, scan func(columns []string) ([]any, error)) *Rows {
	return newRows(column, fk, id, sub, sub.UnqualifiedColumns(), scan, nil, nil)
}

// newRows is New for the columns names of the rows, among which those of
// nested (rows columns of the edge's own edges, scanned as any) and of
// counts (count columns of its edges, scanned as sql.UnknownType).
func newRows(column, fk, id string, sub *entsql.Selector, names []string, scan func(columns []string) ([]any, error), nested []*Rows, counts []Count) *Rows {
	if d := sub.Dialect(); d != dialect.Postgres && d != dialect.SQLite {
		return nil
	}
	if len(names) == 0 || len(names) > maxColumns {
		return nil
	}
	hasFK := false
	for _, n := range names {
		hasFK = hasFK || n == fk
	}
	if !hasFK {
		return nil
	}
	targets, err := scan(names)
	if err != nil || len(targets) != len(names) {
		return nil
	}
	for i, t := range targets {
		switch t.(type) {
		case *sql.NullInt64, *sql.NullFloat64, *sql.NullString, *sql.NullBool, *sql.NullTime:
		case *any:
			if !slices.ContainsFunc(nested, func(n *Rows) bool { return n.column == names[i] }) {
				return nil
			}
		case *entsql.UnknownType:
			if !slices.ContainsFunc(counts, func(c Count) bool { return c.Column == names[i] }) {
				return nil
			}
		default:
			return nil
		}
	}
	return &Rows{column: column, fk: fk, id: id, sub: sub, names: names, scan: scan, nested: nested, counts: counts}
}

// NewPage is New for an edge page: sub orders and limits itself (the
// page's ORDER BY and LIMIT, as its own statement of one parent would),
// and order is that order written with the unqualified names of columns
// sub selects (the pager's orderExpr), which orders the aggregate. joins
// are the page's to-one neighbours (its query's joined edges), which are
// joined to the page's rows after its LIMIT (tojoin.Late), not to every
// row the database sorts before keeping the page. parent
// is the parents' table: an edge from a table to itself is refused, since
// inside sub the parents' name would be the children's, and so is a page
// that joins a table of that name. nested are the
// page's own one-to-many edges read as columns of its rows (its
// rowsColumns), and counts the totalCounts of its rows' edges read as
// columns of them (its keyset.ChildCount, Counts); both come after the
// first own columns of sub (the node's, before those of its joined
// neighbours) in each row, the nested first, where the page's scan finds
// them.
//
// The page may have one parent or several: sub's LIMIT is each parent's,
// since the parent's key is compared inside it (expr).
func NewPage(column, fk, id, parent string, sub *entsql.Selector, joins []*tojoin.Edge, scan func(columns []string) ([]any, error), order entsql.Querier, own int, nested []*Rows, counts ...Count) *Rows {
	if order == nil || sub.TableName() == parent {
		return nil
	}
	if _, ok := sub.JoinedTableView(parent); ok {
		// A table of that name joined in the page (a filter's or a
		// privacy rule's join) would be the one the key is compared with.
		return nil
	}
	// The columns of the page's rows: its own, then its neighbours'.
	withJoins := sub.Clone()
	tojoin.Apply(withJoins, joins)
	names := withJoins.UnqualifiedColumns()
	if own < 0 || own > len(names) {
		return nil
	}
	if len(nested) > 0 || len(counts) > 0 {
		all := make([]string, 0, len(names)+len(nested)+len(counts))
		all = append(all, names[:own]...)
		for _, n := range nested {
			all = append(all, n.column)
		}
		for _, c := range counts {
			all = append(all, c.Column)
		}
		names = append(all, names[own:]...)
	}
	r := newRows(column, fk, id, sub, names, scan, nested, counts)
	if r == nil {
		return nil
	}
	r.order, r.joins = order, joins
	return r
}

// Column returns the name of the column that carries the rows.
func (r *Rows) Column() string { return r.column }

// Modifier returns the query modifier that adds the rows column to the
// parents' statement; it runs last among the parents' modifiers (after
// keyset.LimitPerRow and tojoin.Late), so that only the page's parents
// read their rows.
func (r *Rows) Modifier() func(*entsql.Selector) {
	return func(s *entsql.Selector) {
		s.AppendSelectExprAs(r.expr(s), r.column)
	}
}

// Modifiers returns the modifiers of rows (Modifier), nil for none.
func Modifiers(rows []*Rows) []func(*entsql.Selector) {
	if len(rows) == 0 {
		return nil
	}
	mods := make([]func(*entsql.Selector), len(rows))
	for i, r := range rows {
		mods[i] = r.Modifier()
	}
	return mods
}

// Columns returns rows as the expressions of a to-one neighbour's
// subquery (tojoin.New), for a neighbour joined in its parent's statement
// whose one-to-many edges are read in that statement too.
func Columns(rows []*Rows) []tojoin.Column {
	if len(rows) == 0 {
		return nil
	}
	cols := make([]tojoin.Column, len(rows))
	for i, r := range rows {
		cols[i] = tojoin.Column{Name: r.column, Expr: func(s *entsql.Selector) entsql.Querier { return r.expr(s) }}
	}
	return cols
}

// expr returns the subquery of the rows of the parents s reads:
//
//	SELECT json_agg(json_build_array(kembang_r.c1, …)) FROM (sub) AS kembang_r
//	WHERE kembang_r.fk = parent.id
func (r *Rows) expr(s *entsql.Selector) *entsql.Selector {
	d := entsql.Dialect(s.Dialect())
	t := d.Table(alias)
	var b entsql.Builder
	b.SetDialect(s.Dialect())
	fn, row := "json_agg", "json_build_array"
	if s.Dialect() == dialect.SQLite {
		fn, row = "json_group_array", "json_array"
	}
	b.WriteString(fn).WriteString("(").WriteString(row).WriteString("(")
	for i, n := range r.names {
		if i > 0 {
			b.Comma()
		}
		b.WriteString(t.C(n))
	}
	b.WriteString(")")
	if r.order != nil {
		// A page: in the page's own order (that of its statement), not
		// in whatever order the database hands the subquery's rows on.
		b.WriteString(" ORDER BY ").Join(r.order)
	} else if slices.Contains(r.names, "id") {
		// In the order of the rows' keys: the edge's own statement has no
		// ORDER BY, and the database may walk another index in the subquery.
		b.WriteString(" ORDER BY ").WriteString(t.C("id"))
	}
	b.WriteString(")")
	// As text on PostgreSQL: json has no equality operator, and a parent's
	// statement may be SELECT DISTINCT (a unique query, or a neighbour
	// joined in such a statement: tojoin.Column).
	if s.Dialect() == dialect.Postgres {
		b.WriteString("::text")
	}
	if r.order != nil {
		// A page: the parent's key is compared inside the page's query,
		// before its LIMIT. A copy of it, so that its own name stays its
		// table's (its order's terms name its columns by it when written).
		sub := r.sub.Clone()
		key := entsql.ColumnsEQ(sub.C(r.fk), parentColumn(s, r.id))
		if p := sub.P(); p != nil {
			// In parentheses of its own: the copy's predicate keeps the
			// closures of the original, which wrap an OR (a privacy
			// scope's, a where filter's) by the original's depth, so
			// sub.Where would write "A OR B AND key" and read the rows
			// of every parent that match A (review of change 65).
			sub.SetP(entsql.And(entsql.P(func(b *entsql.Builder) {
				b.Wrap(func(b *entsql.Builder) { b.Join(p) })
			}), key))
		} else {
			sub.Where(key)
		}
		if len(r.joins) > 0 {
			// The neighbours joined to the page's rows only: the page,
			// its key compared, becomes a subquery of its table's name
			// (unless it joins a table already, a filter's or a rule's:
			// then they are joined in it, as before), and the
			// nested and count columns below are computed for its rows
			// only.
			tojoin.Late(sub)
			tojoin.Apply(sub, r.joins)
		}
		for _, n := range r.nested {
			sub.AppendSelectExprAs(n.expr(sub), n.column)
		}
		for _, c := range r.counts {
			// Correlated with the page's rows (its table's name in sub).
			c.Add(sub)
		}
		return d.Select().
			AppendSelectExpr(entsql.Raw(b.String())).
			From(sub.As(alias))
	}
	return d.Select().
		AppendSelectExpr(entsql.Raw(b.String())).
		From(r.sub.As(alias)).
		Where(entsql.ColumnsEQ(t.C(r.fk), parentColumn(s, r.id)))
}

// parentColumn returns the column c of the rows s reads, qualified by the
// name they have in s: its table's, or that of the subquery s reads (the
// page of keyset.LimitPerRow, a page wrapped by tojoin.Late).
func parentColumn(s *entsql.Selector, c string) string {
	if s.Table() != nil {
		return s.C(c)
	}
	return entsql.Dialect(s.Dialect()).Table(s.TableName()).C(c)
}

// Each decodes v, the value of the rows column of one parent (a JSON array
// of arrays, or NULL for none), and calls assign with each row's columns
// and its values scanned into the edge's scan targets, in the order the
// database aggregated them. As for the rows of a statement
// (rowscan.Reuse), the targets are made once for all the rows, and assign
// must copy the values out before it returns (ent's assignValues does);
// only the columns the entity does not know (counts, nested rows) get
// fresh targets for each row, since the entity keeps those.
func (r *Rows) Each(v any, assign func(columns []string, values []any) error) error {
	p := parsers.Get()
	defer parsers.Put(p)
	var (
		doc *fastjson.Value
		err error
	)
	switch v := v.(type) {
	case nil:
		return nil
	case []byte:
		doc, err = p.ParseBytes(v)
	case string:
		doc, err = p.Parse(v)
	default:
		return fmt.Errorf("childrows: column %s: unexpected %T", r.column, v)
	}
	if err != nil {
		return fmt.Errorf("childrows: column %s: %w", r.column, err)
	}
	rows, err := doc.Array()
	if err != nil {
		return fmt.Errorf("childrows: column %s: %w", r.column, err)
	}
	// One set of scan targets for all the rows, as for the rows of a
	// statement (rowscan.Reuse): assign copies each row's values out.
	scan := rowscan.Reuse(r.scan)
	for _, v := range rows {
		row, err := v.Array()
		if err != nil {
			return fmt.Errorf("childrows: column %s: a row: %w", r.column, err)
		}
		if len(row) != len(r.names) {
			return fmt.Errorf("childrows: column %s: a row of %d values for %d columns", r.column, len(row), len(r.names))
		}
		targets, err := scan(r.names)
		if err != nil {
			return err
		}
		for i, t := range targets {
			if err := convert(t, row[i]); err != nil {
				return fmt.Errorf("childrows: column %s: %s: %w", r.column, r.names[i], err)
			}
		}
		if err := assign(r.names, targets); err != nil {
			return err
		}
	}
	return nil
}

// Load reads the children of nodes from each node's rows column (Each):
// it calls init for every node, child for every row (a new child node
// assigned the row's columns and values) and assign to add the child to
// its node, and returns the children in the order read, for the loaders
// of their own edges. It is the loader of an edge read as rows (the query
// template's load<Edge>) for any parent and child type.
func Load[P interface {
	Value(string) (ent.Value, error)
}, C any](r *Rows, nodes []P, init func(P), assign func(P, C), child func(columns []string, values []any) (C, error)) ([]C, error) {
	children := make([]C, 0, len(nodes))
	for _, node := range nodes {
		if init != nil {
			init(node)
		}
		v, err := node.Value(r.column)
		if err != nil {
			return nil, err
		}
		if err := r.Each(v, func(columns []string, values []any) error {
			c, err := child(columns, values)
			if err != nil {
				return err
			}
			children = append(children, c)
			assign(node, c)
			return nil
		}); err != nil {
			return nil, err
		}
	}
	return children, nil
}

// timeLayouts are the layouts of a time in the JSON of PostgreSQL
// (RFC 3339) and in SQLite's text: modernc.org/sqlite writes a time as
// time.Time.String (stringLayout) unless its DSN sets _time_format, and
// reads these layouts back (its parseTimeFormats).
var timeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02 15:04:05.999999999-07:00",
	"2006-01-02T15:04:05.999999999-07:00",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04",
	"2006-01-02T15:04",
	"2006-01-02",
}

// stringLayout is time.Time.String's layout without its monotonic clock
// reading (" m=+0.000000001"), which modernc.org/sqlite writes by default.
const stringLayout = "2006-01-02 15:04:05.999999999 -0700 MST"

// parseTime parses a time of the JSON of a rows column as the database
// driver parses the column's own value: time.Time.String's text first
// (SQLite's default), then timeLayouts, in UTC when they have no offset or
// a zero one.
func parseTime(s string) (time.Time, error) {
	if len(s) > 10 && s[10] == 'T' {
		// PostgreSQL's JSON (RFC 3339), which time.Time.String's layout,
		// with a space there, never reads.
		if tm, err := time.Parse(time.RFC3339Nano, s); err == nil {
			return tm, nil
		}
	}
	text := s
	if i := strings.Index(text, " m="); i >= 0 {
		text = text[:i]
	}
	if tm, err := time.Parse(stringLayout, strings.TrimSpace(text)); err == nil {
		return tm, nil
	}
	text, _ = strings.CutSuffix(s, "Z")
	for _, l := range timeLayouts {
		if tm, err := time.ParseInLocation(l, text, time.UTC); err == nil {
			return tm, nil
		}
	}
	// PostgreSQL's text that RFC 3339 does not cover: a year before 1
	// (" BC"), an offset with seconds (a session time zone's local mean
	// time, such as Asia/Jakarta's +07:07:12 before 1924), a year past
	// 9999. lib/pq reads the column's own value, in the same text with a
	// space for the "T", so (review 62).
	if i := strings.IndexByte(s, 'T'); i > 0 {
		if tm, err := pq.ParseTimestamp(time.UTC, s[:i]+" "+s[i+1:]); err == nil {
			return tm, nil
		}
	}
	return time.Time{}, fmt.Errorf("time %q in no known layout", s)
}

// parsers parse the rows columns' JSON (Each): valyala/fastjson reads
// a column's rows with no allocation per value once a parser has grown,
// where encoding/json's decoding into []any allocated an interface value
// for each one (a third of unit_roster's CPU, docs/performance.md change
// 68). A parser's values live until its next parse: Each copies what it
// keeps (strings, nested rows' text) before it gives the parser back.
var parsers fastjson.ParserPool

// convert scans the JSON value v into the target t, as the driver's value
// of the column would be scanned: numbers from their text as written
// (integers above 2^53 exactly), strings copied.
func convert(t any, v *fastjson.Value) error {
	if p, ok := t.(*entsql.UnknownType); ok {
		// A count column (NewPage): COUNT(*), which the driver gives as
		// an int64 (keyset.Total reads it).
		i, err := v.Int64()
		if err != nil {
			return fmt.Errorf("count: %w", err)
		}
		*p = i
		return nil
	}
	if p, ok := t.(*any); ok {
		// A nested rows column (NewPage): its JSON, as text (PostgreSQL's
		// cast, a string in the row) or as the array SQLite may embed.
		switch v.Type() {
		case fastjson.TypeNull:
			*p = nil
		case fastjson.TypeString:
			*p = string(v.GetStringBytes())
		case fastjson.TypeArray:
			*p = string(v.MarshalTo(nil))
		default:
			return fmt.Errorf("rows from %s", v.Type())
		}
		return nil
	}
	switch v.Type() {
	case fastjson.TypeNull:
		return t.(sql.Scanner).Scan(nil)
	case fastjson.TypeObject, fastjson.TypeArray:
		return fmt.Errorf("%T from %s", t, v.Type())
	}
	// The values the driver would give are set directly, as their Scan
	// would set them (without boxing each one for database/sql's
	// conversion); other JSON kinds go through Scan.
	switch t := t.(type) {
	case *sql.NullTime:
		if v.Type() != fastjson.TypeString {
			return fmt.Errorf("time from %s", v.Type())
		}
		tm, err := parseTime(string(v.GetStringBytes()))
		if err != nil {
			return err
		}
		*t = sql.NullTime{Time: tm, Valid: true}
		return nil
	case *sql.NullInt64:
		if v.Type() == fastjson.TypeNumber {
			i, err := v.Int64()
			if err != nil {
				return err
			}
			*t = sql.NullInt64{Int64: i, Valid: true}
			return nil
		}
		return t.Scan(scalar(v))
	case *sql.NullFloat64:
		if v.Type() == fastjson.TypeNumber {
			f, err := strconv.ParseFloat(v.String(), 64)
			if err != nil {
				return err
			}
			*t = sql.NullFloat64{Float64: f, Valid: true}
			return nil
		}
		return t.Scan(scalar(v))
	case *sql.NullBool:
		if v.Type() == fastjson.TypeNumber {
			// SQLite's booleans are 0 and 1.
			*t = sql.NullBool{Bool: v.String() != "0", Valid: true}
			return nil
		}
		return t.Scan(scalar(v))
	case *sql.NullString:
		switch v.Type() {
		case fastjson.TypeString:
			*t = sql.NullString{String: string(v.GetStringBytes()), Valid: true}
			return nil
		case fastjson.TypeNumber:
			*t = sql.NullString{String: v.String(), Valid: true}
			return nil
		}
		return fmt.Errorf("string from %s", v.Type())
	}
	return fmt.Errorf("unsupported target %T", t)
}

// scalar returns a JSON string, true or false as the Go value a database
// driver would give for it (a string, a bool), for a target's Scan.
func scalar(v *fastjson.Value) any {
	switch v.Type() {
	case fastjson.TypeTrue:
		return true
	case fastjson.TypeFalse:
		return false
	}
	return string(v.GetStringBytes())
}

// Names returns the keys of m in order.
func Names[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }
