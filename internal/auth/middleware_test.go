package auth

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"kembang/internal/auth/apikey"
	"kembang/internal/viewer"
)

// keyStore is an in-memory KeyLookup.
type keyStore struct {
	keys map[string]StoredKey
	err  error // returned for every lookup if set
	used []int
}

// lookup implements KeyLookup.
func (s *keyStore) lookup(_ context.Context, id string) (StoredKey, error) {
	if s.err != nil {
		return StoredKey{}, s.err
	}
	k, ok := s.keys[id]
	if !ok {
		return StoredKey{}, fmt.Errorf("key %s: %w", id, ErrAPIKey)
	}
	return k, nil
}

// gqlError is the body of a refusal.
type gqlError struct {
	Errors []struct {
		Message    string            `json:"message"`
		Extensions map[string]string `json:"extensions"`
	} `json:"errors"`
}

func TestMiddleware(t *testing.T) {
	cfg := Config{Issuer: testIssuer, Audience: []string{testAudience}, Secret: testSecret(), Now: func() time.Time { return t0 }}
	v, err := NewVerifier(cfg)
	if err != nil {
		t.Fatal(err)
	}
	hr := viewer.Viewer{Subject: "hr-1", Role: viewer.HROfficer, AgencyID: agencyID(2)}
	hrToken, err := Mint(cfg, hr, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	expired, err := Mint(Config{Issuer: testIssuer, Audience: []string{testAudience}, Secret: testSecret(), Now: func() time.Time { return t0.Add(-2 * time.Hour) }}, hr, time.Hour)
	if err != nil {
		t.Fatal(err)
	}

	good, goodHash, err := apikey.New()
	if err != nil {
		t.Fatal(err)
	}
	revoked, revokedHash, err := apikey.New()
	if err != nil {
		t.Fatal(err)
	}
	broken, brokenHash, err := apikey.New()
	if err != nil {
		t.Fatal(err)
	}
	unknown, _, err := apikey.New()
	if err != nil {
		t.Fatal(err)
	}
	tampered := good[:len(good)-2] + "AA"
	if tampered == good {
		tampered = good[:len(good)-2] + "BA"
	}
	partner := viewer.Viewer{Subject: "apikey:" + goodHash.ID, Role: viewer.Partner, PartnerID: partnerID(7), APIKeyID: 70}

	type want struct {
		status int
		viewer *viewer.Viewer // for 200
		reason string         // for refusals
		code   string         // default UNAUTHENTICATED
		used   bool           // KeyUsed called
	}
	anonymous := &viewer.Viewer{}
	tests := []struct {
		name     string
		headers  [][2]string
		required bool
		keys     *keyStore // default: the store below
		noJWT    bool
		noKeys   bool
		want     want
	}{
		{name: "anonymous passes", want: want{status: 200, viewer: anonymous}},
		{name: "blank Authorization is no credential", headers: [][2]string{{"Authorization", "  "}}, want: want{status: 200, viewer: anonymous}},
		{name: "anonymous refused when required", required: true, want: want{status: 401, reason: "MISSING"}},
		{name: "JWT", headers: [][2]string{{"Authorization", "Bearer " + hrToken}}, want: want{status: 200, viewer: &hr}},
		{name: "JWT, lower-case scheme", headers: [][2]string{{"Authorization", "bearer  " + hrToken}}, required: true, want: want{status: 200, viewer: &hr}},
		{name: "garbage", headers: [][2]string{{"Authorization", "Bearer garbage"}}, want: want{status: 401, reason: "MALFORMED"}},
		{name: "empty bearer", headers: [][2]string{{"Authorization", "Bearer"}}, want: want{status: 401, reason: "MALFORMED"}},
		{name: "expired", headers: [][2]string{{"Authorization", "Bearer " + expired}}, want: want{status: 401, reason: "EXPIRED"}},
		{name: "alg none", headers: [][2]string{{"Authorization", "Bearer " + encode(header("none", "")) + "." + encode(claims(nil)) + "."}}, want: want{status: 401, reason: "ALGORITHM"}},
		{name: "unknown role", headers: [][2]string{{"Authorization", "Bearer " + token(header("HS256", ""), claims(map[string]any{"role": "ROOT"}), testSecret())}}, want: want{status: 401, reason: "ROLE"}},
		{name: "basic auth", headers: [][2]string{{"Authorization", "Basic YWRtaW46YWRtaW4="}}, want: want{status: 401, reason: "CREDENTIALS"}},
		{name: "token without scheme", headers: [][2]string{{"Authorization", hrToken}}, want: want{status: 401, reason: "CREDENTIALS"}},
		{name: "two Authorization headers", headers: [][2]string{{"Authorization", "Bearer " + hrToken}, {"Authorization", "Bearer " + hrToken}}, want: want{status: 401, reason: "CREDENTIALS"}},
		{name: "token and API key", headers: [][2]string{{"Authorization", "Bearer " + hrToken}, {"X-API-Key", good}}, want: want{status: 401, reason: "CREDENTIALS"}},
		{name: "JWTs not accepted", noJWT: true, headers: [][2]string{{"Authorization", "Bearer " + hrToken}}, want: want{status: 401, reason: "CREDENTIALS"}},

		{name: "API key as bearer", headers: [][2]string{{"Authorization", "Bearer " + good}}, want: want{status: 200, viewer: &partner, used: true}},
		{name: "API key header", headers: [][2]string{{"X-API-Key", good}}, required: true, want: want{status: 200, viewer: &partner, used: true}},
		{name: "API key header, spaces", headers: [][2]string{{"x-api-key", " " + good + " "}}, want: want{status: 200, viewer: &partner, used: true}},
		{name: "unknown API key", headers: [][2]string{{"X-API-Key", unknown}}, want: want{status: 401, reason: "API_KEY"}},
		{name: "tampered API key", headers: [][2]string{{"Authorization", "Bearer " + tampered}}, want: want{status: 401, reason: "API_KEY"}},
		{name: "malformed API key", headers: [][2]string{{"Authorization", "Bearer kmb_nope"}}, want: want{status: 401, reason: "API_KEY"}},
		{name: "JWT in the API key header", headers: [][2]string{{"X-API-Key", hrToken}}, want: want{status: 401, reason: "API_KEY"}},
		{name: "revoked API key", headers: [][2]string{{"X-API-Key", revoked}}, want: want{status: 401, reason: "REVOKED"}},
		{name: "API keys not accepted", noKeys: true, headers: [][2]string{{"X-API-Key", good}}, want: want{status: 401, reason: "CREDENTIALS"}},
		{name: "key record without partner", headers: [][2]string{{"X-API-Key", broken}}, want: want{status: 500, code: "INTERNAL_SERVER_ERROR"}},
		{name: "key store down", keys: &keyStore{err: errors.New("connection refused")}, headers: [][2]string{{"X-API-Key", good}}, want: want{status: 500, code: "INTERNAL_SERVER_ERROR"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			store := tt.keys
			if store == nil {
				store = &keyStore{keys: map[string]StoredKey{
					goodHash.ID:    {ID: 70, PartnerID: partnerID(7), Hash: goodHash},
					revokedHash.ID: {ID: 71, PartnerID: partnerID(7), Hash: revokedHash, Revoked: true},
					brokenHash.ID:  {ID: 72, Hash: brokenHash},
				}}
			}
			var (
				ver    = v
				lookup = KeyLookup(store.lookup)
				logs   bytes.Buffer
			)
			if tt.noJWT {
				ver = nil
			}
			if tt.noKeys {
				lookup = nil
			}
			opts := Options{
				Required:  tt.required,
				RequestID: func(context.Context) string { return "req-1" },
				Logger:    slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
				KeyUsed:   func(_ context.Context, k StoredKey) { store.used = append(store.used, k.ID) },
			}
			var (
				reached bool
				got     viewer.Viewer
				gotOK   bool
			)
			h := Middleware(ver, lookup, opts)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				reached = true
				got, gotOK = viewer.FromContext(r.Context())
			}))
			r := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(`{"query":"{__typename}"}`))
			for _, hd := range tt.headers {
				r.Header.Add(hd[0], hd[1])
			}
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)

			if w.Code != tt.want.status {
				t.Fatalf("status %d, want %d; body %s; log %s", w.Code, tt.want.status, w.Body, &logs)
			}
			if (len(store.used) > 0) != tt.want.used {
				t.Errorf("KeyUsed calls %v, want called %v", store.used, tt.want.used)
			}
			if tt.want.status == 200 {
				if !reached {
					t.Fatal("handler not reached")
				}
				if !gotOK || got != *tt.want.viewer {
					t.Fatalf("viewer = %+v (%v), want %+v", got, gotOK, *tt.want.viewer)
				}
				return
			}

			if reached {
				t.Fatal("handler reached despite a refusal")
			}
			var body gqlError
			if err := json.Unmarshal(w.Body.Bytes(), &body); err != nil {
				t.Fatalf("body %q: %v", w.Body, err)
			}
			if len(body.Errors) != 1 {
				t.Fatalf("body %s has %d errors", w.Body, len(body.Errors))
			}
			e := body.Errors[0]
			code := tt.want.code
			if code == "" {
				code = "UNAUTHENTICATED"
			}
			if e.Extensions["code"] != code || e.Extensions["requestId"] != "req-1" || e.Message == "" {
				t.Fatalf("error %+v, want code %s and requestId req-1", e, code)
			}
			if ct := w.Header().Get("Content-Type"); ct != "application/json" {
				t.Errorf("Content-Type %q", ct)
			}
			if cc := w.Header().Get("Cache-Control"); cc != "no-store" {
				t.Errorf("Cache-Control %q", cc)
			}
			if tt.want.status == 500 {
				if e.Message != "internal server error" || strings.Contains(w.Body.String(), "connection refused") {
					t.Fatalf("internal error not masked: %s", w.Body)
				}
				return
			}
			if e.Extensions["reason"] != tt.want.reason {
				t.Fatalf("reason %q, want %q (body %s)", e.Extensions["reason"], tt.want.reason, w.Body)
			}
			challenge := w.Header().Get("WWW-Authenticate")
			if tt.want.reason == "MISSING" {
				if challenge != "Bearer" {
					t.Fatalf("WWW-Authenticate %q, want Bearer", challenge)
				}
			} else if !strings.HasPrefix(challenge, `Bearer error="invalid_token"`) {
				t.Fatalf("WWW-Authenticate %q, want invalid_token", challenge)
			}
			// Clients see the sentinel's message, never detail.
			for _, leak := range []string{"kmb_", "eyJ", ": "} {
				if strings.Contains(e.Message, leak) {
					t.Fatalf("message %q leaks detail", e.Message)
				}
			}
		})
	}
}

