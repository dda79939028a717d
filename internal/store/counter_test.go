package store_test

import (
	"context"
	"errors"
	"fmt"
	"kembang/internal/access"
	"kembang/internal/audit"
	"sync"
	"testing"
	"time"

	"kembang/ent"
	"kembang/ent/agency"
	"kembang/internal/store"
	"kembang/internal/store/storetest"
)

func TestCounter(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d, func(t *testing.T) {
			db := storetest.Open(t, d)
			a := newAgency(t, db.Client, "KMN")
			newEmployee(t, db.Client, a.ID, "198609262015051001")
			newEmployee(t, db.Client, a.ID, "199203152019032002")

			total := db.Statements()
			ctx, c := store.WithCounter(audit.WithoutTrail(access.System(context.Background())))
			check := func(what string, want int64) {
				t.Helper()
				if got := c.Count(); got != want {
					t.Errorf("after %s: Count() = %d, want %d", what, got, want)
				}
			}

			if _, err := db.Client.Agency.Query().All(ctx); err != nil {
				t.Fatal(err)
			}
			check("one query", 1)

			// Eager loading: a statement per level of edges loaded apart;
			// the employees' agency, a to-one edge, is joined in their
			// statement (internal/entx/tojoin): two in all.
			if _, err := db.Client.Agency.Query().WithEmployees(func(q *ent.EmployeeQuery) {
				q.WithAgency()
			}).All(ctx); err != nil {
				t.Fatal(err)
			}
			check("a three-level query", 3)

			// Statements inside a transaction count; BEGIN and COMMIT do not.
			tx, err := db.Client.Tx(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := tx.Agency.Create().SetCode("SLM").SetName("Pemerintah Kota Salam").SetRegion("Jawa Tengah").Save(ctx); err != nil {
				t.Fatal(err)
			}
			if _, err := tx.Agency.Query().Count(ctx); err != nil {
				t.Fatal(err)
			}
			if err := tx.Commit(); err != nil {
				t.Fatal(err)
			}
			check("a transaction of two statements", 5)

			// BeginTx and the ExecQuery feature go through the counter too.
			tx, err = db.Client.BeginTx(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			rows, err := tx.QueryContext(ctx, "SELECT count(*) FROM agencies")
			if err != nil {
				t.Fatal(err)
			}
			rows.Close()
			if err := tx.Rollback(); err != nil {
				t.Fatal(err)
			}
			if _, err := db.Client.ExecContext(ctx, "UPDATE agencies SET region = region"); err != nil {
				t.Fatal(err)
			}
			check("raw statements", 7)

			// A nested counter counts for itself and its parent.
			inner, c2 := store.WithCounter(ctx)
			if _, err := db.Client.Employee.Query().Count(inner); err != nil {
				t.Fatal(err)
			}
			if c2.Count() != 1 {
				t.Errorf("nested Count() = %d, want 1", c2.Count())
			}
			check("a nested query", 8)
			if got, ok := store.CounterFrom(inner); !ok || got != c2 {
				t.Errorf("CounterFrom(inner) = %p, %v; want %p", got, ok, c2)
			}

			// Without a counter, only the total moves.
			if _, err := db.Client.Agency.Query().All(access.System(context.Background())); err != nil {
				t.Fatal(err)
			}
			check("a query without counter", 8)
			if got := db.Statements() - total; got != 9 {
				t.Errorf("Statements() grew by %d, want 9", got)
			}
		})
	}
}

// TestConcurrentTransactions runs transactions from many goroutines, the
// way entgql.Transactioner runs mutations: none may fail with a lock
// error, on SQLite's single connection either.
func TestConcurrentTransactions(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d, func(t *testing.T) {
			db := storetest.Open(t, d)
			const n = 16
			var wg sync.WaitGroup
			errs := make(chan error, n)
			for i := range n {
				wg.Go(func() {
					ctx := access.System(context.Background())
					tx, err := db.Client.Tx(ctx)
					if err != nil {
						errs <- err
						return
					}
					code := fmt.Sprintf("A%02d", i)
					if _, err := tx.Agency.Create().SetCode(code).SetName("Instansi " + code).SetRegion("Bali").Save(ctx); err != nil {
						errs <- fmt.Errorf("%s: %w", code, errors.Join(err, tx.Rollback()))
						return
					}
					if _, err := tx.Agency.Query().Count(ctx); err != nil {
						errs <- errors.Join(err, tx.Rollback())
						return
					}
					errs <- tx.Commit()
				})
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				if err != nil {
					t.Error(err)
				}
			}
		})
	}
}

// TestSQLiteTimesInUTC checks that times in other zones are stored in
// UTC on SQLite, so range filters compare instants, not text.
func TestSQLiteTimesInUTC(t *testing.T) {
	ctx := access.System(context.Background())
	db := storetest.Open(t, storetest.SQLite)
	wib := time.FixedZone("WIB", 7*3600)
	a := db.Client.Agency.Create().SetCode("KMN").SetName("Kemuning").SetRegion("Kemuning").
		SetCreatedAt(time.Date(2026, 1, 1, 6, 0, 0, 0, wib)). // 2025-12-31 23:00 UTC
		SaveX(ctx)
	n := db.Client.Agency.Query().Where(agency.CreatedAtLT(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))).CountX(ctx)
	if n != 1 {
		t.Errorf("agencies created before 2026-01-01 UTC = %d, want 1 (%v)", n, a.CreatedAt)
	}
}
