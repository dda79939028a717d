package limits

import (
	"testing"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"
)

// TestNodeCopies: a connection writes each node once per response name of
// node below each response name of edges, through inline fragments; the
// same response name twice is one copy (docs/performance.md change 56).
func TestNodeCopies(t *testing.T) {
	for _, tt := range []struct {
		sel  string
		want int64
	}{
		{`totalCount`, 1},
		{`edges { node { id } }`, 1},
		{`edges { node { id } } edges { node { name } }`, 1},
		{`e: edges { node { id } }`, 1},
		{`e1: edges { node { id } } e2: edges { node { id } }`, 2},
		{`edges { node { id } } e2: edges { cursor }`, 1},
		{`edges { node { id } n2: node { id } }`, 2},
		{`edges { node { id } n2: node { id } } e2: edges { ... on X { node { id } n2: node { id } n3: node { id } } }`, 5},
		{`... on C { e1: edges { node { id } } } e1: edges { n: node { id } }`, 2},
	} {
		doc, err := parser.ParseQuery(&ast.Source{Input: "{ c { " + tt.sel + " } }"})
		if err != nil {
			t.Fatal(err)
		}
		set := doc.Operations[0].SelectionSet[0].(*ast.Field).SelectionSet
		if got := nodeCopies(set); got != tt.want {
			t.Errorf("%s: %d copies, want %d", tt.sel, got, tt.want)
		}
	}
	set := ast.SelectionSet{&ast.Field{Name: "edges", SelectionSet: ast.SelectionSet{&ast.Field{Name: "node"}}}}
	if n := testing.AllocsPerRun(100, func() { nodeCopies(set) }); n != 0 {
		t.Errorf("an unaliased selection: %v allocations", n)
	}
}
