// Package limits bounds what one GraphQL operation may ask for before any
// resolver runs: nesting, aliases, directives, fields, nodes, connection
// cost, the size of where arguments, page sizes (Paging), the
// operation's price in rate-limit points (Points), and how many large
// operations run at once (Budget).
package limits

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"kembang/internal/cursor"
	"kembang/internal/fault"
	"kembang/internal/ratelimit"
)

// Limits bound what one operation may ask for. They are checked with the
// request's variables before any resolver runs, so a refused query costs
// no SQL. Zero fields take the defaults documented on each field.
//
// Cost follows GitHub's GraphQL API: a connection costs one request per
// parent object that may hold it, and may return as many nodes as its
// first or last argument (the default page size when absent), multiplied
// down the tree.
type Limits struct {
	MaxDepth      int // deepest field nesting; default 15
	MaxAliases    int // aliased fields; default 30
	MaxDirectives int // directives; default 50
	MaxFields     int // fields visited after expanding fragments; default 2000
	MaxNodes      int // nodes all connections together may return; default 50000
	MaxCost       int // connection requests; default 1000
	MaxWhereDepth int // nesting of where input objects (and, or, not, has…With); default 10
	// MaxWherePredicates caps the conditions of one where argument: every
	// field set in any of its input objects, and every value of a list
	// (idIn: [a, b] counts two); default 200. SQLite refuses expressions
	// nested deeper than 1000 (an or of 1,000 conditions is one), and both
	// stores slow down long before.
	MaxWherePredicates int
	MaxNodeIDs         int // ids of one nodes(ids:) lookup; default DefaultMaxNodeIDs
}

// DefaultMaxNodeIDs is the default of Limits.MaxNodeIDs.
const DefaultMaxNodeIDs = 100

// WithDefaults returns l with its zero fields set to their defaults.
func (l Limits) WithDefaults() Limits {
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&l.MaxDepth, 15)
	def(&l.MaxAliases, 30)
	def(&l.MaxDirectives, 50)
	def(&l.MaxFields, 2000)
	def(&l.MaxNodes, 50000)
	def(&l.MaxCost, 1000)
	def(&l.MaxWhereDepth, 10)
	def(&l.MaxWherePredicates, 200)
	def(&l.MaxNodeIDs, DefaultMaxNodeIDs)
	return l
}

// Usage is what an operation asks for, as measured against Limits.
type Usage struct {
	Depth, Aliases, Directives, Fields int
	Nodes, Cost                        int64
}

// NewGuard returns the handler extension that enforces l and p (zero
// fields take their defaults) and charges each operation's Points to its
// client's budget in rate, if rate is not nil, at the time now returns.
func NewGuard(l Limits, p Paging, rate *ratelimit.Limiter, now func() time.Time) graphql.HandlerExtension {
	if now == nil {
		now = time.Now
	}
	return guard{limits: l.WithDefaults(), paging: p.WithDefaults(), rate: rate, now: now}
}

// guard is the handler extension that enforces Limits and Paging, and
// charges each operation to its client's rate-limit budget.
type guard struct {
	limits Limits
	paging Paging
	rate   *ratelimit.Limiter // nil: no rate limiting
	now    func() time.Time
}

var (
	_ graphql.HandlerExtension        = guard{}
	_ graphql.OperationContextMutator = guard{}
)

// ExtensionName names the extension.
func (guard) ExtensionName() string { return "KembangLimits" }

// Validate accepts any schema.
func (guard) Validate(graphql.ExecutableSchema) error { return nil }

// MutateOperationContext measures the operation and refuses it when it
// exceeds a limit or its client's rate limit; then it waits for the
// operation's weight of the request's Budget, if the HTTP layer gave the
// request a Ticket.
func (g guard) MutateOperationContext(ctx context.Context, rc *graphql.OperationContext) *gqlerror.Error {
	if rc.Operation == nil {
		return nil
	}
	use, err := g.measure(rc.Operation, rc.Variables)
	if err != nil {
		return err
	}
	if err := g.charge(ctx, rc.Operation, use); err != nil {
		return err
	}
	return admit(ctx, use)
}

