package graph_test

import (
	"fmt"
	"strings"
	"testing"

	"kembang/internal/store"
	"kembang/internal/store/storetest"
)

// childPagesReviewQueries are the documents of TestChildPagesReview
// (outside review of change 65): edge pages of one parent read as JSON
// columns of the parent's statement, of every kind of parent the schema
// has (whose children have privacy rules of their own: a partner's API
// keys, a session's enrollments of employees of both agencies, a
// competency's assessments), under node, nodes, root lists and joined
// neighbours, nested in pages, with fragments, directives, aliases, where
// filters through the parent's table, and bad arguments. $id is a node of
// the kind the document names in its key's first word.
var childPagesReviewQueries = map[string]string{
	"partner keys and sessions": `query ($id: ID!) { node(id: $id) { ... on Partner { id
		apiKeys(first: 5, orderBy: [{ field: NAME }]) { edges { node { id keyID name rateLimit createdBy revokedAt lastUsedAt partner { id } } } }
		sessions(last: 3, orderBy: [{ field: STARTS_AT, direction: DESC }]) { edges { node { id name startsAt endsAt capacity status location
			program { title } enrollments(first: 2) { edges { node { status } } } } } }
		programs(first: 3, orderBy: [{ field: JP }, { field: TITLE, direction: DESC }]) { edges { node { code title jp international requiresChangeProject status } } }
		planItems(first: 3, orderBy: [{ field: BUDGET, direction: DESC }]) { edges { node { budget plannedJp targetGroup plan { year } } } } } } }`,
	"session enrollments and evaluations": `query ($id: ID!) { node(id: $id) { ... on Session { name
		enrollments(first: 10, orderBy: [{ field: STATUS }]) { edges { node { id status jpCredited completedAt certificateNumber employeeID
			employee { nip fullName } evaluations { level score preScore postScore } session { name program { title } } } } }
		l: enrollments(last: 1) { edges { node { id status } } }
		w: enrollments(first: 5, where: { hasSessionWith: { capacityGT: 0 } }) { edges { node { id } } }
		v: enrollments(first: 5, where: { hasEmployeeWith: { active: true } }) { edges { node { id } } }
		evaluations(first: 5, orderBy: [{ field: SCORE, direction: DESC }]) { edges { node { id level score indicator baseline result dueOn enrollment { status } } } } } } }`,
	"program sessions": `query ($id: ID!) { node(id: $id) { ... on Program { title
		sessions(first: 4, orderBy: [{ field: CAPACITY }, { field: NAME }]) { edges { node { id name capacity startsAt
			program { sessions(first: 1, orderBy: [{ field: NAME, direction: DESC }]) { edges { node { name } } } }
			enrollments(first: 3, orderBy: [{ field: CREATED_AT, direction: DESC }]) { edges { node { id status evaluations { score } } } } } } }
		w: sessions(first: 3, where: { hasProgramWith: { titleNEQ: "" } }) { edges { node { id } } } } } }`,
	"agency pages": `query ($id: ID!) { node(id: $id) { ... on Agency { name
		units(first: 3, orderBy: [{ field: CODE }]) { edges { node { code name agency { name } employees(first: 2) { edges { node { nip } } } } } }
		positions(first: 3) { edges { node { title jobType functionalGrade requirements { requiredLevel } holders(first: 2) { edges { node { nip } } } } } }
		employees(first: 3) { edges { node { nip fullName assessments(first: 1) { edges { node { level } } } } } }
		trainingNeeds(last: 3, orderBy: [{ field: RAISED_ON }]) { edges { node { source description priority raisedOn competency { code } unit { name } forum { title } } } }
		plans(first: 2) { edges { node { year items(first: 2, orderBy: [{ field: BUDGET }]) { edges { node { budget } } } } } }
		programs(first: 3, orderBy: [{ field: CODE, direction: DESC }]) { edges { node { code sessions(first: 1) { edges { node { name } } } } } } } } }`,
	"competency pages": `query ($id: ID!) { node(id: $id) { ... on Competency { code
		assessments(first: 5, orderBy: [{ field: LEVEL, direction: DESC }]) { edges { node { id level source assessedOn assessor employeeID } } }
		certifications(first: 5) { edges { node { name issuer number issuedOn expiresOn employee { nip } } } }
		trainingNeeds(first: 5) { edges { node { description agency { code } } } }
		planItems(first: 5) { edges { node { budget } } }
		requirements(first: 5) { edges { node { requiredLevel position { title } } } }
		targets(first: 5) { edges { node { targetLevel program { title } } } }
		positions(first: 5) { edges { node { title } } }
		programs(first: 5) { edges { node { title } } } } } }`,
	"employee pages": `query ($id: ID!) { node(id: $id) { ... on Employee { nip
		claims(first: 5, orderBy: [{ field: CREATED_AT, direction: DESC }]) { edges { node { title organizer form startsOn endsOn jp status reviewedAt reviewNote } } }
		changeProjects(first: 5) { edges { node { title dueOn } } }
		mentoredProjects(first: 5) { edges { node { title } } }
		educationRecords(first: 5) { edges { node { level institution startsOn status } } }
		certifications(last: 5, orderBy: [{ field: EXPIRES_ON }]) { edges { node { name expiresOn competency { code } } } }
		reports(first: 5) { edges { node { nip } } }
		supervisor { reports(first: 5) { edges { node { nip } } } assessments(first: 3) { edges { node { level } } } }
		assessments(first: 3) { edges { node { level competency { code assessments(first: 3) { edges { node { id level } } } } } } }
		o: assessments(first: 5, where: { or: [{ level: 4 }, { level: 2 }] }) { edges { node { id level } } }
		n: assessments(first: 5, where: { not: { or: [{ level: 4 }, { level: 2 }] } }) { edges { node { id level } } }
		e: assessments(first: 5, where: { hasEmployeeWith: { active: true } }) { edges { node { id } } }
		r: assessments(first: 5, where: { or: [{ hasEmployeeWith: { active: true } }, { level: 4 }] }) { edges { node { id } } }
		enrollments(first: 2) { edges { node { id session { name enrollments(first: 2, orderBy: [{ field: STATUS }]) { edges { node { id status } } }
			evaluations(last: 1) { edges { node { id score } } } } } } } } } }`,
	"fragments and directives": `query ($id: ID!, $yes: Boolean = true, $no: Boolean = false) { node(id: $id) { ...E ...S } }
		fragment E on Employee { a: assessments(first: 2) { edges { ...AE } } b: assessments(first: 2) { edges { node { id } } ... on AssessmentConnection { pageInfo @include(if: $yes) { hasNextPage } } }
			c: assessments(first: 2) { edges { cursor @skip(if: $no) node { id } } } d: assessments(first: 2) { totalCount @include(if: $no) edges { node { id } } } }
		fragment AE on AssessmentEdge { cursor node { id level } }
		fragment S on Session { enrollments(first: 2) { edges { ... on EnrollmentEdge { node { ... on Enrollment { id status } } } } } }`,
	"indicator measurements": `query ($id: ID!) { node(id: $id) { ... on ImpactIndicator { id
		measurements(first: 3, orderBy: [{ field: VALUE, direction: DESC }]) { edges { node { value periodStart periodEnd source note indicator { id } } } } } } }`,
	"plan items": `query ($id: ID!) { node(id: $id) { ... on DevelopmentPlan { year status submittedAt decidedAt
		items(last: 2, orderBy: [{ field: PLANNED_QUARTER }]) { edges { node { budget plannedQuarter plannedJp route form competency { code } partner { id } } } } } } }`,
	"forum needs": `query ($id: ID!) { node(id: $id) { ... on Forum { title
		needs(first: 3, orderBy: [{ field: PRIORITY }]) { edges { node { description priority raisedOn unit { name } } } } } } }`,
	"counted": `query ($id: ID!) { node(id: $id) { ... on Program { title
		a: sessions(first: 2) { edges { node { name enrollments { totalCount } } } }
		b: sessions(first: 2) { edges { node { name enrollments(first: 1) { totalCount edges { node { status } } } } } }
		c: sessions(first: 2) { edges { node { name e: enrollments(first: 1) { pageInfo { hasNextPage } } } } } } } }`,
	"bad arguments": `query ($id: ID!) { node(id: $id) { ... on Employee { nip
		assessments(first: -1) { edges { node { id } } } } } }`,
	"first zero": `query ($id: ID!) { node(id: $id) { ... on Employee { nip
		assessments(first: 0) { edges { node { id } } } enrollments(last: 0) { edges { node { id } } } } } }`,
	"first and last": `query ($id: ID!) { node(id: $id) { ... on Employee { nip
		assessments(first: 1, last: 1) { edges { node { id } } } } } }`,
	"too many": `query ($id: ID!) { node(id: $id) { ... on Employee { nip
		assessments(first: 100000) { edges { node { id } } } } } }`,
	"bad order": `query ($id: ID!) { node(id: $id) { ... on Employee { nip
		assessments(first: 2, orderBy: [{ field: LEVEL }, { field: LEVEL, direction: DESC }]) { edges { node { id } } } } } }`,
	"masked filter": `query ($id: ID!) { node(id: $id) { ... on Session {
		enrollments(first: 5, where: { hasEmployeeWith: { nipHasPrefix: "19" } }) { edges { node { id } } } } } }`,
}

