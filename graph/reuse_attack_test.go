package graph_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"kembang/ent"
	"kembang/ent/employee"
	"kembang/internal/store/storetest"
)

// TestReuseNoBleed is an outside review of change 38 (rowscan.Reuse: the
// rows of a statement scanned into one set of targets): employees whose
// nullable columns (strings, enums, times, foreign keys) alternate between
// NULL and a value, and whose supervisor (joined in the statement, tojoin)
// alternates between none and one, read in one statement (ent, and
// a GraphQL page), are each the employee read alone, on both stores: no value of a row reaches the next.
func TestReuseNoBleed(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d, func(t *testing.T) {
			a, _ := newRecordingAPI(t, d)
			db := a.db
			ctx := admin()
			ids := db.Client.Employee.Query().Order(ent.Asc(employee.FieldID)).IDsX(ctx)
			q := func(s string) string {
				if d == storetest.Postgres {
					for i := 1; ; i++ {
						n := len(s)
						s = replaceFirst(s, "?", fmt.Sprintf("$%d", i))
						if len(s) == n {
							return s
						}
					}
				}
				return s
			}
			for i, id := range ids {
				var err error
				if i%2 == 1 {
					_, err = db.SQL.ExecContext(ctx, q(`UPDATE employees SET email = NULL, phone = NULL, golongan = NULL, birth_date = NULL, appointed_on = NULL, sex = NULL, supervisor_id = NULL WHERE id = ?`), id)
				} else {
					_, err = db.SQL.ExecContext(ctx, q(`UPDATE employees SET email = ?, phone = ?, supervisor_id = ? WHERE id = ?`),
						fmt.Sprintf("p%d@alak.go.id", i), fmt.Sprintf("+62%d", 811000+i), ids[len(ids)-1-i], id)
				}
				if err != nil {
					t.Fatal(err)
				}
			}
			all := db.Client.Employee.Query().WithSupervisor().Order(ent.Asc(employee.FieldID)).AllX(ctx)
			if len(all) != len(ids) {
				t.Fatalf("%d employees, want %d", len(all), len(ids))
			}
			for i, e := range all {
				one := db.Client.Employee.Query().WithSupervisor().Where(employee.ID(e.ID)).OnlyX(ctx)
				got, _ := json.Marshal(e)
				want, _ := json.Marshal(one)
				if string(got) != string(want) {
					t.Errorf("row %d read with the others:\n%s\nread alone:\n%s", i, got, want)
				}
				if (i%2 == 1) != (e.Email == nil && e.BirthDate == nil && e.Edges.Supervisor == nil) {
					t.Errorf("row %d: email %v, birth date %v, supervisor %v", i, e.Email, e.BirthDate, e.Edges.Supervisor)
				}
			}
			// Through GraphQL (the supervisor is not joined, tojoin leaves
			// this self-reference to its own statement): the page against
			// each node read alone.
			const sel = `id fullName email phone golongan birthDate appointedOn sex supervisor { id fullName email birthDate }`
			r := a.doCtx(admin(), `{ employees(first: 10, orderBy: [{field: FULL_NAME}]) { edges { node { `+sel+` } } } }`, nil)
			if len(r.Errors) > 0 {
				t.Fatalf("%+v", r.Errors)
			}
			var page struct {
				Employees struct {
					Edges []struct{ Node json.RawMessage }
				}
			}
			if err := json.Unmarshal(r.Data, &page); err != nil {
				t.Fatal(err)
			}
			if len(page.Employees.Edges) != len(ids) {
				t.Fatalf("%d employees, want %d", len(page.Employees.Edges), len(ids))
			}
			for i, e := range page.Employees.Edges {
				var id struct{ ID string }
				if err := json.Unmarshal(e.Node, &id); err != nil {
					t.Fatal(err)
				}
				r := a.doCtx(admin(), `query($id: ID!) { node(id: $id) { ... on Employee { `+sel+` } } }`, map[string]any{"id": id.ID})
				if len(r.Errors) > 0 {
					t.Fatalf("%+v", r.Errors)
				}
				var one struct{ Node json.RawMessage }
				if err := json.Unmarshal(r.Data, &one); err != nil {
					t.Fatal(err)
				}
				if string(one.Node) != string(e.Node) {
					t.Errorf("employee %d in the page:\n%s\nread alone:\n%s", i, e.Node, one.Node)
				}
			}
		})
	}
}

// replaceFirst replaces the first old in s by new.
func replaceFirst(s, old, new string) string {
	for i := 0; i+len(old) <= len(s); i++ {
		if s[i:i+len(old)] == old {
			return s[:i] + new + s[i+len(old):]
		}
	}
	return s
}
