package graph_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vektah/gqlparser/v2/ast"

	"kembang/ent"
	"kembang/ent/agency"
	"kembang/ent/employee"
	"kembang/ent/enrollment"
	"kembang/ent/gid"
	"kembang/ent/partner"
	"kembang/ent/session"
	"kembang/graph"
	"kembang/internal/access"
	"kembang/internal/limits"
	"kembang/internal/store/seed"
	"kembang/internal/store/storetest"
	"kembang/internal/viewer"
)

// The access oracle. It is generated from the schema at test time, not
// from a list of fields: a new field, edge, report or entity is covered
// by the next run without anyone editing this file.
//
// For each role (ADMIN, HR officer and APPROVER of one agency, a
// SUPERVISOR, an EMPLOYEE, a PARTNER, ANALYST, anonymous with and
// without the public catalogue) it
//
//  1. follows every root field of Query (every connection, report and
//     lookup; node and nodes with IDs of every entity type), and below
//     each every field and edge, reports' and computed fields included,
//     oracleHops entity hops deep;
//  2. asserts that each entity the responses hold is one the viewer may
//     read by node(id) (a lookup by nodes(ids:) as the same viewer) and
//     that every field of it equals the direct read, so that masked
//     fields are masked exactly as there; that any field named as a
//     field the viewer sees masked, on any type, is masked; and that no
//     response holds an INTERNAL_SERVER_ERROR;
//  3. and checks the filters (oracleFilters, oracle_filter_test.go).
//
// The data are the demo data (internal/store/seed), small, on both stores. The
// viewers' agency is the last one by ID, so that a path that leaked
// other agencies' rows would show them first.

// oracleHops is how many entity hops below each root field the oracle
// follows.
const oracleHops = 3

// oracleRole is a viewer of the oracle.
type oracleRole struct {
	name string
	ctx  context.Context
	v    viewer.Viewer
}

// oracle is the state shared by one store's run.
type oracle struct {
	a      *api
	schema *ast.Schema
	year   int
	pool   map[string][]string // sample opaque IDs per entity type
	roles  []oracleRole
	mu     sync.Mutex
	hidden map[string][2]string // samples each viewer may not and may read, by role/type (rows); under mu
}

// TestAccessOracle runs the access oracle on every store.
func TestAccessOracle(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d, func(t *testing.T) {
			t.Parallel()
			o := newOracle(t, d)
			for _, r := range o.roles {
				t.Run(r.name, func(t *testing.T) {
					o.reads(t, r)
					o.filters(t, r)
				})
			}
		})
	}
}

// newOracle seeds a store of dialect d with the demo data, and picks the
// viewers and the sample IDs.
func newOracle(t *testing.T, d string) *oracle {
	t.Helper()
	a := newAPIWith(t, d, func(o *graph.Options) {
		// The generated queries are as wide as the schema: the limits of
		// one operation would refuse them.
		o.Limits = limits.Limits{MaxDepth: 100, MaxAliases: 1000, MaxDirectives: 1000, MaxFields: 1 << 20,
			MaxNodes: 1 << 40, MaxCost: 1 << 40, MaxWhereDepth: 100}
		o.ParserTokenLimit = 1 << 24
	})
	sys := seedDemo(t, a, 150)
	o := &oracle{
		a:      a,
		schema: graph.NewExecutableSchema(graph.Config{}).Schema(),
		year:   seed.DefaultNow().Year(),
		pool:   map[string][]string{},
		hidden: map[string][2]string{},
	}
	c := a.db.Client
	// API keys of two partners, created through the API (the trail of
	// their creation gives audit records too).
	ps := c.Partner.Query().Order(ent.Asc(partner.FieldID)).AllX(sys)
	for _, p := range []*ent.Partner{ps[0], ps[len(ps)-1]} {
		a.ok(`mutation($p: ID!) { createAPIKey(input: {name: "sistem akademik", partnerID: $p}) { key } }`,
			map[string]any{"p": gid.Encode(p.ID)}, nil)
	}
	// External learning claims (the demo data have none), one by an
	// employee of each agency.
	for _, ag := range c.Agency.Query().Order(ent.Asc(agency.FieldID)).AllX(sys) {
		e := c.Employee.Query().Where(employee.AgencyID(ag.ID)).Order(ent.Asc(employee.FieldID)).FirstX(sys)
		a.ok(`mutation($e: ID!) { createLearningClaim(input: {title: "Webinar Pelayanan Publik", organizer: "LAN RI",
			form: SEMINAR, startsOn: "2026-02-10", endsOn: "2026-02-10", jp: 4, employeeID: $e}) { id } }`,
			map[string]any{"e": gid.Encode(e.ID)}, nil)
	}
	o.samples(t, sys, c)
	o.pickRoles(t, sys, c)
	return o
}

