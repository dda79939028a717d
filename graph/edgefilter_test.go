package graph_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"kembang/internal/store/storetest"
	"kembang/internal/viewer"
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

// TestReferenceCountShape checks the counts of a filter through an edge to
// reference data (the ReferenceKeys annotation: an employee's position;
// semijoin.Reference, docs/performance.md change 59) for viewers of every
// scope, on both stores: totalCount equals the rows of the page (read with
// EXISTS) for filters whose neighbours are none, one and many positions,
// with and without the active flag; on PostgreSQL the count reads the
// positions' keys as an array only where the argument guard lets it (a
// viewer who reads every employee, one filter through an edge, every other
// filter of the employees a Boolean), and the page never does.
func TestReferenceCountShape(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d, func(t *testing.T) {
			a, rec := newRecordingAPI(t, d)
			f := build(t, a)
			r := newRival(t, a)
			// A second Kemuning position held by one inactive employee.
			p2 := f.m.mk(createPositionQ, with(f.m.positionIn(f.agency), map[string]any{"title": "Pelaksana Arsip", "jobType": "PELAKSANA"}))
			f.m.mk(createEmpQ, with(f.m.employeeIn(f.agency, ""), map[string]any{"positionID": p2, "unitID": f.unit, "active": false}))
			as := func(v viewer.Viewer) context.Context { return viewer.NewContext(context.Background(), v) }
			roles := []struct {
				name     string
				ctx      context.Context
				readsAll bool // reads every employee: no privacy predicate
			}{
				{"ADMIN", admin(), true},
				{"ANALYST", as(viewer.Viewer{Subject: "test:analyst", Role: viewer.Analyst}), true},
				{"HR officer of Kemuning", as(viewer.Viewer{Subject: "test:hr", Role: viewer.HROfficer, AgencyID: rawID(t, f.agency)}), false},
				{"HR officer of Plaju", as(viewer.Viewer{Subject: "test:hr2", Role: viewer.HROfficer, AgencyID: rawID(t, r.agency)}), false},
				{"EMPLOYEE", as(viewer.Viewer{Subject: "test:emp", Role: viewer.Employee, EmployeeID: rawID(t, f.employees[1]), AgencyID: rawID(t, f.agency)}), false},
			}
			cases := []struct {
				name, where string
				vars        map[string]any
				eligible    bool // the guard lets the count read an array
				keys        string
				below       bool // the connection of an agency read by node(id)
			}{
				{"no position", `{hasPositionWith: {title: "Tidak Ada"}, active: true}`, nil, true, "none", false},
				{"one position", `{hasPositionWith: {id: $p}, active: true}`, map[string]any{"p": f.position}, true, "one", false},
				{"one position by title, inactive", `{hasPositionWith: {title: "Pelaksana Arsip"}, active: false}`, nil, true, "one", false},
				{"a job type", `{hasPositionWith: {jobType: PENGAWAS}, active: true}`, nil, true, "many", false},
				{"every position", `{hasPositionWith: {titleNEQ: ""}}`, nil, true, "many", false},
				{"and a golongan", `{hasPositionWith: {titleNEQ: ""}, golongan: III_A}`, nil, false, "many", false},
				{"and an agency", `{hasPositionWith: {titleNEQ: ""}, hasAgencyWith: {id: $a}}`, map[string]any{"a": f.agency}, false, "many", false},
				{"and a key", `{hasPositionWith: {titleNEQ: ""}, agencyID: $a}`, map[string]any{"a": f.agency}, false, "many", false},
				{"negated", `{not: {hasPositionWith: {titleNEQ: ""}}}`, nil, false, "many", false},
				{"or", `{or: [{hasPositionWith: {titleNEQ: ""}}, {active: false}]}`, nil, false, "many", false},
				{"below a node", `{hasPositionWith: {titleNEQ: ""}, active: true}`, nil, false, "many", true},
			}
			for _, role := range roles {
				for _, c := range cases {
					rec.mu.Lock()
					rec.stmts = nil
					rec.mu.Unlock()
					q := `{ `
					if c.below {
						c.vars = map[string]any{"ag": f.agency}
					}
					if len(c.vars) > 0 {
						var decl []string
						for k := range c.vars {
							decl = append(decl, "$"+k+": ID!")
						}
						q = `query(` + strings.Join(decl, ", ") + `) { `
					}
					var out struct {
						Employees struct {
							TotalCount int
							Edges      []json.RawMessage
						}
						Node struct {
							Employees struct {
								TotalCount int
								Edges      []json.RawMessage
							}
						}
					}
					list := `employees(first: 100, where: ` + c.where + `) { totalCount edges { node { id } } }`
					if c.below {
						q = strings.Replace(q, "{ ", "", 1) + `{ node(id: $ag) { ... on Agency { ` + list + ` } } }`
					} else {
						q += list + ` }`
					}
					a.okAs(role.ctx, q, c.vars, &out)
					got := out.Employees
					if c.below {
						got = out.Node.Employees
					}
					if got.TotalCount != len(got.Edges) {
						t.Errorf("%s, %s: totalCount %d, %d rows", role.name, c.name, got.TotalCount, len(got.Edges))
					}
					if c.keys == "none" && got.TotalCount != 0 || role.readsAll && c.keys != "none" && got.TotalCount == 0 {
						t.Errorf("%s, %s: totalCount %d", role.name, c.name, got.TotalCount)
					}
					var count, page string
					rec.mu.Lock()
					for _, s := range rec.stmts {
						if strings.HasPrefix(s.query, "SELECT COUNT(") {
							count = s.query
						} else if strings.Contains(s.query, `FROM "employees"`) || strings.Contains(s.query, "FROM `employees`") {
							page = s.query
						}
					}
					rec.mu.Unlock()
					wantArray := c.eligible && role.readsAll && d == storetest.Postgres
					if got := strings.Contains(count, `"position_id" = ANY(ARRAY(SELECT `); got != wantArray {
						t.Errorf("%s, %s: count statement on %s (array form %v, want %v): %s", role.name, c.name, d, got, wantArray, count)
					}
					if strings.Contains(page, "ANY(ARRAY(SELECT") {
						t.Errorf("%s, %s: page statement with an array: %s", role.name, c.name, page)
					}
				}
			}
		})
	}
}
