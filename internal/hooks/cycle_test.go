package hooks_test

import (
	"testing"
	"time"

	"kembang/ent"
	"kembang/ent/evaluation"
	"kembang/ent/forum"
	"kembang/ent/impactindicator"
	"kembang/ent/programrevision"
	"kembang/internal/domain/stakeholder"
	"kembang/internal/fault"
	"kembang/internal/rules"
)

// refusedOn asserts that err is a fault of the given code on field.
func refusedOn(t *testing.T, err error, code fault.Code, field string) {
	t.Helper()
	f, ok := fault.As(err)
	if !ok || f.Code != code || f.Field != field {
		t.Fatalf("err = %v, want %s on %q", err, code, field)
	}
}

// TestNeedForumAgency: a training need's forum is one of the need's
// agency (hooks.NeedOrg), for every writer, imports included.
func TestNeedForumAgency(t *testing.T) {
	each(t, func(t *testing.T, w *world) {
		other := w.c.Agency.Create().SetCode("PLJ").SetName("Pemerintah Kota Plaju").SetRegion("Plaju").SaveX(w.ctx)
		theirs := w.c.Forum.Create().SetKind(forum.KindWORKSHOP).SetAgency(other).SetTitle("Lokakarya Plaju").SetHeldOn(before).SaveX(w.ctx)
		ours := w.c.Forum.Create().SetKind(forum.KindSURVEY).SetAgency(w.agency).SetTitle("Survei Kemuning").SetHeldOn(before).SaveX(w.ctx)
		for name, c := range map[string]*ent.Client{"workflow": w.c, "import": w.c.WithRules(rules.Importer(nil))} {
			_, err := c.TrainingNeed.Create().SetCompetency(w.comp).SetAgency(w.agency).SetSource("FORUM").
				SetDescription("Pelayanan prima").SetRaisedOn(before).SetForum(theirs).Save(w.ctx)
			if f, ok := fault.As(err); !ok || f.Field != "forumID" {
				t.Errorf("%s: need at another agency's forum: %v", name, err)
			}
		}
		n := w.c.TrainingNeed.Create().SetCompetency(w.comp).SetAgency(w.agency).SetSource("FORUM").
			SetDescription("Pelayanan prima").SetRaisedOn(before).SetForum(ours).SaveX(w.ctx)
		// Moving the need keeps its forum's agency: refused.
		_, err := w.c.TrainingNeed.UpdateOne(n).SetAgency(other).Save(w.ctx)
		refusedOn(t, err, fault.BadInput, "agencyID")
	})
}

