package main

import (
	"context"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"kembang/ent/gid"
	"kembang/internal/access"
	"kembang/internal/auth"
	"kembang/internal/store"
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

// TestTokenCommandByCode checks that the token command takes an agency
// code and an employee NIP as well as API IDs, looked up in the
// configured database, so that a newcomer needs no ADMIN query first.
func TestTokenCommandByCode(t *testing.T) {
	ctx := context.Background()
	vars := map[string]string{"KEMBANG_JWT_SECRET": testSecret, "KEMBANG_DATA_DIR": t.TempDir()}
	if err := run(ctx, []string{"seed", "--employees", "20", "--log-level", "error"}, env(vars), io.Discard); err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(ctx, store.Config{DataDir: vars["KEMBANG_DATA_DIR"]})
	if err != nil {
		t.Fatal(err)
	}
	e := db.Client.Employee.Query().WithAgency().FirstX(access.System(ctx))
	db.Close()

	cfg := testConfig()
	cfg.jwtIssuer, cfg.jwtAudience, cfg.jwtSecret = "kembang", []string{"kembang-api"}, testSecret
	v, err := newVerifier(cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		args []string
		want viewer.Viewer
	}{
		{[]string{"--role", "HR_OFFICER", "--agency", e.Edges.Agency.Code}, viewer.Viewer{Role: viewer.HROfficer, AgencyID: e.AgencyID}},
		{[]string{"--role", "EMPLOYEE", "--employee", e.Nip}, viewer.Viewer{Role: viewer.Employee, EmployeeID: e.ID}},
		{[]string{"--role", "APPROVER", "--agency", e.Edges.Agency.Code, "--employee", e.Nip}, viewer.Viewer{Role: viewer.Approver, AgencyID: e.AgencyID, EmployeeID: e.ID}},
		{[]string{"--role", "SUPERVISOR", "--employee", gid.Encode(e.ID)}, viewer.Viewer{Role: viewer.Supervisor, EmployeeID: e.ID}},
	} {
		var out strings.Builder
		if err := run(ctx, append([]string{"token"}, tt.args...), env(vars), &out); err != nil {
			t.Fatalf("%v: %v", tt.args, err)
		}
		got, err := v.Viewer(ctx, strings.TrimSpace(out.String()))
		tt.want.Subject = "dev:" + strings.ToLower(string(tt.want.Role))
		if err != nil || got != tt.want {
			t.Errorf("%v: viewer = %+v, %v; want %+v", tt.args, got, err, tt.want)
		}
	}

	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"--role", "HR_OFFICER", "--agency", "NOPE"}, `--agency: "NOPE" is neither an agency ID nor the code of an agency`},
		{[]string{"--role", "EMPLOYEE", "--employee", "199001012020121001"}, `--employee: "199001012020121001" is neither an employee ID nor the NIP`},
		{[]string{"--role", "EMPLOYEE", "--employee", "budi"}, "nor a NIP (18 digits)"},
		{[]string{"--role", "PARTNER", "--partner", "UKR"}, "--partner"},
	} {
		err := run(ctx, append([]string{"token"}, tt.args...), env(vars), io.Discard)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%v: err = %v, want it to mention %q", tt.args, err, tt.want)
		}
	}

	// A code needs a database, and the command does not create one.
	empty := t.TempDir()
	err = run(ctx, []string{"token", "--role", "HR_OFFICER", "--agency", "KMN"}, env(map[string]string{"KEMBANG_JWT_SECRET": testSecret, "KEMBANG_DATA_DIR": empty}), io.Discard)
	if err == nil || !strings.Contains(err.Error(), "no database") {
		t.Errorf("code without a database: err = %v", err)
	}
	if entries, _ := os.ReadDir(empty); len(entries) > 0 {
		t.Errorf("the token command created %v", entries)
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
