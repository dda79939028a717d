package hooks_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"kembang/ent"
	"kembang/ent/assessment"
	"kembang/ent/competency"
	"kembang/ent/developmentplan"
	"kembang/ent/employee"
	entenrollment "kembang/ent/enrollment"
	"kembang/ent/partner"
	"kembang/ent/position"
	"kembang/ent/program"
	"kembang/ent/session"
	"kembang/internal/access"
	"kembang/internal/fault"
	"kembang/internal/rules"
	"kembang/internal/store/storetest"
)

// The hooks are tested through the generated client on the test store
// (SQLite, and PostgreSQL when reachable): they are ent hooks, and what
// they check is what a write does to the stored rows. Each test names the
// rule of docs/rules.md it covers.

// Clock readings of the tests: a session runs 10–12 March 2026.
var (
	before = time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	start  = time.Date(2026, 3, 10, 1, 0, 0, 0, time.UTC)
	end    = time.Date(2026, 3, 12, 9, 0, 0, 0, time.UTC)
	after  = time.Date(2026, 3, 13, 8, 0, 0, 0, time.UTC)
)

// clock returns a client like c whose rules read the time t.
func clock(c *ent.Client, t time.Time) *ent.Client {
	env := c.Rules
	env.Now = func() time.Time { return t }
	return c.WithRules(env)
}

// world is a store with an agency, four employees, a competency, a
// program targeting it and a session of the program with two seats.
type world struct {
	ctx     context.Context
	c       *ent.Client // judged at before
	agency  *ent.Agency
	emps    []*ent.Employee
	comp    *ent.Competency
	program *ent.Program
	session *ent.Session
}

// each runs f on a new world of every test dialect.
func each(t *testing.T, f func(t *testing.T, w *world)) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d, func(t *testing.T) {
			db := storetest.Open(t, d)
			f(t, build(t, clock(db.Client, before)))
		})
	}
}

// build creates the world with c.
func build(t *testing.T, c *ent.Client) *world {
	t.Helper()
	ctx := access.System(context.Background())
	w := &world{ctx: ctx, c: c}
	w.agency = c.Agency.Create().SetCode("KMN").SetName("Pemerintah Kabupaten Kemuning").SetRegion("Kemuning").SaveX(ctx)
	for _, nip := range []string{"198501152010011001", "198703222012031002", "199001012015032003", "199202022016041004"} {
		w.emps = append(w.emps, c.Employee.Create().SetNip(nip).SetFullName("Pegawai "+nip[:4]).
			SetEmploymentType(employee.EmploymentTypePNS).SetAgency(w.agency).SaveX(ctx))
	}
	w.comp = c.Competency.Create().SetCode("M.01").SetName("Integritas").SetType(competency.TypeMANAGERIAL).SaveX(ctx)
	w.program = c.Program.Create().SetCode("PR1").SetTitle("Pelatihan Kepemimpinan Pengawas").SetRoute(program.RouteCLASSICAL).
		SetForm(program.FormLEADERSHIP_TRAINING).SetDeliveryMode(program.DeliveryModeIN_PERSON).SetJp(40).
		SetStatus(program.StatusACTIVE).SaveX(ctx)
	c.ProgramCompetency.Create().SetProgram(w.program).SetCompetency(w.comp).SetTargetLevel(3).ExecX(ctx)
	w.session = c.Session.Create().SetName("Angkatan I").SetProgram(w.program).SetStartsAt(start).SetEndsAt(end).
		SetCapacity(2).SetLocation("Kemuning").SetStatus(session.StatusOPEN).SaveX(ctx)
	return w
}

// enrol creates an enrollment of employee i with c.
func (w *world) enrol(t *testing.T, c *ent.Client, i int) *ent.Enrollment {
	t.Helper()
	e, err := c.Enrollment.Create().SetSessionID(w.session.ID).SetEmployeeID(w.emps[i].ID).Save(w.ctx)
	if err != nil {
		t.Fatalf("enrolling employee %d: %v", i, err)
	}
	return e
}

