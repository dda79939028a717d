package graph_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"kembang/ent"
	entenrollment "kembang/ent/enrollment"
	"kembang/internal/domain/jp"
	"kembang/internal/fault"
	"kembang/internal/rules"
	"kembang/internal/viewer"
)

// The integrity rules of issue 15 (findings 6, 7 (write side), 8 and 9),
// end to end through the API on both stores, and for Go code using the
// ent client and imports. The rules live in the storage hooks
// (internal/hooks: org.go, session.go, enrollment.go).

// hrCtx is the request context of an HR officer of agency.
func hrCtx(t testing.TB, agency string) context.Context {
	return viewer.NewContext(context.Background(), viewer.Viewer{Subject: "test:hr", Role: viewer.HROfficer, AgencyID: rawID(t, agency)})
}

// writer is a viewer who writes an agency's records, with a name for
// subtests.
type writer struct {
	name string
	ctx  context.Context
}

// writers are the viewers who may write the records of agency: its HR
// officer and ADMIN. The integrity rules bind both.
func writers(t testing.TB, agency string) []writer {
	return []writer{{"HR officer", hrCtx(t, agency)}, {"ADMIN", admin()}}
}

// audits counts the audit records: every write leaves one per row, in its
// transaction, so an unchanged count means nothing was written.
func (a *api) audits() int {
	a.t.Helper()
	n, err := a.db.Client.AuditRecord.Query().Count(admin())
	if err != nil {
		a.t.Fatalf("counting audit records: %v", err)
	}
	return n
}

// refusedOn checks that r is a refusal with code on field, and that
// nothing was written since the audit count was before.
func refusedOn(t *testing.T, a *api, before int, r response, code, field string, parts ...string) {
	t.Helper()
	refused(t, r, code, parts...)
	if r.field() != field {
		t.Errorf("extensions.field = %q, want %q (%s)", r.field(), field, r.Errors[0].Message)
	}
	if after := a.audits(); after != before {
		t.Errorf("a refused write left %d audit records", after-before)
	}
}

