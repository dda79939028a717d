package httpapi

import (
	"net/http"

	"kembang/internal/fault"
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
func admit(n int, next http.Handler) http.Handler {
	if n <= 0 {
		return next
	}
	slots := make(chan struct{}, n)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case slots <- struct{}{}:
		case <-r.Context().Done():
			writeError(w, r, http.StatusServiceUnavailable, string(fault.Unavailable),
				"the server is busy: the request timed out waiting for its turn")
			return
		}
		defer func() { <-slots }()
		next.ServeHTTP(w, r)
	})
}
