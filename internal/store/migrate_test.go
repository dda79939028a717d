package store_test

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"kembang/internal/access"
	"kembang/internal/audit"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	"entgo.io/ent/dialect/sql/schema"

	"kembang/ent"
	"kembang/ent/gid"
	"kembang/ent/migrate"
	"kembang/internal/store"
	"kembang/internal/store/internal/idstart"
	"kembang/internal/store/storetest"
)

// files returns the embedded migration files of db's dialect, in order.
func files(t *testing.T, db *store.DB) (fs.FS, []string) {
	t.Helper()
	fsys, err := db.Migrations()
	if err != nil {
		t.Fatal(err)
	}
	names, err := fs.Glob(fsys, "*.sql")
	if err != nil {
		t.Fatal(err)
	}
	if len(names) == 0 {
		t.Fatal("no embedded migrations")
	}
	slices.Sort(names)
	return fsys, names
}

// subset returns a file system with the named files of fsys and extra.
func subset(t *testing.T, fsys fs.FS, names []string, extra fstest.MapFS) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	for _, n := range names {
		b, err := fs.ReadFile(fsys, n)
		if err != nil {
			t.Fatal(err)
		}
		m[n] = &fstest.MapFile{Data: b}
	}
	for n, f := range extra {
		m[n] = f
	}
	return m
}

func TestMigrateFresh(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d, func(t *testing.T) {
			ctx := access.System(context.Background())
			db := storetest.OpenUnmigrated(t, d)
			_, names := files(t, db)
			pending, err := db.Pending(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(pending, names) {
				t.Errorf("Pending() on a blank database = %v, want %v", pending, names)
			}
			if err := db.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			if pending, err := db.Pending(ctx); err != nil || len(pending) != 0 {
				t.Errorf("Pending() after Migrate = %v, %v; want none", pending, err)
			}
			empty, err := db.Empty(ctx)
			if err != nil || !empty {
				t.Errorf("Empty() = %v, %v; want true", empty, err)
			}
			var n int
			if err := db.SQL.QueryRowContext(ctx, "SELECT count(*) FROM schema_migrations").Scan(&n); err != nil {
				t.Fatal(err)
			}
			if n != len(names) {
				t.Errorf("schema_migrations has %d rows, want %d", n, len(names))
			}
			newAgency(t, db.Client, "KMN")
			if empty, err := db.Empty(ctx); err != nil || empty {
				t.Errorf("Empty() with an agency = %v, %v; want false", empty, err)
			}
		})
	}
}

func TestMigrateTwice(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d, func(t *testing.T) {
			ctx := access.System(context.Background())
			db := storetest.Open(t, d)
			a := newAgency(t, db.Client, "KMN")
			var before string
			if err := db.SQL.QueryRowContext(ctx, "SELECT max(applied_at) FROM schema_migrations").Scan(&before); err != nil {
				t.Fatal(err)
			}
			for range 2 {
				if err := db.Migrate(ctx); err != nil {
					t.Fatalf("Migrate again: %v", err)
				}
			}
			var after string
			if err := db.SQL.QueryRowContext(ctx, "SELECT max(applied_at) FROM schema_migrations").Scan(&after); err != nil {
				t.Fatal(err)
			}
			if before != after {
				t.Errorf("Migrate on an up-to-date database applied something: last applied_at %s, then %s", before, after)
			}
			if _, err := db.Client.Agency.Get(ctx, a.ID); err != nil {
				t.Errorf("agency lost: %v", err)
			}
		})
	}
}

// synthetic returns a later migration that adds agencies.note, the way
// Atlas changes a table on each dialect: ALTER TABLE on PostgreSQL, a
// rebuild of the table (which others reference) on SQLite.
func synthetic(t *testing.T, db *store.DB) string {
	t.Helper()
	if db.Dialect == dialect.Postgres {
		return "-- Modify \"agencies\" table\nALTER TABLE \"agencies\" ADD COLUMN \"note\" text NOT NULL DEFAULT '';\n"
	}
	return rebuild(t, db, "agencies", "`note` text NOT NULL DEFAULT ('')")
}

