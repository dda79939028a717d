package keyset

import (
	"context"
	"database/sql/driver"
	"strconv"

	"entgo.io/contrib/entgql"
	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"

	"kembang/internal/entx/inlist"
)

// LimitPerRow returns a query modifier that keeps the first limit rows of
// each partition (each parent of an edge page), in order, as
// entgql.LimitPerRow does, which it stands in for.
//
// entgql numbers every row of every parent with ROW_NUMBER() and keeps the
// first ones, so the database fetches all of the parents' rows from the
// table, sorts them all and numbers them: the first 10 open sessions of 9
// programs fetch and sort their 487 open sessions. On PostgreSQL,
// LimitPerRow instead finds the parents by an index-only scan and takes
// each parent's rows through a LATERAL subquery with its own ORDER BY and
// LIMIT:
//
//	SELECT cols FROM (SELECT DISTINCT parent AS partition_key FROM (q) AS k) AS partition_keys
//	CROSS JOIN LATERAL (SELECT * FROM (q) AS p WHERE p.parent = partition_keys.partition_key
//	                    ORDER BY … LIMIT n) AS table
//	ORDER BY …
//
// where q is the edge query with all its predicates (the parents' ids,
// the filters and the privacy rules), which PostgreSQL flattens into index
// scans; at 1M employees the statement above takes half the time. In the
// inner q, the parents' IN list is left out when the loader added it with
// WhereParents (the keys are the parents' already): with it, PostgreSQL 15
// reads all of a parent's rows and keeps the first by a top-N sort; without
// it, it reads them in index order and stops at the limit. The keys
// themselves then come from the loader's list, as one array argument:
//
//	(SELECT unnest(CAST($1 AS bigint[])) AS partition_key) AS partition_keys
//
// instead of the DISTINCT of the children's column, which the planner
// estimates from the column's statistics, not from the parents: 143,703
// rows against 4,834 read at 1M (issue 17), an estimate that pushed the
// statement's cost past the JIT thresholds. Other dialects get entgql's
// query.
//
// Either way the rows come in the page's order across all parents. ent
// hands a many-to-many edge's targets to their parents in the order each
// target first appears in the rows, so that rows grouped by parent (as
// entgql's query returns them) put a parent's page out of order when
// another parent's page comes first and shares a target with it
// (graph's TestEdgePages).
func LimitPerRow(partitionBy string, limit int, orderBy ...sql.Querier) func(*sql.Selector) {
	return limitPerRow(partitionBy, limit, false, orderBy)
}

// TotalColumn is the column in which CountedLimitPerRow and Counted carry,
// on every row of a page, the number of rows of its parent's whole list
// (the connection's totalCount). ent keeps it among an entity's selected
// values (Value(TotalColumn)); Total reads it.
const TotalColumn = "kembang_total"

// CountedLimitPerRow is LimitPerRow with each row's parent's total in
// TotalColumn, so that an edge page under several parents that asks for
// totalCount needs no statement of its own to count (docs/performance.md,
// change 25 and "A nested totalCount without the window"). On PostgreSQL
// each parent's total is a LATERAL subquery of its own next to its page:
//
//	FROM (keys) AS partition_keys
//	CROSS JOIN LATERAL (SELECT COUNT(*) AS kembang_total FROM (q) AS c
//	                    WHERE c.parent = partition_keys.partition_key) AS counts
//	CROSS JOIN LATERAL (SELECT * FROM (q) AS p WHERE p.parent = … ORDER BY … LIMIT n) AS table
//
// so that the count is a scan of the parent's index entries (index-only
// when the predicates allow it) and the page keeps the plan of an
// uncounted one: read in an index's order, it stops at its limit. A window
// (COUNT(*) OVER ()) in the page made PostgreSQL read every row of the
// parent before the LIMIT: at 1M, each program's 667 sessions for a page
// of 11. Both subqueries read the same query q, with its filters and
// privacy predicates and without the parents' restriction (as LimitPerRow's
// page). Elsewhere the total is COUNT(*) OVER the parent's partition next
// to entgql's ROW_NUMBER. Either way it counts the rows of the very query
// that is paged, without cursors: the caller uses it only on a page with
// no after or before. A parent without rows gets none, so its total is 0.
func CountedLimitPerRow(partitionBy string, limit int, orderBy ...sql.Querier) func(*sql.Selector) {
	return limitPerRow(partitionBy, limit, true, orderBy)
}

