package main

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"kembang/internal/store/storetest"
)

// TestDemoHeadersLoopbackOnly checks that /explorer/demo-headers hands
// its ADMIN token to clients on the server's machine only: the
// connection's remote address decides, headers a client can write never
// admit, and a request forwarded by a proxy or naming another host (DNS
// rebinding) is refused (issue #15, finding 11).
func TestDemoHeadersLoopbackOnly(t *testing.T) {
	cfg := testConfig()
	a := &app{cfg: cfg, db: storetest.Open(t, storetest.SQLite), log: newLogger(cfg, io.Discard), verifier: testVerifier(t, cfg), demo: true}
	h := a.handler()
	for _, tt := range []struct {
		name   string
		remote string
		host   string
		header [][2]string
		ok     bool
	}{
		{name: "IPv4 loopback", remote: "127.0.0.1:50000", host: "localhost:8080", ok: true},
		{name: "other IPv4 loopback", remote: "127.0.0.2:50000", host: "127.0.0.1:8080", ok: true},
		{name: "IPv6 loopback", remote: "[::1]:50000", host: "[::1]:8080", ok: true},
		{name: "IPv4-mapped loopback", remote: "[::ffff:127.0.0.1]:50000", host: "localhost", ok: true},
		{name: "LAN client", remote: "192.168.1.20:50000", host: "localhost:8080"},
		{name: "public client", remote: "203.0.113.7:50000", host: "127.0.0.1:8080"},
		{name: "IPv6 client", remote: "[2001:db8::1]:50000", host: "localhost:8080"},
		{name: "remote client forging X-Forwarded-For", remote: "203.0.113.7:50000", host: "localhost:8080", header: [][2]string{{"X-Forwarded-For", "127.0.0.1"}}},
		{name: "remote client forging X-Real-IP", remote: "203.0.113.7:50000", host: "localhost:8080", header: [][2]string{{"X-Real-IP", "::1"}}},
		{name: "remote client forging Forwarded", remote: "203.0.113.7:50000", host: "localhost:8080", header: [][2]string{{"Forwarded", "for=127.0.0.1"}}},
		{name: "proxy on this machine", remote: "127.0.0.1:50000", host: "localhost:8080", header: [][2]string{{"X-Forwarded-For", "203.0.113.7"}}},
		{name: "proxy on this machine, Forwarded", remote: "127.0.0.1:50000", host: "localhost:8080", header: [][2]string{{"Forwarded", "for=203.0.113.7"}}},
		{name: "DNS rebinding", remote: "127.0.0.1:50000", host: "attacker.example:8080"},
		{name: "machine name", remote: "127.0.0.1:50000", host: "kembang.internal"},
		{name: "no remote address", remote: "", host: "localhost:8080"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodGet, "/explorer/demo-headers", nil)
			r.RemoteAddr, r.Host = tt.remote, tt.host
			for _, hd := range tt.header {
				r.Header.Set(hd[0], hd[1])
			}
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			if cc := w.Header().Get("Cache-Control"); cc != "no-store" {
				t.Errorf("Cache-Control %q", cc)
			}
			if tt.ok {
				if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `"Authorization":"Bearer `) {
					t.Errorf("%d %s, want a token", w.Code, w.Body)
				}
				return
			}
			if w.Code != http.StatusForbidden || strings.Contains(w.Body.String(), "Bearer") {
				t.Errorf("%d %s, want 403 without a token", w.Code, w.Body)
			}
			if r := decode(t, w.Body.Bytes()); len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != "FORBIDDEN" {
				t.Errorf("body %s, want a FORBIDDEN GraphQL error", w.Body)
			}
		})
	}
}

// TestDemoHeadersOverTheNetwork serves the demo on every interface and
// asks for a token through a real connection from a loopback address
// and from the machine's own network address.
func TestDemoHeadersOverTheNetwork(t *testing.T) {
	external := nonLoopbackIP(t)
	cfg := testConfig()
	a := &app{cfg: cfg, db: storetest.Open(t, storetest.SQLite), log: newLogger(cfg, io.Discard), verifier: testVerifier(t, cfg), demo: true}
	ln, err := net.Listen("tcp", ":0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: a.handler(), ReadHeaderTimeout: time.Second}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	_, port, _ := net.SplitHostPort(ln.Addr().String())

	get := func(ip string) int {
		t.Helper()
		resp, err := http.Get("http://" + net.JoinHostPort(ip, port) + "/explorer/demo-headers")
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := get("127.0.0.1"); code != http.StatusOK {
		t.Errorf("from 127.0.0.1: %d, want 200", code)
	}
	if code := get(external); code != http.StatusForbidden {
		t.Errorf("from %s: %d, want 403", external, code)
	}
}

// nonLoopbackIP returns an IPv4 address of this machine that is not a
// loopback one, or skips the test.
func nonLoopbackIP(t *testing.T) string {
	t.Helper()
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		t.Skipf("interface addresses: %v", err)
	}
	for _, a := range addrs {
		if n, ok := a.(*net.IPNet); ok && n.IP.To4() != nil && !n.IP.IsLoopback() && !n.IP.IsLinkLocalUnicast() {
			return n.IP.String()
		}
	}
	t.Skip("no non-loopback IPv4 address")
	return ""
}

// TestDemoListenAddr checks that the embedded demo listens on
// 127.0.0.1 unless an address is given by flag or environment, and that
// other configurations keep listening on every interface (finding 11).
func TestDemoListenAddr(t *testing.T) {
	for _, tt := range []struct {
		name string
		args []string
		env  map[string]string
		want string
	}{
		{name: "embedded demo", want: "127.0.0.1:8080"},
		{name: "embedded demo, --addr", args: []string{"--addr", ":9000"}, want: ":9000"},
		{name: "embedded demo, KEMBANG_ADDR", env: map[string]string{"KEMBANG_ADDR": "0.0.0.0:9000"}, want: "0.0.0.0:9000"},
		{name: "embedded demo, PORT", env: map[string]string{"PORT": "9000"}, want: ":9000"},
		{name: "demo tokens off", env: map[string]string{"KEMBANG_DEMO_TOKENS": "false"}, want: ":8080"},
		{name: "embedded store with a secret", env: map[string]string{"KEMBANG_JWT_SECRET": testSecret}, want: ":8080"},
		{name: "embedded store with OIDC", env: map[string]string{"KEMBANG_OIDC": "true", "KEMBANG_JWT_ISSUER": "https://sso.example.go.id/realms/kembang"}, want: ":8080"},
		{name: "PostgreSQL", env: map[string]string{"DATABASE_URL": "postgres://db:5432/kembang"}, want: ":8080"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c, err := parseConfig("serve", tt.args, env(tt.env), io.Discard)
			if err != nil {
				t.Fatal(err)
			}
			if c.addr != tt.want {
				t.Errorf("addr %q, want %q", c.addr, tt.want)
			}
		})
	}
}

