package main

import (
	"errors"
	"flag"
	"io"
	"log/slog"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"kembang/internal/httpapi"
)

// env returns a getenv function over m.
func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestParseConfig(t *testing.T) {
	tests := []struct {
		name  string
		cmd   string
		args  []string
		env   map[string]string
		check func(t *testing.T, c config)
		err   string // substring of the expected error; "" for none
	}{
		{
			name: "JP targets",
			cmd:  "serve",
			env:  map[string]string{"KEMBANG_JP_TARGET_PNS": "30"},
			args: []string{"--jp-target-pppk", "12"},
			check: func(t *testing.T, c config) {
				if c.targetPNS != 30 || c.targetPPPK != 12 {
					t.Errorf("JP targets %d, %d", c.targetPNS, c.targetPPPK)
				}
			},
		},
		{
			name: "read replicas",
			cmd:  "serve",
			env: map[string]string{
				"DATABASE_URL":          "postgres://kembang@db-primary:5432/kembang",
				"DATABASE_REPLICA_URLS": "postgres://kembang@db-replica-1:5432/kembang, postgresql://kembang@db-replica-2:5432/kembang",
			},
			args: []string{"--replica-max-lag", "2s"},
			check: func(t *testing.T, c config) {
				want := []string{"postgres://kembang@db-replica-1:5432/kembang", "postgresql://kembang@db-replica-2:5432/kembang"}
				if !slices.Equal(c.replicaURLs, want) || c.replicaMaxLag != 2*time.Second {
					t.Errorf("replicas %q, max lag %v; want %q, 2s", c.replicaURLs, c.replicaMaxLag, want)
				}
			},
		},
		{
			name: "no read replicas by default",
			cmd:  "serve",
			env:  map[string]string{"DATABASE_URL": "postgres://kembang@db-primary:5432/kembang"},
			check: func(t *testing.T, c config) {
				if len(c.replicaURLs) != 0 || c.replicaMaxLag != 5*time.Second {
					t.Errorf("replicas %q, max lag %v; want none, 5s", c.replicaURLs, c.replicaMaxLag)
				}
			},
		},
		{
			name: "read replicas of the embedded database",
			cmd:  "serve",
			env:  map[string]string{"DATABASE_REPLICA_URLS": "postgres://kembang@db-replica-1:5432/kembang"},
			err:  "DATABASE_REPLICA_URLS (--database-replica-urls) needs a PostgreSQL DATABASE_URL",
		},
		{
			name: "a read replica that is not PostgreSQL",
			cmd:  "serve",
			env: map[string]string{
				"DATABASE_URL":          "postgres://kembang@db-primary:5432/kembang",
				"DATABASE_REPLICA_URLS": "postgres://kembang@db-replica-1:5432/kembang,mysql://root:s3cret@db/k",
			},
			err: "DATABASE_REPLICA_URLS (--database-replica-urls), URL 2: must be a postgres:// URL",
		},
		{
			name: "replica lag bound not positive",
			cmd:  "serve",
			env:  map[string]string{"DATABASE_URL": "postgres://kembang@db-primary:5432/kembang", "KEMBANG_REPLICA_MAX_LAG": "0s"},
			err:  "KEMBANG_REPLICA_MAX_LAG (--replica-max-lag) must be above 0",
		},
		{
			name: "JP target out of range",
			cmd:  "serve",
			env:  map[string]string{"KEMBANG_JP_TARGET_PNS": "0"},
			err:  "KEMBANG_JP_TARGET_PNS",
		},
		{
			name: "upload limit",
			cmd:  "serve",
			env:  map[string]string{"KEMBANG_MAX_UPLOAD_BYTES": "32MiB"},
			check: func(t *testing.T, c config) {
				if c.maxUploadBytes != 32<<20 || c.maxBodyBytes != 1<<20 {
					t.Errorf("max upload %d, max body %d", c.maxUploadBytes, c.maxBodyBytes)
				}
			},
		},
		{
			name: "upload limit out of range",
			cmd:  "serve",
			args: []string{"--max-upload-bytes", "512MiB"},
			err:  "KEMBANG_MAX_UPLOAD_BYTES",
		},
		{
			name: "import",
			cmd:  "import",
			args: []string{"--agency", "KMN", "employees", "pegawai.csv", "--partial"},
			check: func(t *testing.T, c config) {
				if c.importKind != "employees" || c.importFile != "pegawai.csv" || !c.importPartial || c.importAgency != "KMN" {
					t.Errorf("import %q %q partial %v agency %q", c.importKind, c.importFile, c.importPartial, c.importAgency)
				}
			},
		},
		{
			name: "defaults",
			cmd:  "serve",
			check: func(t *testing.T, c config) {
				if c.databaseURL != "" || c.dataDir != "./data" || c.addr != "127.0.0.1:8080" { // the embedded demo: loopback
					t.Errorf("database %q, data dir %q, addr %q", c.databaseURL, c.dataDir, c.addr)
				}
				if want := []string{"http://localhost:3000", "http://localhost:5173"}; !slices.Equal(c.corsOrigins, want) {
					t.Errorf("cors origins = %q, want %q", c.corsOrigins, want)
				}
				if !c.introspection || !c.autoSeed || c.maxBodyBytes != 1<<20 {
					t.Errorf("introspection %v, auto seed %v, max body %d", c.introspection, c.autoSeed, c.maxBodyBytes)
				}
				if c.requestTimeout != 15*time.Second || c.shutdownGrace != 20*time.Second || c.statementTimeout != 15*time.Second {
					t.Errorf("request timeout %v, grace %v, statement timeout %v", c.requestTimeout, c.shutdownGrace, c.statementTimeout)
				}
				if c.targetPNS != 20 || c.targetPPPK != 24 {
					t.Errorf("JP targets %d, %d", c.targetPNS, c.targetPPPK)
				}
				if c.logLevel != slog.LevelInfo || c.logFormat != "text" {
					t.Errorf("log level %v, format %q", c.logLevel, c.logFormat)
				}
			},
		},
		{
			name: "environment",
			cmd:  "serve",
			env: map[string]string{
				"DATABASE_URL":            "postgres://u:p@db:5432/kembang?sslmode=disable",
				"KEMBANG_ADDR":            "127.0.0.1:9000",
				"PORT":                    "7000", // KEMBANG_ADDR wins
				"KEMBANG_CORS_ORIGINS":    " https://a.go.id/ , https://*.b.go.id",
				"KEMBANG_LOG_LEVEL":       "DEBUG",
				"KEMBANG_LOG_FORMAT":      "json",
				"KEMBANG_INTROSPECTION":   "false",
				"KEMBANG_MAX_BODY_BYTES":  "512KiB",
				"KEMBANG_REQUEST_TIMEOUT": "3s",
				"KEMBANG_SHUTDOWN_GRACE":  "0s",
				"KEMBANG_SEED":            "0",
				"KEMBANG_DB_MAX_CONNS":    "8",
			},
			check: func(t *testing.T, c config) {
				if c.databaseURL == "" || c.embedded() || c.addr != "127.0.0.1:9000" {
					t.Errorf("database %q, addr %q", c.databaseURL, c.addr)
				}
				if want := []string{"https://a.go.id", "https://*.b.go.id"}; !slices.Equal(c.corsOrigins, want) {
					t.Errorf("cors origins = %q, want %q", c.corsOrigins, want)
				}
				if c.logLevel != slog.LevelDebug || c.logFormat != "json" || c.introspection || c.autoSeed {
					t.Errorf("log %v %q, introspection %v, auto seed %v", c.logLevel, c.logFormat, c.introspection, c.autoSeed)
				}
				if c.maxBodyBytes != 512<<10 || c.requestTimeout != 3*time.Second || c.shutdownGrace != 0 || c.dbMaxConns != 8 {
					t.Errorf("max body %d, timeout %v, grace %v, conns %d", c.maxBodyBytes, c.requestTimeout, c.shutdownGrace, c.dbMaxConns)
				}
			},
		},
		{
			name: "PORT",
			cmd:  "serve",
			env:  map[string]string{"PORT": "7000"},
			check: func(t *testing.T, c config) {
				if c.addr != ":7000" {
					t.Errorf("addr = %q, want :7000", c.addr)
				}
			},
		},
		{
			name: "flags win",
			cmd:  "serve",
			args: []string{"--addr", ":9999", "-cors-origins=none", "--introspection=false", "--max-body-bytes", "2048", "--request-timeout=1m", "--data-dir", "/tmp/x"},
			env:  map[string]string{"KEMBANG_ADDR": ":1234", "KEMBANG_INTROSPECTION": "true", "KEMBANG_DATA_DIR": "/var/lib/kembang"},
			check: func(t *testing.T, c config) {
				if c.addr != ":9999" || len(c.corsOrigins) != 0 || c.introspection || c.maxBodyBytes != 2048 || c.requestTimeout != time.Minute || c.dataDir != "/tmp/x" {
					t.Errorf("got %+v", c)
				}
			},
		},
		{
			name: "seed command",
			cmd:  "seed",
			args: []string{"--employees", "50", "--force", "--rand-seed", "7"},
			env:  map[string]string{"KEMBANG_ADDR": "not checked by seed"},
			check: func(t *testing.T, c config) {
				if c.employees != 50 || !c.force || c.randSeed != 7 {
					t.Errorf("employees %d, force %v, rand seed %d", c.employees, c.force, c.randSeed)
				}
			},
		},
		{
			name: "migrate ignores serve settings",
			cmd:  "migrate",
			env:  map[string]string{"KEMBANG_REQUEST_TIMEOUT": "soon", "PORT": "x"},
			check: func(t *testing.T, c config) {
				if c.statementTimeout != 0 {
					t.Errorf("statement timeout = %v, want 0", c.statementTimeout)
				}
			},
		},
		{name: "bad duration env", cmd: "serve", env: map[string]string{"KEMBANG_REQUEST_TIMEOUT": "15"}, err: "KEMBANG_REQUEST_TIMEOUT"},
		{name: "bad bool env", cmd: "serve", env: map[string]string{"KEMBANG_SEED": "maybe"}, err: "KEMBANG_SEED"},
		{name: "bad PORT", cmd: "serve", env: map[string]string{"PORT": "http"}, err: "PORT"},
		{
			name:  "PORT ignored with KEMBANG_ADDR",
			cmd:   "serve",
			env:   map[string]string{"PORT": "http", "KEMBANG_ADDR": ":1"},
			check: func(t *testing.T, c config) {},
		},
		{name: "bad size", cmd: "serve", args: []string{"--max-body-bytes", "lots"}, err: "max-body-bytes"},
		{name: "size too small", cmd: "serve", args: []string{"--max-body-bytes", "10"}, err: "KEMBANG_MAX_BODY_BYTES"},
		{name: "zero timeout", cmd: "serve", args: []string{"--request-timeout", "0s"}, err: "KEMBANG_REQUEST_TIMEOUT"},
		{name: "negative grace", cmd: "serve", args: []string{"--shutdown-grace", "-1s"}, err: "KEMBANG_SHUTDOWN_GRACE"},
		{name: "bad addr", cmd: "serve", args: []string{"--addr", "8080"}, err: "KEMBANG_ADDR"},
		{name: "pprof on all interfaces", cmd: "serve", args: []string{"--pprof-addr", ":6060"}, err: "KEMBANG_PPROF_ADDR"},
		{name: "pprof on a public address", cmd: "serve", env: map[string]string{"KEMBANG_PPROF_ADDR": "10.0.0.1:6060"}, err: "KEMBANG_PPROF_ADDR"},
		{
			name: "pprof on loopback", cmd: "serve", args: []string{"--pprof-addr", "127.0.0.1:6060"},
			check: func(t *testing.T, c config) {
				if c.pprofAddr != "127.0.0.1:6060" {
					t.Errorf("pprof addr %q", c.pprofAddr)
				}
			},
		},
		{
			name: "collector defaults", cmd: "serve",
			check: func(t *testing.T, c config) {
				if c.gcPercent != 400 || c.memoryLimit != 200<<20 {
					t.Errorf("gc percent %d, memory limit %d", c.gcPercent, c.memoryLimit)
				}
			},
		},
		{
			name: "GOGC and GOMEMLIMIT keep their meaning", cmd: "serve",
			env: map[string]string{"GOGC": "100", "GOMEMLIMIT": "1GiB"},
			check: func(t *testing.T, c config) {
				if c.gcPercent != 0 || c.memoryLimit != 0 {
					t.Errorf("gc percent %d, memory limit %d; want the runtime's (0, 0)", c.gcPercent, c.memoryLimit)
				}
			},
		},
		{
			name: "collector settings", cmd: "serve",
			env:  map[string]string{"GOGC": "100", "KEMBANG_MEMORY_LIMIT": "1GiB"},
			args: []string{"--gc-percent", "800"},
			check: func(t *testing.T, c config) {
				if c.gcPercent != 800 || c.memoryLimit != 1<<30 {
					t.Errorf("gc percent %d, memory limit %d", c.gcPercent, c.memoryLimit)
				}
			},
		},
		{
			name: "in-flight default: 4 per CPU", cmd: "serve",
			check: func(t *testing.T, c config) {
				if want := 4 * runtime.GOMAXPROCS(0); c.maxInFlight != want {
					t.Errorf("max in flight %d, want %d", c.maxInFlight, want)
				}
			},
		},
		{
			name: "in-flight off", cmd: "serve", env: map[string]string{"KEMBANG_MAX_IN_FLIGHT": "0"},
			check: func(t *testing.T, c config) {
				if c.maxInFlight != 0 {
					t.Errorf("max in flight %d, want 0", c.maxInFlight)
				}
			},
		},
		{name: "in-flight negative", cmd: "serve", args: []string{"--max-in-flight", "-1"}, err: "KEMBANG_MAX_IN_FLIGHT"},
		{
			name: "node budget default", cmd: "serve",
			check: func(t *testing.T, c config) {
				if c.maxNodesInFlight != defaultMaxNodesInFlight {
					t.Errorf("max nodes in flight %d, want %d", c.maxNodesInFlight, defaultMaxNodesInFlight)
				}
			},
		},
		{
			name: "node budget from env, flag wins", cmd: "serve", env: map[string]string{"KEMBANG_MAX_NODES_IN_FLIGHT": "0"},
			args: []string{"--max-nodes-in-flight", "6000"},
			check: func(t *testing.T, c config) {
				if c.maxNodesInFlight != 6000 {
					t.Errorf("max nodes in flight %d, want 6000", c.maxNodesInFlight)
				}
			},
		},
		{name: "node budget negative", cmd: "serve", env: map[string]string{"KEMBANG_MAX_NODES_IN_FLIGHT": "-1"}, err: "KEMBANG_MAX_NODES_IN_FLIGHT"},
		{name: "gc percent too small", cmd: "serve", args: []string{"--gc-percent", "5"}, err: "KEMBANG_GC_PERCENT"},
		{name: "memory limit too small", cmd: "serve", env: map[string]string{"KEMBANG_MEMORY_LIMIT": "1MiB"}, err: "KEMBANG_MEMORY_LIMIT"},
		{name: "bad origin", cmd: "serve", args: []string{"--cors-origins", "localhost:3000"}, err: "KEMBANG_CORS_ORIGINS"},
		{name: "origin with path", cmd: "serve", args: []string{"--cors-origins", "https://a.go.id/app"}, err: "KEMBANG_CORS_ORIGINS"},
		{name: "bad log format", cmd: "serve", env: map[string]string{"KEMBANG_LOG_FORMAT": "xml"}, err: "KEMBANG_LOG_FORMAT"},
		{name: "bad log level", cmd: "migrate", env: map[string]string{"KEMBANG_LOG_LEVEL": "loud"}, err: "KEMBANG_LOG_LEVEL"},
		{name: "mysql url", cmd: "migrate", env: map[string]string{"DATABASE_URL": "mysql://root:secret@db/k"}, err: "postgres://"},
		{name: "no employees", cmd: "seed", args: []string{"--employees", "0"}, err: "KEMBANG_SEED_EMPLOYEES"},
		{name: "force is seed only", cmd: "serve", args: []string{"--force"}, err: "flag provided but not defined"},
		{name: "stray argument", cmd: "serve", args: []string{"--addr", ":1", "extra"}, err: "unexpected argument"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := parseConfig(tt.cmd, tt.args, env(tt.env), io.Discard)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want one containing %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, c)
		})
	}
}

