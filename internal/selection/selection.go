// Package selection collects the fields of a GraphQL selection set once per
// process instead of once per operation.
//
// graphql.CollectFields keeps its results per operation, found by a hash
// of the selection set's address and the type names (a string built and
// an allocation per call), and works them out again for every request:
// for a mobile profile (one employee, eleven selection sets) the
// executor's objects and ent's CollectFields (the carried entgql
// collection.tmpl and pagination.tmpl) collect the same selection sets
// about thirty times a request, a tenth of its allocations.
//
// The fields a selection set collects depend on the document it belongs
// to, the types listed, and on the operation's variables only through
// directives (@skip, @include, @defer). A selection set none of whose
// selections, on this level and in the fragments it spreads, carries a
// directive collects the same fields in every operation of its document;
// Fields keeps those across operations. A set with a directive is
// collected by graphql.CollectFields on every call, as before.
//
// A set is found by its selections' own addresses (fields, fragments and
// spreads of the parsed document, which gqlgen's query cache shares by
// every operation of one document), not by the address of the slice that
// holds them: the executor builds a new slice for each field's merged
// selections per operation. The cache holds its keys, so the document's
// nodes it names stay alive and no other document can reuse their
// addresses while the entry exists; an entry is used only when all its
// selections and types are equal to the call's.
package selection

import (
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
)

// maxSets bounds the sets kept; the cache is emptied when it is full
// (an operation's sets are collected again on its next request).
const maxSets = 4096

// maxDepth bounds the nesting of fragments the check for directives
// follows; a deeper set is not kept.
const maxDepth = 32

// Set is the collection of one selection set for one list of types.
type Set struct {
	sel       []ast.Selection
	satisfies []string
	// Fields are graphql.CollectFields's answer; shared by every
	// operation of the document: read, never changed.
	Fields []graphql.CollectedField

	flag atomic.Uint32 // 0 unknown, 1 false, 2 true
}

// Flag returns a property of the set's fields worked out by compute once
// per set (the executor's plainSelection). compute must depend only on
// the fields and on what the set's types imply, and every caller of Flag
// on sets of the same types must pass the same compute.
func (s *Set) Flag(compute func([]graphql.CollectedField) bool) bool {
	switch s.flag.Load() {
	case 1:
		return false
	case 2:
		return true
	}
	v := compute(s.Fields)
	if v {
		s.flag.Store(2)
	} else {
		s.flag.Store(1)
	}
	return v
}

// key finds a set by the addresses of its first and last selections
// (the nodes the interfaces point to: a map of pointers hashes faster
// than one of interfaces) and its length, and the types by their count
// and the first one's bytes. Its pointers keep those nodes alive.
type key struct {
	first, last unsafe.Pointer
	n           int
	types       int
	type0       *byte
}

// node returns the address of the node s points to.
func node(s ast.Selection) unsafe.Pointer {
	return (*[2]unsafe.Pointer)(unsafe.Pointer(&s))[1]
}

// maxText bounds the text of the documents whose sets are kept: a kept
// set holds its document's nodes alive, and through their positions
// (ast.Position.Src) its whole text, after gqlgen's query cache evicted
// it. Without the bound 4,096 sets of 4,096 documents of 1 MiB each
// (one small operation and a long comment, within the body limit) could
// keep 4 GiB alive (review of change 50). Past it the cache is emptied.
const maxText = 16 << 20

type cache struct {
	mu   sync.RWMutex
	sets map[key]*Set
	// texts are the texts the kept sets hold alive, and text their
	// length.
	texts map[*ast.Source]struct{}
	text  int
}

var sets = cache{sets: map[key]*Set{}, texts: map[*ast.Source]struct{}{}}

// source returns the text sel's nodes hold alive (nil if unknown).
func source(sel ast.SelectionSet) *ast.Source {
	var p *ast.Position
	switch s := sel[0].(type) {
	case *ast.Field:
		p = s.Position
	case *ast.InlineFragment:
		p = s.Position
	case *ast.FragmentSpread:
		p = s.Position
	}
	if p == nil {
		return nil
	}
	return p.Src
}

// Fields returns graphql.CollectFields(oc, sel, satisfies): the set's
// kept fields when it has no directive, else collected for this
// operation. The result is shared: read it, never change it.
func Fields(oc *graphql.OperationContext, sel ast.SelectionSet, satisfies []string) []graphql.CollectedField {
	if s := Of(oc, sel, satisfies); s != nil {
		return s.Fields
	}
	return graphql.CollectFields(oc, sel, satisfies)
}

