package graph_test

import (
	"strconv"
	"strings"
	"testing"

	"entgo.io/contrib/entgql"

	"kembang/ent/gid"
)

// inputCase is a request with one bad value and the error it must get.
type inputCase struct {
	name  string
	query string
	vars  map[string]any
	code  string // "" for success
	field string // extensions.field
	in    string // a part of the message
}

// run sends c and checks its answer.
func (c inputCase) run(t *testing.T, a *api) {
	t.Run(c.name, func(t *testing.T) {
		r := a.on(t).do(c.query, c.vars)
		if c.code == "" {
			if len(r.Errors) > 0 {
				t.Fatalf("refused: %+v", r.Errors)
			}
			return
		}
		if len(r.Errors) == 0 {
			t.Fatalf("accepted: %s", r.Data)
		}
		if r.code() != c.code || r.field() != c.field || !strings.Contains(r.Errors[0].Message, c.in) {
			t.Errorf("got code %s, field %q, message %q; want %s, %q, containing %q", r.code(), r.field(), r.Errors[0].Message, c.code, c.field, c.in)
		}
	})
}

// orOf returns a where input that is an or of n name conditions.
func orOf(n int) map[string]any {
	or := make([]any, n)
	for i := range or {
		or[i] = map[string]any{"fullName": "Pegawai " + strings.Repeat("x", i%7)}
	}
	return map[string]any{"or": or}
}

// nestedOr returns a where input of n levels of or, each given as one
// object where a list is expected.
func nestedOr(n int) map[string]any {
	w := map[string]any{"nipHasPrefix": "19"}
	for range n - 1 {
		w = map[string]any{"or": w}
	}
	return w
}

