package graph_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"kembang/internal/store/storetest"
)

// childPagesReview66Queries are the documents of TestChildPagesReview66,
// an outside review of changes 66-68 (edge pages of several parents read
// as JSON columns of their parents' statement): the same page collected
// again below a later response name of edges that reads cursors, pages
// below fragments and @include/@skip on the page and on its pageInfo,
// totalCount and cursor, a top-level page with an extra row whose rows
// carry pages, counts inside pages inside pages, neighbours of pages that
// carry pages and counts of their own, where filters through the
// parents' table, and bad arguments. $id is a partner, $unit a unit.
var childPagesReview66Queries = map[string]string{
	"again with cursor": `query ($id: ID!) { node(id: $id) { ... on Partner { programs(first: 5, orderBy: [{ field: TITLE }]) {
		edges { node { code sessions(first: 2, orderBy: [{ field: STARTS_AT }]) { edges { node { id name } } } } }
		e2: edges { node { sessions(first: 2, orderBy: [{ field: STARTS_AT }]) { edges { cursor node { id capacity } } } } } } } } }`,
	"again with pageInfo": `query ($id: ID!) { node(id: $id) { ... on Partner { programs(first: 5, orderBy: [{ field: TITLE }]) {
		edges { node { code sessions(first: 1, orderBy: [{ field: CAPACITY }]) { edges { node { id } } } } }
		e2: edges { n2: node { sessions(first: 1, orderBy: [{ field: CAPACITY }]) { pageInfo { hasNextPage } edges { node { id } } } } } } } } }`,
	"directives": `query ($id: ID!, $yes: Boolean = true, $no: Boolean = false) { node(id: $id) { ... on Partner {
		programs(first: 5, orderBy: [{ field: TITLE }]) { edges { node { ...P
			a: sessions(first: 2) @include(if: $yes) { edges { node { id ...S } } }
			b: sessions(first: 1) @skip(if: $no) { pageInfo @include(if: $yes) { hasNextPage } edges { node { id } } }
			c: sessions(first: 1) { totalCount @skip(if: $no) edges { node { id } } }
			d: sessions(first: 1) { edges { cursor @include(if: $yes) node { id } } }
			e: sessions(first: 1) { pageInfo @include(if: $no) { hasNextPage } edges { node { id } } }
			f: sessions(first: 2) @skip(if: $yes) { edges { node { id } } } } } } } } }
		fragment P on Program { sessions(first: 2, orderBy: [{ field: CAPACITY, direction: DESC }]) { edges { node { status capacity } } } }
		fragment S on Session { enrollments(first: 1, orderBy: [{ field: CREATED_AT }]) { edges { node { id status } } } }`,
	"top-level page with an extra row": `{ programs(first: 2, orderBy: [{ field: TITLE }]) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { title
		sessions(last: 2, orderBy: [{ field: CAPACITY }]) { edges { node { capacity evaluations { totalCount } } } } } } } }`,
	"counts in pages in pages": `{ agencies(first: 3) { edges { node { code
		programs(first: 3, orderBy: [{ field: TITLE }]) { edges { node { title
			sessions(first: 2, orderBy: [{ field: CAPACITY, direction: DESC }]) { edges { node { capacity
				evaluations { totalCount } v: evaluations(where: { scoreGT: 61 }) { totalCount }
				enrollments(first: 2, orderBy: [{ field: STATUS }]) { edges { node { status evaluations { score } } } } } } } } } } } } } }`,
	"neighbours of pages with pages": `query ($id: ID!) { node(id: $id) { ... on Partner {
		sessions(first: 3, orderBy: [{ field: STARTS_AT }]) { edges { node { name
			enrollments(first: 2, orderBy: [{ field: CREATED_AT }]) { edges { node { status
				employee { nip fullName enrollments { totalCount } assessments(first: 1) { edges { node { level } } } }
				session { name enrollments(first: 2) { edges { node { id } } } evaluations { totalCount } } } } } } } } } } }`,
	"unit deep": `query ($unit: ID!) { node(id: $unit) { ... on Unit {
		employees(first: 3, orderBy: [{ field: NIP }]) { edges { node { nip
			enrollments(first: 2) { edges { node { status session { name
				enrollments(first: 2, orderBy: [{ field: CREATED_AT }]) { edges { node { employee { nip fullName } } } }
				evaluations { totalCount } } } } } } } } } } }`,
	"filters through the parents' table": `query ($id: ID!) { node(id: $id) { ... on Partner { programs(first: 5) { edges { node {
		a: sessions(first: 2, where: { hasProgramWith: { hasSessionsWith: { status: ONGOING } } }) { edges { node { id
			enrollments(first: 2, where: { hasSessionWith: { hasProgramWith: { titleNEQ: "" } } }) { edges { node { id } } }
			o: enrollments(first: 2, where: { or: [{ hasSessionWith: { status: OPEN } }, { status: ATTENDED }] }) { edges { node { id status } } } } } }
		b: sessions(first: 2, where: { or: [{ hasPartnerWith: { nameNEQ: "" } }, { hasProgramWith: { titleNEQ: "" } }] }) { edges { node { id } } }
		c: sessions(last: 1, where: { not: { or: [{ status: OPEN }, { capacityLT: 11 }] } }) { edges { node { id } } } } } } } } }`,
	"m2m parents of several": `{ partners(first: 3) { edges { node { name
		programs(first: 2, orderBy: [{ field: TITLE, direction: DESC }]) { edges { node { title
			sessions(first: 2, orderBy: [{ field: CAPACITY }]) { edges { node { capacity enrollments(last: 1) { edges { node { status } } } } } } } } } } } } }`,
	"nodes": `query ($id: ID!, $unit: ID!) { nodes(ids: [$id, $unit, $id]) { id
		... on Partner { sessions(first: 2) { edges { node { id enrollments(first: 1) { edges { node { id } } } } } } }
		... on Unit { employees(first: 2) { edges { node { nip enrollments(first: 1) { edges { node { status } } } } } } } } }`,
	"one top node": `{ programs(first: 1, orderBy: [{ field: TITLE }]) { edges { node { title
		sessions(first: 3, orderBy: [{ field: CAPACITY }]) { edges { node { capacity
			enrollments(first: 1, orderBy: [{ field: STATUS }]) { edges { node { status } } } } } }
		agency { programs(first: 2) { edges { node { sessions(first: 1) { edges { node { id } } } } } } } } } } }`,
	"fragments on the connection": `query ($id: ID!) { node(id: $id) { ... on Partner { programs(first: 5) { edges { node {
		a: sessions(first: 1, orderBy: [{ field: CAPACITY }]) { ...C }
		b: sessions(first: 1, orderBy: [{ field: CAPACITY }]) { __typename edges { __typename c: cursor node { id } } }
		c: sessions(first: 1, orderBy: [{ field: CAPACITY }]) { ... on SessionConnection { t: totalCount } edges { node { id } } }
		d: sessions(first: 1, orderBy: [{ field: CAPACITY }]) { edges { ...E } } } } } } } }
		fragment C on SessionConnection { p: pageInfo { hasNextPage endCursor } edges { node { id } } }
		fragment E on SessionEdge { cursor node { name } }`,
	"to-one aliases": `query ($id: ID!) { node(id: $id) { ... on Partner { sessions(first: 4) { edges { node {
		enrollments(first: 3) { edges { node { id
			a: session { name enrollments(first: 2) { edges { node { id } } } }
			b: session { capacity enrollments(first: 2, orderBy: [{ field: STATUS }]) { edges { node { status } } }
				evaluations(first: 1) { edges { node { score } } } } } } } } } } } } }`,
	"pages in joined neighbours of several": `{ programs(first: 5, orderBy: [{ field: CODE }]) { edges { node { code
		a: agency { code programs(first: 2, orderBy: [{ field: TITLE }]) { edges { node { title sessions(first: 1) { edges { node { name } } } } } } }
		b: agency { name programs(last: 2) { edges { node { code } } } units(first: 1) { edges { node { code } } } } } } } }`,
	"bad arguments": `query ($id: ID!) { node(id: $id) { ... on Partner { programs(first: 5) { edges { node {
		a: sessions(first: -1) { edges { node { id } } } } } } } } }`,
	"bad arguments 2": `query ($id: ID!) { node(id: $id) { ... on Partner { programs(first: 5) { edges { node {
		a: sessions(first: 2, last: 2) { edges { node { id } } } } } } } } }`,
	"bad arguments 3": `query ($id: ID!) { node(id: $id) { ... on Partner { programs(first: 5) { edges { node {
		a: sessions(first: 100000) { edges { node { id } } } } } } } } }`,
	"zero": `query ($id: ID!) { node(id: $id) { ... on Partner { programs(first: 5) { edges { node {
		a: sessions(first: 0) { edges { node { id } } } b: sessions(last: 0) { totalCount edges { node { id } } } } } } } } }`,
}