// admit takes the operation's weight of the budget of the request's
// Ticket (see Budget), waiting for it if need be, and refuses the
// operation with UNAVAILABLE when the request's context ends first.
// Requests without a ticket (the streams', whose operations the guard's
// interceptors weigh one at a time: stream.go) are not weighed here.
func admit(ctx context.Context, use Usage) *gqlerror.Error {
	t, ok := ticketFrom(ctx)
	if !ok {
		return nil
	}
	if err := t.admit(ctx, t.budget.Weight(use)); err != nil {
		return admitError(err)
	}
	return nil
}

// Points returns the rate-limit price of an operation, as GitHub prices
// its GraphQL API: one point per hundred connection requests, at least
// one; a mutation costs at least five.
func Points(op ast.Operation, use Usage) int {
	p := max(1, int((use.Cost+50)/100))
	if op == ast.Mutation {
		p = max(p, 5)
	}
	return p
}

// charge spends the operation's points from the budget of the client the
// HTTP layer identified, and refuses it with RATE_LIMITED when the budget
// is spent. Requests with no identified client are not limited.
func (g guard) charge(ctx context.Context, op *ast.OperationDefinition, use Usage) *gqlerror.Error {
	if g.rate == nil {
		return nil
	}
	report, ok := ratelimit.FromContext(ctx)
	if !ok {
		return nil
	}
	st, granted := g.rate.TakeWithin(report.Key(), report.Limit(), Points(op.Operation, use), g.now())
	report.Record(st, !granted)
	if granted {
		return nil
	}
	f := fault.Newf("RATE_LIMITED", "", "rate limit exceeded: this request costs %d points and %d of %d remain until %s",
		st.Cost, st.Remaining, st.Limit, st.ResetAt.UTC().Format(time.RFC3339))
	return &gqlerror.Error{
		Message: f.Msg,
		Err:     f, // the presenter renders it in the client's language
		Extensions: map[string]any{
			"code":      "RATE_LIMITED",
			"limit":     st.Limit,
			"cost":      st.Cost,
			"remaining": st.Remaining,
			"resetAt":   st.ResetAt.UTC().Format(time.RFC3339),
		},
	}
}

// measure walks op with vars and returns its usage, or the first limit
// it breaks.
func (g guard) measure(op *ast.OperationDefinition, vars map[string]any) (Usage, *gqlerror.Error) {
	w := walker{guard: g, vars: vars}
	err := w.walk(op.SelectionSet, 1, 0)
	return w.use, err
}

// walker accumulates the usage of one operation.
type walker struct {
	guard
	vars map[string]any
	use  Usage
}

