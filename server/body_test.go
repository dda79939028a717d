package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"kembang/internal/httpapi"
	"kembang/internal/store/storetest"
)

// bigBody is a GraphQL request body of about size bytes.
func bigBody(size int) []byte {
	return []byte(`{"query":"{ __typename }","variables":{"pad":"` + strings.Repeat("x", size) + `"}}`)
}

// checkTooLarge checks that resp is the 413 of limitBody: a JSON
// GraphQL error with code PAYLOAD_TOO_LARGE.
func checkTooLarge(t *testing.T, resp *http.Response) {
	t.Helper()
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		t.Fatalf("reading the 413's body: %v", err)
	}
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Fatalf("status %d %s, want 413", resp.StatusCode, body)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type %q", ct)
	}
	g := decode(t, body)
	if len(g.Errors) != 1 || g.Errors[0].Extensions["code"] != "PAYLOAD_TOO_LARGE" || !strings.Contains(g.Errors[0].Message, "limit") {
		t.Errorf("body %s, want one PAYLOAD_TOO_LARGE error", body)
	}
}

// TestBodyTooLargeReachesClient sends bodies far over the limit through
// real connections and checks that the client reads the 413 and its
// GraphQL error, instead of a broken pipe or a reset connection (issue
// #15, finding 13): a raw client that writes the whole body before it
// reads anything, with a length and chunked; Go's client; and a client
// that asks first (Expect: 100-continue) and so never sends the body.
func TestBodyTooLargeReachesClient(t *testing.T) {
	cfg := testConfig() // a 16 KiB limit
	a := &app{cfg: cfg, db: storetest.Open(t, storetest.SQLite), log: newLogger(cfg, io.Discard)}
	ts := newTestServer(t, a)
	addr := strings.TrimPrefix(ts.URL, "http://")
	// Larger than what the kernel buffers of a loopback connection hold
	// (a few MiB), so that the client is still writing when the server
	// answers; within the drain bound.
	body := bigBody(httpapi.MaxDrain - 1<<20)

	// rawPost writes the request and the whole body, then reads the
	// response, as curl and many simple clients do.
	rawPost := func(t *testing.T, chunked bool) {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		conn.SetDeadline(time.Now().Add(30 * time.Second))
		var req bytes.Buffer
		fmt.Fprintf(&req, "POST /graphql HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\n", addr)
		if chunked {
			req.WriteString("Transfer-Encoding: chunked\r\n\r\n")
			for rest := body; len(rest) > 0; {
				n := min(len(rest), 32<<10)
				fmt.Fprintf(&req, "%x\r\n%s\r\n", n, rest[:n])
				rest = rest[n:]
			}
			req.WriteString("0\r\n\r\n")
		} else {
			fmt.Fprintf(&req, "Content-Length: %d\r\n\r\n", len(body))
			req.Write(body)
		}
		if _, err := conn.Write(req.Bytes()); err != nil {
			t.Fatalf("writing the request: %v (the server did not read the body)", err)
		}
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatalf("reading the response: %v", err)
		}
		if !resp.Close {
			t.Error("no Connection: close")
		}
		checkTooLarge(t, resp)
	}
	t.Run("whole body, then the response", func(t *testing.T) { rawPost(t, false) })
	t.Run("whole chunked body, then the response", func(t *testing.T) { rawPost(t, true) })

	t.Run("Go client", func(t *testing.T) {
		req, _ := http.NewRequest(http.MethodPost, ts.URL+"/graphql", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		checkTooLarge(t, resp)
	})

	t.Run("Expect: 100-continue", func(t *testing.T) {
		const size = 256 << 20 // over the limit and the drain bound
		var sent atomic.Int64
		src := &countingReader{r: io.LimitReader(zeros{}, size), n: &sent}
		req, _ := http.NewRequest(http.MethodPost, ts.URL+"/graphql", src)
		req.ContentLength = size
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Expect", "100-continue")
		client := &http.Client{Transport: &http.Transport{ExpectContinueTimeout: 10 * time.Second}}
		defer client.CloseIdleConnections()
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		checkTooLarge(t, resp)
		if n := sent.Load(); n > 0 {
			t.Errorf("the client sent %d bytes of the body; the server should have refused it first", n)
		}
	})

	// The server still serves, and a body under the limit passes.
	small := `{"query":"{ __typename }"}`
	req, _ := http.NewRequest(http.MethodPost, ts.URL+"/graphql", strings.NewReader(small))
	req.Header.Set("Content-Type", "application/json")
	if resp, out := do(t, req); resp.StatusCode != 200 || !strings.Contains(string(out), `"__typename":"Query"`) {
		t.Errorf("small body: %d %s", resp.StatusCode, out)
	}
}

// zeros is an endless reader of zero bytes.
type zeros struct{}

// Read fills p with zeros.
func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// countingReader counts the bytes read from r.
type countingReader struct {
	r io.Reader
	n *atomic.Int64
}

// Read reads from r and counts.
func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}
