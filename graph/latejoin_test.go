package graph_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"testing"

	"kembang/internal/entx/tojoin"
	"kembang/internal/rules"
	"kembang/internal/store/storetest"
	"kembang/internal/viewer"

	entenrollment "kembang/ent/enrollment"
)

// TestLateJoinPages checks that a root page whose to-one edges are joined
// after its ORDER BY and LIMIT (tojoin.Late) returns the rows, order,
// cursors and neighbours of the same page without joins, for viewers that
// see part of the rows, with orders on several fields, both directions,
// first/after and last/before.
func TestLateJoinPages(t *testing.T) {
	for _, dialect := range storetest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			a := newAPI(t, dialect)
			f := build(t, a)
			grow(t, a, f, 6, 2)
			r := newRival(t, a)
			imp := a.db.Client.WithRules(rules.Importer(nil))
			imp.Enrollment.Create().SetEmployeeID(rawID(t, r.employee)).SetSessionID(rawID(t, f.session)).
				SetStatus(entenrollment.StatusREGISTERED).SaveX(admin())
			viewers := map[string]context.Context{
				"admin":   admin(),
				"hr":      viewer.NewContext(context.Background(), viewer.Viewer{Subject: "test:hr", Role: viewer.HROfficer, AgencyID: rawID(t, f.agency)}),
				"rivalhr": viewer.NewContext(context.Background(), viewer.Viewer{Subject: "test:hr2", Role: viewer.HROfficer, AgencyID: rawID(t, r.agency)}),
				"partner": viewer.NewContext(context.Background(), viewer.Viewer{Subject: "test:partner", Role: viewer.Partner, PartnerID: rawID(t, f.partner)}),
			}
			queries := map[string]string{
				"employees": `query($first: Int, $last: Int, $after: Cursor, $before: Cursor, $dir: OrderDirection = ASC) {
					employees(first: $first, last: $last, after: $after, before: $before, orderBy: [{field: GOLONGAN, direction: $dir}, {field: FULL_NAME}]) {
					totalCount pageInfo { startCursor endCursor hasNextPage hasPreviousPage }
					edges { cursor node { id fullName agency { name } unit { name } position { title } } } } }`,
				"enrollments": `query($first: Int, $last: Int, $after: Cursor, $before: Cursor, $dir: OrderDirection = ASC) {
					enrollments(first: $first, last: $last, after: $after, before: $before, orderBy: [{field: STATUS, direction: $dir}]) {
					totalCount pageInfo { startCursor endCursor hasNextPage hasPreviousPage }
					edges { cursor node { id employee { fullName unit { name } } session { name } } } } }`,
				"employeesByName": `query($first: Int, $last: Int, $after: Cursor, $before: Cursor, $dir: OrderDirection = ASC) {
					employees(first: $first, last: $last, after: $after, before: $before, orderBy: [{field: FULL_NAME, direction: $dir}]) {
					totalCount pageInfo { startCursor endCursor hasNextPage hasPreviousPage }
					edges { cursor node { id fullName agency { name } unit { name } position { title } } } } }`,
				"node": `query($id: ID!, $first: Int, $last: Int, $after: Cursor, $before: Cursor) { node(id: $id) { ... on Unit {
					employees(first: $first, last: $last, after: $after, before: $before, orderBy: [{field: FULL_NAME, direction: DESC}]) {
					pageInfo { startCursor endCursor hasNextPage hasPreviousPage }
					edges { cursor node { id fullName position { title } agency { name } } } } } } }`,
			}
			pages := 0
			for vn, ctx := range viewers {
				for qn, q := range queries {
					for _, dir := range []string{"ASC", "DESC"} {
						base := map[string]any{"dir": dir, "id": f.unit}
						if qn == "node" {
							delete(base, "dir")
						} else {
							delete(base, "id")
						}
						// Walk forward by 2 and backward by 2.
						for _, fwd := range []bool{true, false} {
							var cur any
							for step := 0; step < 8; step++ {
								vars := map[string]any{}
								for k, v := range base {
									vars[k] = v
								}
								if fwd {
									vars["first"] = 2
									if cur != nil {
										vars["after"] = cur
									}
								} else {
									vars["last"] = 2
									if cur != nil {
										vars["before"] = cur
									}
								}
								joined := a.doCtx(ctx, q, vars)
								apart := a.doCtx(tojoin.Disable(ctx), q, vars)
								name := fmt.Sprintf("%s %s %s fwd=%v step %d", vn, qn, dir, fwd, step)
								if fmt.Sprint(joined.Errors) != fmt.Sprint(apart.Errors) || string(joined.Data) != string(apart.Data) {
									t.Fatalf("%s: joined %s %+v\nwithout joins %s %+v", name, joined.Data, joined.Errors, apart.Data, apart.Errors)
								}
								pages++
								if len(joined.Errors) > 0 {
									t.Logf("%s: errors %+v", name, joined.Errors)
									break
								}
								var out map[string]json.RawMessage
								_ = json.Unmarshal(joined.Data, &out)
								var conn struct {
									PageInfo struct {
										StartCursor, EndCursor       *string
										HasNextPage, HasPreviousPage bool
									}
									Employees *json.RawMessage
								}
								key := qn
								if qn == "employeesByName" {
									key = "employees"
								}
								raw := out[key]
								if qn == "node" {
									var n struct{ Employees json.RawMessage }
									_ = json.Unmarshal(out["node"], &n)
									raw = n.Employees
								}
								_ = json.Unmarshal(raw, &conn)
								if fwd {
									if !conn.PageInfo.HasNextPage || conn.PageInfo.EndCursor == nil {
										break
									}
									cur = *conn.PageInfo.EndCursor
								} else {
									if !conn.PageInfo.HasPreviousPage || conn.PageInfo.StartCursor == nil {
										break
									}
									cur = *conn.PageInfo.StartCursor
								}
							}
						}
					}
				}
			}
			if pages < 100 {
				t.Errorf("%d pages compared, want at least 100", pages)
			}
			t.Logf("%d pages compared", pages)
		})
	}
}

