package gqlplugin

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/codegen"
	"github.com/99designs/gqlgen/codegen/config"
	gqlast "github.com/vektah/gqlparser/v2/ast"
)

// executor is the executor the plugin rendered for Kembang (go generate
// keeps it in step: CI fails on a diff; the graph package's tests build
// and run it).
const executor = "../../../graph/generated.go"

// funcs parses the executor and returns the source of each function by
// name ("_Employee_fullName", "marshalNString2string").
func funcs(t *testing.T) map[string]string {
	t.Helper()
	src, err := os.ReadFile(executor)
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, executor, src, parser.SkipObjectResolution)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]string{}
	for _, d := range f.Decls {
		if fn, ok := d.(*ast.FuncDecl); ok {
			m[fn.Name.Name] = string(src[fset.Position(fn.Pos()).Offset:fset.Position(fn.End()).Offset])
		}
	}
	return m
}

// TestExecutor checks that the executor holds the carried templates'
// calls, and none of gqlgen's they replace. The subscription root
// (_Subscription, gqlgen's stream branch of the object template, run once
// per subscription rather than per object) keeps gqlgen's CollectFields.
func TestExecutor(t *testing.T) {
	fns := funcs(t)
	all := strings.Join(func() []string {
		var s []string
		for name, f := range fns {
			if name != "_Subscription" {
				s = append(s, f)
			}
		}
		return s
	}(), "\n")
	for _, absent := range []string{
		"graphql.MarshalSliceConcurrently(", // marshalList
		"field.ArgumentMap(ec.Variables)",   // fieldArgs
		"graphql.CollectFields(",            // collectFields
		"graphql.NewDeferredGroup(",         // no concurrent fields outside the root types
	} {
		if strings.Contains(all, absent) {
			t.Errorf("the executor calls %s", absent)
		}
	}
	for fn, want := range map[string][]string{
		// Arguments parsed once per operation.
		"fieldContext_Employee_reports": {"ec.fieldArgs(ctx, field, ec.field_Employee_reports_args)"},
		// An object without concurrent fields.
		"_Employee": {"ec.collectFields(sel, employeeImplementors)", "out := newObject(fields)", "var deferred graphql.DeferredGroup"},
		// The root type keeps its field set (its fields are concurrent).
		"_Query": {"out := graphql.NewFieldSet(fields)", "var deferred graphql.DeferredGroup"},
		// Leaf fields: the fast path, then gqlgen's resolution.
		"_Employee_fullName":       {"if ec.leavesDirect() {", "return (*stringValue)(&obj.FullName)", "return graphql.ResolveField("},
		"_Employee_id":             {"return (*idValue)(&obj.ID)", "return graphql.ResolveField("},
		"_Employee_createdAt":      {"if !v.IsZero() {", "return (*timeValue)(&obj.CreatedAt)", "return graphql.ResolveField("},
		"_Employee_birthDate":      {"if v == nil {", "return (*dateValue)(v)", "return graphql.ResolveField("},
		"_Employee_active":         {"return (*boolValue)(&obj.Active)"},
		"_Employee_email":          {"return (*stringValue)(v)"},
		"_Employee_employmentType": {"return &obj.EmploymentType"},
		"_Employee_golongan":       {"return ec.marshalOEmployeeGolongan2ᚖkembangᚋentᚋemployeeᚐGolongan(ctx, field.Selections, obj.Golongan)"},
		// A resolver is no leaf.
		"_Employee_developmentHours": {"return graphql.ResolveField("},
		// Object fields whose value is on the model: the fast path (a
		// field context only for selections that need one), then gqlgen's
		// resolution.
		"_EmployeeEdge_node": {"if v := obj.Node; v != nil && ec.direct(ctx) {",
			`if !ec.plainSelection(field.Selections, "Employee", employeeImplementors) {`,
			`ctx = withField(ctx, "EmployeeEdge", field, false, v)`, "ec.Recover(ctx, r)", "return graphql.ResolveField("},
		"_Employee_agency":          {"if v, err := obj.Edges.AgencyOrErr(); err == nil && v != nil && ec.direct(ctx) {", "return graphql.ResolveField("},
		"_Position_requirements":    {"if v, err := obj.LoadedRequirements(ctx, field.Alias); err == nil && v != nil && ec.direct(ctx) {"},
		"_EmployeeConnection_edges": {"if v := obj.Edges; v != nil && ec.direct(ctx) {"},
		// A connection (a method with arguments): the method fast path
		// behind leavesDirect and direct, then gqlgen's resolution.
		"_Employee_enrollments": {"if ec.leavesDirect() && ec.direct(ctx) {", `withMethodField(ctx, "Employee", field)`,
			"ec.fieldArgs(ctx, field, ec.field_Employee_enrollments_args)", "return graphql.ResolveField("},
	} {
		src, ok := fns[fn]
		if !ok {
			t.Errorf("no function %s", fn)
			continue
		}
		for _, w := range want {
			if !strings.Contains(src, w) {
				t.Errorf("%s has no %q:\n%s", fn, w, src)
			}
		}
	}
	if strings.Contains(fns["_Employee_developmentHours"], "leavesDirect") {
		t.Error("a resolver's field has the leaf fast path")
	}
	lists := 0
	for name, src := range fns {
		if strings.HasPrefix(name, "marshalN") && strings.Contains(src, "marshalList(ctx, sel, len(v), ") {
			lists++
		}
	}
	if lists == 0 {
		t.Error("no list of objects goes through marshalList")
	}
	if !strings.Contains(fns["unmarshalNID2ᚕintᚄ"], "res[i], err = ec.unmarshalNID2int(ctx, vSlice[i])\n\t\tif err != nil {\n\t\t\tres[i], err = ec.unmarshalNID2int(graphql.WithPathContext(ctx, graphql.NewPathWithIndex(i)), vSlice[i])") {
		t.Errorf("a list of IDs is unmarshalled with a path per element:\n%s", fns["unmarshalNID2ᚕintᚄ"])
	}
}

