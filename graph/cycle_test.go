package graph_test

import (
	"slices"
	"testing"
	"time"

	entenrollment "kembang/ent/enrollment"
	"kembang/ent/gid"
	"kembang/internal/rules"
	"kembang/internal/viewer"
)

// TestPolicyCycle walks the loop of the regional policies (issue 20)
// through the API, on both stores, as the agency's HR officer and
// approver would: a forum raises needs → the ranking shows them → a plan
// item is approved → the program runs → the change project is returned,
// resubmitted and accepted, recording level 3 → indicator measurements
// before and after → level 4 shows the change → the program report
// flags it → a revision is decided and the next plan carries it.
func TestPolicyCycle(t *testing.T) {
	forEachStore(t, func(t *testing.T, a *api) {
		f := build(t, a)
		hr := as(viewer.Viewer{Subject: "siti@kemuningkab.go.id", Role: viewer.HROfficer, AgencyID: rawID(t, f.agency)})
		approver := as(viewer.Viewer{Subject: "sekda@kemuningkab.go.id", Role: viewer.Approver, AgencyID: rawID(t, f.agency)})

		// 1. A public consultation raises two needs for the competency.
		forum := ""
		{
			var out struct{ CreateForum struct{ ID string } }
			a.okAs(hr, createForum, forumInput(f.agency, map[string]any{
				"kind": "PUBLIC_CONSULTATION", "title": "Forum Konsultasi Publik Pelayanan Kemuning 2026",
				"heldOn": "2026-01-20", "stakeholderGroups": []string{"PUBLIC", "PRACTITIONERS", "EMPLOYEES"}, "participants": 85,
			}), &out)
			forum = out.CreateForum.ID
		}
		for _, text := range []string{"Petugas loket perlu pelatihan pelayanan prima.", "Integritas petugas perizinan dikeluhkan warga."} {
			a.okAs(hr, `mutation($c: ID!, $a: ID!, $f: ID!, $d: String!) { createTrainingNeed(input: {competencyID: $c, agencyID: $a, source: FORUM, priority: HIGH, description: $d, raisedOn: "2026-01-20", forumID: $f}) { id } }`,
				map[string]any{"c": f.competency, "a": f.agency, "f": forum, "d": text}, nil)
		}

		// 2. The ranking shows them, weighed as raised at a recorded forum:
		// 2 needs × HIGH 3 × FORUM 2 × recorded forum 1.5 = 18.
		var ranking struct {
			TrainingNeedsRanking []struct {
				Competency  struct{ ID string }
				Stakeholder float64
				Inputs      int
				Forums      int
			}
		}
		a.okAs(hr, `query($a: ID!) { trainingNeedsRanking(agencyId: $a, year: 2026) { competency { id } stakeholder inputs forums } }`, map[string]any{"a": f.agency}, &ranking)
		if r := ranking.TrainingNeedsRanking; len(r) != 1 || r[0].Competency.ID != f.competency || r[0].Inputs != 2 || r[0].Forums != 1 || r[0].Stakeholder != 18 {
			t.Fatalf("ranking = %+v, want the competency with 2 inputs from 1 forum weighing 18", r)
		}

		// 3. A plan item for it is approved.
		plan, _ := newPlan(t, a, f, 2026)
		if r, p := decide(t, a, "submitPlan", plan, ""); len(r.Errors) > 0 || p.Status != "SUBMITTED" {
			t.Fatalf("submit: %+v", r.Errors)
		}
		if r := a.doCtx(approver, `mutation($id: ID!) { approvePlan(id: $id) { status } }`, map[string]any{"id": plan}); len(r.Errors) > 0 {
			t.Fatalf("approve: %+v", r.Errors)
		}

		// 4. The program, which aims to move the unit's satisfaction index,
		// runs: a session in March 2026.
		ind := a.id(createIndicator, indicatorInput(f.agency, "IKM-DINKES", map[string]any{"unitID": f.unit}))
		var prog struct{ CreateProgram struct{ ID string } }
		a.okAs(hr, `mutation($a: ID!, $i: ID!) { createProgram(input: {code: "PP-KMN", title: "Pelatihan Pelayanan Prima", route: CLASSICAL, form: TECHNICAL_TRAINING, deliveryMode: IN_PERSON, jp: 24, status: ACTIVE, agencyID: $a, indicatorIDs: [$i]}) { id } }`,
			map[string]any{"a": f.agency, "i": ind}, &prog)
		program := prog.CreateProgram.ID
		var sess struct{ CreateSession struct{ ID string } }
		a.okAs(hr, `mutation($p: ID!) { createSession(input: {programID: $p, name: "Angkatan I", startsAt: "2026-03-09T08:00:00Z", endsAt: "2026-03-11T16:00:00Z", capacity: 30}) { id } }`,
			map[string]any{"p": program}, &sess)

		// 5. The program requires a change project (aksi perubahan): a
		// participant's project is returned, resubmitted and accepted by the
		// mentor, which records the level-3 (BEHAVIOR) evaluation.
		changeProjectSteps(t, a, f, program, sess.CreateSession.ID)

		// 6. The indicator is measured before and after the session.
		quarterly(a, ind, 72, 71, 70, 70, 69)

		// 7. Level 4 takes its baseline and result from the measurements.
		var l4 struct{ CreateEvaluation resultsEvaluation }
		a.okAs(hr, createResults, map[string]any{"in": map[string]any{"level": "RESULTS", "sessionID": sess.CreateSession.ID, "impactIndicatorID": ind}}, &l4)
		if e := l4.CreateEvaluation; e.Baseline == nil || *e.Baseline != 71 || e.Result == nil || *e.Result != 69 {
			t.Fatalf("level 4 = %+v, want 71 before, 69 after", e)
		}

		// 8. The program report shows the change and flags the program.
		var rep struct {
			ProgramReport struct {
				NeedsRevision   bool
				RevisionReasons []string
				Results         []struct{ Delta float64 }
				Indicators      []struct {
					Change   float64
					Improved bool
				}
			}
		}
		a.okAs(hr, `query($p: ID!) { programReport(programId: $p, year: 2026) { needsRevision revisionReasons results { delta } indicators { change improved } } }`,
			map[string]any{"p": program}, &rep)
		pr := rep.ProgramReport
		if !pr.NeedsRevision || len(pr.Results) != 1 || pr.Results[0].Delta != -2 || len(pr.Indicators) != 1 || pr.Indicators[0].Improved {
			t.Fatalf("program report = %+v, want the indicator's fall and the flag", pr)
		}
		var awaiting struct{ ProgramsAwaitingRevision []struct{ ID string } }
		a.okAs(hr, `query($a: ID!) { programsAwaitingRevision(agencyId: $a, year: 2026) { id } }`, map[string]any{"a": f.agency}, &awaiting)
		if w := awaiting.ProgramsAwaitingRevision; len(w) != 1 || w[0].ID != program {
			t.Fatalf("awaiting revision = %+v, want the program", w)
		}

		// 9. HR decides to revise it, on the report's reasons.
		var rev struct {
			CreateProgramRevision struct {
				ID      string
				Reasons []string
			}
		}
		a.okAs(hr, `mutation($p: ID!) { createProgramRevision(input: {programID: $p, year: 2026, decision: REVISE, changes: "Menambah praktik layanan di loket."}) { id reasons } }`,
			map[string]any{"p": program}, &rev)
		if !slices.Equal(rev.CreateProgramRevision.Reasons, pr.RevisionReasons) {
			t.Errorf("revision reasons = %q, want the report's %q", rev.CreateProgramRevision.Reasons, pr.RevisionReasons)
		}
		a.okAs(hr, `query($a: ID!) { programsAwaitingRevision(agencyId: $a, year: 2026) { id } }`, map[string]any{"a": f.agency}, &awaiting)
		if len(awaiting.ProgramsAwaitingRevision) != 0 {
			t.Errorf("still awaiting: %+v", awaiting.ProgramsAwaitingRevision)
		}

		// 10. The next plan carries the revised program.
		next, _ := newPlan(t, a, f, 2027)
		a.okAs(hr, `mutation($p: ID!, $c: ID!, $r: ID!) { createPlanItem(input: {planID: $p, competencyID: $c, targetGroup: "Petugas loket pelayanan", headCount: 25, route: CLASSICAL, form: TECHNICAL_TRAINING, plannedQuarter: 2, plannedJp: 24, budget: 75000000, revisionID: $r}) { id } }`,
			map[string]any{"p": next, "c": f.competency, "r": rev.CreateProgramRevision.ID}, nil)
		var carried struct {
			Node struct {
				Items struct {
					Edges []struct {
						Node struct {
							Revision *struct {
								Decision string
								Program  struct{ ID string }
							}
						}
					}
				}
			}
		}
		a.okAs(hr, `query($id: ID!) { node(id: $id) { ... on DevelopmentPlan { items { edges { node { revision { decision program { id } } } } } } } }`,
			map[string]any{"id": next}, &carried)
		n := 0
		for _, e := range carried.Node.Items.Edges {
			if r := e.Node.Revision; r != nil && r.Decision == "REVISE" && r.Program.ID == program {
				n++
			}
		}
		if n != 1 {
			t.Errorf("the 2027 plan carries the revision in %d items, want 1: %+v", n, carried.Node.Items.Edges)
		}
	})
}

