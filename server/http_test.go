package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"kembang/ent/agency"
	"kembang/graph"
	"kembang/internal/access"
	"kembang/internal/auth"
	"kembang/internal/explorer"
	"kembang/internal/store"
	"kembang/internal/store/seed"
	"kembang/internal/store/storetest"
	"kembang/internal/viewer"
)

// syncBuffer is a bytes.Buffer safe for concurrent writers, to capture
// logs.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

// Write appends p.
func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

// String returns what was written.
func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// testConfig returns the serve configuration of the HTTP tests.
func testConfig() config {
	return config{
		cmd:            "serve",
		corsOrigins:    []string{"http://localhost:3000"},
		introspection:  true,
		maxBodyBytes:   16 << 10,
		requestTimeout: 10 * time.Second,
		shutdownGrace:  5 * time.Second,
		logFormat:      "text",
		logLevel:       slog.LevelDebug,
		targetPNS:      20,
		targetPPPK:     24,
		jwtIssuer:      "kembang",
		jwtAudience:    []string{"kembang-api"},
		jwtSecret:      testSecret,
	}
}

// seededStore returns a migrated SQLite store in a temporary directory,
// holding a small demo data set.
func seededStore(t testing.TB) *store.DB {
	t.Helper()
	db := storetest.Open(t, storetest.SQLite)
	if _, err := seed.Run(context.Background(), db.Client, seed.Options{Employees: 40}); err != nil {
		t.Fatal(err)
	}
	return db
}

// newTestServer serves a's handler on an httptest server.
func newTestServer(t *testing.T, a *app) *httptest.Server {
	t.Helper()
	if a.verifier == nil {
		a.verifier = testVerifier(t, a.cfg)
	}
	ts := httptest.NewServer(signedIn(t, a.handler()))
	t.Cleanup(ts.Close)
	return ts
}

// do sends req and returns the response with its body read.
func do(t *testing.T, req *http.Request) (*http.Response, []byte) {
	t.Helper()
	resp, err := http.DefaultTransport.RoundTrip(req) // no transparent gzip
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, body
}

// get sends a GET request for path.
func get(t *testing.T, ts *httptest.Server, path string, header ...string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, ts.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return do(t, req)
}

// gqlResponse is a GraphQL response.
type gqlResponse struct {
	Data   json.RawMessage `json:"data"`
	Errors []struct {
		Message    string         `json:"message"`
		Extensions map[string]any `json:"extensions"`
	} `json:"errors"`
}

// decode parses a GraphQL response body.
func decode(t *testing.T, body []byte) gqlResponse {
	t.Helper()
	var r gqlResponse
	if err := json.Unmarshal(body, &r); err != nil {
		t.Fatalf("decoding %s: %v", body, err)
	}
	return r
}

const employeesQuery = `{ employees(first: 5, orderBy: {field: FULL_NAME}) { totalCount edges { node { nip fullName } } } }`

