package graph_test

import (
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"entgo.io/ent/dialect"

	"kembang/ent"
	"kembang/ent/developmentplan"
	entenrollment "kembang/ent/enrollment"
	"kembang/ent/planitem"
	"kembang/internal/domain/plan"
	"kembang/internal/fault"
	"kembang/internal/rules"
)

// planState is a plan as the workflow tests read it.
type planState struct {
	Status       string
	ReturnReason string
	SubmittedAt  *time.Time
	DecidedAt    *time.Time
}

// planFields selects planState.
const planFields = `status returnReason submittedAt decidedAt`

// newPlan creates a DRAFT plan of the fixture agency with one item and
// returns the ids of both.
func newPlan(t *testing.T, a *api, f fixture, year int) (id, item string) {
	t.Helper()
	var out struct{ CreateDevelopmentPlan struct{ ID, Status string } }
	a.ok(`mutation($a: ID!, $y: Int!) { createDevelopmentPlan(input: {agencyID: $a, year: $y}) { id status } }`,
		map[string]any{"a": f.agency, "y": year}, &out)
	if out.CreateDevelopmentPlan.Status != "DRAFT" {
		t.Fatalf("new plan is %s, want DRAFT", out.CreateDevelopmentPlan.Status)
	}
	id = out.CreateDevelopmentPlan.ID
	return id, addPlanItem(t, a, id, f.competency, "LEADERSHIP_TRAINING", 10, 180, 150_000_000)
}

// addPlanItem adds an item to a plan through the API.
func addPlanItem(t *testing.T, a *api, plan, comp, form string, heads int, jp float64, budget int) string {
	t.Helper()
	route := "CLASSICAL"
	if form == "COACHING" {
		route = "NON_CLASSICAL"
	}
	return a.id(`mutation($p: ID!, $c: ID!, $r: PlanItemRoute!, $f: PlanItemForm!, $h: Int!, $jp: Float!, $b: Int!) {
		createPlanItem(input: {planID: $p, competencyID: $c, targetGroup: "Pengawas di Dinas Kesehatan", headCount: $h, route: $r, form: $f, plannedQuarter: 2, plannedJp: $jp, budget: $b}) { id } }`,
		map[string]any{"p": plan, "c": comp, "r": route, "f": form, "h": heads, "jp": jp, "b": budget})
}

// decide runs submitPlan, approvePlan or returnPlan (with reason) on a
// plan and returns the response and the plan it returned.
func decide(t *testing.T, a *api, op, id, reason string) (response, planState) {
	t.Helper()
	q := `mutation($id: ID!) { ` + op + `(id: $id) { ` + planFields + ` } }`
	vars := map[string]any{"id": id}
	if op == "returnPlan" {
		q = `mutation($id: ID!, $r: String!) { returnPlan(id: $id, reason: $r) { ` + planFields + ` } }`
		vars["r"] = reason
	}
	r := a.do(q, vars)
	var out map[string]planState
	if len(r.Errors) == 0 {
		if err := json.Unmarshal(r.Data, &out); err != nil {
			t.Fatal(err)
		}
	}
	return r, out[op]
}

// planOf reads a plan.
func planOf(t *testing.T, a *api, id string) planState {
	t.Helper()
	var out struct{ Node planState }
	a.ok(`query($id: ID!) { node(id: $id) { ... on DevelopmentPlan { `+planFields+` } } }`, map[string]any{"id": id}, &out)
	return out.Node
}

