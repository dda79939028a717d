package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"kembang/ent/gid"
	"kembang/internal/access"
	"kembang/internal/store/storetest"
	"kembang/internal/viewer"
)

// TestRedTeamRevokedKeyEndsSubscription: a partner system subscribed
// with an API key receives nothing once the key is revoked: the stream
// checks its credentials again before it sends an event, as a new
// request would (401), instead of serving a revoked key for as long as
// its connection stays open.
func TestRedTeamRevokedKeyEndsSubscription(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d, func(t *testing.T) {
			s := subServers(t, d, 1, nil)[0]
			sc := pickSession(t, s.a.db.Client)
			admin := bearer(t, viewer.Viewer{Subject: "test:admin", Role: viewer.Admin})
			p := s.a.db.Client.Partner.Query().FirstIDX(access.System(context.Background()))
			const create = `mutation($p: ID!) { createAPIKey(input: {name: "LMS Uji", partnerID: $p}) { key apiKey { id } } }`
			_, r := gql(t, s.ts.URL, create, map[string]any{"p": gid.Encode(p)}, "Authorization", admin)
			if len(r.Errors) > 0 {
				t.Fatalf("createAPIKey: %+v", r.Errors)
			}
			var out struct {
				CreateAPIKey struct {
					Key    string
					APIKey struct{ ID string }
				}
			}
			if err := json.Unmarshal(r.Data, &out); err != nil {
				t.Fatal(err)
			}
			key := "Bearer " + out.CreateAPIKey.Key
			vars := map[string]any{"s": gid.Encode(sc.session)}
			ws := connected(t, s.ts.URL, key)
			ws.subscribe("seats", seatsQuery, vars)
			held := seatsOf(t, mustNext(t, ws).Payload)
			sse := subscribeSSE(t, s.ts.URL, key, seatsQuery, vars)
			sse.next(5 * time.Second)
			waitOpen(t, s.a, 2)

			enroll := `mutation($s: ID!, $e: ID!) { enroll(sessionId: $s, employeeId: $e) { id } }`
			if _, r := gql(t, s.ts.URL, enroll, map[string]any{"s": gid.Encode(sc.session), "e": gid.Encode(sc.other)}, "Authorization", admin); len(r.Errors) > 0 {
				t.Fatalf("enroll: %+v", r.Errors)
			}
			if got := seatsOf(t, mustNext(t, ws).Payload); got != held+1 {
				t.Fatalf("seats %d, want %d", got, held+1)
			}
			sse.next(within)

			const revoke = `mutation($id: ID!) { revokeAPIKey(id: $id) { revokedAt } }`
			if _, r := gql(t, s.ts.URL, revoke, map[string]any{"id": out.CreateAPIKey.APIKey.ID}, "Authorization", admin); len(r.Errors) > 0 {
				t.Fatalf("revokeAPIKey: %+v", r.Errors)
			}
			if _, r := gql(t, s.ts.URL, enroll, map[string]any{"s": gid.Encode(sc.session), "e": gid.Encode(sc.mine)}, "Authorization", admin); len(r.Errors) > 0 {
				t.Fatalf("enroll: %+v", r.Errors)
			}
			// The WebSocket's subscription completes (or the connection
			// closes); no seats are sent to the revoked key.
			select {
			case m, ok := <-ws.msgs:
				if ok && m.Type == "next" {
					t.Errorf("revoked key received %s", m.Payload)
				}
			case <-time.After(2 * time.Second):
			}
			select {
			case e, ok := <-sse.events:
				if ok {
					t.Errorf("revoked key received over SSE: %s", e)
				}
			case <-time.After(time.Second):
			}
			// Nor does the open WebSocket run anything more for it (a new
			// request would get 401): the query is refused and the
			// connection closed.
			ws.subscribe("query", `{ sessions(first: 1) { totalCount } }`, nil)
			refusedQuery := false
			for m := range ws.msgs {
				if m.ID != "query" {
					continue
				}
				if m.Type == "next" && !strings.Contains(string(m.Payload), `"UNAUTHENTICATED"`) {
					t.Errorf("revoked key ran a query over its WebSocket: %s", m.Payload)
				}
				refusedQuery = refusedQuery || strings.Contains(string(m.Payload), `"UNAUTHENTICATED"`)
			}
			if !refusedQuery {
				t.Errorf("the query of a revoked key was not answered UNAUTHENTICATED (closed with %v)", ws.err)
			}
		})
	}
}

// mustNext returns the next message of c, failing unless it is a "next".
func mustNext(t *testing.T, c *wsClient) wsMsg {
	t.Helper()
	m, ok := c.next(5 * time.Second)
	if !ok || m.Type != "next" {
		t.Fatalf("want next, got %v %s %s", ok, m.Type, m.Payload)
	}
	return m
}
