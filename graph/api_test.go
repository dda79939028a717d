package graph_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"testing"
)

func TestCreateDecodesNIP(t *testing.T) {
	forEachStore(t, func(t *testing.T, a *api) {
		f := build(t, a)
		var out struct {
			Node struct {
				NIP         string `json:"nip"`
				BirthDate   string `json:"birthDate"`
				AppointedOn string `json:"appointedOn"`
				Sex         string `json:"sex"`
				Agency      struct{ Code string }
			} `json:"node"`
		}
		a.ok(`query($id: ID!) { node(id: $id) { ... on Employee { nip birthDate appointedOn sex agency { code } } } }`,
			map[string]any{"id": f.employees[1]}, &out)
		n := out.Node
		if n.NIP != nips[1] || n.BirthDate != "1992-02-29" || n.AppointedOn != "2019-03-01" || n.Sex != "FEMALE" || n.Agency.Code != "KMN" {
			t.Errorf("employee = %+v", n)
		}

		// A PPPK number is only checked for its digits and decodes nothing.
		var p struct {
			CreateEmployee struct {
				BirthDate *string `json:"birthDate"`
				Sex       *string `json:"sex"`
			} `json:"createEmployee"`
		}
		a.ok(`mutation($a: ID!) { createEmployee(input: {nip: "202301152023011001", employmentType: PPPK, fullName: "Yohana Sitompul", agencyID: $a, golongan: PPPK_IX}) { birthDate sex } }`,
			map[string]any{"a": f.agency}, &p)
		if p.CreateEmployee.BirthDate != nil || p.CreateEmployee.Sex != nil {
			t.Errorf("PPPK decoded: %+v", p.CreateEmployee)
		}

		// Changing the NIP re-derives the decoded fields.
		var u struct {
			UpdateEmployee struct {
				BirthDate string `json:"birthDate"`
				Sex       string `json:"sex"`
			} `json:"updateEmployee"`
		}
		a.ok(`mutation($id: ID!) { updateEmployee(id: $id, input: {nip: "197001012000032099"}) { birthDate sex } }`,
			map[string]any{"id": f.employees[0]}, &u)
		if u.UpdateEmployee.BirthDate != "1970-01-01" || u.UpdateEmployee.Sex != "FEMALE" {
			t.Errorf("after NIP change: %+v", u.UpdateEmployee)
		}
	})
}

