//go:build ignore

// Command entc generates the ent client and the GraphQL schema of the
// data model, with ent/gql_refs.go (ent/template/refs.tmpl), then routes
// some generated calls (cursor predicates, edge pages, the parents of an
// edge, a name prefix) through package keyset, the IN lists through
// package inlist and the row scans through package rowscan (reroutes).
// Run it through go generate at the repository root.
package main

import (
	"bytes"
	"fmt"
	"go/format"
	"log"
	"os"
	"path/filepath"
	"regexp"

	"entgo.io/contrib/entgql"
	"entgo.io/ent/entc"
	"entgo.io/ent/entc/gen"

	"kembang/ent/codegen"
	"kembang/internal/rules"
)

func main() {
	ex, err := codegen.Extension(
		entgql.WithConfigPath("./gqlgen.yml"),
		entgql.WithSchemaPath("./graph/ent.graphqls"),
	)
	if err != nil {
		log.Fatalf("entc: creating entgql extension: %v", err)
	}
	if err := entc.Generate(codegen.SchemaDir, codegen.Config(), entc.Extensions(ex, refs{}), rulesEnv); err != nil {
		log.Fatalf("entc: running ent codegen: %v", err)
	}
	for _, r := range reroutes {
		if err := r.apply(); err != nil {
			log.Fatalf("entc: %v", err)
		}
	}
}

// rulesEnv makes the environment of the storage rules (package
// kembang/internal/rules: the clock, the import mode) a dependency of
// the client: a field of its config and the option ent.Rules, which
// ent/template/rules.tmpl's Client.WithRules replaces.
var rulesEnv = entc.Dependency(entc.DependencyName("Rules"), entc.DependencyType(rules.Env{}))

// refs adds ent/template/refs.tmpl, which writes ent/gql_refs.go: the
// table of each type and edge and the GraphQL input name of each field and
// edge, computed with entgql's own template functions, so that storage
// and API errors name fields exactly as the schema does.
type refs struct{ entc.DefaultExtension }

// Templates returns the refs template and the rules template (ent/rules.go:
// Client.WithRules).
func (refs) Templates() []*gen.Template {
	return []*gen.Template{
		gen.MustParse(gen.NewTemplate("refs").Funcs(entgql.TemplateFuncs).ParseFiles("./ent/template/refs.tmpl")),
		gen.MustParse(gen.NewTemplate("rules").ParseFiles("./ent/template/rules.tmpl")),
	}
}

// A rewrite replaces generated calls of ent or entgql functions (from) in
// the files matching glob by calls of their counterparts in package pkg
// (to), which select the same rows at a lower cost, and imports pkg. It
// fails when no file holds the call, so that an ent or entgql upgrade that
// changes it is noticed.
type rewrite struct {
	glob string
	from *regexp.Regexp
	to   string
	pkg  string
}

const (
	keysetPkg  = "kembang/internal/entx/keyset"
	inlistPkg  = "kembang/internal/entx/inlist"
	rowscanPkg = "kembang/internal/entx/rowscan"
)

// reroutes are the rewrites:
//   - keyset.Predicates adds the bound that lets the database seek to a
//     cursor instead of reading every row before it;
//   - keyset.LimitPerRow reads each parent's page of an edge through a
//     LATERAL subquery instead of numbering all of the parent's rows;
//   - keyset.HasPrefix adds the range an employee name prefix implies,
//     which an index scan can take even from a prepared statement;
//   - keyset.WhereParents restricts an edge loader's query to the parents'
//     rows as sql.InValues does, in a way LimitPerRow can leave out of each
//     parent's page;
//   - inlist.IDs and inlist.Values write the IN lists of node lookups, edge
//     and totalCount loaders and idIn filters as one array argument on
//     PostgreSQL (= ANY($1));
//   - rowscan.Reuse scans all the rows of a statement into one set of scan
//     targets instead of a new set per row, and rowscan.Slice the results
//     of Select and GroupBy scans (totalCount loaders' counts) without
//     reflection per value.
var reroutes = []rewrite{
	{"./ent/gql_pagination.go", regexp.MustCompile(`entgql\.MultiCursorsPredicate\(`), "keyset.Predicates(", keysetPkg},
	{"./ent/gql_collection.go", regexp.MustCompile(`entgql\.LimitPerRow\(`), "keyset.LimitPerRow(", keysetPkg},
	{"./ent/gql_where_input.go", regexp.MustCompile(`employee\.FullNameHasPrefix\(`), "keyset.HasPrefix(employee.FieldFullName, ", keysetPkg},
	{"./ent/*_query.go", regexp.MustCompile(`s\.Where\(sql\.InValues\(s\.C\((\w+\.\w+)\), fks\.\.\.\)\)`), "keyset.WhereParents(s, s.C($1), fks...)", keysetPkg},
	{"./ent/*_query.go", regexp.MustCompile(`sql\.InValues\(joinT\.C\(`), "inlist.Values(joinT.C(", inlistPkg},
	{"./ent/gql_node.go", regexp.MustCompile(`\b(\w+)\.IDIn\(ids\.\.\.\)`), "inlist.IDs($1.FieldID, ids)", inlistPkg},
	{"./ent/*_query.go", regexp.MustCompile(`\b(\w+)\.IDIn\(ids\.\.\.\)`), "inlist.IDs($1.FieldID, ids)", inlistPkg},
	{"./ent/gql_where_input.go", regexp.MustCompile(`\b(\w+)\.IDIn\(i\.IDIn\.\.\.\)`), "inlist.IDs($1.FieldID, i.IDIn)", inlistPkg},
	{"./ent/gql_collection.go", regexp.MustCompile(`sql\.InValues\(`), "inlist.Values(", inlistPkg},
	{"./ent/*_query.go", regexp.MustCompile(`_spec\.ScanValues = (func\(columns \[\]string\) \(\[\]any, error\) \{\n\t+return \(\*\w+\)\.scanValues\(nil, columns\)\n\t+\})`), "_spec.ScanValues = rowscan.Reuse($1)", rowscanPkg},
	{"./ent/*_query.go", regexp.MustCompile(`return sql\.ScanSlice\(rows, v\)`), "return rowscan.Slice(rows, v)", rowscanPkg},
}

// apply rewrites the files of r.
func (r rewrite) apply() error {
	paths, err := filepath.Glob(r.glob)
	if err != nil {
		return err
	}
	n := 0
	for _, path := range paths {
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if !r.from.Match(src) {
			continue
		}
		n++
		src = r.from.ReplaceAll(src, []byte(r.to))
		if imp := fmt.Sprintf("\t%q\n", r.pkg); !bytes.Contains(src, []byte(imp)) {
			const block = "\nimport (\n"
			if !bytes.Contains(src, []byte(block)) {
				return fmt.Errorf("reroute %s: no import block", path)
			}
			src = bytes.Replace(src, []byte(block), []byte(block+imp), 1)
		}
		if src, err = format.Source(src); err != nil {
			return fmt.Errorf("reroute %s: %w", path, err)
		}
		if err := os.WriteFile(path, src, 0o644); err != nil {
			return err
		}
	}
	if n == 0 {
		return fmt.Errorf("reroute %s: no %s call: has the template changed?", r.glob, r.from)
	}
	return nil
}
