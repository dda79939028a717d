// Package model holds GraphQL types that have no ent counterpart, such as
// report rows. gqlgen writes models_gen.go here.
package model
