package seed_test

import (
	"context"
	"kembang/internal/access"
	"testing"
	"time"

	"kembang/internal/store/seed"
	"kembang/internal/store/storetest"
)

// TestRunOnStore seeds stores migrated by package store, on SQLite and,
// when a server is reachable, PostgreSQL.
func TestRunOnStore(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d, func(t *testing.T) {
			ctx := access.System(context.Background())
			db := storetest.Open(t, d)
			start := time.Now()
			stats, err := seed.Run(ctx, db.Client, seed.Options{})
			if err != nil {
				t.Fatalf("Run: %v", err)
			}
			t.Logf("seeded in %v with %d statements: %v", time.Since(start).Round(time.Millisecond), db.Statements(), stats)
			if n := db.Client.Enrollment.Query().CountX(ctx); n != stats.Enrollments {
				t.Errorf("enrollment rows = %d, Stats says %d", n, stats.Enrollments)
			}
		})
	}
}
