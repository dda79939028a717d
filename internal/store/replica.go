package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"entgo.io/ent/dialect"
	"github.com/lib/pq"

	"kembang/ent"
)

// Defaults of the read replicas (Config.ReplicaURLs).
const (
	// DefaultMaxReplicaLag is how far behind the primary a replica may
	// be and still serve reads.
	DefaultMaxReplicaLag = 5 * time.Second
	// defaultReplicaCheck is how often the lag of each replica is polled.
	defaultReplicaCheck = time.Second
)

// routingDriver sends the statements of the ent client to the primary or
// to a read replica (Config.ReplicaURLs):
//
//   - transactions (every mutation: entgql.Transactioner) and writes run
//     on the primary, and so does everything after them in a context of
//     WithReadYourWrites (a request reads its own writes);
//   - reads outside transactions (SELECT, without FOR UPDATE/SHARE) run on
//     a healthy replica, in turn, unless the context is pinned to the
//     primary (WithPrimary) or no replica is healthy.
//
// A replica is healthy while its last check answered and its lag was
// within maxLag (see replicaLag). A read that finds its replica
// unreachable, read-only for what it tried, or cancelled by a recovery
// conflict, runs again on the primary; a connection failure also marks
// the replica down until its next good check.
type routingDriver struct {
	*countingDriver // the primary

	replicas []*replica
	maxLag   time.Duration
	next     atomic.Uint64 // round robin over the replicas

	stop context.CancelFunc
	done chan struct{}
}

// replica is one read replica and its last known health.
type replica struct {
	name string // host:port, never credentials
	drv  *countingDriver
	// check reads the replica's replication status; nil in tests that
	// set up directly.
	check func(context.Context) (replicaStatus, error)
	// probe is the connection of the checks, of its own so that a busy
	// pool never makes a check wait, and fail; nil in tests.
	probe *sql.DB

	up  atomic.Bool
	lag atomic.Int64 // nanoseconds, at the last good check
}

// newRoutingDriver returns the routing driver over primary and replicas.
// It checks every replica once, then every interval until Close.
func newRoutingDriver(primary *countingDriver, replicas []*replica, maxLag, interval time.Duration) *routingDriver {
	if maxLag <= 0 {
		maxLag = DefaultMaxReplicaLag
	}
	if interval <= 0 {
		interval = defaultReplicaCheck
	}
	ctx, cancel := context.WithCancel(context.Background())
	r := &routingDriver{countingDriver: primary, replicas: replicas, maxLag: maxLag, stop: cancel, done: make(chan struct{})}
	r.checkAll(ctx, interval)
	go r.watch(ctx, interval)
	return r
}

// watch checks the replicas every interval until ctx ends.
func (r *routingDriver) watch(ctx context.Context, interval time.Duration) {
	defer close(r.done)
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			r.checkAll(ctx, interval)
		}
	}
}

// checkAll checks every replica at once, each within timeout (at least
// one second).
func (r *routingDriver) checkAll(ctx context.Context, timeout time.Duration) {
	timeout = max(timeout, time.Second)
	var wg sync.WaitGroup
	for _, rep := range r.replicas {
		if rep.check == nil {
			continue
		}
		wg.Go(func() {
			cctx, cancel := context.WithTimeout(ctx, timeout)
			defer cancel()
			s, err := rep.check(cctx)
			if err != nil {
				rep.up.Store(false)
				rep.drv.pool.observe(err)
				return
			}
			lag, ok := replicaLag(s, r.maxLag)
			rep.lag.Store(int64(lag))
			rep.up.Store(ok)
		})
	}
	wg.Wait()
}

// replicaStatus is what a replica reports of its replication.
type replicaStatus struct {
	// InRecovery: the server is a standby. A server that is not (the
	// primary itself, named as a replica) is never behind.
	InRecovery bool
	// Receiving: a WAL receiver runs (the replica streams from a
	// primary).
	Receiving bool
	// CaughtUp: all WAL received has been replayed.
	CaughtUp bool
	// SinceReplay is the time since the last transaction replayed; 0 if
	// none was replayed since the standby started.
	SinceReplay time.Duration
}

// replicaStatusQuery reads a replicaStatus.
const replicaStatusQuery = `SELECT pg_is_in_recovery(),
	EXISTS (SELECT FROM pg_stat_wal_receiver),
	pg_last_wal_receive_lsn() IS NOT DISTINCT FROM pg_last_wal_replay_lsn(),
	COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0)::float8`

// replicaLag returns the lag of a replica reporting s and whether it may
// serve reads with maxLag.
//
// The time since the last replayed transaction is the lag only while WAL
// waits to be replayed: on an idle primary nothing is replayed and that
// time grows without the replica falling behind. So a replica that has
// replayed all it received lags by nothing, and one that has not lags by
// the time since its last replay. A standby without a WAL receiver (the
// primary is gone, or the connection to it broke) is stale by an
// unknown amount and serves nothing.
func replicaLag(s replicaStatus, maxLag time.Duration) (time.Duration, bool) {
	switch {
	case !s.InRecovery:
		return 0, true
	case !s.Receiving:
		return s.SinceReplay, false
	case s.CaughtUp:
		return 0, true
	}
	return s.SinceReplay, s.SinceReplay <= maxLag
}

