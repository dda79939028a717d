package main

// genqlient reads the committed schema (../../../schema.graphqls and
// ../../../graph/*.graphqls) and operations.graphql, and writes
// generated.go; see genqlient.yaml.
//go:generate go tool genqlient genqlient.yaml
