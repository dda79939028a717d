package store_test

import (
	"context"
	"testing"

	"kembang/internal/access"
	"kembang/internal/store"
	"kembang/internal/store/storetest"
)

// TestPreparedStatements checks that ent's queries outside transactions
// run on prepared statements, reused across calls, and that a context
// from store.WithCustomPlans is planned each time instead.
func TestPreparedStatements(t *testing.T) {
	db := storetest.Open(t, storetest.Postgres)
	db.SQL.SetMaxOpenConns(1) // one connection: its prepared statements are the pool's
	ctx := access.System(context.Background())
	prepared := func() int {
		var n int
		if err := db.SQL.QueryRowContext(ctx, "SELECT count(*) FROM pg_prepared_statements").Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	for range 3 {
		if _, err := db.Client.Agency.Query().Count(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if n := prepared(); n != 1 {
		t.Errorf("after 3 identical queries: %d prepared statements, want 1", n)
	}
	if _, err := db.Client.Agency.Query().All(store.WithCustomPlans(ctx)); err != nil {
		t.Fatal(err)
	}
	if n := prepared(); n != 1 {
		t.Errorf("after a query with custom plans: %d prepared statements, want 1", n)
	}
}
