package main

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"kembang/internal/ratelimit"
)

func TestRateLimit(t *testing.T) {
	cfg := testConfig()
	cfg.rateLimit = 12
	a := &app{cfg: cfg, db: seededStore(t), log: newLogger(cfg, io.Discard), rate: ratelimit.New(12, time.Hour, 10), verifier: testVerifier(t, cfg)}
	ts := newTestServer(t, a)
	post := func(q string) (*http.Response, gqlResponse) {
		t.Helper()
		b, _ := json.Marshal(map[string]string{"query": q})
		req, _ := http.NewRequest(http.MethodPost, ts.URL+"/graphql", strings.NewReader(string(b)))
		req.Header.Set("Content-Type", "application/json")
		resp, body := do(t, req)
		return resp, decode(t, body)
	}

	// A query costs 1 point: 11 remain.
	resp, r := post(`{ rateLimit { limit cost remaining used } agencies(first: 1) { totalCount } }`)
	var out struct {
		RateLimit struct{ Limit, Cost, Remaining, Used int }
	}
	if err := json.Unmarshal(r.Data, &out); err != nil || len(r.Errors) > 0 {
		t.Fatalf("%s %+v", r.Data, r.Errors)
	}
	if rl := out.RateLimit; rl.Limit != 12 || rl.Cost != 1 || rl.Remaining != 11 || rl.Used != 1 {
		t.Errorf("rateLimit = %+v", rl)
	}
	if resp.Header.Get("X-RateLimit-Limit") != "12" || resp.Header.Get("X-RateLimit-Remaining") != "11" || resp.Header.Get("X-RateLimit-Reset") == "" {
		t.Errorf("headers %v", resp.Header)
	}

	// A mutation costs 5: two of them leave 1, a third is refused.
	mut := `mutation { createCompetency(input: {code: "T.99", name: "Uji", type: TECHNICAL}) { id } }`
	post(mut)
	resp, r = post(strings.Replace(mut, "T.99", "T.98", 1))
	if resp.Header.Get("X-RateLimit-Remaining") != "1" {
		t.Errorf("after two mutations: remaining %s, errors %+v", resp.Header.Get("X-RateLimit-Remaining"), r.Errors)
	}
	resp, r = post(strings.Replace(mut, "T.99", "T.97", 1))
	if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" ||
		len(r.Errors) == 0 || r.Errors[0].Extensions["code"] != "RATE_LIMITED" {
		t.Fatalf("over budget: %d %+v", resp.StatusCode, r.Errors)
	}
	// The refused mutation wrote nothing, and 1 point is still there.
	resp, r = post(`{ competencies(where: {code: "T.97"}) { totalCount } }`)
	if resp.StatusCode != 200 || !strings.Contains(string(r.Data), `"totalCount":0`) || resp.Header.Get("X-RateLimit-Remaining") != "0" {
		t.Errorf("after refusal: %d %s %s", resp.StatusCode, r.Data, resp.Header.Get("X-RateLimit-Remaining"))
	}
}
