package graph_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"kembang/ent"
	"kembang/ent/employee"
	entenrollment "kembang/ent/enrollment"
	"kembang/ent/program"
	"kembang/internal/domain/nip"
	"kembang/internal/rules"
	"kembang/internal/store"
	"kembang/internal/store/storetest"
	"kembang/internal/viewer"
)

// populate adds n employees, each enrolled in per sessions of distinct
// programs, each program delivered by two partners.
func populate(t *testing.T, c *ent.Client, n, per int) {
	t.Helper()
	// Past sessions: the enrollments are written as an import would.
	ctx := admin()
	c = c.WithRules(rules.Importer(nil))
	ag := c.Agency.Create().SetCode("ALK").SetName("Pemerintah Kota Alak").SetRegion("Alak").SaveX(ctx)
	p1 := c.Partner.Create().SetName("Institut Teknologi Alak").SetKind("UNIVERSITY").SaveX(ctx)
	p2 := c.Partner.Create().SetName("Lembaga Administrasi Negara").SetKind("GOVERNMENT").SaveX(ctx)
	start := time.Date(2026, 2, 2, 8, 0, 0, 0, time.UTC)
	var sessions []*ent.Session
	for i := 0; i < per; i++ {
		pr := c.Program.Create().SetCode(fmt.Sprintf("P-%d", i)).SetTitle(fmt.Sprintf("Program %d", i)).
			SetRoute(program.RouteCLASSICAL).SetForm(program.FormCOURSE).SetDeliveryMode(program.DeliveryModeONLINE).
			SetJp(20).AddPartners(p1, p2).SaveX(ctx)
		sessions = append(sessions, c.Session.Create().SetProgram(pr).SetName("Angkatan I").SetStartsAt(start).
			SetEndsAt(start.Add(48*time.Hour)).SetCapacity(n+1).SaveX(ctx))
	}
	for i := 0; i < n; i++ {
		e := pns(c, ag.ID, i).SaveX(ctx)
		for _, s := range sessions {
			c.Enrollment.Create().SetEmployee(e).SetSession(s).SaveX(ctx)
		}
	}
}

// pns returns the creation of the i-th numbered PNS employee of an
// agency ("Pegawai 000", …), with a valid NIP of its own.
func pns(c *ent.Client, agency, i int) *ent.EmployeeCreate {
	return c.Employee.Create().SetAgencyID(agency).SetFullName(fmt.Sprintf("Pegawai %03d", i)).
		SetEmploymentType(employee.EmploymentTypePNS).
		SetNip(nip.Format(nip.PNS{
			BirthDate: time.Date(1980, 1, 1+i%28, 0, 0, 0, 0, time.UTC),
			Appointed: time.Date(2005, 1, 1, 0, 0, 0, 0, time.UTC),
			Sex:       nip.Male,
			Sequence:  i + 1,
		}))
}

// TestNestedQueryStatements proves that a nested query runs a number of
// SQL statements bounded by its depth, not by the rows it returns.
func TestNestedQueryStatements(t *testing.T) {
	const q = `{ employees(first: 50, orderBy: [{field: FULL_NAME}]) { edges { node { fullName
		enrollments(first: 10) { edges { node { status session { name program { title partners { name } } } } } } } } } }`
	for _, dialect := range storetest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			counts := map[string]int64{}
			for _, size := range []struct {
				name   string
				n, per int
			}{{"small", 2, 1}, {"large", 40, 4}} {
				a := newAPI(t, dialect)
				populate(t, a.db.Client, size.n, size.per)
				ctx, counter := store.WithCounter(admin())
				var out struct {
					Employees struct {
						Edges []struct {
							Node struct {
								Enrollments struct {
									Edges []struct {
										Node struct {
											Session struct {
												Program struct {
													Partners []struct{ Name string }
												}
											}
										}
									}
								}
							}
						}
					}
				}
				r := a.doCtx(ctx, q, nil)
				if len(r.Errors) > 0 {
					t.Fatalf("%s: %+v", size.name, r.Errors)
				}
				if err := json.Unmarshal(r.Data, &out); err != nil {
					t.Fatal(err)
				}
				edges := out.Employees.Edges
				if len(edges) != size.n || len(edges[0].Node.Enrollments.Edges) != size.per ||
					len(edges[0].Node.Enrollments.Edges[0].Node.Session.Program.Partners) != 2 {
					t.Fatalf("%s: unexpected shape %+v", size.name, edges[0])
				}
				counts[size.name] = counter.Count()
			}
			if counts["small"] != counts["large"] || counts["large"] > 6 {
				t.Errorf("statements: small data %d, large data %d; want equal and at most 6 (one per level)", counts["small"], counts["large"])
			}
			t.Logf("statements per nested query: %d", counts["large"])
		})
	}
}

