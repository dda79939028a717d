package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/99designs/gqlgen/graphql"

	"kembang/ent/agency"
	"kembang/graph"
	"kembang/internal/access"
	"kembang/internal/auth"
	"kembang/internal/httpapi"
	"kembang/internal/store"
	"kembang/internal/store/storetest"
	"kembang/internal/viewer"
)

// TestResolverPanic checks that a panic inside a GraphQL resolver, not
// only in an HTTP handler, becomes a masked INTERNAL_SERVER_ERROR with
// the request id, rolls back the mutation it interrupted, and leaves the
// server serving.
func TestResolverPanic(t *testing.T) {
	db := storetest.Open(t, storetest.SQLite)
	logs := &syncBuffer{}
	cfg := testConfig()
	a := &app{cfg: cfg, db: db, log: newLogger(cfg, logs)}
	// The server of a.handler, with a middleware that panics in every
	// field aliased "boom".
	gql := graph.NewServer(db.Client, graph.Options{Logger: a.log, RequestID: httpapi.RequestID, Classify: store.Classify})
	gql.AroundFields(func(ctx context.Context, next graphql.Resolver) (any, error) {
		if graphql.GetFieldContext(ctx).Field.Alias == "boom" {
			panic("resolver boom: SELECT secret FROM t")
		}
		return next(ctx)
	})
	a.verifier = testVerifier(t, cfg)
	authn := auth.Middleware(a.verifier, nil, auth.Options{})
	ts := httptest.NewServer(signedIn(t, a.server().Observe(authn(gql))))
	defer ts.Close()

	post := func(query, id string) (*http.Response, gqlResponse, []byte) {
		t.Helper()
		body, _ := json.Marshal(map[string]string{"query": query})
		req, _ := http.NewRequest(http.MethodPost, ts.URL, bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Request-ID", id)
		resp, b := do(t, req)
		return resp, decode(t, b), b
	}
	for _, tc := range []struct{ name, query string }{
		{"query", `{ ok: agencies(first: 1) { totalCount } boom: agencies(first: 1) { totalCount } }`},
		{"mutation", `mutation { boom: createAgency(input: {code: "PANIC", name: "Panic", region: "Nowhere"}) { id } }`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			id := "panic-" + tc.name
			resp, r, raw := post(tc.query, id)
			if resp.StatusCode != http.StatusOK || len(r.Errors) != 1 {
				t.Fatalf("got %d %s", resp.StatusCode, raw)
			}
			e := r.Errors[0]
			if e.Message != "internal error" || e.Extensions["code"] != "INTERNAL_SERVER_ERROR" || e.Extensions["requestId"] != id {
				t.Errorf("error = %+v, want a masked INTERNAL_SERVER_ERROR with requestId %s", e, id)
			}
			if bytes.Contains(raw, []byte("resolver boom")) || bytes.Contains(raw, []byte("SELECT")) {
				t.Errorf("the panic value leaks: %s", raw)
			}
			if !strings.Contains(logs.String(), "graphql: panic") || !strings.Contains(logs.String(), "request_id="+id) {
				t.Errorf("panic not logged with the request id:\n%s", logs)
			}
		})
	}
	if n := db.Client.Agency.Query().Where(agency.Code("PANIC")).CountX(access.System(context.Background())); n != 0 {
		t.Errorf("the interrupted mutation left %d agencies", n)
	}
	// Still serving.
	resp, r, raw := post(`{ agencies(first: 1) { totalCount } }`, "after-panic")
	if resp.StatusCode != http.StatusOK || len(r.Errors) != 0 {
		t.Errorf("after the panics: %d %s", resp.StatusCode, raw)
	}
}

