package examplecheck

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// root is the repository's root, relative to this package.
var root = filepath.Join("..", "..")

// loadSchema parses the committed schema: schema.graphqls and
// graph/*.graphqls, the files gqlgen.yml lists and the examples'
// generators read.
func loadSchema(t *testing.T) *ast.Schema {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(root, "graph", "*.graphqls"))
	if err != nil {
		t.Fatal(err)
	}
	files = append([]string{filepath.Join(root, "schema.graphqls")}, files...)
	var sources []*ast.Source
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		sources = append(sources, &ast.Source{Name: filepath.ToSlash(f), Input: string(b)})
	}
	schema, err := gqlparser.LoadSchema(sources...)
	if err != nil {
		t.Fatalf("schema: %v", err)
	}
	return schema
}

// tsDocument matches a graphql(`...`) call of the TypeScript example on a
// line that is not a comment (no slash before the call).
var tsDocument = regexp.MustCompile("(?m)^[^/\\n]*?\\bgraphql\\(\\s*`([^`]*)`")

// tsDocuments returns the documents of the TypeScript example's sources
// (src/, less the generated src/gql/), keyed by "file:n".
func tsDocuments(t *testing.T) map[string]string {
	t.Helper()
	docs := map[string]string{}
	src := filepath.Join(root, "examples", "ts", "src")
	err := filepath.WalkDir(src, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == "gql" || d.Name() == "node_modules" {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".ts") && !strings.HasSuffix(path, ".tsx") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for i, m := range tsDocument.FindAllStringSubmatch(string(b), -1) {
			docs[name(path)+":"+strconv.Itoa(i+1)] = m[1]
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return docs
}

// goDocuments returns the operation files of the Go example.
func goDocuments(t *testing.T) map[string]string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(root, "examples", "go", "*", "*.graphql"))
	if err != nil {
		t.Fatal(err)
	}
	docs := map[string]string{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		docs[name(f)] = string(b)
	}
	return docs
}

// TestOperationsValid parses and validates every operation of both
// examples against the schema, with the rules a GraphQL server applies.
func TestOperationsValid(t *testing.T) {
	schema := loadSchema(t)
	docs := goDocuments(t)
	ts := tsDocuments(t)
	if len(docs) == 0 || len(ts) == 0 {
		t.Fatalf("found %d Go and %d TypeScript documents; want some of each", len(docs), len(ts))
	}
	for name, doc := range ts {
		docs[name] = doc
	}
	for name, doc := range docs {
		t.Run(name, func(t *testing.T) {
			q, errs := gqlparser.LoadQueryWithRules(schema, doc, nil)
			for _, e := range errs {
				t.Errorf("%s", describe(e))
			}
			if len(errs) == 0 && len(q.Operations) == 0 {
				t.Errorf("no operation")
			}
		})
	}
}

// name returns a file's path relative to the repository's root.
func name(path string) string {
	rel, err := filepath.Rel(root, path)
	if err != nil {
		return filepath.ToSlash(path)
	}
	return filepath.ToSlash(rel)
}

// describe formats a validation error with its line in the document.
func describe(e *gqlerror.Error) string {
	if len(e.Locations) > 0 {
		return e.Message + " (line " + strconv.Itoa(e.Locations[0].Line) + ")"
	}
	return e.Message
}

// TestTSGenerated checks that graphql-codegen has run since the
// TypeScript documents last changed: the generated src/gql/gql.ts maps
// the exact source of each document to its typed document.
func TestTSGenerated(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(root, "examples", "ts", "src", "gql", "gql.ts"))
	if err != nil {
		t.Fatal(err)
	}
	gen := string(b)
	for name, doc := range tsDocuments(t) {
		key, err := json.Marshal(doc)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(gen, string(key)) {
			t.Errorf("%s: not in examples/ts/src/gql/gql.ts; run npm ci && npm run codegen in examples/ts", name)
		}
	}
}
