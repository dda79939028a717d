package gqlplugin

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// upstream records, for every template of gqlgen's single-file executor
// (codegen/*.gotpl), the SHA-256 of the file templates/exec was copied
// from: gqlgen v0.17.98. A gqlgen upgrade that changes any of them, or
// adds or removes one, fails TestUpstreamTemplates until the templates
// are copied again and Kembang's changes re-applied (docs/upgrading.md).
var upstream = map[string]string{
	"api!.gotpl":        "48ada2ae3cf03cd5b224a485248e533b2ecaafea1f7c28e07d46c3cdb5296367",
	"args.gotpl":        "3d0bc2ee595cc1b94449042ebba73ab3f59c20139efe46b693e0020364d000a5",
	"directives_.gotpl": "afed3f7c96cbc5db1fe7f574231d9a449410de4f2f03eb3d59149869e5816610",
	"field.gotpl":       "5d798a6fb94c8fbaa0b6a4ab04becac8d837fdaaabdf7e7668989ad394ccd837",
	"generated!.gotpl":  "4291bc51bed248017f991ef5ba279f1dd812bbbcf264e3308423a34b6fcf4afe",
	"input.gotpl":       "d82f7c6337f55f5f3b11089ba4590e14052970f249f0585fa4ae36d1eaa64f3d",
	"interface.gotpl":   "7168a807f9e574815cff008ce53ca1a6508655b22d37f7f267aebf2a36667bb2",
	"internal!.gotpl":   "f664fddc7495ff6ed85c13aac3f6d1db82d38ba643507bfc4c9c294a504f15b8",
	"object.gotpl":      "0d247faea1bc26bf856c6b89a7adb556f4c471a903b6cecd654194140534c120",
	"type.gotpl":        "c18dbf7d3c51be519eaf5db43280409c27abc367a68ca9c642b71120b02e477b",
}

// change is one of Kembang's changes to a carried template: the upstream
// text and what the carried copy has in its place.
type change struct{ upstream, carried string }

