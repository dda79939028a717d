// Package ratelimit budgets API use per client in points per hour, as
// GitHub's GraphQL API does: every client (a viewer, an API key or, for
// anonymous callers, an address) has Limit points per window; each
// request spends points according to its cost, and the budget is
// restored whole when the window, which starts at the client's first
// request, ends.
package ratelimit

import (
	"sync"
	"time"
)

// Status is a client's budget after a request.
type Status struct {
	Limit     int       // points per window
	Cost      int       // points the request spent (or would have)
	Remaining int       // points left in the window
	Used      int       // points spent in the window
	ResetAt   time.Time // when the window ends and the budget is restored
}

// Limiter tracks budgets in memory. The zero value is not usable; use New.
// A Limiter is safe for concurrent use.
type Limiter struct {
	limit  int
	window time.Duration
	max    int // most clients tracked at once

	mu      sync.Mutex
	clients map[string]*budget
}

// budget is one client's window.
type budget struct {
	used    int
	resetAt time.Time
}

// New returns a limiter granting limit points per window to each client,
// tracking at most maxClients clients at once (older windows are
// dropped first when full; a dropped client starts a fresh window).
func New(limit int, window time.Duration, maxClients int) *Limiter {
	return &Limiter{limit: limit, window: window, max: max(maxClients, 1), clients: map[string]*budget{}}
}

// Limit returns the points per window.
func (l *Limiter) Limit() int { return l.limit }

// Take spends cost points of key's budget at now. It reports false, and
// spends nothing, when the budget cannot cover the cost.
func (l *Limiter) Take(key string, cost int, now time.Time) (Status, bool) {
	return l.TakeWithin(key, l.limit, cost, now)
}

// TakeWithin is Take for a client with its own limit per window (an API
// key's budget); limit <= 0 means the limiter's.
func (l *Limiter) TakeWithin(key string, limit, cost int, now time.Time) (Status, bool) {
	if limit <= 0 {
		limit = l.limit
	}
	cost = max(cost, 0)
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.clients[key]
	if b == nil || !now.Before(b.resetAt) {
		if b == nil && len(l.clients) >= l.max {
			l.evict(now)
		}
		b = &budget{resetAt: now.Add(l.window)}
		l.clients[key] = b
	}
	ok := b.used+cost <= limit
	if ok {
		b.used += cost
	}
	return Status{Limit: limit, Cost: cost, Remaining: max(limit-b.used, 0), Used: b.used, ResetAt: b.resetAt}, ok
}

// evict drops expired windows, or the one ending soonest when none has
// expired. It is called with l.mu held.
func (l *Limiter) evict(now time.Time) {
	var soonest string
	for k, b := range l.clients {
		if !now.Before(b.resetAt) {
			delete(l.clients, k)
			continue
		}
		if soonest == "" || b.resetAt.Before(l.clients[soonest].resetAt) {
			soonest = k
		}
	}
	if len(l.clients) >= l.max && soonest != "" {
		delete(l.clients, soonest)
	}
}
