package httpapi

import (
	"context"
	"log/slog"

	"go.opentelemetry.io/otel/trace"
)

// LogHandler returns a handler that adds to each record the request id of
// its context (RequestID), unless the record already has one, and the
// trace id of its span when the span is sampled (tracing is on), and
// passes it on to h.
func LogHandler(h slog.Handler) slog.Handler { return requestIDHandler{h} }

// requestIDHandler adds the request id of a record's context to the
// record, unless the record already has one.
type requestIDHandler struct{ slog.Handler }

// Handle adds request_id and passes the record on.
func (h requestIDHandler) Handle(ctx context.Context, r slog.Record) error {
	if id := RequestID(ctx); id != "" {
		has := false
		r.Attrs(func(a slog.Attr) bool {
			has = a.Key == requestIDKey
			return !has
		})
		if !has {
			r = r.Clone()
			r.AddAttrs(slog.String(requestIDKey, id))
		}
	}
	if sc := trace.SpanContextFromContext(ctx); sc.IsSampled() {
		r = r.Clone()
		r.AddAttrs(slog.String(traceIDKey, sc.TraceID().String()))
	}
	return h.Handler.Handle(ctx, r)
}

// WithAttrs returns a handler whose records also carry attrs.
func (h requestIDHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return requestIDHandler{h.Handler.WithAttrs(attrs)}
}

// WithGroup returns a handler that puts later attributes in group name.
func (h requestIDHandler) WithGroup(name string) slog.Handler {
	return requestIDHandler{h.Handler.WithGroup(name)}
}

// requestIDKey is the log attribute of request ids, the key graph's
// error presenter uses too.
const requestIDKey = "request_id"

// traceIDKey is the log attribute of trace ids.
const traceIDKey = "trace_id"
