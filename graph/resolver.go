// Package graph serves the Kembang GraphQL API: gqlgen's generated
// executor and the resolvers that bind it to the ent client.
package graph

import (
	"kembang/ent"
)

// Resolver is the root resolver. It holds the dependencies every
// resolver shares; it is the only hand-written wiring of the package.
type Resolver struct {
	client *ent.Client
}
