package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"testing"
	"time"

	"kembang/bench"
)

// serveFloorEnv makes the test binary the floor server (bench/cmd/floor),
// so that startFloor can be tested on a real process.
const serveFloorEnv = "KEMBANG_LOAD_TEST_SERVE_FLOOR"

func TestMain(m *testing.M) {
	switch os.Getenv(serveFloorEnv) {
	case "exit": // a floor server that fails before listening
		os.Exit(2)
	case "1":
		ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
		defer stop()
		addr := "127.0.0.1:0"
		if len(os.Args) == 3 && os.Args[1] == "--addr" {
			addr = os.Args[2]
		}
		if err := bench.ServeFloor(ctx, addr, os.Stdin, os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// TestFloorCaptureAndServe captures two requests' responses from a
// stand-in Kembang (which sees the token), starts the floor server as a
// separate process with them, and checks that it answers each request
// with the captured bytes; a request Kembang refuses fails the capture,
// and the server stops.
func TestFloorCaptureAndServe(t *testing.T) {
	kembang := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var p struct {
			Query     string         `json:"query"`
			Variables map[string]any `json:"variables"`
		}
		json.NewDecoder(r.Body).Decode(&p)
		if r.Header.Get("Authorization") != "Bearer t" || strings.Contains(p.Query, "refused") {
			w.WriteHeader(http.StatusForbidden)
			io.WriteString(w, `{"errors":[{"message":"no"}]}`)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"data":{"q":%q,"n":%v}}`, p.Query, p.Variables["n"])
	}))
	defer kembang.Close()
	c := &http.Client{Transport: bench.Bearer(nil, "t")}
	var reqs []*bench.Request
	for _, n := range []int{1, 2} {
		r, err := bench.NewRequest(kembang.URL, "query($n: Int) { q(n: $n) }", map[string]any{"n": n})
		if err != nil {
			t.Fatal(err)
		}
		reqs = append(reqs, r)
	}
	ctx := context.Background()
	entries, err := captureFloor(ctx, c, reqs)
	if err != nil {
		t.Fatal(err)
	}
	refused, _ := bench.NewRequest(kembang.URL, "{ refused }", nil)
	if _, err := captureFloor(ctx, c, []*bench.Request{reqs[0], refused}); err == nil {
		t.Error("captureFloor accepted a refused request")
	}

	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv(serveFloorEnv, "1")
	var log bytes.Buffer
	s, err := startFloor(exe, entries, &log)
	if err != nil {
		t.Fatalf("startFloor: %v (%s)", err, log.String())
	}
	for i, n := range []int{1, 2} {
		r, _ := bench.NewRequest(s.url, "query($n: Int) { q(n: $n) }", map[string]any{"n": n})
		got, err := r.Capture(ctx, c)
		if err != nil || !bytes.Equal(got, entries[i].Response) {
			t.Errorf("floor answered %s, %v; want %s", got, err, entries[i].Response)
		}
	}
	other, _ := bench.NewRequest(s.url, "query($n: Int) { q(n: $n) }", map[string]any{"n": 3})
	if _, err := other.Send(ctx, c); err == nil || !strings.Contains(err.Error(), "404") {
		t.Errorf("a request not captured: %v, want HTTP 404", err)
	}
	s.stop()
	select {
	case <-s.done:
	case <-time.After(10 * time.Second):
		t.Fatal("the floor server did not stop")
	}
	if code := s.cmd.ProcessState.ExitCode(); code != 0 {
		t.Errorf("the floor server exited with %d (%s)", code, log.String())
	}
}

// TestStartFloorFails: a server that exits without printing its address
// is an error, not a hang.
func TestStartFloorFails(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv(serveFloorEnv, "exit")
	_, err = startFloor(exe, nil, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "did not start") {
		t.Errorf("startFloor() = %v, want an error", err)
	}
}

// TestFloorRatios: with a floor target the ratios print Kembang over the
// floor and the floor over raw SQL (p50), n/a where a target lacks the
// query.
func TestFloorRatios(t *testing.T) {
	res := func(name string, p50 time.Duration, skipped bool) targetResult {
		r := &queryResult{name: "q", skipped: skipped}
		if !skipped {
			r.latencies = []time.Duration{p50, p50, p50}
		}
		return targetResult{name: name, results: []*queryResult{r}}
	}
	queries := []bench.Query{{Name: "q"}}
	for _, tc := range []struct {
		name    string
		results []targetResult
		want    []string
	}{
		{"all", []targetResult{res("kembang", 3*time.Millisecond, false), res("floor", time.Millisecond, false), res("raw-sql", 500*time.Microsecond, false)},
			[]string{"K/floor p50", "floor/raw p50", "6.00         3.00          2.00"}},
		{"no raw", []targetResult{res("kembang", 3*time.Millisecond, false), res("floor", time.Millisecond, false)},
			[]string{"K/floor p50", "3.00           n/a"}},
		{"no floor", []targetResult{res("kembang", 3*time.Millisecond, false), res("raw-sql", time.Millisecond, false)},
			[]string{"K/raw p50  K/PG"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			ratios(&out, queries, tc.results)
			for _, w := range tc.want {
				if !strings.Contains(out.String(), w) {
					t.Errorf("ratios printed\n%s\nwant %q in it", out.String(), w)
				}
			}
		})
	}
}
