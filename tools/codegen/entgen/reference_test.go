package entgen

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"entgo.io/ent/entc"
	"entgo.io/ent/entc/gen"
)

// referenceEdges are the edges that carry the ReferenceKeys annotation,
// reviewed one by one (docs/performance.md change 59): a count may read a
// filter through them as an array holding every key of the neighbour's
// table, so that table must grow with the organisation, not with its
// people and their records. Positions: 25 an agency in the generator,
// 12,500 at 1M employees, 56,250 at national size (the worst case,
// every position, measured at 1M: 97 ms against 242 ms for EXISTS).
var referenceEdges = []string{"Employee.position"}

// TestReferenceEdges is the rule of the ReferenceKeys annotation on the
// repository's schema: the annotated edges are exactly referenceEdges,
// each is a keyedEdge (its foreign key leads an index, so that the array
// is that index's search keys), and every Boolean field of their type is
// a column of such an index, since the argument guard lets a count read
// the array next to Boolean filters only (graph/guard.go,
// referenceCounts): a filter the index does not hold would fetch every
// row the array selects. The generator refuses the annotation on an edge
// that is not a keyedEdge.
func TestReferenceEdges(t *testing.T) {
	if testing.Short() {
		t.Skip("loads and compiles the ent schema package")
	}
	cfg, err := Config(DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	g, err := entc.LoadGraph(filepath.Join(repoRoot, "ent", "schema"), cfg)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	var unkeyed *gen.Edge
	var unkeyedType *gen.Type
	for _, n := range g.Nodes {
		for _, e := range n.Edges {
			if unkeyed == nil && !keyedEdge(n, e) {
				unkeyed, unkeyedType = e, n
			}
			ok, err := referenceEdge(n, e)
			if err != nil {
				t.Errorf("%s.%s: %v", n.Name, e.Name, err)
			}
			if !ok {
				continue
			}
			got = append(got, n.Name+"."+e.Name)
			fk := e.Rel.Columns[0]
			for _, f := range n.Fields {
				if f.Type.Type.String() != "bool" {
					continue
				}
				if !indexedWith(n, fk, f.StorageKey()) {
					t.Errorf("%s.%s: Boolean field %s is in no index leading with %s: a count by the array would fetch each row", n.Name, e.Name, f.Name, fk)
				}
			}
		}
	}
	slices.Sort(got)
	if !slices.Equal(got, referenceEdges) {
		t.Errorf("edges with the ReferenceKeys annotation: %v, reviewed: %v", got, referenceEdges)
	}
	for _, n := range g.Nodes {
		ok, _ := hasReferenceEdge(n)
		if want := slices.ContainsFunc(got, func(e string) bool { return strings.HasPrefix(e, n.Name+".") }); ok != want {
			t.Errorf("hasReferenceEdge(%s) = %v, want %v", n.Name, ok, want)
		}
	}

	// The annotation on an edge whose filter is not an array of an
	// index's search keys is refused.
	if unkeyed == nil {
		t.Fatal("no edge that is not keyed: the walk is broken")
	}
	saved := unkeyed.Annotations
	unkeyed.Annotations = gen.Annotations{ReferenceKeysAnnotation: struct{}{}}
	defer func() { unkeyed.Annotations = saved }()
	if ok, err := referenceEdge(unkeyedType, unkeyed); ok || err == nil {
		t.Errorf("%s.%s (not keyed) with the annotation: %v, %v; want an error", unkeyedType.Name, unkeyed.Name, ok, err)
	}
	if _, err := hasReferenceEdge(unkeyedType); err == nil {
		t.Errorf("hasReferenceEdge(%s) with an unkeyed annotated edge: no error", unkeyedType.Name)
	}
}

// indexedWith reports whether one of n's indexes leads with column fk and
// holds column c.
func indexedWith(n *gen.Type, fk, c string) bool {
	for _, i := range n.Indexes {
		if len(i.Columns) > 0 && i.Columns[0] == fk && slices.Contains(i.Columns, c) {
			return true
		}
	}
	return false
}
