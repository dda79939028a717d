package graph_test

import (
	"context"
	"testing"
	"time"

	"kembang/internal/domain/jp"
	"kembang/internal/viewer"
)

// TestChangeProjectRules checks who may do what to a change project and
// every refused transition, on both stores.
func TestChangeProjectRules(t *testing.T) {
	forEachStore(t, func(t *testing.T, a *api) {
		p := newProjectBench(t, a)
		me, mentor, hr := p.person(viewer.Employee, p.employee), p.person(viewer.Supervisor, p.supervisor), p.hr()
		rv := newRival(t, a)
		other := p.employees(1)[0] // a colleague, not the mentor
		colleague := p.person(viewer.Employee, other)
		stranger := viewer.NewContext(context.Background(), viewer.Viewer{Subject: "test:rival", Role: viewer.Employee, EmployeeID: rawID(t, rv.employee), AgencyID: rawID(t, rv.agency)})
		rivalHR := viewer.NewContext(context.Background(), viewer.Viewer{Subject: "test:rival-hr", Role: viewer.HROfficer, AgencyID: rawID(t, rv.agency)})

		// Enrollments that may not have a project.
		plain := p.bench.program("COURSE", 20, false) // requires none
		ps := p.bench.session(plain, 2, 5)
		notRequired := p.enroll(ps, p.employee).ID
		p.complete(notRequired, true)
		s2 := p.bench.session(p.program, 2, 5)
		registered := p.enroll(s2, other).ID
		failed := p.enroll(s2, p.supervisor).ID
		p.complete(failed, false)
		// A completed participant without a supervisor.
		loner := p.employees(1)[0]
		s3 := p.bench.session(p.program, 2, 5)
		lonely := p.enroll(s3, loner).ID
		p.complete(lonely, true)

		in := func(enrollment string, extra map[string]any) map[string]any {
			v := projectInput(enrollment)
			for k, x := range extra {
				v[k] = x
			}
			return map[string]any{"in": v}
		}
		var created struct{ CreateChangeProject struct{ ID string } }
		asOK(t, a, me, createProjectQ, in(p.enrollment, nil), &created)
		id := created.CreateChangeProject.ID
		byID := map[string]any{"id": id}
		why := map[string]any{"id": id, "why": "Perbaiki indikator capaian."}

		runSteps(t, a, []step{
			{"program requires none", hr, createProjectQ, in(notRequired, nil), "CONFLICT", "", []string{"does not require a change project"}},
			{"enrollment not completed", hr, createProjectQ, in(registered, nil), "CONFLICT", "", []string{"COMPLETED", "REGISTERED"}},
			{"enrollment failed", hr, createProjectQ, in(failed, nil), "CONFLICT", "", []string{"FAILED"}},
			{"second project", me, createProjectQ, in(p.enrollment, nil), "CONFLICT", "", []string{"already has a change project"}},
			{"no supervisor, no mentor", hr, createProjectQ, in(lonely, nil), "BAD_USER_INPUT", "mentorID", []string{"no supervisor"}},
			{"own mentor", hr, createProjectQ, in(lonely, map[string]any{"mentorID": loner}), "BAD_USER_INPUT", "mentorID", []string{"own change project"}},
			{"mentor of another agency", hr, createProjectQ, in(lonely, map[string]any{"mentorID": rv.employee}), "BAD_USER_INPUT", "mentorID", []string{"another agency"}},
			{"employee names a mentor", p.person(viewer.Employee, loner), createProjectQ, in(lonely, map[string]any{"mentorID": other}), "FORBIDDEN", "", []string{"name the mentor"}},
			{"someone else's enrollment", colleague, createProjectQ, in(lonely, nil), "FORBIDDEN", "", nil},
			{"HR of another agency", rivalHR, createProjectQ, in(lonely, nil), "FORBIDDEN", "", nil},
			{"bad evidence link", me, updateProjectQ, map[string]any{"id": id, "in": map[string]any{"evidenceURL": "javascript:alert(1)"}}, "BAD_USER_INPUT", "evidenceURL", nil},
			{"accept a DRAFT", mentor, acceptProjectQ, byID, "CONFLICT", "", []string{"cannot accept a change project that is DRAFT"}},
			{"return a DRAFT", mentor, returnProjectQ, why, "CONFLICT", "", []string{"cannot return a change project that is DRAFT"}},
			{"submit", me, submitProjectQ, byID, "", "", nil},
			{"submit twice", me, submitProjectQ, byID, "CONFLICT", "", []string{"already SUBMITTED"}},
			{"edit while SUBMITTED", me, updateProjectQ, map[string]any{"id": id, "in": map[string]any{"title": "Judul baru"}}, "CONFLICT", "", []string{"DRAFT or RETURNED"}},
			{"employee accepts own", me, acceptProjectQ, byID, "FORBIDDEN", "", []string{"does not mentor"}},
			{"HR accepts", hr, acceptProjectQ, byID, "FORBIDDEN", "", []string{"does not mentor"}},
			{"colleague returns", colleague, returnProjectQ, why, "FORBIDDEN", "", nil},
			{"mentor returns without a reason", mentor, returnProjectQ, map[string]any{"id": id, "why": ""}, "BAD_USER_INPUT", "reason", nil},
			{"HR changes the mentor while SUBMITTED", hr, updateProjectQ, map[string]any{"id": id, "in": map[string]any{"mentorID": other}}, "", "", nil},
			{"the former mentor returns", mentor, returnProjectQ, why, "FORBIDDEN", "", nil},
			{"the new mentor returns", colleague, returnProjectQ, why, "", "", nil},
			{"accept a RETURNED", colleague, acceptProjectQ, byID, "CONFLICT", "", []string{"cannot accept a change project that is RETURNED"}},
			{"edit while RETURNED", me, updateProjectQ, map[string]any{"id": id, "in": map[string]any{"title": "Antrean Daring Puskesmas"}}, "", "", nil},
			{"employee changes own mentor", me, updateProjectQ, map[string]any{"id": id, "in": map[string]any{"mentorID": p.supervisor}}, "FORBIDDEN", "", []string{"name the mentor"}},
			{"resubmit", me, submitProjectQ, byID, "", "", nil},
			{"accept", colleague, acceptProjectQ, byID, "", "", nil},
			{"resubmit an ACCEPTED", me, submitProjectQ, byID, "CONFLICT", "", []string{"ACCEPTED is final"}},
		})

		// Reads: the employee, the mentor, HR of the agency; nobody of
		// another agency.
		count := func(ctx context.Context) int {
			var out struct{ ChangeProjects struct{ TotalCount int } }
			asOK(t, a, ctx, `{ changeProjects { totalCount } }`, nil, &out)
			return out.ChangeProjects.TotalCount
		}
		for _, tt := range []struct {
			name string
			ctx  context.Context
			want int
		}{
			{"employee", me, 1}, {"mentor", colleague, 1}, {"HR", hr, 1}, {"supervisor, no longer the mentor", mentor, 1},
			{"colleague of the agency", p.person(viewer.Employee, loner), 0},
			{"employee of another agency", stranger, 0}, {"HR of another agency", rivalHR, 0},
		} {
			if got := count(tt.ctx); got != tt.want {
				t.Errorf("%s reads %d change projects, want %d", tt.name, got, tt.want)
			}
		}
		refused(t, a.doCtx(rivalHR, `query($id: ID!) { node(id: $id) { id } }`, byID), "FORBIDDEN")
	})
}

