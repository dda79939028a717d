package connfields

import (
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/validator/rules"
)

const schema = `
type Query { employees(first: Int): EmployeeConnection! }
type EmployeeConnection { edges: [EmployeeEdge] totalCount: Int! pageInfo: PageInfo! }
type EmployeeEdge { node: Employee cursor: String! }
type PageInfo { hasNextPage: Boolean! endCursor: String }
type Employee { id: ID! fullName: String! reports(first: Int): EmployeeConnection! }
`

func TestRule(t *testing.T) {
	s := gqlparser.MustLoadSchema(&ast.Source{Input: schema})
	tests := []struct {
		name, query, err string
	}{
		{"no alias", `{ employees { totalCount edges { node { id } } pageInfo { hasNextPage } } }`, ""},
		{"alias equal to name", `{ employees { totalCount: totalCount } }`, ""},
		{"alias of the connection itself", `{ a: employees { totalCount } b: employees { edges { cursor } } }`, ""},
		{"alias of a node's own field", `{ employees { edges { n: cursor node { name: fullName } } } }`, ""},
		{"totalCount", `{ employees { t: totalCount } }`, "EmployeeConnection.totalCount cannot be aliased"},
		{"edges", `{ employees { e: edges { cursor } } }`, "EmployeeConnection.edges cannot be aliased"},
		{"pageInfo", `{ employees { p: pageInfo { hasNextPage } } }`, "EmployeeConnection.pageInfo cannot be aliased"},
		{"a field of PageInfo", `{ employees { pageInfo { more: hasNextPage } } }`, "PageInfo.hasNextPage cannot be aliased"},
		{"node", `{ employees { edges { n: node { id } } } }`, "EmployeeEdge.node cannot be aliased"},
		{"nested, in a fragment", `{ employees { edges { node { ...F } } } } fragment F on Employee { reports { c: totalCount } }`, "EmployeeConnection.totalCount cannot be aliased"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := rules.NewDefaultRules()
			r.AddRule(Rule())
			_, errs := gqlparser.LoadQueryWithRules(s, tt.query, r)
			switch {
			case tt.err == "" && len(errs) > 0:
				t.Fatalf("refused: %v", errs)
			case tt.err != "" && (len(errs) != 1 || !strings.Contains(errs[0].Message, tt.err)):
				t.Fatalf("errors %v, want one containing %q", errs, tt.err)
			case tt.err != "" && len(errs[0].Locations) == 0:
				t.Errorf("error without a location: %v", errs[0])
			}
		})
	}
}
