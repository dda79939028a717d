package graph_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"github.com/99designs/gqlgen/graphql"

	"kembang/graph"
	"kembang/internal/store"
	"kembang/internal/store/storetest"
	"kembang/internal/viewer"
)

// The attack queries below were written by an outside review of the
// object fields marshalled without ResolveField (docs/performance.md,
// changes 44 and 48). Each is answered by a server that takes the fast
// paths and by one whose no-op field middleware turns them off; the
// responses must be byte-identical for every viewer.

// attackNodesQuery reaches the direct fields through node and nodes with
// fragments on several types: the same to-many edge under two aliases
// with different selections, an alias equal to another edge's field name
// (evaluations: signedOffEvaluations; on Enrollment employee: session and
// session: employee, which swap the edges' types under each other's
// names), two aliases of one to-one edge with disjoint selections,
// personal fields (nip, score, comments) below loaded edges, and a field
// that fails for restricted viewers (developmentHours' @authorize) below an
// aliased to-one edge.
const attackNodesQuery = `query ($ids: [ID!]!, $emp: ID!) {
	nodes(ids: $ids) {
		__typename id
		... on Employee {
			fullName nip email
			a: agency { name }
			b: agency { code }
			supervisor { fullName nip supervisor { fullName nip } }
			evaluations: signedOffEvaluations { __typename id score comments }
			signedOffEvaluations { level enrollment { status employee { fullName nip } } }
			position { requirements { competency { name } } competencies: requirements { id requiredLevel } }
		}
		... on Enrollment {
			status
			evaluations { level score comments evaluator signedOffBy { fullName nip } }
			other: evaluations { id }
			employee: session { name }
			session: employee { fullName nip developmentHours(year: 2025) agency { name } }
			x: employee { developmentHours(year: 2025) }
			y: employee { fullName }
		}
		... on Session {
			name
			enrollments(first: 3) { edges { node { employee { fullName nip } evaluations { level score } } } }
		}
		... on Agency { __typename name }
	}
	node(id: $emp) {
		... on Employee { unit { name parent { name } } a: unit { __typename } }
		... on Node { id }
	}
}`

// attackSkipQuery has @skip and @include below direct fields, so that
// whether a selection is plain (plainSelection) depends on the variables:
// with $f true, supervisor selects developmentHours (which can fail) and
// needs its field context for the error's path.
// attackConnectionsQuery reaches the connections resolved without
// ResolveField (gqlplugin.MethodField): aliases of one connection with
// different arguments and selections, connections below a loaded to-one
// edge and below a connection's nodes, counts only, cursors and page info,
// a connection reached where the loader leaves it unloaded (below a field
// that is not collected with its parent), and personal fields below.
const attackConnectionsQuery = `query ($id: ID!) {
  node(id: $id) {
    ... on Employee {
      a: enrollments(first: 2) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges { cursor node { id status session { name enrollments(first: 1) { totalCount edges { node { employee { nip } } } } } } }
      }
      b: enrollments(first: 1) { edges { node { id jpCredited } } }
      c: enrollments(last: 1) { totalCount edges { cursor } }
      agency { name employees(first: 3) { totalCount edges { node { fullName nip reports(first: 1) { totalCount } } } } }
      reports(first: 2) { totalCount edges { node { nip enrollments(first: 1) { edges { node { status } } } } } }
    }
  }
}`

const attackSkipQuery = `query ($id: ID!, $t: Boolean!, $f: Boolean!) {
	node(id: $id) { ... on Employee {
		agency @include(if: $t) { name @skip(if: $t) code }
		supervisor { fullName developmentHours(year: 2025) @include(if: $f) }
		position @include(if: $f) { title requirements @skip(if: $t) { id } }
		unit { name ... on Unit @include(if: $f) { parent { name } } }
	} }
}`

