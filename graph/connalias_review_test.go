package graph_test

import (
	"context"
	"strings"
	"testing"

	"kembang/graph"
	"kembang/internal/store/storetest"
	"kembang/internal/viewer"
)

// connAliasReviewCases are the outside review's cases of aliases on a
// connection's fixed fields (docs/performance.md change 60): response
// names swapped between fixed fields, @skip/@include on the aliases, one
// response name given twice, several node aliases with nested connections
// of different arguments, aliases inside a connection below two aliases of
// one to-one edge (the same and different reads), and aliases of
// totalCount without edges (the count in the parents' statement).
var connAliasReviewCases = []connAliasCase{
	{name: "response names swapped between totalCount and edges",
		sel: `edges: totalCount totalCount: edges { node { fullName } }`,
		parts: []connAliasPart{
			{[]string{"edges"}, `totalCount`, []string{"totalCount"}},
			{[]string{"totalCount"}, `edges { node { fullName } }`, []string{"edges"}},
		}},
	{name: "response names swapped between node and cursor, pageInfo's fields",
		sel: `pageInfo { hasNextPage: hasPreviousPage hasPreviousPage: hasNextPage } edges { node: cursor cursor: node { nip fullName } }`,
		parts: []connAliasPart{
			{[]string{"pageInfo", "hasNextPage"}, `pageInfo { hasPreviousPage } edges { node { id } }`, []string{"pageInfo", "hasPreviousPage"}},
			{[]string{"pageInfo", "hasPreviousPage"}, `pageInfo { hasNextPage } edges { node { id } }`, []string{"pageInfo", "hasNextPage"}},
			{[]string{"edges", "*", "node"}, `edges { cursor }`, []string{"edges", "*", "cursor"}},
			{[]string{"edges", "*", "cursor"}, `edges { node { nip fullName } }`, []string{"edges", "*", "node"}},
		}},
	{name: "pageInfo aliased as edges, no edges", page: "last: 2",
		sel: `edges: pageInfo { hasPreviousPage endCursor } t: totalCount`,
		parts: []connAliasPart{
			{[]string{"edges"}, `pageInfo { hasPreviousPage endCursor }`, []string{"pageInfo"}},
			{[]string{"t"}, `totalCount`, []string{"totalCount"}},
		}},
	{name: "@skip and @include on aliased edges, node and totalCount",
		sel:     `e1: edges @include(if: false) { node { nip email } } edges @skip(if: false) { n: node @skip(if: true) { email } node { fullName } } t: totalCount @skip(if: true)`,
		renames: [][2]string{{"e1", "edges"}, {"n", "node"}, {"t", "totalCount"}}},
	{name: "one response name given twice", sel: `e: edges { node { fullName } } e: edges { cursor node { nip supervisor { email } } } t: totalCount t: totalCount`,
		renames: [][2]string{{"e", "edges"}, {"t", "totalCount"}}},
	{name: "three node aliases with nested connections of different arguments",
		sel: `edges { n1: node { reports(first: 1, orderBy: [{ field: FULL_NAME }]) { totalCount edges { node { fullName } } } }
			n2: node { reports(first: 2, orderBy: [{ field: FULL_NAME }]) { pageInfo { hasNextPage } edges { node { nip } } } }
			n3: node { reports(last: 1, orderBy: [{ field: FULL_NAME }]) { edges { node { email supervisor { fullName } } } } } }`,
		parts: []connAliasPart{
			{[]string{"edges", "*", "n1"}, `edges { node { reports(first: 1, orderBy: [{ field: FULL_NAME }]) { totalCount edges { node { fullName } } } } }`, []string{"edges", "*", "node"}},
			{[]string{"edges", "*", "n2"}, `edges { node { reports(first: 2, orderBy: [{ field: FULL_NAME }]) { pageInfo { hasNextPage } edges { node { nip } } } } }`, []string{"edges", "*", "node"}},
			{[]string{"edges", "*", "n3"}, `edges { node { reports(last: 1, orderBy: [{ field: FULL_NAME }]) { edges { node { email supervisor { fullName } } } } } }`, []string{"edges", "*", "node"}},
		}},
	{name: "aliased fixed fields below two aliases of a to-one edge, different reads",
		sel: `edges { node { a: supervisor { reports(first: 2, orderBy: [{ field: FULL_NAME }]) { edges { node { fullName } } } }
			b: supervisor { reports(first: 2, orderBy: [{ field: FULL_NAME }]) { t: totalCount e: edges { n: node { nip email } } } } } }`,
		parts: []connAliasPart{
			{[]string{"edges", "*", "node", "a"}, `edges { node { supervisor { reports(first: 2, orderBy: [{ field: FULL_NAME }]) { edges { node { fullName } } } } } }`, []string{"edges", "*", "node", "supervisor"}},
			{[]string{"edges", "*", "node", "b", "reports", "t"}, `edges { node { supervisor { reports(first: 2, orderBy: [{ field: FULL_NAME }]) { totalCount } } } }`, []string{"edges", "*", "node", "supervisor", "reports", "totalCount"}},
			{[]string{"edges", "*", "node", "b", "reports", "e", "*", "n"}, `edges { node { supervisor { reports(first: 2, orderBy: [{ field: FULL_NAME }]) { edges { node { nip email } } } } } }`, []string{"edges", "*", "node", "supervisor", "reports", "edges", "*", "node"}},
		}},
	{name: "aliased fixed fields below two aliases of a to-one edge, the same reads",
		sel: `edges { node { a: supervisor { reports(first: 2, orderBy: [{ field: FULL_NAME }]) { edges { node { fullName reports(first: 1, orderBy: [{ field: FULL_NAME }]) { edges { node { fullName } } } } } } }
			b: supervisor { reports(first: 2, orderBy: [{ field: FULL_NAME }]) { e: edges { n: node { nip reports(first: 2, orderBy: [{ field: FULL_NAME }]) { edges { node { nip } } } } } } } } }`,
		parts: []connAliasPart{
			{[]string{"edges", "*", "node", "a"}, `edges { node { supervisor { reports(first: 2, orderBy: [{ field: FULL_NAME }]) { edges { node { fullName reports(first: 1, orderBy: [{ field: FULL_NAME }]) { edges { node { fullName } } } } } } } } }`, []string{"edges", "*", "node", "supervisor"}},
			{[]string{"edges", "*", "node", "b", "reports", "e", "*", "n"}, `edges { node { supervisor { reports(first: 2, orderBy: [{ field: FULL_NAME }]) { edges { node { nip reports(first: 2, orderBy: [{ field: FULL_NAME }]) { edges { node { nip } } } } } } } } }`, []string{"edges", "*", "node", "supervisor", "reports", "edges", "*", "node"}},
		}},
	{name: "two aliases of totalCount and pageInfo, no edges",
		sel: `t1: totalCount t2: totalCount p: pageInfo { hasNextPage }`,
		parts: []connAliasPart{
			{[]string{"t1"}, `totalCount`, []string{"totalCount"}},
			{[]string{"t2"}, `totalCount`, []string{"totalCount"}},
			{[]string{"p"}, `pageInfo { hasNextPage }`, []string{"pageInfo"}},
		}},
}

