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
// Slice (ent/entc.go).
package rowscan

import "entgo.io/ent/dialect/sql"

// Reuse returns a ScanValues function (sqlgraph.QuerySpec) that returns the
// targets scan made for the statement's first row for all its rows.
//
// The targets are made anew for every row when scan makes one for a
// column the entity does not know (sql.UnknownType): assignValues keeps
// those (selectValues), not their values. Every other target is copied
// out: strings, numbers and times by value, and a []byte is a new slice
// each time database/sql scans into it.
func Reuse(scan func(columns []string) ([]any, error)) func(columns []string) ([]any, error) {
	var (
		values []any
		made   []string // the columns values were made for
	)
	return func(columns []string) ([]any, error) {
		if values != nil && same(made, columns) {
			return values, nil
		}
		v, err := scan(columns)
		if err != nil {
			return nil, err
		}
		for _, t := range v {
			if _, ok := t.(*sql.UnknownType); ok {
				return v, nil
			}
		}
		values, made = v, columns
		return v, nil
	}
}

// same reports whether a and b are the same slice of columns: sqlgraph
// reads a statement's columns once and passes them with every row.
func same(a, b []string) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}
