package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/coder/websocket/wsjson"

	"kembang/ent"
	"kembang/ent/employee"
	"kembang/ent/enrollment"
	"kembang/ent/gid"
	"kembang/ent/program"
	"kembang/ent/session"
	"kembang/internal/access"
	"kembang/internal/audit"
	"kembang/internal/auth"
	"kembang/internal/ratelimit"
	"kembang/internal/rules"
	"kembang/internal/store"
	"kembang/internal/store/seed"
	"kembang/internal/store/storetest"
	"kembang/internal/viewer"
)

// within is how soon a subscriber must receive a change.
const within = time.Second

// subServer is one Kembang server of the subscription tests.
type subServer struct {
	a  *app
	ts *httptest.Server
}

// subServers starts n servers on one new, seeded database of the dialect,
// each with a store, a broker and (on PostgreSQL) a listener of its own,
// as n processes would.
func subServers(t *testing.T, dialect string, n int, tune func(*config)) []subServer {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	scfg := storetest.Config(t, dialect)
	var out []subServer
	for i := range n {
		db, err := store.Open(ctx, scfg)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		if i == 0 {
			if err := db.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			if _, err := seed.Run(ctx, db.Client, seed.Options{Employees: 30, Now: time.Now()}); err != nil {
				t.Fatal(err)
			}
		}
		cfg := testConfig()
		cfg.databaseURL = scfg.DatabaseURL
		cfg.rateLimit = 5000 // as served: streams pass the rate limiter's writer
		if tune != nil {
			tune(&cfg)
		}
		a := &app{cfg: cfg, db: db, log: slog.New(slog.DiscardHandler), rate: ratelimit.New(cfg.rateLimit, time.Hour, 100)}
		if err := a.startEvents(ctx); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(a.events.Close)
		out = append(out, subServer{a: a, ts: newTestServer(t, a)})
	}
	return out
}

// seatsCase is an open session and two employees who may enrol in it.
type seatsCase struct {
	session, mine, other int // raw IDs
}

// pickSession opens a session of its own (in-house, a month from now)
// and finds two employees without an enrollment in its program.
func pickSession(t *testing.T, c *ent.Client) seatsCase {
	t.Helper()
	ctx := audit.WithoutTrail(access.System(context.Background()))
	p, err := c.Program.Query().Order(program.ByID()).First(ctx)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now().Add(30 * 24 * time.Hour).Truncate(time.Hour)
	s, err := c.WithRules(rules.Importer(nil)).Session.Create().SetProgramID(p.ID).SetName("Angkatan Uji Langsung").
		SetStartsAt(start).SetEndsAt(start.Add(48 * time.Hour)).SetCapacity(30).SetStatus(session.StatusOPEN).Save(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ids, err := c.Employee.Query().
		Where(employee.Not(employee.HasEnrollmentsWith(enrollment.HasSessionWith(session.ProgramID(p.ID))))).
		Order(employee.ByID()).Limit(2).IDs(ctx)
	if err != nil || len(ids) < 2 {
		t.Fatalf("two employees free to enrol: %v %v", ids, err)
	}
	return seatsCase{session: s.ID, mine: ids[0], other: ids[1]}
}

// wsClient is a graphql-transport-ws client.
type wsClient struct {
	t    *testing.T
	conn *websocket.Conn
	msgs chan wsMsg
	err  error // why the connection ended, once msgs is closed
}

// wsMsg is a graphql-transport-ws message.
type wsMsg struct {
	ID      string          `json:"id,omitempty"`
	Type    string          `json:"type"`
	Payload json.RawMessage `json:"payload,omitempty"`
}

// dialWS opens a WebSocket to the server at base and sends connection_init with token;
// it answers the server's pings.
func dialWS(t *testing.T, base, token string, header http.Header) (*wsClient, *http.Response, error) {
	t.Helper()
	ctx := context.Background()
	conn, resp, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(base, "http")+"/graphql", &websocket.DialOptions{
		Subprotocols: []string{"graphql-transport-ws"}, HTTPHeader: header,
	})
	if err != nil {
		return nil, resp, err
	}
	c := &wsClient{t: t, conn: conn, msgs: make(chan wsMsg, 64)}
	t.Cleanup(func() { conn.CloseNow() })
	go func() {
		defer close(c.msgs)
		for {
			var m wsMsg
			if err := wsjson.Read(ctx, conn, &m); err != nil {
				c.err = err
				return
			}
			if m.Type == "ping" {
				wsjson.Write(ctx, conn, wsMsg{Type: "pong"})
				continue
			}
			c.msgs <- m
		}
	}()
	init := map[string]any{"Authorization": token}
	if err := wsjson.Write(ctx, conn, wsMsg{Type: "connection_init", Payload: mustJSON(init)}); err != nil {
		return nil, resp, err
	}
	return c, resp, nil
}

