package graph

import (
	"context"
	"testing"

	"github.com/99designs/gqlgen/graphql"

	"kembang/ent"
	"kembang/graph/model"
	"kembang/internal/access"
	"kembang/internal/viewer"
)

// TestAuthorizePassesItsContext checks that @authorize hands the field's
// resolver the very context it was given. gqlgen resolves a field's
// children with the context its directives passed on, and the fast paths
// below (leaves written without a field context, object fields and
// connections without ResolveField) trust the contexts they are given:
// a leaf makes no rights check at all, and the others check direct on a
// context derived from the directive's. A directive that raised the rights
// (access.System) would have its field's leaves written with them, which
// asViewer no longer sees. Written by the outside review of change 51
// (docs/performance.md, change 54); any new directive needs the same test.
func TestAuthorizePassesItsContext(t *testing.T) {
	r := &Resolver{}
	v := viewer.Viewer{Subject: "test:admin", Role: viewer.Admin}
	fc := &graphql.FieldContext{Args: map[string]any{"agencyId": 1, "partnerId": 1}}
	ctx := graphql.WithFieldContext(viewer.NewContext(context.Background(), v), fc)
	for _, c := range []struct {
		check model.AccessCheck
		obj   any
	}{
		{model.AccessCheckAgencyReport, nil},
		{model.AccessCheckAggregates, nil},
		{model.AccessCheckPartnerReport, nil},
		{model.AccessCheckExport, nil},
		{model.AccessCheckRecords, &ent.Employee{ID: 1, AgencyID: 1}},
	} {
		called := false
		_, err := r.authorize(ctx, c.obj, func(got context.Context) (any, error) {
			called = true
			if got != ctx || access.HasSystemRights(got) {
				t.Errorf("@authorize(check: %s) resolved its field with another context (server's rights: %v)", c.check, access.HasSystemRights(got))
			}
			return nil, nil
		}, c.check)
		if err != nil || !called {
			t.Errorf("@authorize(check: %s) for an ADMIN: %v, resolver called: %v", c.check, err, called)
		}
	}
}