// changes are all of Kembang's changes to the carried templates, by file
// (docs/upgrading.md explains each). Every other carried file is gqlgen's
// byte for byte. kembang_.gotpl is Kembang's own: the named templates the
// changes call.
var changes = map[string][]change{
	"field.gotpl": {
		{ // leaf fields: a value that writes itself, while no middleware must see them;
			// object fields whose value is on the model: marshalled without ResolveField;
			// methods of the model with arguments (connections): called without ResolveField
			"\t{{- else}}\n\t\treturn graphql.{{ $field.ResolveFieldFunc }}(",
			"\t{{- else}}\n\t\t{{- with leafField $object $field }}{{ template \"kembangLeafField\" . }}{{ end }}\n" +
				"\t\t{{- with objectField $object $field }}{{ template \"kembangObjectField\" . }}{{ end }}\n" +
				"\t\t{{- with methodField $object $field }}{{ template \"kembangMethodField\" . }}{{ end }}\n\t\treturn graphql.{{ $field.ResolveFieldFunc }}(",
		},
		{ // arguments parsed once per operation and field
			"if fc.Args, err = {{$.ECDot}}{{ $field.ArgsFunc }}(ctx, {{$.ECArg}}field.ArgumentMap(ec.Variables)); err != nil {",
			"if fc.Args, err = ec.fieldArgs(ctx, field, {{$.ECDot}}{{ $field.ArgsFunc }}); err != nil {",
		},
	},
	"internal!.gotpl": {
		{ // the operation's cache kept in its executor (graph/opcache.go)
			"\t*graphql.ExecutionContextState[ResolverRoot, DirectiveRoot, ComplexityRoot]\n}\n",
			"\t*graphql.ExecutionContextState[ResolverRoot, DirectiveRoot, ComplexityRoot]\n\tops *opCache\n}\n",
		},
		{
			"\t\t\tdeferredResults,\n\t\t),\n\t}\n",
			"\t\t\tdeferredResults,\n\t\t),\n\t\tops: operationCache(opCtx),\n\t}\n",
		},
		{ // the input unmarshalers indexed once, each bound to its request's executor through the context
			"\t\t\t\tgraphql.NewInputUnmarshaler({{ $input.Name | quote }}, ec.unmarshalInput{{ $input.Name }}),\n",
			"\t\t\t\tgraphql.NewInputUnmarshaler({{ $input.Name | quote }}, boundInput((*executionContext).unmarshalInput{{ $input.Name }})),\n",
		},
		{
			"first = false\n\t\t\t\tctx = graphql.WithLazyInputUnmarshalerIndex(ctx, inputUnmarshalers)",
			"first = false\n\t\t\t\tctx = withInputs(ctx, ec, inputUnmarshalers)",
		},
		{ // a query's data written into a buffer the size of the operation's last response
			"\t\t\tvar buf bytes.Buffer\n\t\t\tdata.MarshalGQL(&buf)\n\t\t\tresponse.Data = buf.Bytes()\n",
			"\t\t\tbuf := responseBuffer(opCtx.Operation)\n\t\t\tdata.MarshalGQL(buf)\n\t\t\tresponse.Data = responseData(opCtx.Operation, buf)\n",
		},
		{
			"first = false\n\t\t\tctx = graphql.WithLazyInputUnmarshalerIndex(ctx, inputUnmarshalers)",
			"first = false\n\t\t\tctx = withInputs(ctx, ec, inputUnmarshalers)",
		},
	},
	"object.gotpl": {
		{ // collected fields found by the selection's address
			"sel ast.SelectionSet{{ if not $object.Root }},obj {{$object.Reference | ref }}{{ end }}) graphql.Marshaler {\n\tfields := graphql.CollectFields(ec.OperationContext, sel, {{$object.Name|lcFirst}}Implementors)",
			"sel ast.SelectionSet{{ if not $object.Root }},obj {{$object.Reference | ref }}{{ end }}) graphql.Marshaler {\n\tfields := ec.collectFields(sel, {{$object.Name|lcFirst}}Implementors)",
		},
		{ // no field set and no deferred group where nothing is concurrent
			"\tout := graphql.NewFieldSet(fields)\n\tdeferred := graphql.NewDeferredGroup(ctx)\n",
			"\tout := {{ if $object.IsConcurrent }}graphql.NewFieldSet(fields){{ else }}newObject(fields){{ end }}\n" +
				"\t{{ if and $object.IsConcurrent (not $object.Root) }}deferred := graphql.NewDeferredGroup(ctx){{ else }}var deferred graphql.DeferredGroup{{ end }}\n",
		},
	},
	"input.gotpl": {
		{ // the order of the type's fields, declared once
			"\t{{- if not .HasUnmarshal }}\n\t{{- $it := \"it\" }}\n",
			"\t{{- if not .HasUnmarshal }}\n\t{{- template \"kembangInputOrder\" . }}\n\t{{- $it := \"it\" }}\n",
		},
		{ // the client's object read as it is when no field has a default
			"\t\tasMap := map[string]any{}\n\t\tfor k, v := range obj.(map[string]any) {\n\t\t\tasMap[k] = v\n\t\t}\n",
			"\t\t{{- template \"kembangInputMap\" . }}\n",
		},
		{ // the fields given visited in the type's order, not every field looked up
			"\t\tfieldsInOrder := [...]string{ {{ range .Fields }}{{ quote .Name }},{{ end }} }\n\t\t{{- if $input.IsMap }}\n\t\t\tit = make(map[string]any, len(asMap))\n\t\t{{- end }}\n\t\tfor _, k := range fieldsInOrder {\n\t\t\tv, ok := asMap[k]\n\t\t\tif !ok {\n\t\t\t\tcontinue\n\t\t\t}\n",
			"\t\t{{- if $input.IsMap }}\n\t\t\tit = make(map[string]any, len(asMap))\n\t\t{{- end }}\n\t\tvar given [8]string\n\t\tfor _, k := range inputOrder{{ .Name }}.given(asMap, given[:0]) {\n\t\t\tv := asMap[k]\n",
		},
	},
	"type.gotpl": {
		{ // list elements of scalars unmarshalled without a path unless one fails
			"\t\t\t\t\tctx := graphql.WithPathContext(ctx, graphql.NewPathWithIndex(i))\n\t\t\t\t\tres[i], err = {{$.ECDot}}{{ $type.Elem.UnmarshalFunc }}(ctx, {{$.ECArg}}vSlice[i])\n",
			"\t\t\t\t\t{{- if pureUnmarshal $type.Elem }}\n" +
				"\t\t\t\t\tres[i], err = {{$.ECDot}}{{ $type.Elem.UnmarshalFunc }}(ctx, {{$.ECArg}}vSlice[i])\n" +
				"\t\t\t\t\tif err != nil {\n" +
				"\t\t\t\t\t\tres[i], err = {{$.ECDot}}{{ $type.Elem.UnmarshalFunc }}(graphql.WithPathContext(ctx, graphql.NewPathWithIndex(i)), {{$.ECArg}}vSlice[i])\n" +
				"\t\t\t\t\t}\n" +
				"\t\t\t\t\t{{- else }}\n" +
				"\t\t\t\t\tctx := graphql.WithPathContext(ctx, graphql.NewPathWithIndex(i))\n\t\t\t\t\tres[i], err = {{$.ECDot}}{{ $type.Elem.UnmarshalFunc }}(ctx, {{$.ECArg}}vSlice[i])\n" +
				"\t\t\t\t\t{{- end }}\n",
		},
		{ // lists of objects through marshalList
			"ret := graphql.MarshalSliceConcurrently(ctx, len(v), ",
			"ret := marshalList(ctx, sel, len(v), ",
		},
	},
}

