//go:build ignore

// Command entc generates the ent client and the GraphQL schema of the
// data model. Run it through go generate at the repository root.
package main

import (
	"log"

	"entgo.io/contrib/entgql"
	"entgo.io/ent/entc"

	"kembang/ent/codegen"
)

func main() {
	ex, err := codegen.Extension(
		entgql.WithConfigPath("./gqlgen.yml"),
		entgql.WithSchemaPath("./graph/ent.graphqls"),
	)
	if err != nil {
		log.Fatalf("entc: creating entgql extension: %v", err)
	}
	if err := entc.Generate(codegen.SchemaDir, codegen.Config(), entc.Extensions(ex)); err != nil {
		log.Fatalf("entc: running ent codegen: %v", err)
	}
}
