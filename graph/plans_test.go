package graph_test

import (
	"slices"
	"testing"

	"kembang/internal/store/storetest"
)

// TestEdgeFilterCustomPlans checks that an operation filtering through an
// edge with a range runs its statements unprepared, planned for their
// arguments (a generic plan misjudges such semi-joins: docs/performance.md,
// edge_filter_year), while other operations, an edge filter without a
// range among them, keep prepared statements.
func TestEdgeFilterCustomPlans(t *testing.T) {
	if !slices.Contains(storetest.Dialects(t), storetest.Postgres) {
		t.Skip("prepared statements are PostgreSQL's")
	}
	a := newAPI(t, storetest.Postgres)
	f := build(t, a)
	a.db.SQL.SetMaxOpenConns(1) // one connection: its prepared statements are the pool's
	prepared := func() int {
		t.Helper()
		var n int
		if err := a.db.SQL.QueryRow("SELECT count(*) FROM pg_prepared_statements").Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	const plain = `{ enrollments(first: 5) { totalCount edges { node { id } } } }`
	const edgeOnly = `query($a: ID!) { enrollments(first: 5, where: {hasEmployeeWith: {agencyID: $a}}) { totalCount edges { node { id } } } }`
	const through = `query($a: ID!) { enrollments(first: 5, where: {hasEmployeeWith: {agencyID: $a}, createdAtGTE: "2020-01-01T00:00:00Z"}) { totalCount edges { node { id } } } }`
	before := prepared()
	a.ok(plain, nil, nil)
	afterList := prepared()
	if afterList <= before {
		t.Fatalf("a plain list prepared no statement (%d before, %d after)", before, afterList)
	}
	a.ok(edgeOnly, map[string]any{"a": f.agency}, nil)
	afterPlain := prepared()
	if afterPlain <= afterList {
		t.Fatalf("an edge filter without a range prepared no statement")
	}
	var out struct {
		Enrollments struct{ TotalCount int }
	}
	a.ok(through, map[string]any{"a": f.agency}, &out)
	if out.Enrollments.TotalCount != 3 {
		t.Errorf("totalCount = %d, want the fixture's 3 enrollments", out.Enrollments.TotalCount)
	}
	if n := prepared(); n != afterPlain {
		t.Errorf("a filter through an edge with a range prepared %d statements, want none", n-afterPlain)
	}
}
