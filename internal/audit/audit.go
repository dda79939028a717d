// Package audit describes the audit trail of Kembang: what a change
// record holds, and the request details (operation, request id) that
// travel in the context to the storage hook that writes the records.
//
// Every mutation of a stored entity appends one record per changed row,
// in the same transaction as the change (see the AuditRecord schema in
// kembang/ent/schema); records are never changed or deleted through the
// API. The package has no dependency on the generated ent code, which
// uses its [Change] type.
package audit

import "context"

// Change is one changed field of an audited row. Old and New are the
// values encoded as JSON (a string is quoted, a time is RFC 3339); nil
// means unset. Secret fields (the hash of an API key) are written as
// [Redacted].
type Change struct {
	// Field is the schema name of the field or edge, e.g. "full_name".
	Field string `json:"field"`
	// Old is the value before the change; nil when created or unset.
	Old *string `json:"old,omitempty"`
	// New is the value after the change; nil when deleted or cleared.
	New *string `json:"new,omitempty"`
}

// Redacted replaces the values of secret fields in changes.
const Redacted = `"[redacted]"`

// Request is what the API layer knows of the request that causes a
// change.
type Request struct {
	// Operation is the GraphQL mutation field, e.g. "updateEmployee".
	Operation string
	// ID is the request id clients see in X-Request-ID.
	ID string
}

// ctxKey is the type of this package's context keys.
type ctxKey int

const (
	requestKey ctxKey = iota
	skipKey
)

// WithRequest returns a copy of ctx carrying r.
func WithRequest(ctx context.Context, r Request) context.Context {
	return context.WithValue(ctx, requestKey, r)
}

// RequestFrom returns the request in ctx, or the zero Request.
func RequestFrom(ctx context.Context) Request {
	r, _ := ctx.Value(requestKey).(Request)
	return r
}

// WithoutTrail returns a copy of ctx whose mutations write no audit
// records. Only bulk loads that are themselves the record (the demo data,
// imports of history) use it; the API never does.
func WithoutTrail(ctx context.Context) context.Context {
	return context.WithValue(ctx, skipKey, true)
}

// Skipped reports whether ctx was made by [WithoutTrail].
func Skipped(ctx context.Context) bool {
	s, _ := ctx.Value(skipKey).(bool)
	return s
}
