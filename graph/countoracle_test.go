package graph_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"

	"kembang/internal/store/storetest"
)

// TestCountOracle attacks change 45 (a totalCount without edges counted in
// its parents' statement, keyset.ChildCount) from outside, over the whole
// schema rather than the one edge the change was written for: for every
// entity type with a root connection, every connection field of that type
// (one-to-many, many-to-many, self-referencing, with or without
// interceptors) and every viewer of the access oracle (ADMIN, HR officer,
// APPROVER, SUPERVISOR, EMPLOYEE, PARTNER, ANALYST, anonymous with and
// without the public catalogue), on both stores, a parent's
//
//   - count-only totalCount (the new path), alone in its operation,
//   - the same with a where filter (idNEQ of a row of the edge's type),
//   - first: 0 (pageInfo and totalCount without edges),
//   - and, in one operation, an alias of the count-only connection next to
//     an alias of the same edge read with its edges (first: 100),
//
// must equal the totalCount and the number of edges of the paged read, the
// path that reads the rows themselves through the privacy rules; a refused
// connection must be refused the same way (the same error codes) by every
// shape, never answered with a count. The parents are read both through
// their root connection and by node(id).
func TestCountOracle(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d, func(t *testing.T) {
			o := newOracle(t, d)
			edges := o.countEdges()
			if len(edges) < 20 {
				t.Fatalf("only %d connection fields found: the schema walk is broken", len(edges))
			}
			for _, r := range o.roles {
				t.Run(r.name, func(t *testing.T) {
					var compared, nonzero int
					for _, e := range edges {
						c, n := o.checkCounts(t, r, e)
						compared, nonzero = compared+c, nonzero+n
					}
					t.Logf("%d connection fields, %d counts compared, %d of them not 0", len(edges), compared, nonzero)
					if r.name == "ADMIN" && nonzero < 1000 {
						t.Errorf("ADMIN: only %d counts other than 0 compared: the walk reads too little", nonzero)
					}
				})
			}
		})
	}
}

// countEdge is a connection field of an entity type.
type countEdge struct {
	parent, root, field, child string
	where                      bool // the field takes a where argument
}

// countEdges returns every connection field of the entity types that have
// a root connection, whose arguments are all optional.
func (o *oracle) countEdges() []countEdge {
	var out []countEdge
	for _, typ := range o.entityTypes() {
		root := o.connectionOf(typ)
		if root == "" {
			continue
		}
		for _, f := range o.schema.Types[typ].Fields {
			if !isConnectionField(f) || !optionalArgs(f) {
				continue
			}
			out = append(out, countEdge{
				parent: typ, root: root, field: f.Name,
				child: strings.TrimSuffix(f.Type.Name(), "Connection"),
				where: f.Arguments.ForName("where") != nil,
			})
		}
	}
	return out
}

// isConnectionField reports whether f is a paginated connection.
func isConnectionField(f *ast.FieldDefinition) bool {
	return strings.HasSuffix(f.Type.Name(), "Connection") &&
		f.Arguments.ForName("first") != nil && f.Arguments.ForName("last") != nil
}

// optionalArgs reports whether every argument of f may be left out.
func optionalArgs(f *ast.FieldDefinition) bool {
	for _, a := range f.Arguments {
		if a.Type.NonNull && a.DefaultValue == nil {
			return false
		}
	}
	return true
}

// countShape is one way of reading an edge's totalCount: the selection of
// the edge under each parent (aliases c and, next to it, b).
type countShape struct {
	name string
	sel  func() string
}