// TestReferencesStayInTheAgency covers finding 6: no reference from one
// agency's records to another's, whoever writes (the agency's HR officer
// or ADMIN), while the references that are legitimately across agencies
// keep working.
func TestReferencesStayInTheAgency(t *testing.T) {
	forEachStore(t, func(t *testing.T, a *api) {
		f := build(t, a)
		r := newRival(t, a)
		emp := f.employees[1]
		need := a.id(`mutation($a: ID!, $u: ID!, $c: ID!) { createTrainingNeed(input: {agencyID: $a, unitID: $u, competencyID: $c, source: FORUM,
			description: "Pelatihan pelayanan prima bagi petugas puskesmas", raisedOn: "2026-02-10"}) { id } }`,
			map[string]any{"a": f.agency, "u": f.unit, "c": f.competency})
		sub := a.id(`mutation($a: ID!, $p: ID!) { createUnit(input: {code: "PKM-01", name: "Puskesmas Kemuning", agencyID: $a, parentID: $p}) { id } }`,
			map[string]any{"a": f.agency, "p": f.unit})
		newEmp := func(field, ref string) map[string]any {
			return map[string]any{"in": map[string]any{"nip": "199409092020122001", "employmentType": "PNS", "fullName": "Sari Wulandari",
				"agencyID": f.agency, field: ref}}
		}
		const (
			createUnit = `mutation($in: CreateUnitInput!) { createUnit(input: $in) { id } }`
			createEmp  = `mutation($in: CreateEmployeeInput!) { createEmployee(input: $in) { id } }`
			updateEmp  = `mutation($id: ID!, $in: UpdateEmployeeInput!) { updateEmployee(id: $id, input: $in) { id } }`
		)
		tests := []struct {
			name, query string
			vars        map[string]any
			field       string
		}{
			{"new unit under another agency's unit", createUnit,
				map[string]any{"in": map[string]any{"code": "UPT", "name": "UPT Laboratorium", "agencyID": f.agency, "parentID": r.unit}}, "parentID"},
			{"unit moved under another agency's unit", `mutation($id: ID!, $p: ID!) { updateUnit(id: $id, input: {parentID: $p}) { id } }`,
				map[string]any{"id": sub, "p": r.unit}, "parentID"},
			{"new employee in another agency's unit", createEmp, newEmp("unitID", r.unit), "unitID"},
			{"new employee in another agency's position", createEmp, newEmp("positionID", r.position), "positionID"},
			{"new employee aiming at another agency's position", createEmp, newEmp("targetPositionID", r.position), "targetPositionID"},
			{"new employee supervised from another agency", createEmp, newEmp("supervisorID", r.employee), "supervisorID"},
			{"employee moved to another agency's unit", updateEmp, map[string]any{"id": emp, "in": map[string]any{"unitID": r.unit}}, "unitID"},
			{"employee given another agency's position", updateEmp, map[string]any{"id": emp, "in": map[string]any{"positionID": r.position}}, "positionID"},
			{"employee aimed at another agency's position", updateEmp, map[string]any{"id": emp, "in": map[string]any{"targetPositionID": r.position}}, "targetPositionID"},
			{"employee given another agency's supervisor", updateEmp, map[string]any{"id": emp, "in": map[string]any{"supervisorID": r.employee}}, "supervisorID"},
			{"new training need of another agency's unit", `mutation($in: CreateTrainingNeedInput!) { createTrainingNeed(input: $in) { id } }`,
				map[string]any{"in": map[string]any{"agencyID": f.agency, "unitID": r.unit, "competencyID": f.competency, "source": "SURVEY",
					"description": "Survei kebutuhan", "raisedOn": "2026-02-10"}}, "unitID"},
			{"training need moved to another agency's unit", `mutation($id: ID!, $u: ID!) { updateTrainingNeed(id: $id, input: {unitID: $u}) { id } }`,
				map[string]any{"id": need, "u": r.unit}, "unitID"},
		}
		for _, tt := range tests {
			for _, as := range writers(t, f.agency) {
				t.Run(tt.name+"/"+as.name, func(t *testing.T) {
					a := a.on(t)
					before := a.audits()
					refusedOn(t, a, before, a.doCtx(as.ctx, tt.query, tt.vars), "BAD_USER_INPUT", tt.field, "belongs to another agency")
				})
			}
		}

		// Nothing changed, and the other agency's supervisor still cannot
		// read the employee.
		var got struct {
			Node struct {
				Unit, Position, TargetPosition, Supervisor *struct{ ID string }
			}
		}
		a.ok(`query($id: ID!) { node(id: $id) { ... on Employee { unit { id } position { id } targetPosition { id } supervisor { id } } } }`,
			map[string]any{"id": emp}, &got)
		if n := got.Node; n.Unit == nil || n.Unit.ID != f.unit || n.Position == nil || n.Position.ID != f.position || n.TargetPosition != nil || n.Supervisor != nil {
			t.Errorf("employee after refused changes: %+v", n)
		}
		sup := viewer.NewContext(context.Background(), viewer.Viewer{Subject: "test:rudi", Role: viewer.Supervisor, EmployeeID: rawID(t, r.employee), AgencyID: rawID(t, r.agency)})
		if res := a.doCtx(sup, `query($id: ID!) { node(id: $id) { ... on Employee { nip } } }`, map[string]any{"id": emp}); len(res.Errors) == 0 && string(res.Data) != `{"node":null}` {
			t.Errorf("the other agency's supervisor reads %s", res.Data)
		}

		// Moving a record to another agency: refused while records of its
		// agency refer to it (CONFLICT), or while it keeps references into
		// the old agency (BAD_USER_INPUT on agencyID).
		t.Run("moves", func(t *testing.T) {
			a := a.on(t)
			const (
				moveUnit = `mutation($id: ID!, $a: ID!) { updateUnit(id: $id, input: {agencyID: $a}) { id } }`
				movePos  = `mutation($id: ID!, $a: ID!) { updatePosition(id: $id, input: {agencyID: $a}) { id } }`
			)
			sup, rep := f.employees[2], f.employees[3]
			a.ok(updateEmp, map[string]any{"id": rep, "in": map[string]any{"supervisorID": sup}}, nil)
			refusedOn(t, a, a.audits(), a.do(moveUnit, map[string]any{"id": f.unit, "a": r.agency}), "CONFLICT", "agencyID",
				"records of its agency still refer to it (1 sub-unit, 5 employees and 1 training need)")
			refusedOn(t, a, a.audits(), a.do(movePos, map[string]any{"id": f.position, "a": r.agency}), "CONFLICT", "agencyID", "5 holders")
			refusedOn(t, a, a.audits(), a.do(updateEmp, map[string]any{"id": sup, "in": map[string]any{"agencyID": r.agency, "unitID": r.unit, "clearPosition": true}}),
				"CONFLICT", "agencyID", "1 report")
			refusedOn(t, a, a.audits(), a.do(updateEmp, map[string]any{"id": emp, "in": map[string]any{"agencyID": r.agency}}),
				"BAD_USER_INPUT", "agencyID", "the unit belongs to another agency than the employee")
			refusedOn(t, a, a.audits(), a.do(moveUnit, map[string]any{"id": sub, "a": r.agency}),
				"BAD_USER_INPUT", "agencyID", "the parent unit belongs to another agency than the unit")
			// A transfer that takes every reference along is accepted.
			a.ok(updateEmp, map[string]any{"id": emp, "in": map[string]any{"agencyID": r.agency, "unitID": r.unit, "positionID": r.position}}, nil)
			a.ok(`mutation($id: ID!, $a: ID!) { updateUnit(id: $id, input: {agencyID: $a, clearParent: true}) { id } }`, map[string]any{"id": sub, "a": r.agency}, nil)
		})

		// Legitimately across agencies: a Plaju employee enrolled by Plaju's
		// HR in a session of Kemuning's program; a plan item naming a
		// partner, which belongs to no agency.
		t.Run("across agencies", func(t *testing.T) {
			a := a.on(t)
			b := &bench{t: t, a: a, f: f}
			s := b.session(b.program("COURSE", 20, false), 3, 5)
			if res := a.doCtx(hrCtx(t, r.agency), enrollQ, map[string]any{"s": s, "e": r.employee}); len(res.Errors) > 0 {
				t.Errorf("enrolling a Plaju employee in a Kemuning session: %+v", res.Errors)
			}
			p := a.id(`mutation($a: ID!) { createDevelopmentPlan(input: {agencyID: $a, year: 2027}) { id } }`, map[string]any{"a": f.agency})
			if res := a.doCtx(hrCtx(t, f.agency), `mutation($p: ID!, $c: ID!, $q: ID!) { createPlanItem(input: {planID: $p, competencyID: $c, partnerID: $q,
				targetGroup: "Pengawas Dinas Kesehatan", headCount: 20, route: CLASSICAL, form: LEADERSHIP_TRAINING, plannedQuarter: 2, plannedJp: 180, budget: 300000000}) { id } }`,
				map[string]any{"p": p, "c": f.competency, "q": f.partner}); len(res.Errors) > 0 {
				t.Errorf("a plan item naming a partner: %+v", res.Errors)
			}
		})

		// Go code using the ent client, and imports, obey the same rules.
		t.Run("ent client", func(t *testing.T) {
			ctx := admin()
			err := a.db.Client.WithRules(rules.Importer(nil)).Employee.UpdateOneID(rawID(t, f.employees[4])).SetSupervisorID(rawID(t, r.employee)).Exec(ctx)
			if fe, ok := fault.As(err); !ok || fe.Code != fault.BadInput || fe.Field != "supervisorID" {
				t.Errorf("cross-agency supervisor through the ent client: %v", err)
			}
		})
	})
}

