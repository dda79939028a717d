package graph_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"kembang/internal/access"
	"kembang/internal/viewer"
)

// auditRecord is an audit record as the API returns it.
type auditRecord struct {
	Subject, Role, Operation, Action, EntityType, EntityID, RequestID string
	Changes                                                           []struct {
		Field    string
		Old, New *string
	}
}

// change returns the change of field f, or fails.
func (r auditRecord) change(t *testing.T, f string) (old, new string) {
	t.Helper()
	for _, c := range r.Changes {
		if c.Field == f {
			if c.Old != nil {
				old = *c.Old
			}
			if c.New != nil {
				new = *c.New
			}
			return old, new
		}
	}
	t.Fatalf("no change of %s in %+v", f, r.Changes)
	return "", ""
}

// trail returns the audit records of an entity, oldest first.
func (a *api) trail(entityID string) []auditRecord {
	a.t.Helper()
	var out struct {
		AuditRecords struct {
			Edges []struct{ Node auditRecord }
		}
	}
	a.ok(`query($id: ID!) { auditRecords(first: 100, where: {entityID: $id}, orderBy: [{field: AT}]) {
		edges { node { subject role operation action entityType entityID requestID changes { field old new } } } } }`,
		map[string]any{"id": entityID}, &out)
	rs := make([]auditRecord, 0, len(out.AuditRecords.Edges))
	for _, e := range out.AuditRecords.Edges {
		rs = append(rs, e.Node)
	}
	return rs
}

func TestAuditTrail(t *testing.T) {
	forEachStore(t, func(t *testing.T, a *api) {
		f := build(t, a)
		hr := viewer.Viewer{Subject: "siti@kemuningkab.go.id", Role: viewer.HROfficer, AgencyID: rawID(t, f.agency)}
		ctx := context.WithValue(viewer.NewContext(context.Background(), hr), requestIDKey{}, "req-audit-1")

		// An update by an HR officer: who, what, in which request, the old
		// and new values of the changed fields only.
		emp := f.employees[0]
		if r := a.doCtx(ctx, `mutation($id: ID!) { updateEmployee(id: $id, input: {fullName: "Dewi Lestari, S.Kep.", email: "dewi@kemuningkab.go.id", golongan: III_A}) { id } }`,
			map[string]any{"id": emp}); len(r.Errors) > 0 {
			t.Fatalf("update: %+v", r.Errors)
		}
		rs := a.trail(emp)
		if len(rs) != 2 || rs[0].Action != "CREATE" || rs[0].Operation != "createEmployee" || rs[0].Subject != "test:admin" {
			t.Fatalf("trail of the employee = %+v, want its creation then the update", rs)
		}
		u := rs[1]
		if u.Action != "UPDATE" || u.Operation != "updateEmployee" || u.Subject != hr.Subject || u.Role != "HR_OFFICER" ||
			u.EntityType != "Employee" || u.EntityID != emp || u.RequestID != "req-audit-1" {
			t.Errorf("update record = %+v", u)
		}
		if old, new := u.change(t, "full_name"); old != `"Dewi Lestari"` || new != `"Dewi Lestari, S.Kep."` {
			t.Errorf("full_name: %s -> %s", old, new)
		}
		if old, new := u.change(t, "email"); old != `"pegawai0@kemuningkab.go.id"` || new != `"dewi@kemuningkab.go.id"` {
			t.Errorf("email: %s -> %s", old, new)
		}
		for _, c := range u.Changes {
			if c.Field == "golongan" {
				t.Errorf("golongan was set to its old value, yet recorded: %+v", c)
			}
		}

		// A creation records every field set; references are API IDs.
		if _, new := rs[0].change(t, "agency_id"); new != `"`+f.agency+`"` {
			t.Errorf("agency_id recorded as %s, want the agency's API ID %s", new, f.agency)
		}

		// A deletion records the values the row had.
		unit := a.id(`mutation($a: ID!) { createUnit(input: {code: "TMP", name: "Unit Sementara", agencyID: $a}) { id } }`, map[string]any{"a": f.agency})
		a.ok(`mutation($id: ID!) { deleteUnit(id: $id) }`, map[string]any{"id": unit}, nil)
		rs = a.trail(unit)
		if len(rs) != 2 || rs[1].Action != "DELETE" || rs[1].Operation != "deleteUnit" {
			t.Fatalf("trail of the deleted unit = %+v", rs)
		}
		if old, new := rs[1].change(t, "name"); old != `"Unit Sementara"` || new != "" {
			t.Errorf("deleted name: %s -> %s", old, new)
		}

		// Workflow mutations are recorded with their consequences: a
		// withdrawal that promotes the first of the waitlist writes both.
		var enr struct{ Enroll struct{ ID, Status string } }
		s := a.id(`mutation($p: ID!) { createSession(input: {programID: $p, name: "Angkatan Audit", startsAt: "2027-03-01T08:00:00Z", endsAt: "2027-03-03T16:00:00Z", capacity: 1, status: OPEN}) { id } }`,
			map[string]any{"p": f.program})
		a.ok(`mutation($s: ID!, $e: ID!) { enroll(sessionId: $s, employeeId: $e) { id status } }`, map[string]any{"s": s, "e": f.employees[3]}, &enr)
		first := enr.Enroll.ID
		a.ok(`mutation($s: ID!, $e: ID!) { enroll(sessionId: $s, employeeId: $e) { id status } }`, map[string]any{"s": s, "e": f.employees[4]}, &enr)
		if enr.Enroll.Status != "WAITLISTED" {
			t.Fatalf("second enrollment %+v, want WAITLISTED", enr.Enroll)
		}
		a.ok(`mutation($id: ID!) { withdraw(enrollmentId: $id) { id } }`, map[string]any{"id": first}, nil)
		rs = a.trail(enr.Enroll.ID)
		if len(rs) != 2 || rs[1].Operation != "withdraw" {
			t.Fatalf("trail of the promoted enrollment = %+v", rs)
		}
		if old, new := rs[1].change(t, "status"); old != `"WAITLISTED"` || new != `"REGISTERED"` {
			t.Errorf("promotion recorded as %s -> %s", old, new)
		}
	})
}

