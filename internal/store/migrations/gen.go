//go:build ignore

// Command gen writes the next versioned migration of each dialect from the
// ent schema. Run it from the store directory (go generate does):
//
//	go run ./migrations/gen.go [-name add_something] [-dialect sqlite|postgres|all]
//	go run ./migrations/gen.go -rehash   # after hand-editing a new migration
//
// For each dialect it replays the migrations already in
// migrations/<dialect> on a throw-away database, diffs the result against
// the ent schema (kembang/ent/migrate.Tables) with Atlas, and writes only
// the difference to migrations/<dialect>/NNNN_<name>.sql, updating
// atlas.sum. PostgreSQL ID sequences start one past their global-ID range
// start, as SQLite's do (see kembang/internal/store/internal/idstart). With no schema change it writes nothing, so running it twice
// leaves the tree unchanged.
//
// SQLite uses an in-memory database. PostgreSQL needs a server on which
// the generator may create and drop a database: $KEMBANG_DEV_POSTGRES_URL,
// by default postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable.
package main

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"log"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"text/template"
	"time"

	atlas "ariga.io/atlas/sql/migrate"
	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	"entgo.io/ent/dialect/sql/schema"
	_ "github.com/lib/pq"
	"modernc.org/sqlite"

	"kembang/ent/migrate"
	"kembang/internal/store/internal/idstart"
)

// defaultPostgres is the server used when $KEMBANG_DEV_POSTGRES_URL is unset.
const defaultPostgres = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

var fileName = regexp.MustCompile(`^([0-9]+)_([a-z0-9_]+)\.sql$`)

func main() {
	log.SetFlags(0)
	log.SetPrefix("internal/store/migrations/gen: ")
	var (
		name    = flag.String("name", "", "name of the new migration (lower case, digits, _); default init for the first, else changes")
		which   = flag.String("dialect", "all", "dialect to generate: sqlite, postgres or all")
		dir     = flag.String("dir", "migrations", "directory holding one migration directory per dialect")
		pgURL   = flag.String("postgres", envOr("KEMBANG_DEV_POSTGRES_URL", defaultPostgres), "PostgreSQL server on which a throw-away dev database is created")
		timeout = flag.Duration("timeout", 2*time.Minute, "give up after this long")
		rehash  = flag.Bool("rehash", false, "only rewrite atlas.sum, after editing a migration that is not applied anywhere yet")
	)
	flag.Parse()
	if *name != "" && !regexp.MustCompile(`^[a-z0-9_]+$`).MatchString(*name) {
		log.Fatalf("-name %q: use lower-case letters, digits and _", *name)
	}
	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	gens := map[string]func(context.Context, string, string) error{
		"sqlite":   genSQLite,
		"postgres": func(ctx context.Context, d, n string) error { return genPostgres(ctx, d, n, *pgURL) },
	}
	var dialects []string
	switch *which {
	case "all":
		dialects = []string{"sqlite", "postgres"}
	case "sqlite", "postgres":
		dialects = []string{*which}
	default:
		log.Fatalf("-dialect %q: want sqlite, postgres or all", *which)
	}
	for _, d := range dialects {
		path := filepath.Join(*dir, d)
		if *rehash {
			if err := rehashDir(path); err != nil {
				log.Fatalf("%s: %v", d, err)
			}
			continue
		}
		if err := gens[d](ctx, path, *name); err != nil {
			log.Fatalf("%s: %v", d, err)
		}
	}
}

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

// genSQLite diffs against an in-memory SQLite database.
func genSQLite(ctx context.Context, path, name string) error {
	sql.Register("sqlite3", &sqlite.Driver{})
	db, err := sql.Open("sqlite3", "file:dev?mode=memory&_pragma=foreign_keys(1)")
	if err != nil {
		return err
	}
	defer db.Close()
	// One connection that never closes: each connection to an in-memory
	// database has a database of its own.
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	db.SetConnMaxLifetime(0)
	db.SetConnMaxIdleTime(0)
	return diff(ctx, entsql.OpenDB(dialect.SQLite, db), path, name)
}

