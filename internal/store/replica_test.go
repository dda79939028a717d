package store_test

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"kembang/ent"
	"kembang/ent/agency"
	"kembang/internal/access"
	"kembang/internal/audit"
	"kembang/internal/store"
	"kembang/internal/store/storetest"
)

// TestReplicaStreaming runs the store on the PostgreSQL primary of the
// tests and a streaming replica of it, whose server URL is
// $KEMBANG_REPLICA_URL (bench/replica.sh starts one on 127.0.0.1:5433 and
// runs this test). It shows reads served by the replica and writes by
// the primary, a request reading its own writes while the replica has
// not replayed them, and reads falling back to the primary while the
// replica lags beyond the bound, and back to the replica when it has
// caught up.
func TestReplicaStreaming(t *testing.T) {
	cfg := storetest.ReplicaConfig(t)
	cfg.MaxReplicaLag = time.Second
	cfg.ReplicaCheckInterval = 50 * time.Millisecond

	// The replica's superuser pauses and resumes its replay.
	admin, err := sql.Open("postgres", cfg.ReplicaURLs[0])
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close() })
	replay := func(on bool) {
		t.Helper()
		q := "SELECT pg_wal_replay_pause()"
		if on {
			q = "SELECT pg_wal_replay_resume()"
		}
		if _, err := admin.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	// Before the test's database is dropped (cleanups run last first).
	t.Cleanup(func() { replay(true) })

	bg := audit.WithoutTrail(access.System(context.Background()))
	db, err := store.Open(bg, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(bg); err != nil {
		t.Fatal(err)
	}

	replica := func() store.Target { return db.Targets()[1] }
	primary := func() store.Target { return db.Targets()[0] }
	waitFor := func(what string, ok func() bool) {
		t.Helper()
		deadline := time.Now().Add(30 * time.Second)
		for !ok() {
			if time.Now().After(deadline) {
				t.Fatalf("after 30s, still not %s (replica: %+v)", what, replica())
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	served := func(ctx context.Context) string {
		t.Helper()
		// Every connection, to either, runs with jit=off.
		got, err := db.Routed(ctx, "SELECT current_setting('jit') || ' ' || pg_is_in_recovery()")
		switch {
		case err != nil:
			t.Fatal(err)
		case got == "off true":
			return "replica"
		case got == "off false":
			return "primary"
		}
		t.Fatalf("jit and recovery: %q", got)
		return ""
	}
	create := func(ctx context.Context, code string) *ent.Agency {
		t.Helper()
		a, err := db.Client.Agency.Create().SetCode(code).SetName("Pemerintah Kabupaten " + code).SetRegion("Jawa Tengah").Save(ctx)
		if err != nil {
			t.Fatalf("creating agency %s: %v", code, err)
		}
		return a
	}
	exists := func(ctx context.Context, code string) bool {
		t.Helper()
		ok, err := db.Client.Agency.Query().Where(agency.Code(code)).Exist(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}

	// The replica serves once it has replayed the schema.
	waitFor("reading the schema on the replica", func() bool {
		if !replica().Up {
			return false
		}
		_, err := db.Client.Agency.Query().Count(bg)
		return err == nil
	})

	// Writes on the primary, reads on the replica.
	p0, r0 := primary().Statements, replica().Statements
	create(bg, "KMN")
	if p, r := primary().Statements-p0, replica().Statements-r0; p == 0 || r != 0 {
		t.Errorf("creating an agency: %d statements on the primary, %d on the replica; want some, none", p, r)
	}
	waitFor("the agency replayed on the replica", func() bool { return exists(bg, "KMN") })
	p0, r0 = primary().Statements, replica().Statements
	for range 5 {
		if _, err := db.Client.Agency.Query().All(bg); err != nil {
			t.Fatal(err)
		}
	}
	if p, r := primary().Statements-p0, replica().Statements-r0; p != 0 || r != 5 {
		t.Errorf("5 queries: %d statements on the primary, %d on the replica; want 0, 5", p, r)
	}
	if got := served(bg); got != "replica" {
		t.Errorf("a read outside a request was served by the %s, want the replica", got)
	}

	// A request reads its own writes, even when the replica has not
	// replayed them.
	replay(false)
	req := store.WithReadYourWrites(bg)
	if got := served(req); got != "replica" {
		t.Errorf("a request's first read was served by the %s, want the replica", got)
	}
	create(req, "SLM")
	// Outside the request, a read still goes to the replica, which has
	// not replayed the change while it is within the lag bound.
	if replica().Up {
		stale := !exists(bg, "SLM")
		if replica().Up && !stale {
			t.Error("a read outside the request saw the new agency on the paused replica")
		}
	}
	if !exists(req, "SLM") {
		t.Error("a request does not read the agency it created")
	}
	if got := served(req); got != "primary" {
		t.Errorf("a request's read after its write was served by the %s, want the primary", got)
	}

	// A replica behind the bound serves nothing: reads fall back to the
	// primary, and see the latest commit.
	waitFor("the paused replica out of use", func() bool { return !replica().Up })
	if lag := replica().Lag; lag <= cfg.MaxReplicaLag {
		t.Errorf("lag of the paused replica = %v, want above %v", lag, cfg.MaxReplicaLag)
	}
	if got := served(bg); got != "primary" {
		t.Errorf("a read while the replica lags was served by the %s, want the primary", got)
	}
	if !exists(bg, "SLM") {
		t.Error("a read while the replica lags does not see the latest commit")
	}

	// Caught up again, it serves again.
	replay(true)
	waitFor("the replica back in use", func() bool { return replica().Up })
	if got := served(bg); got != "replica" {
		t.Errorf("a read after the replica caught up was served by the %s, want the replica", got)
	}
	if !exists(bg, "SLM") {
		t.Error("the replica does not have the agency after catching up")
	}
}
