// Package graph serves the Kembang GraphQL API: gqlgen's generated
// executor and the resolvers that bind it to the ent client.
package graph

import (
	"context"
	"sync/atomic"
	"time"

	"kembang/ent"
	"kembang/internal/domain/jp"
)

// Resolver is the root resolver. It holds the dependencies every
// resolver shares; it is the only hand-written wiring of the package.
type Resolver struct {
	client  *ent.Client
	targets jp.Targets       // annual JP target per employment type
	now     func() time.Time // the clock, replaceable in tests
	// fieldHooks is set once a field middleware that must see every
	// field is installed (Server.AroundFields, Server.Use): leaf fields
	// then go through gqlgen's field context (leavesDirect).
	fieldHooks atomic.Bool
	// maxNodeIDs caps the ids of one nodes(ids:) lookup: Options.Limits'
	// MaxNodeIDs, which the limits guard enforces before the resolver runs.
	maxNodeIDs int
	// subs serves the subscriptions; nil when they are off.
	subs *subscriptions
}

// db returns the client of the mutation's transaction when there is one,
// else the root client. Fields of a mutation's result must read through
// the transaction: on SQLite the root client would wait for the single
// connection the transaction holds.
func (r *Resolver) db(ctx context.Context) *ent.Client {
	if c := ent.FromContext(ctx); c != nil {
		return c
	}
	return r.client
}
