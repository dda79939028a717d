package graph_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"kembang/internal/store/storetest"
	"kembang/internal/viewer"
)

// The cases below were written by an outside review of change 49
// (docs/performance.md, change 53): named edges below aliases of one
// to-one edge, keyed by alias path. They add to aliasedEdgeCases
// fragments, aliases at several depths, a to-one edge below a to-many
// edge below a to-one alias, last and after, @include deciding the later
// alias's edge, and the nodes() root.
var aliasAttackCases = []struct {
	name    string
	aliases []string
	frags   []string
}{
	{"through fragments", []string{
		`a: supervisor { ...R1 }`,
		`b: supervisor { ...R2 fullName }`,
	}, []string{`fragment R1 on Employee { reports(first: 1, orderBy: [{ field: FULL_NAME }]) { edges { node { fullName } } } }`,
		`fragment R2 on Employee { reports(first: 3, orderBy: [{ field: FULL_NAME }]) { totalCount edges { node { nip } } } }`}},
	{"one alias's edge through a fragment and a field", []string{
		`a: supervisor { reports(first: 2) { edges { node { fullName } } } }`,
		`b: supervisor { reports(first: 2) { edges { node { nip } } } ...R3 }`,
	}, []string{`fragment R3 on Employee { reports(first: 2) { totalCount edges { node { email } } } }`}},
	{"aliases at two depths", []string{
		`x: supervisor { a: supervisor { reports(first: 1, orderBy: [{ field: FULL_NAME }]) { edges { node { fullName } } } } }`,
		`y: supervisor { a: supervisor { reports(first: 2, orderBy: [{ field: FULL_NAME }]) { edges { node { nip } } } } b: supervisor { reports { totalCount } signedOffEvaluations { level } } }`,
	}, nil},
	{"to-one below to-many below to-one aliases", []string{
		`a: supervisor { signedOffEvaluations { enrollment { employee { fullName reports(first: 1) { totalCount } } } } }`,
		`b: supervisor { signedOffEvaluations { enrollment { employee { nip reports(first: 2, orderBy: [{ field: FULL_NAME }]) { edges { node { fullName } } } } } } }`,
	}, nil},
	{"first and last", []string{
		`a: supervisor { reports(first: 1, orderBy: [{ field: FULL_NAME }]) { edges { cursor node { fullName } } } }`,
		`b: supervisor { reports(last: 1, orderBy: [{ field: FULL_NAME }]) { pageInfo { hasPreviousPage startCursor } edges { node { fullName } } } }`,
	}, nil},
	{"include on the later alias's edge", []string{
		`a: supervisor { reports(first: 1) { edges { node { fullName } } } }`,
		`b: supervisor { reports(first: 2) @include(if: $t) { edges { node { nip } } } r: reports(first: 1) @skip(if: $t) { totalCount } }`,
	}, nil},
	{"the same alias names at both levels", []string{
		`a: supervisor { a: reports(first: 1) { edges { node { a: fullName } } } }`,
		`b: supervisor { a: reports(first: 2) { edges { node { a: nip } } } b: reports(first: 1) { totalCount } }`,
	}, nil},
}