// TestUnitTreeStaysAcyclic covers the write side of finding 7: a unit
// cannot become its own ancestor, directly or at any depth, nor an
// employee their own supervisor; concurrent re-parentings cannot close a
// loop together.
func TestUnitTreeStaysAcyclic(t *testing.T) {
	forEachStore(t, func(t *testing.T, a *api) {
		f := build(t, a)
		// A chain of five units: u[0] ← u[1] ← … ← u[4].
		u := []string{f.unit}
		for i := 1; i < 5; i++ {
			u = append(u, a.id(`mutation($a: ID!, $p: ID!, $c: String!, $n: String!) { createUnit(input: {code: $c, name: $n, agencyID: $a, parentID: $p}) { id } }`,
				map[string]any{"a": f.agency, "p": u[i-1], "c": fmt.Sprintf("SUB-%d", i), "n": fmt.Sprintf("Subbagian %d", i)}))
		}
		const reparent = `mutation($id: ID!, $p: ID!) { updateUnit(id: $id, input: {parentID: $p}) { id } }`
		tests := []struct {
			name          string
			unit, parents int
		}{
			{"under itself", 0, 0},
			{"under its child", 0, 1},
			{"under its deepest descendant", 0, 4},
			{"mid-tree, under a grandchild", 2, 4},
			{"leaf under itself", 4, 4},
		}
		for _, tt := range tests {
			for _, as := range writers(t, f.agency) {
				t.Run(tt.name+"/"+as.name, func(t *testing.T) {
					a := a.on(t)
					refusedOn(t, a, a.audits(), a.doCtx(as.ctx, reparent, map[string]any{"id": u[tt.unit], "p": u[tt.parents]}),
						"BAD_USER_INPUT", "parentID", "would close a loop in the unit tree")
				})
			}
		}
		// The chain is intact; re-parenting that closes no loop is accepted.
		parent := func(id string) string {
			var out struct {
				Node struct{ Parent *struct{ ID string } }
			}
			a.ok(`query($id: ID!) { node(id: $id) { ... on Unit { parent { id } } } }`, map[string]any{"id": id}, &out)
			if out.Node.Parent == nil {
				return ""
			}
			return out.Node.Parent.ID
		}
		for i := range u {
			want := ""
			if i > 0 {
				want = u[i-1]
			}
			if got := parent(u[i]); got != want {
				t.Fatalf("unit %d's parent is %q after refused changes, want %q", i, got, want)
			}
		}
		a.ok(reparent, map[string]any{"id": u[4], "p": u[1]}, nil)
		a.ok(`mutation($id: ID!) { updateUnit(id: $id, input: {clearParent: true}) { id } }`, map[string]any{"id": u[2]}, nil)
		a.ok(reparent, map[string]any{"id": u[0], "p": u[3]}, nil) // u[3] now hangs under u[2], a root

		// The same through the ent client, import or not.
		for _, c := range []*ent.Client{a.db.Client, a.db.Client.WithRules(rules.Importer(nil))} {
			err := c.Unit.UpdateOneID(rawID(t, u[2])).SetParentID(rawID(t, u[0])).Exec(admin())
			if fe, ok := fault.As(err); !ok || fe.Code != fault.BadInput || fe.Field != "parentID" {
				t.Errorf("loop through the ent client: %v", err)
			}
		}

		// Supervision chains: nobody supervises themselves, directly or
		// through their reports.
		e := f.employees
		const supervise = `mutation($id: ID!, $s: ID!) { updateEmployee(id: $id, input: {supervisorID: $s}) { id } }`
		a.ok(supervise, map[string]any{"id": e[1], "s": e[0]}, nil)
		a.ok(supervise, map[string]any{"id": e[2], "s": e[1]}, nil)
		a.ok(supervise, map[string]any{"id": e[3], "s": e[2]}, nil)
		for _, tt := range []struct{ name, id, sup string }{{"self", e[0], e[0]}, {"a direct report", e[0], e[1]}, {"an indirect report", e[0], e[3]}} {
			t.Run("supervisor: "+tt.name, func(t *testing.T) {
				a := a.on(t)
				refusedOn(t, a, a.audits(), a.doCtx(hrCtx(t, f.agency), supervise, map[string]any{"id": tt.id, "s": tt.sup}),
					"BAD_USER_INPUT", "supervisorID", "would close a loop in the supervision chain")
			})
		}

		// Two concurrent re-parentings that would close a loop together:
		// at most one of each pair is accepted, and the tree has no loop.
		t.Run("concurrent", func(t *testing.T) {
			a := a.on(t)
			warm(t, a)
			for round := range 5 {
				x := a.id(`mutation($a: ID!, $c: String!) { createUnit(input: {code: $c, name: "Unit X", agencyID: $a}) { id } }`,
					map[string]any{"a": f.agency, "c": fmt.Sprintf("X-%d", round)})
				y := a.id(`mutation($a: ID!, $c: String!) { createUnit(input: {code: $c, name: "Unit Y", agencyID: $a}) { id } }`,
					map[string]any{"a": f.agency, "c": fmt.Sprintf("Y-%d", round)})
				var wg sync.WaitGroup
				rs := make([]response, 2)
				for i, pair := range [][2]string{{x, y}, {y, x}} {
					wg.Go(func() { rs[i] = post(a, reparent, map[string]any{"id": pair[0], "p": pair[1]}) })
				}
				wg.Wait()
				ok := 0
				for _, r := range rs {
					switch {
					case len(r.Errors) == 0:
						ok++
					case r.code() != "BAD_USER_INPUT" || r.field() != "parentID":
						t.Errorf("round %d: refusal %+v, want BAD_USER_INPUT on parentID", round, r.Errors)
					}
				}
				if ok != 1 {
					t.Errorf("round %d: %d of 2 concurrent re-parentings accepted, want 1", round, ok)
				}
				if parent(x) == y && parent(y) == x {
					t.Fatalf("round %d: units %s and %s are each other's parent", round, x, y)
				}
			}
		})
	})
}

