package store_test

import (
	"context"
	"errors"
	"kembang/internal/access"
	"strings"
	"testing"
	"time"

	"entgo.io/ent/dialect"

	"kembang/ent"
	"kembang/ent/gid"
	"kembang/ent/migrate"
	"kembang/internal/fault"
	"kembang/internal/lang"
	"kembang/internal/store"
	"kembang/internal/store/storetest"
)

// leaks lists words of driver or SQL text that must not reach clients.
var leaks = []string{"UNIQUE", "unique", "constraint", "pq:", "SQL", "sqlite", "duplicate", "violates", "INSERT", "DELETE", "FOREIGN"}

// wantFault checks that err is a *fault.Error with the code, message and
// field, whose text leaks nothing of the driver.
func wantFault(t *testing.T, what string, err error, code fault.Code, field, msg string) {
	t.Helper()
	f, ok := fault.As(err)
	if !ok {
		t.Errorf("%s: err = %v (%T), want a *fault.Error", what, err, err)
		return
	}
	if f.Code != code || f.Field != field || f.Msg != msg {
		t.Errorf("%s: got {%s %q %q}, want {%s %q %q}", what, f.Code, f.Field, f.Msg, code, field, msg)
	}
	for _, w := range leaks {
		if strings.Contains(f.Error(), w) {
			t.Errorf("%s: message %q leaks %q", what, f.Error(), w)
		}
	}
	if f.Err == nil {
		t.Errorf("%s: the driver error is lost", what)
	}
}

func TestClassifyMutations(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d, func(t *testing.T) {
			ctx := access.System(context.Background())
			db := storetest.Open(t, d)
			c := db.Client
			a := newAgency(t, c, "KMN")
			newEmployee(t, c, a.ID, "198609262015051001")

			_, err := c.Agency.Create().SetCode("KMN").SetName("Lagi").SetRegion("Bali").Save(ctx)
			wantFault(t, "duplicate agency code", err, fault.Conflict, "code", "an agency with this code already exists")
			if !ent.IsConstraintError(err) {
				t.Errorf("ent.IsConstraintError(%v) = false after classification", err)
			}

			_, err = c.Employee.Create().SetNip("198609262015051001").SetEmploymentType("PNS").
				SetFullName("Kembar").SetAgencyID(a.ID).Save(ctx)
			wantFault(t, "duplicate nip", err, fault.Conflict, "nip", "an employee with this nip already exists")

			if _, err := c.Unit.Create().SetCode("DINKES").SetName("Dinas Kesehatan").SetAgencyID(a.ID).Save(ctx); err != nil {
				t.Fatal(err)
			}
			_, err = c.Unit.Create().SetCode("DINKES").SetName("Dinas Kesehatan 2").SetAgencyID(a.ID).Save(ctx)
			wantFault(t, "duplicate unit code in an agency", err, fault.Conflict, "code", "a unit with this agency and code already exists")

			err = c.Agency.DeleteOneID(a.ID).Exec(ctx)
			if d == storetest.Postgres {
				// PostgreSQL names the referencing table; the first of the
				// agency's referrers it checks may be units or employees.
				f, _ := fault.As(err)
				if f == nil || f.Msg != "the agency is still referenced by units" && f.Msg != "the agency is still referenced by employees" {
					t.Errorf("delete referenced agency: err = %v", err)
				}
				wantFault(t, "delete referenced agency", err, fault.Conflict, "", f.Msg)
			} else {
				wantFault(t, "delete referenced agency", err, fault.Conflict, "", "the agency is still referenced by other records")
			}

			// Rows a mutation names are looked up before it runs.
			missing := a.ID + 1000
			_, err = c.Employee.Create().SetNip("199203152019032002").SetEmploymentType("PNS").
				SetFullName("Tanpa Instansi").SetAgencyID(missing).Save(ctx)
			if f, ok := fault.As(err); !ok || f.Code != fault.NotFound || f.Field != "agencyID" || f.ID != missing ||
				f.Msg != "no agency with ID "+gid.Encode(missing) {
				t.Errorf("employee of a missing agency: err = %#v", err)
			}

			// The same inside a transaction, as entgql.Transactioner runs
			// mutations.
			tx, err := c.Tx(ctx)
			if err != nil {
				t.Fatal(err)
			}
			_, err = tx.Agency.Create().SetCode("KMN").SetName("Lagi").SetRegion("Bali").Save(ctx)
			wantFault(t, "duplicate in a transaction", err, fault.Conflict, "code", "an agency with this code already exists")
			if err := tx.Rollback(); err != nil {
				t.Fatal(err)
			}

			// Errors of ent's own validators name the field as the API
			// does, and stay ent's validation errors.
			_, err = c.Agency.Create().SetCode("bad code!").SetName("X").SetRegion("Y").Save(ctx)
			wantFault(t, "invalid code", err, fault.BadInput, "code", "value does not match validation")
			if !ent.IsValidationError(err) {
				t.Errorf("validation error became %v (%T)", err, err)
			}
		})
	}
}

