package graph_test

import (
	"encoding/json"
	"testing"
	"time"

	"kembang/ent"
	entenrollment "kembang/ent/enrollment"
	"kembang/ent/gid"
	"kembang/ent/session"
	"kembang/internal/domain/enrollment"
	"kembang/internal/store/seed"
)

// TestSeededDataFollowsTheRules seeds demo data (written as an import,
// a client in rules.Import mode) and checks that it keeps the seat rule and that
// the workflow runs on it: enrollment, withdrawal with promotion,
// attendance and completion.
func TestSeededDataFollowsTheRules(t *testing.T) {
	forEachStore(t, func(t *testing.T, a *api) {
		ctx := admin()
		now := time.Now().UTC()
		// The seed's reference date is mid-next-year, so that its OPEN
		// sessions (starting within 45 days of it) are in the future.
		ref := time.Date(now.Year()+1, time.June, 1, 0, 0, 0, 0, time.UTC)
		if _, err := seed.Run(ctx, a.db.Client, seed.Options{Employees: 150, Seed: 11, Now: ref}); err != nil {
			t.Fatalf("seeding: %v", err)
		}
		c := a.db.Client
		sessions := c.Session.Query().WithEnrollments().AllX(ctx)
		for _, s := range sessions {
			held := 0
			for _, e := range s.Edges.Enrollments {
				if enrollment.HoldsSeat(enrollment.Status(e.Status)) {
					held++
				}
			}
			if held > s.Capacity {
				t.Errorf("seeded session %d holds %d seats of %d", s.ID, held, s.Capacity)
			}
		}

		// Enrol a seeded employee in a seeded open session, in the future.
		open := c.Session.Query().
			Where(session.StatusEQ(session.StatusOPEN), session.StartsAtGT(now.Add(time.Hour))).
			WithEnrollments().
			FirstX(ctx)
		taken := map[int]bool{}
		for _, e := range open.Edges.Enrollments {
			taken[e.EmployeeID] = true
		}
		emps := c.Employee.Query().AllX(ctx)
		var r response
		for _, e := range emps {
			if taken[e.ID] {
				continue
			}
			// Employees may hold an overlapping enrollment of the program
			// in another seeded session: the rule then refuses them.
			if r = a.do(enrollQ, map[string]any{"s": gid.Encode(open.ID), "e": gid.Encode(e.ID)}); len(r.Errors) == 0 {
				break
			}
			refused(t, r, "CONFLICT", "overlaps")
		}
		if len(r.Errors) > 0 {
			t.Fatal("no seeded employee could enrol")
		}
		// A withdrawal of a registered participant promotes the first
		// on the waitlist, if any.
		reg := c.Enrollment.Query().Where(entenrollment.SessionID(open.ID), entenrollment.StatusEQ(entenrollment.StatusREGISTERED)).FirstX(ctx)
		first, err := c.Enrollment.Query().Where(entenrollment.SessionID(open.ID), entenrollment.StatusEQ(entenrollment.StatusWAITLISTED)).
			Order(entenrollment.ByCreatedAt(), entenrollment.ByID()).First(ctx)
		a.ok(withdrawQ, map[string]any{"id": gid.Encode(reg.ID)}, nil)
		if err == nil {
			if got := c.Enrollment.GetX(ctx, first.ID); got.Status != entenrollment.StatusREGISTERED {
				t.Errorf("first waitlisted of the seeded session is %s after a withdrawal, want REGISTERED", got.Status)
			}
		} else if !ent.IsNotFound(err) {
			t.Fatal(err)
		}

		// Complete a seeded participant of an ongoing session: refused
		// before the session ends, accepted once it has.
		t.Run("completion", func(t *testing.T) {
			att := c.Enrollment.Query().Where(entenrollment.StatusEQ(entenrollment.StatusATTENDED)).FirstX(ctx)
			refused(t, a.on(t).do(completeQ, map[string]any{"id": gid.Encode(att.ID), "passed": true}), "CONFLICT", "has not ended yet")
			a.on(t).heldFor(gid.Encode(att.ID))
			r := a.on(t).do(completeQ, map[string]any{"id": gid.Encode(att.ID), "passed": true})
			var out struct{ CompleteEnrollment enrollmentResult }
			if len(r.Errors) > 0 || json.Unmarshal(r.Data, &out) != nil {
				t.Fatalf("completing a seeded enrollment: %+v", r.Errors)
			}
			if out.CompleteEnrollment.Status != "COMPLETED" || out.CompleteEnrollment.JPCredited <= 0 {
				t.Errorf("completed seeded enrollment: %+v", out.CompleteEnrollment)
			}
		})
	})
}
