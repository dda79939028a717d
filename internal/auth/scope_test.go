package auth

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"kembang/ent/gid"
	"kembang/internal/auth/apikey"
	"kembang/internal/viewer"
)

// records is an in-memory ScopeLookup that counts its look-ups.
type records struct {
	mu      sync.Mutex
	rows    map[scopeKey]ScopeRecord
	err     error // returned for every look-up if set
	lookups int
}

// lookup implements ScopeLookup.
func (s *records) lookup(_ context.Context, table string, id int) (ScopeRecord, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lookups++
	if s.err != nil {
		return ScopeRecord{}, false, s.err
	}
	rec, ok := s.rows[scopeKey{table, id}]
	return rec, ok, nil
}

// set adds or, with ok false, deletes a record.
func (s *records) set(table string, id int, rec ScopeRecord, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if ok {
		s.rows[scopeKey{table, id}] = rec
	} else {
		delete(s.rows, scopeKey{table, id})
	}
}

// count returns the number of look-ups so far.
func (s *records) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.lookups
}

// scopeFixture is a middleware with a scope look-up over records, on a
// settable clock.
type scopeFixture struct {
	t     *testing.T
	clock *clock
	cfg   Config
	recs  *records
	keys  *keyStore
	h     http.Handler
}

// newScopeFixture returns a fixture whose records hold agencies 1 and 2,
// employees 10 (agency 1) and 20 (agency 2), and partner 7, all created
// a day before the clock's time.
func newScopeFixture(t *testing.T, ttl time.Duration) *scopeFixture {
	f := &scopeFixture{t: t, clock: newClock()}
	f.cfg = Config{Issuer: testIssuer, Audience: []string{testAudience}, Secret: testSecret(), Now: f.clock.Now}
	v, err := NewVerifier(f.cfg)
	if err != nil {
		t.Fatal(err)
	}
	day := t0.Add(-24 * time.Hour)
	f.recs = &records{rows: map[scopeKey]ScopeRecord{
		{Agencies, agencyID(1)}:     {Created: day},
		{Agencies, agencyID(2)}:     {Created: day},
		{Employees, employeeID(10)}: {AgencyID: agencyID(1), Created: day},
		{Employees, employeeID(20)}: {AgencyID: agencyID(2), Created: day},
		{Partners, partnerID(7)}:    {Created: day},
	}}
	f.keys = &keyStore{keys: map[string]StoredKey{}}
	f.h = Middleware(v, f.keys.lookup, Options{Scopes: f.recs.lookup, ScopeTTL: ttl, Now: f.clock.Now})(
		http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			v, _ := viewer.FromContext(r.Context())
			json.NewEncoder(w).Encode(v)
		}))
	return f
}

// mint returns a token for v issued at the clock's time.
func (f *scopeFixture) mint(v viewer.Viewer) string {
	f.t.Helper()
	tok, err := Mint(f.cfg, v, time.Hour)
	if err != nil {
		f.t.Fatal(err)
	}
	return tok
}

// send sends a request with header name set to value and returns the
// status and the refusal's reason, if any.
func (f *scopeFixture) send(name, value string) (int, string) {
	f.t.Helper()
	r := httptest.NewRequest(http.MethodPost, "/graphql", nil)
	r.Header.Set(name, value)
	w := httptest.NewRecorder()
	f.h.ServeHTTP(w, r)
	if w.Code == http.StatusOK {
		return w.Code, ""
	}
	var body gqlError
	if err := json.Unmarshal(w.Body.Bytes(), &body); err != nil || len(body.Errors) != 1 {
		f.t.Fatalf("refusal body %s: %v", w.Body, err)
	}
	e := body.Errors[0]
	if w.Code == http.StatusUnauthorized && (e.Extensions["code"] != "UNAUTHENTICATED" || e.Message == "") {
		f.t.Fatalf("401 without UNAUTHENTICATED: %s", w.Body)
	}
	return w.Code, e.Extensions["reason"]
}

// bearer sends a request with token and returns its status and reason.
func (f *scopeFixture) bearer(token string) (int, string) {
	f.t.Helper()
	return f.send("Authorization", "Bearer "+token)
}

