package graph_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"kembang/internal/store/storetest"
)

// TestPageInfoAsWritten is an outside review of changes 38 and 39
// (docs/performance.md, issue 17, fourth session): a page reads its extra
// row only when its connection's pageInfo is read, and a connection makes
// only the cursors the operation reads. Each variant writes the selection
// of the reference operation another way GraphQL allows (named and inline
// fragments on the connection, the edge and the node, @include and @skip
// with variables, the connection field written twice or in a fragment on
// Query, pageInfo split over two occurrences) and must answer the very
// same data: hasNextPage, hasPreviousPage, the cursors and the edges, at
// the top level and on a nested page, first and last, on both stores.
func TestPageInfoAsWritten(t *testing.T) {
	const (
		emp     = `employees(first: 3, orderBy: [{field: FULL_NAME}])`
		enr     = `enrollments(first: 2)`
		info    = `pageInfo { hasNextPage hasPreviousPage startCursor endCursor }`
		lastEmp = `employees(last: 3, orderBy: [{field: FULL_NAME}])`
		lastEnr = `enrollments(last: 2)`
	)
	ref := `{ ` + emp + ` { ` + info + ` edges { cursor node { fullName ` + enr + ` { ` + info + ` edges { cursor node { status } } } } } } }`
	refLast := `{ ` + lastEmp + ` { ` + info + ` edges { cursor node { fullName ` + lastEnr + ` { ` + info + ` edges { cursor node { status } } } } } } }`
	refCursors := `{ ` + emp + ` { edges { cursor node { fullName } } } }`
	vars := map[string]any{"yes": true, "no": false}
	for _, tc := range []struct{ name, ref, q string }{
		{"named fragments on the connections", ref, `{ ` + emp + ` { ...C edges { ...EC node { fullName ` + enr + ` { ...N edges { cursor node { status } } } } } } }
			fragment C on EmployeeConnection { ` + info + ` }
			fragment EC on EmployeeEdge { cursor }
			fragment N on EnrollmentConnection { ` + info + ` }`},
		{"inline fragments", ref, `{ ` + emp + ` { ... on EmployeeConnection { ` + info + ` } edges { ... on EmployeeEdge { cursor } node { fullName ` + enr + ` { ... { ` + info + ` } edges { cursor node { status } } } } } } }`},
		{"@include and @skip with variables", ref, `query($yes: Boolean!, $no: Boolean!) { ` + emp + ` { pageInfo @include(if: $yes) { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor @skip(if: $no) node { fullName ` + enr + ` { pageInfo @skip(if: $no) { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor @include(if: $yes) node { status } } } } } } }`},
		{"pageInfo split over two occurrences", ref, `{ ` + emp + ` { pageInfo { hasNextPage startCursor } edges { cursor node { fullName ` + enr + ` { pageInfo { hasNextPage } edges { cursor node { status } } ... on EnrollmentConnection { pageInfo { hasPreviousPage startCursor endCursor } } } } } ... on EmployeeConnection { pageInfo { hasPreviousPage endCursor } } } }`},
		{"the connection field twice", ref, `{ ` + emp + ` { edges { cursor node { fullName } } } ` + emp + ` { ` + info + ` edges { node { ` + enr + ` { edges { cursor node { status } } } } } }
			` + emp + ` { edges { node { ` + enr + ` { ` + info + ` } } } } }`},
		{"pageInfo in a fragment on Query", ref, `{ ...Q ` + emp + ` { edges { cursor node { fullName ` + enr + ` { edges { cursor node { status } } } } } } }
			fragment Q on Query { ` + emp + ` { ` + info + ` edges { node { ` + enr + ` { ` + info + ` } } } } }`},
		{"nested pageInfo in a fragment on the node", ref, `{ ` + emp + ` { ` + info + ` edges { cursor node { fullName ` + enr + ` { edges { cursor node { status } } } ...E } } } }
			fragment E on Employee { ` + enr + ` { ` + info + ` } }`},
		{"nested pageInfo through Node", ref, `{ ` + emp + ` { ` + info + ` edges { cursor node { fullName ` + enr + ` { edges { cursor node { status } } } ... on Node { ... on Employee { ` + enr + ` { ` + info + ` } } } } } } }`},
		{"fragment on PageInfo", ref, `{ ` + emp + ` { pageInfo { ...PI } edges { cursor node { fullName ` + enr + ` { pageInfo { ...PI } edges { cursor node { status } } } } } } }
			fragment PI on PageInfo { hasNextPage hasPreviousPage startCursor endCursor }`},
		{"edge cursors in a fragment, no pageInfo", refCursors, `{ ` + emp + ` { edges { ...EC node { fullName } } } } fragment EC on EmployeeEdge { cursor }`},
		{"edge cursors in an inline fragment, no pageInfo", refCursors, `{ ` + emp + ` { edges { ... @include(if: true) { cursor } node { fullName } } } }`},
		{"last: named fragments", refLast, `{ ` + lastEmp + ` { ...C edges { cursor node { fullName ` + lastEnr + ` { ...N edges { cursor node { status } } } } } } }
			fragment C on EmployeeConnection { ` + info + ` }
			fragment N on EnrollmentConnection { ` + info + ` }`},
		{"last: @include", refLast, `query($yes: Boolean!) { ` + lastEmp + ` { pageInfo @include(if: $yes) { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { fullName ` + lastEnr + ` { pageInfo @include(if: $yes) { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { status } } } } } } }`},
	} {
		for _, d := range storetest.Dialects(t) {
			t.Run(tc.name+"/"+d, func(t *testing.T) {
				a, _ := newRecordingAPI(t, d)
				want := a.doCtx(admin(), tc.ref, nil)
				got := a.doCtx(admin(), tc.q, vars)
				if len(want.Errors) > 0 || len(got.Errors) > 0 {
					t.Fatalf("errors: reference %+v, variant %+v", want.Errors, got.Errors)
				}
				var w, g any
				if err := json.Unmarshal(want.Data, &w); err != nil {
					t.Fatal(err)
				}
				if err := json.Unmarshal(got.Data, &g); err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(w, g) {
					t.Errorf("variant answers\n%s\nwant (reference)\n%s", got.Data, want.Data)
				}
			})
		}
	}
}

