package bench

import (
	"context"
	"kembang/access"
	"net/http"
	"net/http/httptest"
	"testing"

	"kembang/graph"
	"kembang/store"
	"kembang/store/seed"
)

// setup seeds a small SQLite store and serves the API in-process.
func setup(tb testing.TB) (*httptest.Server, *Fixture) {
	tb.Helper()
	ctx := access.System(context.Background())
	db, err := store.Open(ctx, store.Config{DataDir: tb.TempDir()})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx); err != nil {
		tb.Fatal(err)
	}
	if _, err := seed.Run(ctx, db.Client, seed.Options{Employees: 600}); err != nil {
		// The seeder has its own tests (store/seed); do not fail twice.
		tb.Skipf("demo seeder failed, suite not run: %v", err)
	}
	fx, err := LoadFixture(ctx, db.SQL, 2025)
	if err != nil {
		tb.Fatal(err)
	}
	srv := httptest.NewServer(AsAdmin(graph.NewServer(db.Client, graph.Options{Classify: store.Classify})))
	tb.Cleanup(srv.Close)
	return srv, fx
}

// TestSuite runs every persona query once so the suite cannot rot.
func TestSuite(t *testing.T) {
	srv, fx := setup(t)
	for _, q := range Suite() {
		t.Run(q.Name, func(t *testing.T) {
			if q.Kembang == "" || q.Vars == nil {
				t.Fatal("query without a document or variables")
			}
			if _, err := Post(t.Context(), http.DefaultClient, srv.URL, q.Kembang, q.Vars(fx)); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// BenchmarkSuite measures each persona query in-process on the small
// SQLite store (go test -bench . -benchtime 1x ./bench in CI).
func BenchmarkSuite(b *testing.B) {
	srv, fx := setup(b)
	for _, q := range Suite() {
		b.Run(q.Name, func(b *testing.B) {
			vars := q.Vars(fx)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Post(b.Context(), http.DefaultClient, srv.URL, q.Kembang, vars); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func TestBearer(t *testing.T) {
	var got []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = append(got, r.Header.Get("Authorization"))
	}))
	defer srv.Close()
	for _, tok := range []string{"abc", ""} {
		c := &http.Client{Transport: Bearer(nil, tok)}
		resp, err := c.Get(srv.URL)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	if len(got) != 2 || got[0] != "Bearer abc" || got[1] != "" {
		t.Errorf("Authorization headers = %q, want [\"Bearer abc\" \"\"]", got)
	}
}

func TestCheckLoopback(t *testing.T) {
	for u, ok := range map[string]bool{
		"http://127.0.0.1:8080/graphql":            true,
		"http://localhost:5050/graphql":            true,
		"http://[::1]:8080/graphql":                true,
		"postgres://postgres@127.0.0.1:5432/x":     true,
		"postgres:///kembang?host=/var/run/pg":     true,
		"http://10.0.0.5:8080/graphql":             false,
		"https://example.go.id/graphql":            false,
		"postgres://postgres@db.example.com:5432/": false,
	} {
		if err := CheckLoopback(u); (err == nil) != ok {
			t.Errorf("CheckLoopback(%q) = %v, want ok=%v", u, err, ok)
		}
	}
}