// connected opens a WebSocket to the server at base with token and waits
// for its connection_ack.
func connected(t *testing.T, base, token string) *wsClient {
	t.Helper()
	c, _, err := dialWS(t, base, token, nil)
	if err != nil {
		t.Fatal(err)
	}
	if m, _ := c.next(5 * time.Second); m.Type != "connection_ack" {
		t.Fatalf("connection_init: %s %s", m.Type, m.Payload)
	}
	return c
}

// refused checks that c was closed with 4403 and a reason holding want.
func refused(t *testing.T, c *wsClient, want string) {
	t.Helper()
	if m, ok := c.next(5 * time.Second); ok {
		t.Fatalf("%s: message %s %s, want the connection closed", want, m.Type, m.Payload)
	}
	var ce websocket.CloseError
	if !errors.As(c.err, &ce) || ce.Code != 4403 || !strings.Contains(ce.Reason, want) {
		t.Errorf("closed with %v, want 4403 and %q", c.err, want)
	}
}

// mustJSON encodes v.
func mustJSON(v any) json.RawMessage {
	b, _ := json.Marshal(v)
	return b
}

// subscribe starts subscription id with query and variables.
func (c *wsClient) subscribe(id, query string, vars map[string]any) {
	c.t.Helper()
	p := mustJSON(map[string]any{"query": query, "variables": vars})
	if err := wsjson.Write(context.Background(), c.conn, wsMsg{ID: id, Type: "subscribe", Payload: p}); err != nil {
		c.t.Fatal(err)
	}
}

// next returns the next message, failing after d; ok is false when the
// connection closed.
func (c *wsClient) next(d time.Duration) (m wsMsg, ok bool) {
	c.t.Helper()
	select {
	case m, ok := <-c.msgs:
		return m, ok
	case <-time.After(d):
		c.t.Fatalf("no message within %v", d)
	}
	return wsMsg{}, false
}

// quiet checks that no message arrives for d.
func (c *wsClient) quiet(d time.Duration) {
	c.t.Helper()
	select {
	case m := <-c.msgs:
		c.t.Fatalf("unexpected message %s %s %s", m.Type, m.ID, m.Payload)
	case <-time.After(d):
	}
}

// sseClient reads the events of a graphql-sse subscription.
type sseClient struct {
	t      *testing.T
	events chan json.RawMessage
}

// subscribeSSE posts query to the server at base asking for an event
// stream.
func subscribeSSE(t *testing.T, base, token, query string, vars map[string]any) *sseClient {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, base+"/graphql", strings.NewReader(string(mustJSON(map[string]any{"query": query, "variables": vars}))))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "text/event-stream")
	req.Header.Set("Authorization", token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); resp.StatusCode != 200 || !strings.HasPrefix(ct, "text/event-stream") {
		t.Fatalf("SSE: %d %s", resp.StatusCode, ct)
	}
	c := &sseClient{t: t, events: make(chan json.RawMessage, 64)}
	go func() {
		defer resp.Body.Close()
		defer close(c.events)
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			if data, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
				c.events <- json.RawMessage(data)
			}
		}
	}()
	return c
}

// next returns the data of the next event, failing after d.
func (c *sseClient) next(d time.Duration) json.RawMessage {
	c.t.Helper()
	select {
	case e, ok := <-c.events:
		if !ok {
			c.t.Fatal("SSE: stream ended")
		}
		return e
	case <-time.After(d):
		c.t.Fatalf("SSE: no event within %v", d)
	}
	return nil
}