// TestClassifyRaw classifies errors of statements run outside ent's
// mutations, where the operation must be guessed from the error.
func TestClassifyRaw(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d, func(t *testing.T) {
			ctx := access.System(context.Background())
			db := storetest.Open(t, d)
			a := newAgency(t, db.Client, "KMN")
			newEmployee(t, db.Client, a.ID, "198609262015051001")
			q := func(s string) string {
				if db.Dialect == dialect.Postgres {
					return s
				}
				return strings.ReplaceAll(s, "$", "?") // numbered parameters

			}
			now := time.Now()

			_, err := db.SQL.ExecContext(ctx, q("INSERT INTO agencies (created_at, updated_at, code, name, region) VALUES ($1, $1, 'KMN', 'X', 'Y')"), now)
			wantFault(t, "raw duplicate", store.Classify(err), fault.Conflict, "code", "an agency with this code already exists")

			_, err = db.SQL.ExecContext(ctx, q("INSERT INTO agencies (id, created_at, updated_at, code, name, region) VALUES ($1, $2, $2, 'OTHER', 'X', 'Y')"), a.ID, now)
			wantFault(t, "raw duplicate ID", store.Classify(err), fault.Conflict, "id", "an agency with this ID already exists")

			_, err = db.SQL.ExecContext(ctx, q("INSERT INTO units (created_at, updated_at, code, name, agency_id) VALUES ($1, $1, 'U', 'U', $2)"), now, a.ID+1000)
			if d == storetest.Postgres {
				wantFault(t, "raw missing reference", store.Classify(err), fault.NotFound, "agencyID", "the agency does not exist")
			} else {
				wantFault(t, "raw missing reference", store.Classify(err), fault.Conflict, "", "a related record is missing or still refers to this one")
			}

			_, err = db.SQL.ExecContext(ctx, q("DELETE FROM agencies WHERE id = $1"), a.ID)
			if d == storetest.Postgres {
				wantFault(t, "raw delete of a referenced row", store.Classify(err), fault.Conflict, "", "the agency is still referenced by employees")
			} else {
				wantFault(t, "raw delete of a referenced row", store.Classify(err), fault.Conflict, "", "a related record is missing or still refers to this one")
			}

			_, err = db.SQL.ExecContext(ctx, q("INSERT INTO agencies (created_at, updated_at, code, name, region) VALUES ($1, $1, 'NEW', NULL, 'Y')"), now)
			wantFault(t, "raw not null", store.Classify(err), fault.BadInput, "name", "is required")

			other := errors.New("something else")
			if got := store.Classify(other); got != other {
				t.Errorf("Classify(other) = %v, want it unchanged", got)
			}
			if store.Classify(nil) != nil {
				t.Error("Classify(nil) != nil")
			}
			f := fault.Conflictf("already classified")
			if got := store.Classify(f); got != error(f) {
				t.Errorf("Classify(*fault.Error) = %v, want it unchanged", got)
			}
		})
	}
}