// TestBadInput: values no store may take are BAD_USER_INPUT naming the
// argument or input field, alike on SQLite and PostgreSQL, and never
// INTERNAL_SERVER_ERROR or UNAVAILABLE: malformed times, text with a NUL
// character, where inputs of too many conditions (refused before any SQL
// runs, see Limits.MaxWherePredicates).
func TestBadInput(t *testing.T) {
	forEachStore(t, func(t *testing.T, a *api) {
		f := build(t, a)
		const (
			createSession = `mutation($in: CreateSessionInput!) { createSession(input: $in) { id } }`
			createAgency  = `mutation($in: CreateAgencyInput!) { createAgency(input: $in) { id } }`
			employees     = `query($w: EmployeeWhereInput) { employees(where: $w) { totalCount } }`
		)
		createClaim := `mutation($in: CreateLearningClaimInput!) { createLearningClaim(input: $in) { id } }`
		claim := func(startsOn, endsOn any) map[string]any {
			return map[string]any{"in": map[string]any{"employeeID": f.employees[0], "title": "Kursus", "organizer": "Universitas Terbuka",
				"form": "COURSE", "startsOn": startsOn, "endsOn": endsOn, "jp": 2}}
		}
		session := func(startsAt, endsAt string) map[string]any {
			return map[string]any{"in": map[string]any{"programID": f.program, "name": "Angkatan II", "startsAt": startsAt, "endsAt": endsAt, "capacity": 20}}
		}
		ids := make([]any, 5000)
		for i := range ids {
			ids[i] = gid.Encode(rawID(t, f.employees[0]) + i)
		}
		for _, c := range []inputCase{
			{"malformed Time inline", `mutation($p: ID!) { createSession(input: {programID: $p, name: "X", startsAt: "kemarin", endsAt: "2026-05-03T08:00:00Z", capacity: 20}) { id } }`,
				map[string]any{"p": f.program}, "BAD_USER_INPUT", "startsAt", "RFC 3339"},
			{"malformed Time in a variable", createSession, session("2026-05-02T08:00:00Z", "2026-02-30T08:00:00Z"), "BAD_USER_INPUT", "endsAt", "RFC 3339"},
			{"Time of the wrong JSON type", createSession, map[string]any{"in": map[string]any{"programID": f.program, "name": "X", "startsAt": 20260502, "endsAt": "2026-05-03T08:00:00Z", "capacity": 20}},
				"BAD_USER_INPUT", "startsAt", "RFC 3339"},
			{"malformed Time in a filter", `{ sessions(where: {startsAtGT: "nanti"}) { totalCount } }`, nil, "BAD_USER_INPUT", "startsAtGT", "RFC 3339"},
			{"well-formed Time", createSession, session("2026-05-02T08:00:00+07:00", "2026-05-03T16:00:00+07:00"), "", "", ""},
			{"a Date for a Time", createSession, session("2026-05-02", "2026-05-03T16:00:00+07:00"), "BAD_USER_INPUT", "startsAt", "RFC 3339"},
			// Date: YYYY-MM-DD only.
			{"malformed Date inline", `mutation($e: ID!, $c: ID!) { createAssessment(input: {employeeID: $e, competencyID: $c, level: 2, assessedOn: "kemarin", source: SELF}) { id } }`,
				map[string]any{"e": f.employees[0], "c": f.competency}, "BAD_USER_INPUT", "assessedOn", "YYYY-MM-DD"},
			{"a Time for a Date", createClaim, claim("2026-05-02T00:00:00Z", "2026-05-02"), "BAD_USER_INPUT", "startsOn", "YYYY-MM-DD"},
			{"impossible Date in a variable", createClaim, claim("2026-05-02", "2026-02-30"), "BAD_USER_INPUT", "endsOn", "YYYY-MM-DD"},
			{"Date in another layout", createClaim, claim("02-05-2026", "2026-05-02"), "BAD_USER_INPUT", "startsOn", "YYYY-MM-DD"},
			{"Date of the wrong JSON type", createClaim, claim(20260502, "2026-05-02"), "BAD_USER_INPUT", "startsOn", "YYYY-MM-DD"},
			{"malformed Date in a filter", `{ trainingNeeds(where: {raisedOnGT: "2026-05-02T00:00:00Z"}) { totalCount } }`, nil, "BAD_USER_INPUT", "raisedOnGT", "YYYY-MM-DD"},
			{"malformed Date in a list filter", `query($d: [Date!]) { learningClaims(where: {startsOnIn: $d}) { totalCount } }`, map[string]any{"d": []any{"2026-05-02", "2026/05/03"}},
				"BAD_USER_INPUT", "startsOnIn", "YYYY-MM-DD"},
			{"well-formed Date", createClaim, claim("2026-05-02", "2026-05-02"), "", "", ""},
			{"NUL in a mutation's text", createAgency, map[string]any{"in": map[string]any{"code": "NUL", "name": "Kota\x00Nol", "region": "Nol"}},
				"BAD_USER_INPUT", "name", "NUL"},
			{"NUL in a filter", employees, map[string]any{"w": map[string]any{"fullNameContains": "a\x00"}}, "BAD_USER_INPUT", "fullNameContains", "NUL"},
			{"NUL in a list", employees, map[string]any{"w": map[string]any{"nipIn": []any{nips[0], "1\x00"}}}, "BAD_USER_INPUT", "nipIn", "NUL"},
			{"NUL in an argument", `mutation($id: ID!, $r: String!) { rejectLearningClaim(id: $id, reason: $r) { id } }`,
				map[string]any{"id": gid.Encode(rawID(t, f.agency)), "r": "\x00"}, "BAD_USER_INPUT", "reason", "NUL"},
			{"or of 5,000 conditions", employees, map[string]any{"w": orOf(5000)}, "BAD_USER_INPUT", "where", "5000 conditions"},
			{"or of 1,000 conditions inline", `{ employees(where: {or: [` + strings.Repeat(`{fullName: "x"} `, 1000) + `]}) { totalCount } }`, nil,
				"BAD_USER_INPUT", "where", "1000 conditions"},
			{"idIn of 5,000 IDs", employees, map[string]any{"w": map[string]any{"idIn": ids}}, "BAD_USER_INPUT", "where", "5000 conditions"},
			{"or of 201 conditions in nested objects", employees, map[string]any{"w": map[string]any{"hasSupervisorWith": []any{orOf(201)}}}, "BAD_USER_INPUT", "where", "201 conditions"},
			{"where nested in single objects", employees, map[string]any{"w": nestedOr(12)}, "BAD_USER_INPUT", "where", "nested 12 levels"},
			{"or given as one object", employees, map[string]any{"w": map[string]any{"or": map[string]any{"nipHasPrefix": "1986"}}}, "", "", ""},
			{"or of 200 conditions", employees, map[string]any{"w": orOf(200)}, "", "", ""},
		} {
			c.run(t, a)
		}
	})
}