// TestResultsFromIndicator: a results evaluation naming an impact
// indicator takes the latest measurement ending before the session
// starts and the latest starting after it ends (hooks.ResultsFromIndicator).
func TestResultsFromIndicator(t *testing.T) {
	each(t, func(t *testing.T, w *world) {
		ind := w.c.ImpactIndicator.Create().SetAgency(w.agency).SetCode("IKM").SetName("Indeks Kepuasan Masyarakat").
			SetUnitOfMeasure("indeks").SetDirection(impactindicator.DirectionHIGHER_IS_BETTER).SaveX(w.ctx)
		day := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 0, 0, 0, 0, time.UTC) }
		for _, p := range []struct {
			from, to time.Time
			v        float64
		}{
			{day(1, 1), day(1, 31), 70}, {day(2, 1), day(2, 28), 71}, // before 10 March
			{day(3, 1), day(3, 31), 72},                              // covers the session: neither
			{day(4, 1), day(4, 30), 74}, {day(5, 1), day(5, 31), 76}, // after 12 March
		} {
			w.c.IndicatorMeasurement.Create().SetIndicator(ind).SetPeriodStart(p.from).SetPeriodEnd(p.to).SetValue(p.v).SetSource("SKM").ExecX(w.ctx)
		}
		create := func() *ent.EvaluationCreate {
			return w.c.Evaluation.Create().SetLevel(evaluation.LevelRESULTS).SetSession(w.session).SetImpactIndicator(ind)
		}
		_, err := create().Save(w.ctx)
		refusedOn(t, err, fault.BadInput, "impactIndicatorID") // the program does not name it
		w.c.Program.UpdateOne(w.program).AddIndicators(ind).ExecX(w.ctx)
		e := create().SaveX(w.ctx)
		if *e.Baseline != 71 || *e.Result != 76 || e.Indicator != "Indeks Kepuasan Masyarakat" {
			t.Errorf("evaluation = baseline %v, result %v, indicator %q; want 71, 76 and the name", *e.Baseline, *e.Result, e.Indicator)
		}
		e = create().SetResult(80).SaveX(w.ctx)
		if *e.Baseline != 71 || *e.Result != 80 {
			t.Errorf("given result: %v, %v; want 71, 80", *e.Baseline, *e.Result)
		}
		// Switching an evaluation to another indicator takes that one's
		// measurements, unless the update gives them.
		days := w.c.ImpactIndicator.Create().SetAgency(w.agency).SetCode("HARI").SetName("Waktu Layanan").
			SetUnitOfMeasure("hari").SetDirection(impactindicator.DirectionLOWER_IS_BETTER).SaveX(w.ctx)
		w.c.IndicatorMeasurement.Create().SetIndicator(days).SetPeriodStart(day(2, 1)).SetPeriodEnd(day(2, 28)).SetValue(9).SetSource("SIP").ExecX(w.ctx)
		w.c.IndicatorMeasurement.Create().SetIndicator(days).SetPeriodStart(day(4, 1)).SetPeriodEnd(day(4, 30)).SetValue(6).SetSource("SIP").ExecX(w.ctx)
		w.c.Program.UpdateOne(w.program).AddIndicators(days).ExecX(w.ctx)
		e = w.c.Evaluation.UpdateOne(e).SetImpactIndicator(days).SaveX(w.ctx)
		if *e.Baseline != 9 || *e.Result != 6 || e.Indicator != "Waktu Layanan" {
			t.Errorf("switched evaluation = %v, %v, %q; want 9, 6 and the new name", *e.Baseline, *e.Result, e.Indicator)
		}
		// A period ending before it starts is refused.
		_, err = w.c.IndicatorMeasurement.Create().SetIndicator(ind).SetPeriodStart(day(6, 2)).SetPeriodEnd(day(6, 1)).SetValue(1).SetSource("SKM").Save(w.ctx)
		refusedOn(t, err, fault.BadInput, "periodEnd")
	})
}

// TestRevisionRecord: a new program revision is stamped with the rules'
// clock and the program report's figures, its reasons default to the
// report's, a MERGE needs a target (hooks.RecordRevision).
func TestRevisionRecord(t *testing.T) {
	each(t, func(t *testing.T, w *world) {
		c := clock(w.c, after)
		r := c.ProgramRevision.Create().SetProgram(w.program).SetYear(2026).SetDecision(programrevision.DecisionCONTINUE).SaveX(w.ctx)
		if !r.DecidedAt.Equal(after) || r.Figures == nil || r.Figures.Sessions != 1 || r.Reasons == nil {
			t.Errorf("revision = decided %v, figures %+v, reasons %v; want the clock, 1 session, the report's (empty) reasons", r.DecidedAt, r.Figures, r.Reasons)
		}
		_, err := c.ProgramRevision.Create().SetProgram(w.program).SetYear(2025).SetDecision(programrevision.DecisionMERGE).Save(w.ctx)
		refusedOn(t, err, fault.BadInput, "mergeTargetID")
		_, err = c.ProgramRevision.UpdateOne(r).SetDecision(programrevision.DecisionMERGE).Save(w.ctx)
		refusedOn(t, err, fault.BadInput, "mergeTargetID")
		// Imports keep what they set.
		imp := w.c.WithRules(rules.Importer(func() time.Time { return after }))
		r2 := imp.ProgramRevision.Create().SetProgram(w.program).SetYear(2024).SetDecision(programrevision.DecisionREVISE).
			SetDecidedAt(before).SetReasons([]string{"Hasil evaluasi"}).SaveX(w.ctx)
		if !r2.DecidedAt.Equal(before) || len(r2.Reasons) != 1 {
			t.Errorf("imported revision = %v, %v", r2.DecidedAt, r2.Reasons)
		}
	})
}

