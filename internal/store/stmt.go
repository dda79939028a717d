package store

import (
	"container/list"
	"context"
	"database/sql"
	"sync"

	"kembang/internal/queryplan"
)

// stmtCache keeps the pool's most recently used queries prepared, so
// that PostgreSQL parses each distinct query once per connection
// instead of once per execution, and an execution is one round trip
// (Bind, Execute, Sync) instead of two.
//
// A *sql.Stmt of a pool prepares itself on each connection it runs on;
// the cache holds at most max of them and closes the least recently used
// when a new query arrives, once no caller still holds it.
type stmtCache struct {
	db  *sql.DB
	max int

	mu  sync.Mutex
	lru *list.List // of *cachedStmt, most recently used first
	m   map[string]*list.Element
}

// cachedStmt is one prepared query and the callers holding it.
type cachedStmt struct {
	query   string
	stmt    *sql.Stmt
	refs    int
	evicted bool
}

func newStmtCache(db *sql.DB, max int) *stmtCache {
	return &stmtCache{db: db, max: max, lru: list.New(), m: make(map[string]*list.Element)}
}

// query runs query with args on a prepared statement.
func (c *stmtCache) query(ctx context.Context, query string, args []any) (*sql.Rows, error) {
	s, err := c.acquire(ctx, query)
	if err != nil {
		return nil, err
	}
	// The rows keep the statement open until they are closed, so the
	// statement may be released (and closed if evicted) now.
	rows, err := s.stmt.QueryContext(ctx, args...)
	c.release(s)
	return rows, err
}

// acquire returns the prepared statement of query, preparing it on a
// miss, with one more reference.
func (c *stmtCache) acquire(ctx context.Context, query string) (*cachedStmt, error) {
	c.mu.Lock()
	if s := c.hit(query); s != nil {
		c.mu.Unlock()
		return s, nil
	}
	c.mu.Unlock()
	// Prepare outside the lock; another caller may race us to it.
	stmt, err := c.db.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if s := c.hit(query); s != nil {
		stmt.Close()
		return s, nil
	}
	s := &cachedStmt{query: query, stmt: stmt, refs: 1}
	c.m[query] = c.lru.PushFront(s)
	for c.lru.Len() > c.max {
		old := c.lru.Remove(c.lru.Back()).(*cachedStmt)
		delete(c.m, old.query)
		old.evicted = true
		if old.refs == 0 {
			old.stmt.Close()
		}
	}
	return s, nil
}

// hit returns the cached statement of query, if any, with one more
// reference, and marks it most recently used. c.mu must be held.
func (c *stmtCache) hit(query string) *cachedStmt {
	e, ok := c.m[query]
	if !ok {
		return nil
	}
	c.lru.MoveToFront(e)
	s := e.Value.(*cachedStmt)
	s.refs++
	return s
}

// release drops a reference taken by acquire.
func (c *stmtCache) release(s *cachedStmt) {
	c.mu.Lock()
	s.refs--
	closeIt := s.evicted && s.refs == 0
	c.mu.Unlock()
	if closeIt {
		s.stmt.Close()
	}
}

// close closes every cached statement.
func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for e := c.lru.Front(); e != nil; e = e.Next() {
		e.Value.(*cachedStmt).stmt.Close()
	}
	c.lru.Init()
	clear(c.m)
}

// WithCustomPlans returns a context whose statements are not prepared
// (queryplan.WithCustom): PostgreSQL plans each one for its arguments,
// every time.
func WithCustomPlans(ctx context.Context) context.Context {
	return queryplan.WithCustom(ctx)
}

// customPlans reports whether ctx asks for custom plans.
func customPlans(ctx context.Context) bool { return queryplan.Custom(ctx) }
