package hooks_test

import (
	"testing"

	"kembang/ent/employee"
	"kembang/internal/fault"
	"kembang/internal/rules"
)

// The organisation rules with the memo of bulk imports (rules.Memo): a
// unit's agency read once is reused, and still judged on every row: a
// unit of another agency is refused each time, one of the employee's own
// accepted each time.
func TestOrgRulesWithMemo(t *testing.T) {
	each(t, func(t *testing.T, w *world) {
		other := w.c.Agency.Create().SetCode("PLJ").SetName("Pemerintah Kota Plaju").SetRegion("Plaju").SaveX(w.ctx)
		theirs := w.c.Unit.Create().SetCode("BAPPEDA").SetName("Bappeda").SetAgency(other).SaveX(w.ctx)
		ours := w.c.Unit.Create().SetCode("DINKES").SetName("Dinas Kesehatan").SetAgency(w.agency).SaveX(w.ctx)
		env := w.c.Rules
		env.Memo = rules.NewMemo()
		c := w.c.WithRules(env)
		for i, nip := range []string{"198609262015051001", "199202292019032002"} {
			_, err := c.Employee.Create().SetNip(nip).SetFullName("Pegawai").SetEmploymentType(employee.EmploymentTypePNS).
				SetAgency(w.agency).SetUnitID(theirs.ID).Save(w.ctx)
			if f, ok := fault.As(err); !ok || f.Field != "unitID" {
				t.Errorf("row %d with another agency's unit: err = %v, want a fault on unitID", i, err)
			}
			if _, err := c.Employee.Create().SetNip(nip).SetFullName("Pegawai").SetEmploymentType(employee.EmploymentTypePNS).
				SetAgency(w.agency).SetUnitID(ours.ID).Save(w.ctx); err != nil {
				t.Errorf("row %d with its agency's unit: %v", i, err)
			}
		}
	})
}
