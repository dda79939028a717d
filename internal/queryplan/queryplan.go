// Package queryplan carries in a context how the store plans the SQL
// statements run with it. It lets a package that runs queries (reports)
// ask for custom plans without depending on the store.
package queryplan

import "context"

// customKey is the context key of WithCustom.
type customKey struct{}

// WithCustom returns a context whose statements are not prepared:
// PostgreSQL plans each one for its arguments, every time.
//
// Prepared statements switch to a generic plan, made once for any
// arguments, after a few executions when PostgreSQL estimates it no
// worse. That suits lookups and lists, and saves their planning; it
// does not suit reports, whose best plan depends on the size of the
// scope (an agency, a year): the compliance report's generic plan was 6×
// slower than its custom plans (docs/performance.md). Reports run with
// this context.
func WithCustom(ctx context.Context) context.Context {
	return context.WithValue(ctx, customKey{}, true)
}

// Custom reports whether ctx asks for custom plans (WithCustom).
func Custom(ctx context.Context) bool {
	v, _ := ctx.Value(customKey{}).(bool)
	return v
}