// rebuild returns the SQLite migration Atlas writes to change a table:
// create new_<table> (with the extra column, if any), copy the rows, drop
// the table, rename new_<table>, create the indexes again.
func rebuild(t *testing.T, db *store.DB, table, extra string) string {
	t.Helper()
	ctx := access.System(context.Background())
	var create string
	err := db.SQL.QueryRowContext(ctx, "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", table).Scan(&create)
	if err != nil {
		t.Fatal(err)
	}
	create = strings.Replace(create, "CREATE TABLE `"+table+"` (", "CREATE TABLE `new_"+table+"` (", 1)
	if extra != "" {
		// Columns come before the constraints.
		i := strings.Index(create, ", CONSTRAINT")
		if i < 0 {
			i = strings.LastIndex(create, ")")
		}
		create = create[:i] + ", " + extra + create[i:]
	}
	rows, err := db.SQL.QueryContext(ctx, "SELECT name FROM pragma_table_info(?) ORDER BY cid", table)
	if err != nil {
		t.Fatal(err)
	}
	var cols []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			t.Fatal(err)
		}
		cols = append(cols, "`"+c+"`")
	}
	rows.Close()
	rows, err = db.SQL.QueryContext(ctx, "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL ORDER BY name", table)
	if err != nil {
		t.Fatal(err)
	}
	var indexes []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		indexes = append(indexes, s+";\n")
	}
	rows.Close()
	list := strings.Join(cols, ", ")
	return "-- Disable the enforcement of foreign-keys constraints\nPRAGMA foreign_keys = off;\n" +
		create + ";\n" +
		"INSERT INTO `new_" + table + "` (" + list + ") SELECT " + list + " FROM `" + table + "`;\n" +
		"DROP TABLE `" + table + "`;\n" +
		"ALTER TABLE `new_" + table + "` RENAME TO `" + table + "`;\n" +
		strings.Join(indexes, "") +
		"-- Enable back the enforcement of foreign-keys constraints\nPRAGMA foreign_keys = on;\n"
}

// TestSQLiteRebuildKeepsIDRange rebuilds an empty table, which drops its
// sqlite_sequence row: Migrate must restore the ID range.
func TestSQLiteRebuildKeepsIDRange(t *testing.T) {
	ctx := access.System(context.Background())
	db := storetest.Open(t, storetest.SQLite)
	fsys, names := files(t, db)
	a := newAgency(t, db.Client, "KMN")
	all := subset(t, fsys, names, fstest.MapFS{
		"9000_rebuild_units.sql": {Data: []byte(rebuild(t, db, "units", ""))},
	})
	if err := db.MigrateFS(ctx, all); err != nil {
		t.Fatal(err)
	}
	u, err := db.Client.Unit.Create().SetCode("DINKES").SetName("Dinas Kesehatan").SetAgencyID(a.ID).Save(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if tbl, _ := gid.Table(u.ID); tbl != "units" {
		t.Errorf("unit ID after rebuilding units = %d, in the range of %q; want units", u.ID, tbl)
	}
}

func TestMigrateUpgrade(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d, func(t *testing.T) {
			ctx := access.System(context.Background())
			db := storetest.OpenUnmigrated(t, d)
			fsys, names := files(t, db)
			// Apply all but the last file, or the only one.
			first := names[:max(1, len(names)-1)]
			if err := db.MigrateFS(ctx, subset(t, fsys, first, nil)); err != nil {
				t.Fatalf("migrating to %s: %v", first[len(first)-1], err)
			}
			a := newAgency(t, db.Client, "KMN")
			e := newEmployee(t, db.Client, a.ID, "198609262015051001")
			// Then the rest and a synthetic later migration.
			last, _ := strings.CutSuffix(names[len(names)-1], ".sql")
			var v int
			fmt.Sscanf(last, "%d", &v)
			next := fmt.Sprintf("%04d_add_agency_note.sql", v+1)
			extra := fstest.MapFS{next: {Data: []byte(synthetic(t, db))}}
			all := subset(t, fsys, names, extra)
			pending, err := db.PendingFS(ctx, all)
			if err != nil {
				t.Fatal(err)
			}
			if want := append(slices.Clone(names[len(first):]), next); !slices.Equal(pending, want) {
				t.Errorf("pending = %v, want %v", pending, want)
			}
			if err := db.MigrateFS(ctx, all); err != nil {
				t.Fatalf("upgrading: %v", err)
			}
			// The rows survived, and are still linked.
			got, err := db.Client.Employee.Query().WithAgency().Only(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if got.ID != e.ID || got.Edges.Agency == nil || got.Edges.Agency.Code != "KMN" {
				t.Errorf("after upgrade: employee %d of agency %+v; want %d of KMN", got.ID, got.Edges.Agency, e.ID)
			}
			var note string
			if err := db.SQL.QueryRowContext(ctx, "SELECT note FROM agencies WHERE code = 'KMN'").Scan(&note); err != nil {
				t.Errorf("new column: %v", err)
			}
			// Foreign keys are enforced again after the SQLite rebuild.
			if _, err := db.Client.Employee.Create().
				SetNip("199001012020011001").SetEmploymentType("PNS").SetFullName("Tanpa Instansi").
				SetAgencyID(a.ID + 999).Save(ctx); err == nil {
				t.Error("employee of a missing agency was saved after the upgrade")
			}
			if err := db.Client.Agency.DeleteOneID(a.ID).Exec(ctx); err == nil {
				t.Error("referenced agency was deleted after the upgrade")
			}
		})
	}
}

