package store

import (
	"cmp"
	"context"
	"crypto/sha256"
	"database/sql"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"ariga.io/atlas/sql/migrate"
	"entgo.io/ent/dialect"

	entmigrate "kembang/ent/migrate"
)

// migrations holds the versioned schema migrations of both dialects,
// generated from the ent schema by migrations/gen.go.
//
//go:embed migrations/postgres/*.sql migrations/sqlite/*.sql
var migrations embed.FS

// lockID is the PostgreSQL advisory lock that serializes Migrate calls of
// several processes ("kembang" in ASCII).
const lockID = 0x6b656d62616e67

// migration is one migration file.
type migration struct {
	version  int64
	name     string // file name
	sql      string
	checksum string // hex SHA-256 of the file
}

// applied is a row of schema_migrations.
type applied struct {
	version  int64
	name     string
	checksum string
}

// Migrate applies the pending migrations embedded for the database's
// dialect, in version order, each in its own transaction, and records
// them in schema_migrations. It refuses to run if a migration already
// applied was changed or if the database holds migrations this build does
// not know. It is idempotent and meant to be called at every start.
func (db *DB) Migrate(ctx context.Context) error {
	fsys, err := db.migrations()
	if err != nil {
		return fmt.Errorf("store: migrate: %w", err)
	}
	if err := db.migrate(ctx, fsys); err != nil {
		return fmt.Errorf("store: migrate: %w", err)
	}
	return nil
}

// Pending returns the names of the embedded migrations not applied yet.
func (db *DB) Pending(ctx context.Context) ([]string, error) {
	fsys, err := db.migrations()
	if err != nil {
		return nil, fmt.Errorf("store: pending: %w", err)
	}
	names, err := db.pending(ctx, fsys)
	if err != nil {
		return nil, fmt.Errorf("store: pending: %w", err)
	}
	return names, nil
}

// migrations returns the migration directory of the dialect.
func (db *DB) migrations() (fs.FS, error) {
	dir := "migrations/sqlite"
	if db.Dialect == dialect.Postgres {
		dir = "migrations/postgres"
	}
	return fs.Sub(migrations, dir)
}

// pending lists the migrations of fsys that are not applied.
func (db *DB) pending(ctx context.Context, fsys fs.FS) ([]string, error) {
	ms, err := readMigrations(fsys)
	if err != nil {
		return nil, err
	}
	conn, err := db.SQL.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	done, err := db.applied(ctx, conn)
	if err != nil {
		return nil, err
	}
	todo, err := plan(ms, done)
	if err != nil {
		return nil, err
	}
	names := make([]string, len(todo))
	for i, m := range todo {
		names[i] = m.name
	}
	return names, nil
}

// migrate applies the pending migrations of fsys.
func (db *DB) migrate(ctx context.Context, fsys fs.FS) (err error) {
	ms, err := readMigrations(fsys)
	if err != nil {
		return err
	}
	// Pin one connection: session settings (advisory lock, SQLite's
	// foreign_keys pragma) must hold for every statement.
	conn, err := db.SQL.Conn(ctx)
	if err != nil {
		return Classify(err)
	}
	defer conn.Close()
	if db.Dialect == dialect.Postgres {
		// Migrations, and waiting for another process's, may take longer
		// than requests are allowed to.
		if _, err := conn.ExecContext(ctx, "SET statement_timeout = 0"); err != nil {
			return Classify(err)
		}
		if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock($1)", lockID); err != nil {
			return fmt.Errorf("locking: %w", err)
		}
		defer func() {
			// A fresh context: unlock even if ctx was cancelled.
			ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
			defer cancel()
			if _, uerr := conn.ExecContext(ctx, "SELECT pg_advisory_unlock($1)", lockID); uerr != nil {
				err = errors.Join(err, fmt.Errorf("unlocking: %w", uerr))
			}
			// Back to the timeout of the connection's options.
			if _, uerr := conn.ExecContext(ctx, "RESET statement_timeout"); uerr != nil {
				err = errors.Join(err, uerr)
			}
		}()
	}
	if _, err := conn.ExecContext(ctx, db.createMigrationsTable()); err != nil {
		return fmt.Errorf("creating schema_migrations: %w", err)
	}
	done, err := db.applied(ctx, conn)
	if err != nil {
		return err
	}
	todo, err := plan(ms, done)
	if err != nil {
		return err
	}
	for _, m := range todo {
		if err := db.apply(ctx, conn, m); err != nil {
			return fmt.Errorf("%s: %w", m.name, err)
		}
	}
	return nil
}

