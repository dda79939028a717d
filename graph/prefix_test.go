package graph_test

import (
	"slices"
	"testing"
)

// TestNamePrefix checks that fullNameHasPrefix selects exactly the names
// that start with the prefix on both stores: on PostgreSQL it is written
// as a range in byte order alone, without the LIKE (keyset.HasPrefix), so
// the range must neither take in a neighbour (a name one character past
// the prefix, a longer or shorter one) nor read LIKE's wildcards (% and _)
// as anything but characters, and must keep non-ASCII characters apart;
// on SQLite too, where it is the same range (SQLite's LIKE ignored the
// case of ASCII letters: "nur" found "Nur").
func TestNamePrefix(t *testing.T) {
	forEachStore(t, func(t *testing.T, a *api) {
		f := build(t, a)
		extra := []string{"Nur_K", "NurXK", "Nur%A", "Nur", "NurK", "Nus", "Dwi é", "Dwi ê", "Dwi e", "Dwi éa", "Dwi \U0010FFFF", "Dwi \U0010FFFFb", "NUR Hasan"}
		for _, n := range extra {
			f.m.mk(createEmpQ, with(f.m.employeeIn(f.agency, ""), map[string]any{
				"fullName": n, "unitID": f.unit, "positionID": f.position, "golongan": "III_A", "phone": nil,
			}))
		}
		all := append(slices.Clone(names), extra...)
		const q = `query($p: String!) { employees(first: 50, where: {fullNameHasPrefix: $p}, orderBy: [{field: FULL_NAME}]) {
			totalCount edges { node { fullName } } } }`
		for _, prefix := range []string{"Nur_", "Nur%", "Nur", "NurK", "Nu", "Dwi é", "Dwi e", "Dwi \U0010FFFF", "Budi", "Zz", "nur", "NUR"} {
			var out struct {
				Employees struct {
					TotalCount int
					Edges      []struct{ Node struct{ FullName string } }
				}
			}
			a.ok(q, map[string]any{"p": prefix}, &out)
			var got []string
			for _, e := range out.Employees.Edges {
				got = append(got, e.Node.FullName)
			}
			var want []string
			for _, n := range all {
				if len(n) >= len(prefix) && n[:len(prefix)] == prefix {
					want = append(want, n)
				}
			}
			slices.Sort(want) // byte order, as the names are ordered on both stores
			if !slices.Equal(got, want) || out.Employees.TotalCount != len(want) {
				t.Errorf("prefix %q: %q (totalCount %d), want %q", prefix, got, out.Employees.TotalCount, want)
			}
		}
	})
}
