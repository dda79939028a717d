package telemetry

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracegrpc"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"
)

// ScopeName is the instrumentation scope of Kembang's own spans.
const ScopeName = "kembang"

// ErrUnsupportedExporter is returned by NewTracing for an
// OTEL_TRACES_EXPORTER or OTEL_EXPORTER_OTLP_*PROTOCOL it does not support.
var ErrUnsupportedExporter = errors.New("telemetry: unsupported trace exporter")

// TracingEnabled reports whether the OTEL_* variables ask for traces: an
// OTLP endpoint is set (OTEL_EXPORTER_OTLP_ENDPOINT or
// OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) or OTEL_TRACES_EXPORTER is "otlp";
// OTEL_TRACES_EXPORTER=none and OTEL_SDK_DISABLED=true switch them off.
func TracingEnabled(getenv func(string) string) bool {
	if strings.EqualFold(getenv("OTEL_SDK_DISABLED"), "true") {
		return false
	}
	switch strings.ToLower(strings.TrimSpace(getenv("OTEL_TRACES_EXPORTER"))) {
	case "none":
		return false
	case "otlp":
		return true
	}
	return getenv("OTEL_EXPORTER_OTLP_ENDPOINT") != "" || getenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") != ""
}

// Tracing is the server's OpenTelemetry tracing. A nil *Tracing traces
// nothing and its methods cost nothing.
type Tracing struct {
	// Provider makes the tracers of the HTTP, GraphQL and SQL spans.
	Provider trace.TracerProvider
	// Propagator reads the trace context of incoming requests
	// (traceparent, W3C baggage).
	Propagator propagation.TextMapPropagator

	tracer   trace.Tracer
	shutdown func(context.Context) error
}

// NewTracing returns the tracing the OTEL_* variables of getenv ask for
// (TracingEnabled), exporting in batches over OTLP: HTTP/protobuf (port
// 4318) by default, gRPC (port 4317) with OTEL_EXPORTER_OTLP_PROTOCOL or
// OTEL_EXPORTER_OTLP_TRACES_PROTOCOL set to grpc. The exporters read the
// standard variables themselves (endpoint, headers, timeout, TLS).
// The service name is OTEL_SERVICE_NAME, default "kembang"; the sampler
// is OTEL_TRACES_SAMPLER (default parentbased_always_on). It returns nil
// when tracing is off.
func NewTracing(ctx context.Context, getenv func(string) string) (*Tracing, error) {
	switch e := strings.ToLower(strings.TrimSpace(getenv("OTEL_TRACES_EXPORTER"))); e {
	case "", "otlp", "none":
	default:
		return nil, fmt.Errorf("%w: OTEL_TRACES_EXPORTER=%s (want otlp or none)", ErrUnsupportedExporter, e)
	}
	if !TracingEnabled(getenv) {
		return nil, nil
	}
	proto := getenv("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL")
	if proto == "" {
		proto = getenv("OTEL_EXPORTER_OTLP_PROTOCOL")
	}
	var (
		exp sdktrace.SpanExporter
		err error
	)
	switch proto {
	case "", "http/protobuf":
		exp, err = otlptracehttp.New(ctx)
	case "grpc":
		exp, err = otlptracegrpc.New(ctx)
	default:
		return nil, fmt.Errorf("%w: OTLP protocol %q (want http/protobuf or grpc)", ErrUnsupportedExporter, proto)
	}
	if err != nil {
		return nil, fmt.Errorf("telemetry: OTLP exporter: %w", err)
	}
	res, err := resource.Merge(resource.Default(), resource.NewSchemaless(semconv.ServiceName(serviceName(getenv))))
	if err != nil {
		return nil, fmt.Errorf("telemetry: resource: %w", err)
	}
	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(exp), sdktrace.WithResource(res))
	return NewTracingFrom(tp, tp.Shutdown), nil
}

// serviceName is OTEL_SERVICE_NAME, default "kembang".
func serviceName(getenv func(string) string) string {
	if s := getenv("OTEL_SERVICE_NAME"); s != "" {
		return s
	}
	return "kembang"
}

// NewTracingFrom returns tracing through tp (tests pass a provider with
// an in-memory exporter); shutdown, if not nil, is called by Shutdown.
func NewTracingFrom(tp trace.TracerProvider, shutdown func(context.Context) error) *Tracing {
	return &Tracing{
		Provider:   tp,
		Propagator: propagation.NewCompositeTextMapPropagator(propagation.TraceContext{}, propagation.Baggage{}),
		tracer:     tp.Tracer(ScopeName),
		shutdown:   shutdown,
	}
}

// Tracer returns the tracer of Kembang's own spans; nil when t is nil.
func (t *Tracing) Tracer() trace.Tracer {
	if t == nil {
		return nil
	}
	return t.tracer
}

// Shutdown exports the spans still buffered and stops the exporter.
func (t *Tracing) Shutdown(ctx context.Context) error {
	if t == nil || t.shutdown == nil {
		return nil
	}
	return t.shutdown(ctx)
}

// Handler wraps h in an HTTP server span (otelhttp, named after the
// method: the route is not known yet where it starts) that continues the
// trace of the request's traceparent header; with t nil it returns h.
func (t *Tracing) Handler(h http.Handler) http.Handler {
	if t == nil {
		return h
	}
	return otelhttp.NewHandler(h, "http",
		otelhttp.WithTracerProvider(t.Provider),
		otelhttp.WithPropagators(t.Propagator),
	)
}

// Responses is a GraphQL response middleware (graph.Server's
// AroundResponses) giving each operation a span named after the
// operation (AnonymousOperation without a name), with its type and the
// count of errors. The span is the parent of the fields' and statements'
// spans.
func (t *Tracing) Responses(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	name, kind := AnonymousOperation, ""
	if graphql.HasOperationContext(ctx) {
		if op := graphql.GetOperationContext(ctx).Operation; op != nil {
			kind = string(op.Operation)
			if op.Name != "" {
				name = op.Name
			}
		}
	}
	ctx, span := t.tracer.Start(ctx, name, trace.WithAttributes(
		attribute.String("graphql.operation.name", name),
		attribute.String("graphql.operation.type", kind),
	))
	defer span.End()
	resp := next(ctx)
	if resp != nil && len(resp.Errors) > 0 {
		span.SetAttributes(attribute.Int("graphql.errors", len(resp.Errors)))
		span.SetStatus(codes.Error, resp.Errors[0].Message)
	}
	return resp
}

// Fields is a GraphQL field middleware (graph.Server's AroundFields)
// giving a span to each field resolved by a resolver method of the graph
// package (graphql.FieldContext.IsResolver): those reach the database;
// fields read off a model get none. Adding it switches off graph's fast
// path for leaf fields, so add it only when tracing is on.
func (t *Tracing) Fields(ctx context.Context, next graphql.Resolver) (any, error) {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || !fc.IsResolver {
		return next(ctx)
	}
	ctx, span := t.tracer.Start(ctx, fc.Object+"."+fc.Field.Name, trace.WithAttributes(
		attribute.String("graphql.field.path", fc.Path().String()),
	))
	defer span.End()
	res, err := next(ctx)
	if err != nil {
		span.RecordError(err)
		span.SetStatus(codes.Error, err.Error())
	}
	return res, err
}
