package store_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"kembang/internal/store"
	"kembang/internal/store/storetest"
)

// TestWarmOpensPool checks that Warm leaves the PostgreSQL pool holding
// all the connections it keeps idle, before any statement of the
// application, and that PostgreSQL sees them as sessions of the
// database; a second Warm opens no more.
func TestWarmOpensPool(t *testing.T) {
	cfg := storetest.Config(t, storetest.Postgres)
	cfg.MaxOpenConns = 5
	ctx := context.Background()
	db, err := store.Open(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx); err != nil { // the catalogue statement names every table
		t.Fatal(err)
	}
	if s := db.SQL.Stats(); s.OpenConnections >= cfg.MaxOpenConns {
		t.Fatalf("before Warm: %d connections open; the test needs fewer than %d", s.OpenConnections, cfg.MaxOpenConns)
	}

	w, err := db.Warm(ctx)
	if err != nil {
		t.Fatalf("Warm: %v", err)
	}
	if w.Ready != cfg.MaxOpenConns || w.Want != cfg.MaxOpenConns {
		t.Errorf("Warm = %+v, want %d of %d ready", w, cfg.MaxOpenConns, cfg.MaxOpenConns)
	}
	if s := db.SQL.Stats(); s.OpenConnections != cfg.MaxOpenConns || s.Idle != cfg.MaxOpenConns {
		t.Errorf("pool after Warm: %d open, %d idle; want %d of each", s.OpenConnections, s.Idle, cfg.MaxOpenConns)
	}
	if n := sessions(t, cfg.DatabaseURL); n != cfg.MaxOpenConns {
		t.Errorf("pg_stat_activity: %d sessions of the database, want %d", n, cfg.MaxOpenConns)
	}

	if _, err := db.Warm(ctx); err != nil {
		t.Fatalf("second Warm: %v", err)
	}
	if s := db.SQL.Stats(); s.OpenConnections != cfg.MaxOpenConns {
		t.Errorf("pool after a second Warm: %d open, want %d", s.OpenConnections, cfg.MaxOpenConns)
	}
}

// sessions counts the client sessions of the database of dbURL, seen
// from another database of the server.
func sessions(t *testing.T, dbURL string) int {
	t.Helper()
	u, err := url.Parse(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	name := strings.TrimPrefix(u.Path, "/")
	admin, err := store.Open(context.Background(), store.Config{DatabaseURL: storetest.PostgresURL(), MaxOpenConns: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	var n int
	err = admin.SQL.QueryRow(`SELECT count(*) FROM pg_stat_activity WHERE datname = $1 AND backend_type = 'client backend'`, name).Scan(&n)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestWarmFailure checks that Warm on a pool that cannot connect returns
// an error within its bound instead of blocking or panicking, and that
// on SQLite it does nothing.
func TestWarmFailure(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t, storetest.Postgres)
	if err := db.SQL.Close(); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	w, err := db.Warm(ctx)
	if err == nil || w.Ready != 0 {
		t.Errorf("Warm on a closed pool = %+v, %v; want none ready and an error", w, err)
	}
	if d := time.Since(start); d > store.WarmTimeout+time.Second {
		t.Errorf("Warm on a closed pool took %v, more than its bound %v", d, store.WarmTimeout)
	}

	lite := storetest.Open(t, storetest.SQLite)
	if w, err := lite.Warm(ctx); err != nil || w != (store.Warmed{}) {
		t.Errorf("Warm on SQLite = %+v, %v; want nothing done", w, err)
	}
}
