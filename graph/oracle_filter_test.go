package graph_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"

	"kembang/internal/access"
	"kembang/internal/viewer"
)

// Step 3 of the access oracle (oracle_test.go): filters and orders. A
// filter or an order by a value the viewer may not see reveals it row by
// row, so the server refuses them before any SQL runs. The oracle
//
//   - finds the fields the viewer sees masked by reading a row of each
//     entity with masked fields as the viewer and as ADMIN, and checks
//     that they are the fields of access.MaskedFields, the table the
//     server's guard uses;
//   - sends, at every filter site of the schema (each root connection,
//     and each edge of each entity type through node(id:)), every
//     where-input field that touches such a field (nip, nipHasPrefix,
//     birthDateLT, …), reached directly or through has…With edges, and
//     every orderBy by one, in every spelling: inline, the whole where as
//     a variable, a single object where a list is expected (or, and,
//     has…With), not, and the innermost input as a variable; each must be
//     FORBIDDEN with extensions.field naming the argument;
//   - sends every has…With filter through an edge, in the same spellings:
//     the answer must be the same in all of them, and where the filter is
//     allowed, filtering by a row the viewer may not read must match
//     nothing (a filter that matched would reveal the hidden row's
//     relations).

// predicateSuffixes are entgql's where-input predicates on a field.
var predicateSuffixes = []string{"", "NEQ", "In", "NotIn", "GT", "GTE", "LT", "LTE", "Contains",
	"HasPrefix", "HasSuffix", "EqualFold", "ContainsFold", "IsNil", "NotNil"}

// filterSite is a field that takes a where or orderBy argument, and how
// to ask for it.
type filterSite struct {
	name   string
	entity string    // the entity it lists
	where  *ast.Type // the where argument's type, or nil
	order  *ast.Type // the orderBy argument's type, or nil
	// query returns the operation asking for the field with args, under
	// the variable definitions vars ("" for none).
	query func(vars, args string) string
}

// filters runs step 3 for viewer r.
func (o *oracle) filters(t *testing.T, r oracleRole) {
	masked := map[string][]string{} // by entity
	for _, entity := range access.MaskedEntities() {
		got, read := o.maskedFields(t, r, entity)
		want := access.MaskedFields(r.v, entity)
		if read && !sameSet(got, want) {
			t.Errorf("%s: the %s fields masked on a direct read are %v; the guard's table says %v", r.name, entity, got, want)
		}
		if !read {
			got = want // it reads no row of entity to compare
		}
		masked[entity] = got
	}
	for i, s := range o.filterSites(t, r) {
		if s.where != nil {
			for entity, fields := range masked {
				o.maskedWheres(t, r, s, entity, fields, i)
			}
			o.edgeWheres(t, r, s)
		}
		if s.order != nil {
			o.maskedOrders(t, r, s, masked[s.entity])
		}
	}
}

// maskedFields returns the fields of entity that r sees otherwise than
// ADMIN, and whether r read a row of entity to compare.
func (o *oracle) maskedFields(t *testing.T, r oracleRole, entity string) ([]string, bool) {
	_, id := o.rows(t, r, entity)
	if id == "" {
		return nil, false
	}
	fields := o.leafFields(o.schema.Types[entity])
	q := `query($id: ID!) { node(id: $id) { ... on ` + entity + ` { ` + strings.Join(fields, " ") + ` } } }`
	vars := map[string]any{"id": id}
	read := func(ctx oracleRole) map[string]any {
		var out struct{ Node map[string]any }
		if err := json.Unmarshal(o.a.doCtx(ctx.ctx, q, vars).Data, &out); err != nil {
			t.Fatal(err)
		}
		return out.Node
	}
	mine, all := read(r), read(o.roles[0])
	var out []string
	for _, f := range fields {
		if fmt.Sprint(mine[f]) != fmt.Sprint(all[f]) {
			out = append(out, f)
		}
	}
	return out, true
}

// sameSet reports whether a and b hold the same strings.
func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	sort.Strings(a)
	sort.Strings(b)
	return slices.Equal(a, b)
}