// TestRunShutdownUnderLoad runs the serve command, loads it with
// concurrent requests, some of them still sending their body, and
// cancels its context as SIGTERM does: the requests in flight complete
// with 200, new connections are refused, and run returns nil within the
// shutdown grace period.
func TestRunShutdownUnderLoad(t *testing.T) {
	cfg := storetest.Config(t, storetest.SQLite)
	e := storeEnv(cfg)
	e["KEMBANG_LOG_LEVEL"] = "info"
	const grace = 5 * time.Second
	e["KEMBANG_SHUTDOWN_GRACE"] = grace.String()
	e["KEMBANG_JWT_SECRET"] = testSecret
	authz := bearer(t, viewer.Viewer{Subject: "test:admin", Role: viewer.Admin})
	logs := &syncBuffer{}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"--addr", "127.0.0.1:0"}, env(e), logs) }()
	base := strings.TrimSuffix(waitFor(t, logs, regexp.MustCompile(`explorer=(http://127\.0\.0\.1:\d+/)`), done), "/")
	addr := strings.TrimPrefix(base, "http://")

	// Slow requests: headers and half the body now, the rest after the
	// shutdown has started.
	const slow = 6
	body := `{"query":"{ employees(first: 20, orderBy: {field: FULL_NAME}) { totalCount edges { node { nip fullName agency { name } } } } }"}`
	half := len(body) / 2
	head := "POST /graphql HTTP/1.1\r\nHost: x\r\nAuthorization: " + authz + "\r\nContent-Type: application/json\r\nContent-Length: " + strconv.Itoa(len(body)) + "\r\n\r\n"
	conns := make([]net.Conn, slow)
	for i := range conns {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		if _, err := io.WriteString(c, head+body[:half]); err != nil {
			t.Fatal(err)
		}
		conns[i] = c
	}

	// Steady load until the shutdown: every response must be a 200.
	var (
		stopLoad         atomic.Bool
		ok, refused, bad atomic.Int64
		badMu            sync.Mutex
		badSample        string
		wg               sync.WaitGroup
	)
	client := &http.Client{Timeout: 10 * time.Second}
	for range 4 {
		wg.Go(func() {
			for !stopLoad.Load() {
				req, _ := http.NewRequest(http.MethodPost, base+"/graphql", strings.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Authorization", authz)
				resp, err := client.Do(req)
				if err != nil {
					refused.Add(1) // after the shutdown began: refused or closed
					time.Sleep(10 * time.Millisecond)
					continue
				}
				b, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode == http.StatusOK && !bytes.Contains(b, []byte(`"errors"`)) {
					ok.Add(1)
				} else {
					bad.Add(1)
					badMu.Lock()
					badSample = fmt.Sprintf("%d %s", resp.StatusCode, b)
					badMu.Unlock()
				}
			}
		})
	}
	time.Sleep(500 * time.Millisecond)
	okBefore := ok.Load()

	cancel() // what SIGTERM does
	shutdownStarted := time.Now()
	time.Sleep(300 * time.Millisecond)
	select {
	case err := <-done:
		t.Fatalf("run returned with %d requests in flight: %v", slow, err)
	default:
	}
	if c, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
		c.Close()
		t.Error("a new connection was accepted after the shutdown began")
	} else if !errors.Is(err, syscall.ECONNREFUSED) {
		t.Logf("new connection: %v", err)
	}

	// The slow requests complete.
	for i, c := range conns {
		if _, err := io.WriteString(c, body[half:]); err != nil {
			t.Fatalf("slow request %d: %v", i, err)
		}
	}
	for i, c := range conns {
		c.SetReadDeadline(time.Now().Add(grace))
		out, _ := io.ReadAll(c) // the server closes the connection after the response
		if !bytes.HasPrefix(out, []byte("HTTP/1.1 200")) || !bytes.Contains(out, []byte(`"totalCount"`)) || bytes.Contains(out, []byte(`"errors"`)) {
			t.Errorf("slow request %d: response:\n%s", i, out)
		}
	}
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("run: %v, want nil (exit 0)", err)
		}
	case <-time.After(grace + time.Second):
		t.Fatalf("run did not return within the grace period of %v", grace)
	}
	took := time.Since(shutdownStarted)
	stopLoad.Store(true)
	wg.Wait()
	if took > grace {
		t.Errorf("shutdown took %v, more than the grace period %v", took, grace)
	}
	if bad.Load() > 0 {
		t.Errorf("%d responses were not a clean 200, e.g. %s", bad.Load(), badSample)
	}
	if okBefore == 0 {
		t.Error("no request succeeded before the shutdown")
	}
	if !strings.Contains(logs.String(), "stopped") {
		t.Errorf("no clean stop in the logs:\n%s", logs)
	}
	t.Logf("load: %d ok (%d before the shutdown), %d refused after it; %d slow requests completed; shutdown took %v",
		ok.Load(), okBefore, refused.Load(), slow, took.Round(time.Millisecond))
}
