package auth

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"kembang/internal/viewer"
)

// idp is a fake identity provider serving a JWKS document and an OIDC
// discovery document, counting requests.
type idp struct {
	srv       *httptest.Server
	issuer    string
	jwksHits  atomic.Int64
	discHits  atomic.Int64
	mu        sync.Mutex
	jwks      []byte
	status    int    // of JWKS responses; 0 means 200
	discovery string // issuer named by the discovery document; "" means the real one
	jwksURI   string // jwks_uri of the discovery document; "" means the real one
	delay     time.Duration
}

// newIDP starts a fake identity provider serving doc.
func newIDP(t *testing.T, doc []byte) *idp {
	p := &idp{jwks: doc}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /realms/kembang/protocol/openid-connect/certs", func(w http.ResponseWriter, r *http.Request) {
		p.jwksHits.Add(1)
		p.mu.Lock()
		doc, status, delay := p.jwks, p.status, p.delay
		p.mu.Unlock()
		if delay > 0 {
			select {
			case <-time.After(delay):
			case <-r.Context().Done():
				return
			}
		}
		if status != 0 {
			http.Error(w, "down", status)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write(doc)
	})
	mux.HandleFunc("GET /realms/kembang/.well-known/openid-configuration", func(w http.ResponseWriter, r *http.Request) {
		p.discHits.Add(1)
		p.mu.Lock()
		iss, uri := p.discovery, p.jwksURI
		p.mu.Unlock()
		if iss == "" {
			iss = p.issuer
		}
		if uri == "" {
			uri = p.issuer + "/protocol/openid-connect/certs"
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write(mustJSON(map[string]any{"issuer": iss, "jwks_uri": uri, "id_token_signing_alg_values_supported": []string{"RS256"}}))
	})
	p.srv = httptest.NewServer(mux)
	t.Cleanup(p.srv.Close)
	p.issuer = p.srv.URL + "/realms/kembang"
	return p
}

// set changes what the provider serves.
func (p *idp) set(f func(p *idp)) {
	p.mu.Lock()
	defer p.mu.Unlock()
	f(p)
}

