package store

import (
	"context"
	"io/fs"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"

	"kembang/ent"
)

// MigrateFS applies the migrations of fsys instead of the embedded ones.
func (db *DB) MigrateFS(ctx context.Context, fsys fs.FS) error { return db.migrate(ctx, fsys) }

// PendingFS lists the migrations of fsys not applied yet.
func (db *DB) PendingFS(ctx context.Context, fsys fs.FS) ([]string, error) {
	return db.pending(ctx, fsys)
}

// Migrations returns the embedded migrations of the database's dialect.
func (db *DB) Migrations() (fs.FS, error) { return db.migrations() }

// CheckRefs is the check of refsHook, for measuring it alone.
func (db *DB) CheckRefs(ctx context.Context, m ent.Mutation) error {
	return checkRefs(ctx, db.Dialect, m)
}

// Routed runs a query of one text column through the ent client's
// driver, routed as the client's reads are, and returns its first row.
func (db *DB) Routed(ctx context.Context, query string) (string, error) {
	var drv dialect.Driver = db.drv
	if db.rt != nil {
		drv = db.rt
	}
	var rows entsql.Rows
	if err := drv.Query(ctx, query, []any{}, &rows); err != nil {
		return "", err
	}
	defer rows.Close()
	var out string
	if !rows.Next() {
		return "", rows.Err()
	}
	err := rows.Scan(&out)
	return out, err
}

// RecordNouns returns the nouns the classifier's messages use for table
// name: its singular and its plural.
func RecordNouns(name string) (singularNoun, pluralNoun string) {
	return singular(name), words(name)
}