// Education record operations.
const (
	createEduQ  = `mutation($in: CreateEducationRecordInput!) { createEducationRecord(input: $in) { id status } }`
	updateEduQ  = `mutation($id: ID!, $in: UpdateEducationRecordInput!) { updateEducationRecord(id: $id, input: $in) { id status } }`
	approveEduQ = `mutation($id: ID!) { approveEducationRecord(id: $id) { id approvedAt approvedBy } }`
)

// TestEducationRecordRules checks the approval of assigned studies, the
// status machine, the diploma number and the dates, on both stores.
func TestEducationRecordRules(t *testing.T) {
	forEachStore(t, func(t *testing.T, a *api) {
		f := build(t, a)
		agency := rawID(t, f.agency)
		hr := viewer.NewContext(context.Background(), viewer.Viewer{Subject: "test:hr", Role: viewer.HROfficer, AgencyID: agency})
		emp := f.employees[1]
		me := viewer.NewContext(context.Background(), viewer.Viewer{Subject: "test:me", Role: viewer.Employee, EmployeeID: rawID(t, emp), AgencyID: agency})
		rv := newRival(t, a)
		rivalHR := viewer.NewContext(context.Background(), viewer.Viewer{Subject: "test:rival-hr", Role: viewer.HROfficer, AgencyID: rawID(t, rv.agency)})
		analyst := viewer.NewContext(context.Background(), viewer.Viewer{Subject: "test:an", Role: viewer.Analyst})

		record := func(route, status string, extra map[string]any) map[string]any {
			in := map[string]any{
				"employeeID": emp, "route": route, "level": "S2", "institution": "Universitas Gadjah Mada",
				"fieldOfStudy": "Magister Administrasi Publik", "startsOn": "2025-08-25",
				"endsOn": "2027-08-31", "funding": "APBD", "status": status,
			}
			for k, v := range extra {
				in[k] = v
			}
			return map[string]any{"in": in}
		}
		var out struct{ CreateEducationRecord struct{ ID string } }
		asOK(t, a, hr, createEduQ, record("ASSIGNED_STUDY", "PLANNED", nil), &out)
		assigned := out.CreateEducationRecord.ID
		asOK(t, a, me, createEduQ, record("STUDY_PERMIT", "PLANNED", map[string]any{"funding": "SELF"}), &out)
		permit := out.CreateEducationRecord.ID
		set := func(id string, in map[string]any) map[string]any { return map[string]any{"id": id, "in": in} }

		runSteps(t, a, []step{
			{"assigned study created ONGOING", hr, createEduQ, record("ASSIGNED_STUDY", "ONGOING", nil), "CONFLICT", "status", []string{"needs HR approval"}},
			{"created DISCONTINUED", hr, createEduQ, record("STUDY_PERMIT", "DISCONTINUED", nil), "BAD_USER_INPUT", "status", nil},
			{"end before start", hr, createEduQ, record("STUDY_PERMIT", "PLANNED", map[string]any{"endsOn": "2025-08-24"}), "BAD_USER_INPUT", "endsOn", []string{"ends before it starts"}},
			{"graduated without diploma", hr, createEduQ, record("STUDY_PERMIT", "GRADUATED", nil), "BAD_USER_INPUT", "diplomaNumber", nil},
			{"HR of another agency", rivalHR, createEduQ, record("STUDY_PERMIT", "PLANNED", nil), "FORBIDDEN", "", nil},
			{"assigned study starts before approval", hr, updateEduQ, set(assigned, map[string]any{"status": "ONGOING"}), "CONFLICT", "status", []string{"approveEducationRecord"}},
			{"employee approves own", me, approveEduQ, map[string]any{"id": assigned}, "FORBIDDEN", "", []string{"approve own"}},
			{"HR of another agency approves", rivalHR, approveEduQ, map[string]any{"id": assigned}, "FORBIDDEN", "", nil},
			{"a study permit is not approved", hr, approveEduQ, map[string]any{"id": permit}, "CONFLICT", "", []string{"only an ASSIGNED_STUDY"}},
			{"approve", hr, approveEduQ, map[string]any{"id": assigned}, "", "", nil},
			{"approve twice", hr, approveEduQ, map[string]any{"id": assigned}, "CONFLICT", "", []string{"already approved"}},
			{"starts once approved", me, updateEduQ, set(assigned, map[string]any{"status": "ONGOING"}), "", "", nil},
			{"graduates without diploma", hr, updateEduQ, set(assigned, map[string]any{"status": "GRADUATED"}), "BAD_USER_INPUT", "diplomaNumber", []string{"diploma number"}},
			{"graduates", hr, updateEduQ, set(assigned, map[string]any{"status": "GRADUATED", "diplomaNumber": "UGM/MAP/2027/00123"}), "", "", nil},
			{"back to ONGOING", hr, updateEduQ, set(assigned, map[string]any{"status": "ONGOING"}), "CONFLICT", "status", []string{"GRADUATED is final"}},
			{"permit skips ONGOING", me, updateEduQ, set(permit, map[string]any{"status": "GRADUATED", "diplomaNumber": "X-1"}), "CONFLICT", "status", []string{"allowed from ONGOING"}},
			{"permit starts without approval", me, updateEduQ, set(permit, map[string]any{"status": "ONGOING"}), "", "", nil},
			{"permit turned into an unapproved assigned study", hr, updateEduQ, set(permit, map[string]any{"route": "ASSIGNED_STUDY"}), "CONFLICT", "status", nil},
		})
		// The approval names the approver and the time.
		var got struct {
			Node struct {
				ApprovedAt    *time.Time
				ApprovedBy    string
				DiplomaNumber string
			}
		}
		const q = `query($id: ID!) { node(id: $id) { ... on EducationRecord { approvedAt approvedBy diplomaNumber } } }`
		asOK(t, a, hr, q, map[string]any{"id": assigned}, &got)
		if got.Node.ApprovedAt == nil || got.Node.ApprovedBy != "test:hr" || got.Node.DiplomaNumber != "UGM/MAP/2027/00123" {
			t.Errorf("approved record %+v", got.Node)
		}
		// An analyst reads it (document numbers are not personal fields,
		// like an enrollment's certificate number); HR of another agency
		// reads nothing.
		asOK(t, a, analyst, q, map[string]any{"id": assigned}, &got)
		if got.Node.ApprovedAt == nil {
			t.Errorf("analyst reads %+v", got.Node)
		}
		var n struct{ EducationRecords struct{ TotalCount int } }
		asOK(t, a, rivalHR, `{ educationRecords { totalCount } }`, nil, &n)
		if n.EducationRecords.TotalCount != 0 {
			t.Errorf("HR of another agency reads %d education records", n.EducationRecords.TotalCount)
		}
	})
}