// filterSites returns every field of the schema with a where or orderBy
// argument: the root connections, and the edges of every entity type,
// asked of a sample row r may read through node(id:).
func (o *oracle) filterSites(t *testing.T, r oracleRole) []filterSite {
	var out []filterSite
	add := func(f *ast.FieldDefinition, name string, query func(vars, args string) string) {
		s := filterSite{name: name, query: query}
		if a := f.Arguments.ForName("where"); a != nil {
			s.where = a.Type
		}
		if a := f.Arguments.ForName("orderBy"); a != nil {
			s.order = a.Type
		}
		if s.where == nil && s.order == nil {
			return
		}
		if s.where != nil {
			s.entity = strings.TrimSuffix(s.where.Name(), "WhereInput")
		} else {
			s.entity = strings.TrimSuffix(s.order.Name(), "Order")
		}
		out = append(out, s)
	}
	count := func(f *ast.FieldDefinition) string {
		if d := o.schema.Types[f.Type.Name()]; d.Fields.ForName("totalCount") != nil {
			return "totalCount"
		}
		return "__typename"
	}
	for _, f := range o.schema.Query.Fields {
		f := f
		add(f, f.Name, func(vars, args string) string {
			return fmt.Sprintf("query%s { %s(%s) { %s } }", vars, f.Name, args, count(f))
		})
	}
	for _, typ := range o.entityTypes() {
		_, id := o.rows(t, r, typ)
		if id == "" {
			continue
		}
		for _, f := range o.schema.Types[typ].Fields {
			f, typ, id := f, typ, id
			add(f, typ+"."+f.Name, func(vars, args string) string {
				return fmt.Sprintf("query%s { node(id: %q) { ... on %s { %s(%s) { %s } } } }", vars, id, typ, f.Name, args, count(f))
			})
		}
	}
	return out
}

// wherePath is a way into an entity's where input from a site's: the
// has…With fields followed (none: the site's own entity).
type wherePath struct {
	edges []string    // has…With fields
	types []*ast.Type // the where input types they lead to
}

// paths returns the paths from where input type w to entity's where
// input, at most depth has…With fields long.
func (o *oracle) paths(w *ast.Type, entity string, depth int) []wherePath {
	var out []wherePath
	var walk func(t *ast.Type, p wherePath)
	walk = func(t *ast.Type, p wherePath) {
		if t.Name() == entity+"WhereInput" {
			out = append(out, p)
		}
		if len(p.edges) == depth {
			return
		}
		for _, f := range o.schema.Types[t.Name()].Fields {
			if strings.HasPrefix(f.Name, "has") && strings.HasSuffix(f.Name, "With") {
				walk(f.Type, wherePath{edges: append(slices.Clone(p.edges), f.Name), types: append(slices.Clone(p.types), f.Type)})
			}
		}
	}
	walk(&ast.Type{NamedType: w.Name()}, wherePath{})
	return out
}

// nest wraps the innermost where value v in the path's has…With fields.
func (p wherePath) nest(v any) any {
	for i := len(p.edges) - 1; i >= 0; i-- {
		v = map[string]any{p.edges[i]: v}
	}
	return v
}

// spelling is one way of sending a where value: its variable
// definitions, the argument text and the variables.
type spelling struct {
	name string
	vars string
	arg  string
	val  map[string]any
}

// spellings returns the ways of sending inner (a value of the innermost
// where input of path p) as the where argument of a site whose where
// input type is w.
func (o *oracle) spellings(w *ast.Type, p wherePath, inner map[string]any) []spelling {
	whole := p.nest(inner)
	innerType := w.Name()
	if n := len(p.types); n > 0 {
		innerType = p.types[n-1].Name()
	}
	single := map[string]any{"or": whole} // an object where a list is expected
	out := []spelling{
		{"inline", "", "where: " + o.literal(w, whole), nil},
		{"variable", "($w: " + w.Name() + ")", "where: $w", map[string]any{"w": whole}},
		{"variable, or as one object", "($w: " + w.Name() + ")", "where: $w", map[string]any{"w": single}},
		{"variable, and as a list", "($w: " + w.Name() + ")", "where: $w", map[string]any{"w": map[string]any{"and": []any{whole}}}},
		{"variable, not", "($w: " + w.Name() + ")", "where: $w", map[string]any{"w": map[string]any{"not": whole}}},
		{"inline, or as one object", "", "where: " + o.literal(w, single), nil},
	}
	if len(p.edges) > 0 {
		// The innermost input alone as a variable, inside an inline path.
		inlined := p.nest("$p")
		// has…With takes a list: the variable is a list, given one object
		// (coerced to a list of one) or a list.
		out = append(out, spelling{"innermost as a variable, one object", "($p: [" + innerType + "!])",
			"where: " + o.literal(w, inlined), map[string]any{"p": inner}})
		out = append(out, spelling{"innermost as a variable, a list", "($p: [" + innerType + "!])",
			"where: " + o.literal(w, inlined), map[string]any{"p": []any{inner}}})
	}
	return out
}

