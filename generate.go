// Package kembang is a headless GraphQL platform for the competency
// development of Indonesian civil servants (ASN). See README.md.
package kembang

//go:generate go run ./ent/entc.go
//go:generate go run ./tools/cmd/gqlgen
