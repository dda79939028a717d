package store

import (
	"context"
	"strings"

	"entgo.io/ent/dialect"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"
)

// start counts a statement and, when the store traces (Config.Tracer),
// starts its span, a child of the span in ctx. Without a tracer it
// returns ctx and a no-op span, without allocating.
func (d *countingDriver) start(ctx context.Context, query string) (context.Context, trace.Span) {
	d.count(ctx)
	if d.tracer == nil {
		return ctx, noSpan
	}
	return d.tracer.Start(ctx, statementName(query),
		trace.WithSpanKind(trace.SpanKindClient),
		trace.WithAttributes(
			attribute.String("db.system.name", dbSystem(d.dialect)),
			// ent's statements carry placeholders, never values.
			attribute.String("db.query.text", query),
		))
}

// noSpan is the span of statements when tracing is off.
var noSpan = trace.SpanFromContext(context.Background())

// endSpan records *err on span, if any, and ends it.
func endSpan(span trace.Span, err *error) {
	if !span.IsRecording() {
		return
	}
	if *err != nil {
		span.RecordError(*err)
		span.SetStatus(codes.Error, "statement failed")
	}
	span.End()
}

// statementName is the span name of query: its first keyword (SELECT,
// INSERT...), as OpenTelemetry's database conventions suggest when the
// collection is not known.
func statementName(query string) string {
	query = strings.TrimSpace(query)
	if i := strings.IndexAny(query, " \t\n("); i > 0 {
		query = query[:i]
	}
	if query == "" {
		return "SQL"
	}
	return strings.ToUpper(query)
}

// dbSystem is the OpenTelemetry db.system.name of an ent dialect.
func dbSystem(name string) string {
	if name == dialect.Postgres {
		return "postgresql"
	}
	return name
}