// checkCounts reads the totalCount of edge e under its parents in every
// shape as viewer r and compares them; it returns how many counts it
// compared and how many of them were not 0.
func (o *oracle) checkCounts(t *testing.T, r oracleRole, e countEdge) (compared, nonzero int) {
	t.Helper()
	args := func(extra string) string {
		if extra == "" {
			return ""
		}
		return "(" + extra + ")"
	}
	var filters []string
	filters = append(filters, "")
	if ids := o.pool[e.child]; e.where && len(ids) > 0 {
		filters = append(filters, fmt.Sprintf(`where: {idNEQ: %q}`, ids[0]))
	}
	for _, w := range filters {
		join := func(a, b string) string {
			if a == "" {
				return b
			}
			if b == "" {
				return a
			}
			return a + ", " + b
		}
		shapes := []countShape{
			{"count only", func() string { return fmt.Sprintf(`c: %s%s { totalCount }`, e.field, args(w)) }},
			{"first: 0", func() string {
				return fmt.Sprintf(`c: %s%s { totalCount pageInfo { hasNextPage hasPreviousPage } }`, e.field, args(join(w, "first: 0")))
			}},
			{"count next to a page", func() string {
				return fmt.Sprintf(`c: %s%s { totalCount } b: %s%s { totalCount edges { node { __typename } } }`,
					e.field, args(w), e.field, args(join(w, "first: 100")))
			}},
		}
		paged := fmt.Sprintf(`c: %s%s { totalCount edges { node { __typename } } }`, e.field, args(join(w, "first: 100")))
		for _, via := range []string{"root", "node"} {
			query := func(sel string) string {
				if via == "root" {
					return fmt.Sprintf(`{ r: %s(first: 100) { edges { node { id %s } } } }`, e.root, sel)
				}
				var ids []string
				for _, id := range o.pool[e.parent] {
					ids = append(ids, fmt.Sprintf("%q", id))
				}
				return fmt.Sprintf(`{ r: nodes(ids: [%s]) { ... on %s { id %s } } }`, strings.Join(ids, ", "), e.parent, sel)
			}
			want, wantCodes := o.countsOf(t, r, query(paged), true)
			for _, s := range shapes {
				name := fmt.Sprintf("%s.%s %s via %s %s", e.parent, e.field, s.name, via, w)
				got, codes := o.countsOf(t, r, query(s.sel()), false)
				if !slices.Equal(codes, wantCodes) {
					t.Errorf("%s: %s: error codes %v, the paged read's %v", r.name, name, codes, wantCodes)
					continue
				}
				for id, n := range got {
					compared++
					if n > 0 {
						nonzero++
					}
					if m, ok := want[id]; !ok {
						t.Errorf("%s: %s: parent %s has a count (%d) but no paged read", r.name, name, id, n)
					} else if n != m {
						t.Errorf("%s: %s: parent %s totalCount %d, the paged read's %d", r.name, name, id, n, m)
					}
				}
				if len(got) != len(want) {
					t.Errorf("%s: %s: %d parents counted, %d paged", r.name, name, len(got), len(want))
				}
			}
		}
	}
	return compared, nonzero
}