func TestValidationErrors(t *testing.T) {
	forEachStore(t, func(t *testing.T, a *api) {
		f := build(t, a)
		emp := func(over map[string]any) map[string]any {
			in := map[string]any{"nip": "199503032020121001", "employmentType": "PNS", "fullName": "Eko Prasetyo", "agencyID": f.agency}
			for k, v := range over {
				in[k] = v
			}
			return map[string]any{"in": in}
		}
		const createEmployee = `mutation($in: CreateEmployeeInput!) { createEmployee(input: $in) { id } }`
		tests := []struct {
			name      string
			query     string
			vars      map[string]any
			wantCode  string
			wantField string
		}{
			{"NIP too short", createEmployee, emp(map[string]any{"nip": "1995030320201210"}), "BAD_USER_INPUT", "nip"},
			{"NIP not digits", createEmployee, emp(map[string]any{"nip": "19950303202012100X"}), "BAD_USER_INPUT", "nip"},
			{"NIP birth date", createEmployee, emp(map[string]any{"nip": "199502302020121001"}), "BAD_USER_INPUT", "nip"},
			{"NIP sex digit", createEmployee, emp(map[string]any{"nip": "199503032020123001"}), "BAD_USER_INPUT", "nip"},
			{"NIP duplicate", createEmployee, emp(map[string]any{"nip": nips[0]}), "CONFLICT", "nip"},
			{"empty name", createEmployee, emp(map[string]any{"fullName": ""}), "BAD_USER_INPUT", "fullName"},
			{"bad email", createEmployee, emp(map[string]any{"email": "not-an-email"}), "BAD_USER_INPUT", "email"},
			{"PPPK grade on PNS", createEmployee, emp(map[string]any{"golongan": "PPPK_V"}), "BAD_USER_INPUT", "golongan"},
			{"unknown agency", createEmployee, emp(map[string]any{"agencyID": f.program}), "NOT_FOUND", "agencyID"},
			{"malformed agency ID", createEmployee, emp(map[string]any{"agencyID": "not-an-id"}), "BAD_USER_INPUT", "agencyID"},
			{
				"functional grade missing",
				`mutation($a: ID!) { createPosition(input: {title: "Analis Kebijakan", jobType: FUNGSIONAL, agencyID: $a}) { id } }`,
				map[string]any{"a": f.agency}, "BAD_USER_INPUT", "functionalGrade",
			},
			{
				"form outside route",
				`mutation { createProgram(input: {code: "X-1", title: "Seminar", route: EDUCATION, form: SEMINAR, deliveryMode: ONLINE, jp: 4}) { id } }`,
				nil, "BAD_USER_INPUT", "form",
			},
			{
				"session ends before start",
				`mutation($p: ID!) { createSession(input: {programID: $p, name: "Angkatan II", startsAt: "2026-05-02T08:00:00Z", endsAt: "2026-05-01T08:00:00Z", capacity: 20}) { id } }`,
				map[string]any{"p": f.program}, "BAD_USER_INPUT", "endsAt",
			},
			{
				"capacity out of range",
				`mutation($p: ID!) { createSession(input: {programID: $p, name: "Angkatan II", startsAt: "2026-05-02T08:00:00Z", endsAt: "2026-05-03T08:00:00Z", capacity: 0}) { id } }`,
				map[string]any{"p": f.program}, "BAD_USER_INPUT", "capacity",
			},
			{
				"required level out of range",
				`mutation($p: ID!, $c: ID!) { createPositionCompetency(input: {positionID: $p, competencyID: $c, requiredLevel: 6}) { id } }`,
				map[string]any{"p": f.position, "c": f.competency}, "BAD_USER_INPUT", "requiredLevel",
			},
			{
				"duplicate enrollment",
				`mutation($e: ID!, $s: ID!) { createEnrollment(input: {employeeID: $e, sessionID: $s}) { id } }`,
				map[string]any{"e": f.employees[0], "s": f.session}, "CONFLICT", "",
			},
			{
				"results evaluation on an enrollment",
				`mutation($s: ID!) { createEvaluation(input: {level: REACTION, sessionID: $s, score: 80}) { id } }`,
				map[string]any{"s": f.session}, "BAD_USER_INPUT", "enrollmentID",
			},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				r := a.do(tt.query, tt.vars)
				if r.code() != tt.wantCode {
					t.Fatalf("code = %q, want %q; errors: %+v", r.code(), tt.wantCode, r.Errors)
				}
				if tt.wantField != "" && r.field() != tt.wantField {
					t.Errorf("field = %q, want %q; errors: %+v", r.field(), tt.wantField, r.Errors)
				}
			})
		}

		// Nothing of the refused mutations was written.
		var out struct{ Employees struct{ TotalCount int } }
		a.ok(`{ employees { totalCount } }`, nil, &out)
		if out.Employees.TotalCount != len(nips) {
			t.Errorf("employees = %d after refused creates, want %d", out.Employees.TotalCount, len(nips))
		}
	})
}

