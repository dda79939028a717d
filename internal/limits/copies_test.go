package limits

import (
	"testing"
	"time"

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

// TestNodeCopiesFragmentFanOut: forty fragments each spreading the next
// twice (valid GraphQL, a kilobyte of text) are entered once each, with
// and without an alias at the bottom. Before the review (change 60) the
// walk followed every path, 2^41 steps before the limits' field count
// could refuse the query: this test did not finish in its minute.
func TestNodeCopiesFragmentFanOut(t *testing.T) {
	for _, tt := range []struct {
		leaf ast.SelectionSet
		want int64
	}{
		{ast.SelectionSet{&ast.Field{Name: "totalCount", Alias: "totalCount"}}, 1},
		{ast.SelectionSet{
			&ast.Field{Name: "edges", Alias: "e", SelectionSet: ast.SelectionSet{&ast.Field{Name: "node", Alias: "node"}}},
			&ast.Field{Name: "edges", Alias: "edges", SelectionSet: ast.SelectionSet{&ast.Field{Name: "node", Alias: "n"}}},
		}, 2},
	} {
		const k = 40
		defs := make([]*ast.FragmentDefinition, k+1)
		defs[k] = &ast.FragmentDefinition{Name: "F40", SelectionSet: tt.leaf}
		for i := k - 1; i >= 0; i-- {
			spread := &ast.FragmentSpread{Name: defs[i+1].Name, Definition: defs[i+1]}
			defs[i] = &ast.FragmentDefinition{SelectionSet: ast.SelectionSet{spread, spread}}
		}
		set := ast.SelectionSet{&ast.FragmentSpread{Definition: defs[0]}}
		done := make(chan int64, 1)
		go func() { done <- nodeCopies(set) }()
		select {
		case got := <-done:
			if got != tt.want {
				t.Errorf("%d copies, want %d", got, tt.want)
			}
		case <-time.After(time.Minute):
			t.Fatal("nodeCopies did not return within a minute on 2^40 paths through fragments")
		}
	}
}
