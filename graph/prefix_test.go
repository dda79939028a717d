package graph_test

import (
	"sort"
	"strings"
	"testing"

	"kembang/internal/store/storetest"
)

// TestNamePrefixRange checks fullNameHasPrefix against the names
// themselves: on both stores the filter is the range the prefix spans in
// byte order, with no LIKE (keyset.HasPrefix, change 31), and names with
// LIKE's wildcards, other cases (SQLite's LIKE ignored them) and accents,
// and a name equal to the prefix, match exactly as strings.HasPrefix says.
func TestNamePrefixRange(t *testing.T) {
	names := []string{"Nur%Ali", "Nur_Budi", "NurAini", "Nur Karim", "Nur", "NUR Hasan", "Nür Ahmad", "Nuq Zaki", "Nus Ani", "Zainal 🌾"}
	prefixes := []string{"Nur", "Nur%", "Nur_", "Nur K", "Nü", "nur", "NUR", "Nuq", "Nur Karim", "Zainal 🌾", "Z", "Nur Karimah"}
	for _, d := range storetest.Dialects(t) {
		t.Run(d, func(t *testing.T) {
			a, rec := newRecordingAPI(t, d)
			f := build(t, a)
			m := newMaker(a)
			for _, n := range names {
				m.mk(createEmpQ, with(m.employeeIn(f.agency, ""), map[string]any{"fullName": n}))
			}
			var all struct {
				Employees struct {
					Edges []struct{ Node struct{ FullName string } }
				}
			}
			a.ok(`{ employees(first: 100) { edges { node { fullName } } } }`, nil, &all)
			for _, p := range prefixes {
				var want []string
				for _, e := range all.Employees.Edges {
					if strings.HasPrefix(e.Node.FullName, p) {
						want = append(want, e.Node.FullName)
					}
				}
				// ORDER BY full_name is byte order on both stores
				// (PostgreSQL's collation "C", SQLite's BINARY).
				sort.Strings(want)
				rec.mu.Lock()
				rec.stmts = nil
				rec.mu.Unlock()
				var got struct {
					Employees struct {
						Edges []struct{ Node struct{ FullName string } }
					}
				}
				a.ok(`query($p: String!) { employees(first: 100, where: {fullNameHasPrefix: $p}, orderBy: [{field: FULL_NAME}]) { edges { node { fullName } } } }`,
					map[string]any{"p": p}, &got)
				var names []string
				for _, e := range got.Employees.Edges {
					names = append(names, e.Node.FullName)
				}
				if strings.Join(names, "|") != strings.Join(want, "|") {
					t.Errorf("prefix %q: %q, want %q", p, names, want)
				}
				rec.mu.Lock()
				for _, s := range rec.stmts {
					if strings.Contains(s.query, " LIKE ") {
						t.Errorf("prefix %q: LIKE in %s", p, s.query)
					}
				}
				rec.mu.Unlock()
			}
		})
	}
}
