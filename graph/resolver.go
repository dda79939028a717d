// Package graph serves the Kembang GraphQL API: gqlgen's generated
// executor and the resolvers that bind it to the ent client.
package graph

import (
	"time"

	"kembang/ent"
	"kembang/jp"
)

// Resolver is the root resolver. It holds the dependencies every
// resolver shares; it is the only hand-written wiring of the package.
type Resolver struct {
	client  *ent.Client
	targets jp.Targets       // annual JP target per employment type
	now     func() time.Time // the clock, replaceable in tests
}