// TestAliasAttack asks aliasAttackCases on node(), nodes() (an employee
// among other types) and a page of employees, on both stores, as eight
// viewers: each alias answers what it answers alone, the response is
// byte-identical without the fast paths, and masked viewers see no full
// NIP.
func TestAliasAttack(t *testing.T) {
	for _, dialect := range storetest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			t.Parallel()
			direct, resolved, emp, ids, viewers, nips := attackSetup(t, dialect)
			const head = `query ($id: ID!, $ids: [ID!]!, $t: Boolean!) `
			forms := []struct {
				name  string
				query func(sel string) string
				rows  func(data map[string]any) []map[string]any
			}{
				{"node", func(sel string) string {
					return head + `{ node(id: $id) { ... on Employee { ` + sel + ` } } x: nodes(ids: $ids) { id } w: __typename @include(if: $t) }`
				}, func(data map[string]any) []map[string]any {
					n, _ := data["node"].(map[string]any)
					return []map[string]any{n}
				}},
				{"nodes", func(sel string) string {
					return head + `{ node(id: $id) { id } nodes(ids: $ids) { __typename ... on Employee { ` + sel + ` } } y: __typename @include(if: $t) }`
				}, func(data map[string]any) []map[string]any {
					var rows []map[string]any
					ns, _ := data["nodes"].([]any)
					for _, n := range ns {
						m, _ := n.(map[string]any)
						rows = append(rows, m)
					}
					return rows
				}},
				{"page", func(sel string) string {
					return head + `{ node(id: $id) { id } x: nodes(ids: $ids) { id } employees(first: 6, orderBy: [{ field: FULL_NAME }], where: { hasSupervisor: true, idNEQ: $id }) { edges { node { id ` + sel + ` } } } z: __typename @include(if: $t) }`
				}, pageRows},
			}
			for _, tv := range []bool{true, false} {
				vars := map[string]any{"id": emp, "ids": ids, "t": tv}
				for name, v := range viewers {
					ctx := viewer.NewContext(context.Background(), v)
					for _, form := range forms {
						for _, c := range aliasAttackCases {
							what := fmt.Sprintf("%s, %s, %s, t=%v", name, form.name, c.name, tv)
							q := withFragments(form.query(strings.Join(c.aliases, " ")), c.frags)
							got := sameResolved(t, what, direct, resolved, ctx, q, vars, v, nips)
							if name == "admin" && (len(got) < 100 || strings.Contains(got, `"errors"`)) {
								t.Errorf("%s: %s", what, got)
							}
							rows := form.rows(responseData(t, direct, ctx, q, vars))
							for _, sel := range c.aliases {
								alias := sel[:strings.Index(sel, ":")]
								sameAlone(t, what, alias, rows, form.rows(responseData(t, direct, ctx, withFragments(form.query(sel), c.frags), vars)))
							}
						}
					}
				}
			}
		})
	}
}

// withFragments returns q followed by the fragments of frags it spreads.
func withFragments(q string, frags []string) string {
	for _, f := range frags {
		name := strings.Fields(f)[1]
		if strings.Contains(q, "..."+name+" ") {
			q += "\n" + f
		}
	}
	return q
}