// samples keeps, for every entity type, the first, a middle and the last
// row by ID: enough to name rows of several agencies in every argument.
func (o *oracle) samples(t *testing.T, ctx context.Context, c *ent.Client) {
	t.Helper()
	for _, typ := range o.entityTypes() {
		var out struct {
			Data map[string]struct {
				Edges []struct {
					Node struct{ ID string } `json:"node"`
				} `json:"edges"`
			}
		}
		root := o.connectionOf(typ)
		if root == "" {
			continue
		}
		r := o.a.do(fmt.Sprintf(`{ %s(first: 100) { edges { node { id } } } }`, root), nil)
		if len(r.Errors) > 0 {
			t.Fatalf("listing %s: %+v", root, r.Errors)
		}
		if err := json.Unmarshal([]byte(`{"data":`+string(r.Data)+`}`), &out); err != nil {
			t.Fatal(err)
		}
		edges := out.Data[root].Edges
		if len(edges) == 0 {
			t.Fatalf("the demo data have no %s: the oracle would not cover them", typ)
		}
		for _, i := range []int{0, len(edges) / 2, len(edges) - 1} {
			if id := edges[i].Node.ID; !slices.Contains(o.pool[typ], id) {
				o.pool[typ] = append(o.pool[typ], id)
			}
		}
	}
}

// pickRoles picks a viewer of every role. The agency of the agency-
// scoped viewers is the last one.
func (o *oracle) pickRoles(t *testing.T, ctx context.Context, c *ent.Client) {
	t.Helper()
	home := c.Agency.Query().Order(ent.Desc(agency.FieldID)).FirstX(ctx)
	sup := c.Employee.Query().
		Where(employee.AgencyID(home.ID), employee.HasReports(), employee.HasEnrollments()).
		Order(ent.Asc(employee.FieldID)).FirstX(ctx)
	emp := c.Employee.Query().
		Where(employee.AgencyID(home.ID), employee.SupervisorIDNotNil(), employee.HasEnrollments(), employee.HasAssessments()).
		Order(ent.Asc(employee.FieldID)).FirstX(ctx)
	// The partner whose sessions have the most participants.
	var partnerID, most int
	for _, p := range c.Partner.Query().AllX(ctx) {
		n := c.Enrollment.Query().Where(enrollment.HasSessionWith(session.PartnerID(p.ID))).CountX(ctx)
		if n > most {
			partnerID, most = p.ID, n
		}
	}
	bg := context.Background()
	as := func(name string, v viewer.Viewer) oracleRole {
		return oracleRole{name: name, ctx: viewer.NewContext(bg, v), v: v}
	}
	anon := as("anonymous", viewer.Viewer{})
	catalogue := as("anonymous_catalogue", viewer.Viewer{})
	catalogue.ctx = access.OpenCatalogue(catalogue.ctx)
	o.roles = []oracleRole{
		as("ADMIN", viewer.Viewer{Subject: "o:admin", Role: viewer.Admin}),
		as("HR_OFFICER", viewer.Viewer{Subject: "o:hr", Role: viewer.HROfficer, AgencyID: home.ID}),
		as("APPROVER", viewer.Viewer{Subject: "o:ppk", Role: viewer.Approver, AgencyID: home.ID}),
		as("SUPERVISOR", viewer.Viewer{Subject: "o:sup", Role: viewer.Supervisor, EmployeeID: sup.ID}),
		as("EMPLOYEE", viewer.Viewer{Subject: "o:emp", Role: viewer.Employee, EmployeeID: emp.ID}),
		as("PARTNER", viewer.Viewer{Subject: "o:partner", Role: viewer.Partner, PartnerID: partnerID}),
		as("ANALYST", viewer.Viewer{Subject: "o:analyst", Role: viewer.Analyst}),
		anon,
		catalogue,
	}
}

// entityTypes returns the object types that implement Node, by name.
func (o *oracle) entityTypes() []string {
	var out []string
	for _, d := range o.schema.GetPossibleTypes(o.schema.Types["Node"]) {
		out = append(out, d.Name)
	}
	sort.Strings(out)
	return out
}