// createMigrationsTable returns the DDL of schema_migrations.
func (db *DB) createMigrationsTable() string {
	if db.Dialect == dialect.Postgres {
		return `CREATE TABLE IF NOT EXISTS schema_migrations (
	version bigint PRIMARY KEY,
	name text NOT NULL,
	applied_at timestamptz NOT NULL,
	checksum text NOT NULL
)`
	}
	return `CREATE TABLE IF NOT EXISTS schema_migrations (
	version integer PRIMARY KEY,
	name text NOT NULL,
	applied_at datetime NOT NULL,
	checksum text NOT NULL
)`
}

// applied reads schema_migrations; a missing table means nothing applied.
func (db *DB) applied(ctx context.Context, conn *sql.Conn) (map[int64]applied, error) {
	exists, err := db.tableExists(ctx, conn, "schema_migrations")
	if err != nil || !exists {
		return nil, err
	}
	rows, err := conn.QueryContext(ctx, "SELECT version, name, checksum FROM schema_migrations")
	if err != nil {
		return nil, fmt.Errorf("reading schema_migrations: %w", err)
	}
	defer rows.Close()
	done := make(map[int64]applied)
	for rows.Next() {
		var a applied
		if err := rows.Scan(&a.version, &a.name, &a.checksum); err != nil {
			return nil, fmt.Errorf("reading schema_migrations: %w", err)
		}
		done[a.version] = a
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reading schema_migrations: %w", err)
	}
	return done, nil
}

// tableExists reports whether the table exists in the current schema.
func (db *DB) tableExists(ctx context.Context, conn *sql.Conn, table string) (bool, error) {
	q := "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?"
	if db.Dialect == dialect.Postgres {
		q = "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = $1"
	}
	var n int
	if err := conn.QueryRowContext(ctx, q, table).Scan(&n); err != nil {
		return false, fmt.Errorf("looking for table %s: %w", table, err)
	}
	return n > 0, nil
}

// apply runs one migration and records it, in one transaction.
func (db *DB) apply(ctx context.Context, conn *sql.Conn, m migration) (err error) {
	stmts, err := db.statements(m.sql)
	if err != nil {
		return fmt.Errorf("splitting statements: %w", err)
	}
	if db.Dialect == dialect.SQLite {
		// SQLite ignores PRAGMA foreign_keys inside a transaction, and
		// Atlas rebuilds a table to change it (create new, copy, drop old,
		// rename). Follow https://www.sqlite.org/lang_altertable.html:
		// switch foreign keys off around the transaction, and check them
		// before committing.
		if _, err := conn.ExecContext(ctx, "PRAGMA foreign_keys = off"); err != nil {
			return err
		}
		defer func() {
			ctx := context.WithoutCancel(ctx)
			if _, ferr := conn.ExecContext(ctx, "PRAGMA foreign_keys = on"); ferr != nil {
				err = errors.Join(err, ferr)
			}
		}()
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			err = errors.Join(err, tx.Rollback())
		}
	}()
	for i, s := range stmts {
		if db.Dialect == dialect.SQLite && isForeignKeysPragma(s.Text) {
			continue // handled around the transaction
		}
		if _, err := tx.ExecContext(ctx, s.Text); err != nil {
			return fmt.Errorf("statement %d: %w", i+1, err)
		}
	}
	if db.Dialect == dialect.SQLite {
		if err := keepIDRanges(ctx, tx); err != nil {
			return err
		}
		if err := foreignKeyCheck(ctx, tx); err != nil {
			return err
		}
	}
	insert := "INSERT INTO schema_migrations (version, name, applied_at, checksum) VALUES (?, ?, ?, ?)"
	if db.Dialect == dialect.Postgres {
		insert = "INSERT INTO schema_migrations (version, name, applied_at, checksum) VALUES ($1, $2, $3, $4)"
	}
	if _, err := tx.ExecContext(ctx, insert, m.version, m.name, time.Now().UTC(), m.checksum); err != nil {
		return fmt.Errorf("recording: %w", err)
	}
	return tx.Commit()
}

// statements splits a migration file as Atlas's driver of the dialect
// does (comments, quoting, BEGIN ... END blocks, dollar quotes).
func (db *DB) statements(text string) ([]*migrate.Stmt, error) {
	opts := migrate.ScannerOptions{MatchBegin: true}
	if db.Dialect == dialect.Postgres {
		opts.MatchBeginAtomic = true
		opts.MatchDollarQuote = true
		opts.EscapedStringExt = true
	}
	return (&migrate.Scanner{ScannerOptions: opts}).Scan(text)
}

// isForeignKeysPragma reports whether s is PRAGMA foreign_keys = on/off.
func isForeignKeysPragma(s string) bool {
	f := strings.Fields(strings.ToLower(strings.TrimSuffix(strings.TrimSpace(s), ";")))
	return len(f) >= 2 && f[0] == "pragma" && strings.HasPrefix(f[1], "foreign_keys")
}

