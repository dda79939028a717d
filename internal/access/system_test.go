package access_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// systemCallers are the packages (directories from the module root) that
// may take the server's rights with access.System, and why. The GraphQL
// layer is not among them: what a client sees is read as its viewer
// (docs/security.md). A new caller is a security decision: add it here
// with its reason, and to docs/security.md.
var systemCallers = map[string]string{
	"internal/hooks":             "hooks: the consequences of an allowed change (promoting a waitlist) and the audit trail",
	"internal/report":            "aggregates over rows the viewer may not read one by one; only figures and IDs leave the package",
	"internal/report/reporttest": "test fixtures",
	"internal/operations":        "the allow-list and APQ: looking up registered documents by hash before any operation runs, and the register command storing them",
	"internal/httpapi":           "authentication: finding an API key and a token's scope records before any viewer exists",
	"internal/store":             "start-up: whether the database holds data",
	"internal/store/seed":        "the demo data",
	"server":                     "the token command (an operator on the server's machine): finding the agency of a code, the employee of a NIP",
}

// TestSystemCallers checks that only the packages of systemCallers take
// the server's rights, and that no code names privacy decisions by hand.
func TestSystemCallers(t *testing.T) {
	root := filepath.Join("..", "..")
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		if d.IsDir() {
			switch {
			case strings.HasPrefix(d.Name(), ".") && rel != ".", d.Name() == "testdata", d.Name() == "node_modules":
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if strings.Contains(string(src), "// Code generated") && strings.Contains(string(src), "DO NOT EDIT") {
			return nil // generated code is the templates' business
		}
		f, err := parser.ParseFile(fset, path, src, 0)
		if err != nil {
			return err
		}
		dir := filepath.ToSlash(filepath.Dir(rel))
		ast.Inspect(f, func(n ast.Node) bool {
			sel, ok := n.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			x, ok := sel.X.(*ast.Ident)
			if !ok {
				return true
			}
			switch {
			case x.Name == "access" && sel.Sel.Name == "System":
				if _, ok := systemCallers[dir]; !ok {
					t.Errorf("%s: %s takes the server's rights; only the packages of systemCallers may", fset.Position(sel.Pos()), dir)
				}
			case x.Name == "privacy" && (sel.Sel.Name == "DecisionContext" || sel.Sel.Name == "Allow") && dir != "internal/access" && dir != "ent/schema":
				t.Errorf("%s: privacy.%s outside package access: rights are access's to grant", fset.Position(sel.Pos()), sel.Sel.Name)
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