func TestMiddlewareBody(t *testing.T) {
	cfg := Config{Issuer: testIssuer, Audience: []string{testAudience}, Secret: testSecret(), Now: func() time.Time { return t0.Add(48 * time.Hour) }}
	v, err := NewVerifier(cfg)
	if err != nil {
		t.Fatal(err)
	}
	h := Middleware(v, nil, Options{})(http.NotFoundHandler())
	r := httptest.NewRequest(http.MethodGet, "/graphql", nil)
	r.Header.Set("Authorization", "Bearer "+token(header("HS256", ""), claims(nil), testSecret()))
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	const want = `{"errors":[{"extensions":{"code":"UNAUTHENTICATED","reason":"EXPIRED"},"message":"token has expired"}]}` + "\n"
	if w.Code != 401 || w.Body.String() != want {
		t.Fatalf("got %d %s, want 401 %s", w.Code, w.Body, want)
	}
	if got := w.Header().Get("WWW-Authenticate"); got != `Bearer error="invalid_token", error_description="token has expired"` {
		t.Fatalf("WWW-Authenticate %q", got)
	}
}

func TestMiddlewareUnavailable(t *testing.T) {
	k := testKeys()
	p := newIDP(t, jwks(jwkOf("rsa1", "RS256", k.rsa1)))
	p.set(func(p *idp) { p.status = http.StatusServiceUnavailable })
	v := p.verifier(t, newClock(), false)
	h := Middleware(v, nil, Options{})(http.NotFoundHandler())
	r := httptest.NewRequest(http.MethodGet, "/graphql", nil)
	r.Header.Set("Authorization", "Bearer "+token(header("RS256", "rsa1"), p.claims(), k.rsa1))
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	var body gqlError
	if err := json.Unmarshal(w.Body.Bytes(), &body); err != nil {
		t.Fatal(err)
	}
	if w.Code != http.StatusServiceUnavailable || body.Errors[0].Extensions["code"] != "UNAVAILABLE" || w.Header().Get("Retry-After") == "" {
		t.Fatalf("got %d %s %v, want 503 UNAVAILABLE with Retry-After", w.Code, w.Body, w.Header())
	}
	if strings.Contains(w.Body.String(), p.srv.URL) {
		t.Fatalf("body leaks the provider's URL: %s", w.Body)
	}
}

