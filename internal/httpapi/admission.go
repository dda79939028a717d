package httpapi

import (
	"context"
	"net/http"

	"kembang/internal/fault"
	"kembang/internal/limits"
	"kembang/internal/telemetry"
)

// admit lets next serve at most n requests at once; the others wait for a
// slot in the order they came (a channel's waiting senders are served
// first in, first out) until their context ends, when they get 503
// UNAVAILABLE. With n <= 0 it admits every request at once.
//
// On a saturated server every request in progress shares the CPUs and
// waits on the database with all the others, and a request's latency
// depends on whatever it happens to run beside. Admitting a few at a time
// keeps the CPUs as busy but serves the requests nearly in order: the
// throughput is the same and the tail latency shorter (docs/performance.md,
// fourth round).
//
// budget, when not nil, bounds the large operations in flight by their
// size as well: every request carries a limits.Ticket, which the limits
// guard fills with its operation's weight, and which is given back here
// once next has written the response. A request waiting for weight gives
// up its slot meanwhile (so that small operations do not queue behind it)
// and waits its turn for one again, as a new request does, before its
// operation runs.
//
// m, when not nil, counts the requests waiting and those being served.
func admit(n int, budget *limits.Budget, m *telemetry.Metrics, next http.Handler) http.Handler {
	if n <= 0 && budget == nil && m == nil {
		return next
	}
	var slots chan struct{}
	if n > 0 {
		slots = make(chan struct{}, n)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s := &slot{slots: slots, m: m}
		if err := s.take(r.Context()); err != nil {
			writeError(w, r, http.StatusServiceUnavailable, string(fault.Unavailable),
				"the server is busy: the request timed out waiting for its turn")
			return
		}
		defer s.give()
		if budget != nil {
			ctx, t := limits.NewTicketContext(r.Context(), budget, s.pause)
			defer t.Release() // after the response is written: it is part of what the request holds
			r = r.WithContext(ctx)
		}
		next.ServeHTTP(w, r)
	})
}

// slot is one request's place among those admission lets run at once.
type slot struct {
	slots chan struct{} // nil: no limit
	m     *telemetry.Metrics
	held  bool
	done  func() // ends the count of the request in flight
}

// take waits for a slot until ctx ends.
func (s *slot) take(ctx context.Context) error {
	if s.slots != nil {
		select {
		case s.slots <- struct{}{}:
		default:
			waited := s.m.Queued()
			select {
			case s.slots <- struct{}{}:
				waited()
			case <-ctx.Done():
				waited()
				return ctx.Err()
			}
		}
	}
	s.held = true
	s.done = s.m.InFlight()
	return nil
}

// give gives the slot back, if the request holds one.
func (s *slot) give() {
	if !s.held {
		return
	}
	s.held = false
	s.done()
	if s.slots != nil {
		<-s.slots
	}
}

// pause gives the slot back while the request waits for its weight of
// the budget (limits.NewTicketContext), and returns the function that
// takes one again.
func (s *slot) pause() (resume func(context.Context) error) {
	s.give()
	return s.take
}
