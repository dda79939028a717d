package graph_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"kembang/ent"
	"kembang/ent/agency"
	"kembang/ent/employee"
	"kembang/ent/gid"
	"kembang/ent/unit"
	"kembang/internal/viewer"
)

// TestNodesAnswerAsNode checks that nodes(ids:) answers each ID as
// node(id:) does, for every role: the row, FORBIDDEN for a row the viewer
// may not read, NOT_FOUND (with the ID as sent) for an ID of no row
// (issue 15, item 5).
func TestNodesAnswerAsNode(t *testing.T) {
	forEachStore(t, func(t *testing.T, a *api) {
		sys := seedDemo(t, a, 40)
		c := a.db.Client
		ags := c.Agency.Query().Order(ent.Asc(agency.FieldID)).AllX(sys)
		home, other := ags[len(ags)-1], ags[0]
		mine := c.Employee.Query().Where(employee.AgencyID(home.ID)).FirstX(sys)
		theirs := c.Employee.Query().Where(employee.AgencyID(other.ID)).FirstX(sys)
		ids := []string{gid.Encode(mine.ID), gid.Encode(theirs.ID), gid.Encode(theirs.ID + 1<<20), gid.Encode(home.ID)}
		for _, v := range []viewer.Viewer{
			{Subject: "hr", Role: viewer.HROfficer, AgencyID: home.ID},
			{Subject: "e", Role: viewer.Employee, EmployeeID: mine.ID},
			{Subject: "an", Role: viewer.Analyst},
			{},
		} {
			ctx := viewer.NewContext(context.Background(), v)
			var want []string
			for _, id := range ids {
				r := a.doCtx(ctx, `query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": id})
				want = append(want, r.code())
			}
			r := a.doCtx(ctx, `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, map[string]any{"ids": ids})
			got := make([]string, len(ids))
			for _, e := range r.Errors {
				if len(e.Path) != 2 {
					t.Fatalf("%s: nodes error %+v", v.Role, e)
				}
				i := int(e.Path[1].(float64))
				got[i], _ = e.Extensions["code"].(string)
				if got[i] == "NOT_FOUND" && !contains([]byte(e.Message), ids[i]) {
					t.Errorf("%s: NOT_FOUND message %q does not show the ID sent", v.Role, e.Message)
				}
			}
			for i := range ids {
				if got[i] != want[i] {
					t.Errorf("%s: nodes answers %q for ID %d, node answers %q", v.Role, got[i], i, want[i])
				}
			}
			if v.Role == viewer.HROfficer && (want[0] != "" || want[1] != "FORBIDDEN" || want[2] != "NOT_FOUND") {
				t.Errorf("HR: node answers %q", want)
			}
		}
	})
}

// TestUnitCycleEndsTheReport checks that a unit cycle written around the
// storage rules (which refuse one) does not make the gap summary run
// forever: the walk of the tree visits each unit once, and a request
// whose deadline has passed ends (issue 15, item 7).
func TestUnitCycleEndsTheReport(t *testing.T) {
	forEachStore(t, func(t *testing.T, a *api) {
		sys := seedDemo(t, a, 40)
		c := a.db.Client
		ag := c.Agency.Query().Order(ent.Asc(agency.FieldID)).FirstX(sys)
		units := c.Unit.Query().Where(unit.AgencyID(ag.ID)).Order(ent.Asc(unit.FieldID)).AllX(sys)
		if len(units) < 2 {
			t.Fatalf("%d units", len(units))
		}
		// The root becomes the child of its own child.
		root, child := units[0], units[1]
		q := `UPDATE units SET parent_id = $1 WHERE id = $2`
		if a.db.Dialect == "sqlite3" {
			q = `UPDATE units SET parent_id = ? WHERE id = ?`
		}
		if _, err := a.db.SQL.ExecContext(context.Background(), q, child.ID, root.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := a.db.SQL.ExecContext(context.Background(), q, root.ID, child.ID); err != nil {
			t.Fatal(err)
		}
		vars := map[string]any{"a": gid.Encode(ag.ID), "u": gid.Encode(root.ID)}
		const summary = `query($a: ID!, $u: ID) { competencyGapSummary(agencyId: $a, unitId: $u) { employees } }`
		done := make(chan response, 1)
		go func() { done <- a.doCtx(admin(), summary, vars) }()
		select {
		case r := <-done:
			var out struct{ CompetencyGapSummary []struct{ Employees int } }
			if len(r.Errors) > 0 || json.Unmarshal(r.Data, &out) != nil {
				t.Errorf("summary over a cycle: %s %+v", r.Data, r.Errors)
			}
		case <-time.After(time.Minute):
			t.Fatal("the summary over a unit cycle did not end")
		}
		// A request whose deadline has passed ends with a clean error.
		ctx, cancel := context.WithTimeout(admin(), time.Nanosecond)
		defer cancel()
		<-ctx.Done()
		if r := a.doCtx(ctx, summary, vars); len(r.Errors) == 0 {
			t.Errorf("a request past its deadline answered %s", r.Data)
		} else if code := r.code(); code == "INTERNAL_SERVER_ERROR" {
			t.Errorf("a request past its deadline: %+v", r.Errors)
		}
	})
}
