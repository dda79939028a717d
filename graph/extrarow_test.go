package graph_test

import (
	"context"
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"regexp"
	"strings"
	"sync"
	"testing"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"

	"kembang/ent"
	"kembang/graph"
	"kembang/internal/entx/tojoin"
	"kembang/internal/store"
	"kembang/internal/store/storetest"
)

// recordingDriver records the statements and arguments of its queries.
type recordingDriver struct {
	dialect.Driver
	mu    sync.Mutex
	stmts []recorded
}

// recorded is one query's text and arguments.
type recorded struct {
	query string
	args  []any
}

// Query implements dialect.ExecQuerier.
func (d *recordingDriver) Query(ctx context.Context, query string, args, v any) error {
	d.mu.Lock()
	a, _ := args.([]any)
	d.stmts = append(d.stmts, recorded{query, a})
	d.mu.Unlock()
	return d.Driver.Query(ctx, query, args, v)
}

// inList matches an IN list of placeholders (SQLite).
var inList = regexp.MustCompile(`IN \(([?, ]+)\)`)

// keys returns how many keys the statement reading table was given: the
// distinct elements of its array argument but NULL (PostgreSQL, whose
// arrays inlist pads to ten by repeats or NULLs) or the placeholders of
// its IN list (SQLite).
func (d *recordingDriver) keys(t *testing.T, table string) int {
	t.Helper()
	s := d.reading(t, table)
	for _, a := range s.args {
		if v, ok := a.(driver.Valuer); ok {
			if x, err := v.Value(); err == nil {
				if str, ok := x.(string); ok && strings.HasPrefix(str, "{") {
					distinct := map[string]bool{}
					for _, k := range strings.Split(strings.Trim(str, "{}"), ",") {
						if k != "NULL" {
							distinct[k] = true
						}
					}
					return len(distinct)
				}
			}
		}
	}
	if m := inList.FindStringSubmatch(s.query); m != nil {
		return strings.Count(m[1], "?")
	}
	t.Fatalf("no keys in the statement of %s: %s", table, s.query)
	return 0
}

// reading returns the first statement that reads table.
func (d *recordingDriver) reading(t *testing.T, table string) recorded {
	t.Helper()
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, s := range d.stmts {
		if strings.Contains(s.query, `FROM "`+table+`"`) || strings.Contains(s.query, "FROM `"+table+"`") {
			return s
		}
	}
	t.Fatalf("no statement reads %s", table)
	return recorded{}
}

// newRecordingAPI serves the API (ADMIN) over a fresh store of dialect d
// holding populate's 5 employees in 3 sessions, through a driver that
// records the statements.
func newRecordingAPI(t *testing.T, d string) (*api, *recordingDriver) {
	t.Helper()
	db := storetest.Open(t, d)
	populate(t, db.Client, 5, 3)
	rec := &recordingDriver{Driver: entsql.OpenDB(db.Dialect, db.SQL)}
	return &api{t: t, db: db, h: defaultViewer(graph.NewServer(ent.NewClient(ent.Driver(rec)), graph.Options{
		Logger:   slog.New(slog.NewTextHandler(io.Discard, nil)),
		Classify: store.Classify,
	}))}, rec
}

// TestExtraRowLoadsNoEdges proves that the row a page reads to know
// whether a next page exists gets no children: the statement of the
// next level is given the keys of the page's rows only, at the top level
// (employees → enrollments) and on an edge page (enrollments → session).
func TestExtraRowLoadsNoEdges(t *testing.T) {
	const q = `{ employees(first: 2, orderBy: [{field: FULL_NAME}]) { pageInfo { hasNextPage } edges { node { fullName
		enrollments(first: 2) { pageInfo { hasNextPage } edges { node { status session { name } } } } } } } }`
	for _, d := range storetest.Dialects(t) {
		t.Run(d, func(t *testing.T) {
			a, rec := newRecordingAPI(t, d)
			// The sessions are read by their own statement here, not
			// joined in the enrolments' (tojoin: a joined row brings its
			// session with it, the extra row's too, at no statement).
			r := a.doCtx(tojoin.Disable(admin()), q, nil)
			if len(r.Errors) > 0 {
				t.Fatalf("%+v", r.Errors)
			}
			var out struct {
				Employees struct {
					PageInfo struct{ HasNextPage bool }
					Edges    []struct {
						Node struct {
							Enrollments struct {
								PageInfo struct{ HasNextPage bool }
								Edges    []json.RawMessage
							}
						}
					}
				}
			}
			if err := json.Unmarshal(r.Data, &out); err != nil {
				t.Fatal(err)
			}
			if !out.Employees.PageInfo.HasNextPage || len(out.Employees.Edges) != 2 {
				t.Fatalf("employees: %+v", out.Employees)
			}
			for _, e := range out.Employees.Edges {
				if !e.Node.Enrollments.PageInfo.HasNextPage || len(e.Node.Enrollments.Edges) != 2 {
					t.Fatalf("enrollments: %+v", e.Node.Enrollments)
				}
			}
			// 2 employees (not the third, read for hasNextPage); the first
			// 2 enrolments of each are in the same 2 sessions (not the
			// third session, of each employee's extra enrolment).
			if n := rec.keys(t, "enrollments"); n != 2 {
				t.Errorf("enrollments read for %d employees, want 2", n)
			}
			if n := rec.keys(t, "sessions"); n != 2 {
				t.Errorf("sessions read for %d keys, want 2", n)
			}
		})
	}
}

// limitClause matches the LIMIT of a statement.
var limitClause = regexp.MustCompile(`LIMIT (\d+)`)

