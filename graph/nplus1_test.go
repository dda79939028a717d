package graph_test

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"kembang/ent"
	"kembang/ent/employee"
	"kembang/ent/program"
	"kembang/internal/domain/nip"
	"kembang/internal/rules"
	"kembang/internal/store"
	"kembang/internal/store/storetest"
)

// populate adds n employees, each enrolled in per sessions of distinct
// programs, each program delivered by two partners.
func populate(t *testing.T, c *ent.Client, n, per int) {
	t.Helper()
	// Past sessions: the enrollments are written as an import would.
	ctx := admin()
	c = c.WithRules(rules.Importer(nil))
	ag := c.Agency.Create().SetCode("ALK").SetName("Pemerintah Kota Alak").SetRegion("Alak").SaveX(ctx)
	p1 := c.Partner.Create().SetName("Institut Teknologi Alak").SetKind("UNIVERSITY").SaveX(ctx)
	p2 := c.Partner.Create().SetName("Lembaga Administrasi Negara").SetKind("GOVERNMENT").SaveX(ctx)
	start := time.Date(2026, 2, 2, 8, 0, 0, 0, time.UTC)
	var sessions []*ent.Session
	for i := 0; i < per; i++ {
		pr := c.Program.Create().SetCode(fmt.Sprintf("P-%d", i)).SetTitle(fmt.Sprintf("Program %d", i)).
			SetRoute(program.RouteCLASSICAL).SetForm(program.FormCOURSE).SetDeliveryMode(program.DeliveryModeONLINE).
			SetJp(20).AddPartners(p1, p2).SaveX(ctx)
		sessions = append(sessions, c.Session.Create().SetProgram(pr).SetName("Angkatan I").SetStartsAt(start).
			SetEndsAt(start.Add(48*time.Hour)).SetCapacity(n+1).SaveX(ctx))
	}
	for i := 0; i < n; i++ {
		e := c.Employee.Create().SetAgency(ag).SetFullName(fmt.Sprintf("Pegawai %03d", i)).
			SetEmploymentType(employee.EmploymentTypePNS).
			SetNip(nip.Format(nip.PNS{
				BirthDate: time.Date(1980, 1, 1+i%28, 0, 0, 0, 0, time.UTC),
				Appointed: time.Date(2005, 1, 1, 0, 0, 0, 0, time.UTC),
				Sex:       nip.Male,
				Sequence:  i + 1,
			})).SaveX(ctx)
		for _, s := range sessions {
			c.Enrollment.Create().SetEmployee(e).SetSession(s).SaveX(ctx)
		}
	}
}

// TestNestedQueryStatements proves that a nested query runs a number of
// SQL statements bounded by its depth, not by the rows it returns.
func TestNestedQueryStatements(t *testing.T) {
	const q = `{ employees(first: 50, orderBy: [{field: FULL_NAME}]) { edges { node { fullName
		enrollments(first: 10) { edges { node { status session { name program { title partners { name } } } } } } } } } }`
	for _, dialect := range storetest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			counts := map[string]int64{}
			for _, size := range []struct {
				name   string
				n, per int
			}{{"small", 2, 1}, {"large", 40, 4}} {
				a := newAPI(t, dialect)
				populate(t, a.db.Client, size.n, size.per)
				ctx, counter := store.WithCounter(admin())
				var out struct {
					Employees struct {
						Edges []struct {
							Node struct {
								Enrollments struct {
									Edges []struct {
										Node struct {
											Session struct {
												Program struct {
													Partners []struct{ Name string }
												}
											}
										}
									}
								}
							}
						}
					}
				}
				r := a.doCtx(ctx, q, nil)
				if len(r.Errors) > 0 {
					t.Fatalf("%s: %+v", size.name, r.Errors)
				}
				if err := json.Unmarshal(r.Data, &out); err != nil {
					t.Fatal(err)
				}
				edges := out.Employees.Edges
				if len(edges) != size.n || len(edges[0].Node.Enrollments.Edges) != size.per ||
					len(edges[0].Node.Enrollments.Edges[0].Node.Session.Program.Partners) != 2 {
					t.Fatalf("%s: unexpected shape %+v", size.name, edges[0])
				}
				counts[size.name] = counter.Count()
			}
			if counts["small"] != counts["large"] || counts["large"] > 6 {
				t.Errorf("statements: small data %d, large data %d; want equal and at most 6 (one per level)", counts["small"], counts["large"])
			}
			t.Logf("statements per nested query: %d", counts["large"])
		})
	}
}
