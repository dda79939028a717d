package graph_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"runtime"
	"strings"
	"testing"

	"kembang/graph"
	"kembang/internal/store"
	"kembang/internal/store/storetest"
	"kembang/internal/viewer"
)

// The tests below were written by an outside review of change 50
// (docs/performance.md, change 53): selection sets without directives
// collected once per process (internal/selection), found by the
// addresses of the parsed document's nodes.

// fanOutQuery returns a document whose fragments on typ each spread the
// next one twice, k deep, below root: a few hundred bytes of text and 2^k
// paths through its spreads. root selects ...F0.
func fanOutQuery(root, typ, leaf string, k int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "{ %s }\n", root)
	for i := range k {
		fmt.Fprintf(&b, "fragment F%d on %s { ...F%d ...F%d }\n", i, typ, i+1, i+1)
	}
	fmt.Fprintf(&b, "fragment F%d on %s { %s }\n", k, typ, leaf)
	return b.String()
}

// TestSelectionFragmentFanOut: a document of thirty fragments each
// spreading the next twice (a kilobyte) is answered at once, below an
// introspection field (which the limits' field count does not walk) and
// below an object field (where the limits refuse its 2^30 fields).
// Before the review, selection's check for directives walked every
// path, 2^31 steps (minutes of a core, the request's context not
// consulted) in the first request of each new text: this test did not
// finish in its 60 s. (Deeper than selection's bound of 32 fragments,
// the check gives up on the first path: thirty is the worst.)
func TestSelectionFragmentFanOut(t *testing.T) {
	for _, dialect := range storetest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			t.Parallel()
			a := newAPIWith(t, dialect, func(o *graph.Options) { o.Introspection = true })
			ctx := viewer.NewContext(context.Background(), viewer.Viewer{Subject: "test:admin", Role: viewer.Admin})
			got := rawResponse(t, a, ctx, fanOutQuery("__schema { queryType { ...F0 } }", "__Type", "name", 30), nil)
			if !strings.Contains(got, `"queryType":{"name":"Query"}`) {
				t.Errorf("introspection below fan-out fragments: %s", got)
			}
			got = rawResponse(t, a, ctx, fanOutQuery("viewer { ...F0 }", "Viewer", "subject", 30), nil)
			if !strings.Contains(got, "errors") {
				t.Errorf("2^40 fields through fragments were not refused: %s", got)
			}
		})
	}
}

// selectionAttackQuery reaches the same fragments under several parent
// types (node, nodes, to-one and to-many edges), inline fragments with
// and without type conditions, and @skip/@include on spreads, on inline
// fragments and inside fragments, decided by variables with defaults.
const selectionAttackQuery = `query ($ids: [ID!]!, $emp: ID!, $s: Boolean = true, $i: Boolean = false) {
	nodes(ids: $ids) {
		...N
		... on Employee { ...E supervisor { ...E ...N } agency { ...N ...A } }
		... on Agency { ...A ...N @skip(if: $s) }
		... on Enrollment { ...N employee { ...E @include(if: $i) ...N } session { ...N } }
	}
	node(id: $emp) {
		...N
		... @include(if: $i) { id }
		... on Employee { ...E2 a: agency { ...A } b: agency { ...A @skip(if: $s) id } }
	}
}
fragment N on Node { __typename id ... on Employee { fullName nip } ... on Agency { name } }
fragment E on Employee { fullName nip email unit { name } }
fragment E2 on Employee { fullName nip @skip(if: $s) email @include(if: $i) ...E }
fragment A on Agency { name code }`

// TestSelectionCacheAcrossDocuments asks the attack query, as eight
// viewers and under every combination of its variables (given, or left
// to their defaults), through one text that stays parsed and kept
// across requests, and through a text new to the server each time
// (another document, whose sets are collected for this request alone):
// the answers must be byte-identical, also after thousands of other
// documents emptied the process's cache of sets and gqlgen's query cache
// (two documents) evicted the text and the collector freed its nodes.
// Masked viewers must see no full NIP.
func TestSelectionCacheAcrossDocuments(t *testing.T) {
	for _, dialect := range storetest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			t.Parallel()
			direct, _ := attackServers(t, dialect)
			opts := graph.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Classify: store.Classify, QueryCacheSize: 2}
			a := &api{t: t, h: graph.NewServer(direct.db.Client, opts), db: direct.db}
			emp, ids := attackIDs(t, a)
			viewers := attackViewers(t, a, emp)
			var nips []string
			var full struct {
				Nodes []struct {
					NIP string `json:"nip"`
				} `json:"nodes"`
			}
			a.ok(`query ($ids: [ID!]!) { nodes(ids: $ids) { ... on Employee { nip } } }`, map[string]any{"ids": ids}, &full)
			for _, n := range full.Nodes {
				if len(n.NIP) > 3 {
					nips = append(nips, n.NIP)
				}
			}
			var vars []map[string]any
			for _, s := range []any{nil, true, false} {
				for _, i := range []any{nil, true, false} {
					v := map[string]any{"ids": ids, "emp": emp}
					if s != nil {
						v["s"] = s
					}
					if i != nil {
						v["i"] = i
					}
					vars = append(vars, v)
				}
			}
			fresh := 0
			round := func(r int) {
				for name, v := range viewers {
					ctx := viewer.NewContext(context.Background(), v)
					for _, vs := range vars {
						fresh++
						want := rawResponse(t, a, ctx, fmt.Sprintf("%s\n# fresh %d", selectionAttackQuery, fresh), vs)
						got := rawResponse(t, a, ctx, selectionAttackQuery, vs)
						if got != want {
							t.Errorf("round %d, %s, vars s=%v i=%v: kept\n%s\nfresh\n%s", r, name, vs["s"], vs["i"], got, want)
						}
						if name == "admin" && len(got) < 200 {
							t.Errorf("%s: a short response proves too little: %s", name, got)
						}
						if v.Is(viewer.Partner, viewer.Analyst, viewer.Anonymous) {
							for _, nip := range nips {
								if strings.Contains(got, nip) {
									t.Errorf("%s: a full NIP in the response: %s", name, got)
								}
							}
						}
					}
				}
			}
			round(1)
			// Empty the cache of sets (4,096) with other documents, one set
			// each, and let the collector free what it may.
			admin := viewer.NewContext(context.Background(), viewers["admin"])
			for n := range 4200 {
				rawResponse(t, a, admin, fmt.Sprintf("{ x%d: __typename }", n), nil)
			}
			runtime.GC()
			runtime.GC()
			round(2)
		})
	}
}
