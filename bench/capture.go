package bench

import (
	"context"
	"sync"

	"entgo.io/ent/dialect"
)

// Statement is one SQL statement run by the ent client.
type Statement struct {
	SQL  string
	Args []any
}

// Capture is an ent dialect.Driver that records the statements it runs,
// to EXPLAIN them. Transactions are recorded too.
type Capture struct {
	dialect.Driver
	mu    sync.Mutex
	stmts []Statement
}

// Take returns the statements recorded since the last call and forgets
// them.
func (c *Capture) Take() []Statement {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := c.stmts
	c.stmts = nil
	return s
}

func (c *Capture) record(q string, args any) {
	a, _ := args.([]any)
	c.mu.Lock()
	c.stmts = append(c.stmts, Statement{SQL: q, Args: a})
	c.mu.Unlock()
}

// Exec implements dialect.ExecQuerier.
func (c *Capture) Exec(ctx context.Context, q string, args, v any) error {
	c.record(q, args)
	return c.Driver.Exec(ctx, q, args, v)
}

// Query implements dialect.ExecQuerier.
func (c *Capture) Query(ctx context.Context, q string, args, v any) error {
	c.record(q, args)
	return c.Driver.Query(ctx, q, args, v)
}

// Tx implements dialect.Driver.
func (c *Capture) Tx(ctx context.Context) (dialect.Tx, error) {
	tx, err := c.Driver.Tx(ctx)
	if err != nil {
		return nil, err
	}
	return &captureTx{Tx: tx, c: c}, nil
}

// captureTx records the statements of a transaction.
type captureTx struct {
	dialect.Tx
	c *Capture
}

// Exec implements dialect.ExecQuerier.
func (t *captureTx) Exec(ctx context.Context, q string, args, v any) error {
	t.c.record(q, args)
	return t.Tx.Exec(ctx, q, args, v)
}

// Query implements dialect.ExecQuerier.
func (t *captureTx) Query(ctx context.Context, q string, args, v any) error {
	t.c.record(q, args)
	return t.Tx.Query(ctx, q, args, v)
}
