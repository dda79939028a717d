package pagecursor

import (
	"context"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
)

const schema = `
scalar Cursor
type PageInfo { hasNextPage: Boolean! startCursor: Cursor endCursor: Cursor }
type Item { id: ID! items(first: Int): ItemConnection! }
type ItemEdge { node: Item cursor: Cursor! }
type ItemConnection { edges: [ItemEdge] pageInfo: PageInfo! totalCount: Int! }
type Query { items(first: Int): ItemConnection! }
`

// fieldContext returns ctx with the first root field of query (the
// connection) as its field, as the executor gives its resolver.
func fieldContext(t *testing.T, query string) context.Context {
	t.Helper()
	s := gqlparser.MustLoadSchema(&ast.Source{Input: schema})
	doc, err := gqlparser.LoadQuery(s, query)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	f := doc.Operations[0].SelectionSet[0].(*ast.Field)
	return graphql.WithFieldContext(context.Background(), &graphql.FieldContext{
		Field: graphql.CollectedField{Field: f, Selections: f.SelectionSet},
	})
}

func TestSelected(t *testing.T) {
	for _, c := range []struct {
		query       string
		edges, page bool
	}{
		{`{ items(first: 2) { edges { node { id } } } }`, false, false},
		{`{ items(first: 2) { totalCount pageInfo { hasNextPage } } }`, false, false},
		{`{ items(first: 2) { edges { cursor node { id } } } }`, true, false},
		{`{ items(first: 2) { edges { c: cursor } } }`, true, false},
		{`{ items(first: 2) { pageInfo { endCursor } } }`, false, true},
		{`{ items(first: 2) { pageInfo { startCursor } edges { node { id } } } }`, false, true},
		{`{ items(first: 2) { edges { cursor } pageInfo { startCursor endCursor } } }`, true, true},
		// A nested connection's cursors are its own, not the outer one's.
		{`{ items(first: 2) { edges { node { items(first: 1) { edges { cursor } pageInfo { endCursor } } } } } }`, false, false},
		// Through fragments, inline and named, at either level.
		{`{ items(first: 2) { ... on ItemConnection { edges { ... on ItemEdge { cursor } } } } }`, true, false},
		{`{ items(first: 2) { ...Page } } fragment Page on ItemConnection { pageInfo { ...Ends } } fragment Ends on PageInfo { endCursor }`, false, true},
		{`{ items(first: 2) { edges { ...E } } } fragment E on ItemEdge { cursor }`, true, false},
		// Skipped or not, a cursor written in the operation is made.
		{`{ items(first: 2) { edges { cursor @skip(if: true) node { id } } } }`, true, false},
	} {
		edges, page := Selected(fieldContext(t, c.query))
		if edges != c.edges || page != c.page {
			t.Errorf("%s: Selected = %v, %v; want %v, %v", c.query, edges, page, c.edges, c.page)
		}
	}
	// Outside an operation every cursor is made.
	if edges, page := Selected(context.Background()); !edges || !page {
		t.Errorf("no field context: Selected = %v, %v; want true, true", edges, page)
	}
}

func TestSelectedAllocs(t *testing.T) {
	ctx := fieldContext(t, `{ items(first: 2) { ...Page } } fragment Page on ItemConnection { edges { node { id } } pageInfo { hasNextPage } }`)
	if n := testing.AllocsPerRun(100, func() { Selected(ctx) }); n != 0 {
		t.Errorf("Selected: %v allocations, want none", n)
	}
}
