package main

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"kembang/ent/gid"
	"kembang/internal/auth"
	"kembang/internal/viewer"
)

const testSecret = "kembang-test-secret-of-at-least-32-bytes"

func TestTokenCommand(t *testing.T) {
	agency := gid.Encode(1)
	getenv := env(map[string]string{"KEMBANG_JWT_SECRET": testSecret})
	var out strings.Builder
	if err := run(context.Background(), []string{"token", "--role", "HR_OFFICER", "--agency", agency}, getenv, &out); err != nil {
		t.Fatal(err)
	}
	cfg := testConfig()
	cfg.jwtIssuer, cfg.jwtAudience, cfg.jwtSecret = "kembang", []string{"kembang-api"}, testSecret
	v, err := newVerifier(cfg)
	if err != nil {
		t.Fatal(err)
	}
	got, err := v.Viewer(context.Background(), strings.TrimSpace(out.String()))
	if err != nil {
		t.Fatal(err)
	}
	if got.Role != viewer.HROfficer || got.AgencyID != 1 {
		t.Errorf("viewer = %+v", got)
	}

	for _, tt := range []struct {
		name string
		args []string
		env  map[string]string
		want string
	}{
		{"no secret", []string{"token"}, nil, "KEMBANG_JWT_SECRET"},
		{"unknown role", []string{"token", "--role", "BOSS"}, map[string]string{"KEMBANG_JWT_SECRET": testSecret}, "--role"},
		{"scope missing", []string{"token", "--role", "HR_OFFICER"}, map[string]string{"KEMBANG_JWT_SECRET": testSecret}, "agency"},
		{"bad ID", []string{"token", "--role", "EMPLOYEE", "--employee", "nope"}, map[string]string{"KEMBANG_JWT_SECRET": testSecret}, "--employee"},
	} {
		err := run(context.Background(), tt.args, env(tt.env), io.Discard)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want it to mention %q", tt.name, err, tt.want)
		}
	}
}

func TestBearerTokens(t *testing.T) {
	cfg := testConfig()
	cfg.jwtIssuer, cfg.jwtAudience, cfg.jwtSecret = "kembang", []string{"kembang-api"}, testSecret
	v, err := newVerifier(cfg)
	if err != nil {
		t.Fatal(err)
	}
	a := &app{cfg: cfg, db: seededStore(t), log: newLogger(cfg, io.Discard), verifier: v}
	ts := newTestServer(t, a)
	mint := func(age time.Duration, secret string) string {
		c := authConfig(cfg)
		c.Secret = []byte(secret)
		c.Now = func() time.Time { return time.Now().Add(-age) } // issued age ago, valid for an hour
		ttl := time.Hour
		tok, err := auth.Mint(c, viewer.Viewer{Role: viewer.Analyst}, ttl)
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	post := func(authz string) (*http.Response, gqlResponse) {
		req, _ := http.NewRequest(http.MethodPost, ts.URL+"/graphql", strings.NewReader(`{"query": "{ agencies { totalCount } }"}`))
		req.Header.Set("Content-Type", "application/json")
		if authz != "" {
			req.Header.Set("Authorization", authz)
		} else {
			req.Header.Set(anonymousHeader, "1")
		}
		resp, body := do(t, req)
		return resp, decode(t, body)
	}
	tests := []struct {
		name   string
		authz  string
		status int
	}{
		{"anonymous", "", 200},
		{"valid token", "Bearer " + mint(0, testSecret), 200},
		{"garbage", "Bearer not.a.token", 401},
		{"wrong secret", "Bearer " + mint(0, strings.Repeat("x", 40)), 401},
		{"expired", "Bearer " + mint(2*time.Hour, testSecret), 401},
		{"alg none", "Bearer eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiJ4In0.", 401},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, r := post(tt.authz)
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d: %+v", resp.StatusCode, tt.status, r.Errors)
			}
			if tt.status == 401 {
				if len(r.Errors) == 0 || r.Errors[0].Extensions["code"] != "UNAUTHENTICATED" || resp.Header.Get("WWW-Authenticate") == "" {
					t.Errorf("401 without a clear error: %+v %v", r.Errors, resp.Header)
				}
			}
		})
	}
}
