package store

import (
	"context"
	"database/sql"
	"fmt"
	"sync/atomic"
	"time"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	"go.opentelemetry.io/otel/trace"
)

// Counter counts the statements run by the ent client on behalf of one
// context, typically one request. It is safe for concurrent use.
type Counter struct {
	n      atomic.Int64
	parent *Counter
}

// Count returns the number of statements counted so far.
func (c *Counter) Count() int64 { return c.n.Load() }

func (c *Counter) add() {
	for ; c != nil; c = c.parent {
		c.n.Add(1)
	}
}

type counterKey struct{}

// WithCounter returns a context that counts the statements run with it
// (and contexts derived from it), and the counter. Statements are Exec
// and Query calls, inside transactions or not; BEGIN, COMMIT and ROLLBACK
// are not counted. If ctx already carries a counter, statements are
// counted by both.
func WithCounter(ctx context.Context) (context.Context, *Counter) {
	c := &Counter{}
	c.parent, _ = ctx.Value(counterKey{}).(*Counter)
	return context.WithValue(ctx, counterKey{}, c), c
}

// CounterFrom returns the innermost counter attached to ctx, if any.
func CounterFrom(ctx context.Context) (*Counter, bool) {
	c, ok := ctx.Value(counterKey{}).(*Counter)
	return c, ok
}

// countingDriver is a dialect.Driver that counts statements, in total and
// per context, before passing them to the wrapped driver.
type countingDriver struct {
	dialect.Driver
	total atomic.Int64
	// utc converts time arguments to UTC. SQLite stores times as text in
	// the zone they arrive in and compares them as text, so every time
	// must be written in one zone for ranges and ordering to hold.
	utc bool
	// pool, for PostgreSQL, drops idle connections when the server is
	// found unreachable. Nil for SQLite.
	pool *pool
	// stmts, for PostgreSQL, prepares the queries run outside
	// transactions. Nil for SQLite.
	stmts *stmtCache
	// tracer, when set, traces every statement (Config.Tracer).
	tracer trace.Tracer
	// dialect is dialect.Postgres or dialect.SQLite.
	dialect string
}

func (d *countingDriver) count(ctx context.Context) {
	d.total.Add(1)
	if c, ok := ctx.Value(counterKey{}).(*Counter); ok {
		c.add()
	}
}

// Exec implements dialect.ExecQuerier.
func (d *countingDriver) Exec(ctx context.Context, query string, args, v any) (err error) {
	ctx, span := d.start(ctx, query)
	defer endSpan(span, &err)
	err = d.Driver.Exec(ctx, query, d.args(args), v)
	d.pool.observe(err)
	return err
}

// Query implements dialect.ExecQuerier.
func (d *countingDriver) Query(ctx context.Context, query string, args, v any) (err error) {
	ctx, span := d.start(ctx, query)
	defer endSpan(span, &err)
	if d.stmts != nil && !customPlans(ctx) {
		err = d.prepared(ctx, query, args, v)
	} else {
		err = d.Driver.Query(ctx, query, d.args(args), v)
	}
	d.pool.observe(err)
	return err
}

// prepared runs a query outside a transaction on a prepared statement.
func (d *countingDriver) prepared(ctx context.Context, query string, args, v any) error {
	vr, ok := v.(*entsql.Rows)
	if !ok {
		return fmt.Errorf("store: invalid type %T, want *sql.Rows", v)
	}
	argv, ok := args.([]any)
	if !ok {
		return fmt.Errorf("store: invalid type %T, want []any", args)
	}
	rows, err := d.stmts.query(ctx, query, d.list(argv))
	if err != nil {
		return err
	}
	*vr = entsql.Rows{ColumnScanner: rows}
	return nil
}

// ExecContext backs ent's ExecQuery feature (Client.ExecContext).
func (d *countingDriver) ExecContext(ctx context.Context, query string, args ...any) (_ sql.Result, err error) {
	ex, ok := d.Driver.(interface {
		ExecContext(context.Context, string, ...any) (sql.Result, error)
	})
	if !ok {
		return nil, fmt.Errorf("store: %T does not support ExecContext", d.Driver)
	}
	ctx, span := d.start(ctx, query)
	defer endSpan(span, &err)
	return ex.ExecContext(ctx, query, d.list(args)...)
}

