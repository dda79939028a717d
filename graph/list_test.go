package graph

import (
	"context"
	"errors"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
)

// TestSelectsResolver checks which list selections keep a goroutine per
// element: those reaching a field with a resolver of its own, however
// deep and through fragments.
func TestSelectsResolver(t *testing.T) {
	schema := NewExecutableSchema(Config{}).Schema()
	tests := []struct {
		name, query string
		want        bool
	}{
		{"partner listing", `query($id: ID!) { node(id: $id) { ... on Partner { programs { edges { node {
			title sessions(where: {status: OPEN}) { edges { node { name enrollments { totalCount } } } } } } } } } }`, false},
		{"employee edges", `{ employees { edges { node { fullName position { title } } } } }`, false},
		{"resolver field", `{ employees { edges { node { fullName developmentHours(year: 2026) } } } }`, true},
		{"inline fragment", `query($ids: [ID!]!) { nodes(ids: $ids) { ... on Employee { meetsAnnualTarget(year: 2026) } } }`, true},
		{"fragment spread", `{ employees { edges { node { ...E } } } } fragment E on Employee { competencyGaps { gap } }`, true},
		{"deep", `{ sessions { edges { node { enrollments { edges { node { employee { developmentHours(year: 2026) } } } } } } } }`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, errs := gqlparser.LoadQuery(schema, tt.query)
			if errs != nil {
				t.Fatalf("query: %v", errs)
			}
			if got := selectsResolver(doc.Operations[0].SelectionSet); got != tt.want {
				t.Errorf("selectsResolver = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestMarshalListRecovers checks that a panic in one element becomes an
// error on that element's path and a null, the others marshalled in order.
func TestMarshalListRecovers(t *testing.T) {
	recoverFunc := func(context.Context, any) error { return errors.New("internal error") }
	ctx := graphql.WithResponseContext(context.Background(), graphql.DefaultErrorPresenter, recoverFunc)
	ctx = graphql.WithFieldContext(ctx, &graphql.FieldContext{Field: graphql.CollectedField{Field: &ast.Field{Alias: "items"}}})
	var order []int
	got := marshalList(ctx, nil, 3, 0, false, func(ctx context.Context, i int) graphql.Marshaler {
		order = append(order, i)
		if i == 1 {
			panic("boom")
		}
		return graphql.MarshalInt(i)
	})
	if len(order) != 3 || order[0] != 0 || order[2] != 2 {
		t.Errorf("order = %v, want [0 1 2]", order)
	}
	if got[1] != graphql.Null {
		t.Errorf("element 1 = %v, want null", got[1])
	}
	errs := graphql.GetErrors(ctx)
	if len(errs) != 1 || errs[0].Path.String() != "items[1]" {
		t.Fatalf("errors = %v, want one on items[1]", errs)
	}
}
