package graph_test

import (
	"fmt"
	"testing"

	"kembang/internal/store/storetest"
)

// childPagesSeveralQueries are the documents of TestChildPagesSeveral:
// edge pages of several parents (change 66) in the shapes of the
// personas (unit_roster's employees' enrollments, partner_sessions'
// sessions' enrollments with their employees and agencies,
// partner_listing's programs' sessions with their enrollments'
// totalCount), with OR predicates, last:, where filters on the page and
// through other tables, aliases of the same edge, nested pages of pages
// with counts, and pages that keep their own statement beside them (of
// employees, whose interceptors keep them apart: keyset.LimitPerRow, with
// the counts of their rows' edges and pages of their own read as rows of
// that statement). $id is a partner, $unit a unit.
var childPagesSeveralQueries = map[string]string{
	"programs' sessions": `query ($id: ID!) { node(id: $id) { ... on Partner { name
		programs(first: 5, orderBy: [{ field: TITLE }]) { edges { node { code
			a: sessions(first: 2, orderBy: [{ field: STARTS_AT }]) { edges { node { name startsAt capacity enrollments { totalCount } } } }
			b: sessions(last: 2, orderBy: [{ field: CAPACITY, direction: DESC }]) { edges { node { name capacity
				enrollments(first: 2, orderBy: [{ field: STATUS }]) { totalCount edges { node { status } } } } } }
			c: sessions(first: 3, where: { or: [{ status: ONGOING }, { capacityGT: 10 }] }) { edges { node { id status capacity
				e: enrollments(where: { status: REGISTERED }) { totalCount } f: enrollments { totalCount } } } }
			d: sessions(first: 3, where: { hasProgramWith: { titleNEQ: "" }, status: OPEN }) { edges { node { id
				enrollments(last: 2, orderBy: [{ field: CREATED_AT }]) { edges { node { id status employee { nip } } } } } } }
			e: sessions(first: 1) { pageInfo { hasNextPage } edges { node { id } } } } } } } } }`,
	"sessions' enrollments": `query ($id: ID!) { node(id: $id) { ... on Partner {
		sessions(first: 5, orderBy: [{ field: STARTS_AT }]) { edges { node { name
			enrollments(first: 2, orderBy: [{ field: CREATED_AT, direction: DESC }]) { edges { node { id status
				employee { nip fullName agency { name } } session { name } evaluations { level score } } } }
			o: enrollments(first: 5, where: { or: [{ status: ATTENDED }, { hasEmployeeWith: { active: true } }] }) { edges { node { id } } }
			n: enrollments(last: 1, where: { not: { status: REGISTERED } }) { edges { node { id status } } }
			m: enrollments(first: 2, where: { hasEmployeeWith: { nipHasPrefix: "19" } }) { edges { node { id } } }
			evaluations(first: 2, orderBy: [{ field: SCORE, direction: DESC }]) { edges { node { score enrollment { status } } } } } } } } } }`,
	"unit employees' pages": `query ($unit: ID!) {
		employees(first: 10, where: { hasUnitWith: { id: $unit } }, orderBy: [{ field: FULL_NAME }]) { edges { node { nip
			enrollments(first: 2, orderBy: [{ field: CREATED_AT, direction: DESC }]) { edges { node { status session { name program { title } } } } }
			l: enrollments(last: 2, orderBy: [{ field: STATUS }]) { edges { node { status } } }
			assessments(first: 2, orderBy: [{ field: LEVEL, direction: DESC }]) { edges { node { level competency { code } } } }
			o: assessments(first: 3, where: { or: [{ level: 4 }, { source: SELF }] }) { edges { node { id level } } } } } } }`,
	"pages kept apart": `{ agencies(first: 5) { edges { node { code
		units(first: 2, orderBy: [{ field: CODE }]) { edges { node { code
			employees(first: 2, orderBy: [{ field: FULL_NAME }]) { edges { node { nip enrollments { totalCount }
				reports(first: 1) { edges { node { nip } } }
				assessments(first: 1, orderBy: [{ field: LEVEL }]) { edges { node { level } } } } } } } } }
		employees(last: 2, orderBy: [{ field: NIP }]) { edges { node { nip supervisor { nip } } } } } } } }`,
	"unit_roster":      "",
	"partner_sessions": "",
	"partner_listing":  "",
}

// TestChildPagesSeveral proves that edge pages of several parents read as
// JSON columns of their parents' statement (change 66: each parent's key
// compared inside the page's query before its LIMIT; counts of the rows'
// edges as columns of the rows) answer byte for byte what their own
// statements answer (keyset.LimitPerRow, with tojoin disabled), for every
// viewer of the access matrix, both partners and both units (sessions of
// both agencies' programs, enrollments of employees of both agencies,
// masked NIPs), pages longer and shorter than n and empty ones; that they
// never run more statements; and that ADMIN's unit_roster runs 1
// statement, partner_sessions 2 (the masked employees in their own) and
// partner_listing 2, fewer than apart.
func TestChildPagesSeveral(t *testing.T) {
	for _, dialect := range storetest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			a := newAPI(t, dialect)
			s := newScene(t, a)
			seedSeveral(s)
			queries := make(map[string]string, len(childPagesSeveralQueries))
			for name, q := range childPagesSeveralQueries {
				if q == "" {
					q = persona(t, name) // the persona's own document
				}
				queries[name] = q
			}
			vars := []map[string]any{
				{"id": s.p1, "unit": s.unitA}, {"id": s.p2, "unit": s.unitP},
			}
			for _, v := range everyViewer() {
				for i, vs := range vars {
					for name, q := range queries {
						merged, apart, n, m := mergedAndApart(a, s.ctx(v), q, vs)
						sameAnswers(t, fmt.Sprintf("%v, %s of %v", v, name, vs), merged, apart, n, m)
						if v != vAdmin || i != 0 {
							continue
						}
						if len(merged.Errors) > 0 {
							t.Errorf("ADMIN's %s: %s %+v", name, merged.Data, merged.Errors)
						}
						t.Logf("%s: %d statements merged, %d apart", name, n, m)
						if want, ok := map[string]int64{"unit_roster": 1, "partner_sessions": 2, "partner_listing": 2}[name]; ok && n != want {
							t.Errorf("ADMIN's %s: %d statements, want %d (%d apart)", name, n, want, m)
						}
						if n >= m {
							t.Errorf("ADMIN's %s: %d statements merged, not fewer than %d apart", name, n, m)
						}
					}
				}
			}
		})
	}
}