// TestNamePrefixCombined checks fullNameHasPrefix under or, not and and
// on both stores, against the names filtered in Go.
func TestNamePrefixCombined(t *testing.T) {
	forEachStore(t, func(t *testing.T, a *api) {
		f := build(t, a)
		extra := []string{"Nur_K", "Nurul", "nur", "Ahmad", "Ahmadi", "Zz\U0010FFFF", "Zz\U0010FFFFa", "Zz!"}
		for _, n := range extra {
			f.m.mk(createEmpQ, with(f.m.employeeIn(f.agency, ""), map[string]any{
				"fullName": n, "unitID": f.unit, "positionID": f.position, "golongan": "III_A", "phone": nil,
			}))
		}
		all := append(append([]string{}, names...), extra...)
		has := func(n, p string) bool { return len(n) >= len(p) && n[:len(p)] == p }
		const q = `query($w: EmployeeWhereInput) { employees(first: 100, where: $w, orderBy: [{field: FULL_NAME}]) {
			totalCount edges { node { fullName } } } }`
		for _, c := range []struct {
			name string
			w    map[string]any
			keep func(string) bool
		}{
			{"or", map[string]any{"or": []any{map[string]any{"fullNameHasPrefix": "Nur"}, map[string]any{"fullNameHasPrefix": "Ahmad"}}},
				func(n string) bool { return has(n, "Nur") || has(n, "Ahmad") }},
			{"not", map[string]any{"not": map[string]any{"fullNameHasPrefix": "Nur"}}, func(n string) bool { return !has(n, "Nur") }},
			{"and", map[string]any{"and": []any{map[string]any{"fullNameHasPrefix": "Ahmad"}, map[string]any{"not": map[string]any{"fullNameHasPrefix": "Ahmadi"}}}},
				func(n string) bool { return has(n, "Ahmad") && !has(n, "Ahmadi") }},
			{"not max rune", map[string]any{"not": map[string]any{"fullNameHasPrefix": "Zz\U0010FFFF"}}, func(n string) bool { return !has(n, "Zz\U0010FFFF") }},
			{"or with other field", map[string]any{"or": []any{map[string]any{"fullNameHasPrefix": "Zz"}, map[string]any{"fullName": "Citra Ayu"}}},
				func(n string) bool { return has(n, "Zz") || n == "Citra Ayu" }},
		} {
			var out struct {
				Employees struct {
					TotalCount int
					Edges      []struct{ Node struct{ FullName string } }
				}
			}
			a.ok(q, map[string]any{"w": c.w}, &out)
			var got, want []string
			for _, e := range out.Employees.Edges {
				got = append(got, e.Node.FullName)
			}
			for _, n := range all {
				if c.keep(n) {
					want = append(want, n)
				}
			}
			slices.Sort(want)
			if fmt.Sprint(got) != fmt.Sprint(want) || out.Employees.TotalCount != len(want) {
				t.Errorf("%s: %q (totalCount %d), want %q", c.name, got, out.Employees.TotalCount, want)
			}
		}
	})
}
