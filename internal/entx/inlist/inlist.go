// Package inlist writes the IN lists of ent's generated queries (node
// lookups, edge loaders, totalCount loaders) as one array parameter on
// PostgreSQL: "employees"."id" = ANY($1), the ids as one bigint[]
// argument, instead of ent's "employees"."id" IN ($1, …, $50).
//
// The rows selected are the same. What changes is the cost of the
// statement: one argument to build, convert and send instead of one per
// value (a 100-node lookup sent 100, each converted and formatted on its
// own); and two statement texts, so two prepared statements
// (kembang/internal/store), whatever the length of the list: a list of one
// value is written "employees"."id" = $1, the value as a bigint argument.
//
// A list of one is the common case of a nested page under one parent (a
// profile's assessments, its enrollments, a position's requirements), and
// PostgreSQL plans a prepared statement's ANY($1) for ten elements, the
// length it assumes of an array it does not see: against the custom plans
// of its first executions, each for its one parent, that generic plan
// looked dearer, so PostgreSQL planned the statement again at every
// execution (planning took 2–5× its execution at 1M). With "= $1" the
// generic plan's estimate is one parent's rows, PostgreSQL keeps it from
// the sixth execution on, and the statement is only executed
// (docs/performance.md, issue 17, third session). A list of two to nine
// values had the same fate for the same reason, its custom plans costed
// for fewer elements than the generic plan's ten: its array is sent with
// ten, the last value repeated, which selects the same rows (in ANY and
// under NOT alike) and costs every plan for the length the generic one
// assumes (planLength; fourth session, change 39). The generate step
// routes the generated calls through Values and IDs (the templates of
// kembang/tools/codegen/entgen); other
// dialects, and lists of anything but integers, get ent's IN list.
package inlist

import (
	"database/sql/driver"
	"strconv"

	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"
)

// Values returns the predicate that column holds one of values, as
// sql.InValues does; on PostgreSQL, when every value is an integer, as
// column = ANY($n) with the values in one array argument (column = $n for
// one value).
func Values(column string, values ...driver.Value) *sql.Predicate {
	ints, ok := integers(values)
	if !ok {
		return sql.InValues(column, values...)
	}
	return in(column, ints, values)
}

// IDs returns the selector predicate that field holds one of ids, as
// ent's generated XIn(ids...) predicates do (sql.FieldIn); on PostgreSQL
// as field = ANY($n) (field = $n for one id). Its type converts to every
// entity's predicate type.
func IDs(field string, ids []int) func(*sql.Selector) {
	return func(s *sql.Selector) {
		s.Where(in(s.C(field), ids, nil))
	}
}

// in returns the predicate that column holds one of ints: on PostgreSQL
// an equality for one value and ANY for more, else ent's IN list of values
// (or of ints, when values is nil).
func in(column string, ints []int, values []driver.Value) *sql.Predicate {
	if len(ints) == 0 {
		return sql.False() // as sql.In: no IN ()
	}
	return sql.P(func(b *sql.Builder) {
		if b.Dialect() == dialect.Postgres {
			if len(ints) == 1 {
				b.Ident(column).WriteString(" = ").Arg(int64(ints[0]))
				return
			}
			b.Ident(column).WriteString(" = ANY(").Arg(array(ints)).WriteString(")")
			return
		}
		if values == nil {
			b.Join(sql.P().InInts(column, ints...))
			return
		}
		b.Join(sql.InValues(column, values...))
	})
}

// integers returns values as ints when each is an int or int64, as ent's
// loaders hand the keys of their parents.
func integers(values []driver.Value) ([]int, bool) {
	ints := make([]int, len(values))
	for i, v := range values {
		switch v := v.(type) {
		case int:
			ints[i] = v
		case int64:
			ints[i] = int(v)
		default:
			return nil, false
		}
	}
	return ints, true
}

// planLength is the number of elements PostgreSQL's planner assumes of an
// array whose value it does not see, as a prepared statement's generic
// plan sees a parameter (estimate_array_length in its selfuncs.c).
// PostgreSQL keeps a statement's generic plan only when it is cheaper than
// the average of the custom plans made for its first five executions; the
// custom plans of an array of fewer elements are costed for fewer rows, so
// a statement that is always sent fewer than planLength keys was planned
// again at every execution (docs/performance.md, change 39).
const planLength = 10

// array is a list of integers as a PostgreSQL array argument ({1,2,3}),
// which the server reads as the type the comparison needs (bigint[]), for
// an ANY: a list of two to planLength-1 integers is sent with planLength
// elements, its last one repeated ({1,2,3,3,3,3,3,3,3,3}), so that its
// custom plans are costed for the generic plan's length. ANY selects the
// same rows with the repeats (and NOT ANY rejects the same), and an index
// scan reads each key once (PostgreSQL sorts an ANY's keys and drops the
// repeats).
type array []int

// Value implements driver.Valuer: the array's text form, formatted in one
// buffer.
func (a array) Value() (driver.Value, error) {
	return format(a, 2), nil
}

// keys is a list of integers as a PostgreSQL array argument whose elements
// are rows (unnest) joined by equality to a column: a list of fewer than
// planLength integers is sent with planLength elements, the missing ones
// NULL ({1,2,3,NULL,…}), so that its custom plans are costed for the
// generic plan's length. A NULL key equals no row: it adds none to an
// equality join and gets none from a LATERAL subquery that compares its
// column with it (a COUNT's row is dropped with its page's empty one).
type keys []int

// Value implements driver.Valuer: the array's text form, formatted in one
// buffer.
func (k keys) Value() (driver.Value, error) {
	return format(k, 1), nil
}

// format returns ints in PostgreSQL's array text form, padded to
// planLength elements when it holds from atLeast to planLength-1 of them:
// with NULL when atLeast is 1 (keys), with the last element repeated else
// (array).
func format(ints []int, atLeast int) string {
	n := len(ints)
	if n >= atLeast && n < planLength {
		n = planLength
	}
	b := make([]byte, 0, 2+n*12)
	b = append(b, '{')
	for i, v := range ints {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, int64(v), 10)
	}
	for i := len(ints); i < n; i++ {
		if atLeast == 1 {
			b = append(b, ",NULL"...)
			continue
		}
		b = append(b, ',')
		b = strconv.AppendInt(b, int64(ints[len(ints)-1]), 10)
	}
	return string(append(b, '}'))
}

// Ints returns values as ints when each is an int or int64 (as ent's
// loaders hand the keys of their parents), without repeats, in their
// first order; ok is false when a value is not an integer.
func Ints(values []driver.Value) (ints []int, ok bool) {
	all, ok := integers(values)
	if !ok {
		return nil, false
	}
	seen := make(map[int]struct{}, len(all))
	ints = all[:0]
	for _, n := range all {
		if _, dup := seen[n]; !dup {
			seen[n] = struct{}{}
			ints = append(ints, n)
		}
	}
	return ints, true
}

// Array returns ints as one PostgreSQL array argument ({1,2,3}), as the
// ANY predicates of Values and IDs send them (padded to planLength
// elements by repeats: array).
func Array(ints []int) driver.Valuer { return array(ints) }

// Keys returns ints as one PostgreSQL array argument of keys to unnest as
// rows joined by equality (keyset.LimitPerRow's parents), padded with NULL
// to planLength elements (keys): unlike Array's repeats, which would
// repeat the rows, a NULL key joins no row.
func Keys(ints []int) driver.Valuer { return keys(ints) }
