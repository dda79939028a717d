package graph_test

import (
	"fmt"
	"testing"
)

// TestCursorsWhenSelected checks that a connection makes the cursors an
// operation reads, and the same ones whatever else it reads
// (internal/entx/pagecursor): pageInfo's startCursor and endCursor asked
// without the edges' cursors, and the edges' cursors asked through a
// fragment, are those of the operation that asks for all of them, at the
// root and in a nested page, first and last.
func TestCursorsWhenSelected(t *testing.T) {
	forEachStore(t, func(t *testing.T, a *api) {
		m := newMaker(a)
		agency := m.agency("KRS", "Badan Kursor", "Jawa Barat")
		partner := m.mk(createPartnerQ, m.partnerIn())
		for range 3 {
			program := m.mk(createProgramQ, m.programIn(agency, partner))
			for range 4 {
				m.mk(createSessionQ, m.sessionIn(program, partner))
			}
		}
		// conn is the part of a connection this test reads.
		type conn struct {
			PageInfo struct {
				StartCursor, EndCursor *string
			} `json:"pageInfo"`
			Edges []struct {
				Cursor *string `json:"cursor"`
				Node   struct {
					ID       string `json:"id"`
					Sessions *conn  `json:"sessions"`
				} `json:"node"`
			} `json:"edges"`
		}
		run := func(query string) conn {
			t.Helper()
			var out struct{ Programs conn }
			a.ok(query, nil, &out)
			return out.Programs
		}
		for _, args := range []string{"first: 2", "last: 2"} {
			t.Run(args, func(t *testing.T) {
				list := fmt.Sprintf(`programs(%s, where: {codeHasPrefix: "AC-"}, orderBy: [{field: TITLE}])`, args)
				nested := fmt.Sprintf(`sessions(%s, orderBy: [{field: STARTS_AT}])`, args)
				all := run(fmt.Sprintf(`{ %s { pageInfo { startCursor endCursor } edges { cursor node { id
					%s { pageInfo { startCursor endCursor } edges { cursor node { id } } } } } } }`, list, nested))
				page := run(fmt.Sprintf(`{ %s { pageInfo { startCursor endCursor } edges { node { id
					%s { pageInfo { endCursor startCursor } edges { node { id } } } } } } }`, list, nested))
				frag := run(fmt.Sprintf(`{ %s { ...Edges } }
					fragment Edges on ProgramConnection { edges { ... on ProgramEdge { cursor } node { id %s { edges { ...Cursor } } } } }
					fragment Cursor on SessionEdge { cursor }`, list, nested))
				if len(all.Edges) != 2 || all.PageInfo.StartCursor == nil {
					t.Fatalf("all cursors: %d edges, start cursor %v", len(all.Edges), all.PageInfo.StartCursor)
				}
				same := func(what string, got, want *string) {
					t.Helper()
					if got == nil || want == nil || *got != *want {
						t.Errorf("%s: %v, want %v", what, deref(got), deref(want))
					}
				}
				same("programs startCursor alone", page.PageInfo.StartCursor, all.PageInfo.StartCursor)
				same("programs endCursor alone", page.PageInfo.EndCursor, all.PageInfo.EndCursor)
				same("startCursor is the first edge's", all.PageInfo.StartCursor, all.Edges[0].Cursor)
				same("endCursor is the last edge's", all.PageInfo.EndCursor, all.Edges[len(all.Edges)-1].Cursor)
				for i, e := range all.Edges {
					same(fmt.Sprintf("programs edge %d through a fragment", i), frag.Edges[i].Cursor, e.Cursor)
					s, p, f := e.Node.Sessions, page.Edges[i].Node.Sessions, frag.Edges[i].Node.Sessions
					if s == nil || p == nil || f == nil || len(s.Edges) != 2 || len(f.Edges) != 2 {
						t.Fatalf("program %d: sessions %v %v %v", i, s, p, f)
					}
					same(fmt.Sprintf("program %d sessions startCursor alone", i), p.PageInfo.StartCursor, s.PageInfo.StartCursor)
					same(fmt.Sprintf("program %d sessions endCursor alone", i), p.PageInfo.EndCursor, s.PageInfo.EndCursor)
					same(fmt.Sprintf("program %d sessions endCursor is the last edge's", i), s.PageInfo.EndCursor, s.Edges[1].Cursor)
					for j := range s.Edges {
						same(fmt.Sprintf("program %d session edge %d through a fragment", i, j), f.Edges[j].Cursor, s.Edges[j].Cursor)
					}
				}
				// The cursors page on: the page after the first edge starts
				// at the second.
				if args == "first: 2" {
					var next struct{ Programs conn }
					a.ok(`query($c: Cursor) { programs(first: 1, after: $c, where: {codeHasPrefix: "AC-"}, orderBy: [{field: TITLE}]) { edges { node { id } } } }`,
						map[string]any{"c": *all.Edges[0].Cursor}, &next)
					if len(next.Programs.Edges) != 1 || next.Programs.Edges[0].Node.ID != all.Edges[1].Node.ID {
						t.Errorf("page after the first edge: %+v, want %s", next.Programs.Edges, all.Edges[1].Node.ID)
					}
				}
			})
		}
	})
}

func deref(s *string) any {
	if s == nil {
		return nil
	}
	return *s
}
