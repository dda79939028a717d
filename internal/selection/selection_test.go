package selection

import (
	"fmt"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
)

var schema = gqlparser.MustLoadSchema(&ast.Source{Input: `
interface Node { id: ID! }
type Query { node(id: ID!): Node, me: Person }
type Person implements Node { id: ID! name: String! nip: String! boss: Person pets: [Pet!]! }
type Pet implements Node { id: ID! name: String! }
`})

var (
	personTypes = []string{"Person", "Node"}
	petTypes    = []string{"Pet", "Node"}
)

// names renders fields as "alias:name{selection count}" for comparison.
func names(fields []graphql.CollectedField) string {
	var b strings.Builder
	for _, f := range fields {
		fmt.Fprintf(&b, "%s:%s{%d} ", f.Alias, f.Name, len(f.Selections))
	}
	return b.String()
}

func op(t *testing.T, doc *ast.QueryDocument, vars map[string]any) *graphql.OperationContext {
	t.Helper()
	return &graphql.OperationContext{Doc: doc, Operation: doc.Operations[0], Variables: vars}
}

func load(t *testing.T, q string) *ast.QueryDocument {
	t.Helper()
	doc, errs := gqlparser.LoadQuery(schema, q)
	if errs != nil {
		t.Fatal(errs)
	}
	return doc
}

// nodeSelections returns the selections of the operation's first root
// field, as the executor would hand them to its resolver.
func nodeSelections(oc *graphql.OperationContext) ast.SelectionSet {
	return graphql.CollectFields(oc, oc.Operation.SelectionSet, nil)[0].Selections
}

// TestFieldsEqualCollectFields: Fields answers what graphql.CollectFields
// answers, for sets with and without directives, fragments, types that
// do or do not match, and variables deciding @skip and @include.
func TestFieldsEqualCollectFields(t *testing.T) {
	const q = `query Q($skip: Boolean!, $inc: Boolean!) {
		node(id: "1") {
			__typename
			... on Person { name boss { name } n: nip }
			... on Pet { name }
			...P
		}
		me { name nip @skip(if: $skip) boss @include(if: $inc) { name } ... @include(if: $inc) { id } }
	}
	fragment P on Person { pets { name } name }`
	doc := load(t, q)
	for _, vars := range []map[string]any{
		{"skip": true, "inc": true}, {"skip": false, "inc": false}, {"skip": true, "inc": false}, {"skip": false, "inc": true},
	} {
		for _, root := range []int{0, 1} {
			for _, types := range [][]string{personTypes, petTypes, nil} {
				oc := op(t, doc, vars)
				sel := graphql.CollectFields(oc, oc.Operation.SelectionSet, nil)[root].Selections
				want := names(graphql.CollectFields(op(t, doc, vars), sel, types))
				for range 3 { // kept on the first call, found on the next
					if got := names(Fields(oc, sel, types)); got != want {
						t.Errorf("root %d, types %v, vars %v: Fields = %q, want %q", root, types, vars, got, want)
					}
				}
			}
		}
	}
}

// TestOfKeepsOnlySetsWithoutDirectives: a set is kept (one Set for every
// operation of its document, whatever slice holds its selections) unless
// a selection on its level or in a fragment it spreads has a directive.
func TestOfKeepsOnlySetsWithoutDirectives(t *testing.T) {
	cases := []struct {
		name string
		q    string
		kept bool
	}{
		{"plain", `{ node(id: "1") { id ... on Person { name } } }`, true},
		{"spread", `{ node(id: "1") { ...F } } fragment F on Person { name }`, true},
		{"field skip", `query Q($s: Boolean!) { node(id: "1") { id @skip(if: $s) } }`, false},
		{"inline include", `query Q($s: Boolean!) { node(id: "1") { id ... on Person @include(if: $s) { name } } }`, false},
		{"in inline", `query Q($s: Boolean!) { node(id: "1") { id ... on Person { name @include(if: $s) } } }`, false},
		{"spread skip", `query Q($s: Boolean!) { node(id: "1") { id ...F @skip(if: $s) } } fragment F on Person { name }`, false},
		{"in fragment", `query Q($s: Boolean!) { node(id: "1") { id ...F } } fragment F on Person { name @skip(if: $s) }`, false},
		{"below only", `query Q($s: Boolean!) { node(id: "1") { ... on Person { boss { name @skip(if: $s) } } } }`, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc := load(t, c.q)
			vars := map[string]any{"s": false}
			a, b := op(t, doc, vars), op(t, doc, vars)
			sa, sb := nodeSelections(a), nodeSelections(b)
			if &sa[0] == &sb[0] {
				t.Fatal("the two operations share a slice: the test proves nothing")
			}
			got, again := Of(a, sa, personTypes), Of(b, sb, personTypes)
			if (got != nil) != c.kept {
				t.Fatalf("kept = %v, want %v", got != nil, c.kept)
			}
			if got != again {
				t.Errorf("a second operation of the document got another Set (%p, %p)", got, again)
			}
			if c.kept && Of(b, sb, petTypes) == got {
				t.Error("another list of types got the same Set")
			}
		})
	}
}

