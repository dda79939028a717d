package hooks_test

import (
	"testing"
	"time"

	"kembang/ent"
	"kembang/ent/changeproject"
	"kembang/ent/educationrecord"
	entenrollment "kembang/ent/enrollment"
	"kembang/internal/fault"
)

// completed returns a COMPLETED enrollment of employee i in the world's
// session, whose program requires a change project when required, with
// employee 0 as i's supervisor.
func (w *world) completed(t *testing.T, i int, required bool) *ent.Enrollment {
	t.Helper()
	w.c.Program.UpdateOneID(w.program.ID).SetRequiresChangeProject(required).ExecX(w.ctx)
	w.c.Employee.UpdateOneID(w.emps[i].ID).SetSupervisorID(w.emps[0].ID).ExecX(w.ctx)
	e := w.enrol(t, w.c, i)
	later := clock(w.c, after)
	later.Enrollment.UpdateOneID(e.ID).SetStatus(entenrollment.StatusATTENDED).ExecX(w.ctx)
	return later.Enrollment.UpdateOneID(e.ID).SetStatus(entenrollment.StatusCOMPLETED).SaveX(w.ctx)
}

// project starts a change project of enrollment e.
func (w *world) project(c *ent.Client, e *ent.Enrollment) *ent.ChangeProjectCreate {
	return c.ChangeProject.Create().SetEnrollmentID(e.ID).SetTitle("Antrean daring").SetProblem("Antrean panjang").
		SetObjective("Antrean pendek").SetPlannedOutcome("Waktu tunggu turun").SetDueOn(after.AddDate(0, 3, 0))
}

// TestChangeProjectWorkflow covers the change project rules: eligibility,
// one per enrollment, the mentor defaulting to the supervisor, the state
// machine, the reason of a return, and the level-3 evaluation signed off
// on acceptance at the rules' clock.
func TestChangeProjectWorkflow(t *testing.T) {
	each(t, func(t *testing.T, w *world) {
		e := w.completed(t, 1, false)
		if _, err := w.project(w.c, e).Save(w.ctx); code(err) != fault.Conflict {
			t.Fatalf("a project of a program that requires none: %v, want a conflict", err)
		}
		w.c.Program.UpdateOneID(w.program.ID).SetRequiresChangeProject(true).ExecX(w.ctx)
		p, err := w.project(w.c, e).Save(w.ctx)
		if err != nil {
			t.Fatal(err)
		}
		if p.EmployeeID != w.emps[1].ID || p.MentorID == nil || *p.MentorID != w.emps[0].ID || p.Status != changeproject.StatusDRAFT {
			t.Fatalf("created %+v, want a DRAFT of employee 1 mentored by the supervisor, employee 0", p)
		}
		if _, err := w.project(w.c, e).Save(w.ctx); code(err) != fault.Conflict {
			t.Errorf("a second project of the enrollment: %v, want a conflict", err)
		}
		if _, err := w.project(w.c, w.enrol(t, w.c, 2)).Save(w.ctx); code(err) != fault.Conflict {
			t.Errorf("a project of a REGISTERED enrollment: %v, want a conflict", err)
		}

		now := after.Add(48 * time.Hour)
		c := clock(w.c, now)
		move := func(s changeproject.Status, reason string) (*ent.ChangeProject, error) {
			u := c.ChangeProject.UpdateOneID(p.ID).SetStatus(s)
			if reason != "" {
				u.SetReturnReason(reason)
			}
			return u.Save(w.ctx)
		}
		if _, err := move(changeproject.StatusACCEPTED, ""); code(err) != fault.Conflict {
			t.Errorf("accepting a DRAFT: %v, want a conflict", err)
		}
		if p, err = move(changeproject.StatusSUBMITTED, ""); err != nil || p.SubmittedAt == nil || !p.SubmittedAt.Equal(now) {
			t.Fatalf("submitted %+v, %v; want submittedAt %s", p, err, now)
		}
		if _, err := move(changeproject.StatusRETURNED, " "); code(err) != fault.BadInput {
			t.Errorf("a return without a reason: %v, want bad input", err)
		}
		if _, err := move(changeproject.StatusRETURNED, "Lengkapi data"); err != nil {
			t.Fatal(err)
		}
		if _, err := c.ChangeProject.UpdateOneID(p.ID).SetTitle("Antrean daring puskesmas").Save(w.ctx); err != nil {
			t.Errorf("editing a RETURNED project: %v", err)
		}
		if _, err := move(changeproject.StatusSUBMITTED, ""); err != nil {
			t.Fatal(err)
		}
		if p, err = move(changeproject.StatusACCEPTED, ""); err != nil {
			t.Fatal(err)
		}
		if p.EvaluationID == nil || p.DecidedAt == nil || !p.DecidedAt.Equal(now) {
			t.Fatalf("accepted %+v, want an evaluation and decidedAt %s", p, now)
		}
		ev := w.c.Evaluation.GetX(w.ctx, *p.EvaluationID)
		if ev.Level != "BEHAVIOR" || ev.SignedOffOn == nil || !ev.SignedOffOn.Equal(now) || ev.SignedOffByID == nil || *ev.SignedOffByID != w.emps[0].ID {
			t.Errorf("evaluation %+v, want BEHAVIOR signed off at %s by the mentor", ev, now)
		}
		if _, err := c.ChangeProject.UpdateOneID(p.ID).SetTitle("Lain").Save(w.ctx); code(err) != fault.Conflict {
			t.Errorf("editing an ACCEPTED project: %v, want a conflict", err)
		}
		if err := c.ChangeProject.Update().SetTitle("Lain").Exec(w.ctx); code(err) != fault.BadInput {
			t.Errorf("editing several projects at once: %v, want bad input", err)
		}
	})
}

