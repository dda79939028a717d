package gqlplugin

import (
	"go/types"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/codegen"
	"github.com/99designs/gqlgen/codegen/config"
	gqlast "github.com/vektah/gqlparser/v2/ast"
)

// TestMethodField checks which fields get the method fast path
// (kembangMethodField), which runs without gqlgen's ResolveField and so
// without field middleware and without the field's directives: only a
// method of the model with arguments, of an object that is neither a root
// nor a stream, with no directive of its own (a directive that runs, such
// as @authorize, must keep ResolveField, which calls it), none at a
// query's FIELD location in the schema, no batch, haser or (value, ok)
// form, and a type whose marshaller takes no context. Written by the
// outside review of change 51 (docs/performance.md, change 54): the
// schema has no such field with a directive today, so nothing else would
// catch a later @authorize on a connection losing its check.
func TestMethodField(t *testing.T) {
	const gql = "github.com/99designs/gqlgen/graphql"
	str := types.Typ[types.String]
	obj := &codegen.Object{Definition: &gqlast.Definition{Name: "Session", Kind: gqlast.Object}}
	authorize := &codegen.Directive{DirectiveDefinition: &gqlast.DirectiveDefinition{
		Name: "authorize", Locations: []gqlast.DirectiveLocation{gqlast.LocationFieldDefinition}}, Name: "authorize"}
	skipped := &codegen.Directive{DirectiveDefinition: &gqlast.DirectiveDefinition{
		Name: "goField", Locations: []gqlast.DirectiveLocation{gqlast.LocationFieldDefinition}}, Name: "goField",
		DirectiveConfig: config.DirectiveConfig{SkipRuntime: true}}
	field := func(set func(*codegen.Field)) *codegen.Field {
		f := &codegen.Field{
			FieldDefinition: &gqlast.FieldDefinition{Name: "enrollments"},
			TypeReference:   ref(str, "String", true, gql, "MarshalString"),
			GoFieldType:     codegen.GoFieldMethod,
			GoFieldName:     "Enrollments",
			Object:          obj,
			Args:            []*codegen.FieldArgument{{ArgumentDefinition: &gqlast.ArgumentDefinition{Name: "first"}}},
		}
		if set != nil {
			set(f)
		}
		return f
	}
	data := &codegen.Data{Config: &config.Config{}}
	for name, c := range map[string]struct {
		data *codegen.Data
		o    *codegen.Object
		f    *codegen.Field
		fast bool
	}{
		"method with arguments":               {data, obj, field(nil), true},
		"a directive skipped at run time":     {data, obj, field(func(f *codegen.Field) { f.Directives = []*codegen.Directive{skipped} }), true},
		"a directive on the field":            {data, obj, field(func(f *codegen.Field) { f.Directives = []*codegen.Directive{authorize} }), false},
		"no arguments":                        {data, obj, field(func(f *codegen.Field) { f.Args = nil }), false},
		"resolver":                            {data, obj, field(func(f *codegen.Field) { f.IsResolver = true }), false},
		"struct field":                        {data, obj, field(func(f *codegen.Field) { f.GoFieldType = codegen.GoFieldVariable }), false},
		"map":                                 {data, obj, field(func(f *codegen.Field) { f.GoFieldType = codegen.GoFieldMap }), false},
		"batch":                               {data, obj, field(func(f *codegen.Field) { f.Batch = true }), false},
		"haser":                               {data, obj, field(func(f *codegen.Field) { f.HasHaser = true }), false},
		"(value, ok)":                         {data, obj, field(func(f *codegen.Field) { f.VOkFunc = true }), false},
		"context marshaller":                  {data, obj, field(func(f *codegen.Field) { f.TypeReference.IsContext = true }), false},
		"root object":                         {data, &codegen.Object{Root: true, Definition: obj.Definition}, field(nil), false},
		"stream object":                       {data, &codegen.Object{Stream: true, Definition: obj.Definition}, field(nil), false},
		"a FIELD directive in the schema":     {&codegen.Data{Config: data.Config, AllDirectives: codegen.DirectiveList{"x": {DirectiveDefinition: &gqlast.DirectiveDefinition{Name: "x", Locations: []gqlast.DirectiveLocation{gqlast.LocationField}}, Name: "x"}}}, obj, field(nil), false},
		"an authorize directive, schema-wide": {&codegen.Data{Config: data.Config, AllDirectives: codegen.DirectiveList{"authorize": authorize}}, obj, field(nil), true},
	} {
		m := MethodField(c.data, c.o, c.f)
		if (m != nil) != c.fast {
			t.Errorf("%s: MethodField = %+v, want a fast path: %v", name, m, c.fast)
			continue
		}
		if m != nil && (m.Object != "Session" || m.ArgsFunc != "field_Session_enrollments_args" || !m.NonNull || !m.Recover ||
			!strings.HasPrefix(m.Marshal, "marshalN")) {
			t.Errorf("%s: MethodField = %+v", name, m)
		}
	}
}

// TestExecutorMethodFields checks the executor gqlgen generated for
// Kembang: every function with the method fast path (withMethodField)
// checks leavesDirect and direct before it, keeps gqlgen's ResolveField
// after it, and belongs to a field without a resolver or a directive
// (the fields with @authorize run through ResolveField only).
func TestExecutorMethodFields(t *testing.T) {
	fns := funcs(t)
	n := 0
	for name, src := range fns {
		i := strings.Index(src, "withMethodField(ctx, ")
		if i < 0 {
			continue
		}
		n++
		guard := strings.Index(src, "if ec.leavesDirect() && ec.direct(ctx) {")
		if guard < 0 || guard > i {
			t.Errorf("%s: the fast path is not behind leavesDirect and direct:\n%s", name, src)
		}
		if !strings.Contains(src[i:], "return graphql.ResolveField(") {
			t.Errorf("%s: no ResolveField after the fast path", name)
		}
		for _, bad := range []string{"ec.Directives.", "ec.Resolvers.", "ec.OperationContext.ResolverMiddleware"} {
			if strings.Contains(src, bad) {
				t.Errorf("%s: a method fast path in a function that calls %s", name, bad)
			}
		}
	}
	if n < 37 {
		t.Errorf("%d functions with the method fast path, want at least the 37 connections", n)
	}
	for _, fn := range []string{"_Query_certificationsExpiring", "_Employee_developmentHours", "_Employee_meetsAnnualTarget"} {
		if src, ok := fns[fn]; !ok {
			t.Errorf("no function %s", fn)
		} else if strings.Contains(src, "withMethodField") {
			t.Errorf("%s (a root field or a field with @authorize) has the method fast path", fn)
		}
	}
}