func TestHTTP(t *testing.T) {
	db := seededStore(t)
	logs := &syncBuffer{}
	cfg := testConfig()
	a := &app{cfg: cfg, db: db, log: newLogger(cfg, logs)}
	ts := newTestServer(t, a)

	t.Run("healthz", func(t *testing.T) {
		resp, body := get(t, ts, "/healthz")
		if resp.StatusCode != 200 || string(body) != "ok\n" {
			t.Errorf("got %d %q", resp.StatusCode, body)
		}
	})

	t.Run("readyz", func(t *testing.T) {
		resp, body := get(t, ts, "/readyz")
		var got map[string]string
		if err := json.Unmarshal(body, &got); err != nil || resp.StatusCode != 200 || got["status"] != "ok" {
			t.Errorf("got %d %s (%v)", resp.StatusCode, body, err)
		}
	})

	t.Run("schema", func(t *testing.T) {
		resp, body := get(t, ts, "/schema.graphql")
		if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/plain") {
			t.Fatalf("got %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		for _, want := range []string{"type Query", "employees(", "type Mutation", "scalar Time", "enum EmployeeOrderField"} {
			if !bytes.Contains(body, []byte(want)) {
				t.Errorf("schema lacks %q", want)
			}
		}
		if bytes.Contains(body, []byte("@go")) {
			t.Errorf("schema shows gqlgen directives")
		}
		if _, err := gqlparser.LoadSchema(&ast.Source{Name: "schema.graphql", Input: string(body)}); err != nil {
			t.Errorf("the SDL does not load: %v", err)
		}
		// The executor's schema keeps them.
		if graph.NewExecutableSchema(graph.Config{}).Schema().Directives["goModel"] == nil {
			t.Errorf("publicSchema changed the executor's schema")
		}
	})

	t.Run("explorer", func(t *testing.T) {
		resp, body := get(t, ts, "/")
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/html; charset=utf-8" {
			t.Fatalf("got %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		if resp.Header.Get("Content-Security-Policy") != explorer.CSP {
			t.Errorf("CSP = %q", resp.Header.Get("Content-Security-Policy"))
		}
		if bytes.Contains(body, []byte("https://")) || bytes.Contains(body, []byte("http://")) {
			t.Errorf("the page loads something from elsewhere:\n%s", body)
		}
		i := bytes.Index(body, []byte("/explorer/graphiql.min.js?v="))
		if i < 0 {
			t.Fatalf("the page does not load GraphiQL:\n%s", body)
		}
		src := string(body[i:])
		src = src[:strings.IndexByte(src, '"')]

		resp, js := get(t, ts, src)
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/javascript; charset=utf-8" || len(js) < 100_000 {
			t.Fatalf("%s: got %d %s, %d bytes", src, resp.StatusCode, resp.Header.Get("Content-Type"), len(js))
		}
		if cc := resp.Header.Get("Cache-Control"); !strings.Contains(cc, "immutable") {
			t.Errorf("Cache-Control = %q, want immutable", cc)
		}
		etag := resp.Header.Get("ETag")
		if resp, _ := get(t, ts, src, "If-None-Match", etag); resp.StatusCode != http.StatusNotModified {
			t.Errorf("If-None-Match: got %d, want 304", resp.StatusCode)
		}
		resp, z := get(t, ts, src, "Accept-Encoding", "gzip, deflate")
		if resp.Header.Get("Content-Encoding") != "gzip" || len(z) >= len(js)/2 {
			t.Errorf("gzip: Content-Encoding %q, %d bytes of %d", resp.Header.Get("Content-Encoding"), len(z), len(js))
		}

		resp, _ = get(t, ts, "/explorer/explorer.js")
		if resp.StatusCode != 200 || resp.Header.Get("Cache-Control") != "no-cache" {
			t.Errorf("explorer.js without version: got %d, Cache-Control %q", resp.StatusCode, resp.Header.Get("Cache-Control"))
		}
		if resp, _ := get(t, ts, "/explorer/nope.js"); resp.StatusCode != 404 {
			t.Errorf("missing asset: got %d", resp.StatusCode)
		}
	})

	t.Run("post", func(t *testing.T) {
		body, _ := json.Marshal(map[string]any{"query": employeesQuery})
		req, _ := http.NewRequest(http.MethodPost, ts.URL+"/graphql", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		resp, out := do(t, req)
		r := decode(t, out)
		if resp.StatusCode != 200 || len(r.Errors) > 0 {
			t.Fatalf("got %d %s", resp.StatusCode, out)
		}
		var data struct {
			Employees struct {
				TotalCount int
				Edges      []struct {
					Node struct{ NIP, FullName string }
				}
			}
		}
		if err := json.Unmarshal(r.Data, &data); err != nil {
			t.Fatal(err)
		}
		if data.Employees.TotalCount < 40 || len(data.Employees.Edges) != 5 || data.Employees.Edges[0].Node.NIP == "" {
			t.Errorf("data = %s", r.Data)
		}
		if n, err := strconv.Atoi(resp.Header.Get("X-SQL-Statements")); err != nil || n < 1 || n > 5 {
			t.Errorf("X-SQL-Statements = %q", resp.Header.Get("X-SQL-Statements"))
		}
		id := resp.Header.Get("X-Request-ID")
		if id == "" {
			t.Fatal("no X-Request-ID")
		}
		line := logLine(logs.String(), id)
		for _, want := range []string{"method=POST", "path=/graphql", "status=200", "sql_statements="} {
			if !strings.Contains(line, want) {
				t.Errorf("access log %q lacks %q", line, want)
			}
		}
	})

	t.Run("get", func(t *testing.T) {
		resp, out := get(t, ts, "/graphql?query="+url.QueryEscape(employeesQuery))
		if r := decode(t, out); resp.StatusCode != 200 || len(r.Errors) > 0 || !bytes.Contains(r.Data, []byte("totalCount")) {
			t.Errorf("got %d %s", resp.StatusCode, out)
		}
	})

	t.Run("mutation over GET", func(t *testing.T) {
		q := `mutation { createAgency(input: {code: "GETX", name: "Via GET", region: "Nowhere"}) { id } }`
		resp, out := get(t, ts, "/graphql?query="+url.QueryEscape(q))
		if r := decode(t, out); resp.StatusCode != http.StatusNotAcceptable || len(r.Errors) == 0 {
			t.Errorf("got %d %s", resp.StatusCode, out)
		}
		if n, err := db.Client.Agency.Query().Where(agency.Code("GETX")).Count(access.System(context.Background())); err != nil || n != 0 {
			t.Errorf("agencies created over GET: %d (%v)", n, err)
		}
	})

	t.Run("other methods", func(t *testing.T) {
		req, _ := http.NewRequest(http.MethodPut, ts.URL+"/graphql", strings.NewReader("{}"))
		if resp, _ := do(t, req); resp.StatusCode != http.StatusMethodNotAllowed {
			t.Errorf("PUT: got %d", resp.StatusCode)
		}
	})

	t.Run("body too large", func(t *testing.T) {
		big := `{"query":"{ __typename }","variables":{"pad":"` + strings.Repeat("x", int(cfg.maxBodyBytes)) + `"}}`
		for _, chunked := range []bool{false, true} {
			var r io.Reader = strings.NewReader(big)
			if chunked {
				r = io.MultiReader(r) // unknown length: sent chunked
			}
			req, _ := http.NewRequest(http.MethodPost, ts.URL+"/graphql", r)
			req.Header.Set("Content-Type", "application/json")
			resp, out := do(t, req)
			g := decode(t, out)
			if resp.StatusCode != http.StatusRequestEntityTooLarge || len(g.Errors) != 1 || g.Errors[0].Extensions["code"] != "PAYLOAD_TOO_LARGE" {
				t.Errorf("chunked %v: got %d %s", chunked, resp.StatusCode, out)
			}
		}
	})

	t.Run("cors", func(t *testing.T) {
		preflight := func(origin string) *http.Response {
			req, _ := http.NewRequest(http.MethodOptions, ts.URL+"/graphql", nil)
			req.Header.Set("Origin", origin)
			req.Header.Set("Access-Control-Request-Method", "POST")
			// Browsers send the names lower-case and sorted; rs/cors relies on it.
			req.Header.Set("Access-Control-Request-Headers", "authorization,content-type")
			resp, _ := do(t, req)
			return resp
		}
		resp := preflight("http://localhost:3000")
		if resp.StatusCode >= 300 || resp.Header.Get("Access-Control-Allow-Origin") != "http://localhost:3000" {
			t.Errorf("allowed origin: got %d, Allow-Origin %q", resp.StatusCode, resp.Header.Get("Access-Control-Allow-Origin"))
		}
		if h := strings.ToLower(resp.Header.Get("Access-Control-Allow-Headers")); !strings.Contains(h, "authorization") {
			t.Errorf("Allow-Headers = %q", h)
		}
		resp = preflight("https://evil.example")
		if resp.Header.Get("Access-Control-Allow-Origin") != "" {
			t.Errorf("other origin: Allow-Origin %q", resp.Header.Get("Access-Control-Allow-Origin"))
		}
	})

	t.Run("request id", func(t *testing.T) {
		resp, _ := get(t, ts, "/healthz", "X-Request-ID", "trace-42")
		if got := resp.Header.Get("X-Request-ID"); got != "trace-42" {
			t.Errorf("X-Request-ID = %q, want trace-42", got)
		}
		if line := logLine(logs.String(), "trace-42"); !strings.Contains(line, "path=/healthz") {
			t.Errorf("no access log line with the request id: %q", line)
		}
		resp, _ = get(t, ts, "/healthz", "X-Request-ID", "bad id;drop")
		if got := resp.Header.Get("X-Request-ID"); got == "" || strings.Contains(got, " ") {
			t.Errorf("X-Request-ID = %q, want a new id", got)
		}
	})

	t.Run("introspection off", func(t *testing.T) {
		cfg := testConfig()
		cfg.introspection = false
		ts := newTestServer(t, &app{cfg: cfg, db: db, log: slog.New(slog.DiscardHandler)})
		if resp, _ := get(t, ts, "/schema.graphql"); resp.StatusCode != 404 {
			t.Errorf("/schema.graphql: got %d, want 404", resp.StatusCode)
		}
		resp, out := get(t, ts, "/graphql?query="+url.QueryEscape(`{ __schema { queryType { name } } }`))
		if r := decode(t, out); len(r.Errors) == 0 {
			t.Errorf("introspection: got %d %s", resp.StatusCode, out)
		}
	})

	t.Run("readyz while draining", func(t *testing.T) {
		a.draining.Store(true)
		defer a.draining.Store(false)
		if resp, _ := get(t, ts, "/readyz"); resp.StatusCode != http.StatusServiceUnavailable {
			t.Errorf("got %d, want 503", resp.StatusCode)
		}
	})
}

// logLine returns the first line of logs that holds s.
func logLine(logs, s string) string {
	for line := range strings.SplitSeq(logs, "\n") {
		if strings.Contains(line, s) {
			return line
		}
	}
	return ""
}

func TestRecoverPanics(t *testing.T) {
	logs := &syncBuffer{}
	cfg := testConfig()
	a := &app{cfg: cfg, log: newLogger(cfg, logs)}
	h := a.server().Observe(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
		panic("boom")
	}))
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/x", nil))
	if w.Code != 500 || !strings.Contains(w.Body.String(), "INTERNAL_SERVER_ERROR") {
		t.Errorf("got %d %s", w.Code, w.Body)
	}
	if !strings.Contains(logs.String(), "panic=boom") || !strings.Contains(logs.String(), "status=500") {
		t.Errorf("logs:\n%s", logs)
	}
}

