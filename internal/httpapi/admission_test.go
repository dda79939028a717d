package httpapi

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestAdmit checks that at most n requests run at once, that the others
// run when a slot frees, and that one whose context ends while it waits
// gets 503 UNAVAILABLE without running.
func TestAdmit(t *testing.T) {
	const n = 2
	var running, peak, served atomic.Int32
	release := make(chan struct{})
	h := admit(n, nil, nil, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cur := running.Add(1)
		for {
			p := peak.Load()
			if cur <= p || peak.CompareAndSwap(p, cur) {
				break
			}
		}
		<-release
		running.Add(-1)
		served.Add(1)
	}))

	var wg sync.WaitGroup
	for range 5 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodPost, "/graphql", nil))
		}()
	}
	for running.Load() < n {
		time.Sleep(time.Millisecond)
	}

	// A request that times out while the slots are taken.
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/graphql", nil).WithContext(ctx))
	var body struct {
		Errors []struct {
			Extensions struct{ Code string } `json:"extensions"`
		} `json:"errors"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		t.Fatalf("body %q: %v", rec.Body, err)
	}
	if rec.Code != http.StatusServiceUnavailable || len(body.Errors) != 1 || body.Errors[0].Extensions.Code != "UNAVAILABLE" {
		t.Errorf("timed out while waiting: %d %s", rec.Code, rec.Body)
	}

	close(release)
	wg.Wait()
	if served.Load() != 5 {
		t.Errorf("served %d requests, want 5", served.Load())
	}
	if peak.Load() != n {
		t.Errorf("at most %d requests ran at once, want %d", peak.Load(), n)
	}
}