// connectionAliasCases alias the fields of a connection itself (edges,
// node, totalCount, pageInfo, PageInfo's fields). entgql's collection and
// Paginate looked them up by response name, so that t: totalCount
// answered 0, e: edges an empty list, p: pageInfo { hasNextPage } false,
// and a to-one edge below n2: node read the model loaded for node's
// selection (nip ""): found by the review of change 49 (docs/performance.md
// change 53), refused by change 55, answered since change 56.
//
// sel is asked at the connection with page as its paging arguments (first:
// 3 when empty). When renames is set, the response must be byte-identical
// to that of the same selection with each alias renamed to its field's
// name (plain: sel without the aliases), renames applied to the response.
// Each part names a value of the response below the connection (path, "*"
// for every element of a list) that must equal the value at plainPath of
// the connection asked with plain instead.
var connectionAliasCases = []connAliasCase{
	{name: "totalCount alone", sel: `t: totalCount`, renames: [][2]string{{"t", "totalCount"}}},
	{name: "totalCount next to edges", sel: `t: totalCount edges { node { fullName } }`, renames: [][2]string{{"t", "totalCount"}}},
	{name: "pageInfo alone", sel: `p: pageInfo { hasNextPage hasPreviousPage }`, renames: [][2]string{{"p", "pageInfo"}}},
	{name: "pageInfo next to edges", sel: `p: pageInfo { hn: hasNextPage hasPreviousPage sc: startCursor endCursor } edges { node { fullName } }`,
		renames: [][2]string{{"p", "pageInfo"}, {"hn", "hasNextPage"}, {"sc", "startCursor"}}},
	{name: "edges", sel: `e: edges { cursor node { fullName nip } }`, renames: [][2]string{{"e", "edges"}}},
	{name: "node", sel: `edges { nd: node { fullName email } }`, renames: [][2]string{{"nd", "node"}}},
	{name: "everything aliased", sel: `t: totalCount p: pageInfo { hasNextPage } e: edges { c: cursor nd: node { id fullName } }`,
		renames: [][2]string{{"t", "totalCount"}, {"p", "pageInfo"}, {"e", "edges"}, {"c", "cursor"}, {"nd", "node"}}},
	{name: "aliased edges with to-one edges below", sel: `e: edges { node { fullName agency { name } supervisor { nip unit { name } } } }`,
		renames: [][2]string{{"e", "edges"}}},
	{name: "aliased edges with an aliased nested connection below",
		sel:     `e: edges { node { fullName reports(first: 2, orderBy: [{ field: FULL_NAME }]) { rt: totalCount rp: pageInfo { hasNextPage } re: edges { rn: node { fullName nip } } } } }`,
		renames: [][2]string{{"e", "edges"}, {"rt", "totalCount"}, {"rp", "pageInfo"}, {"re", "edges"}, {"rn", "node"}}},
	{name: "fragments", sel: `...ConnF`, frags: []string{
		`fragment ConnF on EmployeeConnection { t: totalCount e: edges { ...EdgeF } }`,
		`fragment EdgeF on EmployeeEdge { nd: node { fullName supervisor { fullName } } }`,
	}, renames: [][2]string{{"t", "totalCount"}, {"e", "edges"}, {"nd", "node"}}},
	{name: "last", page: "last: 2", sel: `t: totalCount p: pageInfo { hasPreviousPage hasNextPage } e: edges { nd: node { fullName } }`,
		renames: [][2]string{{"t", "totalCount"}, {"p", "pageInfo"}, {"e", "edges"}, {"nd", "node"}}},
	{name: "two aliases of edges with different columns", sel: `e1: edges { node { fullName } } e2: edges { node { nip email } }`,
		parts: []connAliasPart{
			{[]string{"e1"}, `edges { node { fullName } }`, []string{"edges"}},
			{[]string{"e2"}, `edges { node { nip email } }`, []string{"edges"}},
		}},
	{name: "two aliases of edges with to-one edges below", sel: `edges { node { a: supervisor { fullName } } } e2: edges { node { b: supervisor { nip email } } }`,
		parts: []connAliasPart{
			{[]string{"edges"}, `edges { node { a: supervisor { fullName } } }`, []string{"edges"}},
			{[]string{"e2"}, `edges { node { b: supervisor { nip email } } }`, []string{"edges"}},
		}},
	{name: "two aliases of node", sel: `edges { node { id supervisor { fullName } } n2: node { supervisor { nip email } } }`,
		parts: []connAliasPart{
			{[]string{"edges", "*", "node"}, `edges { node { id supervisor { fullName } } }`, []string{"edges", "*", "node"}},
			{[]string{"edges", "*", "n2"}, `edges { node { supervisor { nip email } } }`, []string{"edges", "*", "node"}},
		}},
	{name: "two aliases of edges with different nested connections",
		sel: `e1: edges { node { reports(first: 1, orderBy: [{ field: FULL_NAME }]) { edges { node { fullName } } } } }
			e2: edges { nd: node { reports(first: 3, orderBy: [{ field: FULL_NAME }]) { t: totalCount edges { node { nip } } } } }`,
		parts: []connAliasPart{
			{[]string{"e1"}, `edges { node { reports(first: 1, orderBy: [{ field: FULL_NAME }]) { edges { node { fullName } } } } }`, []string{"edges"}},
			{[]string{"e2", "*", "nd"}, `edges { node { reports(first: 3, orderBy: [{ field: FULL_NAME }]) { t: totalCount edges { node { nip } } } } }`, []string{"edges", "*", "node"}},
		}},
	{name: "two aliases of edges with the same nested connection",
		sel: `edges { node { reports(first: 2) { totalCount edges { node { fullName } } } } } e2: edges { node { reports(first: 2) { totalCount edges { node { nip } } } } }`,
		parts: []connAliasPart{
			{[]string{"edges"}, `edges { node { reports(first: 2) { totalCount edges { node { fullName } } } } }`, []string{"edges"}},
			{[]string{"e2"}, `edges { node { reports(first: 2) { totalCount edges { node { nip } } } } }`, []string{"edges"}},
		}},
	{name: "two aliases of node and of pageInfo, last", page: "last: 2",
		sel: `p1: pageInfo { hasPreviousPage } p2: pageInfo { startCursor } edges { n1: node { fullName } n2: node { email agency { code } } }`,
		parts: []connAliasPart{
			{[]string{"p1"}, `pageInfo { hasPreviousPage } edges { node { id } }`, []string{"pageInfo"}},
			{[]string{"p2"}, `pageInfo { startCursor } edges { node { id } }`, []string{"pageInfo"}},
			{[]string{"edges", "*", "n1"}, `edges { node { fullName } }`, []string{"edges", "*", "node"}},
			{[]string{"edges", "*", "n2"}, `edges { node { email agency { code } } }`, []string{"edges", "*", "node"}},
		}},
}

