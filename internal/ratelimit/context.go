package ratelimit

import (
	"context"
	"sync"
)

// Report carries a request's client key in, and its budget status out,
// between the HTTP layer (which identifies the client and writes the
// X-RateLimit-* headers) and the GraphQL layer (which prices the
// operation and spends the points).
type Report struct {
	key   string
	limit int // the client's own limit; 0: the limiter's

	mu      sync.Mutex
	status  Status
	set     bool
	refused bool
}

type reportKey struct{}

// NewContext returns ctx carrying a fresh report for the client key.
func NewContext(ctx context.Context, key string) (context.Context, *Report) {
	r := &Report{key: key}
	return context.WithValue(ctx, reportKey{}, r), r
}

// FromContext returns the report of ctx, if any.
func FromContext(ctx context.Context) (*Report, bool) {
	r, ok := ctx.Value(reportKey{}).(*Report)
	return r, ok
}

// Key returns the client key.
func (r *Report) Key() string { return r.key }

// SetLimit gives the client its own limit per window (an API key's
// budget); 0 keeps the limiter's. Call it before the request is charged.
func (r *Report) SetLimit(n int) { r.limit = n }

// Limit returns the client's own limit per window, or 0.
func (r *Report) Limit() int { return r.limit }

// Record stores the status of the request's charge; refused tells
// whether the budget could not cover it.
func (r *Report) Record(s Status, refused bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.status, r.set, r.refused = s, true, refused
}

// Status returns the recorded status, if the request was charged.
func (r *Report) Status() (s Status, refused, ok bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.status, r.refused, r.set
}