func TestMigrateRefusesChangedOrUnknown(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d, func(t *testing.T) {
			ctx := access.System(context.Background())
			db := storetest.Open(t, d)
			fsys, names := files(t, db)

			changed := subset(t, fsys, names, nil)
			changed[names[0]].Data = append(changed[names[0]].Data, []byte("\n-- edited\n")...)
			err := db.MigrateFS(ctx, changed)
			if err == nil || !strings.Contains(err.Error(), "changed") {
				t.Errorf("Migrate with an edited applied file: err = %v, want a checksum error", err)
			}

			later := subset(t, fsys, names, fstest.MapFS{
				"9000_later.sql": {Data: []byte("CREATE TABLE later_test (id integer PRIMARY KEY);")},
			})
			if err := db.MigrateFS(ctx, later); err != nil {
				t.Fatal(err)
			}
			err = db.Migrate(ctx)
			if err == nil || !strings.Contains(err.Error(), "9000_later.sql") {
				t.Errorf("Migrate of an older build: err = %v, want an unknown-migration error", err)
			}

			early := subset(t, fsys, names, fstest.MapFS{
				"9000_later.sql": later["9000_later.sql"],
				"8999_early.sql": {Data: []byte("SELECT 1;")},
			})
			if err := db.MigrateFS(ctx, early); err == nil {
				t.Error("Migrate applied a migration older than the last applied one")
			}
		})
	}
}

func TestMigrateFailureRollsBack(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d, func(t *testing.T) {
			ctx := access.System(context.Background())
			db := storetest.Open(t, d)
			fsys, names := files(t, db)
			bad := subset(t, fsys, names, fstest.MapFS{
				"9000_bad.sql": {Data: []byte("CREATE TABLE half_done (id integer PRIMARY KEY);\nTHIS IS NOT SQL;\n")},
			})
			if err := db.MigrateFS(ctx, bad); err == nil {
				t.Fatal("Migrate of a broken file succeeded")
			}
			pending, err := db.PendingFS(ctx, bad)
			if err != nil || !slices.Equal(pending, []string{"9000_bad.sql"}) {
				t.Errorf("after a failed migration, pending = %v, %v; want [9000_bad.sql]", pending, err)
			}
			if _, err := db.SQL.ExecContext(ctx, "SELECT * FROM half_done"); err == nil {
				t.Error("the failed migration's first statement was kept")
			}
		})
	}
}

// TestMigrationsMatchSchema checks that the migrations build exactly the
// schema ent describes: ent's own migration planner finds nothing to do.
func TestMigrationsMatchSchema(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d, func(t *testing.T) {
			ctx := access.System(context.Background())
			db := storetest.Open(t, d)
			var buf bytes.Buffer
			err := migrate.NewSchema(entsql.OpenDB(db.Dialect, db.SQL)).WriteTo(ctx, &buf,
				schema.WithDropColumn(true),
				schema.WithDropIndex(true),
				schema.WithDiffHook(idstart.Hook),
			)
			if err != nil {
				t.Fatal(err)
			}
			if s := strings.TrimSpace(buf.String()); s != "" {
				t.Errorf("the migrated database differs from the ent schema; run go generate ./internal/store. Changes:\n%s", s)
			}
		})
	}
}

// TestNameCollation checks that employee names are in byte order on
// PostgreSQL (collation "C", migration 0007, by hand: Atlas does not diff
// collations, so TestMigrationsMatchSchema cannot see it), so that one
// index serves a name prefix and the order by name (keyset.HasPrefix).
func TestNameCollation(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		if d != dialect.Postgres {
			continue
		}
		db := storetest.Open(t, d)
		var c sql.NullString
		err := db.SQL.QueryRowContext(context.Background(), `SELECT collation_name FROM information_schema.columns
WHERE table_schema = current_schema() AND table_name = 'employees' AND column_name = 'full_name'`).Scan(&c)
		if err != nil || c.String != "C" {
			t.Errorf("employees.full_name collation = %q, %v; want C", c.String, err)
		}
	}
}

