package graph_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"entgo.io/ent/entc"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/formatter"

	"kembang/graph"
	"kembang/tools/codegen/entgen"
)

// format prints a schema the way entgql writes graph/ent.graphqls.
func format(s *ast.Schema) string {
	var sb strings.Builder
	formatter.NewFormatter(&sb, formatter.WithIndent("  ")).FormatSchema(s)
	return sb.String()
}

// TestEntSchemaCommitted fails when graph/ent.graphqls differs from what
// the ent schema generates: the API contract changed without codegen.
func TestEntSchemaCommitted(t *testing.T) {
	if testing.Short() {
		t.Skip("loads and compiles the ent schema package")
	}
	cfg, err := entgen.Config(entgen.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	g, err := entc.LoadGraph("../"+entgen.SchemaDir, cfg)
	if err != nil {
		t.Fatalf("loading ent schema: %v", err)
	}
	ex, err := entgen.Extension(entgen.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	s, err := ex.BuildSchema(g)
	if err != nil {
		t.Fatal(err)
	}
	committed, err := os.ReadFile("ent.graphqls")
	if err != nil {
		t.Fatal(err)
	}
	if got := format(s); got != string(committed) {
		t.Errorf("graph/ent.graphqls is stale: run go generate ./... and commit (generated %d bytes, committed %d)", len(got), len(committed))
	}
}

// TestExecutableSchemaCommitted fails when the executor was generated
// from other schema files than the committed ones.
func TestExecutableSchemaCommitted(t *testing.T) {
	// The schema files in gqlgen.yml's order: extensions of Query and
	// Mutation add their fields in that order.
	cfg, err := os.ReadFile("../gqlgen.yml")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, line := range strings.Split(string(cfg), "\n") {
		if name, ok := strings.CutPrefix(strings.TrimSpace(line), "- "); ok && strings.HasSuffix(name, ".graphqls") {
			names = append(names, "../"+name)
		}
	}
	all, err := filepath.Glob("*.graphqls")
	if err != nil {
		t.Fatal(err)
	}
	if len(all)+1 != len(names) {
		t.Errorf("gqlgen.yml lists %d schema files, graph/ and the root hold %d", len(names), len(all)+1)
	}
	var sources []*ast.Source
	for _, name := range names {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		sources = append(sources, &ast.Source{Name: name, Input: string(b)})
	}
	want, err := gqlparser.LoadSchema(sources...)
	if err != nil {
		t.Fatalf("committed schema does not load: %v", err)
	}
	got := graph.NewExecutableSchema(graph.Config{}).Schema()
	if format(got) != format(want) {
		t.Error("generated executor does not match schema.graphqls + graph/*.graphqls: run go generate ./... and commit")
	}
}