// TestAuditTrailAtomic checks that a mutation that fails leaves no audit
// record, even when it had written rows (and their records) before
// failing: they share its transaction.
func TestAuditTrailAtomic(t *testing.T) {
	forEachStore(t, func(t *testing.T, a *api) {
		f := build(t, a)
		s := a.id(`mutation($p: ID!) { createSession(input: {programID: $p, name: "Angkatan Nominasi", startsAt: "2027-04-05T08:00:00Z", endsAt: "2027-04-07T16:00:00Z", capacity: 10, status: OPEN}) { id } }`,
			map[string]any{"p": f.program})
		count := func() int {
			var out struct{ AuditRecords struct{ TotalCount int } }
			a.ok(`{ auditRecords(where: {entityType: "Enrollment", operation: "nominate"}) { totalCount } }`, nil, &out)
			return out.AuditRecords.TotalCount
		}
		// The second nomination of the same employee fails after the first
		// was written.
		r := a.do(`mutation($s: ID!, $e: ID!) { nominate(sessionId: $s, employeeIds: [$e, $e]) { id } }`, map[string]any{"s": s, "e": f.employees[3]})
		if len(r.Errors) == 0 {
			t.Fatal("nominating an employee twice succeeded")
		}
		if n := count(); n != 0 {
			t.Errorf("failed nominate left %d audit records", n)
		}
		// A refused mutation leaves none either.
		analyst := viewer.NewContext(context.Background(), viewer.Viewer{Subject: "an", Role: viewer.Analyst})
		if r := a.doCtx(analyst, `mutation { createCompetency(input: {code: "X.99", name: "Tidak Boleh", type: TECHNICAL}) { id } }`, nil); r.code() != "FORBIDDEN" {
			t.Fatalf("analyst create: %+v, want FORBIDDEN", r.Errors)
		}
		var out struct{ AuditRecords struct{ TotalCount int } }
		a.ok(`{ auditRecords(where: {entityType: "Competency", subject: "an"}) { totalCount } }`, nil, &out)
		if out.AuditRecords.TotalCount != 0 {
			t.Errorf("refused create left %d audit records", out.AuditRecords.TotalCount)
		}
		// Succeeding nominations are recorded, one record per enrollment.
		a.ok(`mutation($s: ID!, $e: ID!, $g: ID!) { nominate(sessionId: $s, employeeIds: [$e, $g]) { id } }`,
			map[string]any{"s": s, "e": f.employees[3], "g": f.employees[4]}, nil)
		if n := count(); n != 2 {
			t.Errorf("nominate of two recorded %d times", n)
		}
	})
}

// TestAuditTrailImmutable checks that nobody reads the trail but ADMIN,
// that the API has no way to change it, and that even the server's own
// code cannot change or delete a record.
func TestAuditTrailImmutable(t *testing.T) {
	forEachStore(t, func(t *testing.T, a *api) {
		build(t, a)
		for _, v := range []viewer.Viewer{
			{Subject: "an", Role: viewer.Analyst},
			{Subject: "hr", Role: viewer.HROfficer, AgencyID: 1},
			{Subject: "p", Role: viewer.Partner, PartnerID: 1},
		} {
			var out struct{ AuditRecords struct{ TotalCount int } }
			r := a.doCtx(viewer.NewContext(context.Background(), v), `{ auditRecords { totalCount } }`, nil)
			if err := json.Unmarshal(r.Data, &out); err != nil || out.AuditRecords.TotalCount != 0 {
				t.Errorf("%s reads %d audit records (%s)", v, out.AuditRecords.TotalCount, r.Data)
			}
		}
		var schema struct {
			Type struct{ Fields []struct{ Name string } } `json:"__type"`
		}
		a.ok(`{ __type(name: "Mutation") { fields { name } } }`, nil, &schema)
		for _, fl := range schema.Type.Fields {
			if strings.Contains(strings.ToLower(fl.Name), "audit") {
				t.Errorf("the API has a mutation of the audit trail: %s", fl.Name)
			}
		}
		ctx := access.System(context.Background())
		rec := a.db.Client.AuditRecord.Query().FirstX(ctx)
		if err := a.db.Client.AuditRecord.UpdateOne(rec).Exec(ctx); err == nil {
			t.Error("an audit record was changed")
		}
		if err := a.db.Client.AuditRecord.DeleteOne(rec).Exec(ctx); err == nil || errors.Is(err, context.Canceled) {
			t.Error("an audit record was deleted")
		}
	})
}