// TestPlanWorkflow walks a plan through every transition, legal and
// illegal, through the API.
func TestPlanWorkflow(t *testing.T) {
	forEachStore(t, func(t *testing.T, a *api) {
		f := build(t, a)
		id, item := newPlan(t, a, f, 2027)

		// DRAFT: neither approved nor returned.
		r, _ := decide(t, a, "approvePlan", id, "")
		refused(t, r, "CONFLICT", "cannot approve a plan that is DRAFT (allowed from SUBMITTED)")
		r, _ = decide(t, a, "returnPlan", id, "Belum lengkap")
		refused(t, r, "CONFLICT", "cannot return a plan that is DRAFT (allowed from SUBMITTED)")

		// DRAFT -> SUBMITTED.
		r, p := decide(t, a, "submitPlan", id, "")
		if len(r.Errors) > 0 || p.Status != "SUBMITTED" || p.SubmittedAt == nil || p.DecidedAt != nil {
			t.Fatalf("submit DRAFT: %+v %+v", r.Errors, p)
		}
		firstSubmission := *p.SubmittedAt
		r, _ = decide(t, a, "submitPlan", id, "")
		refused(t, r, "CONFLICT", "the plan is already SUBMITTED")

		// Returning needs a reason.
		for _, reason := range []string{"", "  \n"} {
			r, _ = decide(t, a, "returnPlan", id, reason)
			if r.code() != "BAD_USER_INPUT" || r.field() != "reason" {
				t.Errorf("return with reason %q: %+v, want BAD_USER_INPUT on reason", reason, r.Errors)
			}
		}
		if got := planOf(t, a, id); got.Status != "SUBMITTED" || got.ReturnReason != "" {
			t.Errorf("after refused returns: %+v", got)
		}

		// SUBMITTED -> RETURNED, with the reason trimmed.
		r, p = decide(t, a, "returnPlan", id, "  Anggaran melebihi pagu indikatif. ")
		if len(r.Errors) > 0 || p.Status != "RETURNED" || p.ReturnReason != "Anggaran melebihi pagu indikatif." || p.DecidedAt == nil {
			t.Fatalf("return SUBMITTED: %+v %+v", r.Errors, p)
		}
		r, _ = decide(t, a, "approvePlan", id, "")
		refused(t, r, "CONFLICT", "cannot approve a plan that is RETURNED (allowed from SUBMITTED)")
		r, _ = decide(t, a, "returnPlan", id, "Lagi")
		refused(t, r, "CONFLICT", "the plan is already RETURNED")

		// A returned plan is corrected...
		a.ok(`mutation($id: ID!) { updatePlanItem(id: $id, input: {headCount: 8, budget: 120000000}) { id } }`, map[string]any{"id": item}, nil)

		// ... and RETURNED -> SUBMITTED again: submittedAt moves on, the
		// reason stays on record.
		time.Sleep(10 * time.Millisecond)
		r, p = decide(t, a, "submitPlan", id, "")
		if len(r.Errors) > 0 || p.Status != "SUBMITTED" || p.SubmittedAt == nil || !p.SubmittedAt.After(firstSubmission) ||
			p.ReturnReason != "Anggaran melebihi pagu indikatif." {
			t.Fatalf("resubmit RETURNED: %+v %+v (first submission %s)", r.Errors, p, firstSubmission)
		}

		// SUBMITTED -> APPROVED, which is final.
		r, p = decide(t, a, "approvePlan", id, "")
		if len(r.Errors) > 0 || p.Status != "APPROVED" || p.DecidedAt == nil {
			t.Fatalf("approve SUBMITTED: %+v %+v", r.Errors, p)
		}
		r, _ = decide(t, a, "submitPlan", id, "")
		refused(t, r, "CONFLICT", "cannot submit a plan that is APPROVED (APPROVED is final; allowed from DRAFT or RETURNED)")
		r, _ = decide(t, a, "returnPlan", id, "Terlambat")
		refused(t, r, "CONFLICT", "cannot return a plan that is APPROVED (APPROVED is final; allowed from SUBMITTED)")
		r, _ = decide(t, a, "approvePlan", id, "")
		refused(t, r, "CONFLICT", "the plan is already APPROVED")
		if got := planOf(t, a, id); got.Status != "APPROVED" {
			t.Errorf("final status %s, want APPROVED", got.Status)
		}

		// An id that is no plan.
		r, _ = decide(t, a, "submitPlan", f.agency, "")
		if r.code() != "NOT_FOUND" {
			t.Errorf("submit an agency: %+v, want NOT_FOUND", r.Errors)
		}
	})
}