// code returns the fault code of err, "" when it has none.
func code(err error) fault.Code {
	if f, ok := fault.As(err); ok {
		return f.Code
	}
	return ""
}

// TestEnrollmentSeats covers "a registration takes a free seat, else
// waits" and "a nomination holds no seat" (rules.Env.Nominating).
func TestEnrollmentSeats(t *testing.T) {
	each(t, func(t *testing.T, w *world) {
		nominating := w.c.WithRules(w.c.Rules.Nomination())
		got := []entenrollment.Status{
			w.enrol(t, w.c, 0).Status,
			w.enrol(t, nominating, 1).Status,
			w.enrol(t, w.c, 2).Status,
			w.enrol(t, w.c, 3).Status,
		}
		want := []entenrollment.Status{entenrollment.StatusREGISTERED, entenrollment.StatusNOMINATED, entenrollment.StatusREGISTERED, entenrollment.StatusWAITLISTED}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("enrollment %d is %s, want %s", i, got[i], want[i])
			}
		}
		// Arrival order is the client's clock.
		if e := w.c.Enrollment.Query().FirstX(w.ctx); !e.CreatedAt.Equal(before) {
			t.Errorf("created at %s, want the rules' clock %s", e.CreatedAt, before)
		}
		// A session that has started takes no enrollment, by the clock.
		_, err := clock(w.c, after).Enrollment.Create().SetSessionID(w.session.ID).SetEmployeeID(w.emps[1].ID).Save(w.ctx)
		if code(err) != fault.Conflict {
			t.Errorf("an enrollment after the start: %v, want a conflict", err)
		}
	})
}

// TestCompletion covers "completion credits JP, issues a certificate and
// records the TRAINING assessments it earns" and its opt-out
// (rules.Env.SkipAssessments), dated by the rules' clock.
func TestCompletion(t *testing.T) {
	each(t, func(t *testing.T, w *world) {
		e0, e1 := w.enrol(t, w.c, 0), w.enrol(t, w.c, 1)
		later := clock(w.c, after)
		for _, e := range []*ent.Enrollment{e0, e1} {
			later.Enrollment.UpdateOneID(e.ID).SetStatus(entenrollment.StatusATTENDED).ExecX(w.ctx)
		}
		// Completing before the end is refused.
		err := clock(w.c, start).Enrollment.UpdateOneID(e0.ID).SetStatus(entenrollment.StatusCOMPLETED).Exec(w.ctx)
		if code(err) != fault.Conflict {
			t.Errorf("completion before the end: %v, want a conflict", err)
		}
		done := later.Enrollment.UpdateOneID(e0.ID).SetStatus(entenrollment.StatusCOMPLETED).SaveX(w.ctx)
		if done.CompletedAt == nil || !done.CompletedAt.Equal(after) || done.JpCredited != 40 || done.CertificateNumber == nil {
			t.Errorf("completed %+v, want completedAt %s, 40 JP and a certificate", done, after)
		}
		later.WithRules(later.Rules.WithoutAssessments()).Enrollment.UpdateOneID(e1.ID).SetStatus(entenrollment.StatusCOMPLETED).ExecX(w.ctx)
		for i, want := range []int{1, 0} {
			n := w.c.Assessment.Query().Where(assessment.EmployeeID(w.emps[i].ID), assessment.SourceEQ(assessment.SourceTRAINING)).CountX(w.ctx)
			if n != want {
				t.Errorf("employee %d has %d TRAINING assessments, want %d", i, n, want)
			}
		}
	})
}

