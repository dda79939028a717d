package graph_test

import (
	"context"
	"encoding/json"
	"testing"

	entenrollment "kembang/ent/enrollment"
	"kembang/internal/rules"
	"kembang/internal/store"
	"kembang/internal/store/storetest"
	"kembang/internal/viewer"
)

// TestCountInParents checks a connection that selects totalCount without
// edges, counted in its parents' statement (keyset.ChildCount): for every
// role, each session's enrollments' totalCount is the top-level count
// statement's of the same viewer (its privacy scope and filters), and
// the query runs one statement fewer per such connection's level.
func TestCountInParents(t *testing.T) {
	for _, dialect := range storetest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			a := newAPI(t, dialect)
			f := build(t, a)
			r := newRival(t, a)
			// The fixture's session: three Kemuning enrollments and one of
			// Plaju. A second partner's session: two Kemuning enrollments.
			// A third session: none.
			imp := a.db.Client.WithRules(rules.Importer(nil))
			imp.Enrollment.Create().SetEmployeeID(rawID(t, r.employee)).SetSessionID(rawID(t, f.session)).
				SetStatus(entenrollment.StatusREGISTERED).SaveX(admin())
			p2 := f.m.mk(createPartnerQ, f.m.partnerIn())
			prog2 := f.m.mk(createProgramQ, f.m.programIn(f.agency, p2))
			s2 := f.m.mk(createSessionQ, f.m.sessionIn(prog2, p2))
			for _, e := range f.employees[3:] {
				imp.Enrollment.Create().SetEmployeeID(rawID(t, e)).SetSessionID(rawID(t, s2)).
					SetStatus(entenrollment.StatusREGISTERED).SaveX(admin())
			}
			empty := f.m.mk(createSessionQ, f.m.sessionIn(f.program, f.partner))

			as := func(v viewer.Viewer) context.Context { return viewer.NewContext(context.Background(), v) }
			roles := []struct {
				name string
				ctx  context.Context
				want map[string]int // totals of the fixture's session and s2
			}{
				{"admin", admin(), map[string]int{f.session: 4, s2: 2, empty: 0}},
				{"HR officer of Kemuning", as(viewer.Viewer{Subject: "test:hr", Role: viewer.HROfficer, AgencyID: rawID(t, f.agency)}), map[string]int{f.session: 3, s2: 2, empty: 0}},
				{"partner of the fixture", as(viewer.Viewer{Subject: "test:p1", Role: viewer.Partner, PartnerID: rawID(t, f.partner)}), map[string]int{f.session: 4, s2: 0, empty: 0}},
				{"second partner", as(viewer.Viewer{Subject: "test:p2", Role: viewer.Partner, PartnerID: rawID(t, p2)}), map[string]int{f.session: 0, s2: 2, empty: 0}},
				{"employee", as(viewer.Viewer{Subject: "test:emp", Role: viewer.Employee, EmployeeID: rawID(t, f.employees[1]), AgencyID: rawID(t, f.agency)}), map[string]int{f.session: 1, s2: 0, empty: 0}},
			}

			const (
				list = `query($w: EnrollmentWhereInput) { sessions(first: 10, orderBy: [{field: STARTS_AT}]) { edges { node { id
					all: enrollments { totalCount } some: enrollments(where: $w) { totalCount } } } } }`
				one = `query($s: ID!, $w: EnrollmentWhereInput) { node(id: $s) { ... on Session { id
					all: enrollments { totalCount } some: enrollments(where: $w) { totalCount } } } }`
				firstZero = `query($s: ID!) { node(id: $s) { ... on Session { id all: enrollments(first: 0) { totalCount } } } }`
				listing   = `query($p: ID!) { node(id: $p) { ... on Partner { programs(first: 20, orderBy: [{field: TITLE}]) { edges { node {
					sessions(first: 10, orderBy: [{field: STARTS_AT}]) { edges { node { id all: enrollments { totalCount } } } } } } } } } }`
				// joined is a to-one parent, which a count keeps out of its
				// child's statement: it is read by a statement of its own.
				joined = `{ enrollments(first: 20) { edges { node { session { id all: enrollments { totalCount } } } } } }`
			)
			notFirst := map[string]any{"employeeIDNEQ": f.employees[0]}
			cases := []struct {
				name     string
				query    string
				vars     map[string]any
				stmts    int64 // before: one more per level with counts
				sessions []string
			}{
				{"several parents", list, map[string]any{"w": notFirst}, 1, []string{f.session, s2, empty}},
				{"one parent", one, map[string]any{"s": f.session, "w": notFirst}, 1, []string{f.session}},
				{"one parent, second partner's", one, map[string]any{"s": s2, "w": notFirst}, 1, []string{s2}},
				{"one parent without children", one, map[string]any{"s": empty, "w": notFirst}, 1, []string{empty}},
				{"first: 0", firstZero, map[string]any{"s": f.session}, 1, []string{f.session}},
				// The partner, then its programs with their sessions' pages
				// and those sessions' counts as columns (change 66; 3 before).
				{"partner listing", listing, map[string]any{"p": f.partner}, 2, []string{f.session, empty}},
				{"partner listing, second partner", listing, map[string]any{"p": p2}, 2, []string{s2}},
			}
			for _, role := range roles {
				for _, c := range cases {
					ctx, counter := store.WithCounter(role.ctx)
					res := a.doCtx(ctx, c.query, c.vars)
					if len(res.Errors) > 0 {
						t.Fatalf("%s, %s: %+v", role.name, c.name, res.Errors)
					}
					if n := counter.Count(); n != c.stmts {
						t.Errorf("%s, %s: %d statements, want %d", role.name, c.name, n, c.stmts)
					}
					var data any
					if err := json.Unmarshal(res.Data, &data); err != nil {
						t.Fatal(err)
					}
					seen := map[string]bool{}
					checkSessionCounts(t, a, role.ctx, data, notFirst, func(id string, all int) {
						seen[id] = true
						if want, ok := role.want[id]; ok && all != want {
							t.Errorf("%s, %s: session %s totalCount %d, want %d", role.name, c.name, id, all, want)
						}
					})
					for _, id := range c.sessions {
						if !seen[id] {
							t.Errorf("%s, %s: session %s not in %s", role.name, c.name, id, res.Data)
						}
					}
				}
				// A to-one parent: the sessions of the enrollments the
				// viewer reads, each with its count.
				ctx, counter := store.WithCounter(role.ctx)
				res := a.doCtx(ctx, joined, nil)
				if len(res.Errors) > 0 {
					t.Fatalf("%s, to-one parent: %+v", role.name, res.Errors)
				}
				if n := counter.Count(); n != 2 {
					t.Errorf("%s, to-one parent: %d statements, want 2 (the enrollments, their sessions)", role.name, n)
				}
				var data any
				if err := json.Unmarshal(res.Data, &data); err != nil {
					t.Fatal(err)
				}
				checkSessionCounts(t, a, role.ctx, data, notFirst, func(id string, all int) {
					if want, ok := role.want[id]; ok && all != want {
						t.Errorf("%s, to-one parent: session %s totalCount %d, want %d", role.name, id, all, want)
					}
				})
			}
		})
	}
}