// attackIDs returns the IDs the attack queries are asked about: an
// enrolled employee with a supervisor and one of its enrolments' session
// and evaluations, an agency, and an employee who signed off evaluations.
func attackIDs(t *testing.T, a *api) (emp string, ids []string) {
	t.Helper()
	var out struct {
		Employees struct {
			Edges []struct {
				Node struct {
					ID          string `json:"id"`
					Agency      struct{ ID string }
					Supervisor  *struct{ ID string }
					Enrollments struct {
						Edges []struct {
							Node struct {
								ID          string `json:"id"`
								Session     struct{ ID string }
								Evaluations []struct {
									ID          string `json:"id"`
									SignedOffBy *struct{ ID string }
								}
							} `json:"node"`
						} `json:"edges"`
					} `json:"enrollments"`
				} `json:"node"`
			} `json:"edges"`
		} `json:"employees"`
	}
	a.ok(`{ employees(first: 30, where: { hasEnrollments: true }, orderBy: [{ field: FULL_NAME }]) { edges { node {
		id agency { id } supervisor { id }
		enrollments(first: 3) { edges { node { id session { id } evaluations { id signedOffBy { id } } } } }
	} } } }`, nil, &out)
	seen := map[string]bool{}
	add := func(id string) {
		if id != "" && !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	for _, e := range out.Employees.Edges {
		n := e.Node
		if emp == "" && n.Supervisor != nil {
			emp = n.ID
		}
		add(n.ID)
		add(n.Agency.ID)
		if n.Supervisor != nil {
			add(n.Supervisor.ID)
		}
		for _, en := range n.Enrollments.Edges {
			add(en.Node.ID)
			add(en.Node.Session.ID)
			for _, ev := range en.Node.Evaluations {
				if ev.SignedOffBy != nil {
					add(ev.SignedOffBy.ID)
				}
			}
		}
		if len(ids) > 40 {
			break
		}
	}
	if emp == "" || len(ids) < 10 {
		t.Fatalf("the demo data has no enrolled employee with a supervisor: %d ids", len(ids))
	}
	return emp, ids
}

// fullNIPs returns the full NIPs of the employees among ids, as an ADMIN
// reads them: what a masked viewer must never be answered.
func fullNIPs(t *testing.T, a *api, ids []string) []string {
	t.Helper()
	var full struct {
		Nodes []struct {
			NIP string `json:"nip"`
		} `json:"nodes"`
	}
	a.ok(`query ($ids: [ID!]!) { nodes(ids: $ids) { ... on Employee { nip } } }`, map[string]any{"ids": ids}, &full)
	var nips []string
	for _, n := range full.Nodes {
		if len(n.NIP) > 3 {
			nips = append(nips, n.NIP)
		}
	}
	return nips
}

// attackViewers returns the viewers every attack query is asked as: an
// ADMIN, HR officers of the employee's agency and of none of the IDs', the
// employee, the employee's supervisor, a partner, an analyst and an
// anonymous caller.
func attackViewers(t *testing.T, a *api, emp string) map[string]viewer.Viewer {
	t.Helper()
	var out struct {
		Node struct {
			Agency     struct{ ID string }
			Supervisor struct{ ID string }
		}
		Partners struct {
			Edges []struct {
				Node struct{ ID string } `json:"node"`
			} `json:"edges"`
		} `json:"partners"`
		Agencies struct {
			Edges []struct {
				Node struct{ ID string } `json:"node"`
			} `json:"edges"`
		} `json:"agencies"`
	}
	a.ok(`query ($id: ID!) {
		node(id: $id) { ... on Employee { agency { id } supervisor { id } } }
		partners(first: 1, where: { hasPrograms: true }, orderBy: [{ field: NAME }]) { edges { node { id } } }
		agencies(first: 2, orderBy: [{ field: NAME }]) { edges { node { id } } }
	}`, map[string]any{"id": emp}, &out)
	if len(out.Partners.Edges) == 0 || len(out.Agencies.Edges) < 2 {
		t.Fatalf("the demo data has no partner with programs or two agencies: %+v", out)
	}
	other := out.Agencies.Edges[0].Node.ID
	if other == out.Node.Agency.ID {
		other = out.Agencies.Edges[1].Node.ID
	}
	return map[string]viewer.Viewer{
		"admin":        {Subject: "test:admin", Role: viewer.Admin},
		"hr":           {Subject: "test:hr", Role: viewer.HROfficer, AgencyID: rawID(t, out.Node.Agency.ID)},
		"hr elsewhere": {Subject: "test:hr2", Role: viewer.HROfficer, AgencyID: rawID(t, other)},
		"employee":     {Subject: "test:employee", Role: viewer.Employee, EmployeeID: rawID(t, emp)},
		"supervisor":   {Subject: "test:supervisor", Role: viewer.Supervisor, EmployeeID: rawID(t, out.Node.Supervisor.ID)},
		"partner":      {Subject: "test:partner", Role: viewer.Partner, PartnerID: rawID(t, out.Partners.Edges[0].Node.ID)},
		"analyst":      {Subject: "test:analyst", Role: viewer.Analyst},
		"anonymous":    {Subject: "test:anonymous", Role: viewer.Anonymous},
	}
}

// attackQuery is one query of the attack and its variables.
type attackQuery struct {
	name, query string
	vars        map[string]any
}

// attackQueries returns the attack queries for the IDs of attackIDs.
func attackQueries(emp string, ids []string) []attackQuery {
	qs := []attackQuery{{"nodes", attackNodesQuery, map[string]any{"ids": ids, "emp": emp}},
		{"connections", attackConnectionsQuery, map[string]any{"id": emp}}}
	for _, t := range []bool{false, true} {
		for _, f := range []bool{false, true} {
			qs = append(qs, attackQuery{fmt.Sprintf("skip t=%v f=%v", t, f), attackSkipQuery,
				map[string]any{"id": emp, "t": t, "f": f}})
		}
	}
	return qs
}

// attackServers returns, over the demo data on dialect's store, a server
// that takes the fast paths and one whose no-op field middleware turns
// them off.
func attackServers(t *testing.T, dialect string) (direct, resolved *api) {
	t.Helper()
	return attackServersWith(t, dialect, func(*graph.Options) {})
}

// attackServersWith is attackServers with options set by set.
func attackServersWith(t *testing.T, dialect string, set func(*graph.Options)) (direct, resolved *api) {
	t.Helper()
	db := storetest.Open(t, dialect)
	opts := graph.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Classify: store.Classify}
	set(&opts)
	direct = &api{t: t, h: graph.NewServer(db.Client, opts), db: db}
	seedDemo(t, direct, 40)
	hooked := graph.NewServer(db.Client, opts)
	hooked.AroundFields(func(ctx context.Context, next graphql.Resolver) (any, error) { return next(ctx) })
	return direct, &api{t: t, h: hooked, db: db}
}

