// Package kembang is a headless GraphQL platform for the competency
// development of Indonesian civil servants (ASN). See README.md.
package kembang

//go:generate go run ./tools/cmd/entgen
//go:generate go run ./tools/cmd/gqlgen
