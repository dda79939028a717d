package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"net"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"entgo.io/ent/dialect"
	"github.com/lib/pq"

	"kembang/ent"
)

// fakeDriver records the statements it runs and fails the next ones
// with fail, if set. As a replica, it refuses nextval() as PostgreSQL's
// standbys refuse writes.
type fakeDriver struct {
	mu      sync.Mutex
	stmts   []string
	fail    error
	replica bool
}

func (f *fakeDriver) run(query string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.stmts = append(f.stmts, query)
	if f.replica && strings.Contains(query, "nextval(") {
		return &pq.Error{Code: "25006", Message: "cannot execute nextval() in a read-only transaction"}
	}
	return f.fail
}

func (f *fakeDriver) Exec(_ context.Context, query string, _, _ any) error { return f.run(query) }
func (f *fakeDriver) Query(_ context.Context, query string, _, _ any) error {
	return f.run(query)
}
func (f *fakeDriver) Tx(context.Context) (dialect.Tx, error) { return dialect.NopTx(f), nil }
func (f *fakeDriver) Close() error                           { return nil }
func (f *fakeDriver) Dialect() string                        { return dialect.Postgres }

func (f *fakeDriver) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.stmts)
}

// fakeRouting returns a routing driver over a fake primary and n fake
// replicas, all up, without checks.
func fakeRouting(n int) (*routingDriver, *fakeDriver, []*fakeDriver) {
	primary := &fakeDriver{}
	var fakes []*fakeDriver
	var reps []*replica
	for range n {
		f := &fakeDriver{replica: true}
		rep := &replica{name: "replica", drv: &countingDriver{Driver: f, dialect: dialect.Postgres}}
		rep.up.Store(true)
		fakes = append(fakes, f)
		reps = append(reps, rep)
	}
	r := newRoutingDriver(&countingDriver{Driver: primary, dialect: dialect.Postgres}, reps, time.Second, time.Hour)
	return r, primary, fakes
}

// TestRoutingDriver checks where each statement runs: reads on a replica,
// writes and transactions on the primary, reads after a write of the same
// request on the primary, and reads on the primary when the context asks
// for it or no replica is up.
func TestRoutingDriver(t *testing.T) {
	const (
		sel    = `SELECT "agencies"."id" FROM "agencies" WHERE "agencies"."id" = $1`
		insert = `INSERT INTO "agencies" ("name") VALUES ($1) RETURNING "id"`
	)
	type step struct {
		do      string // query, exec, tx
		query   string
		replica bool // want it run on the replica
		both    bool // want it tried on the replica, then run on the primary
	}
	tests := []struct {
		name  string
		ctx   func() context.Context
		down  bool // the replica is down
		steps []step
	}{
		{
			name: "reads on the replica, writes on the primary",
			ctx:  context.Background,
			steps: []step{
				{do: "query", query: sel, replica: true},
				{do: "query", query: insert},
				{do: "exec", query: `UPDATE "agencies" SET "name" = $1`},
				{do: "query", query: "  (SELECT 1) UNION (SELECT 2)", replica: true},
				{do: "query", query: `SELECT "id" FROM "plans" WHERE "id" = $1 FOR UPDATE`},
				{do: "query", query: `SELECT "id" FROM "sessions" FOR SHARE`},
				{do: "query", query: `WITH x AS (DELETE FROM "t" RETURNING *) SELECT * FROM x`},
				{do: "query", query: `WITH x AS (UPDATE "t" SET "a" = 1 RETURNING *) SELECT * FROM x`},
				{do: "query", query: `WITH RECURSIVE "unit_tree"("id") AS (SELECT "id" FROM "units") SELECT * FROM "unit_tree"`, replica: true},
				{do: "query", query: `with x as (select 1) select * from x`, replica: true},
				// Without a request scope, a read after a write still
				// goes to the replica.
				{do: "query", query: sel, replica: true},
			},
		},
		{
			name: "a request reads its writes",
			ctx:  func() context.Context { return WithReadYourWrites(context.Background()) },
			steps: []step{
				{do: "query", query: sel, replica: true},
				{do: "query", query: insert},
				{do: "query", query: sel},
				{do: "query", query: sel},
			},
		},
		{
			name: "a mutation's transaction pins the request to the primary",
			ctx:  func() context.Context { return WithReadYourWrites(context.Background()) },
			steps: []step{
				{do: "tx"},
				{do: "query", query: sel},
			},
		},
		{
			name: "an exec pins the request to the primary",
			ctx:  func() context.Context { return WithReadYourWrites(context.Background()) },
			steps: []step{
				{do: "exec", query: `DELETE FROM "agencies"`},
				{do: "query", query: sel},
			},
		},
		{
			name: "a read that turns out to write pins the request to the primary",
			ctx:  func() context.Context { return WithReadYourWrites(context.Background()) },
			steps: []step{
				{do: "query", query: "SELECT nextval('s')", both: true}, // refused by the replica, run on the primary
				{do: "query", query: sel},
			},
		},
		{
			name:  "pinned to the primary",
			ctx:   func() context.Context { return WithPrimary(context.Background()) },
			steps: []step{{do: "query", query: sel}},
		},
		{
			name:  "no replica up",
			ctx:   context.Background,
			down:  true,
			steps: []step{{do: "query", query: sel}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, primary, reps := fakeRouting(1)
			defer r.Close()
			r.replicas[0].up.Store(!tt.down)
			ctx := tt.ctx()
			for i, s := range tt.steps {
				p0, r0 := primary.count(), reps[0].count()
				var err error
				switch s.do {
				case "query":
					err = r.Query(ctx, s.query, []any{}, nil)
				case "exec":
					err = r.Exec(ctx, s.query, []any{}, nil)
				case "tx":
					var tx dialect.Tx
					if tx, err = r.Tx(ctx); err == nil {
						err = tx.Exec(ctx, insert, []any{}, nil)
						_ = tx.Commit()
					}
				}
				if err != nil {
					t.Fatalf("step %d: %v", i, err)
				}
				onReplica := reps[0].count() > r0
				onPrimary := primary.count() > p0
				if s.both && !(onReplica && onPrimary) || !s.both && (onReplica != s.replica || onPrimary == s.replica) {
					t.Errorf("step %d (%s %q): on replica %v, on primary %v; want on replica %v",
						i, s.do, s.query, onReplica, onPrimary, s.replica)
				}
			}
		})
	}
}