// TestDirectAttack answers the attack queries (node and nodes with
// fragments on several types, aliases of one edge with different
// selections, aliases named as other edges, personal fields below loaded
// edges, @skip and @include deciding whether a selection is plain,
// errors below aliased edges) for eight viewers on both stores, with and
// without the fast paths: the responses, data and errors, must be
// byte-identical, and the masked viewers must not see a full NIP.
func TestDirectAttack(t *testing.T) {
	for _, dialect := range storetest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			t.Parallel()
			direct, resolved, emp, ids, viewers, nips := attackSetup(t, dialect)
			compareAttack(t, direct, resolved, viewers, attackQueries(emp, ids), nips, func(q attackQuery, got string) {
				if len(got) < 100 {
					t.Errorf("admin, %s: a short response proves too little: %s", q.name, got)
				}
			})
		})
	}
}

// compareAttack asks every query of qs as every viewer of both servers
// (direct takes the fast paths, resolved does not): the responses must be
// byte-identical, and the partner's, the analyst's and the anonymous
// caller's must hold none of nips. admin checks the admin's responses.
func compareAttack(t *testing.T, direct, resolved *api, viewers map[string]viewer.Viewer, qs []attackQuery, nips []string,
	admin func(q attackQuery, got string)) {
	t.Helper()
	for name, v := range viewers {
		ctx := viewer.NewContext(context.Background(), v)
		for _, q := range qs {
			got := rawResponse(t, direct, ctx, q.query, q.vars)
			if testing.Verbose() && name == "admin" {
				t.Logf("%s: %.2000s", q.name, got)
			}
			want := rawResponse(t, resolved, ctx, q.query, q.vars)
			if got != want {
				t.Errorf("%s, %s: without ResolveField\n%s\nwith it\n%s", name, q.name, got, want)
			}
			if name == "admin" {
				admin(q, got)
			}
			if v.Is(viewer.Partner, viewer.Analyst, viewer.Anonymous) {
				for _, nip := range nips {
					if strings.Contains(got, nip) {
						t.Errorf("%s, %s: a full NIP in the response: %s", name, q.name, got)
					}
				}
			}
		}
	}
}

