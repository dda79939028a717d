package httpapi

import (
	"net"
	"net/http"
	"strconv"
	"time"

	"kembang/internal/ratelimit"
	"kembang/internal/telemetry"
	"kembang/internal/viewer"
)

// MaxRateClients bounds the clients whose budgets are tracked at once.
const MaxRateClients = 100_000

// rateLimited identifies the client of each GraphQL request for rate
// limiting and reports its budget in X-RateLimit-* headers (GitHub's
// names); a request refused for lack of points gets HTTP 429 with
// Retry-After. Clients are told apart by viewer (an API key is its own
// viewer, with its own budget when it has one), anonymous ones by address.
//
// m, when not nil, counts the refusals.
func rateLimited(m *telemetry.Metrics, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, report := ratelimit.NewContext(r.Context(), clientKey(r))
		if v, ok := viewer.FromContext(ctx); ok {
			report.SetLimit(v.RateLimit)
		}
		next.ServeHTTP(&rateWriter{ResponseWriter: w, report: report, metrics: m}, r.WithContext(ctx))
	})
}

// clientKey names the caller of r: its viewer when authenticated, else
// its IP address.
func clientKey(r *http.Request) string {
	if v, ok := viewer.FromContext(r.Context()); ok && v.Subject != "" {
		return "viewer:" + v.Subject
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return "addr:" + r.RemoteAddr
	}
	return "addr:" + host
}

// rateWriter writes the rate-limit headers before the response starts.
type rateWriter struct {
	http.ResponseWriter
	report  *ratelimit.Report
	metrics *telemetry.Metrics
	written bool
}

// WriteHeader adds the headers, and turns a refused request into 429.
func (w *rateWriter) WriteHeader(code int) {
	if !w.written {
		w.written = true
		if st, refused, ok := w.report.Status(); ok {
			h := w.Header()
			h.Set("X-RateLimit-Limit", strconv.Itoa(st.Limit))
			h.Set("X-RateLimit-Remaining", strconv.Itoa(st.Remaining))
			h.Set("X-RateLimit-Used", strconv.Itoa(st.Used))
			h.Set("X-RateLimit-Reset", strconv.FormatInt(st.ResetAt.Unix(), 10))
			if refused {
				h.Set("Retry-After", strconv.Itoa(max(1, int(time.Until(st.ResetAt).Seconds()))))
				code = http.StatusTooManyRequests
				w.metrics.RateLimited()
			}
		}
	}
	w.ResponseWriter.WriteHeader(code)
}

// Write starts the response with status 200 if not started.
func (w *rateWriter) Write(b []byte) (int, error) {
	if !w.written {
		w.WriteHeader(http.StatusOK)
	}
	return w.ResponseWriter.Write(b)
}

// Flush sends what is written so far (gqlgen's event streams need an
// http.Flusher), starting the response with status 200 if not started.
func (w *rateWriter) Flush() {
	if !w.written {
		w.WriteHeader(http.StatusOK)
	}
	http.NewResponseController(w.ResponseWriter).Flush()
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *rateWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
