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
// The targets are made anew for every row when scan makes one for a
// column the entity does not know (sql.UnknownType): assignValues keeps
// those (selectValues), not their values. Every other target is copied
// out: strings, numbers and times by value, and a []byte is a new slice
// each time database/sql scans into it.
func Reuse(scan func(columns []string) ([]any, error)) func(columns []string) ([]any, error) {
	return (&reuse{scan: scan}).values
}

// reuse is the state of a Reuse function.
type reuse struct {
	scan    func(columns []string) ([]any, error)
	targets []any    // the targets last made, nil if they may not be reused
	made    []string // a copy of the column names targets were made for
	names   [32]string
}

// values returns the scan targets for a row with the given columns.
func (r *reuse) values(columns []string) ([]any, error) {
	if r.targets != nil && slices.Equal(r.made, columns) {
		return r.targets, nil
	}
	v, err := r.scan(columns)
	if err != nil {
		return nil, err
	}
	r.targets, r.made = nil, nil
	for _, t := range v {
		if _, ok := t.(*sql.UnknownType); ok {
			return v, nil
		}
	}
	r.targets, r.made = v, append(r.names[:0], columns...)
	return v, nil
}