// walk visits a selection set whose parent may occur mult times, at the
// given depth.
func (w *walker) walk(set ast.SelectionSet, mult int64, depth int) *gqlerror.Error {
	for _, sel := range set {
		switch sel := sel.(type) {
		case *ast.Field:
			if err := w.field(sel, mult, depth+1); err != nil {
				return err
			}
		case *ast.InlineFragment:
			if err := w.directives(sel.Directives); err != nil {
				return err
			}
			if err := w.walk(sel.SelectionSet, mult, depth); err != nil {
				return err
			}
		case *ast.FragmentSpread:
			if err := w.directives(sel.Directives); err != nil {
				return err
			}
			if sel.Definition != nil {
				if err := w.walk(sel.Definition.SelectionSet, mult, depth); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// field measures one field and its selections.
func (w *walker) field(f *ast.Field, mult int64, depth int) *gqlerror.Error {
	l := w.limits
	w.use.Fields++
	if w.use.Fields > l.MaxFields {
		return limitError(f, "the query selects more than %d fields (fragments expanded)", l.MaxFields)
	}
	if strings.HasPrefix(f.Name, "__") {
		return nil // introspection: bounded by the schema
	}
	if depth > w.use.Depth {
		w.use.Depth = depth
		if depth > l.MaxDepth {
			return limitError(f, "the query is nested deeper than %d levels", l.MaxDepth)
		}
	}
	if f.Alias != "" && f.Alias != f.Name {
		w.use.Aliases++
		if w.use.Aliases > l.MaxAliases {
			return limitError(f, "the query uses more than %d aliases", l.MaxAliases)
		}
	}
	if err := w.directives(f.Directives); err != nil {
		return err
	}
	if f.Definition == nil || (len(f.Arguments) == 0 && len(f.SelectionSet) == 0) {
		return nil
	}
	args := f.ArgumentMap(w.vars)
	if err := w.input(f, args); err != nil {
		return err
	}
	child := mult
	switch {
	case isConnection(f.Definition):
		rows, err := w.paging.size(f, args)
		if err != nil {
			return err
		}
		w.use.Cost += mult
		w.use.Nodes += mult * rows * nodeCopies(f.SelectionSet)
		child = mult * max(rows, 1)
	case f.Name == "nodes" && f.ObjectDefinition != nil && f.ObjectDefinition.Name == "Query":
		ids, _ := args["ids"].([]any)
		if len(ids) > l.MaxNodeIDs {
			return errorAt(f, "ids", "nodes: at most %d ids per request, got %d", l.MaxNodeIDs, len(ids))
		}
		w.use.Nodes += int64(len(ids))
		child = mult * int64(max(len(ids), 1))
	}
	if w.use.Cost > int64(l.MaxCost) {
		return limitError(f, "the query would make more than %d connection requests (cost); ask for smaller pages or fewer nested connections", l.MaxCost)
	}
	if w.use.Nodes > int64(l.MaxNodes) {
		return limitError(f, "the query could return more than %d nodes; ask for smaller pages or fewer nested connections", l.MaxNodes)
	}
	return w.walk(f.SelectionSet, child, depth)
}

// input checks the arguments of f before any resolver runs, so that a
// value no store may take costs no SQL and is refused alike on every
// store: the nesting and the number of conditions of a where argument,
// text with a NUL character (PostgreSQL refuses it in text columns), and
// the cursors of a connection, which must be ones this connection wrote
// under the same order (package cursor). Each refusal is BAD_USER_INPUT
// naming the argument or input field.
func (w *walker) input(f *ast.Field, args map[string]any) *gqlerror.Error {
	l := w.limits
	if where, ok := args["where"]; ok {
		if d := nesting(where); d > l.MaxWhereDepth {
			return errorAt(f, "where", "%s: where is nested %d levels deep, more than %d", f.Alias, d, l.MaxWhereDepth)
		}
		if n := predicates(where); n > l.MaxWherePredicates {
			return errorAt(f, "where", "%s: where has %d conditions, more than %d: ask for fewer at a time", f.Alias, n, l.MaxWherePredicates)
		}
	}
	for _, a := range f.Definition.Arguments {
		if name, ok := withNUL(a.Name, args[a.Name]); ok {
			return errorAt(f, name, "%s: text may not contain the NUL character (U+0000)", name)
		}
	}
	if isConnection(f.Definition) {
		for _, arg := range []string{"after", "before"} {
			if s, ok := args[arg].(string); ok {
				if _, err := cursor.Check(f, w.vars, arg, s); err != nil {
					if fe, ok := fault.As(err); ok && fe.Field != "" {
						format, fargs := fe.Template()
						return errorAt(f, arg, "%s: %v", fe.Field, fault.Textf(format, fargs...))
					}
					return errorAt(f, arg, "%s", err)
				}
			}
		}
	}
	return nil
}

// predicates counts the conditions of a where input value: the fields set
// in its objects, with every value of a list counted, and the objects of
// and, or and not counted by their own fields.
func predicates(v any) int {
	n := 0
	switch v := v.(type) {
	case map[string]any:
		for _, c := range v {
			n += predicates(c)
		}
	case []any:
		for _, c := range v {
			n += predicates(c)
		}
	case []map[string]any: // a variable of one object, coerced to a list
		for _, c := range v {
			n += predicates(c)
		}
	default:
		return 1
	}
	return n
}

// withNUL returns the name of the argument or input field (name, or one
// within v) whose text in v holds a NUL character.
func withNUL(name string, v any) (string, bool) {
	switch v := v.(type) {
	case string:
		return name, strings.IndexByte(v, 0) >= 0
	case []any:
		for _, c := range v {
			if n, ok := withNUL(name, c); ok {
				return n, true
			}
		}
	case []map[string]any: // a variable of one object, coerced to a list
		for _, c := range v {
			if n, ok := withNUL(name, c); ok {
				return n, true
			}
		}
	case map[string]any:
		for k, c := range v {
			if n, ok := withNUL(k, c); ok {
				return n, true
			}
		}
	}
	return "", false
}

// directives counts directives.
func (w *walker) directives(ds ast.DirectiveList) *gqlerror.Error {
	w.use.Directives += len(ds)
	if w.use.Directives > w.limits.MaxDirectives {
		return limitError(nil, "the query uses more than %d directives", w.limits.MaxDirectives)
	}
	return nil
}

// nesting returns how deeply input objects nest in v.
func nesting(v any) int {
	d := 0
	switch v := v.(type) {
	case map[string]any:
		for _, c := range v {
			d = max(d, nesting(c))
		}
		return d + 1
	case []any:
		for _, c := range v {
			d = max(d, nesting(c))
		}
	case []map[string]any: // a variable of one object, coerced to a list
		for _, c := range v {
			d = max(d, nesting(c))
		}
	}
	return d
}

// limitError reports a query refused by a limit.
func limitError(f *ast.Field, format string, args ...any) *gqlerror.Error {
	e := errorAt(f, "", format, args...)
	e.Extensions["code"] = "QUERY_TOO_COMPLEX"
	e.Err.(*fault.Error).Code = "QUERY_TOO_COMPLEX"
	return e
}

// nodeCopies returns how many times a connection whose selection set is
// set writes each of its nodes: once per response name of node below each
// response name of edges (e1: edges { node { … } n2: node { … } } e2:
// edges { node { … } } writes each three times), at least once. The
// models are loaded once and shared (docs/performance.md, change 56), but
// the response holds every copy, so each costs its nodes again. A set
// without an alias on edges or node answers 1 without allocating.
func nodeCopies(set ast.SelectionSet) int64 {
	if !aliases(set, "edges", 0) {
		return 1
	}
	var edges []string
	eachField(set, func(f *ast.Field) {
		if f.Name == "edges" && !slices.Contains(edges, f.Alias) {
			edges = append(edges, f.Alias)
		}
	})
	var n int64
	for _, e := range edges {
		var nodes []string
		eachField(set, func(f *ast.Field) {
			if f.Name != "edges" || f.Alias != e {
				return
			}
			eachField(f.SelectionSet, func(f *ast.Field) {
				if f.Name == "node" && !slices.Contains(nodes, f.Alias) {
					nodes = append(nodes, f.Alias)
				}
			})
		})
		n += int64(len(nodes))
	}
	return max(n, 1)
}

// aliases reports whether set selects a field named name (edges, at depth
// 0) under an alias, or below it a field named node under one (depth 1),
// through fragments.
func aliases(set ast.SelectionSet, name string, depth int) bool {
	found := false
	eachField(set, func(f *ast.Field) {
		if found || f.Name != name {
			return
		}
		if f.Alias != "" && f.Alias != f.Name {
			found = true
		} else if depth == 0 {
			found = aliases(f.SelectionSet, "node", 1)
		}
	})
	return found
}

// eachField calls fn with every field of set, through inline fragments
// and fragment spreads, whatever their type conditions and directives (an
// upper bound, as the rest of the walk). It enters each fragment once: a
// fragment spread twice adds the same response names again, and thirty
// fragments each spreading the next twice would otherwise be 2^31 steps
// before the walk's field count could refuse them (docs/performance.md,
// change 60). A set without fragment spreads allocates nothing.
func eachField(set ast.SelectionSet, fn func(*ast.Field)) {
	var seen map[*ast.FragmentDefinition]struct{}
	eachFieldOnce(set, fn, &seen)
}

// eachFieldOnce is eachField, seen holding the fragments already entered
// (created at the first spread).
func eachFieldOnce(set ast.SelectionSet, fn func(*ast.Field), seen *map[*ast.FragmentDefinition]struct{}) {
	for _, sel := range set {
		switch sel := sel.(type) {
		case *ast.Field:
			fn(sel)
		case *ast.InlineFragment:
			eachFieldOnce(sel.SelectionSet, fn, seen)
		case *ast.FragmentSpread:
			if sel.Definition == nil {
				continue
			}
			if *seen == nil {
				*seen = make(map[*ast.FragmentDefinition]struct{})
			}
			if _, ok := (*seen)[sel.Definition]; ok {
				continue
			}
			(*seen)[sel.Definition] = struct{}{}
			eachFieldOnce(sel.Definition.SelectionSet, fn, seen)
		}
	}
}
