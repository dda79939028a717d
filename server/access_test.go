package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"kembang/ent/gid"
	"kembang/internal/access"
	"kembang/internal/ratelimit"
	"kembang/internal/viewer"
)

// gql posts a GraphQL request with the given headers ("" values are
// left out; no Authorization means anonymous) and decodes the response.
func gql(t *testing.T, url, query string, vars map[string]any, header ...string) (*http.Response, gqlResponse) {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, url+"/graphql", strings.NewReader(string(body)))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(anonymousHeader, "1")
	for i := 0; i+1 < len(header); i += 2 {
		if header[i+1] != "" {
			req.Header.Set(header[i], header[i+1])
			req.Header.Del(anonymousHeader)
		}
	}
	resp, b := do(t, req)
	return resp, decode(t, b)
}

// TestAPIKeys follows an API key through its life: created by an ADMIN
// (shown once, stored hashed), used by a partner system as that partner
// (by bearer or X-API-Key, with its own rate-limit budget and its last
// use recorded), refused once revoked; and refused to anyone else.
func TestAPIKeys(t *testing.T) {
	cfg := testConfig()
	cfg.rateLimit = 5000
	db := seededStore(t)
	a := &app{cfg: cfg, db: db, log: newLogger(cfg, io.Discard), verifier: testVerifier(t, cfg), rate: ratelimit.New(5000, time.Hour, 100)}
	ts := newTestServer(t, a)
	adminH := bearer(t, viewer.Viewer{Subject: "test:admin", Role: viewer.Admin})
	ctx := access.System(context.Background())
	p := db.Client.Partner.Query().FirstIDX(ctx)
	partner := gid.Encode(p)

	// Only ADMIN creates keys.
	const create = `mutation($p: ID!) { createAPIKey(input: {name: "LMS Universitas", partnerID: $p, rateLimit: 50}) { key apiKey { id keyID name rateLimit revokedAt } } }`
	for _, v := range []viewer.Viewer{{Subject: "hr", Role: viewer.HROfficer, AgencyID: 1}, {Subject: "p", Role: viewer.Partner, PartnerID: p}} {
		if _, r := gql(t, ts.URL, create, map[string]any{"p": partner}, "Authorization", bearer(t, v)); len(r.Errors) == 0 || r.Errors[0].Extensions["code"] != "FORBIDDEN" {
			t.Errorf("%s created a key: %s %+v", v.Role, r.Data, r.Errors)
		}
	}
	_, r := gql(t, ts.URL, create, map[string]any{"p": partner}, "Authorization", adminH)
	if len(r.Errors) > 0 {
		t.Fatalf("createAPIKey: %+v", r.Errors)
	}
	var out struct {
		CreateAPIKey struct {
			Key    string
			APIKey struct{ ID, KeyID string }
		}
	}
	json.Unmarshal(r.Data, &out)
	key, id := out.CreateAPIKey.Key, out.CreateAPIKey.APIKey.ID
	if !strings.HasPrefix(key, "kmb_"+out.CreateAPIKey.APIKey.KeyID+"_") {
		t.Fatalf("key %q does not start with its public ID %q", key, out.CreateAPIKey.APIKey.KeyID)
	}
	stored := db.Client.APIKey.GetX(ctx, rawID(t, id))
	if strings.Contains(string(stored.Hash), key) || len(stored.Hash) != 32 {
		t.Errorf("the key is not stored as its SHA-256: %x", stored.Hash)
	}

	// The key acts as its partner, with its own budget.
	const who = `{ viewer { role partner { id } personalDataMasked } }`
	for _, h := range [][]string{{"Authorization", "Bearer " + key}, {"X-API-Key", key}} {
		resp, r := gql(t, ts.URL, who, nil, h...)
		if resp.StatusCode != 200 || !strings.Contains(string(r.Data), `"role":"PARTNER"`) || !strings.Contains(string(r.Data), partner) {
			t.Errorf("%s: %d %s %+v", h[0], resp.StatusCode, r.Data, r.Errors)
		}
		if got := resp.Header.Get("X-RateLimit-Limit"); got != "50" {
			t.Errorf("%s: X-RateLimit-Limit %q, want the key's 50", h[0], got)
		}
	}
	deadline := time.Now().Add(5 * time.Second)
	for db.Client.APIKey.GetX(ctx, rawID(t, id)).LastUsedAt == nil {
		if time.Now().After(deadline) {
			t.Fatal("the key's last use was not recorded")
		}
		time.Sleep(20 * time.Millisecond)
	}
	// A partner sees its keys, never their hashes (the schema has none).
	if _, r := gql(t, ts.URL, `{ apiKeys { totalCount edges { node { name lastUsedAt } } } }`, nil, "X-API-Key", key); !strings.Contains(string(r.Data), `"totalCount":1`) {
		t.Errorf("partner's keys: %s %+v", r.Data, r.Errors)
	}

	// Revoked: 401 from now on; revoking again changes nothing.
	const revoke = `mutation($id: ID!) { revokeAPIKey(id: $id) { revokedAt } }`
	if _, r := gql(t, ts.URL, revoke, map[string]any{"id": id}, "Authorization", adminH); len(r.Errors) > 0 {
		t.Fatalf("revokeAPIKey: %+v", r.Errors)
	}
	resp, r := gql(t, ts.URL, who, nil, "X-API-Key", key)
	if resp.StatusCode != http.StatusUnauthorized || len(r.Errors) == 0 || r.Errors[0].Extensions["code"] != "UNAUTHENTICATED" {
		t.Errorf("revoked key: %d %+v", resp.StatusCode, r.Errors)
	}
	// A key that was never issued, or a tampered one: 401 too.
	for _, bad := range []string{key[:len(key)-1] + "A", "kmb_0123456789abcdef_" + strings.Repeat("A", 43)} {
		if resp, _ := gql(t, ts.URL, who, nil, "X-API-Key", bad); resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("key %q: status %d, want 401", bad, resp.StatusCode)
		}
	}
}

