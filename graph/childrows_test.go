package graph_test

import (
	"context"
	"fmt"
	"testing"

	"kembang/internal/entx/tojoin"
	"kembang/internal/store"
	"kembang/internal/store/storetest"
)

// childRowsQueries are the documents of TestChildRowsSameAnswers: the
// mobile_profile persona, and one that asks for the same plain lists
// twice under aliases (named edges), with and without their to-one edges.
var childRowsQueries = map[string]string{
	"aliased lists": `query ($id: ID!) { node(id: $id) { ... on Employee { fullName nip active
		position { title a: requirements { requiredLevel } b: requirements { requiredLevel competency { code name } } }
		enrollments(first: 10) { edges { node { status
			e1: evaluations { level score preScore postScore }
			e2: evaluations { level session { name } } } } } } } }`,
}

// TestChildRowsSameAnswers proves that the one-to-many edges read as a
// JSON column of their parents' statement (internal/entx/childrows: a
// position's requirements in the employee's statement, the evaluations of
// an enrollment page in the page's statement) answer byte for byte what
// their own statements answer (tojoin.Disable turns both off), for every
// viewer of the access matrix and employees of both agencies (masked NIPs,
// an inactive employee, positions of another agency, enrollments with and
// without evaluations), and that they never run more statements; ADMIN's
// mobile_profile of an employee with a position and evaluations runs 1:
// its two edge pages, with the enrollments' evaluations, are read in the
// employee's statement (docs/performance.md, changes 57 and 65; 3 before
// change 65).
func TestChildRowsSameAnswers(t *testing.T) {
	for _, dialect := range storetest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			a := newAPI(t, dialect)
			s := newScene(t, a)
			placed := func(agency, unit, position string, active bool) string {
				return s.mk(createEmpQ, with(s.employeeIn(agency, ""), map[string]any{"unitID": unit, "positionID": position, "active": active}))
			}
			evaluated := func(employee, session string, score float64) {
				e := s.mk(enrollMQ, map[string]any{"s": session, "e": employee})
				s.a.heldFor(e)
				s.a.ok(attendMQ, map[string]any{"id": e}, nil)
				s.mk(createEvalQ, input(map[string]any{"level": "REACTION", "score": score, "enrollmentID": e}))
				s.mk(createEvalQ, input(map[string]any{"level": "LEARNING", "score": score - 5, "preScore": 40, "postScore": score - 5, "enrollmentID": e}))
			}
			alk := placed(s.alk, s.unitA, s.posA, true)
			evaluated(alk, s.session(), 90)
			evaluated(alk, s.session(), 80)
			s.mk(enrollMQ, map[string]any{"s": s.session(), "e": alk}) // an enrollment without evaluations
			s.mk(createAssessQ, s.assessmentIn(alk))
			inactive := placed(s.alk, s.unitA, s.posA, false)
			evaluated(inactive, s.session(), 70)
			plj := placed(s.plj, s.unitP, s.posP, true)
			evaluated(plj, s.mk(createSessionQ, s.sessionIn(s.progP, s.p2)), 60)

			queries := map[string]string{"mobile_profile": persona(t, "mobile_profile")}
			for name, q := range childRowsQueries {
				queries[name] = q
			}
			for _, v := range everyViewer() {
				for _, id := range []string{alk, inactive, plj, s.emp, s.other, s.pljEmp} {
					for name, q := range queries {
						vars := map[string]any{"id": id}
						merged, apart, n, m := mergedAndApart(a, s.ctx(v), q, vars)
						sameAnswers(t, fmt.Sprintf("%v, %s of %s", v, name, id), merged, apart, n, m)
						if v == vAdmin && id == alk && name == "mobile_profile" {
							if n != 1 {
								t.Errorf("ADMIN's mobile_profile: %d statements, want 1", n)
							}
							if string(merged.Data) == "" || len(merged.Errors) > 0 {
								t.Errorf("ADMIN's mobile_profile: %s %+v", merged.Data, merged.Errors)
							}
						}
					}
				}
			}
		})
	}
}

// mergedAndApart runs q in ctx twice: as served (one-to-many lists and
// pages read in their parents' statements, changes 62 and 65) and with
// tojoin disabled (each edge in a statement of its own), and returns both
// responses and the statements each ran.
func mergedAndApart(a *api, ctx context.Context, q string, vars map[string]any) (merged, apart response, n, m int64) {
	cctx, counter := store.WithCounter(ctx)
	merged = a.doCtx(cctx, q, vars)
	n = counter.Count()
	cctx, counter = store.WithCounter(tojoin.Disable(ctx))
	apart = a.doCtx(cctx, q, vars)
	return merged, apart, n, counter.Count()
}

// sameAnswers reports, under label, a difference between the answers of
// mergedAndApart (data byte for byte, errors in order) and more statements
// merged than apart.
func sameAnswers(t *testing.T, label string, merged, apart response, n, m int64) {
	t.Helper()
	if fmt.Sprint(merged.Errors) != fmt.Sprint(apart.Errors) || string(merged.Data) != string(apart.Data) {
		t.Errorf("%s: merged\n%s %+v\napart\n%s %+v", label, merged.Data, merged.Errors, apart.Data, apart.Errors)
	}
	if n > m {
		t.Errorf("%s: %d statements merged, more than %d apart", label, n, m)
	}
}