const (
	seatsQuery = `subscription($s: ID!) { sessionSeatsChanged(sessionId: $s) { session { id } capacity registered waitlisted } }`
	mineQuery  = `subscription { enrollmentChanged { id status employee { id nip } } }`
)

// seatsOf decodes the seats of a response payload.
func seatsOf(t *testing.T, payload json.RawMessage) (held int) {
	t.Helper()
	var r struct {
		Data struct {
			S struct{ Registered, Waitlisted int } `json:"sessionSeatsChanged"`
		} `json:"data"`
		Errors []any `json:"errors"`
	}
	if err := json.Unmarshal(payload, &r); err != nil || len(r.Errors) > 0 {
		t.Fatalf("seats: %v %s", err, payload)
	}
	return r.Data.S.Registered + r.Data.S.Waitlisted
}

// waitOpen waits until b's server holds n subscriptions.
func waitOpen(t *testing.T, a *app, n int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for a.events.Open() < n {
		if time.Now().After(deadline) {
			t.Fatalf("%d subscriptions open, want %d", a.events.Open(), n)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestSubscriptions: a subscriber on server A, over graphql-transport-ws
// and over graphql-sse, receives within a second the seat changes made
// through server B (on PostgreSQL two servers on one database, the events
// crossing through NOTIFY; on SQLite one server, delivered in-process),
// nothing for a rolled-back change, and never an enrollment it may not
// read: an EMPLOYEE subscribed to every enrollment sees only its own; an
// ANALYST sees every one, the employee's NIP masked as a query masks it.
// A change of the session's capacity sends its seats.
func TestSubscriptions(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d, func(t *testing.T) {
			n := 2
			if d == storetest.SQLite {
				n = 1
			}
			servers := subServers(t, d, n, nil)
			a, b := servers[0], servers[len(servers)-1]
			sc := pickSession(t, a.a.db.Client)
			me := bearer(t, viewer.Viewer{Subject: "test:me", Role: viewer.Employee, EmployeeID: sc.mine})
			vars := map[string]any{"s": gid.Encode(sc.session)}

			ws := connected(t, a.ts.URL, me)
			ws.subscribe("seats", seatsQuery, vars)
			first, _ := ws.next(5 * time.Second)
			held := seatsOf(t, first.Payload)
			ws.subscribe("mine", mineQuery, nil)
			// An ANALYST reads every enrollment, its employee's NIP masked.
			an := connected(t, a.ts.URL, bearer(t, viewer.Viewer{Subject: "test:analyst", Role: viewer.Analyst}))
			an.subscribe("all", mineQuery, nil)
			sse := subscribeSSE(t, a.ts.URL, me, seatsQuery, vars)
			if got := seatsOf(t, sse.next(5*time.Second)); got != held {
				t.Fatalf("SSE first seats %d, WebSocket %d", got, held)
			}
			waitOpen(t, a.a, 4)

			// A change rolled back on B announces nothing.
			admin := viewer.NewContext(context.Background(), viewer.Viewer{Subject: "test:admin", Role: viewer.Admin})
			tx, err := b.a.db.Client.Tx(admin)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := tx.Enrollment.Create().SetSessionID(sc.session).SetEmployeeID(sc.other).Save(admin); err != nil {
				t.Fatal(err)
			}
			if err := tx.Rollback(); err != nil {
				t.Fatal(err)
			}
			ws.quiet(500 * time.Millisecond)

			// Another employee enrols through B: the seats move, on both
			// transports; the enrollment is not mine to read.
			enroll := `mutation($s: ID!, $e: ID!) { enroll(sessionId: $s, employeeId: $e) { id } }`
			start := time.Now()
			if _, r := gql(t, b.ts.URL, enroll, map[string]any{"s": gid.Encode(sc.session), "e": gid.Encode(sc.other)}, "Authorization", bearer(t, viewer.Viewer{Subject: "test:admin", Role: viewer.Admin})); len(r.Errors) > 0 {
				t.Fatalf("enroll: %+v", r.Errors)
			}
			m, _ := ws.next(within)
			if m.ID != "seats" || seatsOf(t, m.Payload) != held+1 {
				t.Fatalf("after the other's enrollment: %s %s %s", m.ID, m.Type, m.Payload)
			}
			if got := seatsOf(t, sse.next(within)); got != held+1 {
				t.Fatalf("SSE seats %d, want %d", got, held+1)
			}
			t.Logf("%s: delivered in %v", d, time.Since(start))
			m, _ = an.next(within)
			otherNIP := a.a.db.Client.Employee.GetX(access.System(context.Background()), sc.other).Nip
			if m.ID != "all" || !strings.Contains(string(m.Payload), gid.Encode(sc.other)) || strings.Contains(string(m.Payload), otherNIP) {
				t.Fatalf("analyst: %s %s (the NIP %s must be masked)", m.ID, m.Type, m.Payload)
			}
			t.Logf("analyst: %s", m.Payload)

			// I enrol through B: my enrollment, then the seats.
			if _, r := gql(t, b.ts.URL, enroll, map[string]any{"s": gid.Encode(sc.session), "e": gid.Encode(sc.mine)}, "Authorization", me); len(r.Errors) > 0 {
				t.Fatalf("enroll self: %+v", r.Errors)
			}
			got := map[string]json.RawMessage{}
			for len(got) < 2 {
				m, _ := ws.next(within)
				if _, dup := got[m.ID]; dup || m.Type != "next" {
					t.Fatalf("unexpected %s %s %s (an event about the other's enrollment?)", m.ID, m.Type, m.Payload)
				}
				got[m.ID] = m.Payload
			}
			if seatsOf(t, got["seats"]) != held+2 {
				t.Errorf("seats after mine: %s", got["seats"])
			}
			var mine struct {
				Data struct {
					E struct {
						Employee struct{ ID, Nip string }
					} `json:"enrollmentChanged"`
				}
			}
			if err := json.Unmarshal(got["mine"], &mine); err != nil || mine.Data.E.Employee.ID != gid.Encode(sc.mine) {
				t.Errorf("my enrollment: %v %s", err, got["mine"])
			}
			ws.quiet(300 * time.Millisecond)

			// The session's capacity changes through B: its seats are sent.
			update := `mutation($s: ID!) { updateSession(id: $s, input: {capacity: 40}) { id } }`
			if _, r := gql(t, b.ts.URL, update, map[string]any{"s": gid.Encode(sc.session)}, "Authorization", bearer(t, viewer.Viewer{Subject: "test:admin", Role: viewer.Admin})); len(r.Errors) > 0 {
				t.Fatalf("updateSession: %+v", r.Errors)
			}
			if m, _ := ws.next(within); m.ID != "seats" || !strings.Contains(string(m.Payload), `"capacity":40`) {
				t.Errorf("after the capacity change: %s %s %s", m.ID, m.Type, m.Payload)
			}
			ws.quiet(300 * time.Millisecond) // no enrollment changed
		})
	}
}

// TestSubscriptionLimits: credentials in connection_init, the Origin
// check, subscriptions per connection, connections per viewer, a
// subscription to a session the viewer may not read, the close at the
// token's expiry and at shutdown (embedded store).
func TestSubscriptionLimits(t *testing.T) {
	s := subServers(t, storetest.SQLite, 1, func(c *config) { c.subsPerConn, c.subsPerViewer = 1, 2 })[0]
	sc := pickSession(t, s.a.db.Client)
	vars := map[string]any{"s": gid.Encode(sc.session)}
	emp := viewer.Viewer{Subject: "test:limits", Role: viewer.Employee, EmployeeID: sc.mine}
	me := bearer(t, emp)

	// Another origin than the server's and the CORS origins.
	if _, resp, err := dialWS(t, s.ts.URL, me, http.Header{"Origin": {"https://elsewhere.example"}}); err == nil || resp == nil || resp.StatusCode != http.StatusForbidden {
		t.Errorf("foreign origin: %v %v", err, resp)
	}
	// A plain POST (one response) is refused.
	if resp, r := gql(t, s.ts.URL, seatsQuery, vars, "Authorization", me); resp.StatusCode != http.StatusBadRequest || len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != "BAD_REQUEST" {
		t.Errorf("subscription over POST: %d %+v", resp.StatusCode, r.Errors)
	}
	// A bad token is refused at connection_init.
	bad, _, err := dialWS(t, s.ts.URL, "Bearer nonsense", http.Header{"Origin": {"http://localhost:3000"}})
	if err != nil {
		t.Fatal(err)
	}
	refused(t, bad, "token")

	ws := connected(t, s.ts.URL, me)
	ws.subscribe("one", seatsQuery, vars)
	if m, _ := ws.next(5 * time.Second); m.Type != "next" {
		t.Fatalf("first subscription: %s %s", m.Type, m.Payload)
	}
	ws.subscribe("two", seatsQuery, vars)
	if m, _ := ws.next(5 * time.Second); m.ID != "two" || !strings.Contains(string(m.Payload), "too many subscriptions") {
		t.Errorf("second subscription on the connection: %s %s", m.Type, m.Payload)
	}

	// The viewer's second connection is its last.
	short, err := auth.Mint(authConfig(testConfig()), emp, 2*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	exp := connected(t, s.ts.URL, "Bearer "+short)
	third, _, err := dialWS(t, s.ts.URL, me, nil)
	if err != nil {
		t.Fatal(err)
	}
	refused(t, third, "too many open connections")

	// The enrollments of an employee the viewer may not read: NOT_FOUND.
	exp.subscribe("hidden", `subscription($e: ID) { enrollmentChanged(employeeId: $e) { id } }`, map[string]any{"e": gid.Encode(sc.other)})
	if m, _ := exp.next(5 * time.Second); !strings.Contains(string(m.Payload), `"NOT_FOUND"`) {
		t.Errorf("another employee's enrollments: %s %s", m.Type, m.Payload)
	} else {
		t.Logf("another employee's enrollments: %s %s", m.Type, m.Payload)
	}
	// The token expires: the connection is closed.
	deadline := time.After(5 * time.Second)
	for closed := false; !closed; {
		select {
		case _, ok := <-exp.msgs:
			closed = !ok
		case <-deadline:
			t.Fatal("the connection of an expired token is still open")
		}
	}

	// Shutdown ends every subscription.
	s.a.events.Close()
	for {
		m, ok := ws.next(5 * time.Second)
		if !ok || m.Type == "complete" {
			break
		}
	}
}

// TestServeOnEndsSubscriptions: the shutdown of serveOn ends the
// subscriptions at once (an event stream completes, a WebSocket is
// closed) and serveOn returns well within the grace period.
func TestServeOnEndsSubscriptions(t *testing.T) {
	a := subServers(t, storetest.SQLite, 1, nil)[0].a
	ln, cancel, done := startServeOn(t, a, signedIn(t, a.handler()))
	base := "http://" + ln.Addr().String()
	sc := pickSession(t, a.db.Client)
	me := bearer(t, viewer.Viewer{Subject: "test:shutdown", Role: viewer.Employee, EmployeeID: sc.mine})
	vars := map[string]any{"s": gid.Encode(sc.session)}
	sse := subscribeSSE(t, base, me, seatsQuery, vars)
	sse.next(5 * time.Second)
	ws := connected(t, base, me)
	ws.subscribe("seats", seatsQuery, vars)
	ws.next(5 * time.Second)
	waitOpen(t, a, 2)

	start := time.Now()
	cancel()
	select {
	case err := <-done:
		if err != nil || time.Since(start) > 2*time.Second {
			t.Errorf("serveOn returned %v after %v", err, time.Since(start))
		}
	case <-time.After(4 * time.Second):
		t.Fatal("serveOn still waits for the subscriptions")
	}
	for range sse.events {
	}
	for ok := true; ok; {
		_, ok = ws.next(5 * time.Second)
	}
	if a.events.Open() != 0 {
		t.Errorf("%d subscriptions open after the shutdown", a.events.Open())
	}
}