// TestAnonymous checks what callers without credentials get: FORBIDDEN
// for everything, unless the public catalogue is open; introspection
// only when allowed for them.
func TestAnonymous(t *testing.T) {
	db := seededStore(t)
	for _, tt := range []struct {
		name                 string
		catalogue, introspec bool
	}{
		{"closed", false, false},
		{"public catalogue", true, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cfg := testConfig()
			cfg.publicCatalog, cfg.anonIntrospect = tt.catalogue, tt.introspec
			ts := newTestServer(t, &app{cfg: cfg, db: db, log: newLogger(cfg, io.Discard), verifier: testVerifier(t, cfg)})

			_, r := gql(t, ts.URL, `{ programs(first: 1) { totalCount } sessions(first: 1) { totalCount } }`, nil)
			if open := len(r.Errors) == 0 && !strings.Contains(string(r.Data), `"totalCount":0`); open != tt.catalogue {
				t.Errorf("catalogue: %s %+v, want open %v", r.Data, r.Errors, tt.catalogue)
			}
			_, r = gql(t, ts.URL, `{ employees(first: 1) { totalCount } }`, nil)
			if len(r.Errors) == 0 || r.Errors[0].Extensions["code"] != "FORBIDDEN" {
				t.Errorf("anonymous employees: %s %+v, want FORBIDDEN", r.Data, r.Errors)
			}
			_, r = gql(t, ts.URL, `{ __schema { queryType { name } } }`, nil)
			if got := len(r.Errors) == 0; got != tt.introspec {
				t.Errorf("anonymous introspection: %s %+v, want allowed %v", r.Data, r.Errors, tt.introspec)
			}
			_, r = gql(t, ts.URL, `{ agencies { edges { node { nam } } } }`, nil)
			if suggests := len(r.Errors) > 0 && strings.Contains(r.Errors[0].Message, "Did you mean"); suggests != tt.introspec {
				t.Errorf("anonymous field suggestion: %+v, want suggestions %v", r.Errors, tt.introspec)
			}
			resp, _ := get(t, ts, "/schema.graphql", anonymousHeader, "1")
			if got := resp.StatusCode == http.StatusOK; got != tt.introspec {
				t.Errorf("anonymous /schema.graphql: %d, want allowed %v", resp.StatusCode, tt.introspec)
			}
			// Signed-in callers always introspect.
			_, r = gql(t, ts.URL, `{ __schema { queryType { name } } }`, nil, "Authorization", bearer(t, viewer.Viewer{Subject: "an", Role: viewer.Analyst}))
			if len(r.Errors) > 0 {
				t.Errorf("analyst introspection: %+v", r.Errors)
			}
		})
	}
}

// TestDemoTokens checks the embedded demo: the server keeps its own
// token secret in the data directory, the explorer gets an ADMIN token
// with which queries work at once, and the token command signs with the
// same secret.
func TestDemoTokens(t *testing.T) {
	dir := t.TempDir()
	cfg := testConfig()
	cfg.jwtSecret, cfg.demoTokens, cfg.dataDir = "", true, dir
	if !demoMode(cfg) {
		t.Fatal("no demo mode on the embedded store without keys")
	}
	secret, err := demoSecret(dir, true)
	if err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(filepath.Join(dir, demoSecretFile)); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("secret file: %v %v", fi, err)
	}
	again, _ := demoSecret(dir, true)
	if again != secret {
		t.Fatal("the demo secret changed between starts")
	}
	cfg.jwtSecret = secret
	ts := newTestServer(t, &app{cfg: cfg, db: seededStore(t), log: newLogger(cfg, io.Discard), verifier: testVerifier(t, cfg), demo: true})
	resp, body := get(t, ts, "/explorer/demo-headers", anonymousHeader, "1")
	var h map[string]string
	if resp.StatusCode != 200 || json.Unmarshal(body, &h) != nil || !strings.HasPrefix(h["Authorization"], "Bearer ") {
		t.Fatalf("demo headers: %d %s", resp.StatusCode, body)
	}
	if _, r := gql(t, ts.URL, `{ employees { totalCount } }`, nil, "Authorization", h["Authorization"]); len(r.Errors) > 0 || strings.Contains(string(r.Data), `"totalCount":0`) {
		t.Errorf("demo ADMIN query: %s %+v", r.Data, r.Errors)
	}

	// The token command finds the demo's secret in the data directory.
	var out strings.Builder
	getenv := env(map[string]string{"KEMBANG_DATA_DIR": dir})
	if err := run(context.Background(), []string{"token", "--role", "ANALYST"}, getenv, &out); err != nil {
		t.Fatal(err)
	}
	if _, r := gql(t, ts.URL, `{ viewer { role } }`, nil, "Authorization", "Bearer "+strings.TrimSpace(out.String())); !strings.Contains(string(r.Data), "ANALYST") {
		t.Errorf("token command's token: %s %+v", r.Data, r.Errors)
	}

	// With PostgreSQL, or with configured keys, there is no demo.
	for _, c := range []config{{databaseURL: "postgres://x", demoTokens: true}, {jwtSecret: secret, demoTokens: true}, {demoTokens: false}} {
		if demoMode(c) {
			t.Errorf("demo mode with %+v", c)
		}
	}
}

// rawID decodes an API ID into the ent ID.
func rawID(t testing.TB, id string) int {
	t.Helper()
	n, err := gid.Decode(id)
	if err != nil {
		t.Fatalf("decoding ID %q: %v", id, err)
	}
	return n
}
