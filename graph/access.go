// Helpers of the access-control resolvers (access.resolvers.go) and the
// @authorize directive: kept here so that gqlgen never moves them.

package graph

import (
	"context"
	"fmt"
	"strings"
	"unicode"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"kembang/access"
	"kembang/audit"
	"kembang/auth/apikey"
	"kembang/ent"
	"kembang/graph/model"
	"kembang/viewer"
)

// authorize implements the @authorize directive: it runs the named check
// of package access on the field's arguments (or, for RECORDS, on the
// employee the field belongs to), then resolves the field with the
// server's privileges, since the check has settled what it may read.
// The fields below it resolve as the viewer again.
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
	return next(access.System(ctx))
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
	if err != nil {
		return nil, access.Hidden(ctx, c, id, err) // a key the viewer may not see: FORBIDDEN
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

// filterGuard refuses filters and orders that would reveal what the
// viewer may not read, before any SQL runs:
//
//   - for viewers who see personal data masked (access.Masked), filters
//     and orders on the personal fields of employees: a masked NIP would
//     be no protection if nipHasPrefix or an order by NIP could still
//     reveal it;
//   - filters through an edge into rows the read rules would hide
//     (access.FilterThrough): has…With conditions are SQL subqueries that
//     no policy narrows.
//
// Where inputs are checked at every depth (hasEmployeeWith inside another
// entity's where, and/or/not), inline or in variables.
type filterGuard struct{ schema *ast.Schema }

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = filterGuard{}

// ExtensionName names the extension.
func (filterGuard) ExtensionName() string { return "FilterGuard" }

// Validate accepts every schema.
func (filterGuard) Validate(graphql.ExecutableSchema) error { return nil }

// MutateOperationContext refuses the operation when one of its arguments
// filters or orders by what the viewer may not read.
func (g filterGuard) MutateOperationContext(ctx context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	v, _ := viewer.FromContext(ctx)
	if v.Is(viewer.Admin) || oc.Operation == nil {
		return nil
	}
	w := filterWalk{schema: g.schema, v: v, vars: oc.Variables, seen: map[string]bool{}}
	return w.selections(oc.Operation.SelectionSet)
}

// filterWalk is one operation's check by filterGuard.
type filterWalk struct {
	schema *ast.Schema
	v      viewer.Viewer
	vars   map[string]any
	seen   map[string]bool // fragments checked
}

// selections checks the arguments of every field in set.
func (w filterWalk) selections(set ast.SelectionSet) *gqlerror.Error {
	for _, s := range set {
		switch s := s.(type) {
		case *ast.Field:
			if s.Definition != nil {
				args := s.ArgumentMap(w.vars)
				for _, a := range s.Definition.Arguments {
					if why := w.value(a.Type, args[a.Name]); why != "" {
						err := gqlerror.ErrorPosf(s.Position, "%s may not %s", w.v.Role, why)
						err.Extensions = map[string]any{"code": "FORBIDDEN", "field": a.Name}
						return err
					}
				}
			}
			if err := w.selections(s.SelectionSet); err != nil {
				return err
			}
		case *ast.InlineFragment:
			if err := w.selections(s.SelectionSet); err != nil {
				return err
			}
		case *ast.FragmentSpread:
			if s.Definition != nil && !w.seen[s.Name] {
				w.seen[s.Name] = true
				if err := w.selections(s.Definition.SelectionSet); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// value returns why an input value of type t is refused, or "".
func (w filterWalk) value(t *ast.Type, val any) string {
	if t == nil || val == nil {
		return ""
	}
	if t.Elem != nil {
		list, ok := val.([]any)
		if !ok {
			list = []any{val} // a single value given for a list
		}
		for _, e := range list {
			if why := w.value(t.Elem, e); why != "" {
				return why
			}
		}
		return ""
	}
	def := w.schema.Types[t.NamedType]
	obj, ok := val.(map[string]any)
	if def == nil || def.Kind != ast.InputObject || !ok {
		return ""
	}
	masked := access.Masked(w.v)
	switch {
	case masked && def.Name == "EmployeeOrder":
		if f, _ := obj["field"].(string); f == "NIP" {
			return "order employees by nip, a personal field"
		}
	case masked && def.Name == "EmployeeWhereInput":
		for k := range obj {
			for _, f := range access.Personal {
				if k == f || strings.HasPrefix(k, f) && len(k) > len(f) && unicode.IsUpper(rune(k[len(f)])) {
					return "filter employees by " + f + ", a personal field"
				}
			}
		}
	}
	if src, ok := strings.CutSuffix(def.Name, "WhereInput"); ok {
		for k := range obj {
			if edge, dst, ok := w.edge(def, k); ok && !access.FilterThrough(w.v, src, edge, dst) {
				return fmt.Sprintf("filter %s by %s (%s records it may not all read)", src, k, dst)
			}
		}
	}
	for _, f := range def.Fields {
		if why := w.value(f.Type, obj[f.Name]); why != "" {
			return why
		}
	}
	return ""
}

// edge returns the edge and the entity a where-input field filters
// through (has<Edge> or has<Edge>With), if it is one.
func (w filterWalk) edge(def *ast.Definition, field string) (edge, dst string, ok bool) {
	name, ok := strings.CutPrefix(field, "has")
	if !ok || name == "" || !unicode.IsUpper(rune(name[0])) {
		return "", "", false
	}
	name = strings.TrimSuffix(name, "With")
	with := def.Fields.ForName("has" + name + "With")
	if with == nil {
		return "", "", false
	}
	dst, ok = strings.CutSuffix(with.Type.Name(), "WhereInput")
	return strings.ToLower(name[:1]) + name[1:], dst, ok
}