// changeProjectSteps is the change-project part of TestPolicyCycle: the
// program comes to require a project; a participant's enrollment in the
// session is COMPLETED (history, written as an import would: the session
// is in the past); the participant drafts the project, which the mentor
// (the supervisor, by default) returns with a reason; the participant
// corrects and resubmits it; the mentor accepts it, which records the
// level-3 (BEHAVIOR) evaluation signed by the mentor; the program report
// counts it.
func changeProjectSteps(t *testing.T, a *api, f fixture, program, session string) {
	t.Helper()
	a.ok(`mutation($id: ID!) { updateProgram(id: $id, input: {requiresChangeProject: true}) { id } }`, map[string]any{"id": program}, nil)
	participant, mentor := f.employees[1], f.employees[0]
	a.ok(`mutation($id: ID!, $s: ID!) { updateEmployee(id: $id, input: {supervisorID: $s}) { id } }`,
		map[string]any{"id": participant, "s": mentor}, nil)
	enrollment := a.db.Client.WithRules(rules.Importer(nil)).Enrollment.Create().
		SetEmployeeID(rawID(t, participant)).SetSessionID(rawID(t, session)).
		SetStatus(entenrollment.StatusCOMPLETED).SetCompletedAt(time.Date(2026, 3, 12, 2, 0, 0, 0, time.UTC)).SetJpCredited(24).
		SaveX(admin())
	me := as(viewer.Viewer{Subject: "test:participant", Role: viewer.Employee, EmployeeID: rawID(t, participant), AgencyID: rawID(t, f.agency)})
	boss := as(viewer.Viewer{Subject: "test:mentor", Role: viewer.Supervisor, EmployeeID: rawID(t, mentor), AgencyID: rawID(t, f.agency)})

	var created struct{ CreateChangeProject struct{ ID string } }
	asOK(t, a, me, createProjectQ, map[string]any{"in": projectInput(gid.Encode(enrollment.ID))}, &created)
	id := created.CreateChangeProject.ID
	asOK(t, a, me, submitProjectQ, map[string]any{"id": id}, nil)
	asOK(t, a, boss, returnProjectQ, map[string]any{"id": id, "why": "Tambahkan data waktu tunggu loket sebelum perubahan."}, nil)
	asOK(t, a, me, updateProjectQ, map[string]any{"id": id, "in": map[string]any{
		"evidenceURL": "https://drive.kemuningkab.go.id/aksi-perubahan/loket.pdf",
	}}, nil)
	asOK(t, a, me, submitProjectQ, map[string]any{"id": id}, nil)
	var accepted struct {
		AcceptChangeProject struct {
			Status     string
			Evaluation *struct {
				Level       string
				SignedOffOn *string
				SignedOffBy *struct{ ID string }
			}
		}
	}
	asOK(t, a, boss, acceptProjectQ, map[string]any{"id": id}, &accepted)
	if acc := accepted.AcceptChangeProject; acc.Status != "ACCEPTED" || acc.Evaluation == nil || acc.Evaluation.Level != "BEHAVIOR" ||
		acc.Evaluation.SignedOffOn == nil || acc.Evaluation.SignedOffBy == nil || acc.Evaluation.SignedOffBy.ID != mentor {
		t.Fatalf("accepted %+v, want ACCEPTED with a BEHAVIOR evaluation signed off by the mentor", acc)
	}
	var rep struct {
		ProgramReport struct {
			ChangeProjects, ChangeProjectsAccepted int
			ChangeProjectAcceptanceRate            *float64
		}
	}
	a.ok(`query($p: ID!) { programReport(programId: $p, year: 2026) { changeProjects changeProjectsAccepted changeProjectAcceptanceRate } }`,
		map[string]any{"p": program}, &rep)
	if r := rep.ProgramReport; r.ChangeProjects != 1 || r.ChangeProjectsAccepted != 1 || r.ChangeProjectAcceptanceRate == nil || *r.ChangeProjectAcceptanceRate != 1 {
		t.Fatalf("program report = %+v, want 1 of 1 projects accepted", r)
	}
}