// isEntity reports whether the type named typ implements Node.
func (o *oracle) isEntity(typ string) bool {
	d := o.schema.Types[typ]
	return d != nil && d.Kind == ast.Object && slices.Contains(d.Interfaces, "Node")
}

// connectionOf returns the root connection field listing typ, or "".
func (o *oracle) connectionOf(typ string) string {
	for _, f := range o.schema.Query.Fields {
		if f.Type.Name() == typ+"Connection" {
			return f.Name
		}
	}
	return ""
}

// reads runs step 1 and 2 for viewer r.
func (o *oracle) reads(t *testing.T, r oracleRole) {
	seen := map[string]observed{}
	for _, q := range o.rootQueries() {
		start := time.Now()
		resp := o.a.doCtx(r.ctx, q, nil)
		if testing.Verbose() {
			t.Logf("%s: %d bytes, %v", rootName(q), len(resp.Data), time.Since(start))
		}
		for _, e := range resp.Errors {
			if code, _ := e.Extensions["code"].(string); code == "INTERNAL_SERVER_ERROR" || code == "" {
				t.Errorf("%s: %s at %v\nquery: %.300s", r.name, e.Message, e.Path, q)
			}
		}
		var data any
		if len(resp.Data) > 0 {
			if err := json.Unmarshal(resp.Data, &data); err != nil {
				t.Fatal(err)
			}
		}
		ostart := time.Now()
		o.observe(t, r, rootName(q), data, seen)
		if testing.Verbose() {
			t.Logf("observe %s: %v", rootName(q), time.Since(ostart))
		}
	}
	start := time.Now()
	o.direct(t, r, seen)
	if testing.Verbose() {
		t.Logf("direct reads of %d entities: %v", len(seen), time.Since(start))
	}
}

// observed is an entity a response held: where, and its leaf fields.
type observed struct {
	typ, path string
	fields    map[string]any
}

// observe walks a response's data and keeps every entity in seen; it
// checks on the way that fields named as masked fields are masked.
func (o *oracle) observe(t *testing.T, r oracleRole, path string, v any, seen map[string]observed) {
	switch v := v.(type) {
	case []any:
		for i, e := range v {
			o.observe(t, r, fmt.Sprintf("%s[%d]", path, i), e, seen)
		}
	case map[string]any:
		typ, _ := v["__typename"].(string)
		// Masked fields are masked on every type: those of an entity with
		// masked fields by its rules, and fields named as an employee's
		// personal fields (the NIP of a SIASN record) by the employee's.
		rules := typ
		if !slices.Contains(access.MaskedEntities(), typ) {
			rules = "Employee"
		}
		for k, val := range v {
			f, _, _ := strings.Cut(k, "__")
			if k != "__typename" && access.MaskedField(r.v, rules, f) && !maskedValue(f, val) {
				t.Errorf("%s: %s.%s = %v at %s: not masked", r.name, typ, f, val, path)
			}
		}
		if id, ok := v["id"].(string); ok && o.isEntity(typ) {
			obs := observed{typ: typ, path: path, fields: map[string]any{}}
			for k, val := range v {
				if i := strings.Index(k, "__"); i > 0 {
					k = k[:i] // field__Type: an aliased field of a fragment
				}
				switch val.(type) {
				case map[string]any, []any:
				default:
					obs.fields[k] = val
				}
			}
			if prev, ok := seen[id]; ok {
				for k, val := range obs.fields {
					if pv, ok := prev.fields[k]; !ok {
						prev.fields[k] = val
					} else if fmt.Sprint(pv) != fmt.Sprint(val) {
						t.Errorf("%s: %s %s.%s is %v at %s but %v at %s", r.name, typ, id, k, val, path, pv, prev.path)
					}
				}
			} else {
				seen[id] = obs
			}
		}
		for k, e := range v {
			o.observe(t, r, path+"."+k, e, seen)
		}
	}
}

// maskedValue reports whether val is the masked form of field f: null
// or empty, or for the NIP its last three digits after asterisks.
func maskedValue(f string, val any) bool {
	if val == nil || val == "" {
		return true
	}
	s, ok := val.(string)
	return ok && f == "nip" && strings.Trim(s[:max(0, len(s)-3)], "*") == ""
}

