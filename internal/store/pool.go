package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"entgo.io/ent/dialect"
)

// flushInterval is the least time between two flushes of the idle pool.
const flushInterval = time.Second

// pool drops the idle connections of a PostgreSQL pool when a statement
// finds the server unreachable.
//
// When PostgreSQL stops, every idle connection of the pool is dead, but
// neither database/sql nor lib/pq notices before the connection is used:
// after the server returns, each would fail one more request. Dropping
// the idle connections at the first sign of an outage makes the pool
// dial fresh ones, so service resumes with the first request after the
// server is back. Connections in use are discarded by database/sql when
// lib/pq reports them bad (driver.ErrBadConn, IsValid).
type pool struct {
	db       *sql.DB
	maxIdle  int
	last     atomic.Int64 // unix nanoseconds of the last flush
	flushing sync.Mutex
}

// observe flushes the idle connections if err shows the database is
// unreachable, at most once per flushInterval. It is safe on a nil pool.
func (p *pool) observe(err error) {
	if p == nil || err == nil || !unreachable(err) {
		return
	}
	now := time.Now().UnixNano()
	last := p.last.Load()
	if now-last < int64(flushInterval) || !p.last.CompareAndSwap(last, now) {
		return
	}
	p.flushing.Lock()
	defer p.flushing.Unlock()
	// SetMaxIdleConns closes the idle connections above the new limit.
	p.db.SetMaxIdleConns(-1)
	p.db.SetMaxIdleConns(p.maxIdle)
}

// lazyTx is a transaction that begins with its first statement.
//
// entgql.Transactioner opens the transaction of a mutation before any
// resolver runs and reports a failure to open it with the driver's text
// and no error code ("cannot create transaction: dial tcp …"), bypassing
// the GraphQL error presenter. Beginning with the first statement moves
// that failure into the resolver, where it is classified like any other
// (UNAVAILABLE when the database is down). A mutation that runs no
// statement commits nothing and never touches the database.
type lazyTx struct {
	drv *countingDriver
	ctx context.Context // of the Tx call: the transaction's lifetime

	mu   sync.Mutex
	tx   *countingTx
	err  error
	done bool
}

// begin returns the open transaction, beginning it on first use.
func (t *lazyTx) begin() (*countingTx, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	switch {
	case t.done:
		return nil, sql.ErrTxDone
	case t.tx == nil && t.err == nil:
		tx, err := t.drv.Driver.Tx(t.ctx)
		if err != nil {
			t.drv.pool.observe(err)
			t.err = Classify(fmt.Errorf("store: begin transaction: %w", err))
		} else {
			t.tx = &countingTx{Tx: tx, drv: t.drv}
		}
	}
	return t.tx, t.err
}

// Exec implements dialect.ExecQuerier.
func (t *lazyTx) Exec(ctx context.Context, query string, args, v any) error {
	tx, err := t.begin()
	if err != nil {
		return err
	}
	return tx.Exec(ctx, query, args, v)
}

// Query implements dialect.ExecQuerier.
func (t *lazyTx) Query(ctx context.Context, query string, args, v any) error {
	tx, err := t.begin()
	if err != nil {
		return err
	}
	return tx.Query(ctx, query, args, v)
}

// ExecContext backs ent's Tx.ExecContext.
func (t *lazyTx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	tx, err := t.begin()
	if err != nil {
		return nil, err
	}
	return tx.ExecContext(ctx, query, args...)
}

// QueryContext backs ent's Tx.QueryContext.
func (t *lazyTx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	tx, err := t.begin()
	if err != nil {
		return nil, err
	}
	return tx.QueryContext(ctx, query, args...)
}

// Commit commits the transaction, if it began. A failure is classified:
// its text may reach clients through entgql ("cannot commit
// transaction: …").
func (t *lazyTx) Commit() error {
	tx, err := t.finish()
	if tx == nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		t.drv.pool.observe(err)
		return Classify(fmt.Errorf("store: commit: %w", err))
	}
	return nil
}

// Rollback rolls the transaction back, if it began.
func (t *lazyTx) Rollback() error {
	tx, err := t.finish()
	if tx == nil {
		return err
	}
	if err := tx.Rollback(); err != nil && !errors.Is(err, sql.ErrTxDone) {
		return Classify(fmt.Errorf("store: rollback: %w", err))
	}
	return nil
}

// finish marks the transaction done and returns it, or nil and the error
// of a second Commit or Rollback.
func (t *lazyTx) finish() (*countingTx, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.done {
		return nil, sql.ErrTxDone
	}
	t.done = true
	return t.tx, nil
}

var _ dialect.Tx = (*lazyTx)(nil)