// TestApprovedPlanFrozen checks that nothing changes on an approved
// plan, through the API and through the ent client (bulk operations
// included), while a draft plan stays editable.
func TestApprovedPlanFrozen(t *testing.T) {
	forEachStore(t, func(t *testing.T, a *api) {
		f := build(t, a)
		id, item := newPlan(t, a, f, 2027)
		draft, draftItem := newPlan(t, a, f, 2028)
		for _, op := range []string{"submitPlan", "approvePlan"} {
			if r, _ := decide(t, a, op, id, ""); len(r.Errors) > 0 {
				t.Fatalf("%s: %+v", op, r.Errors)
			}
		}

		const frozen = "a plan that is APPROVED (an approved plan is frozen)"
		r := a.do(`mutation($p: ID!, $c: ID!) { createPlanItem(input: {planID: $p, competencyID: $c, targetGroup: "Semua pegawai", headCount: 5, route: NON_CLASSICAL, form: COACHING, plannedQuarter: 3, plannedJp: 8, budget: 0}) { id } }`,
			map[string]any{"p": id, "c": f.competency})
		refused(t, r, "CONFLICT", "cannot add an item to "+frozen)
		r = a.do(`mutation($id: ID!) { updatePlanItem(id: $id, input: {headCount: 99}) { id } }`, map[string]any{"id": item})
		refused(t, r, "CONFLICT", "cannot change an item of "+frozen)
		r = a.do(`mutation($id: ID!) { deletePlanItem(id: $id) }`, map[string]any{"id": item})
		refused(t, r, "CONFLICT", "cannot delete an item of "+frozen)

		// The item is as it was.
		var it struct{ Node struct{ HeadCount int } }
		a.ok(`query($id: ID!) { node(id: $id) { ... on PlanItem { headCount } } }`, map[string]any{"id": item}, &it)
		if it.Node.HeadCount != 10 {
			t.Errorf("frozen item head count = %d, want 10", it.Node.HeadCount)
		}

		// Bulk writes through the ent client obey too.
		ctx := admin()
		c := a.db.Client
		planID := rawID(t, id)
		isFrozen := func(what string, err error) {
			t.Helper()
			if f, ok := fault.As(err); !ok || f.Code != fault.Conflict || !errors.Is(err, plan.ErrFrozen) {
				t.Errorf("%s: %v, want a CONFLICT for a frozen plan", what, err)
			}
		}
		_, err := c.PlanItem.Update().Where(planitem.PlanID(planID)).SetHeadCount(1).Save(ctx)
		isFrozen("bulk item update", err)
		_, err = c.PlanItem.Delete().Where(planitem.PlanID(planID)).Exec(ctx)
		isFrozen("bulk item delete", err)
		_, err = c.DevelopmentPlan.Update().Where(developmentplan.ID(planID)).ClearItems().Save(ctx)
		isFrozen("bulk plan update", err)
		_, err = c.DevelopmentPlan.Delete().Where(developmentplan.ID(planID)).Exec(ctx)
		isFrozen("bulk plan delete", err)

		// An approved plan cannot be deleted, even without items (with
		// items, the foreign key refuses anyway).
		empty := a.id(`mutation($a: ID!) { createDevelopmentPlan(input: {agencyID: $a, year: 2029}) { id } }`, map[string]any{"a": f.agency})
		for _, op := range []string{"submitPlan", "approvePlan"} {
			if r, _ := decide(t, a, op, empty, ""); len(r.Errors) > 0 {
				t.Fatalf("%s: %+v", op, r.Errors)
			}
		}
		r = a.do(`mutation($id: ID!) { deleteDevelopmentPlan(id: $id) }`, map[string]any{"id": empty})
		refused(t, r, "CONFLICT", "cannot delete "+frozen)

		// A draft plan stays editable, items and all.
		a.ok(`mutation($id: ID!) { updatePlanItem(id: $id, input: {headCount: 12}) { id } }`, map[string]any{"id": draftItem}, nil)
		a.ok(`mutation($id: ID!) { deletePlanItem(id: $id) }`, map[string]any{"id": draftItem}, nil)
		a.ok(`mutation($id: ID!) { deleteDevelopmentPlan(id: $id) }`, map[string]any{"id": draft}, nil)
	})
}