// running moves a session so that it has started but not ended: it
// started within the last day and runs on (for sessions of two days or
// more), shifted by whole days (see held).
func (a *api) running(session string) {
	a.t.Helper()
	ctx := admin()
	c := a.db.Client
	s := c.Session.GetX(ctx, rawID(a.t, session))
	days := int(time.Until(s.StartsAt)/(24*time.Hour)) + 1
	c.Session.UpdateOneID(s.ID).
		SetStartsAt(s.StartsAt.AddDate(0, 0, -days).UTC()).
		SetEndsAt(s.EndsAt.AddDate(0, 0, -days).UTC()).
		ExecX(ctx)
	if s := c.Session.GetX(ctx, s.ID); time.Now().Before(s.StartsAt) || !time.Now().Before(s.EndsAt) {
		a.t.Fatalf("session runs %v to %v: not running now", s.StartsAt, s.EndsAt)
	}
}

// TestDeliveryFollowsTheSession covers finding 8: attendance once the
// session has started, outcomes once it has ended (self-paced programs:
// started), nothing in a CANCELLED session, whose open enrollments the
// cancellation withdraws; session statuses move only forward.
func TestDeliveryFollowsTheSession(t *testing.T) {
	forEachStore(t, func(t *testing.T, a *api) {
		b := newBench(t, a)
		course := b.program("COURSE", 20, false)
		emps := b.employees(6)
		status := func(id string) string {
			var out struct{ Node struct{ Status string } }
			a.ok(`query($id: ID!) { node(id: $id) { ... on Enrollment { status } } }`, map[string]any{"id": id}, &out)
			return out.Node.Status
		}

		t.Run("not before the session", func(t *testing.T) {
			a := a.on(t)
			s := b.session(course, 3, 5)
			e := b.enroll(s, emps[0]).ID
			refusedOn(t, a, a.audits(), a.do(attendQ, map[string]any{"id": e}), "CONFLICT", "", "has not started yet")
			a.running(s)
			b.on(t).step(attendQ, e)
			for _, passed := range []bool{true, false} {
				refusedOn(t, a, a.audits(), a.do(completeQ, map[string]any{"id": e, "passed": passed}), "CONFLICT", "", "has not ended yet")
			}
			if got := status(e); got != "ATTENDED" {
				t.Fatalf("status %s after refused completions", got)
			}
			a.held(s)
			done := b.on(t).run(completeQ, map[string]any{"id": e, "passed": true})
			var sess struct{ Node struct{ EndsAt time.Time } }
			a.ok(`query($id: ID!) { node(id: $id) { ... on Session { endsAt } } }`, map[string]any{"id": s}, &sess)
			at, err := time.Parse(time.RFC3339, *done.CompletedAt)
			if err != nil || at.Before(sess.Node.EndsAt) || done.JPCredited != 20 {
				t.Errorf("completion %+v, session ends %v", done, sess.Node.EndsAt)
			}
			// The SIASN year is the completion's, never before the dates.
			if at.In(jp.WIB).Year() < sess.Node.EndsAt.In(jp.WIB).Year() {
				t.Errorf("completed in %d, session ends in %d", at.In(jp.WIB).Year(), sess.Node.EndsAt.In(jp.WIB).Year())
			}
		})

		t.Run("self-paced", func(t *testing.T) {
			el := a.on(t).id(`mutation($p: ID!) { createProgram(input: {code: "EL-ASN", title: "E-Learning Manajemen ASN", route: NON_CLASSICAL,
				form: E_LEARNING, deliveryMode: ONLINE, jp: 15, status: ACTIVE, partnerIDs: [$p]}) { id } }`, map[string]any{"p": b.f.partner})
			s := b.on(t).session(el, 5, 5)
			e := b.on(t).enroll(s, emps[1]).ID
			a.on(t).running(s)
			b.on(t).step(attendQ, e)
			if got := b.on(t).run(completeQ, map[string]any{"id": e, "passed": true}); got.Status != "COMPLETED" {
				t.Errorf("e-learning completed while running: %+v", got)
			}
		})

		t.Run("cancelled", func(t *testing.T) {
			a := a.on(t)
			b := b.on(t)
			s := b.session(course, 3, 2)
			attended := b.enroll(s, emps[2]).ID
			registered := b.enroll(s, emps[3]).ID
			waitlisted := b.enroll(s, emps[4]).ID
			nominated := b.run(nominateQ, map[string]any{"s": s, "es": []string{emps[5]}}).ID
			if got := status(waitlisted); got != "WAITLISTED" {
				t.Fatalf("third enrollment %s, want WAITLISTED", got)
			}
			a.running(s)
			b.step(attendQ, attended)
			a.ok(`mutation($id: ID!) { updateSession(id: $id, input: {status: CANCELLED}) { id } }`, map[string]any{"id": s}, nil)
			for id, want := range map[string]string{attended: "ATTENDED", registered: "WITHDRAWN", waitlisted: "WITHDRAWN", nominated: "WITHDRAWN"} {
				if got := status(id); got != want {
					t.Errorf("after the cancellation an enrollment is %s, want %s", got, want)
				}
			}
			// Each withdrawal is on the trail, as part of the cancellation;
			// the waitlisted one was never promoted.
			for _, id := range []string{registered, waitlisted, nominated} {
				rs := a.trail(id)
				last := rs[len(rs)-1]
				if last.Operation != "updateSession" || last.Action != "UPDATE" {
					t.Errorf("last audit record of a withdrawn enrollment: %+v", last)
				}
				if _, new := last.change(t, "status"); new != `"WITHDRAWN"` {
					t.Errorf("recorded as %s", new)
				}
			}
			if rs := a.trail(waitlisted); len(rs) != 2 {
				t.Errorf("trail of the waitlisted enrollment: %+v (a promotion?)", rs)
			}
			// Nothing more happens in the session.
			a.held(s)
			refusedOn(t, a, a.audits(), a.do(completeQ, map[string]any{"id": attended, "passed": true}), "CONFLICT", "", "cancelled")
			refusedOn(t, a, a.audits(), a.do(completeQ, map[string]any{"id": attended, "passed": false}), "CONFLICT", "", "cancelled")
			refusedOn(t, a, a.audits(), a.do(`mutation($id: ID!) { updateSession(id: $id, input: {status: OPEN}) { id } }`, map[string]any{"id": s}),
				"CONFLICT", "status", "cannot open a session that is CANCELLED (CANCELLED is final")
		})

		t.Run("statuses move forward", func(t *testing.T) {
			a := a.on(t)
			s := b.on(t).sessionIn(course, 30*24*time.Hour, 3, 5, "PLANNED")
			const set = `mutation($id: ID!, $st: SessionStatus!) { updateSession(id: $id, input: {status: $st}) { status } }`
			for _, st := range []string{"OPEN", "OPEN", "ONGOING", "COMPLETED"} {
				a.ok(set, map[string]any{"id": s, "st": st}, nil)
			}
			for _, tt := range []struct{ to, msg string }{
				{"OPEN", "cannot open a session that is COMPLETED (COMPLETED is final; allowed from PLANNED)"},
				{"ONGOING", "cannot start a session that is COMPLETED"},
				{"PLANNED", "cannot move back to PLANNED a session that is COMPLETED"},
				{"CANCELLED", "cannot cancel a session that is COMPLETED (COMPLETED is final; allowed from PLANNED, OPEN or ONGOING)"},
			} {
				refusedOn(t, a, a.audits(), a.do(set, map[string]any{"id": s, "st": tt.to}), "CONFLICT", "status", tt.msg)
			}
			o := b.on(t).session(course, 3, 5)
			a.ok(set, map[string]any{"id": o, "st": "ONGOING"}, nil)
			refusedOn(t, a, a.audits(), a.do(set, map[string]any{"id": o, "st": "OPEN"}), "CONFLICT", "status", "cannot open a session that is ONGOING (allowed from PLANNED)")
		})

		// Go code and imports obey the same rules.
		t.Run("ent client and imports", func(t *testing.T) {
			ctx := admin()
			c := a.db.Client
			s := b.on(t).session(course, 3, 5)
			e := rawID(t, b.on(t).enroll(s, emps[0]).ID)
			if err := c.Enrollment.UpdateOneID(e).SetStatus(entenrollment.StatusATTENDED).Exec(ctx); !isConflict(err) {
				t.Errorf("attendance before the start through the ent client: %v", err)
			}
			imp := c.WithRules(rules.Importer(nil))
			later := c.Session.GetX(ctx, rawID(t, s)).EndsAt.Add(24 * time.Hour)
			for _, tt := range []struct {
				name   string
				status entenrollment.Status
				at     *time.Time
			}{
				{"attended a session to come", entenrollment.StatusATTENDED, nil},
				{"completed a session to come", entenrollment.StatusCOMPLETED, &later},
			} {
				q := imp.Enrollment.Create().SetSessionID(rawID(t, s)).SetEmployeeID(rawID(t, emps[1])).SetStatus(tt.status)
				if tt.at != nil {
					q.SetCompletedAt(*tt.at).SetJpCredited(20)
				}
				if err := q.Exec(ctx); !isConflict(err) {
					t.Errorf("import: %s: %v", tt.name, err)
				}
			}
			early := time.Date(2026, 3, 4, 0, 0, 0, 0, time.UTC) // the fixture's session runs 2–6 March 2026
			err := imp.Enrollment.Create().SetSessionID(rawID(t, b.f.session)).SetEmployeeID(rawID(t, emps[1])).
				SetStatus(entenrollment.StatusCOMPLETED).SetCompletedAt(early).SetJpCredited(180).Exec(ctx)
			if !isConflict(err) {
				t.Errorf("import: completed before the session ended: %v", err)
			}
		})
	})
}