// TestChildPagesReview66 proves, for every viewer of the access matrix,
// both partners and both units, that childPagesReview66Queries answer byte
// for byte what their own statements answer (tojoin disabled) and never
// run more statements.
func TestChildPagesReview66(t *testing.T) {
	for _, dialect := range storetest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			a := newAPI(t, dialect)
			s := newScene(t, a)
			seedSeveral(s)
			vars := []map[string]any{
				{"id": s.p1, "unit": s.unitA}, {"id": s.p2, "unit": s.unitP},
			}
			for _, v := range everyViewer() {
				for _, vs := range vars {
					for name, q := range childPagesReview66Queries {
						merged, apart, n, m := mergedAndApart(a, s.ctx(v), q, vs)
						// nodes(ids:) resolves its types apart, its errors in any order.
						sortErrors(merged.Errors)
						sortErrors(apart.Errors)
						if len(merged.Errors) > 0 {
							// An error (a viewer refused) stops the loaders after
							// those that ran first, named edges in map order: the
							// statements counted vary both ways.
							n, m = 0, 0
						}
						sameAnswers(t, fmt.Sprintf("%v, %s of %v", v, name, vs), merged, apart, n, m)
						if v == vAdmin {
							t.Logf("ADMIN's %s: %d statements merged, %d apart, errors %+v", name, n, m, merged.Errors)
						}
					}
				}
			}
		})
	}
}