// TestPlanWorkflowFields checks that the workflow fields are written
// only by the workflow, and that imports bypass it.
func TestPlanWorkflowFields(t *testing.T) {
	forEachStore(t, func(t *testing.T, a *api) {
		f := build(t, a)
		ctx := admin()
		c := a.db.Client
		agency := rawID(t, f.agency)
		// Each case has a year of its own, so that a wrongly accepted
		// create does not hide the next one behind the unique index.
		year := 2030
		create := func() *ent.DevelopmentPlanCreate {
			year++
			return c.DevelopmentPlan.Create().SetAgencyID(agency).SetYear(year)
		}
		for _, tt := range []struct {
			name string
			q    *ent.DevelopmentPlanCreate
		}{
			{"approved", create().SetStatus(developmentplan.StatusAPPROVED)},
			{"submitted", create().SetStatus(developmentplan.StatusSUBMITTED)},
			{"with submittedAt", create().SetSubmittedAt(time.Now())},
			{"with decidedAt", create().SetDecidedAt(time.Now())},
			{"with a return reason", create().SetReturnReason("Tidak sesuai")},
		} {
			if _, err := tt.q.Save(ctx); faultCode(err) != fault.BadInput {
				t.Errorf("create a plan %s: %v, want BAD_USER_INPUT", tt.name, err)
			}
		}
		p := create().SaveX(ctx)
		if _, err := c.DevelopmentPlan.UpdateOne(p).SetReturnReason("Catatan").Save(ctx); faultCode(err) != fault.BadInput {
			t.Errorf("set a return reason without returning: %v, want BAD_USER_INPUT", err)
		}
		if _, err := c.DevelopmentPlan.UpdateOne(p).SetDecidedAt(time.Now()).Save(ctx); faultCode(err) != fault.BadInput {
			t.Errorf("set decidedAt directly: %v, want BAD_USER_INPUT", err)
		}
		if _, err := c.DevelopmentPlan.Update().Where(developmentplan.ID(p.ID)).SetStatus(developmentplan.StatusSUBMITTED).Save(ctx); faultCode(err) != fault.BadInput {
			t.Errorf("bulk status change: %v, want BAD_USER_INPUT", err)
		}

		// An import writes history as it was: an approved plan with items.
		imp := c.WithRules(rules.Importer(nil))
		old := imp.DevelopmentPlan.Create().SetAgencyID(agency).SetYear(2025).SetStatus(developmentplan.StatusAPPROVED).
			SetSubmittedAt(time.Date(2024, 12, 1, 2, 0, 0, 0, time.UTC)).SetDecidedAt(time.Date(2025, 1, 10, 3, 0, 0, 0, time.UTC)).SaveX(ctx)
		imp.PlanItem.Create().SetPlanID(old.ID).SetCompetencyID(rawID(t, f.competency)).SetTargetGroup("Pengawas").SetHeadCount(4).
			SetRoute(planitem.RouteCLASSICAL).SetForm(planitem.FormLEADERSHIP_TRAINING).SetPlannedQuarter(1).SetPlannedJp(180).SetBudget(0).SaveX(ctx)
	})
}

// faultCode returns the fault code of err, or "".
func faultCode(err error) fault.Code {
	if f, ok := fault.As(err); ok {
		return f.Code
	}
	return ""
}

// TestPlanDecisionsConcurrent checks that concurrent decisions on one
// submitted plan are taken one after the other: exactly one wins, and
// the others are refused naming the state the winner left.
func TestPlanDecisionsConcurrent(t *testing.T) {
	forEachStore(t, func(t *testing.T, a *api) {
		f := build(t, a)
		id, _ := newPlan(t, a, f, 2027)
		if r, _ := decide(t, a, "submitPlan", id, ""); len(r.Errors) > 0 {
			t.Fatal(r.Errors)
		}
		const n = 12
		results := make([]response, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				op := `approvePlan(id: $id)`
				if i%2 == 1 {
					op = `returnPlan(id: $id, reason: "Perbaiki sasaran")`
				}
				results[i] = a.do(`mutation($id: ID!) { `+op+` { status } }`, map[string]any{"id": id})
			})
		}
		wg.Wait()
		won := 0
		for _, r := range results {
			switch {
			case len(r.Errors) == 0:
				won++
			case r.code() != "CONFLICT" || !(strings.Contains(r.Errors[0].Message, "APPROVED") || strings.Contains(r.Errors[0].Message, "RETURNED")):
				t.Errorf("concurrent decision: %+v, want CONFLICT naming the decided state", r.Errors)
			}
		}
		if won != 1 {
			t.Errorf("%d concurrent decisions succeeded, want 1", won)
		}
	})
}

