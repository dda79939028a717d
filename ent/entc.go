//go:build ignore

// Command entc generates the ent client and the GraphQL schema of the
// data model, then routes the generated pagers' cursor predicates through
// package keyset (seekCursors). Run it through go generate at the
// repository root.
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
	if err := seekCursors("./ent/gql_pagination.go"); err != nil {
		log.Fatalf("entc: %v", err)
	}
}

// seekCursors routes the generated pagers' cursor predicates through
// keyset.Predicates, which adds the bound that lets the database seek to a
// cursor through the order's index instead of reading every row before it
// (see package keyset). It fails when the call it replaces is missing, so
// that an entgql upgrade that changes it is noticed.
func seekCursors(path string) error {
	src, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	const (
		from   = "entgql.MultiCursorsPredicate("
		to     = "keyset.Predicates("
		entgql = "\t\"entgo.io/contrib/entgql\"\n"
	)
	if !bytes.Contains(src, []byte(from)) || !bytes.Contains(src, []byte(entgql)) {
		return fmt.Errorf("seek cursors in %s: no %s call: has entgql's pagination template changed?", path, from)
	}
	src = bytes.ReplaceAll(src, []byte(from), []byte(to))
	src = bytes.Replace(src, []byte(entgql), []byte(entgql+"\t\"kembang/keyset\"\n"), 1)
	if src, err = format.Source(src); err != nil {
		return fmt.Errorf("seek cursors in %s: %w", path, err)
	}
	return os.WriteFile(path, src, 0o644)
}