// TestDirectAttackConcurrent answers the attack queries and the personas'
// queries (whose nested where arguments go through the input unmarshaler
// index built once, withInputs) concurrently, as different viewers, on
// one server: each response must be the one the same request gets alone,
// so that no request's executor, viewer or field context reaches another
// request's response. Run it with -race.
func TestDirectAttackConcurrent(t *testing.T) {
	dialect := storetest.Dialects(t)[0]
	direct, _ := attackServers(t, dialect)
	emp, ids := attackIDs(t, direct)
	viewers := attackViewers(t, direct, emp)
	qs := append(attackQueries(emp, ids),
		attackQuery{"partner_listing", persona(t, "partner_listing"), nil},
		attackQuery{"analyst_4level", persona(t, "analyst_4level"), map[string]any{"form": "TECHNICAL_TRAINING"}},
	)
	var pid string
	var out struct {
		Partners struct {
			Edges []struct {
				Node struct{ ID string } `json:"node"`
			} `json:"edges"`
		} `json:"partners"`
	}
	direct.ok(`{ partners(first: 1, where: { hasPrograms: true }, orderBy: [{ field: NAME }]) { edges { node { id } } } }`, nil, &out)
	pid = out.Partners.Edges[0].Node.ID
	qs[len(qs)-2].vars = map[string]any{"id": pid}

	type job struct {
		who string
		ctx context.Context
		q   attackQuery
	}
	var jobs []job
	want := map[string]string{}
	for name, v := range viewers {
		ctx := viewer.NewContext(context.Background(), v)
		for _, q := range qs {
			j := job{name, ctx, q}
			jobs = append(jobs, j)
			want[name+"/"+q.name] = rawResponse(t, direct, ctx, q.query, q.vars)
		}
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				j := jobs[(i*7+w*5)%len(jobs)]
				got := rawResponse(t, direct, j.ctx, j.q.query, j.q.vars)
				if exp := want[j.who+"/"+j.q.name]; got != exp {
					mu.Lock()
					t.Errorf("%s, %s, concurrently:\n%s\nalone\n%s", j.who, j.q.name, got, exp)
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
}

// TestToOneEdgeAliases asks for one to-one edge under several aliases with
// different selections, on both stores: each alias must answer what the
// same selection answers alone. ent's collection loads a to-one edge once
// per model (Edges.X); it used to replace the first alias's query by the
// last one's, so that a: agency { name } b: agency { code } answered an
// empty name (found by TestDirectAttack; fixed in the carried
// entgql/collection.tmpl).
func TestToOneEdgeAliases(t *testing.T) {
	cases := []struct {
		name    string
		aliases []string // selections of node(id: $id) { ... on Employee { … } }
	}{
		{"disjoint columns", []string{`a: agency { name }`, `b: agency { code }`}},
		{"alias named as the edge", []string{`agency { code }`, `x: agency { id name }`}},
		{"nested to-one edges", []string{
			`s1: supervisor { fullName agency { name } }`,
			`s2: supervisor { nip agency { code } unit { name } }`,
		}},
		{"three aliases", []string{`p1: position { title }`, `p2: position { id }`, `p3: position { requirements { requiredLevel } }`}},
		{"a list below one alias", []string{`u1: unit { name }`, `u2: unit { parent { name } agency { code } }`}},
		{"typename only", []string{`t: agency { __typename }`, `n: agency { name }`}},
	}
	for _, dialect := range storetest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			t.Parallel()
			direct, _ := attackServers(t, dialect)
			emp, _ := attackIDs(t, direct)
			query := func(sel string) map[string]any {
				var out struct {
					Node map[string]any `json:"node"`
				}
				direct.ok(`query ($id: ID!) { node(id: $id) { ... on Employee { `+sel+` } } }`, map[string]any{"id": emp}, &out)
				return out.Node
			}
			for _, c := range cases {
				got := query(strings.Join(c.aliases, " "))
				for _, sel := range c.aliases {
					for k, want := range query(sel) {
						if g, w := fmt.Sprint(got[k]), fmt.Sprint(want); g != w {
							t.Errorf("%s: %s with the other aliases answered\n%s\nalone\n%s", c.name, k, g, w)
						}
					}
				}
			}
		})
	}
}

// attackSetup returns the servers of attackServers over dialect's demo
// data, the attack's employee and IDs (attackIDs), its viewers
// (attackViewers) and the full NIPs masked viewers must not see.
func attackSetup(t *testing.T, dialect string) (direct, resolved *api, emp string, ids []string, viewers map[string]viewer.Viewer, nips []string) {
	t.Helper()
	direct, resolved = attackServers(t, dialect)
	emp, ids = attackIDs(t, direct)
	return direct, resolved, emp, ids, attackViewers(t, direct, emp), fullNIPs(t, direct, ids)
}
