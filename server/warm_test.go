package main

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"kembang/internal/store/storetest"
	"kembang/internal/viewer"
)

// startServe runs serve with the environment e until the test ends and
// returns its base URL once it listens, and its logs.
func startServe(t *testing.T, e map[string]string) (base string, logs *syncBuffer) {
	t.Helper()
	e["KEMBANG_LOG_LEVEL"] = "info"
	e["KEMBANG_JWT_SECRET"] = testSecret
	logs = &syncBuffer{}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"--addr", "127.0.0.1:0"}, env(e), logs) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("run: %v", err)
		}
	})
	base = strings.TrimSuffix(waitFor(t, logs, regexp.MustCompile(`explorer=(http://127\.0\.0\.1:\d+/)`), done), "/")
	return base, logs
}

// activity runs query (one integer) with the database name of dbURL as
// $1 on the server's maintenance database.
func activity(t *testing.T, dbURL, query string) int {
	t.Helper()
	u, err := url.Parse(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	admin, err := sql.Open("postgres", storetest.PostgresURL())
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	var n int
	if err := admin.QueryRow(query, strings.TrimPrefix(u.Path, "/")).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestServeWarmsPool starts serve on PostgreSQL and checks, before any
// request, that PostgreSQL holds the pool's connections, each of which
// ran the warm-up's catalogue statement; and that KEMBANG_DB_WARM=false
// leaves the pool to dial lazily as before.
func TestServeWarmsPool(t *testing.T) {
	const conns = 4
	const warmed = `SELECT count(*) FROM pg_stat_activity WHERE datname = $1 AND backend_type = 'client backend' AND query LIKE 'EXPLAIN %'`
	t.Run("on", func(t *testing.T) {
		cfg := storetest.Config(t, storetest.Postgres)
		e := storeEnv(cfg)
		e["KEMBANG_DB_MAX_CONNS"] = "4"
		_, logs := startServe(t, e)
		if n := activity(t, cfg.DatabaseURL, warmed); n != conns {
			t.Errorf("sessions that ran the warm-up before any request: %d, want %d", n, conns)
		}
		if !strings.Contains(logs.String(), `msg="database pool warm" connections=4`) {
			t.Errorf("no warm-up line in the logs:\n%s", logs)
		}
	})
	t.Run("off", func(t *testing.T) {
		cfg := storetest.Config(t, storetest.Postgres)
		e := storeEnv(cfg)
		e["KEMBANG_DB_MAX_CONNS"] = "4"
		e["KEMBANG_DB_WARM"] = "false"
		_, logs := startServe(t, e)
		if n := activity(t, cfg.DatabaseURL, warmed); n != 0 {
			t.Errorf("sessions that ran the warm-up with KEMBANG_DB_WARM=false: %d, want 0", n)
		}
		if strings.Contains(logs.String(), "database pool warm") {
			t.Errorf("a warm-up line in the logs with KEMBANG_DB_WARM=false:\n%s", logs)
		}
	})
}

// TestServeStartsWhenWarmFallsShort starts serve as a role that may open
// fewer connections than the pool's size: the warm-up falls short, says
// so once in the logs, and the server starts all the same, ready and
// answering on the connections it has.
func TestServeStartsWhenWarmFallsShort(t *testing.T) {
	cfg := storetest.Config(t, storetest.Postgres)
	u, err := url.Parse(cfg.DatabaseURL)
	if err != nil {
		t.Fatal(err)
	}
	dbName := strings.TrimPrefix(u.Path, "/")
	b := make([]byte, 6)
	rand.Read(b)
	role := "kembang_test_role_" + hex.EncodeToString(b)
	admin, err := sql.Open("postgres", storetest.PostgresURL())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close() })
	// Four connections: the start-up needs at most three (the pool's
	// first, a migration's, the listener of subscriptions), the pool wants
	// eight.
	for _, s := range []string{
		"CREATE ROLE " + role + " LOGIN CONNECTION LIMIT 4",
		"ALTER DATABASE " + dbName + " OWNER TO " + role,
	} {
		if _, err := admin.Exec(s); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() {
		// The role owns the database and its tables: drop the database
		// first (storetest's own clean-up then finds it gone).
		for _, s := range []string{"DROP DATABASE IF EXISTS " + dbName + " WITH (FORCE)", "DROP ROLE " + role} {
			if _, err := admin.Exec(s); err != nil {
				t.Errorf("%s: %v", s, err)
			}
		}
	})
	u.User = url.User(role)
	cfg.DatabaseURL = u.String()

	e := storeEnv(cfg)
	e["KEMBANG_DB_MAX_CONNS"] = "8"
	start := time.Now()
	base, logs := startServe(t, e)
	if d := time.Since(start); d > 30*time.Second {
		t.Errorf("start took %v", d)
	}
	if n := strings.Count(logs.String(), "database pool warm-up incomplete"); n != 1 {
		t.Errorf("%d warm-up warnings in the logs, want 1:\n%s", n, logs)
	}

	resp, err := http.Get(base + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("/readyz: %d %s", resp.StatusCode, body)
	}
	admins := bearer(t, viewer.Viewer{Subject: "test:admin", Role: viewer.Admin})
	if _, r := gql(t, base, `{ agencies(first: 1) { totalCount } }`, nil, "Authorization", admins); len(r.Errors) > 0 {
		t.Errorf("a query after a short warm-up: %+v", r.Errors)
	}
}