// dockerEnv returns the environment that the Dockerfile's final stage
// sets (ENV instructions after the last FROM).
func dockerEnv(t *testing.T) map[string]string {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var lines []string // instructions, continuation lines joined
	cont := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if !cont && (line == "" || strings.HasPrefix(line, "#")) {
			continue
		}
		more := strings.HasSuffix(line, `\`)
		line = strings.TrimSpace(strings.TrimSuffix(line, `\`))
		if cont {
			lines[len(lines)-1] += " " + line
		} else {
			lines = append(lines, line)
		}
		cont = more
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, l := range lines {
		word, rest, _ := strings.Cut(l, " ")
		switch strings.ToUpper(word) {
		case "FROM":
			clear(out)
		case "ENV":
			fields := strings.Fields(rest)
			if len(fields) > 0 && !strings.Contains(fields[0], "=") { // ENV key value
				out[fields[0]] = strings.TrimSpace(strings.TrimPrefix(rest, fields[0]))
				continue
			}
			for _, kv := range fields {
				k, v, _ := strings.Cut(kv, "=")
				out[k] = strings.Trim(v, `"'`)
			}
		}
	}
	return out
}

// TestDockerImage checks the Dockerfile's settings, since no container
// engine runs here: the image never serves demo tokens, listens on every
// interface of the container, and without DATABASE_URL keeps the
// embedded store in /data; and a server started with exactly that
// environment runs, seeds, serves, and hands out no token (finding 11).
func TestDockerImage(t *testing.T) {
	e := dockerEnv(t)
	if e["KEMBANG_DEMO_TOKENS"] != "false" {
		t.Fatalf("the Dockerfile sets KEMBANG_DEMO_TOKENS=%q, want false (env %v)", e["KEMBANG_DEMO_TOKENS"], e)
	}
	if _, ok := e["DATABASE_URL"]; ok {
		t.Errorf("the Dockerfile sets DATABASE_URL")
	}
	cfg, err := parseConfig("serve", nil, env(e), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if demoMode(cfg) || cfg.demoTokens || !cfg.embedded() || cfg.dataDir != "/data" || cfg.addr != ":8080" {
		t.Fatalf("image config: demo %v, demo tokens %v, embedded %v, data dir %q, addr %q", demoMode(cfg), cfg.demoTokens, cfg.embedded(), cfg.dataDir, cfg.addr)
	}

	// Run it: the data directory and port of the test instead of /data
	// and 8080, and a small seed.
	dir := t.TempDir()
	e["KEMBANG_SEED_EMPLOYEES"] = "40"
	e["KEMBANG_LOG_LEVEL"] = "info"
	logs := &syncBuffer{}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--data-dir", dir}, env(e), logs)
	}()
	base := waitFor(t, logs, regexp.MustCompile(`explorer=(http://127\.0\.0\.1:\d+/)`), done)
	for path, want := range map[string]int{"healthz": 200, "explorer/demo-headers": 404} {
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != want || strings.Contains(string(body), "Bearer") {
			t.Errorf("GET /%s: %d %s, want %d", path, resp.StatusCode, body, want)
		}
	}
	resp, r := gql(t, strings.TrimSuffix(base, "/"), `{ __typename }`, nil)
	if resp.StatusCode != 200 || len(r.Errors) > 0 {
		t.Errorf("anonymous query: %d %+v", resp.StatusCode, r.Errors)
	}
	if _, err := os.Stat(filepath.Join(dir, demoSecretFile)); err == nil {
		t.Error("the image's server made a demo secret")
	}
	if _, err := os.Stat(filepath.Join(dir, "kembang.db")); err != nil {
		t.Errorf("no embedded database in the data directory: %v", err)
	}
	if strings.Contains(logs.String(), "demo mode") || !strings.Contains(logs.String(), "demo data loaded") {
		t.Errorf("logs:\n%s", logs)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("run: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("run did not return")
	}
}
