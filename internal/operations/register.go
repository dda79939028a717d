package operations

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"kembang/ent"
	"kembang/ent/persistedoperation"
	"kembang/internal/access"
)

// ErrInvalid is the cause of a refused registration: a document that does
// not parse or validate against the schema.
var ErrInvalid = errors.New("invalid GraphQL document")

// Registered is the outcome of [Register].
type Registered struct {
	// Added are the files whose documents were stored.
	Added []string
	// Known are the files whose documents were already registered.
	Known []string
}

// Register stores the documents of the .graphql files under dir (its
// subfolders included) in the allow-list. Each file is one document,
// sent by clients byte for byte as it is (fragments included: a document
// may not use fragments of another file). All are validated against
// schema first: if any is invalid, nothing is stored and the error names
// every invalid file with its messages (ErrInvalid). Registering a
// document again changes nothing.
func Register(ctx context.Context, client *ent.Client, schema *ast.Schema, dir string) (Registered, error) {
	var out Registered
	files := map[string]string{} // relative path to document
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(path) != ".graphql" {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		files[filepath.ToSlash(rel)] = string(b)
		return nil
	})
	if err != nil {
		return out, fmt.Errorf("reading %s: %w", dir, err)
	}
	if len(files) == 0 {
		return out, fmt.Errorf("%s: no .graphql files", dir)
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	slices.Sort(names)
	var bad []string
	for _, name := range names {
		_, errs := gqlparser.LoadQueryWithRules(schema, files[name], nil)
		for _, e := range errs {
			pos := ""
			if len(e.Locations) > 0 {
				pos = fmt.Sprintf(":%d:%d", e.Locations[0].Line, e.Locations[0].Column)
			}
			bad = append(bad, fmt.Sprintf("%s%s: %s", name, pos, e.Message))
		}
	}
	if len(bad) > 0 {
		return out, fmt.Errorf("%w: nothing registered:\n%s", ErrInvalid, strings.Join(bad, "\n"))
	}
	ctx = access.System(ctx) // the allow-list is the server's own table
	hashes := make([]string, len(names))
	for i, name := range names {
		hashes[i] = Hash(files[name])
	}
	known, err := client.PersistedOperation.Query().
		Where(persistedoperation.HashIn(hashes...)).
		Select(persistedoperation.FieldHash).
		Strings(ctx)
	if err != nil {
		return out, fmt.Errorf("reading the allow-list: %w", err)
	}
	var creates []*ent.PersistedOperationCreate
	added := map[string]bool{}
	for i, name := range names {
		h := hashes[i]
		if slices.Contains(known, h) || added[h] {
			out.Known = append(out.Known, name)
			continue
		}
		added[h] = true
		out.Added = append(out.Added, name)
		creates = append(creates, client.PersistedOperation.Create().
			SetHash(h).
			SetDocument(files[name]).
			SetSource(name))
	}
	if len(creates) > 0 {
		if err := client.PersistedOperation.CreateBulk(creates...).Exec(ctx); err != nil {
			return Registered{}, fmt.Errorf("storing the allow-list: %w", err)
		}
	}
	return out, nil
}