// TestImportMode covers rules.Import: history is written as given, but
// an imported attendance still needs a session that had started by the
// clock.
func TestImportMode(t *testing.T) {
	each(t, func(t *testing.T, w *world) {
		imp := w.c.WithRules(rules.Importer(func() time.Time { return after }))
		e, err := imp.Enrollment.Create().SetSessionID(w.session.ID).SetEmployeeID(w.emps[0].ID).
			SetStatus(entenrollment.StatusCOMPLETED).SetCompletedAt(after).SetJpCredited(40).Save(w.ctx)
		if err != nil || e.Status != entenrollment.StatusCOMPLETED {
			t.Errorf("an imported completion: %v, %+v", err, e)
		}
		early := w.c.WithRules(rules.Importer(func() time.Time { return before }))
		_, err = early.Enrollment.Create().SetSessionID(w.session.ID).SetEmployeeID(w.emps[1].ID).
			SetStatus(entenrollment.StatusATTENDED).Save(w.ctx)
		if code(err) != fault.Conflict {
			t.Errorf("an imported attendance before the start: %v, want a conflict", err)
		}
		// Plans: an approved plan is history to an import, refused otherwise.
		_, err = w.c.DevelopmentPlan.Create().SetAgency(w.agency).SetYear(2025).SetStatus(developmentplan.StatusAPPROVED).Save(w.ctx)
		if code(err) != fault.BadInput {
			t.Errorf("a new APPROVED plan: %v, want BAD_USER_INPUT", err)
		}
		if _, err := imp.DevelopmentPlan.Create().SetAgency(w.agency).SetYear(2025).SetStatus(developmentplan.StatusAPPROVED).Save(w.ctx); err != nil {
			t.Errorf("an imported APPROVED plan: %v", err)
		}
	})
}

// TestPlanDecisionClock covers "submission and decisions are stamped by
// the workflow", with the rules' clock (not time.Now).
func TestPlanDecisionClock(t *testing.T) {
	each(t, func(t *testing.T, w *world) {
		p := w.c.DevelopmentPlan.Create().SetAgency(w.agency).SetYear(2026).SaveX(w.ctx)
		p = clock(w.c, start).DevelopmentPlan.UpdateOneID(p.ID).SetStatus(developmentplan.StatusSUBMITTED).SaveX(w.ctx)
		if p.SubmittedAt == nil || !p.SubmittedAt.Equal(start) {
			t.Errorf("submitted at %v, want %s", p.SubmittedAt, start)
		}
		p = clock(w.c, after).DevelopmentPlan.UpdateOneID(p.ID).SetStatus(developmentplan.StatusAPPROVED).SaveX(w.ctx)
		if p.DecidedAt == nil || !p.DecidedAt.Equal(after) {
			t.Errorf("decided at %v, want %s", p.DecidedAt, after)
		}
		if err := w.c.DevelopmentPlan.DeleteOneID(p.ID).Exec(w.ctx); code(err) != fault.Conflict {
			t.Errorf("deleting an approved plan: %v, want a conflict", err)
		}
	})
}

// TestAssessedOn covers "assessments are not dated in the future", by
// the rules' clock.
func TestAssessedOn(t *testing.T) {
	each(t, func(t *testing.T, w *world) {
		add := func(on time.Time) error {
			return w.c.Assessment.Create().SetEmployee(w.emps[0]).SetCompetency(w.comp).SetLevel(2).
				SetSource(assessment.SourceSELF).SetAssessedOn(on).Exec(w.ctx)
		}
		if err := add(before.AddDate(0, 0, -1)); err != nil {
			t.Errorf("an assessment of yesterday: %v", err)
		}
		if err := add(before.AddDate(0, 0, 1)); code(err) != fault.BadInput {
			t.Errorf("an assessment of tomorrow: %v, want BAD_USER_INPUT", err)
		}
	})
}