// TestEducationRules covers "an ASSIGNED_STUDY is ONGOING only once
// approved", "a GRADUATED record has its diploma number" and "a study
// ends on or after its start".
func TestEducationRules(t *testing.T) {
	each(t, func(t *testing.T, w *world) {
		rec := func(route educationrecord.Route) *ent.EducationRecordCreate {
			return w.c.EducationRecord.Create().SetEmployeeID(w.emps[1].ID).SetRoute(route).SetLevel(educationrecord.LevelS2).
				SetInstitution("Universitas Sriwijaya").SetFieldOfStudy("Magister Manajemen").SetStartsOn(before).
				SetFunding(educationrecord.FundingAPBD)
		}
		r := rec(educationrecord.RouteASSIGNED_STUDY).SaveX(w.ctx)
		if err := w.c.EducationRecord.UpdateOneID(r.ID).SetStatus(educationrecord.StatusONGOING).Exec(w.ctx); code(err) != fault.Conflict {
			t.Errorf("an unapproved assigned study under way: %v, want a conflict", err)
		}
		w.c.EducationRecord.UpdateOneID(r.ID).SetApprovedAt(after).SetApprovedBy("hr").ExecX(w.ctx)
		w.c.EducationRecord.UpdateOneID(r.ID).SetStatus(educationrecord.StatusONGOING).ExecX(w.ctx)
		if err := w.c.EducationRecord.UpdateOneID(r.ID).SetStatus(educationrecord.StatusGRADUATED).Exec(w.ctx); code(err) != fault.BadInput {
			t.Errorf("graduated without a diploma number: %v, want bad input", err)
		}
		w.c.EducationRecord.UpdateOneID(r.ID).SetStatus(educationrecord.StatusGRADUATED).SetDiplomaNumber("UNSRI/2027/1").ExecX(w.ctx)
		if _, err := rec(educationrecord.RouteSTUDY_PERMIT).SetEndsOn(before.AddDate(0, 0, -1)).Save(w.ctx); code(err) != fault.BadInput {
			t.Errorf("an end before the start: %v, want bad input", err)
		}
		if _, err := rec(educationrecord.RouteSTUDY_PERMIT).SetStatus(educationrecord.StatusONGOING).Save(w.ctx); err != nil {
			t.Errorf("a study permit under way: %v", err)
		}
	})
}

// TestCertificationDates covers "a certification expires after it was
// issued".
func TestCertificationDates(t *testing.T) {
	each(t, func(t *testing.T, w *world) {
		c := w.c.Certification.Create().SetEmployeeID(w.emps[0].ID).SetName("Auditor Ahli").SetIssuer("BPKP").SetIssuedOn(before).
			SetExpiresOn(before.AddDate(3, 0, 0)).SaveX(w.ctx)
		if err := w.c.Certification.UpdateOneID(c.ID).SetExpiresOn(before).Exec(w.ctx); code(err) != fault.BadInput {
			t.Errorf("expiry on the issue date: %v, want bad input", err)
		}
		if err := w.c.Certification.UpdateOneID(c.ID).SetIssuedOn(before.AddDate(4, 0, 0)).Exec(w.ctx); code(err) != fault.BadInput {
			t.Errorf("issue after the stored expiry: %v, want bad input", err)
		}
		w.c.Certification.UpdateOneID(c.ID).ClearExpiresOn().ExecX(w.ctx)
	})
}