// TestRoutingRoundRobin checks that reads are spread over the replicas
// that are up.
func TestRoutingRoundRobin(t *testing.T) {
	r, primary, reps := fakeRouting(3)
	defer r.Close()
	r.replicas[1].up.Store(false)
	for range 10 {
		if err := r.Query(context.Background(), "SELECT 1", []any{}, nil); err != nil {
			t.Fatal(err)
		}
	}
	if primary.count() != 0 || reps[1].count() != 0 || reps[0].count() == 0 || reps[2].count() == 0 ||
		reps[0].count()+reps[2].count() != 10 {
		t.Errorf("statements: primary %d, replicas %d %d %d; want 10 over replicas 1 and 3",
			primary.count(), reps[0].count(), reps[1].count(), reps[2].count())
	}
}

// TestRoutingFallback checks which failures of a replica make a read run
// again on the primary, and that an unreachable replica is taken out of
// use.
func TestRoutingFallback(t *testing.T) {
	tests := []struct {
		name      string
		err       error
		retried   bool
		staysUp   bool
		wantError bool
	}{
		{name: "unreachable", err: driver.ErrBadConn, retried: true},
		{name: "connection refused", err: &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}, retried: true},
		{name: "read-only transaction", err: &pq.Error{Code: "25006"}, retried: true, staysUp: true},
		{name: "conflict with recovery", err: &pq.Error{Code: "40001"}, retried: true, staysUp: true},
		{name: "statement timeout", err: &pq.Error{Code: "57014"}, staysUp: true, wantError: true},
		{name: "cancelled", err: context.Canceled, staysUp: true, wantError: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, primary, reps := fakeRouting(1)
			defer r.Close()
			reps[0].fail = tt.err
			err := r.Query(context.Background(), "SELECT 1", []any{}, nil)
			if (err != nil) != tt.wantError {
				t.Errorf("error %v, want error %v", err, tt.wantError)
			}
			if got := primary.count() == 1; got != tt.retried {
				t.Errorf("run again on the primary: %v, want %v", got, tt.retried)
			}
			if got := r.replicas[0].up.Load(); got != tt.staysUp {
				t.Errorf("replica up after the failure: %v, want %v", got, tt.staysUp)
			}
		})
	}
}