// seedSeveral adds to s the data of TestChildPagesSeveral: a second
// program of each partner, sessions of every status and tied capacities,
// enrollments of employees of both agencies, evaluations and assessments.
func seedSeveral(s *scene) {
	progA2 := s.mk(createProgramQ, s.programIn(s.alk, s.p1))
	progP2 := s.mk(createProgramQ, s.programIn(s.plj, s.p1))
	unitEmps := []string{s.emp}
	for range 4 {
		unitEmps = append(unitEmps, s.mk(createEmpQ, with(s.employeeIn(s.alk, ""), map[string]any{"unitID": s.unitA, "positionID": s.posA, "active": true})))
	}
	for i, c := range []struct {
		program, partner, status string
		capacity                 int
	}{
		{s.progA, s.p1, "OPEN", 10}, {s.progA, s.p1, "ONGOING", 12}, {s.progA, s.p1, "OPEN", 12}, {s.progA, s.p1, "ONGOING", 10},
		{progA2, s.p1, "OPEN", 15}, {progA2, s.p1, "ONGOING", 15},
		{progP2, s.p1, "OPEN", 11}, {s.progP, s.p2, "ONGOING", 9}, {s.progP, s.p2, "OPEN", 30},
	} {
		ses := s.mk(createSessionQ, with(s.sessionIn(c.program, c.partner), map[string]any{"capacity": c.capacity}))
		var attended []string
		for j, e := range append([]string{s.other, s.pljEmp}, unitEmps...) {
			if (i+j)%3 == 0 {
				continue
			}
			enr := s.mk(enrollMQ, map[string]any{"s": ses, "e": e})
			if (i+j)%4 == 1 {
				attended = append(attended, enr)
			}
		}
		// Attended once all are enrolled: a started session takes none.
		for k, enr := range attended {
			s.a.heldFor(enr)
			s.a.ok(attendMQ, map[string]any{"id": enr}, nil)
			s.mk(createEvalQ, input(map[string]any{"level": "REACTION", "score": 60 + i + k, "enrollmentID": enr}))
		}
		if c.status != "OPEN" {
			s.a.ok(`mutation($id: ID!, $st: SessionStatus!) { updateSession(id: $id, input: {status: $st}) { id } }`, map[string]any{"id": ses, "st": c.status}, nil)
		}
	}
	for i, e := range unitEmps {
		for l := range i % 4 {
			s.mk(createAssessQ, with(s.assessmentIn(e), map[string]any{"level": 1 + (i+l)%4, "source": []string{"SELF", "SUPERVISOR"}[l%2]}))
		}
	}
}

// sortErrors orders errs by their text.
func sortErrors(errs []gqlError) {
	slices.SortFunc(errs, func(a, b gqlError) int { return strings.Compare(fmt.Sprint(a), fmt.Sprint(b)) })
}