// TestPlanLocks checks, on PostgreSQL, that a decision on a plan waits
// for another one in flight and then sees its outcome, and that an item
// change waits for an approval in flight. Without the row locks the
// second transaction would read the old status and succeed. (SQLite runs
// one transaction at a time.)
func TestPlanLocks(t *testing.T) {
	forEachStore(t, func(t *testing.T, a *api) {
		if a.db.Dialect != dialect.Postgres {
			t.Skip("SQLite runs one transaction at a time")
		}
		f := build(t, a)
		ctx := admin()
		c := a.db.Client
		// second runs write in a transaction of its own while first holds
		// the approval of plan id uncommitted, and returns its error.
		second := func(id int, write func(tx *ent.Tx) error) error {
			t.Helper()
			first, err := c.Tx(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := first.DevelopmentPlan.UpdateOneID(id).SetStatus(developmentplan.StatusAPPROVED).Save(ctx); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() {
				tx, err := c.Tx(ctx)
				if err != nil {
					done <- err
					return
				}
				if err := write(tx); err != nil {
					tx.Rollback()
					done <- err
					return
				}
				done <- tx.Commit()
			}()
			select {
			case err := <-done:
				t.Fatalf("the second transaction did not wait for the first: %v", err)
			case <-time.After(300 * time.Millisecond):
			}
			if err := first.Commit(); err != nil {
				t.Fatal(err)
			}
			return <-done
		}

		id, _ := newPlan(t, a, f, 2027)
		if r, _ := decide(t, a, "submitPlan", id, ""); len(r.Errors) > 0 {
			t.Fatal(r.Errors)
		}
		err := second(rawID(t, id), func(tx *ent.Tx) error {
			return tx.DevelopmentPlan.UpdateOneID(rawID(t, id)).SetStatus(developmentplan.StatusRETURNED).SetReturnReason("Perbaiki").Exec(ctx)
		})
		if msg := "cannot return a plan that is APPROVED"; err == nil || !strings.Contains(err.Error(), msg) {
			t.Errorf("return during an approval: %v, want %q", err, msg)
		}

		id, _ = newPlan(t, a, f, 2028)
		if r, _ := decide(t, a, "submitPlan", id, ""); len(r.Errors) > 0 {
			t.Fatal(r.Errors)
		}
		err = second(rawID(t, id), func(tx *ent.Tx) error {
			return tx.PlanItem.Create().SetPlanID(rawID(t, id)).SetCompetencyID(rawID(t, f.competency)).SetTargetGroup("Pengawas").
				SetHeadCount(4).SetRoute(planitem.RouteCLASSICAL).SetForm(planitem.FormCOURSE).SetPlannedQuarter(1).
				SetPlannedJp(16).SetBudget(0).Exec(ctx)
		})
		if !errors.Is(err, plan.ErrFrozen) {
			t.Errorf("item added during an approval: %v, want refused as frozen", err)
		}
	})
}

// actualRow is a PlanItemActual as the tests read it.
type actualRow struct {
	Item struct {
		Form       string
		Competency struct{ Code string }
	}
	PlannedHeadCount     int
	PlannedJp            float64
	Budget               int
	DeliveredHeadCount   int
	CompletedEnrollments int
	DeliveredJp          float64
}

// TestPlanActuals checks plan versus actual against a fixture computed
// by hand. The 2026 plan of Kabupaten Kemuning has three items:
//
//	Q1 M.01 WORKSHOP             5 heads  10 JP   Rp 20 000 000
//	Q2 M.01 LEADERSHIP_TRAINING 10 heads 180 JP   Rp150 000 000
//	Q3 M.02 COACHING             3 heads   8 JP   Rp  5 000 000
//
// Programs: PKP-01 (leadership, targets M.01), WS-01 (workshop, M.01),
// PKP-02 (leadership, targets M.02 only). Enrollments:
//
//	PKP-01 2026      employee 0 COMPLETED 180 JP   counts (leadership)
//	PKP-01 2026      employee 1 COMPLETED 180 JP   counts
//	PKP-01 2026      employee 2 FAILED             no: not completed
//	PKP-01 2026 (II) employee 0 COMPLETED 180 JP   counts, same employee
//	PKP-01 2025      employee 4 COMPLETED 180 JP   counts: 00:30 WIB on 1 January 2026
//	PKP-01 2025      employee 3 COMPLETED 180 JP   no: October 2025
//	PKP-01 2026      Kota Alak  COMPLETED 180 JP   no: another agency
//	PKP-02 2026      employee 1 COMPLETED  40 JP   no: does not target M.01
//	WS-01  2026      employee 2 COMPLETED  10 JP   counts (workshop)
//	WS-01  2026      employee 3 COMPLETED 10.5 JP  counts
//	WS-01  2026      employee 0 ATTENDED           no: not completed
//
// Leadership: employees 0, 1, 4 (3), 4 enrollments, 720 JP. Workshop:
// employees 2, 3, 2 enrollments, 20.5 JP. Coaching: nothing.
func TestPlanActuals(t *testing.T) {
	forEachStore(t, func(t *testing.T, a *api) {
		f := build(t, a)
		m02 := a.id(`mutation { createCompetency(input: {code: "M.02", name: "Kerja Sama", type: MANAGERIAL}) { id } }`, nil)
		var out struct{ CreateDevelopmentPlan struct{ ID string } }
		a.ok(`mutation($a: ID!) { createDevelopmentPlan(input: {agencyID: $a, year: 2026}) { id } }`, map[string]any{"a": f.agency}, &out)
		id := out.CreateDevelopmentPlan.ID
		addPlanItem(t, a, id, f.competency, "LEADERSHIP_TRAINING", 10, 180, 150_000_000)
		workshop := addPlanItem(t, a, id, f.competency, "WORKSHOP", 5, 10, 20_000_000)
		a.ok(`mutation($id: ID!) { updatePlanItem(id: $id, input: {plannedQuarter: 1}) { id } }`, map[string]any{"id": workshop}, nil)
		coaching := addPlanItem(t, a, id, m02, "COACHING", 3, 8, 5_000_000)
		a.ok(`mutation($id: ID!) { updatePlanItem(id: $id, input: {plannedQuarter: 3}) { id } }`, map[string]any{"id": coaching}, nil)

		program := func(code, form string, comp string) string {
			p := a.id(`mutation($c: String!, $f: ProgramForm!) { createProgram(input: {code: $c, title: $c, route: CLASSICAL, form: $f, deliveryMode: IN_PERSON, jp: 40, status: ACTIVE}) { id } }`,
				map[string]any{"c": code, "f": form})
			a.id(`mutation($p: ID!, $c: ID!) { createProgramCompetency(input: {programID: $p, competencyID: $c, targetLevel: 3}) { id } }`,
				map[string]any{"p": p, "c": comp})
			return p
		}
		session := func(program, name, start string) string {
			return a.id(`mutation($p: ID!, $n: String!, $s: Time!, $e: Time!) { createSession(input: {programID: $p, name: $n, startsAt: $s, endsAt: $e, capacity: 30}) { id } }`,
				map[string]any{"p": program, "n": name, "s": start, "e": start[:11] + "23:00:00Z"})
		}
		ws := session(program("WS-01", "WORKSHOP", f.competency), "Lokakarya 2026", "2026-07-06T01:00:00Z")
		pkp02 := session(program("PKP-02", "LEADERSHIP_TRAINING", m02), "Angkatan I", "2026-05-04T01:00:00Z")
		pkp2025 := session(f.program, "Angkatan 2025", "2025-10-06T01:00:00Z")
		pkpII := session(f.program, "Angkatan II", "2026-09-07T01:00:00Z")
		alak := f.m.agency("ALK", "Pemerintah Kota Alak", "Alak")
		outsider := f.m.mk(createEmpQ, with(f.m.employeeIn(alak, ""), map[string]any{
			"nip": "198202022008011009", "fullName": "Joko Susilo", "golongan": nil, "email": nil, "phone": nil}))

		// History is imported: the enrollment rules refuse completions
		// written directly.
		ctx := admin()
		c := a.db.Client.WithRules(rules.Importer(nil))
		e := f.employees
		enrol := func(emp, sess string, status entenrollment.Status, completed string, jp float64) {
			t.Helper()
			q := c.Enrollment.Create().SetEmployeeID(rawID(t, emp)).SetSessionID(rawID(t, sess)).SetStatus(status)
			if completed != "" {
				at, err := time.Parse(time.RFC3339, completed)
				if err != nil {
					t.Fatal(err)
				}
				q.SetCompletedAt(at).SetJpCredited(jp)
			}
			q.SaveX(ctx)
		}
		// The base fixture registered employees 0–2 in PKP-01's March 2026
		// session (ending 6 March, 16:00 UTC): their outcomes.
		c.Enrollment.Update().Where(entenrollment.SessionID(rawID(t, f.session)), entenrollment.EmployeeIDIn(rawID(t, e[0]), rawID(t, e[1]))).
			SetStatus(entenrollment.StatusCOMPLETED).SetCompletedAt(time.Date(2026, 3, 6, 17, 0, 0, 0, time.UTC)).SetJpCredited(180).ExecX(ctx)
		c.Enrollment.Update().Where(entenrollment.SessionID(rawID(t, f.session)), entenrollment.EmployeeID(rawID(t, e[2]))).
			SetStatus(entenrollment.StatusFAILED).ExecX(ctx)
		enrol(e[0], pkpII, entenrollment.StatusCOMPLETED, "2026-09-11T09:00:00Z", 180)
		enrol(e[4], pkp2025, entenrollment.StatusCOMPLETED, "2025-12-31T17:30:00Z", 180)
		enrol(e[3], pkp2025, entenrollment.StatusCOMPLETED, "2025-10-10T09:00:00Z", 180)
		enrol(outsider, f.session, entenrollment.StatusCOMPLETED, "2026-03-06T17:00:00Z", 180)
		enrol(e[1], pkp02, entenrollment.StatusCOMPLETED, "2026-05-08T09:00:00Z", 40)
		enrol(e[2], ws, entenrollment.StatusCOMPLETED, "2026-07-06T23:00:00Z", 10) // as the workshop ends
		enrol(e[3], ws, entenrollment.StatusCOMPLETED, "2026-07-07T02:00:00Z", 10.5)
		enrol(e[0], ws, entenrollment.StatusATTENDED, "", 0)

		var got struct {
			Node struct{ Actuals []actualRow }
		}
		q := `query($id: ID!) { node(id: $id) { ... on DevelopmentPlan { actuals {
			item { form competency { code } } plannedHeadCount plannedJp budget deliveredHeadCount completedEnrollments deliveredJp } } } }`
		a.ok(q, map[string]any{"id": id}, &got)
		type row struct {
			form, comp                   string
			heads                        int
			jp                           float64
			budget, delivered, completed int
			deliveredJP                  float64
		}
		want := []row{
			{"WORKSHOP", "M.01", 5, 10, 20_000_000, 2, 2, 20.5},
			{"LEADERSHIP_TRAINING", "M.01", 10, 180, 150_000_000, 3, 4, 720},
			{"COACHING", "M.02", 3, 8, 5_000_000, 0, 0, 0},
		}
		if len(got.Node.Actuals) != len(want) {
			t.Fatalf("actuals = %+v, want %+v", got.Node.Actuals, want)
		}
		for i, w := range want {
			g := got.Node.Actuals[i]
			if g.Item.Form != w.form || g.Item.Competency.Code != w.comp || g.PlannedHeadCount != w.heads || g.PlannedJp != w.jp ||
				g.Budget != w.budget || g.DeliveredHeadCount != w.delivered || g.CompletedEnrollments != w.completed || g.DeliveredJp != w.deliveredJP {
				t.Errorf("actual %d = %+v, want %+v", i, g, w)
			}
		}

		// A plan without items has no actuals.
		empty := a.id(`mutation($a: ID!) { createDevelopmentPlan(input: {agencyID: $a, year: 2027}) { id } }`, map[string]any{"a": f.agency})
		a.ok(q, map[string]any{"id": empty}, &got)
		if len(got.Node.Actuals) != 0 {
			t.Errorf("actuals of an empty plan = %+v", got.Node.Actuals)
		}
	})
}