// countsOf runs query as r and returns each parent's totalCount of alias
// c (also checking a second alias b equals it, and, when paged, that the
// number of edges read equals it) and the sorted error codes.
func (o *oracle) countsOf(t *testing.T, r oracleRole, query string, paged bool) (map[string]int, []string) {
	t.Helper()
	res := o.a.doCtx(r.ctx, query, nil)
	var codes []string
	for _, e := range res.Errors {
		code, _ := e.Extensions["code"].(string)
		if code == "" || code == "INTERNAL_SERVER_ERROR" {
			t.Errorf("%s: %s at %v\nquery: %s", r.name, e.Message, e.Path, query)
		}
		if !slices.Contains(codes, code) {
			codes = append(codes, code)
		}
	}
	sort.Strings(codes)
	var data struct {
		R json.RawMessage `json:"r"`
	}
	if len(res.Data) > 0 && string(res.Data) != "null" {
		if err := json.Unmarshal(res.Data, &data); err != nil {
			t.Fatalf("%s: %v", query, err)
		}
	}
	type conn struct {
		TotalCount *int              `json:"totalCount"`
		Edges      []json.RawMessage `json:"edges"`
	}
	type parent struct {
		ID string `json:"id"`
		C  *conn  `json:"c"`
		B  *conn  `json:"b"`
	}
	var parents []*parent
	if len(data.R) > 0 && string(data.R) != "null" {
		if data.R[0] == '[' {
			if err := json.Unmarshal(data.R, &parents); err != nil {
				t.Fatalf("%s: %v", query, err)
			}
		} else {
			var page struct {
				Edges []struct {
					Node *parent `json:"node"`
				} `json:"edges"`
			}
			if err := json.Unmarshal(data.R, &page); err != nil {
				t.Fatalf("%s: %v", query, err)
			}
			for _, e := range page.Edges {
				parents = append(parents, e.Node)
			}
		}
	}
	out := map[string]int{}
	for _, p := range parents {
		if p == nil || p.ID == "" || p.C == nil || p.C.TotalCount == nil {
			continue
		}
		n := *p.C.TotalCount
		out[p.ID] = n
		if p.B != nil && (p.B.TotalCount == nil || *p.B.TotalCount != n) {
			t.Errorf("%s: parent %s: count-only alias %d, paged alias %s\nquery: %s", r.name, p.ID, n, intOrNull(p.B.TotalCount), query)
		}
		if p.B != nil && len(p.B.Edges) < 100 && len(p.B.Edges) != n {
			t.Errorf("%s: parent %s: count-only alias %d, paged alias has %d edges\nquery: %s", r.name, p.ID, n, len(p.B.Edges), query)
		}
		if paged && len(p.C.Edges) < 100 && len(p.C.Edges) != n {
			t.Errorf("%s: parent %s: paged totalCount %d, %d edges\nquery: %s", r.name, p.ID, n, len(p.C.Edges), query)
		}
	}
	return out, codes
}

// intOrNull formats a count that may be null.
func intOrNull(n *int) string {
	if n == nil {
		return "null"
	}
	return fmt.Sprint(*n)
}

// TestCountOracleNested is TestCountOracle one hop further down: the
// parents of the counted edge are reached from a root connection through
// a connection (one-to-many or many-to-many: the parents' statement joins
// or pages them) or a to-one edge (which a count keeps out of its child's
// statement, tojoin). For each viewer and store, each parent's count-only
// totalCount must equal its paged read's totalCount and number of edges.
func TestCountOracleNested(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d, func(t *testing.T) {
			o := newOracle(t, d)
			hops := o.countHops()
			if len(hops) < 50 {
				t.Fatalf("only %d hops found: the schema walk is broken", len(hops))
			}
			for _, r := range o.roles {
				t.Run(r.name, func(t *testing.T) {
					var compared, nonzero int
					for _, h := range hops {
						c, n := o.checkNestedCounts(t, r, h)
						compared, nonzero = compared+c, nonzero+n
					}
					t.Logf("%d hops, %d counts compared, %d of them not 0", len(hops), compared, nonzero)
					if r.name == "ADMIN" && nonzero < 1000 {
						t.Errorf("ADMIN: only %d counts other than 0 compared: the walk reads too little", nonzero)
					}
				})
			}
		})
	}
}

// countHop is a root connection, a field of its entity leading to
// parents (a connection or a to-one entity), and a connection field of
// those parents.
type countHop struct {
	root, hop string
	conn      bool // the hop is a connection
	edge      string
}

// countHops returns the hops of TestCountOracleNested.
func (o *oracle) countHops() []countHop {
	var out []countHop
	for _, typ := range o.entityTypes() {
		root := o.connectionOf(typ)
		if root == "" {
			continue
		}
		for _, f := range o.schema.Types[typ].Fields {
			if !optionalArgs(f) {
				continue
			}
			var parent string
			conn := isConnectionField(f)
			switch {
			case conn:
				parent = strings.TrimSuffix(f.Type.Name(), "Connection")
			case f.Type.Elem == nil && o.isEntity(f.Type.Name()):
				parent = f.Type.Name()
			default:
				continue
			}
			if !o.isEntity(parent) {
				continue
			}
			for _, e := range o.schema.Types[parent].Fields {
				if isConnectionField(e) && optionalArgs(e) {
					out = append(out, countHop{root: root, hop: f.Name, conn: conn, edge: e.Name})
				}
			}
		}
	}
	return out
}

