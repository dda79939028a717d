// Package examplecheck validates the GraphQL operations of the client
// examples (examples/go, genqlient; examples/ts, graphql-codegen) against
// the committed schema with gqlparser, so that a schema change that breaks
// an example fails Go's tests, without npm or the examples' own modules.
package examplecheck
