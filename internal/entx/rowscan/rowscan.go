// Package rowscan lets ent's generated queries scan rows with fewer
// allocations: all the rows of a statement into one set of scan targets
// (Reuse), and the results of Select and GroupBy scans without reflection
// per value (Slice).
//
// For every row, ent's generated queries (sqlAll) make a slice and a scan
// target per column (new(sql.NullString), …) with the entity's
// scanValues, scan the row into them and copy the values into a new
// entity (assignValues). The targets are dead once the values are copied,
// so the next row can use them again: Reuse makes them once per
// statement. A 100-node lookup made 400 of them; an edge page of 200
// sessions, 1,400. The generate step wraps the generated ScanValues
// functions in Reuse and routes their Select and GroupBy scans through
// Slice (the templates of kembang/tools/codegen/entgen).
package rowscan

import (
	"reflect"
	"slices"

	"entgo.io/ent/dialect/sql"
)

// Reuse returns a ScanValues function (sqlgraph.QuerySpec) that returns the
// targets scan made for a statement's first row for all its rows.
//
// Targets are reused only for the column names they were made for: Reuse
// keeps its own copy of the names and compares each row's with it, so
// whether ent passes the same column slice for every row (as sqlgraph does
// in v0.14), a new one, or one it has changed in place, the targets always
// fit the row's columns, and scan makes new ones when the names differ.
// Reuse also relies on ent copying a row's values out (Assign) before it
// scans the next row, which sqlgraph's row loop does;
// TestReuseQueryNodes runs that loop and fails if ent changes it.
//
// A column the entity does not know (scan makes it an sql.UnknownType, for
// which sqlgraph puts a target of the column's type, sql.ScanTypeOf) gets
// a new target for every row, because assignValues keeps those targets
// themselves (selectValues), not their values: a new zero value of the type
// the previous row's target had, so that sqlgraph does not call
// sql.ScanTypeOf, and with it (*sql.Rows).ColumnTypes, for every row (a
// page counted in its own statement has such a column, keyset.TotalColumn).
// Every other target is copied out: strings, numbers and times by value,
// and a []byte is a new slice each time database/sql scans into it.
func Reuse(scan func(columns []string) ([]any, error)) func(columns []string) ([]any, error) {
	return (&reuse{scan: scan}).values
}

// reuse is the state of a Reuse function.
type reuse struct {
	scan    func(columns []string) ([]any, error)
	targets []any    // the targets last made, nil if they may not be reused
	made    []string // a copy of the column names targets were made for
	unknown []int    // the indexes of the columns the entity does not know
	names   [32]string
	indexes [4]int
}

// values returns the scan targets for a row with the given columns.
func (r *reuse) values(columns []string) ([]any, error) {
	if r.targets != nil && slices.Equal(r.made, columns) {
		for _, i := range r.unknown {
			r.targets[i] = fresh(r.targets[i])
		}
		return r.targets, nil
	}
	v, err := r.scan(columns)
	if err != nil {
		return nil, err
	}
	r.unknown = r.indexes[:0]
	for i, t := range v {
		switch t.(type) {
		case *sql.UnknownType, *any:
			// *any: a column whose value is kept as it is scanned (the
			// rows of a one-to-many edge, tojoin.RowsPrefix).
			r.unknown = append(r.unknown, i)
		}
	}
	r.targets, r.made = v, append(r.names[:0], columns...)
	return v, nil
}

// fresh returns a new target of the same type as t, which the previous row
// was scanned into and its entity keeps: a pointer to a new zero value, or
// a new sql.UnknownType (for which sqlgraph finds the type again) when t
// is not a pointer.
func fresh(t any) any {
	if rt := reflect.TypeOf(t); rt != nil && rt.Kind() == reflect.Pointer {
		return reflect.New(rt.Elem()).Interface()
	}
	return new(sql.UnknownType)
}
