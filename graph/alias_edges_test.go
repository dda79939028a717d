package graph_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"kembang/internal/store"
	"kembang/internal/store/storetest"
	"kembang/internal/viewer"
)

// aliasedEdgeCases are selections of an Employee that reach one to-many
// edge or connection, under the same response name, below two or more
// aliases of one to-one edge (docs/performance.md, change 49). ent loads
// the to-one edge once for all its aliases (one Edges.Supervisor), so the
// edges below them live on one model: each alias must still answer what
// it answers alone. extra is how many statements the aliases together run
// beyond the costliest alias alone: 0 where they share one load (the same
// arguments, or an edge only one alias selects), else a load of its own
// for each later alias whose edge differs.
var aliasedEdgeCases = []struct {
	name    string
	aliases []string
	extra   int
}{
	{"to-many edge", []string{
		`a: supervisor { signedOffEvaluations { score } }`,
		`b: supervisor { signedOffEvaluations { level } }`,
	}, 0},
	{"connection, first", []string{
		`a: supervisor { reports(first: 1, orderBy: [{ field: FULL_NAME }]) { edges { node { fullName } } } }`,
		`b: supervisor { reports(first: 5, orderBy: [{ field: FULL_NAME }]) { edges { node { nip } } } }`,
	}, 1},
	{"connection, where and orderBy", []string{
		`a: supervisor { reports(first: 3, orderBy: [{ field: FULL_NAME, direction: DESC }]) { totalCount edges { cursor node { fullName } } } }`,
		`b: supervisor { reports(first: 3, orderBy: [{ field: CREATED_AT }], where: { idNEQ: $id }) { totalCount pageInfo { hasNextPage endCursor } edges { node { fullName nip } } } }`,
	}, 1},
	{"nested to-one aliases", []string{
		`a: supervisor { u: unit { employees(first: 1, orderBy: [{ field: FULL_NAME }]) { edges { node { fullName } } } } }`,
		`b: supervisor { u: unit { employees(first: 4, orderBy: [{ field: FULL_NAME }]) { totalCount edges { node { nip supervisor { fullName } } } } } }`,
	}, 1},
	{"nested, to-many below a connection", []string{
		`a: supervisor { reports(first: 3) { edges { node { s: supervisor { signedOffEvaluations { score } } } } } }`,
		`b: supervisor { reports(first: 3) { edges { node { s: supervisor { signedOffEvaluations { level comments } } } } } }`,
	}, 0},
	{"totalCount only", []string{
		`a: supervisor { reports { totalCount } }`,
		`b: supervisor { reports(where: { idNEQ: $id }) { totalCount } }`,
	}, 1},
	{"same arguments", []string{
		`a: supervisor { reports(first: 2, orderBy: [{ field: FULL_NAME }]) { edges { node { fullName } } } }`,
		`b: supervisor { reports(first: 2, orderBy: [{ field: FULL_NAME }]) { edges { node { nip email } } } }`,
	}, 0},
	{"same selection", []string{
		`a: supervisor { reports(first: 2) { totalCount edges { node { id fullName } } } }`,
		`b: supervisor { reports(first: 2) { totalCount edges { node { id fullName } } } }`,
	}, 0},
	{"edge below one alias only", []string{
		`a: supervisor { fullName nip }`,
		`b: supervisor { reports(first: 2) { edges { node { fullName } } } signedOffEvaluations { level } }`,
	}, 0},
	{"same arguments, totalCount in one", []string{
		`a: supervisor { reports(first: 2) { edges { node { fullName } } } }`,
		`b: supervisor { reports(first: 2) { totalCount } }`,
	}, 1},
	{"alias named as the edge", []string{
		`supervisor { reports(first: 1) { edges { node { fullName } } } }`,
		`x: supervisor { reports(first: 3) { edges { node { nip } } } }`,
	}, 1},
	// a's enrollments page of several reports is a column of the reports'
	// statement (change 66): only b's, counted, runs one of its own.
	{"different arguments below a shared connection", []string{
		`a: supervisor { reports(first: 3, orderBy: [{ field: FULL_NAME }]) { edges { node { id enrollments(first: 1) { edges { node { status } } } } } } }`,
		`b: supervisor { reports(first: 3, orderBy: [{ field: FULL_NAME }]) { edges { node { fullName enrollments(first: 2) { totalCount edges { node { id } } } } } } }`,
	}, 0},
	{"three aliases", []string{
		`a: supervisor { reports(first: 1, orderBy: [{ field: FULL_NAME }]) { edges { node { fullName } } } }`,
		`b: supervisor { reports(first: 2, orderBy: [{ field: FULL_NAME }]) { edges { node { nip } } } }`,
		`c: supervisor { reports(first: 1, orderBy: [{ field: FULL_NAME }]) { edges { node { email } } } }`,
	}, 1},
}