// TestPageInfoWithoutCount proves that a page selecting pageInfo and not
// totalCount runs one statement (hasNextPage comes from the page's extra
// row), that totalCount costs one count, and that pageInfo keeps its
// values either way, at the top level and on a nested edge page.
func TestPageInfoWithoutCount(t *testing.T) {
	type pageInfo struct {
		HasNextPage, HasPreviousPage bool
		EndCursor                    *string
	}
	for _, dialect := range storetest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			a := newAPI(t, dialect)
			populate(t, a.db.Client, 5, 3)
			for _, c := range []struct {
				name  string
				query string
				want  int64
			}{
				{"top pageInfo", `{ employees(first: 2, orderBy: [{field: FULL_NAME}]) { pageInfo { hasNextPage hasPreviousPage endCursor } edges { node { fullName } } } }`, 1},
				{"top pageInfo totalCount", `{ employees(first: 2, orderBy: [{field: FULL_NAME}]) { totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { node { fullName } } } }`, 2},
				{"top last pageInfo", `{ employees(last: 2, orderBy: [{field: FULL_NAME}]) { pageInfo { hasNextPage hasPreviousPage endCursor } edges { node { fullName } } } }`, 1},
				{"nested pageInfo", `{ employees(first: 2, orderBy: [{field: FULL_NAME}]) { pageInfo { hasNextPage hasPreviousPage endCursor } edges { node { fullName
					enrollments(first: 2) { pageInfo { hasNextPage hasPreviousPage endCursor } edges { node { status } } } } } } }`, 2},
				{"nested pageInfo totalCount", `{ employees(first: 2, orderBy: [{field: FULL_NAME}]) { totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { node { fullName
					enrollments(first: 2) { totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { node { status } } } } } } }`, 3},
			} {
				ctx, counter := store.WithCounter(admin())
				r := a.doCtx(ctx, c.query, nil)
				if len(r.Errors) > 0 {
					t.Fatalf("%s: %+v", c.name, r.Errors)
				}
				var out struct {
					Employees struct {
						TotalCount *int
						PageInfo   pageInfo
						Edges      []struct {
							Node struct {
								Enrollments *struct {
									TotalCount *int
									PageInfo   pageInfo
									Edges      []json.RawMessage
								}
							}
						}
					}
				}
				if err := json.Unmarshal(r.Data, &out); err != nil {
					t.Fatal(err)
				}
				if n := counter.Count(); n != c.want {
					t.Errorf("%s: %d statements, want %d", c.name, n, c.want)
				}
				e := out.Employees
				last := strings.HasPrefix(c.name, "top last")
				if e.PageInfo.HasNextPage == last || e.PageInfo.HasPreviousPage != last || e.PageInfo.EndCursor == nil || len(e.Edges) != 2 {
					t.Errorf("%s: employees pageInfo %+v, %d edges; want a next (or previous, with last) page and 2 edges", c.name, e.PageInfo, len(e.Edges))
				}
				if e.TotalCount != nil && *e.TotalCount != 5 {
					t.Errorf("%s: totalCount %d, want 5", c.name, *e.TotalCount)
				}
				for _, edge := range e.Edges {
					en := edge.Node.Enrollments
					if en == nil {
						continue
					}
					if !en.PageInfo.HasNextPage || en.PageInfo.HasPreviousPage || len(en.Edges) != 2 {
						t.Errorf("%s: enrollments pageInfo %+v, %d edges; want a next page and 2 edges", c.name, en.PageInfo, len(en.Edges))
					}
					if en.TotalCount != nil && *en.TotalCount != 3 {
						t.Errorf("%s: enrollments totalCount %d, want 3", c.name, *en.TotalCount)
					}
				}
			}
		})
	}
}

