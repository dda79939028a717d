package httpapi

import (
	"net/http"

	"kembang/internal/fault"
	"kembang/internal/telemetry"
)

// admit lets next serve at most n requests at once; the others wait for a
// slot in the order they came (a channel's waiting senders are served
// first in, first out) until their context ends, when they get 503
// UNAVAILABLE. With n <= 0 it returns next.
//
// On a saturated server every request in progress shares the CPUs and
// waits on the database with all the others, and a request's latency
// depends on whatever it happens to run beside. Admitting a few at a time
// keeps the CPUs as busy but serves the requests nearly in order: the
// throughput is the same and the tail latency shorter (docs/performance.md,
// fourth round).
//
// m, when not nil, counts the requests waiting and those being served.
func admit(n int, m *telemetry.Metrics, next http.Handler) http.Handler {
	if n <= 0 {
		if m == nil {
			return next
		}
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			defer m.InFlight()()
			next.ServeHTTP(w, r)
		})
	}
	slots := make(chan struct{}, n)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case slots <- struct{}{}:
		default:
			waited := m.Queued()
			select {
			case slots <- struct{}{}:
				waited()
			case <-r.Context().Done():
				waited()
				writeError(w, r, http.StatusServiceUnavailable, string(fault.Unavailable),
					"the server is busy: the request timed out waiting for its turn")
				return
			}
		}
		defer func() { <-slots }()
		defer m.InFlight()()
		next.ServeHTTP(w, r)
	})
}