func TestClassifyUnavailable(t *testing.T) {
	ctx := access.System(context.Background())
	t.Run("refused", func(t *testing.T) {
		// Nothing listens on port 1.
		_, err := store.Open(ctx, store.Config{DatabaseURL: "postgres://postgres@127.0.0.1:1/x?sslmode=disable&connect_timeout=2"})
		f, ok := fault.As(err)
		if !ok || f.Code != fault.Unavailable {
			t.Errorf("Open of an unreachable server: err = %v, want UNAVAILABLE", err)
		}
		if ok && strings.Contains(f.Error(), "127.0.0.1") {
			t.Errorf("message leaks the address: %q", f.Error())
		}
	})
	t.Run("statement timeout", func(t *testing.T) {
		cfg := storetest.Config(t, storetest.Postgres)
		cfg.StatementTimeout = 100 * time.Millisecond
		db, err := store.Open(ctx, cfg)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if err := db.Migrate(ctx); err != nil {
			t.Fatalf("Migrate with a short statement timeout: %v", err)
		}
		var v string
		if err := db.SQL.QueryRowContext(ctx, "SHOW statement_timeout").Scan(&v); err != nil || v != "100ms" {
			t.Errorf("statement_timeout = %q, %v; want 100ms", v, err)
		}
		// serverOptions: JIT stays off on every connection of the pool.
		if err := db.SQL.QueryRowContext(ctx, "SHOW jit").Scan(&v); err != nil || v != "off" {
			t.Errorf("jit = %q, %v; want off", v, err)
		}
		_, err = db.Client.ExecContext(ctx, "SELECT pg_sleep(2)")
		wantFault(t, "slow statement", store.Classify(err), fault.Unavailable, "", "the database took too long to answer")
	})
}

func TestOpen(t *testing.T) {
	ctx := access.System(context.Background())
	if _, err := store.Open(ctx, store.Config{DatabaseURL: "mysql://localhost/x"}); err == nil {
		t.Error("Open accepted a mysql URL")
	}
	dir := t.TempDir() + "/nested/data"
	db, err := store.Open(ctx, store.Config{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if db.Dialect != dialect.SQLite {
		t.Errorf("Dialect = %q, want %q", db.Dialect, dialect.SQLite)
	}
	if err := db.Ping(ctx); err != nil {
		t.Error(err)
	}
	for pragma, want := range map[string]string{"foreign_keys": "1", "journal_mode": "wal", "busy_timeout": "5000"} {
		var got string
		if err := db.SQL.QueryRowContext(ctx, "PRAGMA "+pragma).Scan(&got); err != nil || got != want {
			t.Errorf("PRAGMA %s = %q, %v; want %q", pragma, got, err, want)
		}
	}
	if n := db.SQL.Stats().MaxOpenConnections; n != 1 {
		t.Errorf("SQLite MaxOpenConnections = %d, want 1", n)
	}
}

// TestRecordNounsTranslated checks that every kind of record the
// constraint messages may name (the tables' singular and plural, the
// types' words as gid.NotFound writes them) has its Indonesian noun: a new
// entity fails here until its nouns are added to internal/lang/id.go.
func TestRecordNounsTranslated(t *testing.T) {
	for _, tbl := range migrate.Tables {
		one, many := store.RecordNouns(tbl.Name)
		nouns := []string{one, many}
		if typ, ok := ent.TableType(tbl.Name); ok {
			nouns = append(nouns, gid.Words(typ))
		}
		for _, n := range nouns {
			if !lang.NounTranslated(lang.Indonesian, n) {
				t.Errorf("table %s: no Indonesian noun for %q in internal/lang/id.go", tbl.Name, n)
			}
		}
	}
}