// The error of a database URL must not show its password.
func TestParseConfigHidesPassword(t *testing.T) {
	_, err := parseConfig("migrate", nil, env(map[string]string{"DATABASE_URL": "mysql://root:s3cret@db/k"}), io.Discard)
	if err == nil || strings.Contains(err.Error(), "s3cret") {
		t.Fatalf("err = %v", err)
	}
}

func TestParseConfigHelp(t *testing.T) {
	var b strings.Builder
	_, err := parseConfig("serve", []string{"-h"}, env(nil), &b)
	if !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("err = %v, want flag.ErrHelp", err)
	}
	for _, want := range []string{"-addr", "KEMBANG_ADDR", "-cors-origins", "DATABASE_URL"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("usage lacks %q:\n%s", want, b.String())
		}
	}
}

func TestParseSize(t *testing.T) {
	for in, want := range map[string]int64{"1024": 1024, "1MiB": 1 << 20, "512 KiB": 512 << 10, "2KB": 2000, "10B": 10, "1GiB": 1 << 30} {
		if got, err := parseSize(in); err != nil || got != want {
			t.Errorf("parseSize(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "-1", "1TiB", "1.5MiB", "MiB", "2000GiB"} {
		if _, err := parseSize(in); err == nil {
			t.Errorf("parseSize(%q) succeeded", in)
		}
	}
}

func TestValidRequestID(t *testing.T) {
	for id, want := range map[string]bool{
		"abc-123":                     true,
		"0af7651916cd43dd8448eb211c8": true,
		"":                            false,
		"has space":                   false,
		"new\nline":                   false,
		strings.Repeat("a", 129):      false,
	} {
		if got := httpapi.ValidRequestID(id); got != want {
			t.Errorf("validRequestID(%q) = %v, want %v", id, got, want)
		}
	}
}