// keepIDRanges makes sure the next ID of every ent table with a global-ID
// range lies in that range. A SQLite table rebuild (create new, copy,
// drop old, rename) loses the table's sqlite_sequence row, so an empty
// rebuilt table would number its rows from 1 again.
func keepIDRanges(ctx context.Context, tx *sql.Tx) error {
	var n int
	err := tx.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_sequence'").Scan(&n)
	if err != nil || n == 0 {
		return err
	}
	for _, t := range entmigrate.Tables {
		if t.Annotation == nil || t.Annotation.IncrementStart == nil || *t.Annotation.IncrementStart <= 0 {
			continue
		}
		start := *t.Annotation.IncrementStart
		var auto int
		err := tx.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ? AND sql LIKE '%AUTOINCREMENT%'", t.Name).Scan(&auto)
		if err != nil {
			return err
		}
		if auto == 0 {
			continue // not created yet
		}
		if _, err := tx.ExecContext(ctx, "UPDATE sqlite_sequence SET seq = ? WHERE name = ? AND seq < ?", start, t.Name, start); err != nil {
			return fmt.Errorf("keeping the ID range of %s: %w", t.Name, err)
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO sqlite_sequence (name, seq) SELECT ?, ? WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = ?)", t.Name, start, t.Name); err != nil {
			return fmt.Errorf("keeping the ID range of %s: %w", t.Name, err)
		}
	}
	return nil
}

// foreignKeyCheck fails if a migration left dangling references.
func foreignKeyCheck(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, "PRAGMA foreign_key_check")
	if err != nil {
		return err
	}
	defer rows.Close()
	if rows.Next() {
		var (
			table  string
			rowid  sql.NullInt64
			parent string
			fk     int
		)
		if err := rows.Scan(&table, &rowid, &parent, &fk); err != nil {
			return err
		}
		return fmt.Errorf("foreign key check: a row of %s refers to a missing row of %s", table, parent)
	}
	return rows.Err()
}

// readMigrations reads the migration files of fsys in version order.
func readMigrations(fsys fs.FS) ([]migration, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".sql") {
			continue
		}
		v, ok := version(e.Name())
		if !ok {
			return nil, fmt.Errorf("migration %q: name is not version_name.sql", e.Name())
		}
		b, err := fs.ReadFile(fsys, e.Name())
		if err != nil {
			return nil, err
		}
		sum := sha256.Sum256(b)
		ms = append(ms, migration{version: v, name: e.Name(), sql: string(b), checksum: hex.EncodeToString(sum[:])})
	}
	slices.SortFunc(ms, func(a, b migration) int { return cmp.Compare(a.version, b.version) })
	for i := 1; i < len(ms); i++ {
		if ms[i].version == ms[i-1].version {
			return nil, fmt.Errorf("migrations %q and %q have the same version", ms[i-1].name, ms[i].name)
		}
	}
	return ms, nil
}

// version parses the version of a file named version_name.sql, where
// version is a positive decimal number and name has lower-case letters,
// digits and underscores.
func version(file string) (int64, bool) {
	base, ok := strings.CutSuffix(file, ".sql")
	if !ok {
		return 0, false
	}
	num, name, ok := strings.Cut(base, "_")
	if !ok || num == "" || name == "" || strings.Trim(name, "abcdefghijklmnopqrstuvwxyz0123456789_") != "" {
		return 0, false
	}
	if strings.Trim(num, "0123456789") != "" {
		return 0, false
	}
	v, err := strconv.ParseInt(num, 10, 64)
	if err != nil || v <= 0 {
		return 0, false
	}
	return v, true
}

// plan checks the applied migrations against the files and returns the
// files to apply.
func plan(ms []migration, done map[int64]applied) ([]migration, error) {
	known := make(map[int64]bool, len(ms))
	var todo []migration
	for _, m := range ms {
		known[m.version] = true
		a, ok := done[m.version]
		switch {
		case !ok:
			todo = append(todo, m)
		case a.checksum != m.checksum:
			return nil, fmt.Errorf("migration %s was changed after it was applied (checksum %.12s, applied %.12s): add a new migration instead", m.name, m.checksum, a.checksum)
		}
	}
	var unknown []string
	for v, a := range done {
		if !known[v] {
			unknown = append(unknown, a.name)
		}
	}
	if len(unknown) > 0 {
		slices.Sort(unknown)
		return nil, fmt.Errorf("database has migrations this build does not know (%s): is it newer than this program?", strings.Join(unknown, ", "))
	}
	if len(todo) > 0 && len(done) > 0 {
		last := slices.Max(slices.Collect(maps.Keys(done)))
		if todo[0].version < last {
			return nil, fmt.Errorf("migration %s is older than the last applied one (version %d): renumber it", todo[0].name, last)
		}
	}
	return todo, nil
}