// TestConnectionAliasesReview: the outside review's cases of change 56
// (connAliasReviewCases) answer what their parts answer alone, on the
// three roots, on both stores, for the eight attack viewers, with and
// without the fast paths (docs/performance.md change 60).
func TestConnectionAliasesReview(t *testing.T) {
	testConnectionAliases(t, connAliasReviewCases)
}

// TestConnectionFragmentFanOut: forty fragments on a connection each
// spreading the next twice (a kilobyte, valid GraphQL) are refused at
// once by the limits, with an aliased edges at the bottom and without.
// Before the review (change 60) the limits' count of node copies
// (change 56) followed all 2^40 paths before the field count could
// refuse the query: the request did not return.
func TestConnectionFragmentFanOut(t *testing.T) {
	for _, dialect := range storetest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			t.Parallel()
			a := newAPIWith(t, dialect, func(*graph.Options) {})
			ctx := viewer.NewContext(context.Background(), viewer.Viewer{Subject: "test:admin", Role: viewer.Admin})
			for _, leaf := range []string{"totalCount", "e: edges { node { id } } edges { n: node { id } }"} {
				got := rawResponse(t, a, ctx, fanOutQuery("employees(first: 1) { ...F0 }", "EmployeeConnection", leaf, 40), nil)
				if !strings.Contains(got, "QUERY_TOO_COMPLEX") {
					t.Errorf("2^40 fields through fragments on a connection were not refused: %s", got)
				}
			}
		})
	}
}