// TestBadCursors: a cursor is good only for the connection field and the
// order it was made for. A string that is not a cursor, or a cursor of
// another connection, another order or another direction, is
// BAD_USER_INPUT naming after or before, on root and nested connections
// alike; never UNAVAILABLE (which clients retry), INTERNAL_SERVER_ERROR or
// a page of another list.
func TestBadCursors(t *testing.T) {
	forEachStore(t, func(t *testing.T, a *api) {
		f := build(t, a)
		end := func(query string) string {
			t.Helper()
			var out map[string]any
			a.ok(query, nil, &out)
			var c string
			walkJSON(out, func(k string, v any) {
				if s, ok := v.(string); ok && k == "endCursor" && c == "" {
					c = s
				}
			})
			if c == "" {
				t.Fatalf("no endCursor in %v", out)
			}
			return c
		}
		byName := end(`{ employees(first: 2, orderBy: [{field: FULL_NAME}]) { pageInfo { endCursor } edges { cursor } } }`)
		byID := end(`{ employees(first: 2) { pageInfo { endCursor } edges { cursor } } }`)
		nested := end(`{ agencies(first: 1) { edges { node { employees(first: 2, orderBy: [{field: FULL_NAME}]) { pageInfo { endCursor } edges { cursor } } } } } }`)
		// entgql's own encoding: without the list it was made for.
		var b strings.Builder
		entgql.Cursor[int]{ID: rawID(t, f.employees[0]), Value: []any{"Ahmad Fauzi"}}.MarshalGQL(&b)
		legacy := strings.Trim(b.String(), `"`)

		const (
			byNameQ = `query($c: Cursor) { employees(first: 2, after: $c, orderBy: [{field: FULL_NAME}]) { edges { node { fullName } } } }`
			oneQ    = `query($c: Cursor, $o: [EmployeeOrder!]) { employees(first: 2, after: $c, orderBy: $o) { edges { node { fullName } } } }`
		)
		for _, c := range []inputCase{
			{"garbage after", byNameQ, map[string]any{"c": "garbage"}, "BAD_USER_INPUT", "after", "is not a cursor"},
			{"garbage before", `query($c: Cursor) { employees(last: 2, before: $c) { totalCount } }`, map[string]any{"c": "Zm9v"}, "BAD_USER_INPUT", "before", "is not a cursor"},
			{"garbage inline", `{ employees(first: 2, after: "%%%") { totalCount } }`, nil, "BAD_USER_INPUT", "after", "is not a cursor"},
			{"garbage in a nested connection", `query($c: Cursor) { agencies(first: 1) { edges { node { employees(first: 2, after: $c) { totalCount } } } } }`,
				map[string]any{"c": "garbage"}, "BAD_USER_INPUT", "after", "is not a cursor"},
			{"cursor without its list (entgql's encoding)", byNameQ, map[string]any{"c": legacy}, "BAD_USER_INPUT", "after", "another list"},
			{"cursor of another connection", `query($c: Cursor) { sessions(first: 2, after: $c) { totalCount } }`, map[string]any{"c": byID}, "BAD_USER_INPUT", "after", "another list"},
			{"cursor of another connection, ordered by name", `query($c: Cursor) { sessions(first: 2, after: $c, orderBy: [{field: NAME}]) { totalCount } }`,
				map[string]any{"c": byName}, "BAD_USER_INPUT", "after", "another list"},
			{"cursor of another order", oneQ, map[string]any{"c": byName, "o": []any{map[string]any{"field": "NIP"}}}, "BAD_USER_INPUT", "after", "another list"},
			{"cursor of another direction", oneQ, map[string]any{"c": byName, "o": []any{map[string]any{"field": "FULL_NAME", "direction": "DESC"}}}, "BAD_USER_INPUT", "after", "another list"},
			{"cursor of the default order, given an order", byNameQ, map[string]any{"c": byID}, "BAD_USER_INPUT", "after", "another list"},
			{"cursor of an order, given none", oneQ, map[string]any{"c": byName}, "BAD_USER_INPUT", "after", "another list"},
			{"cursor of a nested connection on the root list", byNameQ, map[string]any{"c": nested}, "BAD_USER_INPUT", "after", "another list"},
			{"cursor of the root list in a nested connection", `query($c: Cursor) { agencies(first: 1) { edges { node { employees(first: 2, after: $c, orderBy: [{field: FULL_NAME}]) { totalCount } } } } }`,
				map[string]any{"c": byName}, "BAD_USER_INPUT", "after", "another list"},
			{"cursor of the same list", byNameQ, map[string]any{"c": byName}, "", "", ""},
			{"cursor of the same list, order given as one object", oneQ, map[string]any{"c": byName, "o": map[string]any{"field": "FULL_NAME", "direction": "ASC"}}, "", "", ""},
			{"cursor of the default order", oneQ, map[string]any{"c": byID}, "", "", ""},
			{"cursor of the same nested list", `query($c: Cursor) { agencies(first: 1) { edges { node { employees(first: 2, after: $c, orderBy: [{field: FULL_NAME}]) { totalCount } } } } }`,
				map[string]any{"c": nested}, "", "", ""},
		} {
			c.run(t, a)
		}
	})
}

