package graph_test

import (
	"sync"
	"testing"
	"time"

	"kembang/internal/calendar"
	"kembang/internal/store/storetest"
)

// Evaluation mutations.
const (
	evalQ       = `mutation($in: CreateEvaluationInput!) { createEvaluation(input: $in) { id level signedOffOn } }`
	updateEvalQ = `mutation($id: ID!, $in: UpdateEvaluationInput!) { updateEvaluation(id: $id, input: $in) { id } }`
	signOffQ    = `mutation($id: ID!) { signOffBehavior(evaluationId: $id) { id signedOffOn } }`
)

func TestEvaluationRules(t *testing.T) {
	forEachStore(t, func(t *testing.T, a *api) {
		b := newBench(t, a)
		s := b.session(b.program("COURSE", 20, false), 3, 5)
		emps := b.employees(3)
		attended := b.enroll(s, emps[0]).ID
		registered := b.enroll(s, emps[1]).ID
		completed := b.enroll(s, emps[2]).ID
		b.attend(attended)
		b.complete(completed, true)
		due := calendar.Format(time.Now().AddDate(0, 3, 0))
		on := func(enrollment string, in map[string]any) map[string]any {
			in["enrollmentID"] = enrollment
			return map[string]any{"in": in}
		}
		ok := func(vars map[string]any) string {
			t.Helper()
			return a.id(evalQ, vars)
		}
		// What the refusals below collide with.
		ok(on(attended, map[string]any{"level": "REACTION", "score": 82.5}))
		learning := ok(on(attended, map[string]any{"level": "LEARNING", "preScore": 55, "postScore": 80}))
		behaviour := ok(on(completed, map[string]any{"level": "BEHAVIOR", "dueOn": due, "instrument": "Laporan Aksi Perubahan"}))
		reaction := ok(on(completed, map[string]any{"level": "REACTION", "score": 0}))
		results := ok(map[string]any{"in": map[string]any{"level": "RESULTS", "sessionID": s, "indicator": "Indeks Kepuasan Masyarakat", "baseline": 76.2, "result": 81.4}})

		tests := []struct {
			name, query string
			vars        map[string]any
			code, field string
			parts       []string
		}{
			{"reaction before attendance", evalQ, on(registered, map[string]any{"level": "REACTION", "score": 80}), "CONFLICT", "", []string{"after attending", "REGISTERED"}},
			{"second reaction", evalQ, on(attended, map[string]any{"level": "REACTION", "score": 70}), "CONFLICT", "", []string{"already has a REACTION evaluation"}},
			{"reaction without score", evalQ, on(completed, map[string]any{"level": "REACTION", "comments": "Baik"}), "BAD_USER_INPUT", "score", []string{"needs a score from 0 to 100"}},
			{"reaction score above 100", evalQ, on(completed, map[string]any{"level": "REACTION", "score": 100.5}), "BAD_USER_INPUT", "score", []string{"from 0 to 100"}},
			{"behaviour grade below 0", evalQ, on(registered, map[string]any{"level": "BEHAVIOR", "dueOn": due, "score": -0.5}), "BAD_USER_INPUT", "score", nil},
			{"second learning", evalQ, on(attended, map[string]any{"level": "LEARNING", "preScore": 60, "postScore": 70}), "CONFLICT", "", []string{"already has a LEARNING evaluation"}},
			{"learning without post-test", evalQ, on(completed, map[string]any{"level": "LEARNING", "preScore": 60}), "BAD_USER_INPUT", "postScore", nil},
			{"learning without pre-test", evalQ, on(completed, map[string]any{"level": "LEARNING", "postScore": 60}), "BAD_USER_INPUT", "preScore", nil},
			{"learning pre-test below 0", evalQ, on(completed, map[string]any{"level": "LEARNING", "preScore": -1, "postScore": 60}), "BAD_USER_INPUT", "preScore", nil},
			{"learning post-test above 100", evalQ, on(completed, map[string]any{"level": "LEARNING", "preScore": 50, "postScore": 120}), "BAD_USER_INPUT", "postScore", nil},
			{"behaviour without due date", evalQ, on(completed, map[string]any{"level": "BEHAVIOR"}), "BAD_USER_INPUT", "dueOn", nil},
			{"results without indicator", evalQ, map[string]any{"in": map[string]any{"level": "RESULTS", "sessionID": s, "baseline": 1, "result": 2}}, "BAD_USER_INPUT", "indicator", nil},
			{"results without baseline", evalQ, map[string]any{"in": map[string]any{"level": "RESULTS", "sessionID": s, "indicator": "IKM", "result": 2}}, "BAD_USER_INPUT", "baseline", nil},
			{"results without result", evalQ, map[string]any{"in": map[string]any{"level": "RESULTS", "sessionID": s, "indicator": "IKM", "baseline": 2}}, "BAD_USER_INPUT", "result", nil},
			{"clear a reaction's score", updateEvalQ, map[string]any{"id": reaction, "in": map[string]any{"clearScore": true}}, "BAD_USER_INPUT", "score", nil},
			{"clear a behaviour's due date", updateEvalQ, map[string]any{"id": behaviour, "in": map[string]any{"clearDueOn": true}}, "BAD_USER_INPUT", "dueOn", nil},
			{"learning turned into a second reaction", updateEvalQ, map[string]any{"id": learning, "in": map[string]any{"level": "REACTION", "score": 50}}, "CONFLICT", "", []string{"already has a REACTION"}},
			{"sign off a reaction", signOffQ, map[string]any{"id": reaction}, "CONFLICT", "", []string{"only BEHAVIOR evaluations are signed off", "REACTION"}},
			{"sign off a results evaluation", signOffQ, map[string]any{"id": results}, "CONFLICT", "", []string{"only BEHAVIOR"}},
			{"learning at the score bounds", evalQ, on(completed, map[string]any{"level": "LEARNING", "preScore": 0, "postScore": 100}), "", "", nil},
			{"update a reaction's score", updateEvalQ, map[string]any{"id": reaction, "in": map[string]any{"score": 91}}, "", "", nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				r := a.on(t).do(tt.query, tt.vars)
				if tt.code == "" {
					if len(r.Errors) > 0 {
						t.Fatalf("refused: %+v", r.Errors)
					}
					return
				}
				refused(t, r, tt.code, tt.parts...)
				if tt.field != "" && r.field() != tt.field {
					t.Errorf("field = %q, want %q", r.field(), tt.field)
				}
			})
		}

		// A behaviour assignment is signed off once.
		var out struct{ SignOffBehavior struct{ SignedOffOn *string } }
		a.ok(signOffQ, map[string]any{"id": behaviour}, &out)
		if out.SignOffBehavior.SignedOffOn == nil {
			t.Fatal("signOffBehavior left signedOffOn empty")
		}
		refused(t, a.do(signOffQ, map[string]any{"id": behaviour}), "CONFLICT", "already signed off on")
	})
}