// TestRouteForm covers "a form belongs to its route" on programs.
func TestRouteForm(t *testing.T) {
	each(t, func(t *testing.T, w *world) {
		err := w.c.Program.UpdateOneID(w.program.ID).SetRoute(program.RouteEDUCATION).Exec(w.ctx)
		if f, ok := fault.As(err); !ok || f.Field != "form" {
			t.Errorf("a CLASSICAL form on the EDUCATION route: %v, want BAD_USER_INPUT on form", err)
		}
	})
}

// TestAuditImmutable covers "audit records are never changed or
// deleted".
func TestAuditImmutable(t *testing.T) {
	each(t, func(t *testing.T, w *world) {
		rec := w.c.AuditRecord.Query().FirstX(w.ctx)
		err := w.c.AuditRecord.DeleteOneID(rec.ID).Exec(w.ctx)
		if err == nil || errors.Is(err, context.Canceled) {
			t.Errorf("deleting an audit record: %v, want a refusal", err)
		}
	})
}

// TestTwoFieldChecks covers the rules over two fields of one record, on
// creates and on updates of one of the two fields (the other is read
// from the store): ranks and employment types, functional grades and job
// types, agreement and session dates.
func TestTwoFieldChecks(t *testing.T) {
	each(t, func(t *testing.T, w *world) {
		ctx, c := w.ctx, w.c
		field := func(err error) string {
			if f, ok := fault.As(err); ok && f.Code == fault.BadInput {
				return f.Field
			}
			return fmt.Sprintf("not BAD_USER_INPUT: %v", err)
		}
		emp := w.emps[0] // PNS
		if err := c.Employee.UpdateOneID(emp.ID).SetGolongan(employee.GolonganPPPK_V).Exec(ctx); field(err) != "golongan" {
			t.Errorf("a PPPK grade for a PNS: %s", field(err))
		}
		c.Employee.UpdateOneID(emp.ID).SetGolongan(employee.GolonganIII_A).ExecX(ctx)
		if err := c.Employee.UpdateOneID(emp.ID).SetEmploymentType(employee.EmploymentTypePPPK).SetNip("199001012015032003").Exec(ctx); field(err) != "golongan" {
			t.Errorf("a PNS rank kept by a PPPK: %s", field(err))
		}
		if err := c.Employee.Update().Where(employee.ID(emp.ID)).SetGolongan(employee.GolonganIII_B).Exec(ctx); field(err) != "golongan" {
			t.Errorf("a rank set in bulk: %s", field(err))
		}

		_, err := c.Position.Create().SetTitle("Analis").SetJobType(position.JobTypeFUNGSIONAL).SetAgency(w.agency).Save(ctx)
		if field(err) != "functionalGrade" {
			t.Errorf("a FUNGSIONAL position without a grade: %s", field(err))
		}
		pos := c.Position.Create().SetTitle("Analis").SetJobType(position.JobTypeFUNGSIONAL).
			SetFunctionalGrade(position.FunctionalGradeAHLI_MUDA).SetAgency(w.agency).SaveX(ctx)
		if err := c.Position.UpdateOneID(pos.ID).ClearFunctionalGrade().Exec(ctx); field(err) != "functionalGrade" {
			t.Errorf("clearing the grade of a FUNGSIONAL position: %s", field(err))
		}
		c.Position.UpdateOneID(pos.ID).SetJobType(position.JobTypePELAKSANA).ClearFunctionalGrade().ExecX(ctx)

		p := c.Partner.Create().SetName("Universitas Kemuning Raya").SetKind(partner.KindUNIVERSITY).
			SetAgreementValidFrom(start).SetAgreementValidUntil(end).SaveX(ctx)
		if err := c.Partner.UpdateOneID(p.ID).SetAgreementValidUntil(before).Exec(ctx); field(err) != "agreementValidUntil" {
			t.Errorf("an agreement ending before it starts: %s", field(err))
		}
		if err := c.Session.UpdateOneID(w.session.ID).SetEndsAt(before).Exec(ctx); field(err) != "endsAt" {
			t.Errorf("a session ending before it starts: %s", field(err))
		}
	})
}
