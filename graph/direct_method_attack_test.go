package graph_test

import (
	"strings"
	"testing"

	"kembang/graph"
	"kembang/internal/store/storetest"
)

// The queries below were written by the outside review of change 51
// (docs/performance.md, change 54): the fields that call a model's method
// with arguments (37 connections, five introspection fields) resolved
// without ResolveField (gqlplugin.MethodField), and the rights check
// answered once per list (checkedCtx). Each is answered with and without
// the fast paths for eight viewers; the responses, data and errors with
// their paths, must be byte-identical.

// methodIntrospectionQuery reaches the five introspection fields with
// arguments (__Type.fields, enumValues and inputFields, __Field.args,
// __Directive.args), with and without their arguments, under __type and
// __schema: refused for anonymous callers (NoAnonymousIntrospection).
const methodIntrospectionQuery = `{
  __type(name: "Employee") { name fields(includeDeprecated: true) { name isDeprecated args { name defaultValue type { kind name ofType { kind name } } } } }
  __schema {
    directives { name args(includeDeprecated: true) { name } }
    types { name fields { name args { name } } enumValues(includeDeprecated: false) { name } inputFields { name } }
  }
}`

// methodArgsQuery passes every argument of a connection through
// variables, on an employee's own connection and on the connections of
// the elements of a list (errors on paths with indexes), so that the
// arguments' errors (a negative count, first with last, a cursor that is
// none or another connection's, a filter's bad ID) and the method's (a
// page ent refuses) are reported as ResolveField reports them.
const methodArgsQuery = `query ($id: ID!, $n: Int, $l: Int, $c: Cursor, $o: [EnrollmentOrder!], $w: EnrollmentWhereInput) {
  node(id: $id) { ... on Employee {
    own: enrollments(first: $n, last: $l, after: $c, orderBy: $o, where: $w) { totalCount pageInfo { hasNextPage startCursor endCursor } edges { cursor node { id status } } }
    agency { employees(first: 2) { edges { node { nip e: enrollments(first: $n, last: $l, after: $c, orderBy: $o, where: $w) { totalCount edges { node { id } } } } } } }
  } }
}`

// methodConcurrentQuery selects a field with a resolver of its own
// (developmentHours) beside connections in the elements of lists, so that
// the elements are marshalled concurrently (graphql.MarshalSliceConcurrently,
// whose elements' contexts are no checkedCtx), and a resolver's connection
// (employeesBelowTarget, ResolveField) with method connections below it.
const methodConcurrentQuery = `query ($id: ID!, $agency: ID!) {
  node(id: $id) { ... on Employee {
    agency { employees(first: 3) { edges { node { nip developmentHours(year: 2025) enrollments(first: 2) { totalCount edges { node { status session { name enrollments(first: 1) { totalCount } } } } } } } } }
  } }
  complianceReport(agencyId: $agency, year: 2025) {
    employeesBelowTarget(first: 2) { edges { node { nip reports(first: 1) { totalCount edges { node { nip } } } assessments(first: 1) { totalCount } } } }
  }
}`

// methodNodesQuery reaches every connection with personal records from
// node: a partner's API keys, sessions and plan items, a position's holders
// and aspirants, a unit's employees, a session's enrolments and
// evaluations, and an employee's reports, assessments, claims, projects,
// education and certifications, each under two aliases with different
// arguments.
const methodNodesQuery = `query ($ids: [ID!]!) {
  nodes(ids: $ids) {
    __typename id
    ... on Partner { name apiKeys(first: 5) { totalCount edges { node { keyID name createdBy } } } k: apiKeys(last: 1) { edges { cursor } }
      sessions(first: 2) { totalCount edges { node { id } } } planItems(first: 2) { totalCount } programs(first: 2) { totalCount } }
    ... on Position { title holders(first: 3) { totalCount edges { node { nip fullName } } } h: holders(last: 1) { edges { cursor node { nip } } }
      aspirants(first: 3) { totalCount edges { node { nip } } } }
    ... on Unit { name employees(first: 3) { totalCount edges { node { nip } } } trainingNeeds(first: 2) { totalCount } }
    ... on Session { name enrollments(first: 3) { totalCount edges { node { status employee { nip } } } } evaluations(first: 3) { totalCount edges { node { id } } } }
    ... on Employee { nip reports(first: 2) { totalCount edges { node { nip } } } assessments(first: 2) { totalCount edges { node { id } } }
      claims(first: 2) { totalCount } changeProjects(first: 2) { totalCount } mentoredProjects(first: 2) { totalCount }
      educationRecords(first: 2) { totalCount edges { node { id } } } certifications(first: 2) { totalCount edges { node { id } } }
      x: certifications(last: 1) { edges { cursor } } }
  }
}`