// TestOneReactionUnderConcurrency sends concurrent reaction evaluations
// of one enrollment: exactly one is accepted.
func TestOneReactionUnderConcurrency(t *testing.T) {
	forEachStore(t, func(t *testing.T, a *api) {
		b := newBench(t, a)
		e := b.enroll(b.session(b.program("COURSE", 20, false), 3, 5), b.f.employees[4]).ID
		b.attend(e)
		warm(t, a)
		const n = 20
		start := make(chan struct{})
		var wg sync.WaitGroup
		results := make([]response, n)
		for i := range n {
			wg.Go(func() {
				<-start
				results[i] = post(a, evalQ, map[string]any{"in": map[string]any{"level": "REACTION", "score": 50 + i, "enrollmentID": e}})
			})
		}
		close(start)
		wg.Wait()
		accepted := 0
		for _, r := range results {
			switch {
			case len(r.Errors) == 0:
				accepted++
			case r.code() != "CONFLICT":
				t.Errorf("refused with %q, want CONFLICT: %+v", r.code(), r.Errors)
			}
		}
		if accepted != 1 {
			t.Errorf("%d concurrent reactions accepted, want 1", accepted)
		}
	})
}

// TestEvaluationWaitsForEnrollmentLock shows, on PostgreSQL, that an
// evaluation is checked under the enrollment's row lock: while another
// transaction holds that lock, concurrent reactions wait; once it is
// released exactly one is accepted.
func TestEvaluationWaitsForEnrollmentLock(t *testing.T) {
	a := newAPI(t, storetest.Postgres)
	b := newBench(t, a)
	e := b.enroll(b.session(b.program("COURSE", 20, false), 3, 5), b.f.employees[4]).ID
	b.attend(e)
	rs := whileLocked(t, a, "enrollments", rawID(t, e), func(i int) response {
		return post(a, evalQ, map[string]any{"in": map[string]any{"level": "REACTION", "score": 70 + i, "enrollmentID": e}})
	})
	accepted := 0
	for _, r := range rs {
		switch {
		case len(r.Errors) == 0:
			accepted++
		case r.code() != "CONFLICT":
			t.Errorf("refused with %q, want CONFLICT: %+v", r.code(), r.Errors)
		}
	}
	if accepted != 1 {
		t.Errorf("%d reactions accepted, want 1", accepted)
	}
}

// whileLocked locks a row of table (PostgreSQL) in a transaction of its
// own, runs call twice concurrently, checks that neither returns while
// the lock is held, releases it and returns both responses.
func whileLocked(t *testing.T, a *api, table string, id int, call func(i int) response) []response {
	t.Helper()
	warm(t, a)
	ctx := admin()
	tx, err := a.db.SQL.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "SELECT id FROM "+table+" WHERE id = $1 FOR NO KEY UPDATE", id); err != nil {
		t.Fatal(err)
	}
	done := make(chan response, 2)
	for i := range 2 {
		go func() { done <- call(i) }()
	}
	select {
	case r := <-done:
		t.Fatalf("a request was decided while the %s row was locked: %+v %s", table, r.Errors, r.Data)
	case <-time.After(300 * time.Millisecond):
	}
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	return []response{<-done, <-done}
}