// A request in flight when shutdown starts completes, and serveOn then
// returns nil.
func TestServeOnGracefulShutdown(t *testing.T) {
	db := storetest.Open(t, storetest.SQLite)
	cfg := testConfig()
	a := &app{cfg: cfg, db: db, log: slog.New(slog.DiscardHandler)}
	ln, cancel, done := startServeOn(t, a, a.handler())

	// Send the headers and half the body, start the shutdown, then send
	// the rest.
	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	body := `{"query":"{ __typename }"}`
	half := len(body) / 2
	head := "POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " + strconv.Itoa(len(body)) + "\r\n\r\n"
	if _, err := io.WriteString(conn, head+body[:half]); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond)
	cancel()
	time.Sleep(200 * time.Millisecond)
	select {
	case err := <-done:
		t.Fatalf("serveOn returned with a request in flight: %v", err)
	default:
	}
	// While draining, /readyz is red (asked in-process: the listener is
	// closed) and new connections are refused.
	rec := httptest.NewRecorder()
	signedIn(t, a.handler()).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/readyz", nil))
	if rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), "shutting down") {
		t.Errorf("/readyz while draining: %d %s", rec.Code, rec.Body)
	}
	if c, err := net.DialTimeout("tcp", ln.Addr().String(), time.Second); err == nil {
		c.Close()
		t.Error("a new connection was accepted while draining")
	}
	if _, err := io.WriteString(conn, body[half:]); err != nil {
		t.Fatal(err)
	}
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	out, _ := io.ReadAll(conn) // the server closes the connection after the response
	if !bytes.HasPrefix(out, []byte("HTTP/1.1 200")) || !bytes.Contains(out, []byte(`"__typename":"Query"`)) {
		t.Errorf("response:\n%s", out)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serveOn: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Error("serveOn did not return after shutdown")
	}
}

// testVerifier returns the verifier of cfg's test secret.
func testVerifier(t testing.TB, cfg config) *auth.Verifier {
	t.Helper()
	v, err := newVerifier(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// bearer returns the Authorization header of a test token for v.
func bearer(t testing.TB, v viewer.Viewer) string {
	t.Helper()
	tok, err := auth.Mint(authConfig(testConfig()), v, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	return "Bearer " + tok
}

// anonymousHeader marks a test request that must go without credentials;
// signedIn removes it.
const anonymousHeader = "X-Test-Anonymous"

// signedIn serves requests without credentials as an ADMIN with a test
// token, as the tests that are not about access control expect, unless
// they carry anonymousHeader.
func signedIn(t testing.TB, next http.Handler) http.Handler {
	admin := bearer(t, viewer.Viewer{Subject: "test:admin", Role: viewer.Admin})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.Header.Get(anonymousHeader) != "":
			r.Header.Del(anonymousHeader)
		case r.Header.Get("Authorization") == "" && r.Header.Get(auth.APIKeyHeader) == "":
			r.Header.Set("Authorization", admin)
		}
		next.ServeHTTP(w, r)
	})
}