// Counted is a query modifier that adds TotalColumn to the rows of one
// parent's page (a LIMIT without partitions): the number of rows of the
// whole list, as an uncorrelated scalar subquery, which PostgreSQL runs
// once (an InitPlan) and SQLite once too:
//
//	SELECT cols, (SELECT COUNT(*) FROM table … WHERE <s's predicates> LIMIT n) AS kembang_total
//	FROM table … WHERE <s's predicates> ORDER BY … LIMIT n
//
// The subquery is a clone of s (its FROM, joins and predicates, so that a
// many-to-many page counts through its join table) with its selection
// replaced by COUNT(*), without its order and DISTINCT; ent has set the
// page's LIMIT before the modifier runs and a selector cannot clear it,
// but a LIMIT applies to the aggregate's single row and changes nothing.
// A window (COUNT(*) OVER ()) would make the page read every row of the
// list before its LIMIT, even where an index gives the page's order. The
// clone's tables have the names s's predicates refer to, so that the
// subquery does not refer to the outer query. s must have no OFFSET (a
// page has none).
func Counted(s *sql.Selector) {
	c := s.Clone()
	c.Select().SetDistinct(false)
	c.ClearOrder().AppendSelectExpr(sql.Raw("COUNT(*)"))
	s.AppendSelectExprAs(c, TotalColumn)
}

// Total returns the total carried in TotalColumn by a row of a counted
// page, given as ent's Value(TotalColumn) returns it; 0 when the row has
// none.
func Total(v any, err error) int {
	if err != nil {
		return 0
	}
	switch n := v.(type) {
	case int64:
		return int(n)
	case int:
		return n
	case int32:
		return int(n)
	case float64:
		return int(n)
	case []byte:
		i, _ := strconv.Atoi(string(n))
		return i
	case string:
		i, _ := strconv.Atoi(n)
		return i
	}
	return 0
}

// limitPerRow is LimitPerRow, and CountedLimitPerRow when counted.
func limitPerRow(partitionBy string, limit int, counted bool, orderBy []sql.Querier) func(*sql.Selector) {
	return func(s *sql.Selector) {
		if s.Dialect() != dialect.Postgres {
			windowPerRow(s, partitionBy, limit, counted, orderBy)
			s.OrderExpr(orderBy...)
			return
		}
		s.SetDistinct(false)
		d := sql.Dialect(s.Dialect())
		const (
			keysAlias   = "partition_keys"
			keyColumn   = "partition_key"
			countsAlias = "counts"
		)
		p, _ := s.Context().Value(parentsKey{}).(*parents)
		var keys sql.Querier = d.Select(sql.As(sql.Table("k").C(partitionBy), keyColumn)).
			Distinct().
			From(s.Clone().As("k"))
		if p != nil && p.keys != nil {
			// The parents' keys, from the loader's own list: the planner
			// knows their number from the array, where it estimated the
			// DISTINCT of the children's column by their statistics. Fewer
			// than ten are padded with NULL keys, which match no row, so
			// that PostgreSQL keeps the statement's generic plan (costed
			// for ten keys) instead of planning it at every execution
			// (inlist.Keys).
			keys = sql.ExprFunc(func(b *sql.Builder) {
				b.WriteString("SELECT unnest(CAST(").Arg(inlist.Keys(p.keys)).WriteString(" AS bigint[])) AS ").Ident(keyColumn)
			})
		}
		table, cols := s.TableName(), s.UnqualifiedColumns()
		page := d.Select("*").
			From(s.Clone().As("p")).
			Where(sql.ColumnsEQ(sql.Table("p").C(partitionBy), sql.Table(keysAlias).C(keyColumn))).
			OrderExpr(orderBy...).
			Limit(limit)
		var count *sql.Selector
		if counted {
			// Each parent's total in a LATERAL subquery of its own, not a
			// window in its page: the page still stops at its limit.
			count = d.Select().
				AppendSelectExprAs(sql.Raw("COUNT(*)"), TotalColumn).
				From(s.Clone().As("c")).
				Where(sql.ColumnsEQ(sql.Table("c").C(partitionBy), sql.Table(keysAlias).C(keyColumn)))
			cols = append(cols, TotalColumn)
		}
		from := d.Select(cols...).
			FromExpr(sql.ExprFunc(func(b *sql.Builder) {
				b.Wrap(func(b *sql.Builder) { b.Join(keys) })
				b.WriteString(" AS ").Ident(keysAlias)
				p.without(func() {
					if count != nil {
						b.WriteString(" CROSS JOIN LATERAL ")
						b.Wrap(func(b *sql.Builder) { b.Join(count) })
						b.WriteString(" AS ").Ident(countsAlias)
					}
					b.WriteString(" CROSS JOIN LATERAL ")
					b.Wrap(func(b *sql.Builder) { b.Join(page) })
					b.WriteString(" AS ").Ident(table)
				})
			}))
		// The rows come from a subquery named as the table, so that later
		// modifiers and the scan see the table's name and columns.
		*s = *d.Select(cols...).From(from.As(table)).OrderExpr(orderBy...)
	}
}

