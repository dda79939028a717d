package report_test

import (
	"context"
	"fmt"
	"reflect"
	"testing"

	"kembang/ent"
	"kembang/ent/changeproject"
	"kembang/ent/evaluation"
	"kembang/ent/impactindicator"
	"kembang/internal/access"
	"kembang/internal/fault"
	"kembang/internal/report"
	"kembang/internal/report/reporttest"
	"kembang/internal/rules"
	"kembang/internal/store/storetest"
)

// TestTrainingReportsAsBefore is a differential test of change 36 (the
// program and partner reports in three statements): on the fixture, with
// impact indicators added (named and no longer named by the program,
// with and without targets for the year, both directions, codes whose
// byte and case orders differ, an evaluation without a result), every
// program's and partner's report of every year is the one the code at
// commit 2e83941 computed (report.OldProgramReport, a copy of it), on
// both stores; so are the errors of an unknown program or partner and of
// a bad year.
func TestTrainingReportsAsBefore(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d, func(t *testing.T) {
			t.Parallel()
			db := storetest.Open(t, d)
			trainingReportsAsBefore(t, d, db.Client, reporttest.Build(t, db.Client))
		})
	}
}

// trainingReportsAsBefore is TestTrainingReportsAsBefore on one store.
// On PostgreSQL, it compares again with the indicator codes under a
// linguistic collation (ICU's root, as a database created with the
// en_US.UTF-8 or id_ID.UTF-8 locale has by default): the order of the
// indicators and of the revision reasons was the database's.
func trainingReportsAsBefore(t *testing.T, dialect string, client *ent.Client, fx *reporttest.Fixture) {
	{
		ctx := access.System(context.Background())
		c := client.WithRules(rules.Importer(nil))
		ind := func(code string, d impactindicator.Direction, target *float64, year *int) *ent.ImpactIndicator {
			return c.ImpactIndicator.Create().SetAgency(fx.AgencyA).SetCode(code).SetName("Indikator " + code).
				SetUnitOfMeasure("indeks").SetDirection(d).SetNillableTarget(target).SetNillableTargetYear(year).SaveX(ctx)
		}
		y, other := reporttest.Year, reporttest.Year+1
		higher, lower := impactindicator.DirectionHIGHER_IS_BETTER, impactindicator.DirectionLOWER_IS_BETTER
		ikm := ind("ikm", higher, ptr(90.0), &y)     // missed this year
		hari := ind("HARI", lower, ptr(2.0), &other) // missed another year
		ikmB := ind("IKM-B", higher, nil, nil)       // no target
		zz := ind("Zz", lower, ptr(10.0), &y)        // met
		unused := ind("A.1", higher, ptr(1.0), &y)   // named, never measured
		dropped := ind("B", higher, ptr(100.0), &y)  // measured, then no longer named
		notNamed := ind("C", higher, ptr(100.0), &y) // another program's
		c.Program.UpdateOne(fx.PR1).AddIndicators(ikm, hari, ikmB, zz, unused, dropped).ExecX(ctx)
		c.Program.UpdateOne(fx.PR3).AddIndicators(notNamed, ikm).ExecX(ctx)
		res := func(s *ent.Session, i *ent.ImpactIndicator, baseline, result float64) {
			c.Evaluation.Create().SetLevel(evaluation.LevelRESULTS).SetSession(s).SetImpactIndicator(i).
				SetIndicator(i.Name).SetBaseline(baseline).SetResult(result).ExecX(ctx)
		}
		res(fx.S2, ikm, 70, 75) // S2 starts after S1: its result is the latest
		res(fx.S1, ikm, 60, 80)
		res(fx.S1, hari, 5, 6)
		res(fx.S2, hari, 4, 3)
		res(fx.S1, ikmB, 10, 10)
		res(fx.S1, zz, 12, 9)
		res(fx.S4, zz, 20, 15) // 2024
		res(fx.S1, dropped, 1, 2)
		res(fx.S5, notNamed, 50, 40)
		res(fx.S5, ikm, 95, 99)
		c.Evaluation.Create().SetLevel(evaluation.LevelRESULTS).SetSession(fx.S2).SetImpactIndicator(zz).
			SetIndicator(zz.Name).SetBaseline(1).SetResult(2).ExecX(ctx)
		c.Program.UpdateOne(fx.PR1).RemoveIndicators(dropped).ExecX(ctx)
		// Change projects, in import mode with their status as recorded.
		for i, p := range []struct {
			enrollment string
			status     changeproject.Status
		}{
			{"E1@S1", changeproject.StatusACCEPTED}, {"E6@S1", changeproject.StatusDRAFT},
			{"E7@S1", changeproject.StatusACCEPTED}, {"E2@S3", changeproject.StatusSUBMITTED},
			{"E5@S4", changeproject.StatusACCEPTED}, {"E1@S5", changeproject.StatusRETURNED},
		} {
			e := fx.Enrollments[p.enrollment]
			c.ChangeProject.Create().SetEnrollmentID(e.ID).SetEmployeeID(e.EmployeeID).SetMentorID(fx.E8.ID).
				SetTitle(fmt.Sprint("Proyek ", i)).SetProblem("Antrean panjang").SetObjective("Antrean pendek").
				SetPlannedOutcome("Waktu tunggu turun").SetDueOn(fx.S5.StartsAt).SetStatus(p.status).ExecX(ctx)
		}

		same := func(what string, got, want *report.Training, gotErr, wantErr error) {
			t.Helper()
			if (gotErr == nil) != (wantErr == nil) {
				t.Fatalf("%s: error %v, before %v", what, gotErr, wantErr)
			}
			if wantErr != nil {
				g, _ := fault.As(gotErr)
				w, _ := fault.As(wantErr)
				if g.Code != w.Code || gotErr.Error() != wantErr.Error() {
					t.Errorf("%s: error %q (%s), before %q (%s)", what, gotErr, g.Code, wantErr, w.Code)
				}
				return
			}
			if got := report.WithoutReasonIndicators(got); !reflect.DeepEqual(got, want) {
				t.Errorf("%s:\n got  %s\n before %s", what, show(got), show(want))
			}
		}
		compare := func(label string) {
			indicators := 0
			for _, year := range []int{y - 1, y, y + 1, 1999, 0} {
				for _, p := range []int{fx.PR1.ID, fx.PR2.ID, fx.PR3.ID, fx.PR3.ID + 1000} {
					got, gotErr := report.ProgramReport(ctx, client, p, year)
					want, wantErr := report.OldProgramReport(ctx, client, p, year)
					same(fmt.Sprintf("%sprogram %d, %d", label, p, year), got, want, gotErr, wantErr)
					if got != nil {
						indicators += len(got.Indicators)
					}
				}
				for _, p := range []int{fx.P1.ID, fx.P2.ID, fx.P2.ID + 1000} {
					got, gotErr := report.PartnerReport(ctx, client, p, year)
					want, wantErr := report.OldPartnerReport(ctx, client, p, year)
					same(fmt.Sprintf("%spartner %d, %d", label, p, year), got, want, gotErr, wantErr)
				}
			}
			if pr1, err := report.ProgramReport(ctx, client, fx.PR1.ID, y); err != nil || pr1.ChangeProjects != 3 {
				t.Errorf("PR1's change projects in %d: %v, %v; want 3: the data does not exercise them", y, pr1, err)
			}
			if indicators < 6 {
				t.Errorf("%d indicator changes in all the reports: the data does not exercise them", indicators)
			}
		}
		compare("")
		if dialect == storetest.Postgres {
			_, err := client.ExecContext(ctx, `ALTER TABLE impact_indicators ALTER COLUMN code TYPE character varying COLLATE "und-x-icu"`)
			if err != nil {
				t.Skipf("no ICU collation: %v", err)
			}
			compare("under a linguistic collation, ")
		}
	}
}

// show prints a report with its pointers followed.
func show(t *report.Training) string {
	f := func(p *float64) any {
		if p == nil {
			return nil
		}
		return *p
	}
	s := fmt.Sprintf("{sessions %d enrollments %d/%d/%d/%d rate %v reaction %v gain %v behavior %v projects %d/%d %v results %+v revision %v %q indicators [",
		t.Sessions, t.Enrollments, t.Completed, t.Failed, t.Withdrawn, f(t.CompletionRate), f(t.AverageReaction),
		f(t.AverageLearningGain), f(t.BehaviorSignedOffShare), t.ChangeProjects, t.ChangeProjectsAccepted,
		f(t.ChangeProjectAcceptanceRate), t.Results, t.NeedsRevision, t.RevisionReasons)
	for _, c := range t.Indicators {
		met := "-"
		if c.TargetMet != nil {
			met = fmt.Sprint(*c.TargetMet)
		}
		s += fmt.Sprintf("{%d %s %v→%v n=%d improved=%v met=%s} ", c.IndicatorID, c.Code, c.Baseline, c.Result, c.Evaluations, c.Improved, met)
	}
	return s + "]}"
}