// checkSessionCounts walks a response and, for each object with an id and
// an "all" (and maybe a "some") enrollments connection, compares its
// totalCount with the top-level count statement of the same viewer
// (countEnrollments; "some" filtered by where); it calls seen with each
// session's "all" total.
func checkSessionCounts(t *testing.T, a *api, ctx context.Context, v any, where map[string]any, seen func(id string, all int)) {
	t.Helper()
	switch v := v.(type) {
	case []any:
		for _, e := range v {
			checkSessionCounts(t, a, ctx, e, where, seen)
		}
	case map[string]any:
		id, _ := v["id"].(string)
		total := func(key string) (int, bool) {
			c, ok := v[key].(map[string]any)
			if !ok {
				return 0, false
			}
			n, ok := c["totalCount"].(float64)
			return int(n), ok
		}
		if all, ok := total("all"); ok && id != "" {
			if want := countEnrollments(t, a, ctx, id, nil); all != want {
				t.Errorf("session %s: totalCount %d, the count statement's %d", id, all, want)
			}
			seen(id, all)
		}
		if some, ok := total("some"); ok && id != "" {
			if want := countEnrollments(t, a, ctx, id, where); some != want {
				t.Errorf("session %s, filtered: totalCount %d, the count statement's %d", id, some, want)
			}
		}
		for _, e := range v {
			checkSessionCounts(t, a, ctx, e, where, seen)
		}
	}
}