// childPagesReviewLists are documents of several parents (root lists,
// nodes(ids)), whose pages are read as rows of their parents' statement
// since change 66 (those of an entity with interceptors keep their own,
// keyset.LimitPerRow) and must answer as apart.
var childPagesReviewLists = []string{
	`{ programs(first: 5, orderBy: [{ field: CODE }]) { edges { node { code sessions(first: 1, orderBy: [{ field: NAME }]) { edges { node { name } } } } } } }`,
	`{ sessions(first: 5) { edges { node { name program { sessions(first: 1, orderBy: [{ field: NAME, direction: DESC }]) { edges { node { name } } } } } } } }`,
	`{ agencies(first: 5) { edges { node { code units(first: 1) { edges { node { code } } } programs(last: 1) { edges { node { code } } } } } } }`,
	`{ partners(first: 5) { edges { node { apiKeys(first: 1) { edges { node { keyID } } } sessions(first: 1) { edges { node { name } } } } } } }`,
	`{ assessments(first: 5) { edges { node { competency { assessments(first: 1) { edges { node { id } } } } } } } }`,
	// Change 66: pages of several parents with their rows' counts, OR
	// predicates, last:, directives and a page of the page's rows.
	`{ programs(first: 5) { edges { node { code sessions(first: 2, where: { or: [{ status: OPEN }, { capacityGT: 10 }] }) { edges { node { name
		enrollments { totalCount } r: enrollments(where: { status: REGISTERED }) { totalCount }
		l: enrollments(last: 2, orderBy: [{ field: STATUS }]) @include(if: true) { edges { node { status employee { nip } } } } } } } } } } }`,
	`{ sessions(first: 5) { edges { node { name enrollments(first: 2, where: { or: [{ hasEmployeeWith: { active: true } }, { status: ATTENDED }] }) { edges { node { id
		evaluations { score } } } } evaluations(last: 1, orderBy: [{ field: SCORE }]) { edges { node { score } } } } } } }`,
}