// limits returns the LIMITs of the statement reading table, in order, and
// last the bound of its rows per parent when it numbers them (entgql's
// ROW_NUMBER on SQLite: the statement's last argument).
func (d *recordingDriver) limits(t *testing.T, table string) []string {
	t.Helper()
	s := d.reading(t, table)
	var out []string
	for _, m := range limitClause.FindAllStringSubmatch(s.query, -1) {
		out = append(out, m[1])
	}
	if strings.Contains(s.query, "`row_number` <= ?") && len(s.args) > 0 {
		out = append(out, fmt.Sprint(s.args[len(s.args)-1]))
	}
	return out
}

// TestExtraRowOnlyForPageInfo checks that a page reads the row beyond it
// only when its connection's pageInfo is read (docs/performance.md,
// change 39): without pageInfo the LIMIT of the top page and of a nested
// page under several parents or one is the page's size, and the pages
// are the same (a page of one employee reads its enrolments' page in its
// own statement, change 65); with pageInfo, under an alias too, the extra
// row is read and hasNextPage is true.
func TestExtraRowOnlyForPageInfo(t *testing.T) {
	type page struct {
		PageInfo *struct{ HasNextPage bool }
		Info     *struct{ HasNextPage bool }
		Edges    []struct {
			Node struct {
				FullName    string
				Enrollments struct {
					PageInfo *struct{ HasNextPage bool }
					Info     *struct{ HasNextPage bool }
					Edges    []struct {
						Node struct {
							Status  string
							Session struct{ Name string }
						}
					}
				}
			}
		}
	}
	for _, tc := range []struct {
		name, q      string
		employees    int
		limit        string // of the employees' statement
		nestedLimits string // of the enrolments' statement
		next         bool   // hasNextPage read and expected true at both levels
	}{
		{"no pageInfo", `{ employees(first: 2, orderBy: [{field: FULL_NAME}]) { edges { node { fullName
			enrollments(first: 2) { edges { node { status session { name } } } } } } } }`, 2, "2", "2", false},
		// A page of one employee reads its enrolments' page in its own
		// statement (change 65): the enrolments' LIMIT is that
		// statement's first, inside the rows column.
		{"one employee, no pageInfo", `{ employees(first: 1, orderBy: [{field: FULL_NAME}]) { edges { node { fullName
			enrollments(first: 2) { edges { node { status session { name } } } } } } } }`, 1, "1", "2", false},
		{"pageInfo", `{ employees(first: 2, orderBy: [{field: FULL_NAME}]) { pageInfo { hasNextPage } edges { node { fullName
			enrollments(first: 2) { pageInfo { hasNextPage } edges { node { status session { name } } } } } } } }`, 2, "3", "3", true},
		{"aliased pageInfo", `{ employees(first: 2, orderBy: [{field: FULL_NAME}]) { info: pageInfo { hasNextPage } edges { node { fullName
			enrollments(first: 2) { info: pageInfo { hasNextPage } edges { node { status session { name } } } } } } } }`, 2, "3", "3", true},
	} {
		for _, d := range storetest.Dialects(t) {
			t.Run(tc.name+"/"+d, func(t *testing.T) {
				a, rec := newRecordingAPI(t, d)
				r := a.doCtx(admin(), tc.q, nil)
				if len(r.Errors) > 0 {
					t.Fatalf("%+v", r.Errors)
				}
				var out struct{ Employees page }
				if err := json.Unmarshal(r.Data, &out); err != nil {
					t.Fatal(err)
				}
				if len(out.Employees.Edges) != tc.employees {
					t.Fatalf("%d employees, want %d", len(out.Employees.Edges), tc.employees)
				}
				info := out.Employees.PageInfo
				if info == nil {
					info = out.Employees.Info
				}
				if tc.next && (info == nil || !info.HasNextPage) {
					t.Errorf("employees: pageInfo %+v, want hasNextPage", info)
				}
				for i, e := range out.Employees.Edges {
					if want := fmt.Sprintf("Pegawai %03d", i); e.Node.FullName != want {
						t.Errorf("employee %d: %q, want %q", i, e.Node.FullName, want)
					}
					en := e.Node.Enrollments
					if len(en.Edges) != 2 {
						t.Errorf("%s: %d enrolments, want 2", e.Node.FullName, len(en.Edges))
					}
					for _, x := range en.Edges {
						if x.Node.Status == "" || x.Node.Session.Name == "" {
							t.Errorf("%s: enrolment %+v", e.Node.FullName, x.Node)
						}
					}
					info := en.PageInfo
					if info == nil {
						info = en.Info
					}
					if tc.next && (info == nil || !info.HasNextPage) {
						t.Errorf("%s: enrolments' pageInfo %+v, want hasNextPage", e.Node.FullName, info)
					}
				}
				if got := rec.limits(t, "employees"); len(got) == 0 || got[len(got)-1] != tc.limit {
					t.Errorf("employees' LIMIT %v, want %s", got, tc.limit)
				}
				got := rec.limits(t, "enrollments")
				if tc.employees == 1 {
					// In the employees' statement (change 65): the
					// enrolments' LIMIT first, then the employees'.
					if len(got) == 0 || got[0] != tc.nestedLimits || got[len(got)-1] != tc.limit {
						t.Errorf("enrolments' LIMIT %v, want %s first and the employees' %s last", got, tc.nestedLimits, tc.limit)
					}
				} else if len(got) == 0 || got[len(got)-1] != tc.nestedLimits {
					t.Errorf("enrolments' LIMIT %v, want %s", got, tc.nestedLimits)
				}
			})
		}
	}
}