// TestCertificationsExpiring checks the expiry rule, the bounds of
// withinDays and the agency scoping of certificationsExpiring, on both
// stores.
func TestCertificationsExpiring(t *testing.T) {
	forEachStore(t, func(t *testing.T, a *api) {
		f := build(t, a)
		rv := newRival(t, a)
		hr := viewer.NewContext(context.Background(), viewer.Viewer{Subject: "test:hr", Role: viewer.HROfficer, AgencyID: rawID(t, f.agency)})
		rivalHR := viewer.NewContext(context.Background(), viewer.Viewer{Subject: "test:rival-hr", Role: viewer.HROfficer, AgencyID: rawID(t, rv.agency)})
		day := func(days int) string {
			y, m, d := time.Now().In(jp.WIB).Date() // the server's calendar
			return time.Date(y, m, d+days, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
		}
		const createQ = `mutation($in: CreateCertificationInput!) { createCertification(input: $in) { id } }`
		cert := func(employee, name string, expires *int) string {
			in := map[string]any{
				"employeeID": employee, "name": name, "issuer": "Badan Nasional Sertifikasi Profesi",
				"number": "BNSP-" + name, "issuedOn": day(-700), "competencyID": f.competency,
			}
			if expires != nil {
				in["expiresOn"] = day(*expires)
			}
			return a.id(createQ, map[string]any{"in": in})
		}
		ptr := func(n int) *int { return &n }
		soon := cert(f.employees[0], "Pengadaan Barang dan Jasa", ptr(10))
		later := cert(f.employees[1], "Auditor Ahli", ptr(100))
		today := cert(f.employees[2], "Ahli K3 Umum", ptr(0))
		cert(f.employees[3], "Manajemen Risiko", ptr(-5)) // expired
		cert(f.employees[4], "Penerjemah", nil)           // does not expire
		cert(rv.employee, "Perencana Ahli", ptr(10))      // another agency

		refused(t, a.do(createQ, map[string]any{"in": map[string]any{
			"employeeID": f.employees[0], "name": "X", "issuer": "Y", "issuedOn": day(0), "expiresOn": day(0),
		}}), "BAD_USER_INPUT", "expires after it was issued")

		const q = `query($a: ID!, $d: Int!) { certificationsExpiring(agencyId: $a, withinDays: $d) { totalCount edges { node { id } } } }`
		ids := func(ctx context.Context, days int) []string {
			var out struct {
				CertificationsExpiring struct {
					Edges []struct{ Node struct{ ID string } }
				}
			}
			asOK(t, a, ctx, q, map[string]any{"a": f.agency, "d": days}, &out)
			var got []string
			for _, e := range out.CertificationsExpiring.Edges {
				got = append(got, e.Node.ID)
			}
			return got
		}
		for _, tt := range []struct {
			days int
			want []string
		}{
			{1, []string{today}}, {30, []string{today, soon}}, {365, []string{today, soon, later}}, {3650, []string{today, soon, later}},
		} {
			if got := ids(hr, tt.days); !equalStrings(got, tt.want) {
				t.Errorf("within %d days: %v, want %v (soonest first)", tt.days, got, tt.want)
			}
		}
		for _, d := range []int{0, -1, 3651} {
			r := a.doCtx(hr, q, map[string]any{"a": f.agency, "d": d})
			refused(t, r, "BAD_USER_INPUT", "withinDays")
			if r.field() != "withinDays" {
				t.Errorf("withinDays %d: field = %q", d, r.field())
			}
		}
		refused(t, a.doCtx(rivalHR, q, map[string]any{"a": f.agency, "d": 30}), "FORBIDDEN")
		var mine struct{ Certifications struct{ TotalCount int } }
		asOK(t, a, rivalHR, `{ certifications { totalCount } }`, nil, &mine)
		if mine.Certifications.TotalCount != 1 {
			t.Errorf("HR of another agency reads %d certifications, want its own 1", mine.Certifications.TotalCount)
		}
	})
}

// equalStrings reports whether a and b hold the same strings in order.
func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// A step is a request of a workflow test and what it must answer: code
// "" for success (the steps after a failed one would mean nothing, so the
// test stops), or the error's code, field and parts of its message.
type step struct {
	name        string
	ctx         context.Context
	query       string
	vars        map[string]any
	code, field string
	parts       []string
}

// runSteps sends the steps in order, each as its viewer.
func runSteps(t *testing.T, a *api, steps []step) {
	t.Helper()
	for _, s := range steps {
		r := a.doCtx(s.ctx, s.query, s.vars)
		if s.code == "" {
			if len(r.Errors) > 0 {
				t.Fatalf("%s: refused: %+v", s.name, r.Errors)
			}
			continue
		}
		t.Run(s.name, func(t *testing.T) {
			refused(t, r, s.code, s.parts...)
			if s.field != "" && r.field() != s.field {
				t.Errorf("field = %q, want %q", r.field(), s.field)
			}
		})
	}
}

// TestSignOffNamesTheSigner checks that signOffBehavior records who
// signed: the supervisor signing off a direct report's assignment.
func TestSignOffNamesTheSigner(t *testing.T) {
	forEachStore(t, func(t *testing.T, a *api) {
		p := newProjectBench(t, a)
		due := dateFrom(61)
		ev := a.id(evalQ, map[string]any{"in": map[string]any{"level": "BEHAVIOR", "enrollmentID": p.enrollment, "dueOn": due}})
		var out struct {
			SignOffBehavior struct{ SignedOffBy *struct{ ID string } }
		}
		asOK(t, a, p.person(viewer.Supervisor, p.supervisor),
			`mutation($id: ID!) { signOffBehavior(evaluationId: $id) { signedOffBy { id } } }`, map[string]any{"id": ev}, &out)
		if s := out.SignOffBehavior.SignedOffBy; s == nil || s.ID != p.supervisor {
			t.Errorf("signedOffBy = %+v, want the supervisor %s", s, p.supervisor)
		}
	})
}
