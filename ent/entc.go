//go:build ignore

// Command entc generates the ent client and the GraphQL schema of the
// data model, then routes the generated pagers' cursor predicates and edge
// page limits through package keyset (reroute). Run it through go generate
// at the repository root.
package main

import (
	"bytes"
	"fmt"
	"go/format"
	"log"
	"os"

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
	for _, r := range []struct{ path, from, to string }{
		{"./ent/gql_pagination.go", "entgql.MultiCursorsPredicate(", "keyset.Predicates("},
		{"./ent/gql_collection.go", "entgql.LimitPerRow(", "keyset.LimitPerRow("},
	} {
		if err := reroute(r.path, r.from, r.to); err != nil {
			log.Fatalf("entc: %v", err)
		}
	}
}

// reroute replaces the generated calls of an entgql function (from) by
// calls of its package keyset counterpart (to), which selects the same rows
// through the index (see package keyset):
//   - keyset.Predicates adds the bound that lets the database seek to a
//     cursor instead of reading every row before it;
//   - keyset.LimitPerRow reads each parent's page of an edge through a
//     LATERAL subquery instead of numbering all of the parent's rows.
//
// It fails when the call it replaces is missing, so that an entgql upgrade
// that changes it is noticed.
func reroute(path, from, to string) error {
	src, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	const entgql = "\t\"entgo.io/contrib/entgql\"\n"
	if !bytes.Contains(src, []byte(from)) || !bytes.Contains(src, []byte(entgql)) {
		return fmt.Errorf("reroute %s: no %s call: has entgql's template changed?", path, from)
	}
	src = bytes.ReplaceAll(src, []byte(from), []byte(to))
	src = bytes.Replace(src, []byte(entgql), []byte(entgql+"\t\"kembang/keyset\"\n"), 1)
	if src, err = format.Source(src); err != nil {
		return fmt.Errorf("reroute %s: %w", path, err)
	}
	return os.WriteFile(path, src, 0o644)
}
