package graph_test

import (
	"fmt"
	"testing"

	"kembang/internal/store/storetest"
)

// childPagesQueries are the documents of TestChildPagesSameAnswers: edge
// pages of one employee read as columns of its statement (first and last,
// ascending and descending, ties on the order field, several order fields,
// the default order, a nullable order field, a where filter, aliases of
// the same edge), beside pages that keep their own statement (cursors,
// pageInfo, totalCount), and a page of several parents (read as rows too
// since change 66; TestChildPagesSeveral has more).
var childPagesQueries = map[string]string{
	"assessments first/last": `query ($id: ID!) { node(id: $id) { ... on Employee { fullName
		a: assessments(first: 3, orderBy: [{ field: LEVEL }]) { edges { node { level source assessedOn competency { code } } } }
		b: assessments(last: 3, orderBy: [{ field: LEVEL, direction: DESC }]) { edges { node { level source assessedOn } } }
		c: assessments(first: 4, orderBy: [{ field: ASSESSED_ON }, { field: SOURCE, direction: DESC }]) { edges { node { level source assessedOn } } }
		d: assessments(last: 4, orderBy: [{ field: SOURCE }, { field: ASSESSED_ON, direction: DESC }]) { edges { node { level assessedOn } } }
		e: assessments(first: 10) { edges { node { level } } }
		f: assessments(last: 2) { edges { node { level assessor } } }
		g: assessments(first: 1, orderBy: [{ field: ASSESSED_ON, direction: DESC }]) { edges { node { id } } } } } }`,
	"enrollments nullable order": `query ($id: ID!) { node(id: $id) { ... on Employee { nip
		a: enrollments(first: 3, orderBy: [{ field: COMPLETED_AT }]) { edges { node { status completedAt
			evaluations { level score } session { name program { title } } } } }
		b: enrollments(last: 3, orderBy: [{ field: COMPLETED_AT, direction: DESC }]) { edges { node { status completedAt } } }
		c: enrollments(first: 10, orderBy: [{ field: STATUS, direction: DESC }]) { edges { node { status jpCredited evaluations { level } } } }
		d: enrollments(last: 10, orderBy: [{ field: JP_CREDITED }]) { edges { node { status jpCredited } } }
		e: enrollments(first: 2, where: { status: COMPLETED }, orderBy: [{ field: CREATED_AT, direction: DESC }]) { edges { node { status } } } } } }`,
	"pages kept apart": `query ($id: ID!) { node(id: $id) { ... on Employee {
		a: assessments(first: 2, orderBy: [{ field: LEVEL }]) { edges { cursor node { level } } }
		b: assessments(last: 2, orderBy: [{ field: LEVEL }]) { pageInfo { hasPreviousPage } edges { node { level } } }
		c: assessments(first: 2) { totalCount edges { node { level } } }
		d: enrollments(first: 2, orderBy: [{ field: STATUS }]) { edges { node { status } } } } } }`,
	"pages in a joined neighbour": `query ($id: ID!) { node(id: $id) { ... on Employee { fullName
		agency { name
			a: units(first: 2, orderBy: [{ field: NAME, direction: DESC }]) { edges { node { code name } } }
			b: positions(last: 2, orderBy: [{ field: JOB_TYPE }]) { edges { node { title jobType
				requirements { requiredLevel competency { code } } } } } }
		position { title requirements { requiredLevel } } } } }`,
	"several parents": `query ($id: ID!) { node(id: $id) { ... on Employee { agency { employees(first: 5) { edges { node { nip
		assessments(last: 2, orderBy: [{ field: LEVEL }]) { edges { node { level } } } } } } } } } }`,
}

// TestChildPagesSameAnswers proves that an edge page of one parent read
// as a JSON column of its parent's statement (internal/entx/childrows,
// NewPage, change 65) answers byte for byte what its own statement
// answers (tojoin.Disable turns it off), for every viewer of the access
// matrix, employees of both agencies with pages longer and shorter than
// n, and empty ones, ties and NULLs in the order fields; that it never
// runs more statements; and that ADMIN's first three documents of the
// employee with data (pages of the employee, pages of its joined agency)
// run in one statement.
func TestChildPagesSameAnswers(t *testing.T) {
	for _, dialect := range storetest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			a := newAPI(t, dialect)
			s := newScene(t, a)
			placed := func(agency, unit, position string) string {
				return s.mk(createEmpQ, with(s.employeeIn(agency, ""), map[string]any{"unitID": unit, "positionID": position, "active": true}))
			}
			assessed := func(employee string, level, days int, source string, assessor any) {
				s.mk(createAssessQ, with(s.assessmentIn(employee), map[string]any{"level": level, "assessedOn": dateFrom(-days), "source": source, "assessor": assessor}))
			}
			enrolled := func(employee string, completed bool, evaluations int) {
				e := s.mk(enrollMQ, map[string]any{"s": s.session(), "e": employee})
				if !completed && evaluations == 0 {
					return
				}
				s.a.heldFor(e)
				s.a.ok(attendMQ, map[string]any{"id": e}, nil)
				for i := range evaluations {
					if i%2 == 0 {
						s.mk(createEvalQ, input(map[string]any{"level": "REACTION", "score": 50 + 10*i, "enrollmentID": e}))
					} else {
						s.mk(createEvalQ, input(map[string]any{"level": "LEARNING", "score": 50 + 10*i, "preScore": 40, "postScore": 50 + 10*i, "enrollmentID": e}))
					}
				}
				if completed {
					s.a.ok(completeMQ, map[string]any{"id": e}, nil)
				}
			}
			many := placed(s.alk, s.unitA, s.posA)
			// Ties on level, assessedOn and source; a NULL assessor.
			for i, l := range []int{3, 2, 3, 4, 2, 3, 1} {
				assessed(many, l, 10+i%3, []string{"SELF", "SUPERVISOR"}[i%2], map[bool]any{true: "Budi", false: nil}[i%2 == 0])
			}
			enrolled(many, true, 2)
			enrolled(many, false, 0) // REGISTERED: no completedAt, no evaluations
			enrolled(many, true, 0)
			enrolled(many, false, 1) // attended
			enrolled(many, false, 0)
			enrolled(many, true, 1)
			few := placed(s.alk, s.unitA, s.posA)
			assessed(few, 2, 5, "SELF", nil)
			enrolled(few, true, 1)
			none := placed(s.alk, s.unitA, s.posA)
			plj := placed(s.plj, s.unitP, s.posP)
			assessed(plj, 4, 3, "SUPERVISOR", "Sari")
			assessed(plj, 4, 3, "SUPERVISOR", "Sari")
			enrolled(plj, false, 0)

			for _, v := range everyViewer() {
				for _, id := range []string{many, few, none, plj, s.emp, s.pljEmp} {
					for name, q := range childPagesQueries {
						vars := map[string]any{"id": id}
						merged, apart, n, m := mergedAndApart(a, s.ctx(v), q, vars)
						sameAnswers(t, fmt.Sprintf("%v, %s of %s", v, name, id), merged, apart, n, m)
						if v == vAdmin && id == many {
							if len(merged.Errors) > 0 {
								t.Errorf("ADMIN's %s: %s %+v", name, merged.Data, merged.Errors)
							}
							if name == "assessments first/last" || name == "enrollments nullable order" || name == "pages in a joined neighbour" {
								if n != 1 {
									t.Errorf("ADMIN's %s: %d statements, want 1 (%d apart)", name, n, m)
								}
							}
						}
					}
				}
			}
		})
	}
}
