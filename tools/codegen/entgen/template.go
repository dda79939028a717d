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
		{"edge", entgqlDir + "/edge.tmpl"},
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
		t["edge"],
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
		// type n is the range the prefix spans (Options.PrefixRange).
		"prefixRange": func(n *gen.Type, f *gen.Field) bool {
			return prefix[n.Name+"."+f.Name]
		},
		// keyedEdge reports whether the hasXWith filter of edge e of type
		// n is written with semijoin.ForeignKey: a to-one edge whose
		// foreign key n's table holds, to a type with one int ID, where
		// one of n's indexes leads with that key (so that the keys of a
		// count's array are an index's search keys).
		"keyedEdge": keyedEdge,
		// referenceEdge reports whether the hasXWith filter of edge e
		// of type n may be an array in counts (semijoin.ReferenceCounts):
		// the edge carries the ReferenceKeys annotation.
		"referenceEdge": referenceEdge,
		// hasReferenceEdge reports whether one of n's edges is a
		// referenceEdge: its counts mark their context
		// (semijoin.Counting).
		"hasReferenceEdge": hasReferenceEdge,
	}
}

// ReferenceKeysAnnotation is the name of the schema annotation of a
// to-one edge to reference data (ent/schema: ReferenceKeys): the rows of
// the neighbour's table grow with the organisation (agencies' positions),
// not with its people and their records, so that a count may read a
// filter through it as an array of the neighbour's keys
// (semijoin.ReferenceCounts, docs/performance.md change 59).
const ReferenceKeysAnnotation = "ReferenceKeys"

// referenceEdge reports whether edge e of type n carries the
// ReferenceKeys annotation, and refuses it on an edge whose filter is not
// written with semijoin.ForeignKey (keyedEdge): there the array would be
// tested against every row instead of being an index's search keys.
func referenceEdge(n *gen.Type, e *gen.Edge) (bool, error) {
	if _, ok := e.Annotations[ReferenceKeysAnnotation]; !ok {
		return false, nil
	}
	if !keyedEdge(n, e) {
		return false, fmt.Errorf("entgen: edge %s.%s has the %s annotation but is not a to-one edge whose foreign key leads an index of %s", n.Name, e.Name, ReferenceKeysAnnotation, n.Name)
	}
	return true, nil
}

// hasReferenceEdge reports whether one of n's edges is a referenceEdge.
func hasReferenceEdge(n *gen.Type) (bool, error) {
	for _, e := range n.Edges {
		if ok, err := referenceEdge(n, e); ok || err != nil {
			return ok, err
		}
	}
	return false, nil
}

// keyedEdge reports whether the hasXWith filter of edge e of type n is
// written with semijoin.ForeignKey (the template function of the same
// name): e is a to-one edge whose foreign key is a column of n's table,
// its type has one int ID, and one of n's indexes starts with the
// foreign key.
func keyedEdge(n *gen.Type, e *gen.Edge) bool {
	if !e.Unique || !e.OwnFK() || len(e.Rel.Columns) != 1 || !e.Type.HasOneFieldID() || !e.Type.ID.IsInt() {
		return false
	}
	fk := e.Rel.Columns[0]
	for _, i := range n.Indexes {
		if len(i.Columns) > 0 && i.Columns[0] == fk {
			return true
		}
	}
	return false
}
