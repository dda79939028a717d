package store_test

import (
	"context"
	"strings"
	"testing"

	"kembang/ent"
	"kembang/ent/gid"
	"kembang/ent/partner"
	"kembang/internal/access"
	"kembang/internal/audit"
	"kembang/internal/fault"
	"kembang/internal/store"
	"kembang/internal/store/storetest"
)

// TestRefs: a mutation that names a record that does not exist, or one of
// another type, is refused with NOT_FOUND before it runs, whatever client
// makes it: the fault carries the raw ID, the input field it was set in
// and a message showing the ID as clients see it.
func TestRefs(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d, func(t *testing.T) {
			ctx := audit.WithoutTrail(access.System(context.Background()))
			db := storetest.Open(t, d)
			c := db.Client
			a := newAgency(t, c, "KMN")
			e := newEmployee(t, c, a.ID, "198609262015051001")
			p, err := c.Partner.Create().SetName("Universitas Kemuning").SetKind(partner.KindUNIVERSITY).Save(ctx)
			if err != nil {
				t.Fatal(err)
			}
			prog, err := c.Program.Create().SetCode("P-1").SetTitle("Pelatihan").SetRoute("CLASSICAL").SetForm("TECHNICAL_TRAINING").
				SetDeliveryMode("IN_PERSON").SetJp(24).AddPartnerIDs(p.ID).Save(ctx)
			if err != nil {
				t.Fatal(err)
			}
			absentAgency := a.ID + 1<<20
			tests := []struct {
				name  string
				err   error
				id    int
				typ   string
				field string
			}{
				{"update of a row of another type", c.Agency.UpdateOneID(e.ID).SetName("X").Exec(ctx), e.ID, "agency", "id"},
				{"delete of a missing row", c.Agency.DeleteOneID(absentAgency).Exec(ctx), absentAgency, "agency", "id"},
				{"reference to a row of another type", c.Unit.Create().SetCode("U").SetName("U").SetAgencyID(e.ID).Exec(ctx), e.ID, "agency", "agencyID"},
				{"reference to a missing row", c.Employee.UpdateOneID(e.ID).SetAgencyID(absentAgency).Exec(ctx), absentAgency, "agency", "agencyID"},
				{"added to-many reference of another type", c.Program.UpdateOneID(prog.ID).AddPartnerIDs(a.ID).Exec(ctx), a.ID, "partner", "addPartnerIDs"},
				{"removed to-many reference of another type", c.Program.UpdateOneID(prog.ID).RemovePartnerIDs(e.ID).Exec(ctx), e.ID, "partner", "removePartnerIDs"},
				{"created to-many reference, missing", c.Program.Create().SetCode("P-2").SetTitle("Pelatihan").SetRoute("CLASSICAL").SetForm("TECHNICAL_TRAINING").
					SetDeliveryMode("IN_PERSON").SetJp(24).AddPartnerIDs(p.ID + 1<<20).Exec(ctx), p.ID + 1<<20, "partner", "partnerIDs"},
				{"API key of a missing partner", c.APIKey.Create().SetName("K").SetKeyID("k1").SetHash([]byte("h")).SetCreatedBy("t").SetPartnerID(p.ID + 7).Exec(ctx),
					p.ID + 7, "API key", "partnerID"},
			}
			for _, tt := range tests {
				f, ok := fault.As(tt.err)
				want := "no " + tt.typ + " with ID " + gid.Encode(tt.id)
				if tt.typ == "API key" {
					want = "no partner with ID " + gid.Encode(tt.id)
				}
				if !ok || f.Code != fault.NotFound || f.ID != tt.id || f.Field != tt.field || f.Msg != want {
					t.Errorf("%s: err = %#v, want NOT_FOUND %q on %s", tt.name, tt.err, want, tt.field)
				}
			}
			// Nothing was changed, and good references still work.
			if n := c.Unit.Query().CountX(ctx); n != 0 {
				t.Errorf("%d units after refused creates", n)
			}
			if err := c.Program.UpdateOneID(prog.ID).RemovePartnerIDs(p.ID).Exec(ctx); err != nil {
				t.Errorf("removing a partner: %v", err)
			}
		})
	}
}

// TestRefsCost: the check of a mutation's references costs one statement
// per table they point to, and none when they are of another type. It
// is measured alone: the storage rules of the data model (same agency,
// no loops) read rows of their own after it.
func TestRefsCost(t *testing.T) {
	db := storetest.Open(t, storetest.SQLite)
	c := db.Client
	a := newAgency(t, c, "KMN")
	e := newEmployee(t, c, a.ID, "198609262015051001")
	boss := newEmployee(t, c, a.ID, "199202292019032002")
	count := func(m ent.Mutation) int64 {
		ctx, n := store.WithCounter(audit.WithoutTrail(access.System(context.Background())))
		if err := db.CheckRefs(ctx, m); err != nil && m.Type() == "Employee" && !strings.Contains(err.Error(), "no employee") {
			t.Errorf("checking %v: %v", m.Fields(), err)
		}
		return n.Count()
	}
	update := count(c.Employee.UpdateOneID(e.ID).SetFullName("Siti").Mutation())
	withRef := count(c.Employee.UpdateOneID(e.ID).SetFullName("Siti R.").SetSupervisorID(boss.ID).Mutation())
	otherTable := count(c.Employee.UpdateOneID(e.ID).SetFullName("Siti Rahayu").SetAgencyID(a.ID).Mutation())
	foreign := count(c.Employee.UpdateOneID(a.ID).SetFullName("X").Mutation())
	if update != 1 || withRef != 1 || otherTable != 2 || foreign != 0 {
		// The supervisor is an employee, as the row updated: both are
		// looked up in one statement; the agency in another.
		t.Errorf("statements: update %d, with a reference to the same table %d, to another %d, of another type %d; want 1, 1, 2, 0",
			update, withRef, otherTable, foreign)
	}
}
