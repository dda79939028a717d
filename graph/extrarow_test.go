package graph_test

import (
	"context"
	"database/sql/driver"
	"encoding/json"
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
// elements of its array argument (PostgreSQL) or the placeholders of its
// IN list (SQLite).
func (d *recordingDriver) keys(t *testing.T, table string) int {
	t.Helper()
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, s := range d.stmts {
		if !strings.Contains(s.query, `FROM "`+table+`"`) && !strings.Contains(s.query, "FROM `"+table+"`") {
			continue
		}
		for _, a := range s.args {
			if v, ok := a.(driver.Valuer); ok {
				if x, err := v.Value(); err == nil {
					if str, ok := x.(string); ok && strings.HasPrefix(str, "{") {
						return strings.Count(str, ",") + 1
					}
				}
			}
		}
		if m := inList.FindStringSubmatch(s.query); m != nil {
			return strings.Count(m[1], "?")
		}
		t.Fatalf("no keys in the statement of %s: %s", table, s.query)
	}
	t.Fatalf("no statement reads %s", table)
	return 0
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