// TestNestedTotalCount proves that a nested edge page selecting totalCount
// with its edges, without cursors, counts in its own statement
// (keyset.CountedLimitPerRow under several parents, keyset.Counted under
// one) and that the count is the one the separate count statement gives:
// the rows the viewer may read (the privacy predicates are the page's) and
// that the edge's filter keeps, 0 for a parent without children, all the
// rows with after (where the count statement is kept). Each case's counts
// are checked against the top-level enrollments(where: {hasSessionWith})
// { totalCount } of the same viewer and filter, which always counts in a
// statement of its own; a page that holds all of a parent's rows holds as
// many as its totalCount. A many-to-many page under one parent
// (competency.positions, keyset.Counted through the join table) is
// checked the same way.
func TestNestedTotalCount(t *testing.T) {
	for _, dialect := range storetest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			a := newAPI(t, dialect)
			f := build(t, a)
			r := newRival(t, a)
			// The fixture's session holds three Kemuning enrollments and,
			// here, one of Plaju's employee, which a Kemuning HR officer
			// does not see; a second session holds none.
			imp := a.db.Client.WithRules(rules.Importer(nil))
			imp.Enrollment.Create().SetEmployeeID(rawID(t, r.employee)).SetSessionID(rawID(t, f.session)).
				SetStatus(entenrollment.StatusREGISTERED).SaveX(admin())
			empty := f.m.mk(createSessionQ, f.m.sessionIn(f.program, f.partner))
			hr := viewer.NewContext(context.Background(), viewer.Viewer{Subject: "test:hr", Role: viewer.HROfficer, AgencyID: rawID(t, f.agency)})

			// first is the cursor of the first enrollment of the fixture's session.
			var first struct {
				Node struct {
					Enrollments struct{ Edges []struct{ Cursor string } }
				}
			}
			res := a.doCtx(admin(), `query($s: ID!) { node(id: $s) { ... on Session { enrollments(first: 1) { edges { cursor } } } } }`,
				map[string]any{"s": f.session})
			if len(res.Errors) > 0 {
				t.Fatal(res.Errors)
			}
			if err := json.Unmarshal(res.Data, &first); err != nil || len(first.Node.Enrollments.Edges) != 1 {
				t.Fatalf("first cursor: %v %s", err, res.Data)
			}

			const (
				// list is the fixture's sessions under the top-level list: an
				// edge page of several parents.
				list = `query($after: Cursor, $first: Int = 2, $where: EnrollmentWhereInput) { sessions(first: 10, orderBy: [{field: STARTS_AT}]) {
					edges { node { id enrollments(first: $first, after: $after, where: $where) { totalCount edges { node { id } } } } } } }`
				last = `{ sessions(first: 10, orderBy: [{field: STARTS_AT}]) { edges { node { id
					enrollments(last: 2) { totalCount edges { node { id } } } } } } }`
				// one is a single session's page: one parent.
				one = `query($s: ID!, $first: Int = 2, $where: EnrollmentWhereInput) { node(id: $s) { ... on Session { id
					enrollments(first: $first, where: $where) { totalCount edges { node { id } } } } } }`
			)
			// notFirst leaves out the first of the fixture's employees: the
			// fixture's session keeps 3 of its 4 enrollments (2 of the HR
			// officer's 3).
			notFirst := map[string]any{"employeeIDNEQ": f.employees[0]}
			for _, c := range []struct {
				name  string
				ctx   context.Context
				query string
				vars  map[string]any
				stmts int64 // statements of the whole query: the sessions' and the enrollments' pages (before change 25, a count more)
				want  int   // the fixture session's total
				all   bool  // each page holds all of its parent's rows
			}{
				{"several parents", admin(), list, nil, 2, 4, false},
				{"several parents, last", admin(), last, nil, 2, 4, false},
				{"several parents, privacy scope", hr, list, nil, 2, 3, false},
				{"several parents, privacy scope, every row paged", hr, list, map[string]any{"first": 50}, 2, 3, true},
				{"several parents, filtered", admin(), list, map[string]any{"where": notFirst}, 2, 3, false},
				{"several parents, filtered, privacy scope", hr, list, map[string]any{"where": notFirst, "first": 50}, 2, 2, true},
				{"several parents, after: count statement kept", admin(), list, map[string]any{"after": first.Node.Enrollments.Edges[0].Cursor}, 3, 4, false},
				{"one parent", admin(), one, map[string]any{"s": f.session}, 2, 4, false},
				{"one parent, privacy scope", hr, one, map[string]any{"s": f.session}, 2, 3, false},
				{"one parent, privacy scope, every row paged", hr, one, map[string]any{"s": f.session, "first": 50}, 2, 3, true},
				{"one parent, filtered", admin(), one, map[string]any{"s": f.session, "where": notFirst}, 2, 3, false},
				{"one parent, filtered, privacy scope", hr, one, map[string]any{"s": f.session, "where": notFirst, "first": 50}, 2, 2, true},
				{"one parent without children", admin(), one, map[string]any{"s": empty}, 2, 0, true},
			} {
				ctx, counter := store.WithCounter(c.ctx)
				res := a.doCtx(ctx, c.query, c.vars)
				if len(res.Errors) > 0 {
					t.Fatalf("%s: %+v", c.name, res.Errors)
				}
				n := counter.Count()
				type page struct {
					ID          string
					Enrollments struct {
						TotalCount int
						Edges      []json.RawMessage
					}
				}
				var out struct {
					Sessions struct{ Edges []struct{ Node page } }
					Node     *page
				}
				if err := json.Unmarshal(res.Data, &out); err != nil {
					t.Fatal(err)
				}
				pages := []page{}
				for _, e := range out.Sessions.Edges {
					pages = append(pages, e.Node)
				}
				if out.Node != nil {
					pages = append(pages, *out.Node)
				}
				if len(pages) == 0 {
					t.Fatalf("%s: no sessions in %s", c.name, res.Data)
				}
				where, _ := c.vars["where"].(map[string]any)
				seen := map[string]bool{}
				for _, p := range pages {
					seen[p.ID] = true
					want := countEnrollments(t, a, c.ctx, p.ID, where)
					if p.Enrollments.TotalCount != want {
						t.Errorf("%s: session %s totalCount %d, want %d (the count statement's)", c.name, p.ID, p.Enrollments.TotalCount, want)
					}
					if p.ID == empty && p.Enrollments.TotalCount != 0 {
						t.Errorf("%s: session without enrollments: totalCount %d, want 0", c.name, p.Enrollments.TotalCount)
					}
					if p.ID == f.session && p.Enrollments.TotalCount != c.want {
						t.Errorf("%s: totalCount %d, want %d", c.name, p.Enrollments.TotalCount, c.want)
					}
					if c.all && len(p.Enrollments.Edges) != p.Enrollments.TotalCount {
						t.Errorf("%s: session %s: %d edges paged, totalCount %d", c.name, p.ID, len(p.Enrollments.Edges), p.Enrollments.TotalCount)
					}
				}
				if len(out.Sessions.Edges) > 0 && (!seen[empty] || !seen[f.session]) {
					t.Errorf("%s: sessions %v, want the fixture's and the empty one", c.name, seen)
				}
				if n != c.stmts {
					t.Errorf("%s: %d statements, want %d", c.name, n, c.stmts)
				}
			}

			// A many-to-many page under one parent: the competency's
			// positions through position_competencies, Plaju's among them.
			f.m.mk(createStdQ, input(map[string]any{"positionID": r.position, "competencyID": f.competency, "requiredLevel": 3}))
			other := f.m.mk(createPositionQ, f.m.positionIn(f.agency))
			f.m.mk(createStdQ, input(map[string]any{"positionID": other, "competencyID": f.competency, "requiredLevel": 1}))
			for _, c := range []struct {
				name string
				ctx  context.Context
				want int
			}{{"admin", admin(), 3}, {"privacy scope", hr, 0}} {
				ctx, counter := store.WithCounter(c.ctx)
				res := a.doCtx(ctx, `query($c: ID!) { node(id: $c) { ... on Competency { positions(first: 1) { totalCount edges { node { id } } } } } }`,
					map[string]any{"c": f.competency})
				if len(res.Errors) > 0 {
					t.Fatalf("many-to-many, %s: %+v", c.name, res.Errors)
				}
				var out struct {
					Node struct {
						Positions struct {
							TotalCount int
							Edges      []json.RawMessage
						}
					}
				}
				if err := json.Unmarshal(res.Data, &out); err != nil {
					t.Fatal(err)
				}
				var all struct{ Positions struct{ TotalCount int } }
				res = a.doCtx(c.ctx, `query($c: ID!) { positions(where: {hasCompetenciesWith: [{id: $c}]}) { totalCount } }`, map[string]any{"c": f.competency})
				if len(res.Errors) > 0 {
					t.Fatal(res.Errors)
				}
				if err := json.Unmarshal(res.Data, &all); err != nil {
					t.Fatal(err)
				}
				got := out.Node.Positions
				if got.TotalCount != all.Positions.TotalCount || (c.want > 0 && got.TotalCount != c.want) || len(got.Edges) != min(1, got.TotalCount) {
					t.Errorf("many-to-many, %s: totalCount %d with %d edges, want %d (the count statement's: %d)",
						c.name, got.TotalCount, len(got.Edges), c.want, all.Positions.TotalCount)
				}
				if n := counter.Count(); n != 2 {
					t.Errorf("many-to-many, %s: %d statements, want 2", c.name, n)
				}
			}
		})
	}
}

// countEnrollments returns the number of the session's enrollments the
// viewer of ctx may read and where (nil: none) keeps, by the top-level
// list's totalCount (a count statement of its own).
func countEnrollments(t *testing.T, a *api, ctx context.Context, session string, where map[string]any) int {
	t.Helper()
	q := `query($s: ID!) { enrollments(where: {hasSessionWith: [{id: $s}]}) { totalCount } }`
	vars := map[string]any{"s": session}
	if where != nil {
		q = `query($s: ID!, $w: EnrollmentWhereInput!) { enrollments(where: {hasSessionWith: [{id: $s}], and: [$w]}) { totalCount } }`
		vars["w"] = where
	}
	res := a.doCtx(ctx, q, vars)
	if len(res.Errors) > 0 {
		t.Fatal(res.Errors)
	}
	var out struct{ Enrollments struct{ TotalCount int } }
	if err := json.Unmarshal(res.Data, &out); err != nil {
		t.Fatal(err)
	}
	return out.Enrollments.TotalCount
}
