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

// InRecovery runs SELECT pg_is_in_recovery() through the ent client's
// driver, routed as the client's reads are: true when a replica served it.
func (db *DB) InRecovery(ctx context.Context) (bool, error) {
	var drv dialect.Driver = db.drv
	if db.rt != nil {
		drv = db.rt
	}
	var rows entsql.Rows
	if err := drv.Query(ctx, "SELECT pg_is_in_recovery()", []any{}, &rows); err != nil {
		return false, err
	}
	defer rows.Close()
	var in bool
	if !rows.Next() {
		return false, rows.Err()
	}
	err := rows.Scan(&in)
	return in, err
}
