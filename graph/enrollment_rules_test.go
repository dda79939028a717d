package graph_test

import (
	"testing"
	"time"

	entenrollment "kembang/ent/enrollment"
	"kembang/ent/evaluation"
	"kembang/ent/learningclaim"
	"kembang/internal/fault"
	"kembang/internal/rules"
)

// TestRulesBindGoClients checks that the workflow rules hold for Go code
// using the ent client directly, not only for the GraphQL mutations, and
// that imports (a client in rules.Import mode) bypass them.
func TestRulesBindGoClients(t *testing.T) {
	forEachStore(t, func(t *testing.T, a *api) {
		b := newBench(t, a)
		ctx := admin()
		c := a.db.Client
		sid := rawID(t, b.session(b.program("COURSE", 20, false), 3, 5))
		emps := b.employees(4)
		reg := c.Enrollment.Create().SetSessionID(sid).SetEmployeeID(rawID(t, emps[0])).
			SetStatus(entenrollment.StatusCOMPLETED). // asked for, but not how enrollments start
			SaveX(ctx)
		results := c.Evaluation.Create().SetLevel(evaluation.LevelRESULTS).SetSessionID(sid).
			SetIndicator("IKM").SetBaseline(70).SetResult(75).SaveX(ctx)
		claim := c.LearningClaim.Create().SetEmployeeID(rawID(t, emps[0])).SetTitle("Kursus").SetOrganizer("LAN").
			SetForm(learningclaim.FormCOURSE).SetStartsOn(time.Now()).SetEndsOn(time.Now()).SetJp(3).SaveX(ctx)

		tests := []struct {
			name  string
			err   error
			code  fault.Code
			field string
		}{
			{"bulk status change", c.Enrollment.Update().Where(entenrollment.SessionID(sid)).SetStatus(entenrollment.StatusWITHDRAWN).Exec(ctx), fault.BadInput, "status"},
			{"certificate set by hand", c.Enrollment.UpdateOneID(reg.ID).SetCertificateNumber("KMB/2026/999999").Exec(ctx), fault.BadInput, "status"},
			{"JP set with the status", c.Enrollment.UpdateOneID(reg.ID).SetStatus(entenrollment.StatusATTENDED).SetJpCredited(99).Exec(ctx), fault.BadInput, "status"},
			{"evaluations attached to a new enrollment", c.Enrollment.Create().SetSessionID(sid).SetEmployeeID(rawID(t, emps[1])).AddEvaluationIDs(results.ID).Exec(ctx), fault.BadInput, "evaluationIDs"},
			{"evaluation created signed off", c.Evaluation.Create().SetLevel(evaluation.LevelBEHAVIOR).SetEnrollmentID(reg.ID).SetDueOn(time.Now()).SetSignedOffOn(time.Now()).Exec(ctx), fault.BadInput, "signedOffOn"},
			{"claim created approved", c.LearningClaim.Create().SetEmployeeID(rawID(t, emps[0])).SetTitle("Kursus").SetOrganizer("LAN").
				SetForm(learningclaim.FormCOURSE).SetStartsOn(time.Now()).SetEndsOn(time.Now()).SetJp(3).SetStatus(learningclaim.StatusAPPROVED).Exec(ctx), fault.BadInput, "status"},
			{"claim rejected without a reason", c.LearningClaim.UpdateOneID(claim.ID).SetStatus(learningclaim.StatusREJECTED).Exec(ctx), fault.BadInput, "reviewNote"},
			{"claims approved in bulk", c.LearningClaim.Update().SetStatus(learningclaim.StatusAPPROVED).Exec(ctx), fault.BadInput, "status"},
			{"claim sent back to PENDING", c.LearningClaim.UpdateOneID(claim.ID).SetStatus(learningclaim.StatusPENDING).Exec(ctx), fault.BadInput, "status"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				f, ok := fault.As(tt.err)
				if !ok || f.Code != tt.code || f.Field != tt.field {
					t.Errorf("error = %v, want a %s fault on %q", tt.err, tt.code, tt.field)
				}
			})
		}
		if reg.Status != entenrollment.StatusREGISTERED {
			t.Errorf("a new enrollment asking for COMPLETED got %s, want REGISTERED (seats decide)", reg.Status)
		}
		if got := c.LearningClaim.GetX(ctx, claim.ID); got.Status != learningclaim.StatusPENDING {
			t.Errorf("claim status %s after refused reviews", got.Status)
		}

		// An import writes history as it is (consistent with its session,
		// which ran 2–6 March 2026).
		imp := c.WithRules(rules.Importer(nil))
		cert := "ARSIP/2026/000042"
		old, err := imp.Enrollment.Create().SetSessionID(rawID(t, b.f.session)).SetEmployeeID(rawID(t, emps[2])).
			SetStatus(entenrollment.StatusCOMPLETED).SetJpCredited(180).SetCompletedAt(time.Date(2026, 3, 9, 0, 0, 0, 0, time.UTC)).
			SetCertificateNumber(cert).Save(ctx)
		if err != nil || old.Status != entenrollment.StatusCOMPLETED || *old.CertificateNumber != cert {
			t.Errorf("import: %v, %+v", err, old)
		}
		if _, err := c.Enrollment.Create().SetSessionID(rawID(t, b.f.session)).SetEmployeeID(rawID(t, emps[3])).Save(ctx); !isConflict(err) {
			t.Errorf("a non-import enrollment in a started session: %v, want a conflict", err)
		}
	})
}

// isConflict reports whether err is a fault.Conflict.
func isConflict(err error) bool {
	f, ok := fault.As(err)
	return ok && f.Code == fault.Conflict
}
