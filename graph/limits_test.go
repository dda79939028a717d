package graph_test

import (
	"strings"
	"testing"
)

// nest returns a query nesting employee → supervisor n levels deep.
func nest(n int) string {
	return "{ employees(first: 1) { edges { node { " + strings.Repeat("supervisor { ", n) + "id" + strings.Repeat(" }", n) + " } } } }"
}

func TestLimits(t *testing.T) {
	a := newAPI(t, "sqlite")
	build(t, a)

	aliases := func(n int) string {
		var b strings.Builder
		b.WriteString("{ ")
		for i := range n {
			b.WriteString("a")
			b.WriteString(strings.Repeat("x", i+1))
			b.WriteString(": agencies(first: 1) { totalCount } ")
		}
		b.WriteString("}")
		return b.String()
	}
	deepWhere := func(n int) map[string]any {
		w := map[string]any{"fullName": "x"}
		for range n {
			w = map[string]any{"not": w}
		}
		return w
	}
	tests := []struct {
		name  string
		query string
		vars  map[string]any
		code  string // "" for success
	}{
		{"moderate depth", nest(8), nil, ""},
		{"depth attack", nest(20), nil, "QUERY_TOO_COMPLEX"},
		{"few aliases", aliases(5), nil, ""},
		{"alias attack", aliases(40), nil, "QUERY_TOO_COMPLEX"},
		{"directive attack", "{ agencies(first: 1) { " + strings.Repeat("totalCount @include(if: true) ", 60) + "} }", nil, "QUERY_TOO_COMPLEX"},
		{
			"cost: three nested pages of 100",
			`{ agencies(first: 100) { edges { node { employees(first: 100) { edges { node { enrollments(first: 100) { totalCount } } } } } } } }`,
			nil, "QUERY_TOO_COMPLEX",
		},
		{
			"two nested pages of 100",
			`{ agencies(first: 100) { edges { node { employees(first: 100) { totalCount } } } } }`,
			nil, "",
		},
		{"where nesting inline", "{ employees(where: " + strings.Repeat("{not: ", 12) + `{fullName: "x"}` + strings.Repeat("}", 12) + ") { totalCount } }", nil, "BAD_USER_INPUT"},
		{"where nesting in variables", `query($w: EmployeeWhereInput) { employees(where: $w) { totalCount } }`, map[string]any{"w": deepWhere(12)}, "BAD_USER_INPUT"},
		{"where nesting allowed", `query($w: EmployeeWhereInput) { employees(where: $w) { totalCount } }`, map[string]any{"w": deepWhere(3)}, ""},
		{
			"fragment amplification",
			`query { ...A ...A ...A ...A ...A ...A ...A ...A }
			fragment A on Query { a1: agencies(first: 1) { ...B } a2: agencies(first: 1) { ...B } a3: agencies(first: 1) { ...B }
				a4: agencies(first: 1) { ...B } a5: agencies(first: 1) { ...B } a6: agencies(first: 1) { ...B } }
			fragment B on AgencyConnection { edges { ...C } }
			fragment C on AgencyEdge { node { ...D } }
			fragment D on Agency { n1: name n2: name n3: name n4: name n5: name n6: name n7: name n8: name n9: name n10: name }`,
			nil, "QUERY_TOO_COMPLEX",
		},
		{
			"fragment amplification through aliased edges",
			`query { ...A ...A ...A ...A ...A ...A ...A ...A }
			fragment A on Query { a1: agencies(first: 1) { ...B } a2: agencies(first: 1) { ...B } }
			fragment B on AgencyConnection { e1: edges { ...C } e2: edges { ...C } e3: edges { ...C } }
			fragment C on AgencyEdge { node { ...D } }
			fragment D on Agency { n1: name n2: name n3: name n4: name n5: name n6: name n7: name n8: name n9: name n10: name }`,
			nil, "QUERY_TOO_COMPLEX",
		},
		// Every response name of edges and of node below it writes the
		// page's nodes again (docs/performance.md change 56): 100 + 100 ×
		// 100 × 4 nodes pass, 100 + 100 × 100 × 6 are more than 50,000.
		{
			"aliased edges within the node bound",
			`{ agencies(first: 100) { edges { node { employees(first: 100) {
				e1: edges { node { id } } e2: edges { node { id } } e3: edges { node { id } } e4: edges { node { id } } } } } } }`,
			nil, "",
		},
		{
			"aliased edges past the node bound",
			`{ agencies(first: 100) { edges { node { employees(first: 100) {
				e1: edges { node { id } } e2: edges { node { id } } e3: edges { node { id } } e4: edges { node { id } }
				e5: edges { node { id } } e6: edges { node { id } } } } } } }`,
			nil, "QUERY_TOO_COMPLEX",
		},
		{
			"aliased nodes past the node bound",
			`{ agencies(first: 100) { edges { node { employees(first: 100) {
				edges { node { id } n2: node { id } n3: node { id } } e2: edges { ... on EmployeeEdge { node { id } n2: node { id } n3: node { id } } } } } } } }`,
			nil, "QUERY_TOO_COMPLEX",
		},
		{"introspection", `{ __schema { types { name fields { name type { name ofType { name ofType { name ofType { name } } } } } } } }`, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := a.do(tt.query, tt.vars)
			if r.code() != tt.code {
				t.Errorf("code = %q, want %q; errors %+v", r.code(), tt.code, r.Errors)
			}
			if tt.code != "" && string(r.Data) != "null" && len(r.Data) != 0 {
				t.Errorf("refused query returned data: %s", r.Data)
			}
		})
	}
}
