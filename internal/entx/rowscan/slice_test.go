package rowscan_test

import (
	"context"
	stdsql "database/sql"
	"reflect"
	"testing"

	"entgo.io/ent/dialect/sql"
	_ "modernc.org/sqlite" // the "sqlite" driver

	"kembang/internal/entx/rowscan"
)

// TestSlice checks that Slice fills every kind of destination as ent's
// sql.ScanSlice does: the integer structs it scans itself, and the rest it
// hands to sql.ScanSlice, errors included.
func TestSlice(t *testing.T) {
	db, err := stdsql.Open("sqlite", ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	const counts = `SELECT k AS session_id, COUNT(*) FROM (SELECT 1 AS k UNION ALL SELECT 1 UNION ALL SELECT 3) GROUP BY k ORDER BY k`
	const nulls = `SELECT 1 AS session_id, NULL AS count UNION ALL SELECT 2, 7`
	const named = `SELECT 'Kemuning' AS name, 4 AS count`
	type countRow struct {
		NodeID int `sql:"session_id"`
		Count  int `sql:"count"`
	}
	type jsonRow struct {
		NodeID int64 `json:"session_id,omitempty"`
		Count  int
	}
	type nameRow struct {
		Name  string
		Count int
	}
	type embedded struct{ countRow }
	for _, tc := range []struct {
		name  string
		query string
		dest  func() any
	}{
		{"counts by parent", counts, func() any { return &[]countRow{} }},
		{"appended to earlier rows", counts, func() any { return &[]countRow{{NodeID: 9, Count: 9}} }},
		{"a NULL", nulls, func() any { return &[]countRow{} }},
		{"json tags, names, int64", counts, func() any { return &[]jsonRow{} }},
		{"a string field", named, func() any { return &[]nameRow{} }},
		{"an embedded struct", counts, func() any { return &[]embedded{} }},
		{"ints", `SELECT 1 UNION ALL SELECT 2`, func() any { return &[]int{} }},
		{"no field for a column", named, func() any { return &[]countRow{} }},
		{"not a pointer", counts, func() any { return []countRow{} }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, want := tc.dest(), tc.dest()
			gotErr := rowscan.Slice(query(t, db, tc.query), got)
			wantErr := sql.ScanSlice(query(t, db, tc.query), want)
			if (gotErr == nil) != (wantErr == nil) {
				t.Fatalf("error %v, sql.ScanSlice's %v", gotErr, wantErr)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("scanned %+v, sql.ScanSlice scans %+v", got, want)
			}
		})
	}
}

// query runs q and returns its rows as ent's driver does.
func query(t *testing.T, db *stdsql.DB, q string) sql.ColumnScanner {
	t.Helper()
	rows, err := db.QueryContext(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { rows.Close() })
	return &sql.Rows{ColumnScanner: rows}
}

// TestSliceFast checks that counts by parent take the fast path: far fewer
// allocations than sql.ScanSlice for the same 200 rows.
func TestSliceFast(t *testing.T) {
	db, err := stdsql.Open("sqlite", ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	const q = `WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < 200) SELECT k AS session_id, k * 3 AS count FROM n`
	type countRow struct {
		NodeID int `sql:"session_id"`
		Count  int `sql:"count"`
	}
	allocs := func(scan func(sql.ColumnScanner, any) error) float64 {
		return testing.AllocsPerRun(5, func() {
			var v []countRow
			if err := scan(query(t, db, q), &v); err != nil || len(v) != 200 || v[199].Count != 600 {
				t.Fatalf("%d rows, %v", len(v), err)
			}
		})
	}
	fast, ent := allocs(rowscan.Slice), allocs(sql.ScanSlice)
	if fast > ent/2 {
		t.Errorf("Slice: %v allocations, sql.ScanSlice: %v; want the fast path", fast, ent)
	}
	t.Logf("allocations for 200 rows: Slice %v, sql.ScanSlice %v", fast, ent)
}