// TestIDRanges checks that each table's IDs start in its global-ID range,
// one past the range start on both dialects, so that gid never sees a
// row number 0.
func TestIDRanges(t *testing.T) {
	// ent's codegen copies kembang/ent/internal.IncrementStarts here.
	starts := make(map[string]int64)
	for _, tbl := range migrate.Tables {
		if tbl.Annotation != nil && tbl.Annotation.IncrementStart != nil {
			starts[tbl.Name] = int64(*tbl.Annotation.IncrementStart)
		}
	}
	if len(starts) < 17 {
		t.Fatalf("only %d tables have an increment start", len(starts))
	}
	for _, d := range storetest.Dialects(t) {
		t.Run(d, func(t *testing.T) {
			ctx := access.System(context.Background())
			db := storetest.Open(t, d)
			for tbl, start := range starts {
				var next int64
				var err error
				if db.Dialect == dialect.Postgres {
					err = db.SQL.QueryRowContext(ctx,
						"SELECT start_value FROM pg_sequences WHERE sequencename = $1", tbl+"_id_seq").Scan(&next)
				} else {
					// The next ID is seq+1; no row means seq 0.
					err = db.SQL.QueryRowContext(ctx,
						"SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = ?), 0) + 1", tbl).Scan(&next)
				}
				if err != nil {
					t.Fatalf("%s: %v", tbl, err)
				}
				if next != start+1 {
					t.Errorf("%s: first ID %d, want %d", tbl, next, start+1)
				}
			}
			a := newAgency(t, db.Client, "KMN")
			e := newEmployee(t, db.Client, a.ID, "198609262015051001")
			for _, c := range []struct {
				table string
				id    int
			}{{"agencies", a.ID}, {"employees", e.ID}} {
				if want := int(starts[c.table]) + 1; c.id != want {
					t.Errorf("first %s ID = %d, want %d", c.table, c.id, want)
				}
				if tbl, ok := gid.Table(c.id); !ok || tbl != c.table {
					t.Errorf("gid.Table(%d) = %q, %v; want %q", c.id, tbl, ok, c.table)
				}
				if id, err := gid.Decode(gid.Encode(c.id)); err != nil || id != c.id {
					t.Errorf("gid round trip of %d = %d, %v", c.id, id, err)
				}
			}
		})
	}
}

// newAgency creates an agency or fails the test.
func newAgency(t testing.TB, c *ent.Client, code string) *ent.Agency {
	t.Helper()
	a, err := c.Agency.Create().
		SetCode(code).SetName("Pemerintah Kabupaten " + code).SetRegion("Jawa Tengah").
		Save(audit.WithoutTrail(access.System(context.Background())))
	if err != nil {
		t.Fatalf("creating agency %s: %v", code, err)
	}
	return a
}

// newEmployee creates a PNS employee or fails the test.
func newEmployee(t testing.TB, c *ent.Client, agencyID int, nip string) *ent.Employee {
	t.Helper()
	e, err := c.Employee.Create().
		SetNip(nip).SetEmploymentType("PNS").SetFullName("Siti Rahayu, S.Sos.").SetAgencyID(agencyID).
		Save(audit.WithoutTrail(access.System(context.Background())))
	if err != nil {
		t.Fatalf("creating employee %s: %v", nip, err)
	}
	return e
}

// TestMigrateConcurrently starts several processes' worth of Migrate on
// one PostgreSQL database at once: the advisory lock serializes them.
func TestMigrateConcurrently(t *testing.T) {
	ctx := access.System(context.Background())
	cfg := storetest.Config(t, storetest.Postgres)
	const n = 4
	dbs := make([]*store.DB, n)
	for i := range dbs {
		db, err := store.Open(ctx, cfg)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		dbs[i] = db
	}
	errs := make(chan error, n)
	for _, db := range dbs {
		go func() { errs <- db.Migrate(ctx) }()
	}
	for range n {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
	_, names := files(t, dbs[0])
	var count int
	if err := dbs[0].SQL.QueryRowContext(ctx, "SELECT count(*) FROM schema_migrations").Scan(&count); err != nil {
		t.Fatal(err)
	}
	if count != len(names) {
		t.Errorf("schema_migrations has %d rows, want %d", count, len(names))
	}
}
