// Package semijoin writes the filters through a to-one edge (the where
// inputs' hasXWith on an edge whose foreign key the row holds) in the
// count statements of ent's generated queries on PostgreSQL as
//
//	"enrollments"."employee_id" = ANY(ARRAY(SELECT "employees"."id" FROM "employees" WHERE …))
//
// instead of ent's EXISTS (SELECT … WHERE "enrollments"."employee_id" =
// "employees"."id" AND …).
//
// The rows counted are the same. What changes is PostgreSQL's work: the
// neighbours' keys are read once (an InitPlan), and the count is one scan
// of an index that leads with the foreign key, with the keys as its array
// of search keys; with an index that holds every column the count's
// other filters name, an index-only scan. For EXISTS the planner builds a
// nested loop that rescans that index once per neighbour and, above a
// few thousand rows, a parallel plan whose workers cost more than they
// save when every core is busy serving other requests
// (docs/performance.md, change 27: edge_filter_year's count, 2,000
// employees of an agency and their enrolments of a year, ran 3–8 times
// faster).
//
// The array form is written only where the context says the operation
// asked for it (ByKeys): the argument guard (graph/guard.go) marks an
// operation that filters through edges with a range and whose every
// filter through an edge pins a key of the neighbour (hasEmployeeWith:
// {agencyID: …}, {id: …}). Such a filter selects few neighbours, so the
// array is short, and the statement reads those neighbours' rows through
// the index of the foreign key: a count reads them once; a page reads
// them all and sorts them (an agency's 4,566 enrolments of a year at 1M
// employees, 10 ms), where EXISTS walked the order's index through the
// whole country's rows until it had the page (11,406 rows, 376 ms, and
// 1.4 s with parallel workers: docs/performance.md, change 28). The
// planner cannot see how many keys an array will hold and takes it for a
// few, so a broad filter through an edge (hasEmployeeWith: {active:
// true}) keeps EXISTS, whose semi-join plans serve it, as do operations
// without a range.
//
// An edge to reference data (the schema's ReferenceKeys annotation: an
// employee's position) is written with Reference, which also writes the
// array form in counts (Counting) of an operation the argument guard
// marks ReferenceCounts: its one filter through an edge is then the
// count's only index path, and the array holds at most the rows of the
// neighbour's table (spa_list_deep's nation-wide count of a job type's
// active employees: 2,500 keys at 1M, a quarter less work than the
// nested loop of EXISTS; docs/performance.md, change 59).
//
// The generate step routes an edge through ForeignKey only when an index
// of the row's table leads with the foreign key (kembang/tools/codegen/
// entgen, keyedEdge), so that the array is always an index's search keys,
// never a filter tested against every row.
package semijoin

import (
	"context"

	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"
)

// keysKey marks the context of an operation whose filters through edges
// pin their neighbours' keys.
type keysKey struct{}

// ByKeys returns ctx marked for the array form: ForeignKey writes it only
// in statements run with such a context.
func ByKeys(ctx context.Context) context.Context {
	return context.WithValue(ctx, keysKey{}, true)
}

// byKeys reports whether ctx is marked by ByKeys.
func byKeys(ctx context.Context) bool {
	v, _ := ctx.Value(keysKey{}).(bool)
	return v
}

// referenceKey marks the context of an operation whose counts may read a
// filter through a reference edge as an array (ReferenceCounts).
type referenceKey struct{}

// countKey marks the context of a count statement (Counting).
type countKey struct{}

// ReferenceCounts returns ctx marked for the array form in the counts of
// filters through reference edges: edges to reference data (positions),
// whose table grows with the organisation, not with its people and their
// records, so that the array never holds more keys than that table has
// rows (the schema's ReferenceKeys annotation, generator function
// referenceEdge). The argument guard (graph/guard.go) marks an operation
// whose one filter through an edge is the count's only access path worth
// an index: no other filter through an edge, no key, range or text filter,
// the filter at a root field (no parent's predicate), and a viewer who
// reads every row of the counted entity, so that no privacy predicate
// competes with the array (docs/performance.md, change 59). Pages keep EXISTS: their plan walks the order's index and stops
// after the page.
func ReferenceCounts(ctx context.Context) context.Context {
	return context.WithValue(ctx, referenceKey{}, true)
}

// Counting returns ctx marked as the context of a count statement (the
// generated sqlCount of a type with a reference edge).
func Counting(ctx context.Context) context.Context {
	return context.WithValue(ctx, countKey{}, true)
}

// referenceCount reports whether ctx is a count's (Counting) in an
// operation marked by ReferenceCounts.
func referenceCount(ctx context.Context) bool {
	r, _ := ctx.Value(referenceKey{}).(bool)
	c, _ := ctx.Value(countKey{}).(bool)
	return r && c
}

// ForeignKey returns the predicate that the row's column fk holds the key
// (column key of table) of a neighbour every one of preds matches: on
// PostgreSQL in an operation marked ByKeys as fk = ANY(ARRAY(SELECT key
// FROM table WHERE preds)), elsewhere as exists, the edge's own predicate
// (ent's HasXWith(preds...)). When fk may be NULL (nullable), the array
// form is written (fk IS NOT NULL AND fk = ANY(…)) so that its negation,
// like NOT EXISTS, keeps the rows without a neighbour.
func ForeignKey[P ~func(*sql.Selector)](exists func(*sql.Selector), fk, table, key string, nullable bool, preds []P) func(*sql.Selector) {
	return foreignKey(exists, fk, table, key, nullable, false, preds)
}

// Reference is ForeignKey for an edge to reference data (the schema's
// ReferenceKeys annotation): it also writes the array form in a count
// (Counting) of an operation marked ReferenceCounts.
func Reference[P ~func(*sql.Selector)](exists func(*sql.Selector), fk, table, key string, nullable bool, preds []P) func(*sql.Selector) {
	return foreignKey(exists, fk, table, key, nullable, true, preds)
}

// foreignKey is ForeignKey, and Reference when reference is set.
func foreignKey[P ~func(*sql.Selector)](exists func(*sql.Selector), fk, table, key string, nullable, reference bool, preds []P) func(*sql.Selector) {
	return func(s *sql.Selector) {
		ctx := s.Context()
		if s.Dialect() != dialect.Postgres || !byKeys(ctx) && !(reference && referenceCount(ctx)) {
			exists(s)
			return
		}
		t := sql.Dialect(s.Dialect()).Table(table)
		keys := sql.Dialect(s.Dialect()).Select(t.C(key)).From(t)
		keys.WithContext(s.Context())
		for _, p := range preds {
			p(keys)
		}
		column := s.C(fk)
		s.Where(sql.P(func(b *sql.Builder) {
			if nullable {
				// NOT (fk IS NOT NULL AND fk = ANY(…)) keeps the rows
				// without a neighbour, as NOT EXISTS does.
				b.WriteString("(").Ident(column).WriteString(" IS NOT NULL AND ")
			}
			b.Ident(column).WriteString(" = ANY(ARRAY(").Join(keys).WriteString("))")
			if nullable {
				b.WriteString(")")
			}
		}))
	}
}