// gqlgenDir returns the directory of the gqlgen module the build uses
// (go.mod's version, from the module cache).
func gqlgenDir(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/99designs/gqlgen").Output()
	if err != nil {
		t.Fatalf("go list -m github.com/99designs/gqlgen: %v", err)
	}
	dir := strings.TrimSpace(string(out))
	if dir == "" {
		t.Fatal("gqlgen is not in the module cache: run go mod download")
	}
	return dir
}

func sha(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// TestUpstreamTemplates notices upstream drift: every executor template of
// the gqlgen in go.mod is the one the carried copy was made from.
func TestUpstreamTemplates(t *testing.T) {
	dir := filepath.Join(gqlgenDir(t), "codegen")
	files, err := filepath.Glob(filepath.Join(dir, "*.gotpl"))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range files {
		names = append(names, filepath.Base(f))
	}
	for name := range upstream {
		if !slices.Contains(names, name) {
			t.Errorf("gqlgen has no codegen/%s any more: see docs/upgrading.md", name)
		}
	}
	for _, name := range names {
		want, ok := upstream[name]
		if !ok {
			t.Errorf("gqlgen has a new template codegen/%s: carry it (docs/upgrading.md)", name)
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if got := sha(b); got != want {
			t.Errorf("gqlgen's codegen/%s changed (sha256 %s, carried from %s): copy it again and re-apply Kembang's changes (docs/upgrading.md)", name, got, want)
		}
	}
}

// TestCarriedTemplates checks that the carried templates are gqlgen's
// with exactly the changes listed in changes: undoing them gives the
// upstream file the copy was made from, byte for byte.
func TestCarriedTemplates(t *testing.T) {
	carried, err := fs.Glob(Templates, "templates/exec/*.gotpl")
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(gqlgenDir(t), "codegen")
	for _, path := range carried {
		name := filepath.Base(path)
		if name == "kembang_.gotpl" {
			continue
		}
		if _, ok := upstream[name]; !ok {
			t.Errorf("templates/exec/%s is not a gqlgen template", name)
			continue
		}
		b, err := fs.ReadFile(Templates, path)
		if err != nil {
			t.Fatal(err)
		}
		src := string(b)
		for _, c := range changes[name] {
			if n := strings.Count(src, c.carried); n != 1 {
				t.Errorf("%s: change %q found %d times, want once", name, firstLine(c.carried), n)
				continue
			}
			src = strings.Replace(src, c.carried, c.upstream, 1)
		}
		if got := sha([]byte(src)); got != upstream[name] {
			up, err := os.ReadFile(filepath.Join(dir, name))
			if err == nil && string(up) == src {
				continue // the same text: upstream drift, which TestUpstreamTemplates reports
			}
			t.Errorf("%s has changes besides those listed in changes (undone: sha256 %s, want %s)", name, got, upstream[name])
		}
	}
	for name := range upstream {
		if !slices.Contains(carried, "templates/exec/"+name) {
			t.Errorf("templates/exec/%s is missing", name)
		}
	}
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return s
}
