package bench

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// TestFloor serves captured exchanges and checks each kind of request:
// the captured request, the same request encoded otherwise, one not
// captured, a body that is not JSON, a body without a query and a GET.
func TestFloor(t *testing.T) {
	const doc = `query($first: Int, $after: Cursor) { employees(first: $first, after: $after) { pageInfo { hasNextPage } } }`
	captured, err := NewRequest("", doc, map[string]any{"first": 50, "after": "abc"})
	if err != nil {
		t.Fatal(err)
	}
	other, err := NewRequest("", `{ __typename }`, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []byte(`{"data":{"employees":{"pageInfo":{"hasNextPage":true}}}}`)
	f, err := NewFloor([]FloorEntry{
		{Request: captured.Body(), Response: want},
		{Request: other.Body(), Response: []byte(`{"data":{"__typename":"Query"}}`)},
	})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(f)
	defer srv.Close()
	for _, tc := range []struct {
		name, method, body string
		status             int
		want               string
	}{
		{"captured", http.MethodPost, string(captured.Body()), http.StatusOK, string(want)},
		{"other encoding", http.MethodPost, `{"variables": {"after": "abc", "first": 50}, "query": ` + quote(doc) + `}`, http.StatusOK, string(want)},
		{"other variables", http.MethodPost, `{"query": ` + quote(doc) + `, "variables": {"first": 51, "after": "abc"}}`, http.StatusNotFound, "no response captured"},
		{"second entry", http.MethodPost, string(other.Body()), http.StatusOK, `{"data":{"__typename":"Query"}}`},
		{"not JSON", http.MethodPost, `{"query": `, http.StatusBadRequest, "decoding the request body"},
		{"no query", http.MethodPost, `{"variables": {}}`, http.StatusBadRequest, "no query"},
		{"GET", http.MethodGet, "", http.StatusMethodNotAllowed, "POST only"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, err := http.NewRequest(tc.method, srv.URL, strings.NewReader(tc.body))
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Content-Type", "application/json")
			resp, err := srv.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			got, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != tc.status || !strings.Contains(string(got), tc.want) {
				t.Errorf("%d %s, want %d with %q", resp.StatusCode, got, tc.status, tc.want)
			}
			if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
				t.Errorf("Content-Type %q", ct)
			}
			if tc.status == http.StatusOK && (resp.ContentLength != int64(len(tc.want)) || string(got) != tc.want) {
				t.Errorf("Content-Length %d, body %s: want the captured bytes", resp.ContentLength, got)
			}
		})
	}
}

// quote returns s as a JSON string.
func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// TestNewFloorRefusesBadEntries: an entry whose request is not a GraphQL
// body is an error, not a response no request can reach.
func TestNewFloorRefusesBadEntries(t *testing.T) {
	for _, body := range []string{``, `[]`, `{"variables": {}}`} {
		if _, err := NewFloor([]FloorEntry{{Request: []byte(body)}}); err == nil {
			t.Errorf("NewFloor(%q) accepted", body)
		}
	}
}

// TestServeFloor runs the floor server as bench/cmd/floor does: it prints
// its endpoint, answers the captured request through the load driver's
// client (Request.Capture) and stops when its context ends; a non-loopback
// address and bad entries are refused.
func TestServeFloor(t *testing.T) {
	r, err := NewRequest("", `{ __typename }`, nil)
	if err != nil {
		t.Fatal(err)
	}
	entries, err := json.Marshal([]FloorEntry{{Request: r.Body(), Response: []byte(`{"data":{"__typename":"Query"}}`)}})
	if err != nil {
		t.Fatal(err)
	}
	in := string(entries)
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() { done <- ServeFloor(ctx, "127.0.0.1:0", strings.NewReader(in), pw) }()
	line := make([]byte, 128)
	n, err := pr.Read(line)
	if err != nil || !strings.HasPrefix(string(line[:n]), FloorListening) {
		t.Fatalf("first line %q, %v", line[:n], err)
	}
	r.endpoint = strings.TrimSpace(strings.TrimPrefix(string(line[:n]), FloorListening))
	got, err := r.Capture(ctx, http.DefaultClient)
	if err != nil || string(got) != `{"data":{"__typename":"Query"}}` {
		t.Errorf("Capture() = %s, %v", got, err)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("ServeFloor() = %v after the context ended", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("ServeFloor did not stop")
	}
	for _, tc := range []struct{ addr, in string }{
		{"192.0.2.1:0", in},
		{"127.0.0.1:0", `{`},
		{"127.0.0.1:0", `[{"request": ""}]`},
	} {
		if err := ServeFloor(context.Background(), tc.addr, strings.NewReader(tc.in), io.Discard); err == nil {
			t.Errorf("ServeFloor(%s, %s) = nil", tc.addr, tc.in)
		}
	}
}