// TestFieldNames: extensions.field names the argument or input field at
// fault as the schema spells it: ent's field names are mapped by the
// table generated with the schema (ent.InputName), arguments of the
// hand-written mutations by their own names, never by a guess.
func TestFieldNames(t *testing.T) {
	forEachStore(t, func(t *testing.T, a *api) {
		f := build(t, a)
		sc := newScene(t, a)
		absentEmp := absent(t, f.employees[0])
		const (
			createAssessment = `mutation($in: CreateAssessmentInput!) { createAssessment(input: $in) { id } }`
			createClaim      = `mutation($in: CreateLearningClaimInput!) { createLearningClaim(input: $in) { id } }`
		)
		assessment := sc.assessmentIn(sc.emp)
		assessment["in"].(map[string]any)["evidenceURL"] = "bukan tautan"
		claim := sc.claimIn(sc.emp)
		claim["in"].(map[string]any)["evidenceURL"] = "ftp:/x"
		for _, c := range []inputCase{
			{"evidenceURL of an assessment", createAssessment, assessment, "BAD_USER_INPUT", "evidenceURL", "evidenceURL: "},
			{"evidenceURL of a claim", createClaim, claim, "BAD_USER_INPUT", "evidenceURL", "evidenceURL: "},
			{"fullName", `mutation($id: ID!) { updateEmployee(id: $id, input: {fullName: ""}) { id } }`, map[string]any{"id": f.employees[0]},
				"BAD_USER_INPUT", "fullName", "fullName: "},
			{"contactEmail", `mutation { createPartner(input: {name: "Lembaga Uji", kind: UNIVERSITY, contactEmail: "bukan-surel"}) { id } }`, nil,
				"BAD_USER_INPUT", "contactEmail", "contactEmail: "},
			{"rateLimit", `mutation($id: ID!) { updateAPIKey(id: $id, input: {rateLimit: 0}) { id } }`, map[string]any{"id": sc.key1},
				"BAD_USER_INPUT", "rateLimit", "rateLimit: "},
			{"plannedJp", `mutation($id: ID!) { updatePlanItem(id: $id, input: {plannedJp: -1}) { id } }`, map[string]any{"id": sc.itemA},
				"BAD_USER_INPUT", "plannedJp", "plannedJp: "},
			{"sessionId of enroll", `mutation($s: ID!, $e: ID!) { enroll(sessionId: $s, employeeId: $e) { id } }`, map[string]any{"s": f.employees[1], "e": f.employees[1]},
				"NOT_FOUND", "sessionId", "no session with ID " + f.employees[1]},
			{"employeeId of enroll", `mutation($s: ID!, $e: ID!) { enroll(sessionId: $s, employeeId: $e) { id } }`, map[string]any{"s": sc.sesA, "e": absentEmp},
				"NOT_FOUND", "employeeId", "no employee with ID " + absentEmp},
			{"employeeIds of nominate", `mutation($s: ID!, $es: [ID!]!) { nominate(sessionId: $s, employeeIds: $es) { id } }`,
				map[string]any{"s": sc.session(), "es": []any{sc.sup, absentEmp}}, "NOT_FOUND", "employeeIds", "no employee with ID " + absentEmp},
			{"sessionID of createEnrollment", `mutation($in: CreateEnrollmentInput!) { createEnrollment(input: $in) { id } }`,
				map[string]any{"in": map[string]any{"sessionID": f.agency, "employeeID": sc.other}}, "NOT_FOUND", "sessionID", "no session with ID " + f.agency},
			{"malformed id argument", `mutation { updateAgency(id: "bukan-id", input: {}) { id } }`, nil, "BAD_USER_INPUT", "id", `invalid ID "bukan-id"`},
			{"malformed ID in a list", `mutation($s: ID!, $es: [ID!]!) { nominate(sessionId: $s, employeeIds: $es) { id } }`,
				map[string]any{"s": sc.sesA, "es": []any{sc.other, "%%%"}}, "BAD_USER_INPUT", "employeeIds", "invalid ID"},
			{"malformed ID in an input", `mutation($in: CreateUnitInput!) { createUnit(input: $in) { id } }`,
				map[string]any{"in": map[string]any{"code": "X", "name": "X", "agencyID": "!"}}, "BAD_USER_INPUT", "agencyID", "invalid ID"},
			{"reason of returnPlan", `mutation($id: ID!) { returnPlan(id: $id, reason: " ") { id } }`, map[string]any{"id": sc.plan(true)},
				"BAD_USER_INPUT", "reason", "reason: "},
			{"reason of rejectLearningClaim", `mutation($id: ID!) { rejectLearningClaim(id: $id, reason: "") { id } }`, map[string]any{"id": sc.clEmp},
				"BAD_USER_INPUT", "reason", "reason: "},
		} {
			c.run(t, a)
		}
	})
}