// A connAliasCase is a selection of a connection with aliases on its
// fixed fields (connectionAliasCases).
type connAliasCase struct {
	name, page, sel string
	frags           []string
	renames         [][2]string
	parts           []connAliasPart
}

// A connAliasPart is a value of an aliased connection's response (path)
// that must equal the value at plainPath of the connection asked with
// plain (connectionAliasCases).
type connAliasPart struct {
	path      []string
	plain     string
	plainPath []string
}

// pick returns the values of v at path, "*" standing for every element of
// a list.
func pick(v any, path []string) []any {
	if len(path) == 0 {
		return []any{v}
	}
	if path[0] == "*" {
		var out []any
		l, _ := v.([]any)
		for _, e := range l {
			out = append(out, pick(e, path[1:])...)
		}
		return out
	}
	m, _ := v.(map[string]any)
	return pick(m[path[0]], path[1:])
}

// renamed returns a raw response (rawResponse) with the response names of
// renames renamed: as an object's key and in an error's path.
func renamed(raw string, renames [][2]string) string {
	for _, r := range renames {
		for _, end := range []string{":", ",", "]"} {
			raw = strings.ReplaceAll(raw, `"`+r[0]+`"`+end, `"`+r[1]+`"`+end)
		}
	}
	return raw
}

// TestConnectionFieldAliases: an alias on a connection's fixed fields
// (edges, node, totalCount, pageInfo and PageInfo's fields), which entgql
// read by response name and so answered wrong data (docs/performance.md
// change 53), answers what the same selection answers unaliased: on the
// root connection, on an edge's connection below one node and below a
// page's nodes, on both stores, for the eight attack viewers, with and
// without the fast paths (byte-identical), masked viewers seeing no full
// NIP. A single alias answers the unaliased response's bytes with the
// alias renamed, in as many statements (asked as ADMIN); several aliases
// of edges, node or pageInfo each answer what their selection answers
// alone (docs/performance.md change 56).
func TestConnectionFieldAliases(t *testing.T) {
	testConnectionAliases(t, connectionAliasCases)
}

