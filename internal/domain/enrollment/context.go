package enrollment

import (
	"context"
	"time"
)

// Context markers. The storage hooks that enforce the life cycle read
// them from the context of a write; callers set them.
type (
	importKey     struct{}
	nominationKey struct{}
	clockKey      struct{}
)

// WithImport returns a context in which enrollments (and their
// evaluations and learning claims) are written as given, without the
// life-cycle rules: historical statuses, completion dates, JP and
// certificate numbers are stored directly. Only trusted bulk loaders use
// it, such as the demo-data seeder; API requests never carry it.
func WithImport(ctx context.Context) context.Context {
	return context.WithValue(ctx, importKey{}, true)
}

// Importing reports whether ctx was returned by [WithImport].
func Importing(ctx context.Context) bool {
	v, _ := ctx.Value(importKey{}).(bool)
	return v
}

// WithNomination returns a context in which new enrollments are
// nominations by HR: they start as NOMINATED and hold no seat. Without it
// a new enrollment is an employee's own registration, whose status
// ([Seat]) depends on the seats left.
func WithNomination(ctx context.Context) context.Context {
	return context.WithValue(ctx, nominationKey{}, true)
}

// Nominating reports whether ctx was returned by [WithNomination].
func Nominating(ctx context.Context) bool {
	v, _ := ctx.Value(nominationKey{}).(bool)
	return v
}

// WithClock returns a context whose writes take the current time from
// now, e.g. the clock of the API server, replaced in tests. A nil now
// leaves ctx unchanged.
func WithClock(ctx context.Context, now func() time.Time) context.Context {
	if now == nil {
		return ctx
	}
	return context.WithValue(ctx, clockKey{}, now)
}

// Now returns the current time of ctx's clock ([WithClock]), or
// time.Now() when it has none.
func Now(ctx context.Context) time.Time {
	if now, ok := ctx.Value(clockKey{}).(func() time.Time); ok {
		return now()
	}
	return time.Now()
}
