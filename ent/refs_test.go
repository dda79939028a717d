package ent

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
)

// TestRefsMatchSchema checks the tables generated into gql_refs.go
// against the GraphQL schema: every input name is a field of the type's
// create or update input, every edge input one of the right input, and
// every table a type's.
func TestRefsMatchSchema(t *testing.T) {
	files, err := filepath.Glob("../graph/*.graphqls")
	if err != nil {
		t.Fatal(err)
	}
	var sources []*ast.Source
	for _, name := range append(files, "../schema.graphqls") {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		sources = append(sources, &ast.Source{Name: name, Input: string(b)})
	}
	schema, gerr := gqlparser.LoadSchema(sources...)
	if gerr != nil {
		t.Fatal(gerr)
	}
	field := func(input, name string) bool {
		d := schema.Types[input]
		return d != nil && d.Fields.ForName(name) != nil
	}
	for typ, names := range inputNames {
		for ent, gql := range names {
			if !field("Create"+typ+"Input", gql) && !field("Update"+typ+"Input", gql) {
				t.Errorf("InputName(%q, %q) = %q: no such field in Create%sInput or Update%sInput", typ, ent, gql, typ, typ)
			}
		}
	}
	for typ, edges := range edgeInputs {
		for edge, ops := range edges {
			for i, input := range []string{"Create", "Update", "Update"} {
				if ops[i] != "" && !field(input+typ+"Input", ops[i]) {
					t.Errorf("EdgeInput(%q, %q) names %q, not a field of %s%sInput", typ, edge, ops[i], input, typ)
				}
			}
		}
	}
	for typ, edges := range edgeTables {
		if _, ok := TypeTable(typ); !ok {
			t.Errorf("no table of %s", typ)
		}
		for edge, table := range edges {
			if _, ok := TableType(table); !ok {
				t.Errorf("edge %s.%s points to %s, no type's table", typ, edge, table)
			}
		}
	}
	if n, _ := InputName("LearningClaim", "evidence_url"); n != "evidenceURL" {
		t.Errorf("evidence_url is %q in the inputs, want evidenceURL", n)
	}
}