// windowPerRow is entgql.LimitPerRow (ROW_NUMBER over each parent's rows),
// with, when counted, each parent's total in TotalColumn: COUNT(*) over
// the same partition, before the rows past the limit are dropped.
func windowPerRow(s *sql.Selector, partitionBy string, limit int, counted bool, orderBy []sql.Querier) {
	if !counted {
		entgql.LimitPerRow(partitionBy, limit, orderBy...)(s)
		return
	}
	d := sql.Dialect(s.Dialect())
	s.SetDistinct(false)
	count := sql.Window(func(b *sql.Builder) { b.WriteString("COUNT(*)") }).PartitionBy(partitionBy)
	with := d.With("src_query").
		As(s.Clone()).
		With("limited_query").
		As(
			d.Select("*").
				AppendSelectExprAs(sql.RowNumber().PartitionBy(partitionBy).OrderExpr(orderBy...), "row_number").
				AppendSelectExprAs(count, TotalColumn).
				From(d.Table("src_query")),
		)
	t := d.Table("limited_query").As(s.TableName())
	*s = *d.Select(append(s.UnqualifiedColumns(), TotalColumn)...).
		From(t).
		Where(sql.LTE(t.C("row_number"), limit)).
		Prefix(with)
}

// parentsKey is the selector context key of the parents' restriction.
type parentsKey struct{}

// parents is the restriction of an edge loader's query to the rows of its
// parents.
type parents struct {
	omit bool  // the restriction is written as TRUE
	keys []int // the parents' keys without repeats, when all are integers
}

// without runs render with the restriction written as TRUE; p may be nil.
// Rendering a selector is sequential, so that only what render writes
// leaves the restriction out.
func (p *parents) without(render func()) {
	if p == nil {
		render()
		return
	}
	p.omit = true
	defer func() { p.omit = false }()
	render()
}

// WhereParents restricts s to the rows whose column holds one of the
// parents' keys, as sql.InValues does (written by inlist.Values), in ent's
// edge loaders, which call it in its place (the query template of
// kembang/tools/codegen/entgen): a
// LimitPerRow modifier on s can then leave the restriction out of each
// parent's page, which it reads by the parent's key alone.
func WhereParents(s *sql.Selector, column string, keys ...driver.Value) {
	p := &parents{}
	p.keys, _ = inlist.Ints(keys)
	in := inlist.Values(column, keys...)
	s.Where(sql.P(func(b *sql.Builder) {
		if p.omit {
			b.WriteString("TRUE")
			return
		}
		b.Join(in)
	}))
	s.WithContext(context.WithValue(s.Context(), parentsKey{}, p))
}
