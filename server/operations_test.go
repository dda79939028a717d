package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kembang/internal/store/storetest"
)

// kembang operations register DIR stores the valid documents of DIR and
// refuses a folder with an invalid one, naming the file and the reason,
// on both database dialects.
func TestRunOperationsRegister(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d, func(t *testing.T) { testRunOperationsRegister(t, d) })
	}
}

func testRunOperationsRegister(t *testing.T, dialect string) {
	cfg := storetest.Config(t, dialect)
	getenv := env(storeEnv(cfg))
	ctx := context.Background()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "agencies.graphql"), []byte("query Agencies { agencies(first: 5) { totalCount } }"), 0o600); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := run(ctx, []string{"operations", "register", dir}, getenv, &out); err != nil {
		t.Fatalf("register: %v", err)
	}
	if !strings.Contains(out.String(), "registered agencies.graphql") || !strings.Contains(out.String(), "1 new, 0 already registered") {
		t.Errorf("output %q", out.String())
	}

	if err := os.WriteFile(filepath.Join(dir, "typo.graphql"), []byte("query Typo { agencie { totalCount } }"), 0o600); err != nil {
		t.Fatal(err)
	}
	err := run(ctx, []string{"operations", "register", "--log-level", "warn", dir}, getenv, &out)
	if err == nil || !strings.Contains(err.Error(), `typo.graphql:1:14: Cannot query field "agencie" on type "Query"`) {
		t.Errorf("invalid document: err = %v", err)
	}

	for _, args := range [][]string{{"operations"}, {"operations", "list"}, {"operations", "register"}} {
		if err := run(ctx, args, getenv, &out); !errors.Is(err, errUsage) {
			t.Errorf("%q: err = %v, want a usage error", args, err)
		}
	}
}
