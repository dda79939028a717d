package archtest

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// module is the module path of the repository.
const module = "kembang"

// codeDirs are the top-level directories that may hold Go code; the
// root holds only generate.go.
var codeDirs = []string{"graph", "ent", "server", "internal", "cmd", "tools", "bench", "examples"}

// rootGoFiles are the Go files allowed at the root.
var rootGoFiles = []string{"generate.go"}

// vagueNames are package names that say nothing of what a package does.
var vagueNames = []string{"util", "utils", "common", "helpers", "helper", "misc", "shared", "lib"}

// root returns the repository's root: the directory of go.mod.
func root(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test's directory")
		}
		dir = parent
	}
}

// TestGoCodeLocation checks that Go code lives only in the directories
// of the layout (README.md, docs/architecture.md).
func TestGoCodeLocation(t *testing.T) {
	base := root(t)
	err := filepath.WalkDir(base, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(base, path)
		if d.IsDir() {
			if rel != "." && (strings.HasPrefix(d.Name(), ".") || d.Name() == "node_modules") {
				return filepath.SkipDir
			}
			if !strings.Contains(rel, string(filepath.Separator)) && rel != "." && slices.Contains(codeDirs, rel) {
				return filepath.SkipDir // anything goes below a code directory
			}
			return nil
		}
		if filepath.Ext(path) != ".go" {
			return nil
		}
		if filepath.Dir(rel) == "." && slices.Contains(rootGoFiles, rel) {
			return nil
		}
		t.Errorf("%s: Go code outside %s (and the root's %s)", rel, strings.Join(codeDirs, "/, ")+"/", strings.Join(rootGoFiles, ", "))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// pkg is what `go list -json` tells of a package.
type pkg struct {
	ImportPath   string
	Name         string
	Imports      []string // of its non-test files
	TestImports  []string
	XTestImports []string
	Deps         []string
}

// listPackages returns every package of the module.
func listPackages(t *testing.T) []pkg {
	t.Helper()
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command:", err)
	}
	cmd := exec.Command("go", "list", "-json=ImportPath,Name,Imports,TestImports,XTestImports,Deps", "./...")
	cmd.Dir = root(t)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, stderr.String())
	}
	var pkgs []pkg
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p pkg
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		pkgs = append(pkgs, p)
	}
	if len(pkgs) == 0 {
		t.Fatal("go list found no packages")
	}
	return pkgs
}

// TestPackageNames checks that no package has a vague name.
func TestPackageNames(t *testing.T) {
	for _, p := range listPackages(t) {
		if slices.Contains(vagueNames, p.Name) || slices.Contains(vagueNames, filepath.Base(p.ImportPath)) {
			t.Errorf("%s: package name %q says nothing of what it does", p.ImportPath, p.Name)
		}
	}
}

// within reports whether path is the package prefix or below it.
func within(path, prefix string) bool {
	return path == prefix || strings.HasPrefix(path, prefix+"/")
}

// ours reports whether path is a package of the module.
func ours(path string) bool { return within(path, module) }

// rule constrains the imports of the packages at or below From.
type rule struct {
	From string
	// Only, when set, lists the packages of ours (and the external ones
	// named) that From may import: anything else of ours is refused.
	Only []string
	// Not lists packages (ours or external) From may not import.
	Not []string
	// NotDeps lists packages From may not depend on, even indirectly.
	NotDeps []string
	Why     string
}

// rules is the table of allowed dependencies: the one direction of the
// imports. Every rule applies to the non-test files of the packages at
// or below From.
var rules = []rule{
	{
		From: "kembang/internal/domain",
		Only: []string{"kembang/internal/domain"},
		Why:  "domain rules are pure functions over plain values: they import only other domain packages",
	},
	{
		From: "kembang/internal",
		Not:  []string{"kembang/graph", "kembang/server", "kembang/bench", "kembang/tools", "kembang/cmd", "kembang/examples"},
		Why:  "internal packages serve the API and the program, never the other way round",
	},
	{
		From:    "kembang/graph",
		Not:     []string{"kembang/internal/store", "entgo.io/ent/dialect/sql", "kembang/server", "kembang/bench", "kembang/tools"},
		NotDeps: []string{"kembang/internal/store", "kembang/server"},
		Why:     "graph is the API contract: SQL belongs in internal/report, storage wiring in internal/store",
	},
	{
		From: "kembang/ent",
		Not:  []string{"kembang/graph", "kembang/server", "kembang/internal/store", "kembang/internal/report", "kembang/bench", "kembang/tools"},
		Why:  "the data model depends on no layer above it",
	},
	{
		From: "kembang/server",
		Not:  []string{"kembang/bench", "kembang/tools"},
		Why:  "the program does not depend on benchmarks or tools",
	},
	{
		From: "kembang/internal/entx",
		Only: []string{"kembang/internal/entx"},
		Why:  "the runtime of ent's generated code depends only on ent's SQL builders",
	},
}

// exceptions are imports a rule refuses but the code still has, each
// with the work that removes it. Remove an entry when it is done; the
// test fails on an exception that is no longer needed.
var exceptions = map[[2]string]string{}

// TestImportDirection checks every package's imports against rules.
func TestImportDirection(t *testing.T) {
	used := map[[2]string]bool{}
	for _, p := range listPackages(t) {
		for _, r := range rules {
			if !within(p.ImportPath, r.From) {
				continue
			}
			for _, imp := range p.Imports {
				refused := false
				if r.Only != nil && ours(imp) {
					refused = !slices.ContainsFunc(r.Only, func(o string) bool { return within(imp, o) })
				}
				if slices.ContainsFunc(r.Not, func(n string) bool { return within(imp, n) }) {
					refused = true
				}
				if !refused {
					continue
				}
				if _, ok := exceptions[[2]string{p.ImportPath, imp}]; ok {
					used[[2]string{p.ImportPath, imp}] = true
					continue
				}
				t.Errorf("%s imports %s: %s", p.ImportPath, imp, r.Why)
			}
			for _, dep := range p.Deps {
				if slices.ContainsFunc(r.NotDeps, func(n string) bool { return within(dep, n) }) {
					t.Errorf("%s depends on %s (go list -deps): %s", p.ImportPath, dep, r.Why)
				}
			}
		}
	}
	for e := range exceptions {
		if !used[e] {
			t.Errorf("exception %s -> %s is no longer needed: remove it", e[0], e[1])
		}
	}
}