// TestDirectMethodAttack answers the queries above, and the connections'
// arguments in good and bad forms, for eight viewers on both stores with
// and without the fast paths: the responses must be byte-identical, the
// masked viewers must see no full NIP, and the admin's answers must hold
// data (an attack that only errs proves little).
func TestDirectMethodAttack(t *testing.T) {
	for _, dialect := range storetest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			t.Parallel()
			direct, resolved := attackServersWith(t, dialect, func(o *graph.Options) {
				o.Introspection = true
				o.NoAnonymousIntrospection = true
			})
			emp, ids := attackIDs(t, direct)
			viewers := attackViewers(t, direct, emp)
			var more struct {
				Node struct {
					Agency   struct{ ID string }
					Unit     struct{ ID string }
					Position struct{ ID string }
				}
				Partners struct {
					Edges []struct {
						Node struct{ ID string } `json:"node"`
					} `json:"edges"`
				} `json:"partners"`
				Employees struct {
					Edges []struct {
						Cursor string `json:"cursor"`
					} `json:"edges"`
				} `json:"employees"`
			}
			direct.ok(`query ($id: ID!) {
				node(id: $id) { ... on Employee { agency { id } unit { id } position { id } } }
				partners(first: 2, orderBy: [{ field: NAME }]) { edges { node { id } } }
				employees(first: 1) { edges { cursor } }
			}`, map[string]any{"id": emp}, &more)
			nodeIDs := append([]string{more.Node.Unit.ID, more.Node.Position.ID}, ids...)
			for _, p := range more.Partners.Edges {
				nodeIDs = append(nodeIDs, p.Node.ID)
			}
			nips := fullNIPs(t, direct, ids)
			qs := []attackQuery{
				{"introspection", methodIntrospectionQuery, nil},
				{"concurrent", methodConcurrentQuery, map[string]any{"id": emp, "agency": more.Node.Agency.ID}},
				{"nodes", methodNodesQuery, map[string]any{"ids": nodeIDs}},
			}
			for name, vars := range map[string]map[string]any{
				"good":                  {"n": 2, "o": []any{map[string]any{"field": "STATUS", "direction": "DESC"}}, "w": map[string]any{"statusNotIn": []any{"WITHDRAWN"}}},
				"last":                  {"l": 1},
				"negative":              {"n": -1},
				"first and last":        {"n": 1, "l": 1},
				"not a cursor":          {"n": 1, "c": "not-a-cursor"},
				"another's cursor":      {"n": 1, "c": more.Employees.Edges[0].Cursor},
				"a bad ID in a filter":  {"n": 1, "w": map[string]any{"idIn": []any{"xyz"}}},
				"a node's ID":           {"n": 1, "w": map[string]any{"employeeID": emp}},
				"empty filters":         {"n": 1, "w": map[string]any{"not": map[string]any{}, "and": []any{}, "or": []any{}}},
				"an edge filter":        {"n": 1, "w": map[string]any{"hasSessionWith": []any{map[string]any{"nameHasPrefix": "A"}}}},
				"an empty order":        {"n": 1, "o": []any{}},
				"a field ordered twice": {"n": 1, "o": []any{map[string]any{"field": "STATUS"}, map[string]any{"field": "STATUS", "direction": "DESC"}}},
			} {
				vars["id"] = emp
				qs = append(qs, attackQuery{"arguments, " + name, methodArgsQuery, vars})
			}
			compareAttack(t, direct, resolved, viewers, qs, nips, func(q attackQuery, got string) {
				if len(got) < 100 || (!strings.HasPrefix(q.name, "arguments") && !strings.HasSuffix(got, "\nerrors ")) {
					t.Errorf("admin, %s: an error or a short response proves too little: %s", q.name, got)
				}
			})
		})
	}
}

// TestFirstAndLastRefused asks for a page from both ends (first with
// last), at the root and below a node, literally and through variables,
// on both stores: the client's error (BAD_USER_INPUT naming last) before
// any SQL. Found by TestDirectMethodAttack: below a node, ent's eager
// loading reported entgql's refusal wrapped, which the error presenter
// masked as an internal error nulling the node.
func TestFirstAndLastRefused(t *testing.T) {
	for _, dialect := range storetest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			t.Parallel()
			direct, _ := attackServers(t, dialect)
			emp, _ := attackIDs(t, direct)
			for name, c := range map[string]struct {
				query string
				vars  map[string]any
			}{
				"root":         {`{ employees(first: 1, last: 1) { totalCount } }`, nil},
				"below a node": {`query ($id: ID!) { node(id: $id) { ... on Employee { enrollments(first: 1, last: 1) { totalCount } } } }`, map[string]any{"id": emp}},
				"through variables": {`query ($id: ID!, $f: Int, $l: Int) { node(id: $id) { ... on Employee { agency { employees(first: 2) { edges { node { enrollments(first: $f, last: $l) { totalCount } } } } } } } }`,
					map[string]any{"id": emp, "f": 1, "l": 1}},
			} {
				r := direct.do(c.query, c.vars)
				if len(r.Errors) != 1 || r.code() != "BAD_USER_INPUT" || r.field() != "last" || strings.Contains(string(r.Data), "totalCount") {
					t.Errorf("%s: data %s, errors %+v; want one BAD_USER_INPUT naming last and no data", name, r.Data, r.Errors)
				}
			}
		})
	}
}