// genPostgres diffs against a database created for the purpose and
// dropped afterwards.
func genPostgres(ctx context.Context, path, name, server string) error {
	admin, err := sql.Open("postgres", server)
	if err != nil {
		return err
	}
	defer admin.Close()
	if err := admin.PingContext(ctx); err != nil {
		return fmt.Errorf("the PostgreSQL server (set $KEMBANG_DEV_POSTGRES_URL or -postgres) is needed to generate PostgreSQL migrations: %w", err)
	}
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		return err
	}
	dbName := "kembang_gen_" + hex.EncodeToString(b)
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+dbName); err != nil {
		return fmt.Errorf("creating dev database: %w", err)
	}
	defer func() {
		ctx := context.WithoutCancel(ctx)
		if _, err := admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+dbName+" WITH (FORCE)"); err != nil {
			log.Printf("postgres: dropping dev database %s: %v", dbName, err)
		}
	}()
	u, err := url.Parse(server)
	if err != nil {
		return err
	}
	u.Path = "/" + dbName
	db, err := sql.Open("postgres", u.String())
	if err != nil {
		return err
	}
	defer db.Close()
	return diff(ctx, entsql.OpenDB(dialect.Postgres, db), path, name)
}

// diff writes the next migration of the directory at path, if the ent
// schema differs from the state the directory builds.
func diff(ctx context.Context, drv dialect.Driver, path, name string) error {
	if err := os.MkdirAll(path, 0o755); err != nil {
		return err
	}
	dir, err := atlas.NewLocalDir(path)
	if err != nil {
		return err
	}
	next, err := nextVersion(path)
	if err != nil {
		return err
	}
	if name == "" {
		name = "changes"
		if next == 1 {
			name = "init"
		}
	}
	file := fmt.Sprintf("%04d_%s", next, name)
	// File name from the plan name; content as Atlas's default formatter.
	format := atlas.TemplateFormatter{{
		N: template.Must(template.New("name").Parse("{{ .Name }}.sql")),
		C: atlas.DefaultFormatter[0].C,
	}}
	err = migrate.NewSchema(drv).NamedDiff(ctx, file,
		schema.WithDir(dir),
		schema.WithFormatter(format),
		schema.WithMigrationMode(schema.ModeReplay),
		schema.WithDropColumn(true),
		schema.WithDropIndex(true),
		schema.WithDiffHook(idstart.Hook),
		schema.WithErrNoPlan(true),
	)
	switch {
	case errors.Is(err, atlas.ErrNoPlan):
		log.Printf("%s: up to date", path)
		return nil
	case err != nil:
		return err
	}
	log.Printf("%s: wrote %s.sql: review it before committing", path, file)
	return nil
}

// rehashDir rewrites the atlas.sum of the directory at path.
func rehashDir(path string) error {
	dir, err := atlas.NewLocalDir(path)
	if err != nil {
		return err
	}
	sum, err := dir.Checksum()
	if err != nil {
		return err
	}
	if err := atlas.WriteSumFile(dir, sum); err != nil {
		return err
	}
	log.Printf("%s: rewrote atlas.sum", path)
	return nil
}

// nextVersion returns 1 + the highest version in the directory.
func nextVersion(path string) (int, error) {
	entries, err := os.ReadDir(path)
	if err != nil {
		return 0, err
	}
	last := 0
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".sql") {
			continue
		}
		m := fileName.FindStringSubmatch(e.Name())
		if m == nil {
			return 0, fmt.Errorf("%s: name is not NNNN_name.sql", filepath.Join(path, e.Name()))
		}
		v, err := strconv.Atoi(m[1])
		if err != nil {
			return 0, err
		}
		last = max(last, v)
	}
	return last + 1, nil
}