// TestNotFoundShowsClientIDs: a NOT_FOUND message shows the ID as the
// client sent it, never the raw integer the store keeps, and names the
// argument that held it; for node and nodes as for mutations.
func TestNotFoundShowsClientIDs(t *testing.T) {
	forEachStore(t, func(t *testing.T, a *api) {
		f := build(t, a)
		emp, unit, agency := absent(t, f.employees[0]), absent(t, f.unit), absent(t, f.agency)
		for _, c := range []struct {
			inputCase
			sent string
		}{
			{inputCase{"node", `query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": emp}, "NOT_FOUND", "id", "no employee with ID " + emp}, emp},
			{inputCase{"nodes", `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, map[string]any{"ids": []any{f.agency, emp}}, "NOT_FOUND", "ids", "no employee with ID " + emp}, emp},
			{inputCase{"one of nodes", `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, map[string]any{"ids": []any{emp}}, "NOT_FOUND", "ids", "no employee with ID " + emp}, emp},
			{inputCase{"update", `mutation($id: ID!) { updateAgency(id: $id, input: {name: "X"}) { id } }`, map[string]any{"id": agency}, "NOT_FOUND", "id", "no agency with ID " + agency}, agency},
			{inputCase{"delete", `mutation($id: ID!) { deleteUnit(id: $id) }`, map[string]any{"id": unit}, "NOT_FOUND", "id", "no unit with ID " + unit}, unit},
			{inputCase{"workflow", `mutation($id: ID!) { markAttendance(enrollmentId: $id) { id } }`, map[string]any{"id": emp}, "NOT_FOUND", "enrollmentId", "no enrollment with ID " + emp}, emp},
		} {
			c.run(t, a)
			r := a.do(c.query, c.vars)
			for _, e := range r.Errors {
				if strings.Contains(e.Message, strconv.Itoa(rawID(t, c.sent))) {
					t.Errorf("%s: the message shows the raw ID: %q", c.name, e.Message)
				}
			}
		}
	})
}
