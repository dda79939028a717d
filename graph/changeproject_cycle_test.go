package graph_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"kembang/internal/domain/jp"
	"kembang/internal/viewer"
)

// Change project operations.
const (
	createProjectQ = `mutation($in: CreateChangeProjectInput!) { createChangeProject(input: $in) { id status mentor { id } } }`
	updateProjectQ = `mutation($id: ID!, $in: UpdateChangeProjectInput!) { updateChangeProject(id: $id, input: $in) { id status } }`
	submitProjectQ = `mutation($id: ID!) { submitChangeProject(id: $id) { id status submittedAt } }`
	returnProjectQ = `mutation($id: ID!, $why: String!) { returnChangeProject(id: $id, reason: $why) { id status returnReason decidedAt } }`
	acceptProjectQ = `mutation($id: ID!) { acceptChangeProject(id: $id) {
		id status decidedAt
		evaluation { id level signedOffOn dueOn evaluator signedOffBy { id } enrollment { id } }
	} }`
)

// projectBench is a program that requires a change project, run once: a
// participant with a supervisor, whose enrollment is COMPLETED.
type projectBench struct {
	*bench
	program, session, enrollment string
	employee, supervisor         string
	year                         int // WIB year of the session's start
}

// newProjectBench builds the fixture (build) and runs such a program.
func newProjectBench(t *testing.T, a *api) *projectBench {
	t.Helper()
	b := newBench(t, a)
	p := &projectBench{bench: b}
	p.program = b.program("LEADERSHIP_TRAINING", 40, false)
	a.ok(`mutation($id: ID!) { updateProgram(id: $id, input: {requiresChangeProject: true}) { id } }`, map[string]any{"id": p.program}, nil)
	p.session = b.session(p.program, 3, 10)
	emps := b.employees(2)
	p.supervisor, p.employee = emps[0], emps[1]
	a.ok(`mutation($id: ID!, $s: ID!) { updateEmployee(id: $id, input: {supervisorID: $s}) { id } }`,
		map[string]any{"id": p.employee, "s": p.supervisor}, nil)
	p.enrollment = b.enroll(p.session, p.employee).ID
	b.complete(p.enrollment, true)
	s := a.db.Client.Session.GetX(admin(), rawID(t, p.session))
	p.year = s.StartsAt.In(jp.WIB).Year()
	return p
}

// person returns the context of an employee (or, with reports, a
// supervisor) viewer of the fixture's agency.
func (p *projectBench) person(role viewer.Role, employee string) context.Context {
	return viewer.NewContext(context.Background(), viewer.Viewer{
		Subject: "test:" + employee, Role: role, EmployeeID: rawID(p.t, employee), AgencyID: rawID(p.t, p.f.agency),
	})
}

// hr returns the context of an HR officer of the fixture's agency.
func (p *projectBench) hr() context.Context {
	return viewer.NewContext(context.Background(), viewer.Viewer{Subject: "test:hr", Role: viewer.HROfficer, AgencyID: rawID(p.t, p.f.agency)})
}

// mentorOf returns the mentor of a change project, read as ADMIN.
func (p *projectBench) mentorOf(project string) string {
	p.t.Helper()
	var out struct {
		Node struct{ Mentor *struct{ ID string } }
	}
	p.a.ok(`query($id: ID!) { node(id: $id) { ... on ChangeProject { mentor { id } } } }`, map[string]any{"id": project}, &out)
	if out.Node.Mentor == nil {
		return ""
	}
	return out.Node.Mentor.ID
}

// projectInput is a change project of enrollment, due in three months.
func projectInput(enrollment string) map[string]any {
	return map[string]any{
		"enrollmentID": enrollment,
		"title":        "Digitalisasi Antrean Layanan Puskesmas",
		"problem":      "Antrean pasien di loket pendaftaran rata-rata 75 menit.",
		"objective":    "Memangkas waktu tunggu pendaftaran menjadi di bawah 20 menit.",
		"plannedOutcome": "Aplikasi antrean daring berjalan di tiga puskesmas dan waktu tunggu " +
			"tercatat mingguan.",
		"dueOn": dateFrom(91),
	}
}

// asOK runs a query as the viewer of ctx that must succeed and decodes
// its data into out.
func asOK(t *testing.T, a *api, ctx context.Context, query string, vars map[string]any, out any) {
	t.Helper()
	r := a.doCtx(ctx, query, vars)
	if len(r.Errors) > 0 {
		t.Fatalf("query failed: %+v\nquery: %s", r.Errors, query)
	}
	if out != nil {
		if err := json.Unmarshal(r.Data, out); err != nil {
			t.Fatalf("decoding data %s: %v", r.Data, err)
		}
	}
}

