package graph

import (
	"bytes"
	"context"
	"errors"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	gqlast "github.com/vektah/gqlparser/v2/ast"

	"kembang/internal/access"
	"kembang/internal/viewer"
)

// TestLoadedAccessors checks the assumption of the fast path of loaded ent
// edges (gqlplugin.ObjectField): for every field whose generated function
// reads obj.Edges.XOrErr() or obj.LoadedX(ctx, field.Alias), the model's
// method X, which ResolveField calls, is entgql's edge method that returns
// exactly that value when the accessor reports no error, and queries only
// when the edge is not loaded; LoadedX reads the edge under the key X reads
// (edgeKey: the alias, or the alias path of a field below an alias of a
// to-one edge, docs/performance.md change 49), X's field context being the
// child of the one LoadedX is given. A method of another shape (written by
// hand, or by a changed ent template) fails here, for the fast path would
// bypass it.
func TestLoadedAccessors(t *testing.T) {
	src, err := os.ReadFile("generated.go")
	if err != nil {
		t.Fatal(err)
	}
	fn := regexp.MustCompile(`(?m)^func \(ec \*executionContext\) _\w+\(ctx context.Context, field graphql.CollectedField, obj \*ent\.(\w+)\) \(ret graphql.Marshaler\) \{\n\tif ec.leavesDirect\(\) \{\n\t\tif v, err := obj\.(?:Edges\.(\w+)OrErr\(\)|Loaded(\w+)\(ctx, field\.Alias\));`)
	uses := fn.FindAllSubmatch(src, -1)
	if len(uses) < 20 {
		t.Fatalf("%d loaded accessors in generated.go: the pattern is out of date", len(uses))
	}

	methods := map[string]*ast.FuncDecl{}
	fset := token.NewFileSet()
	files, err := filepath.Glob("../ent/*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			d, ok := d.(*ast.FuncDecl)
			if !ok || d.Recv == nil || len(d.Recv.List) != 1 {
				continue
			}
			if star, ok := d.Recv.List[0].Type.(*ast.StarExpr); ok {
				if id, ok := star.X.(*ast.Ident); ok {
					methods[id.Name+"."+d.Name.Name] = d
				}
			}
		}
	}

	toOne := `{
	result, err := _m.Edges.XOrErr()
	if IsNotLoaded(err) {
		result, err = _m.QueryX().Only(ctx)
	}
	return result, ERR
}`
	toMany := `{
	if fc := graphql.GetFieldContext(ctx); fc != nil && fc.Field.Alias != "" {
		result, err = _m.NamedX(edgeKey(_m.Edges.namedX, ctx, fc.Field.Alias, true))
	} else {
		result, err = _m.Edges.XOrErr()
	}
	if IsNotLoaded(err) {
		result, err = _m.QueryX().All(ctx)
	}
	return result, err
}`
	loaded := `{
	return _m.NamedX(edgeKey(_m.Edges.namedX, ctx, alias, false))
}`
	for _, u := range uses {
		typ, name, many := string(u[1]), string(u[2]), false
		if name == "" {
			name, many = string(u[3]), true
		}
		d := methods[typ+"."+name]
		if d == nil {
			t.Errorf("%s.%s: no such method in package ent", typ, name)
			continue
		}
		var b bytes.Buffer
		if err := printer.Fprint(&b, fset, d.Body); err != nil {
			t.Fatal(err)
		}
		got := b.String()
		var want []string
		if many {
			want = []string{strings.ReplaceAll(toMany, "X", name)}
		} else {
			one := strings.ReplaceAll(toOne, "X", name)
			want = []string{strings.ReplaceAll(one, "ERR", "err"), strings.ReplaceAll(one, "ERR", "MaskNotFound(err)")}
		}
		if !contains(want, got) {
			t.Errorf("%s.%s reads its edge otherwise than the fast path assumes:\n%s\nwant\n%s", typ, name, got, want[0])
		}
		if !many {
			continue
		}
		d = methods[typ+".Loaded"+name]
		if d == nil {
			t.Errorf("%s.Loaded%s: no such method in package ent", typ, name)
			continue
		}
		b.Reset()
		if err := printer.Fprint(&b, fset, d.Body); err != nil {
			t.Fatal(err)
		}
		if got, want := b.String(), strings.ReplaceAll(loaded, "X", name); got != want {
			t.Errorf("%s.Loaded%s reads its edge otherwise than %s does:\n%s\nwant\n%s", typ, name, name, got, want)
		}
	}
}

// contains reports whether list holds s.
func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// TestDirectRefusesSystemRights checks that the fast path of object fields
// is not taken in a context with the server's rights, so that ResolveField
// runs and asViewer refuses the field, and that an input unmarshaler
// called outside a request's executor fails instead of panicking.
func TestDirectRefusesSystemRights(t *testing.T) {
	ec := &executionContext{}
	viewerCtx := viewer.NewContext(context.Background(), viewer.Viewer{Subject: "test:admin", Role: viewer.Admin})
	if !ec.direct(viewerCtx) {
		t.Error("direct refused a viewer's context")
	}
	if ec.direct(access.System(viewerCtx)) {
		t.Error("direct took a context with the server's rights")
	}
	// The contexts that hold the answer (checkedCtx) give the parent's, and
	// a context derived from one is walked again.
	field := graphql.CollectedField{Field: &gqlast.Field{Name: "node", Alias: "node"}}
	for _, tc := range []struct {
		name   string
		parent context.Context
		want   bool
	}{
		{"viewer", viewerCtx, true},
		{"system", access.System(viewerCtx), false},
	} {
		var elems []bool
		marshalList(tc.parent, nil, 3, 0, false, func(ctx context.Context, i int) graphql.Marshaler {
			if _, ok := ctx.(*checkedCtx); !ok {
				t.Errorf("%s: element %d's context is %T, not a checkedCtx", tc.name, i, ctx)
			}
			if graphql.GetFieldContext(ctx).Index == nil || *graphql.GetFieldContext(ctx).Index != i {
				t.Errorf("%s: element %d has not its index in its field context", tc.name, i)
			}
			elems = append(elems, ec.direct(ctx), ec.direct(access.System(ctx)))
			return graphql.Null
		})
		for i := 0; i < len(elems); i += 2 {
			if elems[i] != tc.want || elems[i+1] {
				t.Errorf("%s: element %d: direct %v (want %v), below the server's rights %v", tc.name, i/2, elems[i], tc.want, elems[i+1])
			}
		}
		if !tc.want {
			continue // the fast paths make their contexts only once direct held
		}
		fctx := withField(tc.parent, "Session", field, false, nil)
		_, mctx := withMethodField(tc.parent, "Session", field)
		for _, c := range []context.Context{fctx, mctx} {
			if !ec.direct(c) || ec.direct(access.System(c)) || graphql.GetFieldContext(c).Field.Name != "node" {
				t.Errorf("%s: a fast path's context answers direct %v, below the server's rights %v",
					tc.name, ec.direct(c), ec.direct(access.System(c)))
			}
		}
	}
	unmarshal := boundInput((*executionContext).unmarshalInputEmployeeOrder)
	if _, err := unmarshal(context.Background(), map[string]any{"field": "FULL_NAME"}); !errors.Is(err, errNoExecutor) {
		t.Errorf("an input unmarshalled without an executor: %v, want %v", err, errNoExecutor)
	}
}