func TestListFilterOrderPaginate(t *testing.T) {
	forEachStore(t, func(t *testing.T, a *api) {
		f := build(t, a)
		type page struct {
			Employees struct {
				TotalCount int
				PageInfo   struct {
					HasNextPage, HasPreviousPage bool
					StartCursor, EndCursor       string
				}
				Edges []struct{ Node struct{ FullName string } }
			}
		}
		namesOf := func(p page) []string {
			var s []string
			for _, e := range p.Employees.Edges {
				s = append(s, e.Node.FullName)
			}
			return s
		}
		sorted := slices.Clone(names)
		slices.Sort(sorted)
		const q = `query($first: Int, $after: Cursor, $last: Int, $before: Cursor, $where: EmployeeWhereInput) {
			employees(first: $first, after: $after, last: $last, before: $before, where: $where, orderBy: [{field: FULL_NAME}]) {
				totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { node { fullName } } } }`

		// Forwards, two at a time.
		var got []string
		var after any
		for {
			var p page
			a.ok(q, map[string]any{"first": 2, "after": after}, &p)
			if p.Employees.TotalCount != len(names) {
				t.Fatalf("totalCount = %d", p.Employees.TotalCount)
			}
			got = append(got, namesOf(p)...)
			if !p.Employees.PageInfo.HasNextPage {
				break
			}
			after = p.Employees.PageInfo.EndCursor
		}
		if !slices.Equal(got, sorted) {
			t.Errorf("forwards = %v, want %v", got, sorted)
		}

		// Backwards, two at a time.
		got = nil
		var before any
		for {
			var p page
			a.ok(q, map[string]any{"last": 2, "before": before}, &p)
			got = append(namesOf(p), got...)
			if !p.Employees.PageInfo.HasPreviousPage {
				break
			}
			before = p.Employees.PageInfo.StartCursor
		}
		if !slices.Equal(got, sorted) {
			t.Errorf("backwards = %v, want %v", got, sorted)
		}

		// Filters: a field predicate, and edge predicates down to the program.
		tests := []struct {
			name  string
			where map[string]any
			want  []string
		}{
			{"name prefix", map[string]any{"fullNameHasPrefix": "Budi"}, []string{"Budi Santoso"}},
			{"by agency", map[string]any{"hasAgencyWith": []any{map[string]any{"code": "KMN"}}}, sorted},
			{
				"enrolled in program",
				map[string]any{"hasEnrollmentsWith": []any{map[string]any{"hasSessionWith": []any{map[string]any{"hasProgramWith": []any{map[string]any{"id": f.program}}}}}}},
				sortedOf(names[:3]),
			},
			{"or", map[string]any{"or": []any{map[string]any{"fullName": "Citra Ayu"}, map[string]any{"fullName": "Ahmad Fauzi"}}}, []string{"Ahmad Fauzi", "Citra Ayu"}},
		}
		if r := a.do(q, map[string]any{"first": 10, "where": map[string]any{"hasAgencyWith": []any{map[string]any{"id": nil}}}}); r.code() != "BAD_USER_INPUT" || r.field() != "where" {
			t.Errorf("empty nested where: %+v", r.Errors)
		}
		for _, tt := range tests {
			var p page
			a.ok(q, map[string]any{"first": 10, "where": tt.where}, &p)
			if got := namesOf(p); !slices.Equal(got, tt.want) {
				t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
			}
		}

		// Multi-field order: golongan descending, then name.
		a.ok(`mutation($id: ID!) { updateEmployee(id: $id, input: {golongan: IV_A}) { id } }`, map[string]any{"id": f.employees[4]}, nil)
		var p page
		a.ok(`{ employees(first: 10, orderBy: [{field: GOLONGAN, direction: DESC}, {field: FULL_NAME}]) { totalCount edges { node { fullName } } } }`, nil, &p)
		if got := namesOf(p); got[0] != "Citra Ayu" || !slices.IsSorted(got[1:]) {
			t.Errorf("multi-order = %v", got)
		}
	})
}