// TestChangeProjectCycle runs the loop of issue 20 around a change
// project: a program that requires one runs, the participant's project is
// returned by the mentor, resubmitted and accepted, the level-3
// evaluation is recorded with its signer and time, and the program
// report shows the acceptance rate.
func TestChangeProjectCycle(t *testing.T) {
	forEachStore(t, func(t *testing.T, a *api) {
		p := newProjectBench(t, a)
		me, mentor := p.person(viewer.Employee, p.employee), p.person(viewer.Supervisor, p.supervisor)

		// The employee drafts it; the supervisor becomes the mentor.
		var created struct {
			CreateChangeProject struct {
				ID, Status string
				Mentor     struct{ ID string }
			}
		}
		asOK(t, a, me, createProjectQ, map[string]any{"in": projectInput(p.enrollment)}, &created)
		id := created.CreateChangeProject.ID
		if c := created.CreateChangeProject; c.Status != "DRAFT" || c.Mentor.ID != "" {
			t.Fatalf("created %+v, want DRAFT, the mentor hidden from the employee (who reads self only)", c)
		}
		if m := p.mentorOf(id); m != p.supervisor {
			t.Fatalf("mentor = %q, want the supervisor %s", m, p.supervisor)
		}

		asOK(t, a, me, submitProjectQ, map[string]any{"id": id}, nil)
		// Returned without a reason: refused; with one: RETURNED.
		r := a.doCtx(mentor, returnProjectQ, map[string]any{"id": id, "why": "  "})
		refused(t, r, "BAD_USER_INPUT", "needs a reason")
		if r.field() != "reason" {
			t.Errorf("field = %q, want reason", r.field())
		}
		var returned struct {
			ReturnChangeProject struct {
				Status, ReturnReason string
				DecidedAt            *string
			}
		}
		asOK(t, a, mentor, returnProjectQ, map[string]any{"id": id, "why": "Lengkapi data waktu tunggu sebelum perubahan."}, &returned)
		if rp := returned.ReturnChangeProject; rp.Status != "RETURNED" || rp.ReturnReason != "Lengkapi data waktu tunggu sebelum perubahan." || rp.DecidedAt == nil {
			t.Fatalf("returned %+v", rp)
		}

		// Corrected and resubmitted.
		asOK(t, a, me, updateProjectQ, map[string]any{"id": id, "in": map[string]any{
			"evidenceURL": "https://drive.kemuningkab.go.id/aksi-perubahan/antrean.pdf",
		}}, nil)
		asOK(t, a, me, submitProjectQ, map[string]any{"id": id}, nil)

		// Accepted: the level-3 evaluation is signed off by the mentor.
		before := time.Now().Add(-time.Minute)
		var accepted struct {
			AcceptChangeProject struct {
				Status     string
				DecidedAt  *time.Time
				Evaluation *struct {
					ID, Level   string
					SignedOffOn *time.Time
					DueOn       *string
					Evaluator   string
					SignedOffBy *struct{ ID string }
					Enrollment  struct{ ID string }
				}
			}
		}
		asOK(t, a, mentor, acceptProjectQ, map[string]any{"id": id}, &accepted)
		acc := accepted.AcceptChangeProject
		ev := acc.Evaluation
		switch {
		case acc.Status != "ACCEPTED" || acc.DecidedAt == nil:
			t.Fatalf("accepted %+v", acc)
		case ev == nil:
			t.Fatal("acceptance recorded no evaluation")
		case ev.Level != "BEHAVIOR" || ev.Enrollment.ID != p.enrollment:
			t.Errorf("evaluation %+v, want BEHAVIOR of %s", ev, p.enrollment)
		case ev.SignedOffOn == nil || ev.SignedOffOn.Before(before) || ev.SignedOffOn.After(time.Now().Add(time.Minute)):
			t.Errorf("signedOffOn = %v, want now", ev.SignedOffOn)
		case ev.SignedOffBy == nil || ev.SignedOffBy.ID != p.supervisor:
			t.Errorf("signedOffBy = %+v, want the mentor %s", ev.SignedOffBy, p.supervisor)
		case ev.DueOn == nil:
			t.Error("the evaluation has no due date")
		}
		// Final: nothing more happens to it.
		refused(t, a.doCtx(mentor, returnProjectQ, map[string]any{"id": id, "why": "Lagi"}), "CONFLICT", "ACCEPTED is final")
		refused(t, a.doCtx(me, updateProjectQ, map[string]any{"id": id, "in": map[string]any{"title": "Baru"}}), "CONFLICT", "ACCEPTED")

		// The program report shows the acceptance rate.
		var rep struct {
			ProgramReport struct {
				ChangeProjects, ChangeProjectsAccepted int
				ChangeProjectAcceptanceRate            *float64
				BehaviorSignedOffShare                 *float64
			}
		}
		a.ok(`query($p: ID!, $y: Int!) { programReport(programId: $p, year: $y) {
			changeProjects changeProjectsAccepted changeProjectAcceptanceRate behaviorSignedOffShare } }`,
			map[string]any{"p": p.program, "y": p.year}, &rep)
		pr := rep.ProgramReport
		if pr.ChangeProjects != 1 || pr.ChangeProjectsAccepted != 1 || pr.ChangeProjectAcceptanceRate == nil || *pr.ChangeProjectAcceptanceRate != 1 {
			t.Errorf("report %+v, want 1 of 1 accepted", pr)
		}
		if pr.BehaviorSignedOffShare == nil || *pr.BehaviorSignedOffShare != 1 {
			t.Errorf("behaviorSignedOffShare = %v, want 1", pr.BehaviorSignedOffShare)
		}
	})
}
