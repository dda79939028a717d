package graph

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"sync"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"kembang/internal/access"
	"kembang/internal/domain/phrase"
	"kembang/internal/entx/semijoin"
	"kembang/internal/fault"
	"kembang/internal/queryplan"
	"kembang/internal/viewer"
)

// argGuard parses the arguments of every field of an operation before any
// resolver runs, with the executor's own parse functions (parseFieldArgs,
// generated from tools/codegen/gqlplugin's fieldargs.gotpl), keeps them for the executor (the
// operation's cache, fieldArgs), and refuses the operation when a filter
// or an order would reveal what the viewer may not read:
//
//   - a filter or order by a field the viewer sees masked
//     (access.MaskedField, the table the masking itself uses): a masked
//     NIP would be no protection if nipHasPrefix or an order by NIP could
//     still reveal it;
//   - a filter through an edge into rows the read rules would hide
//     (access.FilterThrough): has…With conditions are SQL subqueries that
//     no policy narrows.
//
// It checks the typed values the resolvers get, after variables are
// substituted and coerced (a single object given for a list is a list of
// one), at every depth (hasEmployeeWith inside another entity's where,
// and, or, not), in every field of the document (fragments included), so
// that no spelling of a filter escapes it.
type argGuard struct {
	exec   *executableSchema
	schema *ast.Schema
	goType *goFields
}

var (
	_ graphql.HandlerExtension        = argGuard{}
	_ graphql.OperationContextMutator = argGuard{}
)

// newArgGuard returns the guard of exec's operations.
func newArgGuard(exec graphql.ExecutableSchema) argGuard {
	return argGuard{exec: exec.(*executableSchema), schema: exec.Schema(), goType: &goFields{}}
}

// ExtensionName implements graphql.HandlerExtension.
func (argGuard) ExtensionName() string { return "ArgumentGuard" }

// Validate implements graphql.HandlerExtension.
func (argGuard) Validate(graphql.ExecutableSchema) error { return nil }

// MutateOperationContext implements graphql.OperationContextMutator. It
// runs after opCaches, whose cache it fills.
func (g argGuard) MutateOperationContext(ctx context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if oc.Operation == nil {
		return nil
	}
	v, _ := viewer.FromContext(ctx)
	ec := newExecutionContext(oc, g.exec, nil)
	w := &argWalk{
		guard: g,
		ctx:   ctx,
		v:     v,
		ec:    ec,
		cache: ec.cache(),
		seen:  map[string]bool{},
	}
	if err := w.selections(oc.Operation.SelectionSet); err != nil {
		return err
	}
	if w.throughEdges && w.ranges {
		// A filter through an edge with a range is a semi-join whose best
		// plan depends on the range's values (a year of one agency's
		// enrollments): a prepared statement's generic plan, made once for
		// any values, misjudged it by 58× (docs/performance.md,
		// edge_filter_year). Its operation's statements are planned for
		// their arguments. An edge filter without a range (an agency's
		// employees of a job type) keeps the generic plan, which serves it
		// well and saves the planning.
		//
		// When every filter through an edge also pins a key of the
		// neighbour (hasEmployeeWith: {agencyID: …}), few neighbours
		// match: the statements read the neighbours' keys as an array and
		// their rows through the foreign key's index (semijoin.ByKeys,
		// docs/performance.md, change 28).
		byKeys := w.keyedEdges == w.edgeFilters
		next := oc.RootResolverMiddleware
		oc.RootResolverMiddleware = func(ctx context.Context, r graphql.RootResolver) graphql.Marshaler {
			ctx = queryplan.WithCustom(ctx)
			if byKeys {
				ctx = semijoin.ByKeys(ctx)
			}
			return next(ctx, r)
		}
	} else if w.referenceCounts() {
		// The operation's one filter through an edge is its counts' only
		// index path: they may read it as an array of the neighbours'
		// keys when the edge leads to reference data (semijoin.Reference,
		// docs/performance.md change 59).
		next := oc.RootResolverMiddleware
		oc.RootResolverMiddleware = func(ctx context.Context, r graphql.RootResolver) graphql.Marshaler {
			return next(semijoin.ReferenceCounts(ctx), r)
		}
	}
	return nil
}

