package store_test

import (
	"context"
	"sync"
	"testing"

	"kembang/internal/store/storetest"
)

// TestPoolKeepsConnections checks that bursts of concurrent statements,
// one after another, reuse the pool's connections instead of closing
// them when a burst ends and dialling new ones at the next (each new
// PostgreSQL backend costs a fork and cold caches).
func TestPoolKeepsConnections(t *testing.T) {
	db := storetest.Open(t, storetest.Postgres)
	ctx := context.Background()
	limit := db.SQL.Stats().MaxOpenConnections
	for burst := range 5 {
		var wg sync.WaitGroup
		for range 2 * limit {
			wg.Go(func() {
				if _, err := db.SQL.ExecContext(ctx, "SELECT pg_sleep(0.01)"); err != nil {
					t.Errorf("burst %d: %v", burst, err)
				}
			})
		}
		wg.Wait()
	}
	s := db.SQL.Stats()
	if s.MaxIdleClosed != 0 || s.OpenConnections > limit {
		t.Errorf("pool after 5 bursts of %d statements: %d open (limit %d), %d closed for the idle limit; want every connection kept",
			2*limit, s.OpenConnections, limit, s.MaxIdleClosed)
	}
}