// testConnectionAliases runs cases (connectionAliasCases' shape) on the
// three roots of TestConnectionFieldAliases, on both stores, for the
// eight attack viewers.
func testConnectionAliases(t *testing.T, cases []connAliasCase) {
	for _, dialect := range storetest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			t.Parallel()
			direct, resolved, emp, _, viewers, nips := attackSetup(t, dialect)
			vars := map[string]any{"id": emp}
			roots := []struct {
				name  string
				query func(page, sel string) string
				conn  func(data map[string]any) []any
			}{
				{"root connection", func(page, sel string) string {
					return `query ($id: ID!) { employees(` + page + `, orderBy: [{ field: FULL_NAME }], where: { hasSupervisor: true, idNEQ: $id }) { ` + sel + ` } }`
				}, func(data map[string]any) []any { return pick(data, []string{"employees"}) }},
				{"edge of one node", func(page, sel string) string {
					return `query ($id: ID!) { node(id: $id) { ... on Employee { supervisor { reports(` + page + `, orderBy: [{ field: FULL_NAME }]) { ` + sel + ` } } } } }`
				}, func(data map[string]any) []any { return pick(data, []string{"node", "supervisor", "reports"}) }},
				{"edge of a page's nodes", func(page, sel string) string {
					return `query ($id: ID!) { units(first: 3, orderBy: [{ field: NAME }], where: { hasEmployees: true }) { edges { node { name employees(` + page + `, orderBy: [{ field: FULL_NAME }], where: { idNEQ: $id }) { ` + sel + ` } } } } }`
				}, func(data map[string]any) []any {
					return pick(data, []string{"units", "edges", "*", "node", "employees"})
				}},
			}
			for name, v := range viewers {
				ctx := viewer.NewContext(context.Background(), v)
				for _, root := range roots {
					for _, c := range cases {
						what := fmt.Sprintf("%s, %s, %s", name, root.name, c.name)
						page := c.page
						if page == "" {
							page = "first: 3"
						}
						q := withFragments(root.query(page, c.sel), c.frags)
						got := sameResolved(t, what, direct, resolved, ctx, q, vars, v, nips)
						if name == "admin" && (!strings.HasSuffix(got, "\nerrors ") || len(got) < 30) {
							t.Errorf("%s: %s", what, got)
						}
						if c.renames != nil {
							plain := withFragments(root.query(page, unaliased(c.sel, c.renames)), unaliasedAll(c.frags, c.renames))
							want := rawResponse(t, direct, ctx, plain, vars)
							if renamed(got, c.renames) != want {
								t.Errorf("%s: aliased, renamed\n%s\nunaliased\n%s", what, renamed(got, c.renames), want)
							}
							if name == "admin" {
								if g, w := countStatements(t, direct, ctx, q, vars), countStatements(t, direct, ctx, plain, vars); g != w {
									t.Errorf("%s: %d statements aliased, %d unaliased", what, g, w)
								}
							}
						}
						conns := root.conn(responseData(t, direct, ctx, q, vars))
						for _, p := range c.parts {
							alone := root.conn(responseData(t, direct, ctx, root.query(page, p.plain), vars))
							if len(alone) != len(conns) {
								t.Errorf("%s: %d connections aliased, %d alone", what, len(conns), len(alone))
								continue
							}
							for i := range conns {
								g, w := jsonOf(t, pick(conns[i], p.path)), jsonOf(t, pick(alone[i], p.plainPath))
								if g != w || (name == "admin" && g == "[null]") {
									t.Errorf("%s: connection %d, %v answered\n%s\nalone\n%s", what, i, p.path, g, w)
								}
							}
						}
					}
				}
			}
		})
	}
}

// unaliased returns the selection sel without the aliases of renames.
func unaliased(sel string, renames [][2]string) string {
	for _, r := range renames {
		sel = regexp.MustCompile(`\b`+regexp.QuoteMeta(r[0])+`:\s*`+regexp.QuoteMeta(r[1])+`\b`).ReplaceAllString(sel, r[1])
	}
	return sel
}

// unaliasedAll returns the fragments frags without the aliases of renames.
func unaliasedAll(frags []string, renames [][2]string) []string {
	out := make([]string, len(frags))
	for i, f := range frags {
		out[i] = unaliased(f, renames)
	}
	return out
}
