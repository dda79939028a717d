package main

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

func TestCheckCold(t *testing.T) {
	for _, tc := range []struct {
		name    string
		o       options
		wantErr string
	}{
		{"off", options{url: "k", pgURL: "p"}, ""},
		{"both commands", options{cold: 5, url: "k", pgURL: "p", kembangCmd: "a", pgCmd: "b"}, ""},
		{"raw only", options{cold: 5, raw: true}, ""},
		{"no Kembang command", options{cold: 5, url: "k"}, "--kembang-cmd"},
		{"no PostGraphile command", options{cold: 5, url: "k", kembangCmd: "a", pgURL: "p"}, "--postgraphile-cmd"},
		{"mixed", options{cold: 5, url: "k", kembangCmd: "a", mixed: true}, "--mixed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := checkCold(tc.o)
			if tc.wantErr == "" && err != nil || tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)) {
				t.Errorf("checkCold() = %v, want %q", err, tc.wantErr)
			}
		})
	}
}

// TestStartServer starts a stand-in process, waits for an endpoint that
// answers from its third request on, and stops the process; a command
// that exits before the endpoint answers is an error.
func TestStartServer(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) < 3 {
			http.Error(w, "starting", http.StatusServiceUnavailable)
			return
		}
		io.WriteString(w, `{"data":{"__typename":"Query"}}`)
	}))
	defer srv.Close()
	s, err := startServer(context.Background(), "exec sleep 60", srv.URL, srv.Client(), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if calls.Load() < 3 {
		t.Errorf("ready after %d requests, want 3", calls.Load())
	}
	s.stop()
	select {
	case <-s.done:
	default:
		t.Error("the process runs on after stop")
	}

	down := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "down", http.StatusServiceUnavailable)
	}))
	defer down.Close()
	if _, err := startServer(context.Background(), "exit 3", down.URL, down.Client(), io.Discard); err == nil || !strings.Contains(err.Error(), "exited") {
		t.Errorf("startServer(exit 3) = %v, want an error saying it exited", err)
	}
}
