package report_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"slices"
	"strings"
	"testing"

	"kembang/internal/access"
)

// TestNoEntities checks that no exported function of package report
// returns an entity, and no exported type holds one: the package reads
// with the server's rights, so an entity it returned would reach clients
// unfiltered and unmasked. Reports return figures and IDs; the GraphQL
// layer reads the entities they name as the viewer. (Queries, which run
// with their caller's context, may pass: BelowTargetQuery.)
func TestNoEntities(t *testing.T) {
	fset := token.NewFileSet()
	pkgs, err := parser.ParseDir(fset, ".", func(fi fs.FileInfo) bool {
		return !strings.HasSuffix(fi.Name(), "_test.go")
	}, 0)
	if err != nil {
		t.Fatal(err)
	}
	entity := func(e ast.Expr) string {
		found := ""
		ast.Inspect(e, func(n ast.Node) bool {
			sel, ok := n.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			if x, ok := sel.X.(*ast.Ident); ok && x.Name == "ent" {
				if slices.Contains(access.Entities(), sel.Sel.Name) {
					found = "ent." + sel.Sel.Name
				}
			}
			return true
		})
		return found
	}
	for _, pkg := range pkgs {
		for _, f := range pkg.Files {
			for _, d := range f.Decls {
				switch d := d.(type) {
				case *ast.FuncDecl:
					if !d.Name.IsExported() || d.Type.Results == nil {
						continue
					}
					for _, r := range d.Type.Results.List {
						if e := entity(r.Type); e != "" {
							t.Errorf("%s: %s returns %s", fset.Position(d.Pos()), d.Name.Name, e)
						}
					}
				case *ast.GenDecl:
					for _, s := range d.Specs {
						ts, ok := s.(*ast.TypeSpec)
						if !ok || !ts.Name.IsExported() {
							continue
						}
						if e := entity(ts.Type); e != "" {
							t.Errorf("%s: type %s holds %s", fset.Position(ts.Pos()), ts.Name.Name, e)
						}
					}
				}
			}
		}
	}
}
