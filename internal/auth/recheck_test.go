package auth

import (
	"context"
	"testing"
	"time"

	"kembang/internal/auth/apikey"
	"kembang/internal/viewer"
)

// TestRecheck: the credentials of a long-lived connection checked again
// refuse an API key revoked, deleted or given to another partner since,
// and a token whose employee is gone (once the scope cache's TTL has
// passed); the anonymous viewer and unchanged credentials pass.
func TestRecheck(t *testing.T) {
	const ttl = 10 * time.Second
	f := newScopeFixture(t, ttl)
	a := NewAuthenticator(nil, f.keys.lookup, Options{Scopes: f.recs.lookup, ScopeTTL: ttl, Now: f.clock.Now})
	_, hash, err := apikey.New()
	if err != nil {
		t.Fatal(err)
	}
	key := viewer.Viewer{Subject: "apikey:" + hash.ID, Role: viewer.Partner, PartnerID: partnerID(7), APIKeyID: 70}
	hr := viewer.Viewer{Subject: "hr", Role: viewer.HROfficer, AgencyID: agencyID(1), EmployeeID: employeeID(10)}
	check := func(v viewer.Viewer) error { return a.Recheck(viewer.NewContext(context.Background(), v)) }
	for _, tc := range []struct {
		name   string
		change func()
		v      viewer.Viewer
		want   error
	}{
		{"anonymous", func() {}, viewer.Viewer{}, nil},
		{"key", func() { f.keys.keys[hash.ID] = StoredKey{ID: 70, PartnerID: partnerID(7), Hash: hash} }, key, nil},
		{"key revoked", func() { f.keys.keys[hash.ID] = StoredKey{ID: 70, PartnerID: partnerID(7), Hash: hash, Revoked: true} }, key, ErrRevoked},
		{"key of another partner", func() { f.keys.keys[hash.ID] = StoredKey{ID: 70, PartnerID: partnerID(8), Hash: hash} }, key, ErrRevoked},
		{"key deleted", func() { delete(f.keys.keys, hash.ID) }, key, ErrAPIKey},
		{"token", func() {}, hr, nil},
		{"token of a deleted employee", func() {
			f.recs.set(Employees, employeeID(10), ScopeRecord{}, false)
			f.clock.Advance(ttl)
		}, hr, ErrUnknownEmployee},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.change()
			wantErr(t, check(tc.v), tc.want)
		})
	}
}