// TestAliasedEdgesBelowToOneAliases asks for the aliasedEdgeCases on one
// employee (node) and on a page of employees (whose rows share their
// supervisors' models), on both stores, as eight viewers (masked ones
// among them): each alias answers what it answers alone, the response is
// byte-identical without the fast paths (change 44), a masked viewer
// sees no full NIP, and the aliases run extra statements more than the
// costliest alone.
func TestAliasedEdgesBelowToOneAliases(t *testing.T) {
	for _, dialect := range storetest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			t.Parallel()
			direct, resolved, emp, _, viewers, nips := attackSetup(t, dialect)
			forms := []struct {
				name  string
				query func(sel string) string
				rows  func(data map[string]any) []map[string]any
			}{
				{"node", func(sel string) string {
					return `query ($id: ID!) { node(id: $id) { ... on Employee { ` + sel + ` } } }`
				}, func(data map[string]any) []map[string]any {
					n, _ := data["node"].(map[string]any)
					return []map[string]any{n}
				}},
				{"page", func(sel string) string {
					return `query ($id: ID!) { employees(first: 6, orderBy: [{ field: FULL_NAME }], where: { hasSupervisor: true, idNEQ: $id }) { edges { node { id ` + sel + ` } } } }`
				}, pageRows},
			}
			vars := map[string]any{"id": emp}
			for name, v := range viewers {
				ctx := viewer.NewContext(context.Background(), v)
				for _, form := range forms {
					for _, c := range aliasedEdgeCases {
						what := fmt.Sprintf("%s, %s, %s", name, form.name, c.name)
						q := form.query(strings.Join(c.aliases, " "))
						sameResolved(t, what, direct, resolved, ctx, q, vars, v, nips)
						rows := form.rows(responseData(t, direct, ctx, q, vars))
						most := int64(0)
						for _, sel := range c.aliases {
							alias := sel[:strings.Index(sel, ":")]
							aq := form.query(sel)
							sameAlone(t, what, alias, rows, form.rows(responseData(t, direct, ctx, aq, vars)))
							if name == "admin" {
								most = max(most, countStatements(t, direct, ctx, aq, vars))
							}
						}
						if name == "admin" {
							n := countStatements(t, direct, ctx, q, vars)
							if testing.Verbose() {
								t.Logf("%s: %d statements, the costliest alias alone %d", what, n, most)
							}
							if n != most+int64(c.extra) {
								t.Errorf("%s: %d statements, the costliest alias alone %d: want %d more", what, n, most, c.extra)
							}
						}
					}
				}
			}
		})
	}
}

// responseData posts query as the viewer in ctx and returns its data.
func responseData(t *testing.T, a *api, ctx context.Context, query string, vars map[string]any) map[string]any {
	t.Helper()
	var data map[string]any
	if r := a.doCtx(ctx, query, vars); len(r.Data) > 0 {
		if err := json.Unmarshal(r.Data, &data); err != nil {
			t.Fatal(err)
		}
	}
	return data
}

// countStatements returns the SQL statements query runs as the viewer in ctx.
func countStatements(t *testing.T, a *api, ctx context.Context, query string, vars map[string]any) int64 {
	t.Helper()
	ctx, counter := store.WithCounter(ctx)
	if r := a.doCtx(ctx, query, vars); len(r.Errors) > 0 {
		t.Fatalf("%s: %+v", query, r.Errors)
	}
	return counter.Count()
}

// jsonOf returns v as JSON (objects with their keys sorted).
func jsonOf(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// pageRows returns the nodes of data's employees connection.
func pageRows(data map[string]any) []map[string]any {
	var rows []map[string]any
	conn, _ := data["employees"].(map[string]any)
	edges, _ := conn["edges"].([]any)
	for _, e := range edges {
		n, _ := e.(map[string]any)["node"].(map[string]any)
		rows = append(rows, n)
	}
	return rows
}

// sameResolved returns direct's response to q as the viewer v in ctx,
// reporting it when it is not byte-identical to resolved's (no fast
// paths) or shows a masked viewer one of nips.
func sameResolved(t *testing.T, what string, direct, resolved *api, ctx context.Context, q string, vars map[string]any, v viewer.Viewer, nips []string) string {
	t.Helper()
	got := rawResponse(t, direct, ctx, q, vars)
	if want := rawResponse(t, resolved, ctx, q, vars); got != want {
		t.Errorf("%s: without ResolveField\n%s\nwith it\n%s", what, got, want)
	}
	if v.Is(viewer.Partner, viewer.Analyst, viewer.Anonymous) {
		for _, nip := range nips {
			if strings.Contains(got, nip) {
				t.Errorf("%s: a full NIP in the response: %s", what, got)
			}
		}
	}
	return got
}

// sameAlone reports the rows whose alias answered otherwise with the
// other aliases (rows) than alone.
func sameAlone(t *testing.T, what, alias string, rows, alone []map[string]any) {
	t.Helper()
	if len(alone) != len(rows) {
		t.Errorf("%s: %d rows with the other aliases, %d alone", what, len(rows), len(alone))
		return
	}
	for i := range rows {
		if g, w := jsonOf(t, rows[i][alias]), jsonOf(t, alone[i][alias]); g != w {
			t.Errorf("%s: row %d: %s with the other aliases answered\n%s\nalone\n%s", what, i, alias, g, w)
		}
	}
}
