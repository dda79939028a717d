package bench

import (
	"regexp"
	"testing"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"

	"kembang/ent"
	"kembang/graph"
	"kembang/internal/store"
	"kembang/internal/store/storetest"
)

// orderedPageRows matches the rows subquery of an edge page
// (keyset.LimitPerRow: "… FROM (SELECT … FROM t WHERE …) AS "p" WHERE
// "p"."fk" = …", its count's "… AS "c"") when it has an ORDER BY of its
// own.
var orderedPageRows = regexp.MustCompile(`ORDER BY [^()]*\) AS "[pc]" WHERE`)

// TestSuiteEdgePageShape checks on PostgreSQL that no persona query's
// edge page reads its rows from a subquery with an ORDER BY of its own: the
// page orders its rows itself after the LIMIT per parent, and an ORDER BY
// in the subquery keeps PostgreSQL from pulling it up into the LATERAL
// join, which then walks the table's whole key index. Change 57's loaders
// ordered every list without an order by key, pages included, and
// partner_listing and analyst_4level lost a third of their throughput
// (docs/performance.md, change 64).
func TestSuiteEdgePageShape(t *testing.T) {
	db, fx := seeded(t, storetest.Postgres)
	capture := &Capture{Driver: entsql.OpenDB(dialect.Postgres, db.SQL)}
	h := AsAdmin(graph.NewServer(ent.NewClient(ent.Driver(capture)), graph.Options{Classify: store.Classify}))
	for _, q := range Suite() {
		capture.Take()
		send(t, t.Context(), h, q, fx)
		stmts := capture.Take()
		if len(stmts) == 0 {
			t.Errorf("%s: no statement captured", q.Name)
		}
		for _, s := range stmts {
			if loc := orderedPageRows.FindStringIndex(s.SQL); loc != nil {
				from := max(0, loc[0]-200)
				t.Errorf("%s: an edge page's rows ordered in their subquery: …%s…", q.Name, s.SQL[from:loc[1]])
			}
		}
	}
}
