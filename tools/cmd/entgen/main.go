// Command entgen generates the ent client (package ent) and the GraphQL
// schema of its types (graph/ent.graphqls) from ent/schema, with the
// templates of package kembang/tools/codegen/entgen. Run it through
// go generate at the repository root (generate.go).
package main

import (
	"flag"
	"log/slog"
	"os"

	"kembang/tools/codegen/entgen"
)

func main() {
	opts := entgen.DefaultOptions()
	flag.StringVar(&opts.SchemaDir, "schema", opts.SchemaDir, "ent schema package directory")
	flag.StringVar(&opts.Target, "target", opts.Target, "output directory of the generated code (default: the schema's parent)")
	flag.StringVar(&opts.GQLConfig, "gqlgen-config", opts.GQLConfig, "gqlgen configuration entgql reads")
	flag.StringVar(&opts.GQLSchema, "gql-schema", opts.GQLSchema, "file the GraphQL schema of the ent types is written to")
	flag.Parse()
	if err := entgen.Generate(opts); err != nil {
		slog.Error("entgen failed", "err", err)
		os.Exit(1)
	}
}
