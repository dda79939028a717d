package graph_test

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"kembang/internal/store/storetest"
)

// post sends a GraphQL request and decodes the response. Unlike api.do it
// may run on any goroutine: transport failures come back as an error of
// the response instead of failing the test.
func post(a *api, query string, vars map[string]any) response {
	body, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		return response{Errors: []gqlError{{Message: err.Error()}}}
	}
	req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	a.h.ServeHTTP(rec, req)
	var r response
	if err := json.Unmarshal(rec.Body.Bytes(), &r); err != nil || rec.Code >= 500 {
		return response{Status: rec.Code, Errors: []gqlError{{Message: fmt.Sprintf("status %d: %s", rec.Code, rec.Body)}}}
	}
	r.Status = rec.Code
	return r
}

// warm opens the connections of the store's pool ahead of a concurrent
// phase, so that requests run in parallel from its start instead of
// queueing behind connection set-up.
func warm(t *testing.T, a *api) {
	t.Helper()
	ctx := admin()
	var conns []*sql.Conn
	for range a.db.SQL.Stats().MaxOpenConnections {
		c, err := a.db.SQL.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
	}
	for _, c := range conns {
		c.Close()
	}
}

// TestConcurrentEnroll sends concurrent enroll calls for distinct
// employees on a small session through the HTTP handler: exactly as many
// are REGISTERED as there are seats, the others WAITLISTED; a withdrawal
// then promotes the earliest on the waitlist. On PostgreSQL the calls run
// on several connections at once (100 calls, 10 seats, as docs/workflows.md asks);
// SQLite, with its single connection, serialises them (30 calls, 5
// seats).
func TestConcurrentEnroll(t *testing.T) {
	sizes := map[string]struct{ calls, seats int }{
		storetest.Postgres: {100, 10},
		storetest.SQLite:   {30, 5},
	}
	for _, d := range storetest.Dialects(t) {
		t.Run(d, func(t *testing.T) {
			t.Parallel()
			size := sizes[d]
			a := newAPI(t, d)
			b := newBench(t, a)
			s := b.session(b.program("COURSE", 20, false), 3, size.seats)
			emps := b.employees(size.calls)
			warm(t, a)

			start := make(chan struct{})
			results := make([]response, size.calls)
			var wg sync.WaitGroup
			for i := range size.calls {
				wg.Go(func() {
					<-start
					results[i] = post(a, enrollQ, map[string]any{"s": s, "e": emps[i]})
				})
			}
			close(start)
			wg.Wait()

			byStatus := map[string]int{}
			for i, r := range results {
				if len(r.Errors) > 0 {
					t.Fatalf("enroll %d failed: %+v", i, r.Errors)
				}
				var out struct{ Enroll enrollmentResult }
				if err := json.Unmarshal(r.Data, &out); err != nil {
					t.Fatal(err)
				}
				byStatus[out.Enroll.Status]++
			}
			want := map[string]int{"REGISTERED": size.seats, "WAITLISTED": size.calls - size.seats}
			if fmt.Sprint(byStatus) != fmt.Sprint(want) {
				t.Fatalf("responses: %v, want %v", byStatus, want)
			}
			st := b.statuses(s)
			if count(st, "REGISTERED") != size.seats || count(st, "WAITLISTED") != size.calls-size.seats {
				t.Fatalf("stored: %d REGISTERED, %d WAITLISTED; want %d and %d",
					count(st, "REGISTERED"), count(st, "WAITLISTED"), size.seats, size.calls-size.seats)
			}

			// The earliest on the waitlist, by arrival (created_at, then id).
			var q struct {
				Enrollments struct {
					Edges []struct{ Node enrollmentResult }
				}
			}
			a.ok(`query($s: ID!) { enrollments(first: 2, where: {status: WAITLISTED, hasSessionWith: {id: $s}},
				orderBy: [{field: CREATED_AT}]) { edges { node { id status } } } }`, map[string]any{"s": s}, &q)
			first, second := q.Enrollments.Edges[0].Node.ID, q.Enrollments.Edges[1].Node.ID
			var registered string
			for id, status := range st {
				if status == "REGISTERED" {
					registered = id
					break
				}
			}
			b.step(withdrawQ, registered)
			st = b.statuses(s)
			if st[first] != "REGISTERED" || st[second] != "WAITLISTED" || count(st, "REGISTERED") != size.seats {
				t.Errorf("after a withdrawal: first waitlisted %s, second %s, %d REGISTERED; want REGISTERED, WAITLISTED, %d",
					st[first], st[second], count(st, "REGISTERED"), size.seats)
			}
		})
	}
}

// TestEnrollWaitsForSessionLock shows, on PostgreSQL, that seats are
// counted under the session's row lock: while another transaction holds
// it, enrollments wait; once released, the last seat goes to one of them.
func TestEnrollWaitsForSessionLock(t *testing.T) {
	a := newAPI(t, storetest.Postgres)
	b := newBench(t, a)
	s := b.session(b.program("COURSE", 20, false), 3, 1)
	emps := b.employees(2)
	rs := whileLocked(t, a, "sessions", rawID(t, s), func(i int) response {
		return post(a, enrollQ, map[string]any{"s": s, "e": emps[i]})
	})
	got := map[string]int{}
	for _, r := range rs {
		var out struct{ Enroll enrollmentResult }
		if len(r.Errors) > 0 || json.Unmarshal(r.Data, &out) != nil {
			t.Fatalf("enroll failed: %+v", r.Errors)
		}
		got[out.Enroll.Status]++
	}
	if got["REGISTERED"] != 1 || got["WAITLISTED"] != 1 {
		t.Errorf("statuses %v, want one REGISTERED and one WAITLISTED", got)
	}
}