// Of returns the kept collection of sel for the types listed, nil when
// it depends on the operation's variables (a directive) or there is
// nothing to keep (no operation, an empty set).
func Of(oc *graphql.OperationContext, sel ast.SelectionSet, satisfies []string) *Set {
	if oc == nil || oc.Doc == nil || len(sel) == 0 {
		return nil
	}
	k := key{first: node(sel[0]), last: node(sel[len(sel)-1]), n: len(sel), types: len(satisfies)}
	if len(satisfies) > 0 {
		k.type0 = unsafe.StringData(satisfies[0])
	}
	sets.mu.RLock()
	s, ok := sets.sets[k]
	sets.mu.RUnlock()
	if ok {
		if s == nil {
			// The set has a directive (same selections: checked when kept).
			return nil
		}
		if s.matches(sel, satisfies) {
			return s
		}
	}
	if !fixed(oc.Doc, sel) {
		// Kept as nil only when the key's set is this one: the key's
		// selections could belong to another set (same first and last).
		sets.put(k, nil, sel)
		return nil
	}
	s = &Set{
		sel:       append([]ast.Selection(nil), sel...),
		satisfies: append([]string(nil), satisfies...),
		Fields:    graphql.CollectFields(oc, sel, satisfies),
	}
	sets.put(k, s, sel)
	return s
}

// put keeps s under k (nil: sel has a directive). A nil entry is kept
// only for a set of one or two selections, whose key names all of them;
// a longer set with a directive is checked again on every call.
func (c *cache) put(k key, s *Set, sel ast.SelectionSet) {
	if s == nil && len(sel) > 2 {
		return
	}
	src := source(sel)
	c.mu.Lock()
	defer c.mu.Unlock()
	if src != nil {
		if _, ok := c.texts[src]; !ok {
			if len(src.Input) > maxText {
				return // not kept: collected again on every call
			}
			if c.text+len(src.Input) > maxText {
				c.clear()
			}
			c.texts[src] = struct{}{}
			c.text += len(src.Input)
		}
	}
	if len(c.sets) >= maxSets {
		c.clear()
		if src != nil {
			c.texts[src] = struct{}{}
			c.text = len(src.Input)
		}
	}
	c.sets[k] = s
}

// clear empties the cache; c.mu is held.
func (c *cache) clear() {
	clear(c.sets)
	clear(c.texts)
	c.text = 0
}

// matches reports whether s is the collection of sel for satisfies.
func (s *Set) matches(sel ast.SelectionSet, satisfies []string) bool {
	if len(s.sel) != len(sel) || len(s.satisfies) != len(satisfies) {
		return false
	}
	for i := range sel {
		if s.sel[i] != sel[i] {
			return false
		}
	}
	for i := range satisfies {
		if s.satisfies[i] != satisfies[i] {
			return false
		}
	}
	return true
}

// fixed reports whether collecting sel depends on nothing but the
// document: no selection on its level, nor in the inline fragments and
// fragments it spreads, carries a directive.
func fixed(doc *ast.QueryDocument, sel ast.SelectionSet) bool {
	w := walk{doc: doc}
	return w.fixed(sel, 0)
}

// A walk checks a set's selections for directives. It checks each
// fragment once, as graphql.CollectFields collects each once: fragments
// that spread one another twice, k deep, are a few hundred bytes of
// document and 2^k paths (review of change 50: without the fragments
// visited, a valid document of thirty such fragments held a core for
// minutes in the first request of each new text).
type walk struct {
	doc     *ast.QueryDocument
	visited map[string]struct{}
	// selections counts the selections looked at (tests).
	selections int
}

func (w *walk) fixed(sel ast.SelectionSet, depth int) bool {
	if depth > maxDepth {
		return false
	}
	for _, s := range sel {
		w.selections++
		switch s := s.(type) {
		case *ast.Field:
			if len(s.Directives) > 0 {
				return false
			}
		case *ast.InlineFragment:
			if len(s.Directives) > 0 || !w.fixed(s.SelectionSet, depth+1) {
				return false
			}
		case *ast.FragmentSpread:
			// The spread's own directives are checked at every spread;
			// the fragment's selections once.
			if len(s.Directives) > 0 {
				return false
			}
			if _, ok := w.visited[s.Name]; ok {
				continue
			}
			if w.visited == nil {
				w.visited = map[string]struct{}{}
			}
			w.visited[s.Name] = struct{}{}
			f := w.doc.Fragments.ForName(s.Name)
			if f == nil || !w.fixed(f.SelectionSet, depth+1) {
				return false
			}
		default:
			return false
		}
	}
	return true
}
