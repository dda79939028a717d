package graph_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"kembang/ent"
	"kembang/ent/partner"
	"kembang/ent/program"
	"kembang/ent/session"
)

// TestEdgePages checks the pages of an edge under many parents (one
// statement for all parents: keyset.LimitPerRow) against the same page
// asked of each parent alone (a plain LIMIT): the same rows in the same
// order, counts, page info and cursors, for a one-to-many edge (a
// program's sessions) and a many-to-many one (a partner's programs), first
// and last pages, with ties in the order field and with pages of different
// parents that interleave.
func TestEdgePages(t *testing.T) {
	forEachStore(t, func(t *testing.T, a *api) {
		ctx := admin()
		c := a.db.Client
		var partners []*ent.Partner
		for i := range 3 {
			partners = append(partners, c.Partner.Create().SetName(fmt.Sprintf("Politeknik %c", 'A'+i)).
				SetKind(partner.KindUNIVERSITY).SaveX(ctx))
		}
		day := time.Date(2026, 7, 6, 1, 0, 0, 0, time.UTC)
		statuses := []session.Status{session.StatusOPEN, session.StatusPLANNED, session.StatusOPEN, session.StatusOPEN}
		// Partners of each program, so that the partners' pages interleave:
		// by title, the first partner has B, D and E, the second A, C and D,
		// the third B and C.
		sets := [][]int{{0}, {0, 1}, {1, 2}, {0, 2}, {1}}
		for i, set := range sets {
			create := c.Program.Create().SetCode(fmt.Sprintf("PK-%02d", i)).
				SetTitle(fmt.Sprintf("Pelatihan %c", 'E'-i)). // titles in reverse creation order
				SetRoute(program.RouteCLASSICAL).SetForm(program.FormWORKSHOP).SetDeliveryMode(program.DeliveryModeIN_PERSON).
				SetJp(12)
			for _, j := range set {
				create.AddPartners(partners[j])
			}
			p := create.SaveX(ctx)
			for j := range 2 * i { // 0, 2, 4, 6 and 8 sessions
				starts := day.AddDate(0, 0, 7*(j/2)) // two sessions per start: ties
				c.Session.Create().SetProgram(p).SetName(fmt.Sprintf("Angkatan %d", j+1)).
					SetStartsAt(starts).SetEndsAt(starts.Add(8 * time.Hour)).SetCapacity(20).
					SetStatus(statuses[j%len(statuses)]).SaveX(ctx)
			}
		}
		sessions := `sessions(%s, where: {status: OPEN}, orderBy: [{field: STARTS_AT}]) {
			totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id name } } }`
		programs := `programs(%s, orderBy: [{field: TITLE}]) {
			totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id code } } }`
		for _, tc := range []struct {
			name, list, typ, edge, args string
		}{
			{"sessions, first", "programs(first: 10)", "Program", sessions, "first: 2"},
			{"sessions, last", "programs(first: 10)", "Program", sessions, "last: 3"},
			{"sessions, all on the page", "programs(first: 10)", "Program", sessions, "first: 50"},
			{"programs, first", "partners(first: 10)", "Partner", programs, "first: 2"},
			{"programs, last", "partners(first: 10)", "Partner", programs, "last: 1"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				edge := fmt.Sprintf(tc.edge, tc.args)
				var all map[string]struct {
					Edges []struct {
						Node map[string]json.RawMessage `json:"node"`
					} `json:"edges"`
				}
				a.ok(fmt.Sprintf(`{ %s { edges { node { id %s } } } }`, tc.list, edge), nil, &all)
				var list []map[string]json.RawMessage
				for _, v := range all {
					for _, e := range v.Edges {
						list = append(list, e.Node)
					}
				}
				if len(list) < 3 {
					t.Fatalf("%d parents, want at least 3", len(list))
				}
				for _, parent := range list {
					var id string
					if err := json.Unmarshal(parent["id"], &id); err != nil {
						t.Fatal(err)
					}
					var one struct {
						Node map[string]json.RawMessage `json:"node"`
					}
					a.ok(fmt.Sprintf(`query($id: ID!) { node(id: $id) { ... on %s { %s } } }`, tc.typ, edge), map[string]any{"id": id}, &one)
					for field, got := range parent {
						if field == "id" {
							continue
						}
						if want := one.Node[field]; !bytes.Equal(got, want) {
							t.Errorf("%s of %s among many parents:\n%s\nalone:\n%s", field, id, got, want)
						}
					}
				}
			})
		}
	})
}