// checkReplica returns the check of the replica behind db.
func checkReplica(db *sql.DB) func(context.Context) (replicaStatus, error) {
	return func(ctx context.Context) (replicaStatus, error) {
		var (
			s    replicaStatus
			secs float64
		)
		err := db.QueryRowContext(ctx, replicaStatusQuery).Scan(&s.InRecovery, &s.Receiving, &s.CaughtUp, &secs)
		s.SinceReplay = time.Duration(max(secs, 0) * float64(time.Second))
		return s, err
	}
}

// pick returns the replica to read from in ctx, or nil for the primary.
func (r *routingDriver) pick(ctx context.Context) *replica {
	if onPrimary(ctx) {
		return nil
	}
	n := uint64(len(r.replicas))
	start := r.next.Add(1)
	for i := range n {
		if rep := r.replicas[(start+i)%n]; rep.up.Load() {
			return rep
		}
	}
	return nil
}

// retry reports whether a read that failed with err on rep may run again
// on the primary, and marks rep down if it is unreachable. A read that
// turned out to write counts as a write of ctx.
func retry(ctx context.Context, rep *replica, err error) bool {
	if unreachable(err) {
		rep.up.Store(false)
		return true
	}
	var pe *pq.Error
	if errors.As(err, &pe) {
		switch pe.Code {
		case "25006": // read_only_sql_transaction: a write in disguise
			wrote(ctx)
			return true
		case "40001": // serialization_failure: a conflict with recovery
			return true
		}
	}
	return false
}

// Exec implements dialect.ExecQuerier: on the primary.
func (r *routingDriver) Exec(ctx context.Context, query string, args, v any) error {
	wrote(ctx)
	return r.countingDriver.Exec(ctx, query, args, v)
}

// Query implements dialect.ExecQuerier: reads on a replica when one may
// serve them (see routingDriver), anything else on the primary.
func (r *routingDriver) Query(ctx context.Context, query string, args, v any) error {
	if !readOnly(query) {
		wrote(ctx)
	} else if rep := r.pick(ctx); rep != nil {
		err := rep.drv.Query(ctx, query, args, v)
		if err == nil || !retry(ctx, rep, err) {
			return err
		}
	}
	return r.countingDriver.Query(ctx, query, args, v)
}

// ExecContext backs ent's ExecQuery feature: on the primary.
func (r *routingDriver) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	wrote(ctx)
	return r.countingDriver.ExecContext(ctx, query, args...)
}

// QueryContext backs ent's ExecQuery feature, routed as Query.
func (r *routingDriver) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if !readOnly(query) {
		wrote(ctx)
	} else if rep := r.pick(ctx); rep != nil {
		rows, err := rep.drv.QueryContext(ctx, query, args...)
		if err == nil || !retry(ctx, rep, err) {
			return rows, err
		}
	}
	return r.countingDriver.QueryContext(ctx, query, args...)
}

// Tx implements dialect.Driver: transactions run on the primary.
func (r *routingDriver) Tx(ctx context.Context) (dialect.Tx, error) {
	wrote(ctx)
	return r.countingDriver.Tx(ctx)
}

// BeginTx backs ent's Client.BeginTx: on the primary.
func (r *routingDriver) BeginTx(ctx context.Context, opts *sql.TxOptions) (dialect.Tx, error) {
	wrote(ctx)
	return r.countingDriver.BeginTx(ctx, opts)
}

// Close stops the checks and closes the replicas, then the primary.
func (r *routingDriver) Close() error {
	r.stop()
	<-r.done
	var errs []error
	for _, rep := range r.replicas {
		errs = append(errs, rep.close())
	}
	errs = append(errs, r.countingDriver.Close())
	return errors.Join(errs...)
}

// close closes the replica's pool and the connection of its checks.
func (rep *replica) close() error {
	err := rep.drv.Close()
	if rep.probe != nil {
		err = errors.Join(err, rep.probe.Close())
	}
	return err
}

// readOnly reports whether query only reads, and so may run on a
// replica: a SELECT, or a WITH (the recursive unit trees of the reports)
// that changes nothing, locking no rows. Anything else (an INSERT …
// RETURNING, which ent runs as a query; a SELECT … FOR UPDATE) runs on
// the primary. ent writes keywords in capitals; a statement that still
// writes (a lower-case lock, a function with side effects) fails on the
// replica, which changes nothing, and runs again on the primary (see
// retry).
func readOnly(query string) bool {
	q := strings.TrimLeft(query, " \t\r\n(")
	switch {
	case hasPrefixFold(q, "SELECT"):
	case hasPrefixFold(q, "WITH"):
		for _, w := range []string{"INSERT INTO", "DELETE FROM", `UPDATE "`, "MERGE INTO"} {
			if strings.Contains(q, w) {
				return false
			}
		}
	default:
		return false
	}
	for _, lock := range []string{" FOR UPDATE", " FOR SHARE", " FOR NO KEY UPDATE", " FOR KEY SHARE"} {
		if strings.Contains(q, lock) {
			return false
		}
	}
	return true
}

