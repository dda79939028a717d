package graph_test

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	entenrollment "kembang/ent/enrollment"
	"kembang/internal/entx/tojoin"
	"kembang/internal/rules"
	"kembang/internal/store"
	"kembang/internal/store/storetest"
	"kembang/internal/viewer"
)

// grow adds n employees to the fixture's unit and position, each enrolled
// in per new sessions of the fixture's program, written as an import would:
// the volume that must not change a query's statement count.
func grow(t *testing.T, a *api, f fixture, n, per int) {
	t.Helper()
	ctx := admin()
	c := a.db.Client.WithRules(rules.Importer(nil))
	start := time.Date(2026, 2, 2, 8, 0, 0, 0, time.UTC)
	var sessions []int
	for i := 0; i < per; i++ {
		s := c.Session.Create().SetProgramID(rawID(t, f.program)).SetPartnerID(rawID(t, f.partner)).
			SetName(fmt.Sprintf("Angkatan G%d", i)).SetStartsAt(start).SetEndsAt(start.Add(48 * time.Hour)).
			SetCapacity(n + 1).SaveX(ctx)
		sessions = append(sessions, s.ID)
	}
	for i := 0; i < n; i++ {
		e := pns(c, rawID(t, f.agency), i).SetUnitID(rawID(t, f.unit)).SetPositionID(rawID(t, f.position)).SaveX(ctx)
		for _, s := range sessions {
			c.Enrollment.Create().SetEmployeeID(e.ID).SetSessionID(s).
				SetStatus(entenrollment.StatusREGISTERED).SaveX(ctx)
		}
	}
}

// persona reads a persona query of the bench suite.
func persona(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile("../bench/queries/" + name + ".graphql")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestToOneJoinStatements proves that the persona queries dominated by
// to-one edges (unit_roster, mobile_profile) run at most their depth + 1
// statements, as many on little data as on more, once their to-one edges
// are joined in their parents' statements (internal/entx/tojoin), and
// that their responses are those of the edges' own statements
// (tojoin.Disable).
func TestToOneJoinStatements(t *testing.T) {
	for _, dialect := range storetest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			counts := map[string]int64{}
			for _, size := range []struct {
				name   string
				n, per int
			}{{"small", 0, 0}, {"large", 30, 3}} {
				a := newAPI(t, dialect)
				f := build(t, a)
				grow(t, a, f, size.n, size.per)
				for _, c := range []struct {
					query string
					vars  map[string]any
					bound int64 // depth + 1
				}{
					{"unit_roster", map[string]any{"unit": f.unit}, 4},
					{"mobile_profile", map[string]any{"id": f.employees[0]}, 5},
				} {
					q := persona(t, c.query)
					ctx, counter := store.WithCounter(admin())
					joined := a.doCtx(ctx, q, c.vars)
					n := counter.Count()
					ctx, counter = store.WithCounter(tojoin.Disable(admin()))
					apart := a.doCtx(ctx, q, c.vars)
					if len(joined.Errors) > 0 || len(apart.Errors) > 0 {
						t.Fatalf("%s, %s: errors %+v, without joins %+v", c.query, size.name, joined.Errors, apart.Errors)
					}
					if string(joined.Data) != string(apart.Data) {
						t.Errorf("%s, %s: joined\n%s\nwithout joins\n%s", c.query, size.name, joined.Data, apart.Data)
					}
					if n > c.bound {
						t.Errorf("%s, %s: %d statements, want at most %d (depth + 1)", c.query, size.name, n, c.bound)
					}
					t.Logf("%s, %s data: %d statements joined, %d without joins", c.query, size.name, n, counter.Count())
					counts[c.query+" "+size.name] = n
				}
			}
			for _, q := range []string{"unit_roster", "mobile_profile"} {
				if counts[q+" small"] != counts[q+" large"] {
					t.Errorf("%s: %d statements on small data, %d on large; want equal", q, counts[q+" small"], counts[q+" large"])
				}
			}
		})
	}
}

// TestToOneJoinPrivacy proves that a joined to-one edge obeys its
// neighbour's read rule: a partner reads the employees enrolled in its
// sessions but no unit or position (their scope is the organisation), so
// that those edges are null, with joins as without, while the agency (read
// by all) and the sessions of its enrollments come through.
func TestToOneJoinPrivacy(t *testing.T) {
	const q = `query ($id: ID!) { node(id: $id) { ... on Employee { fullName agency { name } unit { name }
		position { title requirements { requiredLevel } }
		enrollments(first: 5) { edges { node { status session { name program { title } } } } } } } }`
	for _, dialect := range storetest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			a := newAPI(t, dialect)
			f := build(t, a)
			partner := viewer.NewContext(context.Background(), viewer.Viewer{
				Subject: "test:partner", Role: viewer.Partner, PartnerID: rawID(t, f.partner)})
			vars := map[string]any{"id": f.employees[0]}
			joined := a.doCtx(partner, q, vars)
			apart := a.doCtx(tojoin.Disable(partner), q, vars)
			if fmt.Sprint(joined.Errors) != fmt.Sprint(apart.Errors) || string(joined.Data) != string(apart.Data) {
				t.Fatalf("joined %s %+v\nwithout joins %s %+v", joined.Data, joined.Errors, apart.Data, apart.Errors)
			}
			want := `{"node":{"fullName":"Dewi Lestari","agency":{"name":"Pemerintah Kabupaten Kemuning"},"unit":null,"position":null,` +
				`"enrollments":{"edges":[{"node":{"status":"REGISTERED","session":{"name":"Angkatan I","program":{"title":"Pelatihan Kepemimpinan Pengawas"}}}}]}}}`
			if string(joined.Data) != want {
				t.Errorf("partner reads\n%s\nwant\n%s", joined.Data, want)
			}
			// The organisation reads the same employee's unit and position.
			if r := a.do(q, vars); len(r.Errors) > 0 || string(r.Data) == want {
				t.Errorf("admin reads %s %+v; want the unit and position", r.Data, r.Errors)
			}
		})
	}
}