// TestCycleRefusals: the other rules of the cycle's records, each refused
// with its field (hooks.CheckForumGroups, hooks.CheckIndicatorTarget,
// hooks.IndicatorOrg, hooks.ProgramIndicators, hooks.PlanItemRevision).
func TestCycleRefusals(t *testing.T) {
	each(t, func(t *testing.T, w *world) {
		other := w.c.Agency.Create().SetCode("PLJ").SetName("Pemerintah Kota Plaju").SetRegion("Plaju").SaveX(w.ctx)
		theirUnit := w.c.Unit.Create().SetCode("BAPPEDA").SetName("Bappeda").SetAgency(other).SaveX(w.ctx)
		indicator := func(a *ent.Agency, code string) *ent.ImpactIndicatorCreate {
			return w.c.ImpactIndicator.Create().SetAgency(a).SetCode(code).SetName("IKM").SetUnitOfMeasure("indeks").
				SetDirection(impactindicator.DirectionHIGHER_IS_BETTER)
		}
		ours := indicator(w.agency, "IKM").SaveX(w.ctx)
		theirs := indicator(other, "IKM").SaveX(w.ctx)
		agencyProgram := w.c.Program.Create().SetCode("PR2").SetTitle("Pelayanan Prima").SetRoute("CLASSICAL").
			SetForm("TECHNICAL_TRAINING").SetDeliveryMode("IN_PERSON").SetJp(24).SetAgency(w.agency).SaveX(w.ctx)
		rev := w.c.ProgramRevision.Create().SetProgram(agencyProgram).SetYear(2026).SetDecision(programrevision.DecisionREVISE).SaveX(w.ctx)
		plan := func(a *ent.Agency, year int) *ent.DevelopmentPlan {
			return w.c.DevelopmentPlan.Create().SetAgency(a).SetYear(year).SaveX(w.ctx)
		}
		item := func(p *ent.DevelopmentPlan) *ent.PlanItemCreate {
			return w.c.PlanItem.Create().SetPlan(p).SetCompetency(w.comp).SetTargetGroup("Petugas layanan").SetHeadCount(10).
				SetRoute("CLASSICAL").SetForm("TECHNICAL_TRAINING").SetPlannedQuarter(1).SetPlannedJp(24).SetBudget(1).SetRevision(rev)
		}
		for _, tt := range []struct {
			name, field string
			save        func() error
		}{
			{"group twice", "stakeholderGroups", func() error {
				return w.c.Forum.Create().SetKind(forum.KindSURVEY).SetAgency(w.agency).SetTitle("Survei").SetHeldOn(before).
					SetStakeholderGroups([]stakeholder.Group{stakeholder.Public, stakeholder.Public}).Exec(w.ctx)
			}},
			{"unknown group", "stakeholderGroups", func() error {
				return w.c.Forum.Create().SetKind(forum.KindSURVEY).SetAgency(w.agency).SetTitle("Survei").SetHeldOn(before).
					SetStakeholderGroups([]stakeholder.Group{"ALIENS"}).Exec(w.ctx)
			}},
			{"forum unit of another agency", "unitID", func() error {
				return w.c.Forum.Create().SetKind(forum.KindSURVEY).SetAgency(w.agency).SetTitle("Survei").SetHeldOn(before).SetUnit(theirUnit).Exec(w.ctx)
			}},
			{"target without year", "targetYear", func() error { return indicator(w.agency, "T1").SetTarget(80).Exec(w.ctx) }},
			{"year without target", "target", func() error { return w.c.ImpactIndicator.UpdateOne(ours).SetTargetYear(2026).Exec(w.ctx) }},
			{"indicator unit of another agency", "unitID", func() error { return indicator(w.agency, "T2").SetUnit(theirUnit).Exec(w.ctx) }},
			{"program names another agency's indicator", "addIndicatorIDs", func() error {
				return w.c.Program.UpdateOne(agencyProgram).AddIndicators(theirs).Exec(w.ctx)
			}},
			{"revision carried by the same year's plan", "revisionID", func() error { return item(plan(w.agency, 2026)).Exec(w.ctx) }},
			{"revision carried by another agency's plan", "revisionID", func() error { return item(plan(other, 2027)).Exec(w.ctx) }},
		} {
			t.Run(tt.name, func(t *testing.T) { refusedOn(t, tt.save(), fault.BadInput, tt.field) })
		}
		// And what they allow.
		w.c.Program.UpdateOne(agencyProgram).AddIndicators(ours).ExecX(w.ctx)
		item(plan(w.agency, 2027)).ExecX(w.ctx)
		// An indicator a program names stays in its agency.
		_, err := w.c.ImpactIndicator.UpdateOne(ours).SetAgency(other).Save(w.ctx)
		refusedOn(t, err, fault.Conflict, "agencyID")
	})
}