// TestAuthorization: the credentials of a WebSocket's connection_init are
// checked as the header is, and a token's expiry goes with its viewer.
func TestAuthorization(t *testing.T) {
	cfg := Config{Issuer: testIssuer, Audience: []string{testAudience}, Secret: testSecret(), Now: func() time.Time { return t0 }}
	v, err := NewVerifier(cfg)
	if err != nil {
		t.Fatal(err)
	}
	hr := viewer.Viewer{Subject: "hr-1", Role: viewer.HROfficer, AgencyID: agencyID(2)}
	tok, err := Mint(cfg, hr, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	expired, err := Mint(Config{Issuer: testIssuer, Audience: []string{testAudience}, Secret: testSecret(), Now: func() time.Time { return t0.Add(-2 * time.Hour) }}, hr, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	a := NewAuthenticator(v, nil, Options{})
	for _, tc := range []struct {
		name          string
		authorization string
		want          viewer.Viewer
		expiry        time.Time // zero: none
		err           error
	}{
		{name: "token", authorization: "Bearer " + tok, want: hr, expiry: t0.Add(time.Hour)},
		{name: "none", authorization: ""},
		{name: "expired", authorization: "Bearer " + expired, err: ErrExpired},
		{name: "not bearer", authorization: "Basic x", err: ErrCredentials},
		{name: "API key without a key store", authorization: "Bearer kmb_x", err: ErrCredentials},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, err := a.Authorization(context.Background(), tc.authorization)
			if tc.err != nil {
				wantErr(t, err, tc.err)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got, ok := viewer.FromContext(ctx)
			exp, hasExp := viewer.Expiry(ctx)
			if !ok || got != tc.want || hasExp != !tc.expiry.IsZero() || !exp.Equal(tc.expiry) {
				t.Errorf("viewer %v (%v), expiry %v (%v); want %v, %v", got, ok, exp, hasExp, tc.want, tc.expiry)
			}
		})
	}
}