// TestScopeCheck checks that a credential naming an agency, employee or
// partner that does not exist, of the wrong type, an employee outside its
// agency, or a record created after the token was issued, is refused
// with 401 and a reason (issue #15, finding 10).
func TestScopeCheck(t *testing.T) {
	tests := []struct {
		name    string
		viewer  viewer.Viewer
		claims  map[string]any // instead of viewer, a hand-made token
		age     time.Duration  // the token was issued this long ago
		status  int
		reason  string
		lookups int
	}{
		{name: "admin without scope", viewer: viewer.Viewer{Role: viewer.Admin}, status: 200},
		{name: "HR officer of an agency", viewer: viewer.Viewer{Role: viewer.HROfficer, AgencyID: agencyID(1)}, status: 200, lookups: 1},
		{name: "HR officer of no agency", viewer: viewer.Viewer{Role: viewer.HROfficer, AgencyID: agencyID(3)}, status: 401, reason: "UNKNOWN_AGENCY", lookups: 1},
		{name: "approver of no agency", viewer: viewer.Viewer{Role: viewer.Approver, AgencyID: agencyID(99)}, status: 401, reason: "UNKNOWN_AGENCY", lookups: 1},
		{name: "employee", viewer: viewer.Viewer{Role: viewer.Employee, EmployeeID: employeeID(10)}, status: 200, lookups: 1},
		{name: "no such employee", viewer: viewer.Viewer{Role: viewer.Employee, EmployeeID: employeeID(11)}, status: 401, reason: "UNKNOWN_EMPLOYEE", lookups: 1},
		{name: "no such supervisor", viewer: viewer.Viewer{Role: viewer.Supervisor, EmployeeID: employeeID(12)}, status: 401, reason: "UNKNOWN_EMPLOYEE", lookups: 1},
		{name: "partner", viewer: viewer.Viewer{Role: viewer.Partner, PartnerID: partnerID(7)}, status: 200, lookups: 1},
		{name: "no such partner", viewer: viewer.Viewer{Role: viewer.Partner, PartnerID: partnerID(8)}, status: 401, reason: "UNKNOWN_PARTNER", lookups: 1},
		{name: "admin naming no partner", viewer: viewer.Viewer{Role: viewer.Admin, PartnerID: partnerID(8)}, status: 401, reason: "UNKNOWN_PARTNER", lookups: 1},
		{name: "agency claim holding an employee's ID", claims: map[string]any{"role": "HR_OFFICER", "agency": employeeOpaqueOf(10)}, status: 401, reason: "UNKNOWN_AGENCY"},
		{name: "employee claim holding an agency's ID", claims: map[string]any{"role": "EMPLOYEE", "employee": agencyOpaqueOf(1)}, status: 401, reason: "UNKNOWN_EMPLOYEE"},
		{name: "raw partner ID in the agencies range", claims: map[string]any{"role": "PARTNER", "partner": agencyID(1)}, status: 401, reason: "UNKNOWN_PARTNER"},
		{name: "employee in the token's agency", viewer: viewer.Viewer{Role: viewer.Employee, EmployeeID: employeeID(10), AgencyID: agencyID(1)}, status: 200, lookups: 2},
		{name: "employee of another agency", viewer: viewer.Viewer{Role: viewer.Employee, EmployeeID: employeeID(20), AgencyID: agencyID(1)}, status: 401, reason: "SCOPE_MISMATCH", lookups: 2},
		{name: "HR officer whose employee record is elsewhere", viewer: viewer.Viewer{Role: viewer.HROfficer, AgencyID: agencyID(2), EmployeeID: employeeID(10)}, status: 401, reason: "SCOPE_MISMATCH", lookups: 2},
		{name: "issued before the record", viewer: viewer.Viewer{Role: viewer.HROfficer, AgencyID: agencyID(1)}, age: 25 * time.Hour, status: 401, reason: "ISSUED_BEFORE_RECORD", lookups: 1},
		{name: "issued within the leeway of the record", viewer: viewer.Viewer{Role: viewer.HROfficer, AgencyID: agencyID(1)}, age: 24*time.Hour + DefaultLeeway/2, status: 200, lookups: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newScopeFixture(t, 0)
			if tt.age != 0 {
				// A token that lives long enough to be valid now.
				f.clock.Advance(-tt.age)
			}
			var tok string
			if tt.claims != nil {
				tok = token(header("HS256", ""), claims(tt.claims), testSecret())
			} else {
				tt.viewer.Subject = "user-1"
				var err error
				if tok, err = Mint(f.cfg, tt.viewer, tt.age+time.Hour); err != nil {
					t.Fatal(err)
				}
			}
			f.clock.Advance(tt.age)
			status, reason := f.bearer(tok)
			if status != tt.status || reason != tt.reason {
				t.Errorf("got %d %q, want %d %q", status, reason, tt.status, tt.reason)
			}
			if n := f.recs.count(); n != tt.lookups {
				t.Errorf("%d look-ups, want %d", n, tt.lookups)
			}
		})
	}
}

// employeeOpaqueOf and agencyOpaqueOf return the API IDs of rows.
func employeeOpaqueOf(n int) string { return gid.Encode(employeeID(n)) }
func agencyOpaqueOf(n int) string   { return gid.Encode(agencyID(n)) }

// TestScopeCheckAPIKeys checks that API keys go through the same check:
// a key whose partner is gone is refused.
func TestScopeCheckAPIKeys(t *testing.T) {
	f := newScopeFixture(t, 0)
	good, goodHash, err := apikey.New()
	if err != nil {
		t.Fatal(err)
	}
	orphan, orphanHash, err := apikey.New()
	if err != nil {
		t.Fatal(err)
	}
	f.keys.keys[goodHash.ID] = StoredKey{ID: 70, PartnerID: partnerID(7), Hash: goodHash}
	f.keys.keys[orphanHash.ID] = StoredKey{ID: 71, PartnerID: partnerID(9), Hash: orphanHash}
	if status, reason := f.send(APIKeyHeader, good); status != 200 {
		t.Errorf("key of an existing partner: %d %s", status, reason)
	}
	if status, reason := f.send(APIKeyHeader, orphan); status != 401 || reason != "UNKNOWN_PARTNER" {
		t.Errorf("key of a missing partner: %d %q, want 401 UNKNOWN_PARTNER", status, reason)
	}
}