// referenceCounts reports whether the operation's counts may read a
// filter through an edge to reference data as an array of keys
// (semijoin.ReferenceCounts): the array must then be the only access path
// of the counted rows an index serves, so that the planner, which takes
// any such array for ten keys, has no other path to prefer wrongly, and
// no filter of the row outside the index makes it fetch each row
// (docs/performance.md change 59: golongan with a FUNGSIONAL position,
// 387,583 heap fetches, twice EXISTS's time). That is: exactly one filter
// through an edge, no range, every other filter of the rows a Boolean
// (the columns an index leading with the foreign key holds:
// schema.TestReferenceEdges), and a viewer who reads every row of the
// counted entity (no privacy predicate: an HR officer's agency index
// would compete with the array). The neighbour's own filters, inside the
// array's subquery, are free. The filter must be an argument of a root
// field (Query.employees): a connection below a node adds its parent's
// predicate (an agency's employees), an index path the guard cannot see,
// and a count it computes on its own (Paginate's) would then read the
// array against it; with the one filter at the root, no count below holds
// a filter through an edge at all.
func (w *argWalk) referenceCounts() bool {
	return w.edgeFilters == 1 && !w.ranges && !w.otherFilters && w.readsAll
}

// argWalk is one operation's walk by argGuard.
type argWalk struct {
	guard argGuard
	ctx   context.Context
	v     viewer.Viewer
	ec    *executionContext
	cache *opCache        // nil: the parsed arguments are not kept
	seen  map[string]bool // fragments walked

	throughEdges bool // a where input filters through an edge
	ranges       bool // a where input has a range predicate (GT, GTE, LT, LTE)
	edgeFilters  int  // filters through an edge (has<Edge>With) given
	keyedEdges   int  // those of them that pin a key of the neighbour (pinsKey)
	// otherFilters: a where input of the rows filtered (not a
	// neighbour's, inside a filter through an edge) sets a field other
	// than a filter through an edge or a Boolean (referenceCounts).
	otherFilters bool
	// readsAll: the filter through an edge is an argument of a root
	// field, whose rows the viewer all reads (referenceCounts).
	readsAll bool
	root     bool // the arguments walked are a root field's
	inEdge   int  // depth of the walk inside filters through edges
}