// TestOfTellsDocumentsApart: the same text parsed twice (as after the
// query cache evicted it) is another document, with its own Set; the
// first document's Set is not handed to it.
func TestOfTellsDocumentsApart(t *testing.T) {
	const q = `{ node(id: "1") { id ... on Person { name } } }`
	d1, d2 := load(t, q), load(t, q)
	o1, o2 := op(t, d1, nil), op(t, d2, nil)
	s1, s2 := Of(o1, nodeSelections(o1), personTypes), Of(o2, nodeSelections(o2), personTypes)
	if s1 == nil || s2 == nil || s1 == s2 {
		t.Fatalf("sets %p, %p: want two kept sets", s1, s2)
	}
	if s1.Fields[0].Field != nodeSelections(o1)[0].(*ast.Field) || s2.Fields[0].Field != nodeSelections(o2)[0].(*ast.Field) {
		t.Error("a document's Set holds another document's fields")
	}
}

// TestOfSameEndsOtherMiddle: two sets with the same first and last
// selections and length but another in the middle (one key) each get
// their own fields.
func TestOfSameEndsOtherMiddle(t *testing.T) {
	doc := load(t, `{ node(id: "1") { id ... on Person { name } } }`)
	oc := op(t, doc, nil)
	sel := nodeSelections(oc)
	extra := load(t, `{ me { nip } }`)
	eo := op(t, extra, nil)
	mid := nodeSelections(eo)[0]
	a := ast.SelectionSet{sel[0], sel[1], sel[1]}
	b := ast.SelectionSet{sel[0], mid, sel[1]}
	for range 2 {
		for _, s := range []ast.SelectionSet{a, b} {
			want := names(graphql.CollectFields(op(t, doc, nil), s, personTypes))
			if got := names(Fields(oc, s, personTypes)); got != want {
				t.Errorf("Fields = %q, want %q", got, want)
			}
		}
	}
}

// TestSetFlag: the flag is computed once per Set.
func TestSetFlag(t *testing.T) {
	doc := load(t, `{ node(id: "1") { id } }`)
	oc := op(t, doc, nil)
	s := Of(oc, nodeSelections(oc), personTypes)
	calls := 0
	f := func([]graphql.CollectedField) bool { calls++; return true }
	if !s.Flag(f) || !s.Flag(f) || calls != 1 {
		t.Errorf("Flag: %d computations, want 1", calls)
	}
}

// fanOut returns a document whose fragments each spread the next one
// twice, k deep: a few hundred bytes, 2^k paths through its spreads.
func fanOut(k int, leaf string) string {
	var b strings.Builder
	if strings.Contains(leaf, "$s") {
		b.WriteString("query Q($s: Boolean!) { me { ...F0 } }\n")
	} else {
		b.WriteString("{ me { ...F0 } }\n")
	}
	for i := range k {
		fmt.Fprintf(&b, "fragment F%d on Person { ...F%d ...F%d }\n", i, i+1, i+1)
	}
	fmt.Fprintf(&b, "fragment F%d on Person { %s }\n", k, leaf)
	return b.String()
}

// TestFixedChecksEachFragmentOnce (review of change 50): the check for
// directives looks at each fragment once, as graphql.CollectFields
// does, not once per path: a document of k fragments each spreading
// the next twice cost 2^k steps in the first request of each new text
// (k = 30: over a minute of a core), and in every request when a
// directive came last in a longer set. The answer is that of
// graphql.CollectFields, kept or not.
func TestFixedChecksEachFragmentOnce(t *testing.T) {
	const k = 24
	for _, c := range []struct {
		leaf string
		kept bool
	}{{"name", true}, {"name nip @skip(if: $s)", false}} {
		doc := load(t, fanOut(k, c.leaf))
		oc := op(t, doc, map[string]any{"s": true})
		sel := nodeSelections(oc)
		w := walk{doc: doc}
		if got := w.fixed(sel, 0); got != c.kept {
			t.Errorf("%q: fixed = %v, want %v", c.leaf, got, c.kept)
		}
		if limit := 2*k + 4; w.selections > limit {
			t.Errorf("%q: %d selections looked at, want at most %d (each fragment once)", c.leaf, w.selections, limit)
		}
		want := names(graphql.CollectFields(op(t, doc, map[string]any{"s": true}), sel, personTypes))
		if got := names(Fields(oc, sel, personTypes)); got != want {
			t.Errorf("%q: Fields = %q, want %q", c.leaf, got, want)
		}
		if (Of(oc, sel, personTypes) != nil) != c.kept {
			t.Errorf("%q: kept = %v, want %v", c.leaf, !c.kept, c.kept)
		}
	}
}

