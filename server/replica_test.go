package main

import (
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"kembang/internal/store"
	"kembang/internal/store/storetest"
	"kembang/internal/viewer"
)

// TestServeReadReplica serves GraphQL from the PostgreSQL primary of the
// tests and the streaming replica at $KEMBANG_REPLICA_URL (bench/replica.sh
// starts one and runs this test), configured as serve configures them:
// a mutation runs on the primary only, a query on the replica only, and
// /metrics counts the statements of each.
func TestServeReadReplica(t *testing.T) {
	sc := storetest.ReplicaConfig(t)
	cfg := testConfig()
	cfg.databaseURL, cfg.replicaURLs = sc.DatabaseURL, sc.ReplicaURLs
	cfg.replicaMaxLag = store.DefaultMaxReplicaLag
	log := slog.New(slog.DiscardHandler)
	db, err := openStore(context.Background(), cfg, log, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	a := &app{cfg: cfg, db: db, log: log, metrics: newMetrics(db)}
	ts := newTestServer(t, a)
	admin := bearer(t, viewer.Viewer{Subject: "test:admin", Role: viewer.Admin})

	const list = `query Agencies { agencies(first: 10) { edges { node { code } } } }`
	deadline := time.Now().Add(30 * time.Second)
	for {
		// Until the replica has replayed the migrations and is in use.
		_, r := gql(t, ts.URL, list, nil, "Authorization", admin)
		if len(r.Errors) == 0 && db.Targets()[1].Up {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the replica is not in use after 30s: %+v, %+v", db.Targets()[1], r.Errors)
		}
		time.Sleep(100 * time.Millisecond)
	}

	// ran returns the statements run on the primary and the replica by f.
	ran := func(f func()) (primary, replica int64) {
		t.Helper()
		before := db.Targets()
		f()
		after := db.Targets()
		return after[0].Statements - before[0].Statements, after[1].Statements - before[1].Statements
	}
	p, r := ran(func() {
		_, resp := gql(t, ts.URL, `mutation { createAgency(input: {code: "KMN", name: "Pemerintah Kabupaten Kemuning", region: "Jawa Tengah"}) { id code } }`, nil, "Authorization", admin)
		if len(resp.Errors) > 0 {
			t.Fatalf("createAgency: %+v", resp.Errors)
		}
	})
	if p == 0 || r != 0 {
		t.Errorf("a mutation ran %d statements on the primary and %d on the replica; want some, none", p, r)
	}

	deadline = time.Now().Add(30 * time.Second)
	for {
		var body string
		p, r = ran(func() {
			_, resp := gql(t, ts.URL, list, nil, "Authorization", admin)
			if len(resp.Errors) > 0 {
				t.Fatalf("agencies: %+v", resp.Errors)
			}
			body = string(resp.Data)
		})
		if p != 0 || r == 0 {
			t.Errorf("a query ran %d statements on the primary and %d on the replica; want none, some", p, r)
		}
		if strings.Contains(body, `"KMN"`) {
			break // replayed on the replica
		}
		if time.Now().After(deadline) {
			t.Fatalf("the replica does not serve the new agency after 30s: %s", body)
		}
		time.Sleep(50 * time.Millisecond)
	}

	ru, err := url.Parse(sc.ReplicaURLs[0])
	if err != nil {
		t.Fatal(err)
	}
	replica := ru.Host
	resp, body := get(t, ts, "/metrics")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /metrics: %d", resp.StatusCode)
	}
	for _, want := range []string{
		`kembang_db_statements_total{target="primary"} `,
		`kembang_db_statements_total{target="` + replica + `"} `,
		`kembang_db_replica_up{target="` + replica + `"} 1`,
		`kembang_db_replica_lag_seconds{target="` + replica + `"} `,
	} {
		if !strings.Contains(string(body), want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
}