// TestSessionPartnerAndAssessmentDates covers finding 9: a session's
// partner is one of its program's partners, under an agreement covering
// the session's dates, and stays so while the session is live;
// assessments are not dated in the future.
func TestSessionPartnerAndAssessmentDates(t *testing.T) {
	forEachStore(t, func(t *testing.T, a *api) {
		b := newBench(t, a)
		f := b.f
		prog := b.program("TECHNICAL_TRAINING", 30, false) // delivered by the fixture's partner
		day := func(d int) string {
			y, m, dd := time.Now().In(jp.WIB).Date()
			return time.Date(y, m, dd+d, 0, 0, 0, 0, time.UTC).Format(time.RFC3339)
		}
		// date is the day of day(d) as a Date (agreements, assessments).
		date := func(d int) string { return day(d)[:len(time.DateOnly)] }
		partner := func(name string, from, until string, programs ...string) string {
			in := map[string]any{"name": name, "kind": "TRAINING_INSTITUTE", "programIDs": programs}
			if from != "" {
				in["agreementNumber"], in["agreementValidFrom"] = "PKS/"+name, from
			}
			if until != "" {
				in["agreementValidUntil"] = until
			}
			return a.id(`mutation($in: CreatePartnerInput!) { createPartner(input: $in) { id } }`, map[string]any{"in": in})
		}
		outsider := partner("Lembaga Luar", date(-400), "", f.program)
		expired := partner("Lembaga Kedaluwarsa", "2020-01-02", "2021-12-31", prog)
		none := partner("Lembaga Tanpa Perjanjian", "", "", prog)
		short := partner("Lembaga Jangka Pendek", date(-10), date(60), prog)

		const create = `mutation($in: CreateSessionInput!) { createSession(input: $in) { id } }`
		sessionIn := func(partner string, from, to int) map[string]any {
			return map[string]any{"in": map[string]any{"programID": prog, "partnerID": partner, "name": fmt.Sprintf("Angkatan %d", f.m.next()),
				"startsAt": day(from), "endsAt": day(to), "capacity": 20, "status": "OPEN"}}
		}
		for _, tt := range []struct {
			name, partner, msg string
		}{
			{"not a partner of the program", outsider, "not one of the program's partners"},
			{"agreement expired", expired, "the agreement is valid from 2020-01-02 to 2021-12-31"},
			{"no agreement", none, "no cooperation agreement on record"},
		} {
			t.Run(tt.name, func(t *testing.T) {
				a := a.on(t)
				refusedOn(t, a, a.audits(), a.do(create, sessionIn(tt.partner, 30, 32)), "BAD_USER_INPUT", "partnerID", tt.msg)
			})
		}
		refusedOn(t, a, a.audits(), a.do(create, sessionIn(short, 58, 62)), "BAD_USER_INPUT", "partnerID", "does not cover the session")
		s := a.id(create, sessionIn(short, 30, 32))
		refusedOn(t, a, a.audits(), a.do(`mutation($id: ID!, $e: Time!) { updateSession(id: $id, input: {endsAt: $e}) { id } }`, map[string]any{"id": s, "e": day(61)}),
			"BAD_USER_INPUT", "endsAt", "does not cover the session")
		refusedOn(t, a, a.audits(), a.do(`mutation($id: ID!, $p: ID!) { updateSession(id: $id, input: {partnerID: $p}) { id } }`, map[string]any{"id": s, "p": expired}),
			"BAD_USER_INPUT", "partnerID", "does not cover the session")

		// While the session is live, its partner stays in the program and
		// its agreement keeps covering it.
		refusedOn(t, a, a.audits(), a.do(`mutation($id: ID!, $u: Date!) { updatePartner(id: $id, input: {agreementValidUntil: $u}) { id } }`,
			map[string]any{"id": short, "u": date(31)}), "CONFLICT", "agreementValidUntil", "would no longer be covered")
		refusedOn(t, a, a.audits(), a.do(`mutation($id: ID!) { updatePartner(id: $id, input: {clearAgreementValidFrom: true}) { id } }`,
			map[string]any{"id": short}), "CONFLICT", "clearAgreementValidFrom", "no cooperation agreement")
		refusedOn(t, a, a.audits(), a.do(`mutation($id: ID!, $p: ID!) { updateProgram(id: $id, input: {removePartnerIDs: [$p]}) { id } }`,
			map[string]any{"id": prog, "p": short}), "CONFLICT", "removePartnerIDs", "delivered by the partner")
		refusedOn(t, a, a.audits(), a.do(`mutation($id: ID!, $p: ID!) { updatePartner(id: $id, input: {removeProgramIDs: [$p]}) { id } }`,
			map[string]any{"id": short, "p": prog}), "CONFLICT", "removeProgramIDs", "delivered by the partner")
		a.ok(`mutation($id: ID!, $u: Date!) { updatePartner(id: $id, input: {agreementValidUntil: $u}) { id } }`, map[string]any{"id": short, "u": date(90)}, nil)
		// Once the session is over, its history keeps the partner it had.
		a.ok(`mutation($id: ID!) { updateSession(id: $id, input: {status: COMPLETED}) { id } }`, map[string]any{"id": s}, nil)
		a.ok(`mutation($id: ID!, $p: ID!) { updateProgram(id: $id, input: {removePartnerIDs: [$p]}) { id } }`, map[string]any{"id": prog, "p": short}, nil)

		// Assessments are not dated after today (WIB); today's are kept
		// and stay the current level.
		t.Run("assessments", func(t *testing.T) {
			a := a.on(t)
			const assess = `mutation($e: ID!, $c: ID!, $l: Int!, $on: Date!) { createAssessment(input: {employeeID: $e, competencyID: $c, level: $l, assessedOn: $on, source: ASSESSMENT_CENTER}) { id } }`
			emp := f.employees[0]
			today := a.id(assess, map[string]any{"e": emp, "c": f.competency, "l": 1, "on": date(0)})
			for _, as := range []context.Context{admin(), hrCtx(t, f.agency)} {
				refusedOn(t, a, a.audits(), a.doCtx(as, assess, map[string]any{"e": emp, "c": f.competency, "l": 5, "on": date(2)}),
					"BAD_USER_INPUT", "assessedOn", "an assessment is not dated in the future")
			}
			refusedOn(t, a, a.audits(), a.do(`mutation($id: ID!, $on: Date!) { updateAssessment(id: $id, input: {assessedOn: $on}) { id } }`,
				map[string]any{"id": today, "on": date(400)}), "BAD_USER_INPUT", "assessedOn", "in the future")
			var gaps struct {
				Node struct{ CompetencyGaps []struct{ CurrentLevel int } }
			}
			a.ok(`query($id: ID!) { node(id: $id) { ... on Employee { competencyGaps { currentLevel } } } }`, map[string]any{"id": emp}, &gaps)
			if g := gaps.Node.CompetencyGaps; len(g) != 1 || g[0].CurrentLevel != 1 {
				t.Errorf("gaps %+v, want the current level of today's assessment (1)", g)
			}
			// The rule reads the injected clock, whatever the writer.
			then := time.Date(2020, 6, 1, 0, 0, 0, 0, time.UTC)
			imp := a.db.Client.WithRules(rules.Importer(func() time.Time { return then }))
			err := imp.Assessment.Create().SetEmployeeID(rawID(t, emp)).SetCompetencyID(rawID(t, f.competency)).
				SetLevel(2).SetSource("SELF").SetAssessedOn(then.AddDate(0, 0, 1)).Exec(admin())
			if fe, ok := fault.As(err); !ok || fe.Code != fault.BadInput || fe.Field != "assessedOn" {
				t.Errorf("an assessment after the injected clock: %v", err)
			}
		})
	})
}
