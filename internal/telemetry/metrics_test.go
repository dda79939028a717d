package telemetry

import (
	"fmt"
	"testing"
)

// TestOperationLabel checks that the distinct operation names labelled
// are capped at MaxOperationNames, later ones counting as "other".
func TestOperationLabel(t *testing.T) {
	m := NewMetrics(nil)
	if got := m.operationLabel(""); got != AnonymousOperation {
		t.Errorf("anonymous operation: label %q", got)
	}
	for i := range MaxOperationNames {
		name := fmt.Sprintf("Op%d", i)
		if got := m.operationLabel(name); got != name {
			t.Fatalf("name %d: label %q, want %q", i, got, name)
		}
	}
	if got := m.operationLabel("OneTooMany"); got != OtherOperation {
		t.Errorf("name beyond the cap: label %q, want %q", got, OtherOperation)
	}
	if got := m.operationLabel("Op0"); got != "Op0" {
		t.Errorf("known name after the cap: label %q", got)
	}
}

// TestTracingEnabled checks which OTEL_* settings switch tracing on.
func TestTracingEnabled(t *testing.T) {
	for _, tc := range []struct {
		env  map[string]string
		want bool
	}{
		{nil, false},
		{map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": ""}, false},
		{map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318"}, true},
		{map[string]string{"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://collector:4318/v1/traces"}, true},
		{map[string]string{"OTEL_TRACES_EXPORTER": "otlp"}, true},
		{map[string]string{"OTEL_TRACES_EXPORTER": "none", "OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318"}, false},
		{map[string]string{"OTEL_SDK_DISABLED": "true", "OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318"}, false},
	} {
		if got := TracingEnabled(func(k string) string { return tc.env[k] }); got != tc.want {
			t.Errorf("TracingEnabled(%v) = %v, want %v", tc.env, got, tc.want)
		}
	}
}

// TestNewTracing checks that the OTEL_* variables give tracing over
// either OTLP protocol, none without them, and an error for others.
func TestNewTracing(t *testing.T) {
	ctx := t.Context()
	for _, tc := range []struct {
		env     map[string]string
		on, bad bool
	}{
		{env: nil},
		{env: map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:4318"}, on: true},
		{env: map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:4317", "OTEL_EXPORTER_OTLP_PROTOCOL": "grpc"}, on: true},
		{env: map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:4318", "OTEL_EXPORTER_OTLP_PROTOCOL": "http/json"}, bad: true},
		{env: map[string]string{"OTEL_TRACES_EXPORTER": "zipkin"}, bad: true},
	} {
		tr, err := NewTracing(ctx, func(k string) string { return tc.env[k] })
		if (err != nil) != tc.bad || (tr != nil) != tc.on {
			t.Errorf("NewTracing(%v) = %v, %v; want on %v, error %v", tc.env, tr, err, tc.on, tc.bad)
		}
		if err := tr.Shutdown(ctx); err != nil {
			t.Errorf("Shutdown: %v", err)
		}
	}
}
