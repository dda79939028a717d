package graph_test

import (
	"encoding/json"
	"strings"
	"testing"

	"kembang/internal/store/storetest"
)

// TestEdgeFilterCountShape checks the statements of a filter through a
// to-one edge (semijoin.ForeignKey, docs/performance.md changes 27 and
// 28): on PostgreSQL, in an operation that also has a range (planned for
// its values, graph/guard.go) and whose every filter through an edge pins
// a key of the neighbour (agencyID), the count and the page read the
// neighbours' keys as an array (fk = ANY(ARRAY(SELECT …))); a filter
// through an edge that pins no key, an operation without a range, and
// SQLite keep EXISTS. Counts count rows, not IDs (COUNT(*)). Whatever the
// shape, totalCount is the number of rows the page returns, for the filter
// and its negation, and for a foreign key that may be NULL (an employee
// without a position is kept by not: {hasPositionWith: …}).
func TestEdgeFilterCountShape(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d, func(t *testing.T) {
			// populate's agency: 5 employees without a position, 15 enrollments.
			a, rec := newRecordingAPI(t, d)
			f := build(t, a)
			var all struct {
				Enrollments, Employees struct{ TotalCount int }
			}
			a.ok(`{ enrollments { totalCount } employees { totalCount } }`, nil, &all)
			const since = `createdAtGTE: "2000-01-01T00:00:00Z"`
			for _, c := range []struct {
				name, list, where string
				array             bool // the count's and the page's form on PostgreSQL
				want              func(n int) bool
			}{
				{"agency", "enrollments", `{hasEmployeeWith: {agencyID: $a}, ` + since + `}`, true, func(n int) bool { return n == 3 }},
				{"not agency", "enrollments", `{not: {hasEmployeeWith: {agencyID: $a}}, ` + since + `}`, true, func(n int) bool { return n == all.Enrollments.TotalCount-3 }},
				{"position", "employees", `{hasPositionWith: {titleNEQ: ""}, ` + since + `}`, false, func(n int) bool { return n > 0 && n <= all.Employees.TotalCount-5 }},
				{"no position (nullable key)", "employees", `{not: {hasPositionWith: {titleNEQ: ""}}, ` + since + `}`, false, func(n int) bool { return n >= 5 }},
				{"agency and an unkeyed edge", "enrollments", `{hasEmployeeWith: {agencyID: $a}, hasSessionWith: {nameNEQ: ""}, ` + since + `}`, false, func(n int) bool { return n == 3 }},
				{"agency without a range", "enrollments", `{hasEmployeeWith: {agencyID: $a}}`, false, func(n int) bool { return n == 3 }},
			} {
				rec.mu.Lock()
				rec.stmts = nil
				rec.mu.Unlock()
				var out map[string]struct {
					TotalCount int
					Edges      []json.RawMessage
				}
				q, vars := `{ `, map[string]any(nil)
				if strings.Contains(c.where, "$a") {
					q, vars = `query($a: ID!) { `, map[string]any{"a": f.agency}
				}
				a.ok(q+c.list+`(first: 100, where: `+c.where+`) { totalCount edges { node { id } } } }`, vars, &out)
				got := out[c.list]
				if got.TotalCount != len(got.Edges) || !c.want(got.TotalCount) {
					t.Errorf("%s: totalCount %d, %d edges", c.name, got.TotalCount, len(got.Edges))
				}
				var count, page string
				rec.mu.Lock()
				for _, s := range rec.stmts {
					if strings.HasPrefix(s.query, "SELECT COUNT(") {
						count = s.query
					} else if page == "" {
						page = s.query
					}
				}
				rec.mu.Unlock()
				if !strings.HasPrefix(count, "SELECT COUNT(*)") {
					t.Errorf("%s: count statement %q, want COUNT(*)", c.name, count)
				}
				wantArray := c.array && d == storetest.Postgres
				if got := strings.Contains(count, " = ANY(ARRAY(SELECT "); got != wantArray || strings.Contains(count, "EXISTS") == wantArray {
					t.Errorf("%s: count statement on %s (array form %v, want %v): %s", c.name, d, got, wantArray, count)
				}
				if got := strings.Contains(page, " = ANY(ARRAY(SELECT "); got != wantArray || strings.Contains(page, "EXISTS") == wantArray {
					t.Errorf("%s: page statement on %s (array form %v, want %v): %s", c.name, d, got, wantArray, page)
				}
			}
		})
	}
}