func sortedOf(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

func TestPageSizeBounds(t *testing.T) {
	forEachStore(t, func(t *testing.T, a *api) {
		f := build(t, a)
		for i := 0; i < 22; i++ {
			a.id(`mutation($a: ID!, $c: String!) { createUnit(input: {code: $c, name: "Kecamatan", agencyID: $a}) { id } }`,
				map[string]any{"a": f.agency, "c": "KEC" + string(rune('A'+i))})
		}
		var out struct {
			Units  struct{ Edges []json.RawMessage }
			Agency struct {
				Units struct{ Edges []json.RawMessage }
			}
		}
		a.ok(`query($a: ID!) { units { edges { node { id } } } agency: node(id: $a) { ... on Agency { units { edges { node { id } } } } } }`, map[string]any{"a": f.agency}, &out)
		if len(out.Units.Edges) != 20 || len(out.Agency.Units.Edges) != 20 {
			t.Errorf("default page sizes = %d (root), %d (nested), want 20", len(out.Units.Edges), len(out.Agency.Units.Edges))
		}
		for _, q := range []string{
			`{ units(first: 101) { totalCount } }`,
			`{ units(last: 1000) { totalCount } }`,
			`{ units(first: -1) { totalCount } }`,
			`{ agencies(first: 1) { edges { node { units(first: 500) { totalCount } } } } }`,
		} {
			if r := a.do(q, nil); r.code() != "BAD_USER_INPUT" {
				t.Errorf("%s: code %q, errors %+v", q, r.code(), r.Errors)
			}
		}
		if r := a.do(`query($n: Int) { units(first: $n) { totalCount } }`, map[string]any{"n": 101}); r.code() != "BAD_USER_INPUT" || r.field() != "first" {
			t.Errorf("variable first=101: %+v", r.Errors)
		}
	})
}

func TestUpdateAndDelete(t *testing.T) {
	forEachStore(t, func(t *testing.T, a *api) {
		f := build(t, a)
		var u struct {
			UpdateEmployee struct{ FullName, Email string }
		}
		a.ok(`mutation($id: ID!) { updateEmployee(id: $id, input: {fullName: "Dewi Lestari, S.Kom.", clearEmail: true}) { fullName email } }`,
			map[string]any{"id": f.employees[0]}, &u)
		if u.UpdateEmployee.FullName != "Dewi Lestari, S.Kom." || u.UpdateEmployee.Email != "" {
			t.Errorf("updated = %+v", u.UpdateEmployee)
		}

		// Records others depend on are not deleted.
		for _, q := range []struct{ name, query, id string }{
			{"agency with employees", `mutation($id: ID!) { deleteAgency(id: $id) }`, f.agency},
			{"employee with enrollments", `mutation($id: ID!) { deleteEmployee(id: $id) }`, f.employees[0]},
			{"program with sessions", `mutation($id: ID!) { deleteProgram(id: $id) }`, f.program},
			{"partner delivering sessions", `mutation($id: ID!) { deletePartner(id: $id) }`, f.partner},
		} {
			if r := a.do(q.query, map[string]any{"id": q.id}); r.code() != "CONFLICT" {
				t.Errorf("delete %s: code %q, errors %+v", q.name, r.code(), r.Errors)
			}
		}

		// A record nobody depends on is deleted.
		var d struct{ DeleteEmployee string }
		a.ok(`mutation($id: ID!) { deleteEmployee(id: $id) }`, map[string]any{"id": f.employees[4]}, &d)
		if d.DeleteEmployee != f.employees[4] {
			t.Errorf("deleted id = %q, want %q", d.DeleteEmployee, f.employees[4])
		}
		if r := a.do(`query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": f.employees[4]}); r.code() != "NOT_FOUND" {
			t.Errorf("deleted node: %+v", r.Errors)
		}
		if r := a.do(`mutation($id: ID!) { deleteEmployee(id: $id) }`, map[string]any{"id": f.employees[4]}); r.code() != "NOT_FOUND" {
			t.Errorf("second delete: %+v", r.Errors)
		}
	})
}

func TestNodes(t *testing.T) {
	forEachStore(t, func(t *testing.T, a *api) {
		f := build(t, a)
		var out struct {
			Nodes []struct {
				Typename string `json:"__typename"`
				ID       string
			}
		}
		ids := []string{f.agency, f.unit, f.employees[0], f.program, f.session, f.partner, f.competency}
		a.ok(`query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }`, map[string]any{"ids": ids}, &out)
		want := []string{"Agency", "Unit", "Employee", "Program", "Session", "Partner", "Competency"}
		for i, n := range out.Nodes {
			if n.Typename != want[i] || n.ID != ids[i] {
				t.Errorf("nodes[%d] = %+v, want %s %s", i, n, want[i], ids[i])
			}
		}

		tooMany := make([]string, 101)
		for i := range tooMany {
			tooMany[i] = f.agency
		}
		tests := []struct {
			name, query string
			vars        map[string]any
			code        string
		}{
			{"malformed", `query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": "%%%"}, "BAD_USER_INPUT"},
			{"not base64 of an id", `query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": "aGVsbG8"}, "BAD_USER_INPUT"},
			{"unknown table", `query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": "dXNlcnM6MQ"}, "BAD_USER_INPUT"},
			{"number", `{ node(id: 4294967297) { id } }`, nil, "BAD_USER_INPUT"},
			{"unknown row", `query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": "ZW1wbG95ZWVzOjk5OTk5"}, "NOT_FOUND"},
			{"too many ids", `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, map[string]any{"ids": tooMany}, "BAD_USER_INPUT"},
		}
		for _, tt := range tests {
			if r := a.do(tt.query, tt.vars); r.code() != tt.code {
				t.Errorf("%s: code %q, want %q; errors %+v", tt.name, r.code(), tt.code, r.Errors)
			}
		}
		// A malformed id among good ones is named by its place in the list.
		r := a.do(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, map[string]any{"ids": []string{f.agency, f.agency, "%%%"}})
		if len(r.Errors) != 1 || r.code() != "BAD_USER_INPUT" || fmt.Sprint(r.Errors[0].Path) != "[nodes ids 2]" {
			t.Errorf("malformed third id: errors %+v, want one BAD_USER_INPUT at [nodes ids 2]", r.Errors)
		}
	})
}