// TestPaddedKeysCounts is an outside review of change 39's padded arrays
// (inlist: 2–9 keys sent as ten, ANY with the last key repeated, the
// LATERAL parents of a page with NULL): on both stores, lists of two to
// nine keys give no duplicate or phantom row and no wrong count, under
// idIn and not { idIn }, in a nested counted page under several parents
// (CountedLimitPerRow), and in a nested totalCount without edges (the
// GROUP BY count of the parents' keys).
func TestPaddedKeysCounts(t *testing.T) {
	type conn struct {
		TotalCount int
		Edges      []struct {
			Node struct {
				ID          string
				Enrollments struct {
					TotalCount int
					Edges      []struct{ Node struct{ Status string } }
				}
			}
		}
	}
	for _, d := range storetest.Dialects(t) {
		t.Run(d, func(t *testing.T) {
			a, _ := newRecordingAPI(t, d)
			get := func(q string, vars map[string]any) conn {
				t.Helper()
				r := a.doCtx(admin(), q, vars)
				if len(r.Errors) > 0 {
					t.Fatalf("%s: %+v", q, r.Errors)
				}
				var out struct{ Employees conn }
				if err := json.Unmarshal(r.Data, &out); err != nil {
					t.Fatal(err)
				}
				return out.Employees
			}
			all := get(`{ employees(orderBy: [{field: FULL_NAME}]) { totalCount edges { node { id } } } }`, nil)
			if all.TotalCount != 5 || len(all.Edges) != 5 {
				t.Fatalf("all employees: %+v", all)
			}
			ids := make([]string, len(all.Edges))
			for i, e := range all.Edges {
				ids[i] = e.Node.ID
			}
			// node and nodes: the nested page's pageInfo in a fragment
			// spread and under @include, its cursor read.
			type nested struct {
				Enrollments struct {
					PageInfo struct {
						HasNextPage bool
						EndCursor   string
					}
					Edges []struct{ Cursor string }
				}
			}
			r := a.doCtx(admin(), `query($id: ID!, $ids: [ID!]!, $yes: Boolean!) {
				node(id: $id) { ... on Employee { enrollments(first: 2) { edges { node { status } } } ...F } }
				nodes(ids: $ids) { ... on Employee { enrollments(first: 2) { pageInfo @include(if: $yes) { hasNextPage endCursor } edges { cursor } } } } }
				fragment F on Employee { enrollments(first: 2) { pageInfo { hasNextPage endCursor } edges { cursor } } }`,
				map[string]any{"id": ids[0], "ids": ids[1:4], "yes": true})
			if len(r.Errors) > 0 {
				t.Fatalf("node, nodes: %+v", r.Errors)
			}
			var nn struct {
				Node  nested
				Nodes []nested
			}
			if err := json.Unmarshal(r.Data, &nn); err != nil {
				t.Fatal(err)
			}
			for i, x := range append([]nested{nn.Node}, nn.Nodes...) {
				e := x.Enrollments
				if !e.PageInfo.HasNextPage || len(e.Edges) != 2 || e.PageInfo.EndCursor == "" || e.PageInfo.EndCursor != e.Edges[1].Cursor || e.Edges[0].Cursor == "" {
					t.Errorf("node %d: enrolments %+v, want 2 edges with cursors, hasNextPage and the last edge's endCursor", i, e)
				}
			}
			for n := 2; n <= 4; n++ {
				in := get(`query($ids: [ID!]) { employees(where: {idIn: $ids}) { totalCount edges { node { id } } } }`, map[string]any{"ids": ids[:n]})
				if in.TotalCount != n || len(in.Edges) != n {
					t.Errorf("idIn %d ids: totalCount %d, %d edges, want %d", n, in.TotalCount, len(in.Edges), n)
				}
				out := get(`query($ids: [ID!]) { employees(where: {not: {idIn: $ids}}) { totalCount edges { node { id } } } }`, map[string]any{"ids": ids[:n]})
				if out.TotalCount != 5-n || len(out.Edges) != 5-n {
					t.Errorf("not idIn %d ids: totalCount %d, %d edges, want %d", n, out.TotalCount, len(out.Edges), 5-n)
				}
				for _, e := range out.Edges {
					for _, id := range ids[:n] {
						if e.Node.ID == id {
							t.Errorf("not idIn %v returned %s", ids[:n], id)
						}
					}
				}
				for _, q := range []string{
					`query($n: Int) { employees(first: $n, orderBy: [{field: FULL_NAME}]) { edges { node { id enrollments(first: 2) { totalCount edges { node { status } } } } } } }`,
					`query($n: Int) { employees(first: $n, orderBy: [{field: FULL_NAME}]) { edges { node { id enrollments(last: 2) { totalCount edges { node { status } } } } } } }`,
					`query($n: Int) { employees(first: $n, orderBy: [{field: FULL_NAME}]) { edges { node { id enrollments(first: 2) { totalCount } } } } }`,
					`query($n: Int) { employees(first: $n, orderBy: [{field: FULL_NAME}]) { edges { node { id enrollments(first: 5) { totalCount edges { node { status } } } } } } }`,
				} {
					page := get(q, map[string]any{"n": n})
					if len(page.Edges) != n {
						t.Fatalf("%s (n=%d): %d employees", q, n, len(page.Edges))
					}
					for i, e := range page.Edges {
						if e.Node.ID != ids[i] {
							t.Errorf("%s (n=%d): employee %d is %s, want %s", q, n, i, e.Node.ID, ids[i])
						}
						wantEdges := 2
						if strings.Contains(q, "first: 5") {
							wantEdges = 3
						} else if !strings.Contains(q, "edges { node { status") {
							wantEdges = 0
						}
						if got := e.Node.Enrollments; got.TotalCount != 3 || len(got.Edges) != wantEdges {
							t.Errorf("%s (n=%d): employee %s: totalCount %d, %d enrolments, want 3 and %d", q, n, e.Node.ID, got.TotalCount, len(got.Edges), wantEdges)
						}
					}
				}
			}
		})
	}
}