// QueryContext backs ent's ExecQuery feature (Client.QueryContext).
func (d *countingDriver) QueryContext(ctx context.Context, query string, args ...any) (_ *sql.Rows, err error) {
	q, ok := d.Driver.(interface {
		QueryContext(context.Context, string, ...any) (*sql.Rows, error)
	})
	if !ok {
		return nil, fmt.Errorf("store: %T does not support QueryContext", d.Driver)
	}
	ctx, span := d.start(ctx, query)
	defer endSpan(span, &err)
	return q.QueryContext(ctx, query, d.list(args)...)
}

// Tx implements dialect.Driver. The transaction begins with its first
// statement (see lazyTx), so Tx itself never fails.
func (d *countingDriver) Tx(ctx context.Context) (dialect.Tx, error) {
	return &lazyTx{drv: d, ctx: ctx}, nil
}

// BeginTx backs ent's Client.BeginTx.
func (d *countingDriver) BeginTx(ctx context.Context, opts *sql.TxOptions) (dialect.Tx, error) {
	b, ok := d.Driver.(interface {
		BeginTx(context.Context, *entsql.TxOptions) (dialect.Tx, error)
	})
	if !ok {
		return nil, fmt.Errorf("store: %T does not support BeginTx", d.Driver)
	}
	tx, err := b.BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	return &countingTx{Tx: tx, drv: d}, nil
}

// countingTx counts the statements of a transaction.
type countingTx struct {
	dialect.Tx
	drv *countingDriver
}

// Exec implements dialect.ExecQuerier.
func (t *countingTx) Exec(ctx context.Context, query string, args, v any) (err error) {
	ctx, span := t.drv.start(ctx, query)
	defer endSpan(span, &err)
	err = t.Tx.Exec(ctx, query, t.drv.args(args), v)
	t.drv.pool.observe(err)
	return err
}

// Query implements dialect.ExecQuerier.
func (t *countingTx) Query(ctx context.Context, query string, args, v any) (err error) {
	ctx, span := t.drv.start(ctx, query)
	defer endSpan(span, &err)
	err = t.Tx.Query(ctx, query, t.drv.args(args), v)
	t.drv.pool.observe(err)
	return err
}

// ExecContext backs ent's Tx.ExecContext.
func (t *countingTx) ExecContext(ctx context.Context, query string, args ...any) (_ sql.Result, err error) {
	ex, ok := t.Tx.(interface {
		ExecContext(context.Context, string, ...any) (sql.Result, error)
	})
	if !ok {
		return nil, fmt.Errorf("store: %T does not support ExecContext", t.Tx)
	}
	ctx, span := t.drv.start(ctx, query)
	defer endSpan(span, &err)
	return ex.ExecContext(ctx, query, t.drv.list(args)...)
}

// QueryContext backs ent's Tx.QueryContext.
func (t *countingTx) QueryContext(ctx context.Context, query string, args ...any) (_ *sql.Rows, err error) {
	q, ok := t.Tx.(interface {
		QueryContext(context.Context, string, ...any) (*sql.Rows, error)
	})
	if !ok {
		return nil, fmt.Errorf("store: %T does not support QueryContext", t.Tx)
	}
	ctx, span := t.drv.start(ctx, query)
	defer endSpan(span, &err)
	return q.QueryContext(ctx, query, t.drv.list(args)...)
}

// args normalises the arguments of a dialect.ExecQuerier call.
func (d *countingDriver) args(args any) any {
	if list, ok := args.([]any); ok {
		return d.list(list)
	}
	return args
}

// list converts time arguments to UTC when d.utc is set; it copies the
// list only when it changes something.
func (d *countingDriver) list(args []any) []any {
	if !d.utc {
		return args
	}
	var out []any
	for i, a := range args {
		var t time.Time
		switch a := a.(type) {
		case time.Time:
			t = a
		case *time.Time:
			if a == nil {
				continue
			}
			t = *a
		default:
			continue
		}
		if t.Location() == time.UTC {
			continue
		}
		if out == nil {
			out = append([]any(nil), args...)
		}
		out[i] = t.UTC()
	}
	if out == nil {
		return args
	}
	return out
}

// Close closes the prepared statements, then the pool.
func (d *countingDriver) Close() error {
	if d.stmts != nil {
		d.stmts.close()
	}
	return d.Driver.Close()
}
