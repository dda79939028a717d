package main

import (
	"context"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"kembang/internal/access"
	"kembang/internal/store"
	"kembang/internal/store/storetest"
)

// counts returns the number of agencies and employees in the database of
// cfg.
func counts(t *testing.T, cfg store.Config) (agencies, employees int) {
	t.Helper()
	ctx := access.System(context.Background())
	db, err := store.Open(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if agencies, err = db.Client.Agency.Query().Count(ctx); err != nil {
		t.Fatal(err)
	}
	if employees, err = db.Client.Employee.Query().Count(ctx); err != nil {
		t.Fatal(err)
	}
	return agencies, employees
}

// storeEnv returns the environment that points the commands at the
// database of cfg.
func storeEnv(cfg store.Config) map[string]string {
	return map[string]string{
		"DATABASE_URL":           cfg.DatabaseURL,
		"KEMBANG_DATA_DIR":       cfg.DataDir,
		"KEMBANG_LOG_LEVEL":      "warn",
		"KEMBANG_SEED_EMPLOYEES": "30",
	}
}

// migrate, then seed, which refuses a second time unless --force, on
// both database dialects.
func TestRunMigrateAndSeed(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d, func(t *testing.T) {
			cfg := storetest.Config(t, d)
			getenv := env(storeEnv(cfg))
			ctx := access.System(context.Background())

			if err := run(ctx, []string{"migrate"}, getenv, io.Discard); err != nil {
				t.Fatalf("migrate: %v", err)
			}
			if a, e := counts(t, cfg); a != 0 || e != 0 {
				t.Fatalf("after migrate: %d agencies, %d employees", a, e)
			}
			if err := run(ctx, []string{"seed"}, getenv, io.Discard); err != nil {
				t.Fatalf("seed: %v", err)
			}
			a1, e1 := counts(t, cfg)
			if a1 == 0 || e1 < 30 {
				t.Fatalf("after seed: %d agencies, %d employees", a1, e1)
			}
			err := run(ctx, []string{"seed"}, getenv, io.Discard)
			if err == nil || !strings.Contains(err.Error(), "--force") {
				t.Fatalf("second seed: err = %v, want a refusal naming --force", err)
			}
			if err := run(ctx, []string{"seed", "--force"}, getenv, io.Discard); err != nil {
				t.Fatalf("seed --force: %v", err)
			}
			if a2, e2 := counts(t, cfg); a2 != a1 || e2 != e1 {
				t.Errorf("after seed --force: %d agencies, %d employees; want %d, %d", a2, e2, a1, e1)
			}
		})
	}
}

// serve seeds an empty embedded database on its first start, serves,
// and returns nil when its context is cancelled.
func TestRunServe(t *testing.T) {
	for _, autoSeed := range []bool{true, false} {
		t.Run(map[bool]string{true: "seed", false: "no seed"}[autoSeed], func(t *testing.T) {
			cfg := storetest.Config(t, storetest.SQLite)
			e := storeEnv(cfg)
			e["KEMBANG_LOG_LEVEL"] = "info"
			if !autoSeed {
				e["KEMBANG_SEED"] = "false"
			}
			logs := &syncBuffer{}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			done := make(chan error, 1)
			go func() { done <- run(ctx, []string{"--addr", "127.0.0.1:0"}, env(e), logs) }()

			url := waitFor(t, logs, regexp.MustCompile(`explorer=(http://127\.0\.0\.1:\d+/)`), done)
			resp, err := http.Get(url + "healthz")
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != 200 {
				t.Errorf("healthz: %d", resp.StatusCode)
			}
			cancel()
			select {
			case err := <-done:
				if err != nil {
					t.Fatalf("run: %v", err)
				}
			case <-time.After(10 * time.Second):
				t.Fatal("run did not return after cancel")
			}
			a, _ := counts(t, cfg)
			if autoSeed != (a > 0) {
				t.Errorf("auto seed %v: %d agencies", autoSeed, a)
			}
			if !strings.Contains(logs.String(), "stopped") {
				t.Errorf("no clean stop in the logs:\n%s", logs)
			}
		})
	}
}

// waitFor waits until logs match re and returns the first group. It
// fails if done yields first.
func waitFor(t *testing.T, logs *syncBuffer, re *regexp.Regexp, done <-chan error) string {
	t.Helper()
	deadline := time.After(60 * time.Second)
	for {
		if m := re.FindStringSubmatch(logs.String()); m != nil {
			return m[1]
		}
		select {
		case err := <-done:
			t.Fatalf("run returned early: %v\n%s", err, logs)
		case <-deadline:
			t.Fatalf("timed out waiting for %v in:\n%s", re, logs)
		case <-time.After(20 * time.Millisecond):
		}
	}
}

func TestRunUsage(t *testing.T) {
	if err := run(context.Background(), []string{"frobnicate"}, env(nil), io.Discard); err == nil || !strings.Contains(err.Error(), "unknown command") {
		t.Errorf("unknown command: err = %v", err)
	}
	var b strings.Builder
	if err := run(context.Background(), []string{"seed", "-h"}, env(nil), &b); err != nil || !strings.Contains(b.String(), "-force") {
		t.Errorf("seed -h: err = %v, output:\n%s", err, b.String())
	}
	if err := run(context.Background(), []string{"serve", "--request-timeout", "soon"}, env(nil), io.Discard); err == nil || !strings.Contains(err.Error(), "request-timeout") {
		t.Errorf("bad flag: err = %v", err)
	}
}

func TestRedactURL(t *testing.T) {
	got := redactURL("postgres://kembang:s3cret@db.internal:5432/kembang?sslmode=require&password=x")
	if got != "db.internal:5432/kembang" {
		t.Errorf("redactURL = %q", got)
	}
}