// direct looks every entity in seen up by nodes(ids:) as r, and compares.
func (o *oracle) direct(t *testing.T, r oracleRole, seen map[string]observed) {
	ids := make([]string, 0, len(seen))
	for id := range seen {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	var frags strings.Builder
	for _, typ := range o.entityTypes() {
		frags.WriteString(" ... on " + typ + " {")
		for _, f := range o.leafFields(o.schema.Types[typ]) {
			fmt.Fprintf(&frags, " %s__%s: %s", f, typ, f)
		}
		frags.WriteString(" }")
	}
	q := `query($ids: [ID!]!) { nodes(ids: $ids) { __typename id` + frags.String() + ` } }`
	for len(ids) > 0 {
		n := min(len(ids), 100)
		batch := ids[:n]
		ids = ids[n:]
		resp := o.a.doCtx(r.ctx, q, map[string]any{"ids": batch})
		var out struct {
			Nodes []map[string]any `json:"nodes"`
		}
		if len(resp.Data) > 0 {
			if err := json.Unmarshal(resp.Data, &out); err != nil {
				t.Fatal(err)
			}
		}
		refused := map[int]string{}
		for _, e := range resp.Errors {
			if len(e.Path) == 2 {
				if i, ok := e.Path[1].(float64); ok {
					code, _ := e.Extensions["code"].(string)
					refused[int(i)] = code
					continue
				}
			}
			t.Errorf("%s: nodes: %s", r.name, e.Message)
		}
		for i, id := range batch {
			obs := seen[id]
			var got map[string]any
			if i < len(out.Nodes) {
				got = out.Nodes[i]
			}
			if got == nil {
				t.Errorf("%s: LEAK: %s %s was returned at %s, but node(id) answers %s", r.name, obs.typ, id, obs.path, refused[i])
				continue
			}
			for k, val := range obs.fields {
				if dv, ok := got[k+"__"+obs.typ]; ok && fmt.Sprint(dv) != fmt.Sprint(val) {
					t.Errorf("%s: %s %s.%s is %v at %s but %v by node(id)", r.name, obs.typ, id, k, val, obs.path, dv)
				}
			}
		}
	}
}

// rootQueries returns a query per root field of Query and argument
// variant, each selecting everything oracleHops entity hops deep.
func (o *oracle) rootQueries() []string {
	var out []string
	for _, f := range o.schema.Query.Fields {
		if strings.HasPrefix(f.Name, "__") {
			continue
		}
		switch f.Name {
		case "node":
			// One row of each type: nodes below looks all samples up.
			for _, typ := range o.entityTypes() {
				if ids := o.pool[typ]; len(ids) > 0 {
					out = append(out, fmt.Sprintf(`{ node(id: %q) { %s } }`, ids[len(ids)-1], o.selection(o.schema.Types["Node"], 0, false)))
				}
			}
			continue
		case "nodes":
			var ids []string
			for _, typ := range o.entityTypes() {
				ids = append(ids, o.pool[typ]...)
			}
			quoted, _ := json.Marshal(ids)
			out = append(out, fmt.Sprintf(`{ nodes(ids: %s) { %s } }`, quoted, o.selection(o.schema.Types["Node"], 0, false)))
			continue
		}
		for variant := range 3 {
			args, ok := o.args(f.Arguments, variant, 3)
			if !ok {
				break
			}
			out = append(out, "{ "+f.Name+args+o.sub(f.Type, 0)+" }")
			if !strings.Contains(args, `"`) {
				break // no ID to vary
			}
		}
	}
	return out
}

// rootName returns the root field a generated query asks for.
func rootName(q string) string {
	q = strings.TrimPrefix(q, "{ ")
	if i := strings.IndexAny(q, "( {"); i > 0 {
		return q[:i]
	}
	return q
}

// sub returns the selection of a field of type t found hops entity hops
// below the root, "" for a leaf.
func (o *oracle) sub(t *ast.Type, hops int) string {
	d := o.schema.Types[t.Name()]
	if d == nil || d.Kind == ast.Scalar || d.Kind == ast.Enum {
		return ""
	}
	return " { " + o.selection(d, hops, false) + " }"
}

// selection returns the fields selected of an object, interface or union
// d: its leaf fields and, within oracleHops entity hops, its object
// fields, each with arguments the oracle can give. Within the fragment
// of one type of an abstract type (aliased), every field is aliased
// field__Type: fields of one name and different types in the fragments
// of two types would conflict. observe reads the names back.
func (o *oracle) selection(d *ast.Definition, hops int, aliased bool) string {
	if d.Kind != ast.Object {
		var b strings.Builder
		b.WriteString("__typename")
		for _, p := range o.schema.GetPossibleTypes(d) {
			fmt.Fprintf(&b, " ... on %s { %s }", p.Name, o.selection(p, hops, true))
		}
		return b.String()
	}
	if o.isEntity(d.Name) {
		hops++
	}
	parts := []string{"__typename"}
	for _, f := range d.Fields {
		if strings.HasPrefix(f.Name, "__") {
			continue
		}
		ft := o.schema.Types[f.Type.Name()]
		leaf := ft.Kind == ast.Scalar || ft.Kind == ast.Enum
		if !leaf && hops > oracleHops {
			continue
		}
		args, ok := o.args(f.Arguments, 0, 1)
		if !ok {
			continue
		}
		alias := f.Name
		if args != "" && leaf {
			alias += "_args" // the direct read compares leaves without arguments only
		}
		if aliased {
			alias += "__" + d.Name
		}
		parts = append(parts, alias+": "+f.Name+args+o.sub(f.Type, hops))
	}
	return strings.Join(parts, " ")
}

// leafFields returns the leaf fields of object d that take no required
// argument: those a direct read compares.
func (o *oracle) leafFields(d *ast.Definition) []string {
	var out []string
	for _, f := range d.Fields {
		ft := o.schema.Types[f.Type.Name()]
		if strings.HasPrefix(f.Name, "__") || ft.Kind != ast.Scalar && ft.Kind != ast.Enum {
			continue
		}
		if !hasRequired(f.Arguments) {
			out = append(out, f.Name)
		}
	}
	return out
}

// hasRequired reports whether one of args must be given.
func hasRequired(args ast.ArgumentDefinitionList) bool {
	for _, a := range args {
		if a.Type.NonNull && a.DefaultValue == nil {
			return true
		}
	}
	return false
}

// args returns the arguments the oracle gives a field ("" for none), or
// false when it cannot give a required one. Pages have page rows (three
// at the root, where rows of every agency come first if a rule fails,
// one below, to keep the tree's size in check); IDs come
// from the pool, the variant-th sample of the entity the argument names
// (agencyId: an agency); filters and orders are left to oracleFilters.
func (o *oracle) args(defs ast.ArgumentDefinitionList, variant, page int) (string, bool) {
	var parts []string
	for _, a := range defs {
		switch {
		case a.Name == "first" && !a.Type.NonNull:
			parts = append(parts, fmt.Sprintf("first: %d", page))
			continue
		case !a.Type.NonNull || a.DefaultValue != nil:
			continue
		}
		v, ok := o.value(a.Name, a.Type, variant)
		if !ok {
			return "", false
		}
		parts = append(parts, a.Name+": "+v)
	}
	if len(parts) == 0 {
		return "", true
	}
	return "(" + strings.Join(parts, ", ") + ")", true
}

// value returns a literal of type t for the argument name, or false.
func (o *oracle) value(name string, t *ast.Type, variant int) (string, bool) {
	if t.Elem != nil {
		v, ok := o.value(strings.TrimSuffix(strings.TrimSuffix(name, "s"), "Id")+"Id", t.Elem, variant)
		if !ok {
			return "", false
		}
		return "[" + v + "]", true
	}
	d := o.schema.Types[t.Name()]
	switch {
	case t.Name() == "ID":
		ids := o.pool[entityOfArg(name)]
		if len(ids) == 0 {
			return "", false
		}
		return fmt.Sprintf("%q", ids[variant%len(ids)]), true
	case t.Name() == "Int" && name == "year":
		return fmt.Sprint(o.year), true
	case t.Name() == "Int":
		return "1", true
	case t.Name() == "Float":
		return "1", true
	case t.Name() == "Boolean":
		return "true", true
	case t.Name() == "String":
		return `"oracle"`, true
	case d != nil && d.Kind == ast.Enum:
		return d.EnumValues[0].Name, true
	}
	return "", false
}

// entityOfArg returns the entity an ID argument names: agencyId is an
// Agency, sessionID a Session.
func entityOfArg(name string) string {
	for _, s := range []string{"Id", "ID"} {
		name = strings.TrimSuffix(name, s)
	}
	if name == "" {
		return ""
	}
	return strings.ToUpper(name[:1]) + name[1:]
}