// maskedWheres checks that every filter by a masked field is refused at
// site s, through its own where input and up to two edges away (one for
// an edge's site).
func (o *oracle) maskedWheres(t *testing.T, r oracleRole, s filterSite, entity string, masked []string, seed int) {
	depth := 2
	if strings.Contains(s.name, ".") {
		depth = 1
	}
	emp := o.schema.Types[entity+"WhereInput"]
	for pi, p := range o.paths(s.where, entity, depth) {
		for fi, m := range masked {
			var preds []*ast.FieldDefinition
			for _, f := range emp.Fields {
				if rest, ok := strings.CutPrefix(f.Name, m); ok && slices.Contains(predicateSuffixes, rest) {
					preds = append(preds, f)
				}
			}
			if len(preds) == 0 {
				t.Errorf("%s: the %s where input has no predicate on the masked field %s", r.name, entity, m)
				continue
			}
			all := s.name == o.connectionOf(entity) // every predicate at the root; one of each field elsewhere
			for k, pred := range preds {
				if !all && k != (seed+pi+fi)%len(preds) {
					continue
				}
				inner := map[string]any{pred.Name: o.sample(pred.Type)}
				for j, sp := range o.spellings(s.where, p, inner) {
					if !all && (j+k)%2 == 1 && j > 1 {
						continue // alternate the less common spellings
					}
					o.expectForbidden(t, r, s, sp, "where", fmt.Sprintf("%v %s", p.edges, pred.Name))
				}
			}
		}
	}
	// Viewers who see a field may filter by it.
	if entity == "Employee" && len(masked) == 0 && s.name == "employees" && r.v.Role != viewer.Anonymous {
		for _, m := range access.Personal {
			sp := spelling{name: "inline", arg: "where: {" + m + "IsNil: false}"}
			if m == "nip" || m == "sex" {
				sp.arg = "where: {" + m + "NEQ: " + o.literal(emp.Fields.ForName(m+"NEQ").Type, o.sample(emp.Fields.ForName(m+"NEQ").Type)) + "}"
			}
			if resp := o.a.doCtx(r.ctx, s.query(sp.vars, sp.arg), sp.val); len(resp.Errors) > 0 {
				t.Errorf("%s: employees(%s): %+v, want allowed", r.name, sp.arg, resp.Errors)
			}
		}
	}
}

// maskedOrders checks that every order by a masked field is refused at
// site s, in every spelling.
func (o *oracle) maskedOrders(t *testing.T, r oracleRole, s filterSite, masked []string) {
	orderType := s.order.Name()
	def := o.schema.Types[orderType]
	enum := o.schema.Types[def.Fields.ForName("field").Type.Name()]
	for _, v := range enum.EnumValues {
		if !slices.Contains(masked, lowerCamel(v.Name)) {
			continue
		}
		one := map[string]any{"field": v.Name}
		for _, sp := range []spelling{
			{"inline list", "", "orderBy: [{field: " + v.Name + "}]", nil},
			{"inline object", "", "orderBy: {field: " + v.Name + "}", nil},
			{"variable list", "($o: " + s.order.String() + ")", "orderBy: $o", map[string]any{"o": []any{one}}},
			{"variable, one object", "($o: " + s.order.String() + ")", "orderBy: $o", map[string]any{"o": one}},
			{"element variable", "($e: " + orderType + "!)", "orderBy: [{field: FULL_NAME}, $e]", map[string]any{"e": one}},
		} {
			o.expectForbidden(t, r, s, sp, "orderBy", v.Name)
		}
	}
}

// edgeWheres checks the filters through each edge of s's where input:
// the same answer in every spelling and, where allowed, nothing matched
// by a row the viewer may not read.
func (o *oracle) edgeWheres(t *testing.T, r oracleRole, s filterSite) {
	def := o.schema.Types[s.where.Name()]
	for _, f := range def.Fields {
		if !strings.HasPrefix(f.Name, "has") || !strings.HasSuffix(f.Name, "With") {
			continue
		}
		dst := strings.TrimSuffix(f.Type.Name(), "WhereInput")
		hidden := o.hiddenRow(t, r, dst)
		if hidden == "" {
			continue // the viewer reads every sample of dst: nothing to reveal
		}
		p := wherePath{edges: []string{f.Name}, types: []*ast.Type{f.Type}}
		var refused, allowed []string
		for _, sp := range o.spellings(s.where, p, map[string]any{"id": hidden}) {
			resp := o.a.doCtx(r.ctx, s.query(sp.vars, sp.arg), sp.val)
			switch resp.code() {
			case "FORBIDDEN":
				refused = append(refused, sp.name)
				if resp.field() != "where" {
					t.Errorf("%s: %s(%s %v): FORBIDDEN on field %q, want \"where\"", r.name, s.name, sp.arg, sp.val, resp.field())
				}
			case "":
				allowed = append(allowed, sp.name)
				if n := totalCount(resp.Data); n > 0 && !strings.Contains(sp.name, "not") {
					t.Errorf("%s: LEAK: %s(%s %v) matches %d rows through a %s the viewer may not read", r.name, s.name, sp.arg, sp.val, n, dst)
				}
			default:
				t.Errorf("%s: %s(%s %v): %+v", r.name, s.name, sp.arg, sp.val, resp.Errors)
			}
		}
		if len(refused) > 0 && len(allowed) > 0 {
			t.Errorf("%s: %s(where: {%s}) is refused as %v but allowed as %v", r.name, s.name, f.Name, refused, allowed)
		}
	}
}

