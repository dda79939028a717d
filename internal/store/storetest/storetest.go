// Package storetest opens throw-away stores for tests, on SQLite and on
// PostgreSQL.
//
// SQLite stores live in t.TempDir(). Each PostgreSQL store gets a database
// of its own, created on the server at $KEMBANG_DEV_POSTGRES_URL (default
// postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable) and dropped
// when the test ends. If that server cannot be reached, PostgreSQL tests
// are skipped, unless KEMBANG_REQUIRE_POSTGRES=1, which makes them fail.
//
// A typical test runs on both dialects:
//
//	for _, d := range storetest.Dialects(t) {
//		t.Run(d, func(t *testing.T) {
//			db := storetest.Open(t, d)
//			...
//		})
//	}
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"testing"
	"time"

	_ "github.com/lib/pq" // the "postgres" driver

	"kembang/internal/store"
)

// Dialect names accepted by Open and Config.
const (
	SQLite   = "sqlite"
	Postgres = "postgres"
)

// DefaultPostgresURL is the server used when $KEMBANG_DEV_POSTGRES_URL is
// unset.
const DefaultPostgresURL = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

// Dialects returns the dialects tests should run on: sqlite and postgres.
func Dialects(t testing.TB) []string {
	t.Helper()
	return []string{SQLite, Postgres}
}

// Open returns a migrated, empty store of the dialect (sqlite or
// postgres), closed and removed when the test ends.
func Open(t testing.TB, dialect string) *store.DB {
	t.Helper()
	db := OpenUnmigrated(t, dialect)
	if err := db.Migrate(context.Background()); err != nil {
		t.Fatalf("storetest: %v", err)
	}
	return db
}

// OpenUnmigrated is Open without the migrations: the database is blank.
func OpenUnmigrated(t testing.TB, dialect string) *store.DB {
	t.Helper()
	cfg := Config(t, dialect)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	db, err := store.Open(ctx, cfg)
	if err != nil {
		t.Fatalf("storetest: %v", err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Errorf("storetest: %v", err)
		}
	})
	return db
}

// Config returns the configuration of a new, blank database of the
// dialect, removed when the test ends. It skips the test if the dialect
// is postgres and the server is unreachable (see the package doc).
func Config(t testing.TB, dialect string) store.Config {
	t.Helper()
	switch dialect {
	case SQLite:
		return store.Config{DataDir: t.TempDir()}
	case Postgres:
		return store.Config{DatabaseURL: postgresDB(t), MaxOpenConns: 4}
	}
	t.Fatalf("storetest: unknown dialect %q (want %q or %q)", dialect, SQLite, Postgres)
	return store.Config{}
}

// PostgresURL returns the URL of the server on which test databases are
// created.
func PostgresURL() string {
	if u := os.Getenv("KEMBANG_DEV_POSTGRES_URL"); u != "" {
		return u
	}
	return DefaultPostgresURL
}

// postgresDB creates a uniquely named database, dropped at cleanup, and
// returns its URL.
func postgresDB(t testing.TB) string {
	t.Helper()
	server := PostgresURL()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	admin, err := sql.Open("postgres", server)
	if err != nil {
		t.Fatalf("storetest: %v", err)
	}
	if err := admin.PingContext(ctx); err != nil {
		admin.Close()
		if os.Getenv("KEMBANG_REQUIRE_POSTGRES") == "1" {
			t.Fatalf("storetest: PostgreSQL is required (KEMBANG_REQUIRE_POSTGRES=1) but unreachable: %v", err)
		}
		t.Skipf("storetest: PostgreSQL unreachable, skipping (set KEMBANG_REQUIRE_POSTGRES=1 to fail instead): %v", err)
	}
	b := make([]byte, 8)
	rand.Read(b)
	name := "kembang_test_" + hex.EncodeToString(b)
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		admin.Close()
		t.Fatalf("storetest: creating database: %v", err)
	}
	t.Cleanup(func() {
		defer admin.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		// FORCE ends sessions a failing test left open.
		if _, err := admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("storetest: dropping database %s: %v", name, err)
		}
	})
	u, err := url.Parse(server)
	if err != nil {
		t.Fatalf("storetest: parsing $KEMBANG_DEV_POSTGRES_URL: %v", err)
	}
	u.Path = "/" + name
	return u.String()
}

// ReplicaConfig returns the configuration of a new, blank PostgreSQL
// database, removed when the test ends, read through the streaming
// replica whose server is at $KEMBANG_REPLICA_URL (bench/replica.sh starts
// one): the database reaches the replica by replication, under the same
// name. It skips the test when $KEMBANG_REPLICA_URL is unset.
func ReplicaConfig(t testing.TB) store.Config {
	t.Helper()
	replica := os.Getenv("KEMBANG_REPLICA_URL")
	if replica == "" {
		t.Skip("storetest: KEMBANG_REPLICA_URL not set: run bench/replica.sh")
	}
	cfg := Config(t, Postgres)
	pu, err := url.Parse(cfg.DatabaseURL)
	if err != nil {
		t.Fatalf("storetest: %v", err)
	}
	ru, err := url.Parse(replica)
	if err != nil {
		t.Fatalf("storetest: parsing $KEMBANG_REPLICA_URL: %v", err)
	}
	ru.Path = pu.Path
	cfg.ReplicaURLs = []string{ru.String()}
	return cfg
}