// hasPrefixFold reports whether s begins with prefix, ignoring case.
func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// Target is the state of one database the store sends statements to.
type Target struct {
	// Name is "primary", or the host:port of a replica.
	Name string
	// Replica: a read replica.
	Replica bool
	// Statements run on the target since Open.
	Statements int64
	// Up: the replica serves reads (the primary is always up here).
	Up bool
	// Lag is how far behind the primary the replica was at its last
	// good check.
	Lag time.Duration
}

// Targets returns the primary and the read replicas, with their
// statement counts and, for replicas, health and lag.
func (db *DB) Targets() []Target {
	out := []Target{{Name: "primary", Statements: db.drv.total.Load(), Up: true}}
	if db.rt == nil {
		return out
	}
	for _, rep := range db.rt.replicas {
		out = append(out, Target{
			Name: rep.name, Replica: true, Statements: rep.drv.total.Load(),
			Up: rep.up.Load(), Lag: time.Duration(rep.lag.Load()),
		})
	}
	return out
}

// openReplicas opens the read replicas of cfg, each with the primary's
// pool settings and run-time parameters (jit=off, statement_timeout).
// A replica that does not answer yet is opened all the same: the checks
// put it to use once it does.
func openReplicas(cfg Config) ([]*replica, error) {
	var out []*replica
	for _, raw := range cfg.ReplicaURLs {
		u, err := url.Parse(raw)
		if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
			closeReplicas(out)
			// Do not echo the URL: it may hold a password.
			return nil, fmt.Errorf("replica %d: want a postgres:// URL", len(out)+1)
		}
		db, err := openPostgres(Config{DatabaseURL: raw, MaxOpenConns: cfg.MaxOpenConns, StatementTimeout: cfg.StatementTimeout})
		if err != nil {
			closeReplicas(out)
			return nil, fmt.Errorf("replica %s: %w", u.Host, err)
		}
		probe, err := openPostgres(Config{DatabaseURL: raw, MaxOpenConns: 1, StatementTimeout: time.Second})
		if err != nil {
			db.Close()
			closeReplicas(out)
			return nil, fmt.Errorf("replica %s: %w", u.Host, err)
		}
		out = append(out, &replica{name: u.Host, drv: newPostgresDriver(db, cfg), check: checkReplica(probe), probe: probe})
	}
	return out, nil
}

// closeReplicas closes replicas opened before a failure.
func closeReplicas(reps []*replica) {
	for _, rep := range reps {
		rep.close()
	}
}

// primaryHook runs a mutation on the primary with every read made on its
// behalf (privacy rules, hooks such as refsHook's look-ups), even one
// run outside a transaction, and counts it as a write of the request:
// a mutation's checks must see the latest commit, not a replica's past.
func primaryHook(next ent.Mutator) ent.Mutator {
	return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
		wrote(ctx)
		return next.Mutate(WithPrimary(ctx), m)
	})
}

// scope records that a request has written (WithReadYourWrites).
type scope struct{ wrote atomic.Bool }

type scopeKey struct{}

type primaryKey struct{}

// WithReadYourWrites returns a context in which, once a statement has
// written or a transaction has begun, every later read runs on the
// primary: a request that changes something reads the change back even
// if the replicas have not replayed it yet. The server gives every
// request such a context. Without replicas it changes nothing.
func WithReadYourWrites(ctx context.Context) context.Context {
	return context.WithValue(ctx, scopeKey{}, &scope{})
}

// WithPrimary returns a context whose reads all run on the primary: for
// reads that must see the latest commit, such as the current state after
// a change notification.
func WithPrimary(ctx context.Context) context.Context {
	return context.WithValue(ctx, primaryKey{}, true)
}

// wrote records a write in the request's scope, if any.
func wrote(ctx context.Context) {
	if s, ok := ctx.Value(scopeKey{}).(*scope); ok {
		s.wrote.Store(true)
	}
}

// ReadsPrimary reports whether the reads of ctx run on the primary
// (WithPrimary, or a write before them in a WithReadYourWrites scope).
func ReadsPrimary(ctx context.Context) bool { return onPrimary(ctx) }

// onPrimary reports whether the reads of ctx must run on the primary.
func onPrimary(ctx context.Context) bool {
	if ctx.Value(primaryKey{}) != nil {
		return true
	}
	s, ok := ctx.Value(scopeKey{}).(*scope)
	return ok && s.wrote.Load()
}