// ref is a TypeReference to a GraphQL type named gql (non-null when
// nonNull) bound to the Go type goType, with marshaller marshal (a
// function of package pkg).
func ref(goType types.Type, gql string, nonNull bool, pkg, marshal string) *config.TypeReference {
	t := &config.TypeReference{
		Definition: &gqlast.Definition{Name: gql, Kind: gqlast.Scalar},
		GQL:        gqlast.NamedType(gql, nil),
		GO:         goType,
		Target:     goType,
	}
	if p, ok := goType.(*types.Pointer); ok {
		t.Target = p.Elem()
	}
	t.GQL.NonNull = nonNull
	if marshal != "" {
		t.Marshaler = types.NewFunc(token.NoPos, types.NewPackage(pkg, pkg[strings.LastIndex(pkg, "/")+1:]), marshal, nil)
	}
	return t
}

// TestLeafField checks which fields have the fast path, and which value
// and guard they get.
func TestLeafField(t *testing.T) {
	const gql = "github.com/99designs/gqlgen/graphql"
	str := types.Typ[types.String]
	flt := types.Typ[types.Float64]
	data := &codegen.Data{}
	obj := &codegen.Object{Definition: &gqlast.Definition{Kind: gqlast.Object}}
	field := func(t *config.TypeReference, set func(*codegen.Field)) *codegen.Field {
		f := &codegen.Field{FieldDefinition: &gqlast.FieldDefinition{Name: "f"}, TypeReference: t, GoFieldType: codegen.GoFieldVariable, GoFieldName: "F", Object: obj}
		if set != nil {
			set(f)
		}
		return f
	}
	float := ref(flt, "Float", true, gql, "MarshalFloatContext")
	float.IsContext = true
	floatPtr := ref(types.NewPointer(flt), "Float", false, gql, "MarshalFloatContext")
	floatPtr.IsContext = true
	for name, c := range map[string]struct {
		f    *codegen.Field
		want *Leaf
	}{
		"string":          {field(ref(str, "String", true, gql, "MarshalString"), nil), &Leaf{Field: "F", Value: "(*stringValue)(&obj.F)"}},
		"optional string": {field(ref(types.NewPointer(str), "String", false, gql, "MarshalString"), nil), &Leaf{Field: "F", Value: "(*stringValue)(v)", NilNull: true}},
		"float":           {field(float, nil), &Leaf{Field: "F", Value: "(*floatValue)(&obj.F)", Guard: "finite(v)"}},
		"optional float":  {field(floatPtr, nil), &Leaf{Field: "F", Value: "(*floatValue)(v)", Guard: "finite(*v)", NilNull: true}},
		"ID":              {field(ref(types.Typ[types.Int], "ID", true, "kembang/ent/gid", "MarshalID"), nil), &Leaf{Field: "F", Value: "(*idValue)(&obj.F)"}},
		// gqlgen reports a nil pointer of a non-null field.
		"non-null pointer":   {field(ref(types.NewPointer(str), "String", true, gql, "MarshalString"), nil), nil},
		"unknown marshaller": {field(ref(str, "Upload", true, gql, "MarshalUpload"), nil), nil},
		"resolver":           {field(ref(str, "String", true, gql, "MarshalString"), func(f *codegen.Field) { f.IsResolver = true; f.GoFieldType = codegen.GoFieldMethod }), nil},
		"method":             {field(ref(str, "String", true, gql, "MarshalString"), func(f *codegen.Field) { f.GoFieldType = codegen.GoFieldMethod }), nil},
		"arguments":          {field(ref(str, "String", true, gql, "MarshalString"), func(f *codegen.Field) { f.Args = []*codegen.FieldArgument{{}} }), nil},
		"directive": {field(ref(str, "String", true, gql, "MarshalString"), func(f *codegen.Field) {
			f.Directives = []*codegen.Directive{{DirectiveDefinition: &gqlast.DirectiveDefinition{Locations: []gqlast.DirectiveLocation{gqlast.LocationFieldDefinition}}}}
		}), nil},
	} {
		got := LeafField(data, obj, c.f)
		switch {
		case got == nil && c.want == nil:
		case got == nil || c.want == nil || *got != *c.want:
			t.Errorf("%s: LeafField = %+v, want %+v", name, got, c.want)
		}
	}
	root := &codegen.Object{Root: true, Definition: &gqlast.Definition{Kind: gqlast.Object}}
	if l := LeafField(data, root, field(ref(str, "String", true, gql, "MarshalString"), func(f *codegen.Field) { f.Object = root })); l != nil {
		t.Errorf("a root field has a fast path: %+v", l)
	}
}