// checkNestedCounts compares the count-only and paged reads of hop h as
// viewer r; it returns how many counts it compared and how many were not 0.
func (o *oracle) checkNestedCounts(t *testing.T, r oracleRole, h countHop) (compared, nonzero int) {
	t.Helper()
	query := func(sel string) string {
		inner := fmt.Sprintf(`id %s`, sel)
		if h.conn {
			inner = fmt.Sprintf(`edges { node { %s } }`, inner)
		}
		args := ""
		if h.conn {
			args = "(first: 20)"
		}
		return fmt.Sprintf(`{ %s(first: 20) { edges { node { id h: %s%s { %s } } } } }`, h.root, h.hop, args, inner)
	}
	name := h.root + "." + h.hop + "." + h.edge
	count := o.a.doCtx(r.ctx, query(fmt.Sprintf(`c: %s { totalCount }`, h.edge)), nil)
	paged := o.a.doCtx(r.ctx, query(fmt.Sprintf(`b: %s(first: 100) { totalCount edges { node { __typename } } }`, h.edge)), nil)
	codes := func(res response) string {
		var out []string
		for _, e := range res.Errors {
			code, _ := e.Extensions["code"].(string)
			if code == "" || code == "INTERNAL_SERVER_ERROR" {
				t.Errorf("%s: %s: %s at %v", r.name, name, e.Message, e.Path)
			}
			if !slices.Contains(out, code) {
				out = append(out, code)
			}
		}
		sort.Strings(out)
		return strings.Join(out, ",")
	}
	if a, b := codes(count), codes(paged); a != b {
		t.Errorf("%s: %s: error codes %q, the paged read's %q", r.name, name, a, b)
		return 0, 0
	}
	counts := map[string]int{}
	collect := func(res response, key string, each func(id string, c map[string]any)) {
		var data any
		if len(res.Data) > 0 {
			if err := json.Unmarshal(res.Data, &data); err != nil {
				t.Fatal(err)
			}
		}
		var walk func(v any)
		walk = func(v any) {
			switch v := v.(type) {
			case []any:
				for _, e := range v {
					walk(e)
				}
			case map[string]any:
				if c, ok := v[key].(map[string]any); ok {
					if id, ok := v["id"].(string); ok {
						each(id, c)
					}
				}
				for _, e := range v {
					walk(e)
				}
			}
		}
		walk(data)
	}
	collect(count, "c", func(id string, c map[string]any) {
		n, _ := c["totalCount"].(float64)
		if m, ok := counts[id]; ok && m != int(n) {
			t.Errorf("%s: %s: parent %s counted %d and %d", r.name, name, id, m, int(n))
		}
		counts[id] = int(n)
	})
	seen := 0
	collect(paged, "b", func(id string, c map[string]any) {
		seen++
		n, _ := c["totalCount"].(float64)
		edges, _ := c["edges"].([]any)
		got, ok := counts[id]
		switch {
		case !ok:
			t.Errorf("%s: %s: parent %s paged but not counted", r.name, name, id)
		case got != int(n) || len(edges) < 100 && got != len(edges):
			t.Errorf("%s: %s: parent %s count-only %d, paged totalCount %d and %d edges", r.name, name, id, got, int(n), len(edges))
		}
		compared++
		if got > 0 {
			nonzero++
		}
	})
	if seen == 0 && len(counts) > 0 {
		t.Errorf("%s: %s: %d parents counted, none paged", r.name, name, len(counts))
	}
	return compared, nonzero
}