// TestChildPagesReview compares, for every viewer of the access matrix,
// each document of childPagesReviewQueries on every node of its kind in
// the scene (nodes of both agencies, partners, sessions, programs), and
// the lists of childPagesReviewLists and nodes(ids) of two parents, read
// with pages as columns (change 65) and apart (tojoin.Disable): the
// answers must be the same byte for byte, errors included, and merged
// never runs more statements; no error carries SQL or INTERNAL.
func TestChildPagesReview(t *testing.T) {
	for _, dialect := range storetest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			a := newAPI(t, dialect)
			s := newScene(t, a)
			// More rows: sessions of both programs (capacities tied),
			// enrollments of both agencies' employees, evaluations.
			for i := range 3 {
				ses := s.mk(createSessionQ, with(s.sessionIn(s.progA, s.p1), map[string]any{"capacity": 10 + i%2, "name": fmt.Sprintf("Sesi \"%d\" ñ ✓ '%d'", i, i)}))
				for _, e := range []string{s.emp, s.other, s.pljEmp} {
					s.mk(enrollMQ, map[string]any{"s": ses, "e": e})
				}
			}
			s.mk(createAssessQ, with(s.assessmentIn(s.emp), map[string]any{"level": 4}))
			s.mk(createAssessQ, with(s.assessmentIn(s.pljEmp), map[string]any{"level": 4}))
			s.mk(createAssessQ, with(s.assessmentIn(s.other), map[string]any{"level": 2}))
			s.key(s.p1)

			ids := map[string][]string{
				"partner":    {s.p1, s.p2},
				"session":    {s.sesA, s.sesP},
				"program":    {s.progA, s.progP},
				"agency":     {s.alk, s.plj},
				"competency": {s.comp},
				"employee":   {s.emp, s.sup, s.other, s.pljEmp},
				"indicator":  {s.indA},
				"plan":       {s.planA, s.planP},
				"forum":      {s.forumA},
				"counted":    {s.progA, s.progP},
			}
			same := func(t *testing.T, v viewers, what, q string, vars map[string]any) {
				t.Helper()
				bad := strings.HasPrefix(what, "bad") || strings.HasPrefix(what, "first") || strings.HasPrefix(what, "too") || strings.HasPrefix(what, "masked")
				merged, apart, n, m := mergedAndApart(a, s.ctx(v), q, vars)
				// Errors as a set: nodes(ids) resolves its types in map order.
				if errSet(merged.Errors) != errSet(apart.Errors) || string(merged.Data) != string(apart.Data) {
					t.Errorf("%v, %s: merged\n%s %+v\napart\n%s %+v", v, what, merged.Data, merged.Errors, apart.Data, apart.Errors)
				}
				if n > m {
					t.Errorf("%v, %s: %d statements merged, more than %d apart", v, what, n, m)
				}
				if v == vAdmin && !bad && len(merged.Errors) > 0 {
					t.Errorf("ADMIN's %s: %s %+v", what, merged.Data, merged.Errors)
				}
				if v == vAdmin {
					t.Logf("%s: %d statements merged, %d apart", what, n, m)
				}
				for _, e := range merged.Errors {
					text := strings.ToLower(fmt.Sprintf("%+v", e))
					for _, bad := range []string{"internal", "select ", "syntax", "sql", "json"} {
						if strings.Contains(text, bad) {
							t.Errorf("%v, %s: error %+v", v, what, e)
						}
					}
				}
			}
			for _, v := range everyViewer() {
				for name, q := range childPagesReviewQueries {
					kind := strings.Fields(name)[0]
					list := ids[kind]
					if list == nil {
						list = []string{s.emp, s.pljEmp, s.sesA}
					}
					for _, id := range list {
						same(t, v, name+" of "+id, q, map[string]any{"id": id})
					}
				}
				// A parent and its edge pages in one statement, for the
				// viewers whose rules allow them (the claim of change 65).
				for _, c := range []struct {
					q, id string
				}{
					{`query ($id: ID!) { node(id: $id) { ... on Program { sessions(first: 2, orderBy: [{ field: NAME }]) { edges { node { name } } } } } }`, s.progA},
					{`query ($id: ID!) { node(id: $id) { ... on Session { evaluations(last: 2) { edges { node { score } } } enrollments(first: 1) { edges { node { status evaluations { score } } } } } } }`, s.sesA},
					{`query ($id: ID!) { node(id: $id) { ... on Employee { assessments(first: 2) { edges { node { level competency { code } } } } } } }`, s.emp},
				} {
					if v != vAdmin && v != vHR {
						continue
					}
					ctx, counter := store.WithCounter(s.ctx(v))
					r := a.doCtx(ctx, c.q, map[string]any{"id": c.id})
					if n := counter.Count(); n != 1 || len(r.Errors) > 0 {
						t.Errorf("%v, %s: %d statements, want 1: %s %+v", v, c.q, n, r.Data, r.Errors)
					}
				}
				for i, q := range childPagesReviewLists {
					same(t, v, fmt.Sprintf("list %d", i), q, nil)
				}
				same(t, v, "nodes", `query ($ids: [ID!]!) { nodes(ids: $ids) { id ... on Program { sessions(first: 1, orderBy: [{ field: NAME }]) { edges { node { name } } } }
					... on Partner { apiKeys(first: 1) { edges { node { keyID } } } } } }`,
					map[string]any{"ids": []string{s.progA, s.progP, s.p1, s.p2}})
			}
		})
	}
}