// TestChildPagesNestedStrings proves that strings with characters JSON
// escapes (quotes, backslashes, control characters, DEL, characters
// outside the Basic Multilingual Plane that Go does not print, such as the
// tag characters of a flag emoji) answer the same in a page read as rows
// nested in the rows of another page (sessions of programs of agencies:
// on SQLite the nested page's JSON may be embedded as an array in its
// parent's row, which childrows.convert writes back as text for the
// nested rows) as in their own statements.
func TestChildPagesNestedStrings(t *testing.T) {
	names := []string{
		"plain",
		`quote " and bell` + "\a",
		`back\slash and vertical tab` + "\v",
		`quote " and DEL` + "\x7f",
		"quote \" and Scotland \U0001F3F4\U000E0067\U000E0062\U000E0073\U000E0063\U000E0074\U000E007F",
		"tab\tnew line\nunit separator\x1f quote \"",
		"soft\u00adhyphen \u2028 line separator \" \\ \u0080",
	}
	q := `{ agencies(first: 3) { edges { node { code
		programs(first: 3, orderBy: [{ field: TITLE }]) { edges { node { title
			sessions(first: 10, orderBy: [{ field: NAME }]) { edges { node { name facilitator } } } } } } } } } }`
	for _, dialect := range storetest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			a := newAPI(t, dialect)
			s := newScene(t, a)
			for _, name := range names {
				s.mk(createSessionQ, with(s.sessionIn(s.progA, s.p1), map[string]any{"name": name, "facilitator": name}))
			}
			merged, apart, n, m := mergedAndApart(a, s.ctx(vAdmin), q, nil)
			sameAnswers(t, "ADMIN's sessions of programs of agencies", merged, apart, n, m)
			if len(merged.Errors) > 0 || n != 1 {
				t.Errorf("%d statements, errors %+v", n, merged.Errors)
			}
			var data any
			if err := json.Unmarshal(merged.Data, &data); err != nil {
				t.Fatal(err)
			}
			read := map[string]bool{}
			var walk func(any)
			walk = func(v any) {
				switch v := v.(type) {
				case string:
					read[v] = true
				case []any:
					for _, w := range v {
						walk(w)
					}
				case map[string]any:
					for _, w := range v {
						walk(w)
					}
				}
			}
			walk(data)
			for _, name := range names {
				if !read[name] {
					t.Errorf("no session named %q in %s", name, merged.Data)
				}
			}
		})
	}
}

// TestChildPagesFloats proves that float scores that print with many
// digits, tiny and and whole ones answer the same in pages of
// several parents read as rows (the evaluations of enrollments of
// sessions of programs) as in their own statements, on both stores.
func TestChildPagesFloats(t *testing.T) {
	scores := []any{0.1 + 0.2, 66.66666666666667, 1e-7, 100.0, 0.0, 33.3, 12.345678901234567, 99.99999999999999}
	q := `query ($id: ID!) { node(id: $id) { ... on Partner { programs(first: 5) { edges { node {
		sessions(first: 5, orderBy: [{ field: NAME }]) { edges { node { name
			enrollments(first: 5, orderBy: [{ field: CREATED_AT }]) { edges { node { evaluations { score level } } } }
			evaluations(first: 10, orderBy: [{ field: SCORE, direction: DESC }]) { edges { node { score level } } } } } } } } } } } }`
	for _, dialect := range storetest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			a := newAPI(t, dialect)
			s := newScene(t, a)
			for i := range 4 {
				ses := s.mk(createSessionQ, s.sessionIn(s.progA, s.p1))
				// Attended once all are enrolled: a started session takes none.
				var enrs []string
				for j := range 2 {
					enrs = append(enrs, s.mk(enrollMQ, map[string]any{"s": ses, "e": []string{s.emp, s.other, s.sup}[(i+j)%3]}))
				}
				for j, enr := range enrs {
					s.a.heldFor(enr)
					s.a.ok(attendMQ, map[string]any{"id": enr}, nil)
					in := map[string]any{"level": "REACTION", "enrollmentID": enr}
					if sc := scores[(2*i+j)%len(scores)]; sc != nil {
						in["score"] = sc
					}
					s.mk(createEvalQ, input(in))
				}
			}
			for _, v := range everyViewer() {
				merged, apart, n, m := mergedAndApart(a, s.ctx(v), q, map[string]any{"id": s.p1})
				if len(merged.Errors) > 0 {
					n, m = 0, 0
				}
				sameAnswers(t, fmt.Sprintf("%v's evaluations", v), merged, apart, n, m)
				if v == vAdmin {
					t.Logf("ADMIN: %d statements merged, %d apart, errors %+v\n%s", n, m, merged.Errors, merged.Data)
				}
			}
		})
	}
}
