package graph_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql"

	"kembang/graph"
	"kembang/internal/store"
	"kembang/internal/store/storetest"
	"kembang/internal/viewer"
)

// directQuery reaches every kind of object field the executor marshals
// without ResolveField (graph/direct.go): edges' nodes, connections' edges
// and page infos with their cursors, loaded to-one edges that are set,
// null (supervisor, and unit or position for a partner) or under an alias,
// loaded to-many edges, plain selections (name only) and others, the same
// edge twice under two aliases, __typename and fragments, and fields below
// them that fail for a restricted viewer (developmentHours' @authorize).
const directQuery = `query ($unit: ID!) {
	employees(first: 6, where: { hasUnitWith: { id: $unit } }, orderBy: [{ field: FULL_NAME }]) {
		totalCount
		pageInfo { hasNextPage startCursor endCursor }
		edges {
			cursor
			node {
				__typename id fullName
				developmentHours(year: 2026)
				agency { name }
				office: agency { __typename id code name }
				unit { name parent { name } }
				supervisor { fullName position { title } }
				position { title requirements { requiredLevel competency { code name } } reqs: requirements { id } }
				... on Employee { targetPosition { title } }
				enrollments(first: 2, orderBy: [{ field: CREATED_AT, direction: DESC }]) {
					pageInfo { endCursor }
					edges { cursor node { status session { name program { title form } partner { name } } evaluations { level } } }
				}
			}
		}
	}
}`

// nestedErrorsQuery reaches, through edges' nodes and loaded to-one edges,
// fields that a viewer may be refused (an employee's developmentHours for
// all but the employee's own organisation): errors on paths below object
// fields marshalled without ResolveField.
const nestedErrorsQuery = `query ($id: ID!) {
	node(id: $id) { ... on Employee { enrollments(first: 5) { edges { node {
		status session { name program { title } }
		employee { fullName developmentHours(year: 2025) unit { name } position { title } }
	} } } } }
	sessions(first: 4, orderBy: [{ field: STARTS_AT }]) {
		edges { node { name enrollments(first: 3) { edges { node { status
			employee { fullName developmentHours(year: 2025) position { title } }
			session { program { title } }
		} } } } }
	}
}`

// TestDirectObjectFields proves that the object fields marshalled without
// ResolveField answer exactly as ResolveField does: the personas' queries
// and directQuery, on both stores over the demo data, for an ADMIN and for
// restricted viewers (an HR officer of the employee's agency and of
// another, the employee, a partner, an analyst, an anonymous caller),
// give byte-identical responses, data and errors, from a server that takes
// the fast paths and from one whose no-op field middleware turns them off
// (leavesDirect).
func TestDirectObjectFields(t *testing.T) {
	for _, dialect := range storetest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			t.Parallel()
			db := storetest.Open(t, dialect)
			opts := graph.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Classify: store.Classify}
			direct := &api{t: t, h: graph.NewServer(db.Client, opts), db: db}
			seedDemo(t, direct, 40)
			hooked := graph.NewServer(db.Client, opts)
			hooked.AroundFields(func(ctx context.Context, next graphql.Resolver) (any, error) { return next(ctx) })
			resolved := &api{t: t, h: hooked, db: db}

			var ids struct {
				Employees struct {
					Edges []struct {
						Node struct {
							ID     string              `json:"id"`
							Agency struct{ ID string } `json:"agency"`
							Unit   struct{ ID string } `json:"unit"`
						} `json:"node"`
					} `json:"edges"`
				} `json:"employees"`
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
			direct.ok(`{
				employees(first: 1, where: { hasEnrollments: true, hasUnit: true }, orderBy: [{ field: FULL_NAME }]) {
					edges { node { id agency { id } unit { id } } } }
				partners(first: 1, where: { hasPrograms: true }, orderBy: [{ field: NAME }]) { edges { node { id } } }
				agencies(first: 2, orderBy: [{ field: NAME }]) { edges { node { id } } }
			}`, nil, &ids)
			if len(ids.Employees.Edges) == 0 || len(ids.Partners.Edges) == 0 || len(ids.Agencies.Edges) < 2 {
				t.Fatalf("the demo data has no enrolled employee, partner with programs or two agencies: %+v", ids)
			}
			emp := ids.Employees.Edges[0].Node
			partner := ids.Partners.Edges[0].Node.ID
			other := ids.Agencies.Edges[0].Node.ID
			if other == emp.Agency.ID {
				other = ids.Agencies.Edges[1].Node.ID
			}

			viewers := map[string]viewer.Viewer{
				"admin":        {Subject: "test:admin", Role: viewer.Admin},
				"hr":           {Subject: "test:hr", Role: viewer.HROfficer, AgencyID: rawID(t, emp.Agency.ID)},
				"hr elsewhere": {Subject: "test:hr2", Role: viewer.HROfficer, AgencyID: rawID(t, other)},
				"employee":     {Subject: "test:employee", Role: viewer.Employee, EmployeeID: rawID(t, emp.ID)},
				"partner":      {Subject: "test:partner", Role: viewer.Partner, PartnerID: rawID(t, partner)},
				"analyst":      {Subject: "test:analyst", Role: viewer.Analyst},
				"anonymous":    {Subject: "test:anonymous", Role: viewer.Anonymous},
			}
			queries := []struct {
				name, query string
				vars        map[string]any
			}{
				{"mobile_profile", persona(t, "mobile_profile"), map[string]any{"id": emp.ID}},
				{"partner_listing", persona(t, "partner_listing"), map[string]any{"id": partner}},
				{"unit_roster", persona(t, "unit_roster"), map[string]any{"unit": emp.Unit.ID}},
				{"analyst_4level", persona(t, "analyst_4level"), map[string]any{"form": "TECHNICAL_TRAINING"}},
				{"direct", directQuery, map[string]any{"unit": emp.Unit.ID}},
				{"nested errors", nestedErrorsQuery, map[string]any{"id": emp.ID}},
			}
			for name, v := range viewers {
				ctx := viewer.NewContext(context.Background(), v)
				for _, q := range queries {
					got := rawResponse(t, direct, ctx, q.query, q.vars)
					want := rawResponse(t, resolved, ctx, q.query, q.vars)
					if got != want {
						t.Errorf("%s, %s: without ResolveField\n%s\nwith it\n%s", name, q.name, got, want)
					}
					if name == "admin" && (len(got) < 200 || !strings.HasSuffix(got, "errors ")) {
						t.Errorf("%s, %s: a short response or errors prove too little: %s", name, q.name, got)
					}
				}
			}
		})
	}
}

// rawResponse posts query as the viewer in ctx and returns the response
// body as the server wrote it, with its errors sorted: the root fields of
// a query resolve concurrently, so that their errors come in either order
// (each error, and the data, are compared byte for byte).
func rawResponse(t *testing.T, a *api, ctx context.Context, query string, vars map[string]any) string {
	t.Helper()
	body, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequestWithContext(ctx, http.MethodPost, "/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	a.h.ServeHTTP(rec, req)
	if rec.Code >= 500 {
		t.Fatalf("POST /graphql: status %d: %s", rec.Code, rec.Body)
	}
	var r struct {
		Errors []json.RawMessage `json:"errors"`
		Data   json.RawMessage   `json:"data"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &r); err != nil {
		t.Fatalf("decoding %q: %v", rec.Body, err)
	}
	errs := make([]string, len(r.Errors))
	for i, e := range r.Errors {
		errs[i] = string(e)
	}
	slices.Sort(errs)
	return fmt.Sprintf("data %s\nerrors %s", r.Data, strings.Join(errs, "\n"))
}