// selections checks the arguments of every field in set and below.
func (w *argWalk) selections(set ast.SelectionSet) *gqlerror.Error {
	for _, s := range set {
		switch s := s.(type) {
		case *ast.Field:
			if err := w.field(s); err != nil {
				return err
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

// field parses the arguments of f, keeps them, and checks them.
func (w *argWalk) field(f *ast.Field) *gqlerror.Error {
	if f.Definition == nil || len(f.Definition.Arguments) == 0 || f.ObjectDefinition == nil {
		return nil
	}
	args, err := w.parse(f)
	if err != nil {
		// The executor reports the same error on the field, which then
		// does not resolve.
		return nil
	}
	if args == nil {
		if w.hasInput(f.Definition.Arguments) {
			e := gqlerror.ErrorPosf(f.Position, "internal error")
			e.Extensions = map[string]any{"code": string(fault.Internal)}
			return e // a field whose filters cannot be checked is not run
		}
		return nil
	}
	w.root = w.guard.schema.Query != nil && f.ObjectDefinition.Name == w.guard.schema.Query.Name
	for _, a := range f.Definition.Arguments {
		if why := w.value(a.Type, reflect.ValueOf(args[a.Name])); why.Format != "" {
			refusal := access.Forbidden(w.v, "%v", why)
			e := gqlerror.ErrorPosf(f.Position, "%s", refusal.Error())
			e.Extensions = map[string]any{"code": string(fault.Forbidden), "field": a.Name}
			e.Err = refusal // its template: the presenter renders it in the client's language
			return e
		}
	}
	return nil
}

// parse returns the parsed arguments of f, as the executor parses them,
// kept in the operation's cache; nil when no object type f may be
// resolved on has a parse function for it.
func (w *argWalk) parse(f *ast.Field) (map[string]any, error) {
	objects := []string{f.ObjectDefinition.Name}
	if f.ObjectDefinition.IsAbstractType() {
		objects = objects[:0]
		for _, d := range w.guard.schema.GetPossibleTypes(f.ObjectDefinition) {
			objects = append(objects, d.Name)
		}
	}
	for _, o := range objects {
		args, ok, err := w.ec.parseFieldArgs(w.ctx, o, f)
		if err != nil {
			return nil, err
		}
		if ok {
			w.cache.keepArgs(f, args)
			return args, nil
		}
	}
	return nil, nil
}

// hasInput reports whether one of args takes an input object, whose
// fields may filter.
func (w *argWalk) hasInput(args ast.ArgumentDefinitionList) bool {
	for _, a := range args {
		if d := w.guard.schema.Types[a.Type.Name()]; d != nil && d.Kind == ast.InputObject {
			return true
		}
	}
	return false
}

// value returns why the parsed value rv of an argument or input field of
// type t is refused, or the zero Text.
func (w *argWalk) value(t *ast.Type, rv reflect.Value) fault.Text {
	rv = indirect(rv)
	if !rv.IsValid() {
		return fault.Text{}
	}
	if rv.Kind() == reflect.Slice && t.Elem != nil {
		for i := range rv.Len() {
			if why := w.value(t.Elem, rv.Index(i)); why.Format != "" {
				return why
			}
		}
		return fault.Text{}
	}
	def := w.guard.schema.Types[t.Name()]
	if def == nil || def.Kind != ast.InputObject || rv.Kind() != reflect.Struct {
		return fault.Text{}
	}
	where, isWhere := strings.CutSuffix(def.Name, "WhereInput")
	order, isOrder := strings.CutSuffix(def.Name, "Order")
	fields := w.guard.goType.of(w.guard.schema, def, rv.Type())
	for i := range fields {
		f := &fields[i]
		if f.resolved {
			// Turned into a predicate by its resolver: checked as a filter
			// by the field it reads, given or not.
			if access.MaskedField(w.v, where, f.resolvedBy) {
				return fault.Textf("filter %s by %s, a personal field", phrase.Noun(plural(where)), f.resolvedBy)
			}
			continue
		}
		if f.index < 0 {
			return fault.Textf("use %s.%s, which the server cannot check", def.Name, f.def.Name)
		}
		fv := rv.Field(f.index)
		if fv.IsZero() {
			continue
		}
		switch {
		case isWhere:
			if access.MaskedField(w.v, where, f.predicate) {
				return fault.Textf("filter %s by %s, a personal field", phrase.Noun(plural(where)), f.predicate)
			}
			w.throughEdges = w.throughEdges || f.through
			if f.through {
				w.edgeFilters++
				if w.pinsKey(f.def.Type, fv) {
					w.keyedEdges++
				}
				if w.inEdge == 0 {
					w.readsAll = w.root && access.ReadsAll(w.ctx, where)
				}
			} else if w.inEdge == 0 && !isBoolean(f.def.Type) {
				w.otherFilters = true
			}
			w.ranges = w.ranges || f.isRange
			if f.through && !access.FilterThrough(w.ctx, where, f.edge, f.dst) {
				return fault.Textf("filter %s by %s (%s records it may not all read)", phrase.Noun(plural(where)), f.def.Name, f.dst)
			}
		case isOrder && f.def.Name == "field":
			if name := orderField(fv); access.MaskedField(w.v, order, name) {
				return fault.Textf("order %s by %s, a personal field", phrase.Noun(plural(order)), name)
			}
		}
		if f.through {
			w.inEdge++
		}
		why := w.value(f.def.Type, fv)
		if f.through {
			w.inEdge--
		}
		if why.Format != "" {
			return why
		}
	}
	return fault.Text{}
}

// isBoolean reports whether t is the type Boolean, not a list.
func isBoolean(t *ast.Type) bool {
	return t.Elem == nil && t.NamedType == "Boolean"
}

// resolvedFilters are the where-input fields that have no Go field, since
// their resolvers add predicates instead (extend input … in graph/*.graphqls),
// with the entity field each filters by: the only input fields the guard
// lets through without a Go field, so that a new one is refused until it
// is listed here.
var resolvedFilters = map[string]string{
	"ForumWhereInput.hasStakeholderGroup": "stakeholderGroups",
}

// rangePredicate reports whether the where-input field name is a range
// predicate (completedAtGTE).
func rangePredicate(name string) bool {
	for _, s := range []string{"GT", "GTE", "LT", "LTE"} {
		if strings.HasSuffix(name, s) {
			return true
		}
	}
	return false
}

// predicateSuffixes are the suffixes of entgql's where-input predicates
// on a field (nip, nipNEQ, nipIn, nipHasPrefix, …), longest first where
// one ends another.
var predicateSuffixes = []string{
	"NEQ", "NotIn", "In", "GTE", "GT", "LTE", "LT", "ContainsFold", "Contains",
	"HasPrefix", "HasSuffix", "EqualFold", "IsNil", "NotNil",
}

// predicateField returns the field of entity a where-input field filters
// by (nip for nipHasPrefix), or "" when it filters by none (and, has…).
func predicateField(schema *ast.Schema, entity, name string) string {
	obj := schema.Types[entity]
	if obj == nil {
		return ""
	}
	if obj.Fields.ForName(name) != nil {
		return name
	}
	for _, s := range predicateSuffixes {
		if f, ok := strings.CutSuffix(name, s); ok && obj.Fields.ForName(f) != nil {
			return f
		}
	}
	return ""
}

// edge returns the edge and the entity a where-input field filters
// through (has<Edge> or has<Edge>With), if it is one.
func edgeOf(def *ast.Definition, field string) (edge, dst string, ok bool) {
	name, ok := strings.CutPrefix(field, "has")
	if !ok || name == "" || name[0] < 'A' || name[0] > 'Z' {
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

// pinsKey reports whether the where input rv of type t (the value of a
// has<Edge>With filter: a list of where inputs, all of which apply)
// pins a key of the neighbour: one of its inputs sets id or a foreign
// key (agencyID, unitID) to one value. A filter that pins a key selects
// few neighbours (one, or an agency's); any other may select most.
func (w *argWalk) pinsKey(t *ast.Type, rv reflect.Value) bool {
	rv = indirect(rv)
	if rv.Kind() == reflect.Slice && t.Elem != nil {
		for i := range rv.Len() {
			if w.pinsKey(t.Elem, rv.Index(i)) {
				return true
			}
		}
		return false
	}
	def := w.guard.schema.Types[t.Name()]
	if def == nil || rv.Kind() != reflect.Struct {
		return false
	}
	for _, f := range w.guard.goType.of(w.guard.schema, def, rv.Type()) {
		if f.key && f.index >= 0 && !rv.Field(f.index).IsZero() {
			return true
		}
	}
	return false
}

// indirect follows rv's pointers and interfaces to the value they hold:
// the zero Value when one of them is nil.
func indirect(rv reflect.Value) reflect.Value {
	for rv.Kind() == reflect.Pointer || rv.Kind() == reflect.Interface {
		if rv.IsNil() {
			return reflect.Value{}
		}
		rv = rv.Elem()
	}
	return rv
}

// orderFields holds enumField of each order enum value met (string →
// string): gqlgen accepts only the schema's values, so the set is small
// and bounded, and the walk of an ordered page no longer formats and
// splits the value on every request (docs/performance.md, change 58).
var orderFields sync.Map

// orderField returns the field an order's field value (an entgql
// OrderField, a fmt.Stringer) names.
func orderField(fv reflect.Value) string {
	var value string
	if s, ok := fv.Interface().(fmt.Stringer); ok {
		value = s.String()
	} else {
		value = fmt.Sprint(fv.Interface())
	}
	if name, ok := orderFields.Load(value); ok {
		return name.(string)
	}
	name := enumField(value)
	orderFields.Store(value, name)
	return name
}

// enumField returns the field an order enum value names: FULL_NAME is
// fullName.
func enumField(value string) string {
	parts := strings.Split(strings.ToLower(value), "_")
	for i := 1; i < len(parts); i++ {
		if parts[i] != "" {
			parts[i] = strings.ToUpper(parts[i][:1]) + parts[i][1:]
		}
	}
	return strings.Join(parts, "")
}

// plural names an entity's rows in refusals: employees, enrollments.
func plural(entity string) string {
	s := strings.ToLower(entity[:1]) + entity[1:]
	if strings.HasSuffix(s, "y") {
		return s[:len(s)-1] + "ies"
	}
	return s + "s"
}

// goFields holds, for each input object and the Go struct gqlgen parses
// it into, what the guard needs to know of each of its fields, worked out
// once: the walk of an operation's arguments then reads only the fields
// given. gqlgen names the Go fields after the GraphQL fields, initial
// upper case and initialisms upper (nipHasPrefix is NipHasPrefix, idIn is
// IDIn), so names match without regard to case.
type goFields struct{ m sync.Map } // inputType → []inputField

// inputType is an input object and the Go struct it is parsed into.
type inputType struct {
	def string
	t   reflect.Type
}

// inputField is what the guard knows of one field of an input object.
type inputField struct {
	def   *ast.FieldDefinition
	index int // of the Go field; -1 when there is none

	resolved   bool   // turned into a predicate by its resolver (resolvedFilters)
	resolvedBy string // the entity field it then filters by

	predicate string // the entity field a where-input field filters by ("" for none)
	through   bool   // a filter through an edge (has<Edge>, has<Edge>With)
	edge, dst string // that edge and the entity it reaches
	isRange   bool   // a range predicate (rangePredicate)
	key       bool   // id or a foreign key (pinsKey)
}

// of returns the fields of the input object def parsed into the Go struct
// t, in def's order.
func (g *goFields) of(schema *ast.Schema, def *ast.Definition, t reflect.Type) []inputField {
	k := inputType{def.Name, t}
	if m, ok := g.m.Load(k); ok {
		return m.([]inputField)
	}
	byName := make(map[string]int, t.NumField())
	for i := range t.NumField() {
		byName[strings.ToLower(t.Field(i).Name)] = i
	}
	where, isWhere := strings.CutSuffix(def.Name, "WhereInput")
	fields := make([]inputField, len(def.Fields))
	for n, f := range def.Fields {
		i, ok := byName[strings.ToLower(f.Name)]
		if !ok {
			i = -1
		}
		by, resolved := resolvedFilters[def.Name+"."+f.Name]
		fields[n] = inputField{
			def:        f,
			index:      i,
			resolved:   !ok && resolved,
			resolvedBy: by,
			isRange:    rangePredicate(f.Name),
			key:        f.Name == "id" || strings.HasSuffix(f.Name, "ID"),
		}
		if isWhere {
			fields[n].predicate = predicateField(schema, where, f.Name)
			fields[n].edge, fields[n].dst, fields[n].through = edgeOf(def, f.Name)
		}
	}
	g.m.Store(k, fields)
	return fields
}

// errSystemRights is the cause of a field refused by asViewer.
var errSystemRights = fmt.Errorf("graph: a field was to resolve with the server's rights")

// asViewer is the field middleware that refuses to resolve any field
// with the server's rights (access.System): everything a client sees is
// read as its viewer. gqlgen resolves a field's children with the context
// its resolver chain passed on, so a directive or middleware that raised
// the rights would hand them to the whole subtree; this makes such a
// mistake an internal error, caught by every test, instead of a leak.
func asViewer(ctx context.Context, next graphql.Resolver) (any, error) {
	if access.HasSystemRights(ctx) {
		return nil, errSystemRights
	}
	return next(ctx)
}