// TestFixedChecksEverySpreadsDirectives: a fragment already looked at is
// not walked again, but a later spread of it with a directive still
// makes the set depend on the operation's variables.
func TestFixedChecksEverySpreadsDirectives(t *testing.T) {
	doc := load(t, `query Q($s: Boolean!) { node(id: "1") { ...F ... on Person { ...F @skip(if: $s) } } } fragment F on Person { name }`)
	for _, s := range []bool{true, false} {
		oc := op(t, doc, map[string]any{"s": s})
		sel := nodeSelections(oc)
		if Of(oc, sel, personTypes) != nil {
			t.Fatal("a set spreading a fragment with @skip was kept")
		}
		want := names(graphql.CollectFields(op(t, doc, map[string]any{"s": s}), sel, personTypes))
		if got := names(Fields(oc, sel, personTypes)); got != want {
			t.Errorf("s=%v: Fields = %q, want %q", s, got, want)
		}
	}
}

// TestFieldsConcurrent (review of change 50): goroutines collecting the
// sets of many documents, with and without directives, while the cache
// fills past maxSets and is emptied, each get graphql.CollectFields's
// answer for their own document and variables. Run it with -race.
func TestFieldsConcurrent(t *testing.T) {
	type job struct {
		oc    *graphql.OperationContext
		sel   ast.SelectionSet
		types []string
		want  string
	}
	var jobs []job
	for i := range 1500 { // 4,500 kept sets: past maxSets
		q := fmt.Sprintf(`query Q($s: Boolean!) { node(id: "%d") { id ... on Person { n%d: name nip @skip(if: $s) } ...P } me { name } }
		fragment P on Person { pets { name } boss { name } }`, i, i)
		doc := load(t, q)
		for _, s := range []bool{true, false} {
			vars := map[string]any{"s": s}
			oc := op(t, doc, vars)
			for _, root := range []int{0, 1} {
				sel := graphql.CollectFields(oc, oc.Operation.SelectionSet, nil)[root].Selections
				for _, types := range [][]string{personTypes, petTypes, nil} {
					jobs = append(jobs, job{oc, sel, types, names(graphql.CollectFields(op(t, doc, vars), sel, types))})
				}
			}
		}
	}
	done := make(chan struct{})
	for w := range 8 {
		go func() {
			defer func() { done <- struct{}{} }()
			for r := range 2 {
				for i := range jobs {
					j := jobs[(i*7+w*13+r)%len(jobs)]
					if got := names(Fields(j.oc, j.sel, j.types)); got != j.want {
						t.Errorf("Fields = %q, want %q", got, j.want)
						return
					}
				}
			}
		}()
	}
	for range 8 {
		<-done
	}
}

// TestKeptTextBounded (review of change 50): the kept sets hold their
// documents' texts alive; the texts they hold stay within maxText
// however many long documents come (a long comment and a small
// operation each), and a document longer than maxText is not kept.
func TestKeptTextBounded(t *testing.T) {
	pad := "# " + strings.Repeat("x", 1<<20) + "\n"
	for i := range 40 {
		doc := load(t, fmt.Sprintf("%s{ me { name n%d: nip } }", pad, i))
		oc := op(t, doc, nil)
		if Of(oc, nodeSelections(oc), personTypes) == nil {
			t.Fatal("a set without directives was not collected")
		}
		sets.mu.RLock()
		text := sets.text
		sets.mu.RUnlock()
		if text > maxText {
			t.Fatalf("document %d: %d bytes of text held, want at most %d", i, text, maxText)
		}
	}
	doc := load(t, strings.Repeat(pad, maxText>>20+1)+"{ me { name } }")
	oc := op(t, doc, nil)
	if a, b := Of(oc, nodeSelections(oc), personTypes), Of(oc, nodeSelections(oc), personTypes); a == nil || a == b {
		t.Errorf("a document longer than maxText: sets %p, %p, want two (not kept)", a, b)
	}
}