// verifier returns a verifier of p's tokens by JWKS URL (or discovery)
// with clock c.
func (p *idp) verifier(t *testing.T, c *clock, discover bool) *Verifier {
	t.Helper()
	cfg := Config{
		Issuer:     p.issuer,
		Audience:   []string{testAudience},
		HTTPClient: p.srv.Client(),
		Now:        c.Now,
	}
	if discover {
		cfg.Discover = true
	} else {
		cfg.JWKSURL = p.issuer + "/protocol/openid-connect/certs"
	}
	v, err := NewVerifier(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// claims returns valid claims of p's tokens.
func (p *idp) claims() map[string]any {
	return claims(map[string]any{"iss": p.issuer})
}

// step is one verification in a scenario.
type step struct {
	name     string
	before   func()
	token    string
	want     error
	jwksHits int64 // JWKS fetches after the step
}

// run runs steps in order against v.
func (p *idp) run(t *testing.T, v *Verifier, steps []step) {
	t.Helper()
	for _, s := range steps {
		if s.before != nil {
			s.before()
		}
		_, err := v.Verify(context.Background(), s.token)
		if (err == nil) != (s.want == nil) || (s.want != nil && !errors.Is(err, s.want)) {
			t.Fatalf("%s: err = %v, want %v", s.name, err, s.want)
		}
		if got := p.jwksHits.Load(); got != s.jwksHits {
			t.Fatalf("%s: %d JWKS fetches, want %d", s.name, got, s.jwksHits)
		}
	}
}

func TestJWKSRefresh(t *testing.T) {
	k := testKeys()
	p := newIDP(t, jwks(jwkOf("rsa1", "RS256", k.rsa1)))
	c := newClock()
	v := p.verifier(t, c, false)
	good := token(header("RS256", "rsa1"), p.claims(), k.rsa1)
	unknown := token(header("RS256", "rsa2"), p.claims(), k.rsa2)
	p.run(t, v, []step{
		{name: "first token fetches", token: good, jwksHits: 1},
		{name: "then the set is cached", token: good, jwksHits: 1},
		{name: "unknown kid refreshes once", token: unknown, want: ErrUnknownKey, jwksHits: 2},
		{name: "not again at once", token: unknown, want: ErrUnknownKey, jwksHits: 2},
		{name: "nor a moment later", before: func() { c.Advance(DefaultMinRefresh / 2) }, token: unknown, want: ErrUnknownKey, jwksHits: 2},
		{name: "after MinRefresh it may", before: func() { c.Advance(DefaultMinRefresh) }, token: unknown, want: ErrUnknownKey, jwksHits: 3},
		{name: "known keys still work", token: good, jwksHits: 3},
		{name: "after the TTL the set is fetched again", before: func() { c.Advance(DefaultCacheTTL) }, token: claimsAt(k, p, c), jwksHits: 4},
	})
}

// claimsAt returns a good RS256 token of p valid at c's time.
func claimsAt(k keys, p *idp, c *clock) string {
	now := c.Now()
	return token(header("RS256", "rsa1"), claims(map[string]any{"iss": p.issuer, "iat": now.Unix(), "exp": now.Add(time.Hour).Unix()}), k.rsa1)
}

func TestJWKSRotation(t *testing.T) {
	k := testKeys()
	p := newIDP(t, jwks(jwkOf("rsa1", "RS256", k.rsa1)))
	c := newClock()
	v := p.verifier(t, c, false)
	old := token(header("RS256", "rsa1"), p.claims(), k.rsa1)
	rotated := token(header("RS256", "rsa2"), p.claims(), k.rsa2)
	newEC := token(header("ES256", "ec2"), p.claims(), k.ec256b)
	p.run(t, v, []step{
		{name: "old key", token: old, jwksHits: 1},
		{
			name:     "rotated key found by refreshing",
			before:   func() { p.set(func(p *idp) { p.jwks = jwks(jwkOf("rsa2", "RS256", k.rsa2)) }) },
			token:    rotated,
			jwksHits: 2,
		},
		{name: "removed key refused", token: old, want: ErrUnknownKey, jwksHits: 2},
		{
			name: "another rotation, after MinRefresh",
			before: func() {
				c.Advance(DefaultMinRefresh)
				p.set(func(p *idp) { p.jwks = jwks(jwkOf("rsa2", "RS256", k.rsa2), jwkOf("ec2", "ES256", k.ec256b)) })
			},
			token:    newEC,
			jwksHits: 3,
		},
		{name: "both current keys work", token: rotated, jwksHits: 3},
	})
}

func TestJWKSFailures(t *testing.T) {
	k := testKeys()
	t.Run("unreachable at first", func(t *testing.T) {
		p := newIDP(t, jwks(jwkOf("rsa1", "RS256", k.rsa1)))
		p.set(func(p *idp) { p.status = http.StatusBadGateway })
		c := newClock()
		v := p.verifier(t, c, false)
		good := token(header("RS256", "rsa1"), p.claims(), k.rsa1)
		p.run(t, v, []step{
			{name: "fetch fails", token: good, want: ErrUnavailable, jwksHits: 1},
			{name: "no retry at once", token: good, want: ErrUnavailable, jwksHits: 1},
			{
				name:     "retry after MinRefresh",
				before:   func() { c.Advance(DefaultMinRefresh); p.set(func(p *idp) { p.status = 0 }) },
				token:    good,
				jwksHits: 2,
			},
		})
	})
	t.Run("stale keys used while down", func(t *testing.T) {
		p := newIDP(t, jwks(jwkOf("rsa1", "RS256", k.rsa1)))
		c := newClock()
		v := p.verifier(t, c, false)
		p.run(t, v, []step{
			{name: "fetch", token: claimsAt(k, p, c), jwksHits: 1},
			{
				name:     "TTL passed, provider down: stale set used",
				before:   func() { c.Advance(DefaultCacheTTL); p.set(func(p *idp) { p.status = http.StatusInternalServerError }) },
				token:    claimsAt(k, p, c),
				jwksHits: 2,
			},
			{name: "no hammering", token: claimsAt(k, p, c), jwksHits: 2},
		})
	})
	t.Run("garbage document", func(t *testing.T) {
		p := newIDP(t, []byte("<html>login</html>"))
		v := p.verifier(t, newClock(), false)
		_, err := v.Verify(context.Background(), token(header("RS256", "rsa1"), p.claims(), k.rsa1))
		wantErr(t, err, ErrUnavailable)
	})
	t.Run("timeout", func(t *testing.T) {
		p := newIDP(t, jwks(jwkOf("rsa1", "RS256", k.rsa1)))
		p.set(func(p *idp) { p.delay = 5 * time.Second })
		client := p.srv.Client()
		client.Timeout = 100 * time.Millisecond
		v, err := NewVerifier(Config{Issuer: p.issuer, Audience: []string{testAudience}, JWKSURL: p.issuer + "/protocol/openid-connect/certs", HTTPClient: client, Now: newClock().Now})
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		_, err = v.Verify(context.Background(), token(header("RS256", "rsa1"), p.claims(), k.rsa1))
		wantErr(t, err, ErrUnavailable)
		if d := time.Since(start); d > 2*time.Second {
			t.Fatalf("Verify took %v despite the client's timeout", d)
		}
	})
	t.Run("redirects", func(t *testing.T) {
		p := newIDP(t, jwks(jwkOf("rsa1", "RS256", k.rsa1)))
		for _, tt := range []struct {
			to   string
			want error
		}{
			{p.issuer + "/protocol/openid-connect/certs", nil},
			{"http://keys.example/certs", ErrUnavailable},
		} {
			r := httptest.NewServer(http.RedirectHandler(tt.to, http.StatusFound))
			defer r.Close()
			v, err := NewVerifier(Config{Issuer: p.issuer, Audience: []string{testAudience}, JWKSURL: r.URL + "/certs", Now: newClock().Now})
			if err != nil {
				t.Fatal(err)
			}
			_, err = v.Verify(context.Background(), token(header("RS256", "rsa1"), p.claims(), k.rsa1))
			if (err == nil) != (tt.want == nil) || (tt.want != nil && !errors.Is(err, tt.want)) {
				t.Fatalf("redirect to %s: err = %v, want %v", tt.to, err, tt.want)
			}
			if err != nil && !strings.Contains(err.Error(), "must be https") {
				t.Fatalf("redirect to %s: err = %v, want a refused redirect", tt.to, err)
			}
		}
	})
	t.Run("cancelled request does not poison the cache", func(t *testing.T) {
		p := newIDP(t, jwks(jwkOf("rsa1", "RS256", k.rsa1)))
		v := p.verifier(t, newClock(), false)
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, err := v.Verify(ctx, token(header("RS256", "rsa1"), p.claims(), k.rsa1))
		wantErr(t, err, nil)
	})
}

func TestDiscovery(t *testing.T) {
	k := testKeys()
	t.Run("Keycloak-like issuer", func(t *testing.T) {
		p := newIDP(t, jwks(jwkOf("rsa1", "RS256", k.rsa1), jwkOf("ec1", "ES256", k.ec256),
			mapWith(jwkOf("enc", "RSA-OAEP", k.rsa2), "use", "enc")))
		v := p.verifier(t, newClock(), true)
		p.run(t, v, []step{
			{name: "RS256", token: token(header("RS256", "rsa1"), p.claims(), k.rsa1), jwksHits: 1},
			{name: "ES256", token: token(header("ES256", "ec1"), p.claims(), k.ec256), jwksHits: 1},
			{name: "encryption key is not for signatures", token: token(header("RS256", "enc"), p.claims(), k.rsa2), want: ErrUnknownKey, jwksHits: 2},
		})
		if got := p.discHits.Load(); got != 1 {
			t.Fatalf("%d discovery fetches, want 1", got)
		}
	})
	t.Run("issuer mismatch", func(t *testing.T) {
		p := newIDP(t, jwks(jwkOf("rsa1", "RS256", k.rsa1)))
		p.set(func(p *idp) { p.discovery = "https://evil.example/realms/kembang" })
		v := p.verifier(t, newClock(), true)
		_, err := v.Verify(context.Background(), token(header("RS256", "rsa1"), p.claims(), k.rsa1))
		wantErr(t, err, ErrUnavailable)
		if got := p.jwksHits.Load(); got != 0 {
			t.Fatalf("JWKS fetched %d times from a mismatched discovery document", got)
		}
	})
	t.Run("plain http jwks_uri", func(t *testing.T) {
		p := newIDP(t, jwks(jwkOf("rsa1", "RS256", k.rsa1)))
		p.set(func(p *idp) { p.jwksURI = "http://keys.example/certs" })
		v := p.verifier(t, newClock(), true)
		_, err := v.Verify(context.Background(), token(header("RS256", "rsa1"), p.claims(), k.rsa1))
		wantErr(t, err, ErrUnavailable)
	})
	t.Run("HS token against a discovered issuer", func(t *testing.T) {
		p := newIDP(t, jwks(jwkOf("rsa1", "RS256", k.rsa1)))
		v := p.verifier(t, newClock(), true)
		_, err := v.Verify(context.Background(), token(header("HS256", "rsa1"), p.claims(), k.rsa1.N.Bytes()))
		wantErr(t, err, ErrAlgorithm)
		if got := p.jwksHits.Load() + p.discHits.Load(); got != 0 {
			t.Fatalf("an HS token caused %d fetches", got)
		}
	})
}

// TestJWKSConcurrent verifies from many goroutines while the keys
// rotate and time passes (run with -race).
func TestJWKSConcurrent(t *testing.T) {
	k := testKeys()
	p := newIDP(t, jwks(jwkOf("rsa1", "RS256", k.rsa1), jwkOf("rsa2", "RS256", k.rsa2)))
	c := newClock()
	v := p.verifier(t, c, false)
	toks := []string{
		token(header("RS256", "rsa1"), p.claims(), k.rsa1),
		token(header("RS256", "rsa2"), p.claims(), k.rsa2),
	}
	var wg sync.WaitGroup
	for i := range 16 {
		wg.Go(func() {
			for j := range 20 {
				if _, err := v.Verify(context.Background(), toks[(i+j)%2]); err != nil {
					t.Errorf("Verify: %v", err)
					return
				}
				if j%5 == 0 {
					c.Advance(time.Second)
				}
			}
		})
	}
	wg.Wait()
}

// mapWith returns a copy of m with key set to val.
func mapWith(m map[string]any, key string, val any) map[string]any {
	c := map[string]any{}
	for k, v := range m {
		c[k] = v
	}
	c[key] = val
	return c
}

// TestViewerCache checks the verified-token cache of Viewer: a token is
// verified once a minute at most and its time window on every use; a key
// removed from the key set stops its tokens within the minute after the
// set is refreshed; a token that differs in its signature only is
// verified on its own.
func TestViewerCache(t *testing.T) {
	k := testKeys()
	p := newIDP(t, jwks(jwkOf("rsa1", "RS256", k.rsa1)))
	c := newClock()
	v := p.verifier(t, c, false)
	tok := token(header("RS256", "rsa1"), p.claims(), k.rsa1)
	short := token(header("RS256", "rsa1"), claims(map[string]any{"iss": p.issuer, "exp": t0.Add(10 * time.Second).Unix()}), k.rsa1)
	forged := tok[:strings.LastIndexByte(tok, '.')+1] + strings.Repeat("A", 342)
	steps := []struct {
		name   string
		before func()
		token  string
		want   error
	}{
		{name: "first use verifies", token: tok},
		{name: "a forged signature on the same claims", token: forged, want: ErrSignature},
		{name: "a token near its expiry", token: short},
		{
			name:   "the key is rotated out (a token of the new key refreshes the set)",
			before: func() { p.set(func(p *idp) { p.jwks = jwks(jwkOf("rsa2", "RS256", k.rsa2)) }) },
			token:  token(header("RS256", "rsa2"), p.claims(), k.rsa2),
		},
		{name: "a token of the removed key verified within the minute still passes", token: tok},
		{name: "past its expiry (and the leeway) a verified token fails", before: func() { c.Advance(45 * time.Second) }, token: short, want: ErrExpired},
		{name: "after the minute the token is verified again", before: func() { c.Advance(20 * time.Second) }, token: tok, want: ErrUnknownKey},
	}
	for _, s := range steps {
		if s.before != nil {
			s.before()
		}
		vw, err := v.Viewer(context.Background(), s.token)
		if (err == nil) != (s.want == nil) || (s.want != nil && !errors.Is(err, s.want)) {
			t.Fatalf("%s: err = %v, want %v", s.name, err, s.want)
		}
		if err == nil && (vw.Subject != "user-1" || vw.Role != viewer.Admin) {
			t.Fatalf("%s: viewer %+v", s.name, vw)
		}
	}
	if got := p.jwksHits.Load(); got != 3 {
		t.Errorf("%d JWKS fetches, want 3 (the first use, the new key, the removed one after the minute)", got)
	}
}
