package entgen

import (
	"embed"
	"fmt"
	"text/template"

	"entgo.io/contrib/entgql"
	"entgo.io/ent/entc/gen"
)

// templateFS holds the carried templates (see the package comment).
//
//go:embed template
var templateFS embed.FS

// Template directories in templateFS.
const (
	entDir     = "template/ent"
	entgqlDir  = "template/entgql"
	kembangDir = "template/kembang"
)

// templates are the parsed templates of a run: ent's configuration
// templates (overrides of ent's blocks and Kembang's additions) and the
// templates of the entgql extension (in place of entgql.AllTemplates).
type templates struct {
	ent    []*gen.Template
	entgql []*gen.Template
}

// loadTemplates parses the carried templates with the functions opts
// supplies to them.
func loadTemplates(opts Options) (templates, error) {
	funcs := templateFuncs(opts)
	parse := func(name string, patterns ...string) (*gen.Template, error) {
		t, err := gen.NewTemplate(name).Funcs(entgql.TemplateFuncs).Funcs(funcs).ParseFS(templateFS, patterns...)
		if err != nil {
			return nil, fmt.Errorf("entgen: parsing %s: %w", name, err)
		}
		return t, nil
	}
	var (
		ts  templates
		err error
		t   = make(map[string]*gen.Template)
	)
	for _, p := range []struct{ name, pattern string }{
		{"ent", entDir + "/*.tmpl"},
		{"kembang", kembangDir + "/*.tmpl"},
		{"collection", entgqlDir + "/collection.tmpl"},
		{"node", entgqlDir + "/node.tmpl"},
		{"pagination", entgqlDir + "/pagination.tmpl"},
		{"mutation_input", entgqlDir + "/mutation_input.tmpl"},
		{"where_input", entgqlDir + "/where_input.tmpl"},
	} {
		if t[p.name], err = parse(p.name, p.pattern); err != nil {
			return templates{}, err
		}
	}
	ts.ent = []*gen.Template{t["ent"], t["kembang"]}
	// entgql.AllTemplates and entgql.WhereTemplate, in their order, with
	// the carried copies in place of entgql's.
	ts.entgql = []*gen.Template{
		t["collection"],
		entgql.EnumTemplate,
		t["node"],
		t["pagination"],
		entgql.TransactionTemplate,
		entgql.EdgeTemplate,
		t["mutation_input"],
		t["where_input"],
	}
	return ts, nil
}

// templateFuncs are the functions the carried templates call besides
// ent's and entgql's.
func templateFuncs(opts Options) template.FuncMap {
	prefix := make(map[string]bool, len(opts.PrefixRange))
	for _, f := range opts.PrefixRange {
		prefix[f] = true
	}
	return template.FuncMap{
		// prefixRange reports whether the hasPrefix filter of field f of
		// type n adds the range the prefix implies (Options.PrefixRange).
		"prefixRange": func(n *gen.Type, f *gen.Field) bool {
			return prefix[n.Name+"."+f.Name]
		},
	}
}