// TestReplicaLag checks the lag of a replica from its replication status:
// the time since the last replay counts only while WAL waits to be
// replayed (an idle primary leaves it old).
func TestReplicaLag(t *testing.T) {
	const maxLag = 5 * time.Second
	tests := []struct {
		name    string
		s       replicaStatus
		wantLag time.Duration
		wantOK  bool
	}{
		{"not a standby", replicaStatus{InRecovery: false}, 0, true},
		{"caught up on an idle primary", replicaStatus{InRecovery: true, Receiving: true, CaughtUp: true, SinceReplay: time.Hour}, 0, true},
		{"replaying, within the bound", replicaStatus{InRecovery: true, Receiving: true, SinceReplay: 2 * time.Second}, 2 * time.Second, true},
		{"replaying, at the bound", replicaStatus{InRecovery: true, Receiving: true, SinceReplay: maxLag}, maxLag, true},
		{"behind the bound", replicaStatus{InRecovery: true, Receiving: true, SinceReplay: 6 * time.Second}, 6 * time.Second, false},
		{"replay paused after an idle hour", replicaStatus{InRecovery: true, Receiving: true, SinceReplay: time.Hour}, time.Hour, false},
		{"no WAL receiver", replicaStatus{InRecovery: true, CaughtUp: true}, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lag, ok := replicaLag(tt.s, maxLag)
			if lag != tt.wantLag || ok != tt.wantOK {
				t.Errorf("replicaLag = %v, %v; want %v, %v", lag, ok, tt.wantLag, tt.wantOK)
			}
		})
	}
}

// TestReplicaChecks checks that the periodic checks take a replica out of
// use when it lags or fails its check, and back when it recovers.
func TestReplicaChecks(t *testing.T) {
	var (
		mu     sync.Mutex
		status replicaStatus
		fail   error
	)
	set := func(s replicaStatus, err error) {
		mu.Lock()
		defer mu.Unlock()
		status, fail = s, err
	}
	rep := &replica{name: "replica", drv: &countingDriver{Driver: &fakeDriver{}, dialect: dialect.Postgres},
		check: func(context.Context) (replicaStatus, error) {
			mu.Lock()
			defer mu.Unlock()
			return status, fail
		}}
	set(replicaStatus{InRecovery: true, Receiving: true, CaughtUp: true}, nil)
	r := newRoutingDriver(&countingDriver{Driver: &fakeDriver{}, dialect: dialect.Postgres}, []*replica{rep}, time.Second, 10*time.Millisecond)
	defer r.Close()
	wait := func(up bool) {
		t.Helper()
		deadline := time.Now().Add(5 * time.Second)
		for rep.up.Load() != up {
			if time.Now().After(deadline) {
				t.Fatalf("replica up = %v after 5s, want %v", !up, up)
			}
			time.Sleep(5 * time.Millisecond)
		}
	}
	wait(true) // checked once by newRoutingDriver
	set(replicaStatus{InRecovery: true, Receiving: true, SinceReplay: 3 * time.Second}, nil)
	wait(false)
	if got := time.Duration(rep.lag.Load()); got != 3*time.Second {
		t.Errorf("lag = %v, want 3s", got)
	}
	set(replicaStatus{InRecovery: true, Receiving: true, CaughtUp: true}, nil)
	wait(true)
	set(replicaStatus{}, sql.ErrConnDone)
	wait(false)
}

// TestPrimaryHook checks that a mutation, and every read made on its
// behalf, runs on the primary, and counts as a write of its request.
func TestPrimaryHook(t *testing.T) {
	req := WithReadYourWrites(context.Background())
	var inside bool
	m := primaryHook(ent.MutateFunc(func(ctx context.Context, _ ent.Mutation) (ent.Value, error) {
		inside = onPrimary(ctx)
		return nil, nil
	}))
	if onPrimary(req) {
		t.Fatal("a new request reads the primary")
	}
	if _, err := m.Mutate(req, nil); err != nil {
		t.Fatal(err)
	}
	if !inside {
		t.Error("the reads of a mutation do not run on the primary")
	}
	if !onPrimary(req) {
		t.Error("after a mutation, the request's reads do not run on the primary")
	}
}