// hiddenRow returns a sample row of entity typ that r may not read by
// node(id:), or "" when r reads them all.
func (o *oracle) hiddenRow(t *testing.T, r oracleRole, typ string) string {
	hidden, _ := o.rows(t, r, typ)
	return hidden
}

// rows returns a sample row of entity typ that r may not read by
// node(id:) and one it may read ("" when there is none). It remembers
// its answers.
func (o *oracle) rows(t *testing.T, r oracleRole, typ string) (hidden, readable string) {
	key := r.name + "/" + typ
	o.mu.Lock()
	p, ok := o.hidden[key]
	o.mu.Unlock()
	if ok {
		return p[0], p[1]
	}
	for _, id := range o.pool[typ] {
		resp := o.a.doCtx(r.ctx, `query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": id})
		switch {
		case resp.code() == "FORBIDDEN" && hidden == "":
			hidden = id
		case len(resp.Errors) == 0 && readable == "":
			readable = id
		}
	}
	o.mu.Lock()
	o.hidden[key] = [2]string{hidden, readable}
	o.mu.Unlock()
	return hidden, readable
}

// expectForbidden sends a spelling of a filter or order at site s and
// checks that it is refused on argument arg.
func (o *oracle) expectForbidden(t *testing.T, r oracleRole, s filterSite, sp spelling, arg, what string) {
	t.Helper()
	resp := o.a.doCtx(r.ctx, s.query(sp.vars, sp.arg), sp.val)
	if resp.code() != "FORBIDDEN" || resp.field() != arg {
		t.Errorf("%s: %s by %s (%s): %s %+v, want FORBIDDEN on %q\nquery: %s\nvariables: %v",
			r.name, s.name, what, sp.name, resp.Data, resp.Errors, arg, s.query(sp.vars, sp.arg), sp.val)
	}
}

// sample returns a value of input type t.
func (o *oracle) sample(t *ast.Type) any {
	if t.Elem != nil {
		return []any{o.sample(t.Elem)}
	}
	d := o.schema.Types[t.Name()]
	switch {
	case d.Kind == ast.Enum:
		return d.EnumValues[0].Name
	case t.Name() == "Boolean":
		return true
	case t.Name() == "Int", t.Name() == "Float":
		return 1
	case t.Name() == "Time":
		return "2000-01-01T00:00:00Z"
	case t.Name() == "Date":
		return "2000-01-01"
	}
	return "1"
}

// literal writes v as a GraphQL literal of type t; a string starting
// with $ is a variable.
func (o *oracle) literal(t *ast.Type, v any) string {
	if s, ok := v.(string); ok && strings.HasPrefix(s, "$") {
		return s
	}
	if t.Elem != nil {
		list, ok := v.([]any)
		if !ok {
			return o.literal(t.Elem, v) // one value for a list
		}
		parts := make([]string, len(list))
		for i, e := range list {
			parts[i] = o.literal(t.Elem, e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	d := o.schema.Types[t.Name()]
	switch d.Kind {
	case ast.InputObject:
		m := v.(map[string]any)
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = k + ": " + o.literal(d.Fields.ForName(k).Type, m[k])
		}
		return "{" + strings.Join(parts, ", ") + "}"
	case ast.Enum:
		return fmt.Sprint(v)
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// lowerCamel turns an enum value into the field it names: FULL_NAME is
// fullName.
func lowerCamel(s string) string {
	parts := strings.Split(strings.ToLower(s), "_")
	for i := 1; i < len(parts); i++ {
		if parts[i] != "" {
			parts[i] = strings.ToUpper(parts[i][:1]) + parts[i][1:]
		}
	}
	return strings.Join(parts, "")
}

// totalCount returns the totalCount a filter site's response holds, 0
// when it holds none.
func totalCount(data json.RawMessage) int {
	var v any
	if json.Unmarshal(data, &v) != nil {
		return 0
	}
	n := 0
	var walk func(any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, e := range v {
				if f, ok := e.(float64); ok && k == "totalCount" {
					n += int(f)
				}
				walk(e)
			}
		}
	}
	walk(v)
	return n
}
