// Helpers of the access-control resolvers (access.resolvers.go) and the
// @authorize directive: kept here so that gqlgen never moves them.

package graph

import (
	"context"
	"fmt"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"kembang/ent"
	"kembang/graph/model"
	"kembang/internal/access"
	"kembang/internal/audit"
	"kembang/internal/auth/apikey"
	"kembang/internal/viewer"
)

// authorize implements the @authorize directive: it runs the named check
// of package access on the field's arguments (or, for RECORDS, on the
// employee the field belongs to), then resolves the field as the viewer.
// It never raises the viewer's rights: gqlgen resolves every field below
// with the context it passes on (graphql.ResolveField), so an elevated
// context would hand the whole subtree server rights. Figures a report
// aggregates over rows the viewer may not read one by one are computed
// by package report, which takes the server's rights for its SQL only
// and returns figures and IDs, never entities (docs/security.md).
func (r *Resolver) authorize(ctx context.Context, obj any, next graphql.Resolver, check model.AccessCheck) (any, error) {
	args := graphql.GetFieldContext(ctx).Args
	var err error
	switch check {
	case model.AccessCheckAgencyReport:
		err = access.AgencyReport(ctx, intArg(args, "agencyId"))
	case model.AccessCheckAggregates:
		err = access.Aggregates(ctx, optIntArg(args, "agencyId"))
	case model.AccessCheckProgramReport:
		err = access.ProgramReport(ctx, r.client, intArg(args, "programId"))
	case model.AccessCheckPartnerReport:
		err = access.PartnerReport(ctx, intArg(args, "partnerId"))
	case model.AccessCheckExport:
		err = access.Export(ctx, intArg(args, "agencyId"))
	case model.AccessCheckRecords:
		e, ok := obj.(*ent.Employee)
		if !ok {
			return nil, fmt.Errorf("@authorize(check: RECORDS) on %T, not an employee", obj)
		}
		err = access.Records(ctx, e)
	default:
		return nil, fmt.Errorf("@authorize: unknown check %q", check)
	}
	if err != nil {
		return nil, err
	}
	return next(ctx)
}

// intArg returns an ID argument's raw value (0 when absent).
func intArg(args map[string]any, name string) int {
	if p := optIntArg(args, name); p != nil {
		return *p
	}
	return 0
}

// optIntArg returns an optional ID argument's raw value, or nil.
func optIntArg(args map[string]any, name string) *int {
	switch v := args[name].(type) {
	case int:
		return &v
	case *int:
		return v
	}
	return nil
}

// auditRequest puts the mutation's name and the request id in the
// context of each root mutation field, for the audit trail.
func auditRequest(requestID func(context.Context) string) graphql.RootFieldMiddleware {
	return func(ctx context.Context, next graphql.RootResolver) graphql.Marshaler {
		if oc := graphql.GetOperationContext(ctx); oc.Operation != nil && oc.Operation.Operation == ast.Mutation {
			fc := graphql.GetRootFieldContext(ctx)
			ctx = audit.WithRequest(ctx, audit.Request{Operation: fc.Field.Name, ID: requestID(ctx)})
		}
		return next(ctx)
	}
}

// createAPIKey creates a key for a partner and returns it with its
// plaintext, which is never stored.
func (r *Resolver) createAPIKey(ctx context.Context, input ent.CreateAPIKeyInput) (*model.CreatedAPIKey, error) {
	plaintext, h, err := apikey.New()
	if err != nil {
		return nil, err
	}
	v, _ := viewer.FromContext(ctx)
	k, err := ent.FromContext(ctx).APIKey.Create().
		SetInput(input).
		SetKeyID(h.ID).
		SetHash(h.Sum).
		SetCreatedBy(v.Subject).
		Save(ctx)
	if err != nil {
		return nil, err
	}
	return &model.CreatedAPIKey{Key: plaintext, APIKey: k}, nil
}

// revokeAPIKey revokes a key; revoking a revoked key changes nothing.
func (r *Resolver) revokeAPIKey(ctx context.Context, id int) (*ent.APIKey, error) {
	c := ent.FromContext(ctx)
	k, err := c.APIKey.Get(ctx, id)
	if ent.IsNotFound(err) {
		if hidden := access.Hidden(ctx, c, id); hidden != nil {
			return nil, hidden // a key the viewer may not see
		}
	}
	if err != nil {
		return nil, err
	}
	if k.RevokedAt != nil {
		return k, nil
	}
	return c.APIKey.UpdateOne(k).SetRevokedAt(r.now().UTC()).Save(ctx)
}

// viewer describes the caller, with the records its scope names as far
// as the caller may read them.
func (r *Resolver) viewer(ctx context.Context) (*model.Viewer, error) {
	v, _ := viewer.FromContext(ctx)
	out := &model.Viewer{Role: model.Role(v.Role.String()), PersonalDataMasked: access.Masked(v)}
	if v.Subject != "" {
		out.Subject = &v.Subject
	}
	var err error
	if v.AgencyID != 0 && selected(ctx, "agency") {
		if out.Agency, err = r.client.Agency.Get(ctx, v.AgencyID); err != nil && !ent.IsNotFound(err) {
			return nil, err
		}
	}
	if v.EmployeeID != 0 && selected(ctx, "employee") {
		if out.Employee, err = r.client.Employee.Get(ctx, v.EmployeeID); err != nil && !ent.IsNotFound(err) {
			return nil, err
		}
	}
	if v.PartnerID != 0 && selected(ctx, "partner") {
		if out.Partner, err = r.client.Partner.Get(ctx, v.PartnerID); err != nil && !ent.IsNotFound(err) {
			return nil, err
		}
	}
	return out, nil
}

// introspect enables introspection for every caller, or only for
// authenticated ones.
type introspect struct{ anonymous bool }

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = introspect{}

// ExtensionName names the extension.
func (introspect) ExtensionName() string { return "Introspection" }

// Validate accepts every schema.
func (introspect) Validate(graphql.ExecutableSchema) error { return nil }

// MutateOperationContext turns introspection on for the operation when
// its viewer may introspect.
func (i introspect) MutateOperationContext(ctx context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	v, _ := viewer.FromContext(ctx)
	oc.DisableIntrospection = !i.anonymous && v.Anonymous()
	return nil
}
