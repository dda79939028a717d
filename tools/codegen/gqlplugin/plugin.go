// Package gqlplugin is Kembang's gqlgen plugin: it changes how the
// generated executor resolves selections, through gqlgen's plugin API and
// a copy of gqlgen's executor templates carried in this package
// (templates/exec, see docs/upgrading.md), never by editing generated
// text.
//
// The executor gqlgen generates starts a goroutine for each element of
// every list of objects, and for every field of an object whose resolver
// takes a context beyond the first. Kembang loads the edges a query selects
// up front (entgql's CollectFields), so those goroutines have nothing to
// wait for: at 1,000,000 employees they cost a third of the CPU of a
// partner listing (docs/performance.md). The plugin
//
//   - turns field concurrency off for every object but the root types
//     (GenerateCode);
//   - routes every list of objects through marshalList (graph/list.go),
//     which keeps one goroutine per element only when the selection reaches
//     a field with a resolver of its own (resolverFields, written to
//     graph/list_gen.go), such as an employee's developmentHours;
//   - parses each field's arguments once per operation, not once per
//     object (fieldArgs, graph/opcache.go), and writes parseFieldArgs
//     (graph/fieldargs_gen.go) for the operation's argument guard
//     (graph/guard.go);
//   - drops the deferred groups (for @defer) that only concurrent fields
//     can fill, and writes objects without concurrent fields through
//     object (graph/object.go), not graphql.FieldSet;
//   - writes leaf fields read straight off the model as values that write
//     themselves (graph/leaf.go, LeafField) while no field middleware that
//     must see every field is installed;
//   - marshals object fields whose value is already on the model (an
//     edge's node, a connection's edges, a loaded ent edge) without
//     gqlgen's ResolveField, under the same condition (graph/direct.go,
//     ObjectField), and fields that call a method of the model with
//     arguments, such as an ent edge's connection, without it either
//     (MethodField);
//   - unmarshals the elements of lists of scalars without a path each
//     (PureUnmarshal);
//   - and finds the fields collected from a selection set once per
//     operation by its address (collectFields, graph/opcache.go).
package gqlplugin

import (
	"embed"
	"errors"
	"fmt"
	"go/types"
	"io/fs"
	"path/filepath"
	"sort"
	"text/template"

	"github.com/99designs/gqlgen/codegen"
	"github.com/99designs/gqlgen/codegen/config"
	"github.com/99designs/gqlgen/codegen/templates"
)

// Templates holds the carried executor templates (exec/) and the
// templates of the plugin's own files.
//
//go:embed templates
var Templates embed.FS

// Plugin is the gqlgen plugin. Pass it to api.Generate (api.AddPlugin),
// then call RenderExec once api.Generate has returned.
type Plugin struct {
	data *codegen.Data
}

// New returns the plugin.
func New() *Plugin { return &Plugin{} }

// Name implements plugin.Plugin.
func (*Plugin) Name() string { return "kembang" }

// GenerateCode implements plugin.CodeGenerator. It runs after the data for
// the executor is built and before gqlgen writes the executor: it turns
// field concurrency off for every non-root object, keeps the data for
// RenderExec, and writes list_gen.go and fieldargs_gen.go beside the
// executor.
func (p *Plugin) GenerateCode(data *codegen.Data) error {
	for _, o := range data.Objects {
		if !o.Root {
			o.DisableConcurrency = true
		}
	}
	p.data = data
	dir := filepath.Dir(data.Config.Exec.Filename)
	if err := p.render("templates/listfields.gotpl", filepath.Join(dir, "list_gen.go")); err != nil {
		return err
	}
	return p.render("templates/fieldargs.gotpl", filepath.Join(dir, "fieldargs_gen.go"))
}

// ErrNoData is returned by RenderExec when GenerateCode has not run.
var ErrNoData = errors.New("gqlplugin: no executor data: run api.Generate with the plugin first")

// RenderExec writes the executor (the config's exec file, single-file
// layout) from the carried templates, in place of the one gqlgen's core
// wrote from its own: the same data and the same templates.Render call
// as codegen.GenerateCode, only the template set differs.
func (p *Plugin) RenderExec() error {
	if p.data == nil {
		return ErrNoData
	}
	exec, err := fs.Sub(Templates, "templates/exec")
	if err != nil {
		return err
	}
	cfg := p.data.Config
	if cfg.Exec.Layout != config.ExecLayoutSingleFile {
		return fmt.Errorf("gqlplugin: exec layout %q: only %q is carried", cfg.Exec.Layout, config.ExecLayoutSingleFile)
	}
	return templates.Render(templates.Options{
		PackageName:     cfg.Exec.Package,
		Filename:        cfg.Exec.Filename,
		Data:            p.data,
		RegionTags:      true,
		GeneratedHeader: true,
		Packages:        cfg.Packages,
		TemplateFS:      exec,
		Funcs:           p.funcs(),
		PruneOptions:    cfg.GetPruneOptions(),
	})
}

// render writes file from the plugin's template name.
func (p *Plugin) render(name, file string) error {
	tmpl, err := fs.ReadFile(Templates, name)
	if err != nil {
		return err
	}
	return templates.Render(templates.Options{
		PackageName:     p.data.Config.Exec.Package,
		Filename:        file,
		Template:        string(tmpl),
		GeneratedHeader: true,
		Data:            p.data,
		Funcs:           p.funcs(),
		Packages:        p.data.Config.Packages,
	})
}

// funcs are the template functions the carried templates call.
func (p *Plugin) funcs() template.FuncMap {
	return template.FuncMap{
		"leafField": func(o *codegen.Object, f *codegen.Field) *Leaf {
			return LeafField(p.data, o, f)
		},
		"objectField": func(o *codegen.Object, f *codegen.Field) *Object {
			return ObjectField(p.data, o, f)
		},
		"methodField": func(o *codegen.Object, f *codegen.Field) *Method {
			return MethodField(p.data, o, f)
		},
		"plainFields":    PlainFields,
		"pureUnmarshal":  PureUnmarshal,
		"resolverFields": ResolverFields,
	}
}

// ResolverFields are the fields of non-root objects with a resolver of
// their own, sorted by object and field name.
func ResolverFields(data *codegen.Data) []*codegen.Field {
	var fields []*codegen.Field
	for _, o := range data.Objects {
		if o.Root {
			continue
		}
		for _, f := range o.Fields {
			if f.IsResolver {
				fields = append(fields, f)
			}
		}
	}
	sortFields(fields)
	return fields
}

// sortFields sorts fields by object and field name.
func sortFields(fields []*codegen.Field) {
	sort.Slice(fields, func(i, j int) bool {
		a, b := fields[i], fields[j]
		if a.Object.Name != b.Object.Name {
			return a.Object.Name < b.Object.Name
		}
		return a.Name < b.Name
	})
}

// funcName is the name of f qualified by its package path.
func funcName(f *types.Func) string {
	if f == nil || f.Pkg() == nil {
		return ""
	}
	return f.Pkg().Path() + "." + f.Name()
}