// TestScopeCheckFailures checks that a failed look-up is a server error,
// never an acceptance: 503 when the store is unavailable, else 500; and
// that failures are not cached.
func TestScopeCheckFailures(t *testing.T) {
	f := newScopeFixture(t, 0)
	tok := f.mint(viewer.Viewer{Subject: "hr", Role: viewer.HROfficer, AgencyID: agencyID(1)})
	f.recs.err = fmt.Errorf("%w: connection refused", ErrUnavailable)
	if status, reason := f.bearer(tok); status != http.StatusServiceUnavailable || reason != "UNAVAILABLE" {
		t.Errorf("store unavailable: %d %q, want 503 UNAVAILABLE", status, reason)
	}
	f.recs.err = errors.New("syntax error at or near SELECT")
	if status, _ := f.bearer(tok); status != http.StatusInternalServerError {
		t.Errorf("look-up failure: %d, want 500", status)
	}
	f.recs.err = nil
	if status, reason := f.bearer(tok); status != 200 {
		t.Errorf("after the failures: %d %q", status, reason)
	}
	if n := f.recs.count(); n != 3 {
		t.Errorf("%d look-ups, want 3 (failures are not cached)", n)
	}
}

// TestScopeCache checks the cache of look-ups: a client's requests cost
// one look-up per TTL, found or not; a deleted record stops its tokens
// once the TTL has passed; a record that appears later does not admit
// the tokens issued before it; and the cache is bounded.
func TestScopeCache(t *testing.T) {
	const ttl = 10 * time.Second
	f := newScopeFixture(t, ttl)
	hr := f.mint(viewer.Viewer{Subject: "hr", Role: viewer.HROfficer, AgencyID: agencyID(1)})
	for range 5 {
		if status, reason := f.bearer(hr); status != 200 {
			t.Fatalf("HR officer: %d %q", status, reason)
		}
	}
	if n := f.recs.count(); n != 1 {
		t.Fatalf("%d look-ups for 5 requests, want 1", n)
	}

	// Deleted: still admitted from the cache until the TTL has passed,
	// then refused.
	f.recs.set(Agencies, agencyID(1), ScopeRecord{}, false)
	f.clock.Advance(ttl - time.Second)
	if status, _ := f.bearer(hr); status != 200 {
		t.Errorf("within the TTL of the deletion: %d, want 200 from the cache", status)
	}
	f.clock.Advance(time.Second)
	if status, reason := f.bearer(hr); status != 401 || reason != "UNKNOWN_AGENCY" {
		t.Errorf("after the TTL of the deletion: %d %q, want 401 UNKNOWN_AGENCY", status, reason)
	}
	if n := f.recs.count(); n != 2 {
		t.Errorf("%d look-ups, want 2", n)
	}

	// Absent records are cached too: replays cost no look-up.
	ghost := f.mint(viewer.Viewer{Subject: "ghost", Role: viewer.HROfficer, AgencyID: agencyID(5)})
	for range 5 {
		if status, reason := f.bearer(ghost); status != 401 || reason != "UNKNOWN_AGENCY" {
			t.Fatalf("unknown agency: %d %q", status, reason)
		}
	}
	if n := f.recs.count(); n != 3 {
		t.Errorf("%d look-ups, want 3 (one for the five replays)", n)
	}

	// The agency appears: the token issued before it stays refused once
	// the cache has expired, a token issued after it is admitted.
	f.clock.Advance(time.Minute)
	f.recs.set(Agencies, agencyID(5), ScopeRecord{Created: f.clock.Now()}, true)
	if status, reason := f.bearer(ghost); status != 401 || reason != "ISSUED_BEFORE_RECORD" {
		t.Errorf("token issued before its agency: %d %q, want 401 ISSUED_BEFORE_RECORD", status, reason)
	}
	fresh := f.mint(viewer.Viewer{Subject: "hr5", Role: viewer.HROfficer, AgencyID: agencyID(5)})
	if status, reason := f.bearer(fresh); status != 200 {
		t.Errorf("token issued after its agency: %d %q", status, reason)
	}

	// Bounded: many distinct records never grow the cache past its size.
	m := &middleware{scopes: newScopes(Options{Scopes: f.recs.lookup, Now: f.clock.Now})}
	for i := range scopeCacheSize + 100 {
		if _, _, err := m.scopes.get(context.Background(), Partners, partnerID(i+1)); err != nil {
			t.Fatal(err)
		}
	}
	if n := m.scopes.cache.Len(); n > scopeCacheSize {
		t.Errorf("cache holds %d entries, more than %d", n, scopeCacheSize)
	}
}
