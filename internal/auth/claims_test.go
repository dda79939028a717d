package auth

import (
	"context"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"

	"kembang/ent/gid"
	"kembang/internal/viewer"
)

func TestClaimsViewer(t *testing.T) {
	ag, em, pa := agencyID(3), employeeID(41), partnerID(2)
	agencyOpaque, employeeOpaque, partnerOpaque := gid.Encode(ag), gid.Encode(em), gid.Encode(pa)
	keycloak := ClaimNames{Role: "resource_access.kembang-api.roles", Agency: "kembang_agency"}
	realm := ClaimNames{Role: "realm_access.roles"}
	namespaced := ClaimNames{Role: "https://kembang.go.id/role"}

	tests := []struct {
		name   string
		names  ClaimNames
		claims map[string]any
		want   viewer.Viewer
		err    error
	}{
		{"admin", ClaimNames{}, map[string]any{"role": "ADMIN"}, viewer.Viewer{Subject: "user-1", Role: viewer.Admin}, nil},
		{"analyst", ClaimNames{}, map[string]any{"role": "ANALYST"}, viewer.Viewer{Subject: "user-1", Role: viewer.Analyst}, nil},
		{"HR officer, opaque agency", ClaimNames{}, map[string]any{"role": "HR_OFFICER", "agency": agencyOpaque},
			viewer.Viewer{Subject: "user-1", Role: viewer.HROfficer, AgencyID: ag}, nil},
		{"HR officer, raw agency", ClaimNames{}, map[string]any{"role": "HR_OFFICER", "agency": ag},
			viewer.Viewer{Subject: "user-1", Role: viewer.HROfficer, AgencyID: ag}, nil},
		{"approver with employee record", ClaimNames{}, map[string]any{"role": "APPROVER", "agency": agencyOpaque, "employee": employeeOpaque},
			viewer.Viewer{Subject: "user-1", Role: viewer.Approver, AgencyID: ag, EmployeeID: em}, nil},
		{"supervisor", ClaimNames{}, map[string]any{"role": "SUPERVISOR", "employee": employeeOpaque},
			viewer.Viewer{Subject: "user-1", Role: viewer.Supervisor, EmployeeID: em}, nil},
		{"employee, raw ID", ClaimNames{}, map[string]any{"role": "EMPLOYEE", "employee": em},
			viewer.Viewer{Subject: "user-1", Role: viewer.Employee, EmployeeID: em}, nil},
		{"partner", ClaimNames{}, map[string]any{"role": "PARTNER", "partner": partnerOpaque},
			viewer.Viewer{Subject: "user-1", Role: viewer.Partner, PartnerID: pa}, nil},
		{"null agency is absent", ClaimNames{}, map[string]any{"role": "ADMIN", "agency": nil},
			viewer.Viewer{Subject: "user-1", Role: viewer.Admin}, nil},
		{"Keycloak realm roles", realm, map[string]any{"role": nil, "realm_access": map[string]any{"roles": []string{"offline_access", "default-roles-kembang", "ANALYST", "uma_authorization"}}},
			viewer.Viewer{Subject: "user-1", Role: viewer.Analyst}, nil},
		{"Keycloak client roles", keycloak, map[string]any{"role": nil, "kembang_agency": agencyOpaque,
			"resource_access": map[string]any{"kembang-api": map[string]any{"roles": []string{"HR_OFFICER", "HR_OFFICER"}}, "account": map[string]any{"roles": []string{"ADMIN"}}}},
			viewer.Viewer{Subject: "user-1", Role: viewer.HROfficer, AgencyID: ag}, nil},
		{"namespaced claim with dots", namespaced, map[string]any{"role": nil, "https://kembang.go.id/role": "ADMIN"},
			viewer.Viewer{Subject: "user-1", Role: viewer.Admin}, nil},

		{"no role", ClaimNames{}, map[string]any{"role": nil}, viewer.Viewer{}, ErrRole},
		{"null role", ClaimNames{}, map[string]any{"role": nil, "x": 1}, viewer.Viewer{}, ErrRole},
		{"unknown role", ClaimNames{}, map[string]any{"role": "ROOT"}, viewer.Viewer{}, ErrRole},
		{"lower-case role", ClaimNames{}, map[string]any{"role": "admin"}, viewer.Viewer{}, ErrRole},
		{"empty role", ClaimNames{}, map[string]any{"role": ""}, viewer.Viewer{}, ErrRole},
		{"numeric role", ClaimNames{}, map[string]any{"role": 1}, viewer.Viewer{}, ErrRole},
		{"object role", ClaimNames{}, map[string]any{"role": map[string]any{"name": "ADMIN"}}, viewer.Viewer{}, ErrRole},
		{"no Kembang role among realm roles", realm, map[string]any{"realm_access": map[string]any{"roles": []string{"offline_access", "admin"}}}, viewer.Viewer{}, ErrRole},
		{"several Kembang roles", realm, map[string]any{"realm_access": map[string]any{"roles": []string{"ADMIN", "ANALYST"}}}, viewer.Viewer{}, ErrRole},
		{"path through a non-object", realm, map[string]any{"realm_access": "ADMIN"}, viewer.Viewer{}, ErrRole},
		{"no sub", ClaimNames{}, map[string]any{"sub": nil}, viewer.Viewer{}, ErrClaims},
		{"HR officer without agency", ClaimNames{}, map[string]any{"role": "HR_OFFICER"}, viewer.Viewer{}, ErrClaims},
		{"approver without agency", ClaimNames{}, map[string]any{"role": "APPROVER", "employee": employeeOpaque}, viewer.Viewer{}, ErrClaims},
		{"employee without employee", ClaimNames{}, map[string]any{"role": "EMPLOYEE", "agency": agencyOpaque}, viewer.Viewer{}, ErrClaims},
		{"supervisor without employee", ClaimNames{}, map[string]any{"role": "SUPERVISOR"}, viewer.Viewer{}, ErrClaims},
		{"partner without partner", ClaimNames{}, map[string]any{"role": "PARTNER"}, viewer.Viewer{}, ErrClaims},
		{"agency is an employee ID", ClaimNames{}, map[string]any{"role": "HR_OFFICER", "agency": employeeOpaque}, viewer.Viewer{}, ErrUnknownAgency},
		{"raw agency in the employees range", ClaimNames{}, map[string]any{"role": "HR_OFFICER", "agency": em}, viewer.Viewer{}, ErrUnknownAgency},
		{"partner is an agency ID", ClaimNames{}, map[string]any{"role": "PARTNER", "partner": agencyOpaque}, viewer.Viewer{}, ErrUnknownPartner},
		{"garbage agency", ClaimNames{}, map[string]any{"role": "HR_OFFICER", "agency": "KMN"}, viewer.Viewer{}, ErrClaims},
		{"numeric string agency", ClaimNames{}, map[string]any{"role": "HR_OFFICER", "agency": "3"}, viewer.Viewer{}, ErrClaims},
		{"fractional agency", ClaimNames{}, map[string]any{"role": "HR_OFFICER", "agency": 3.5}, viewer.Viewer{}, ErrClaims},
		{"zero agency", ClaimNames{}, map[string]any{"role": "HR_OFFICER", "agency": 0}, viewer.Viewer{}, ErrClaims},
		{"negative agency", ClaimNames{}, map[string]any{"role": "HR_OFFICER", "agency": -3}, viewer.Viewer{}, ErrClaims},
		{"empty agency", ClaimNames{}, map[string]any{"role": "HR_OFFICER", "agency": ""}, viewer.Viewer{}, ErrClaims},
		{"agency an array", ClaimNames{}, map[string]any{"role": "HR_OFFICER", "agency": []string{agencyOpaque}}, viewer.Viewer{}, ErrClaims},
		{"bad ID on an admin", ClaimNames{}, map[string]any{"role": "ADMIN", "partner": "nope"}, viewer.Viewer{}, ErrClaims},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := staticVerifier(t, func(c *Config) { c.Claims = tt.names })
			tok := token(header("HS256", ""), claims(tt.claims), testSecret())
			got, err := v.Viewer(context.Background(), tok)
			wantErr(t, err, tt.err)
			if got != tt.want {
				t.Fatalf("Viewer = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestClaimsLookup(t *testing.T) {
	tok, err := parseToken(token(header("HS256", ""), map[string]any{
		"a":   map[string]any{"b": map[string]any{"c": 1}},
		"a.b": 2,
		"x.y": map[string]any{"z": 3},
	}, testSecret()), []jose.SignatureAlgorithm{jose.HS256})
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{"a.b": "2", "a.b.c": "1", "a": `{"b":{"c":1}}`, "x.y": `{"z":3}`} {
		if got, ok := tok.claims.Lookup(name); !ok || string(got) != want {
			t.Errorf("Lookup(%q) = %s, %v; want %s", name, got, ok, want)
		}
	}
	for _, name := range []string{"", "b", "a.c", "a.b.c.d", "x.y.z", "a..b"} {
		if got, ok := tok.claims.Lookup(name); ok {
			t.Errorf("Lookup(%q) = %s, want nothing", name, got)
		}
	}
}

func TestMint(t *testing.T) {
	c := newClock()
	cfg := Config{Issuer: "kembang", Audience: []string{"kembang"}, Secret: testSecret(), Now: c.Now}
	v, err := NewVerifier(cfg)
	if err != nil {
		t.Fatal(err)
	}
	viewers := []viewer.Viewer{
		{Subject: "admin@kemuning", Role: viewer.Admin},
		{Role: viewer.HROfficer, AgencyID: agencyID(1)},
		{Role: viewer.Approver, AgencyID: agencyID(2), EmployeeID: employeeID(3)},
		{Role: viewer.Supervisor, EmployeeID: employeeID(4)},
		{Role: viewer.Employee, EmployeeID: employeeID(5)},
		{Role: viewer.Partner, PartnerID: partnerID(6)},
		{Role: viewer.Analyst},
	}
	for _, want := range viewers {
		t.Run(want.Role.String(), func(t *testing.T) {
			tok, err := Mint(cfg, want, time.Hour)
			if err != nil {
				t.Fatal(err)
			}
			got, err := v.Viewer(context.Background(), tok)
			if err != nil {
				t.Fatal(err)
			}
			if want.Subject == "" {
				want.Subject = "dev:" + map[viewer.Role]string{
					viewer.HROfficer: "hr_officer", viewer.Approver: "approver", viewer.Supervisor: "supervisor",
					viewer.Employee: "employee", viewer.Partner: "partner", viewer.Analyst: "analyst",
				}[want.Role]
			}
			if got != want {
				t.Fatalf("Viewer(Mint(v)) = %+v, want %+v", got, want)
			}
		})
	}

	t.Run("opaque IDs in claims", func(t *testing.T) {
		tok, err := Mint(cfg, viewer.Viewer{Role: viewer.HROfficer, AgencyID: agencyID(1)}, time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		p, err := parseToken(tok, []jose.SignatureAlgorithm{jose.HS256})
		if err != nil {
			t.Fatal(err)
		}
		if raw, _ := p.claims.Lookup("agency"); string(raw) != `"`+gid.Encode(agencyID(1))+`"` {
			t.Fatalf("agency claim = %s, want the opaque ID", raw)
		}
		if p.alg.name != jose.HS256 || p.claims.ID == "" || !p.claims.Expiry.Equal(t0.Add(time.Hour)) || !p.claims.IssuedAt.Equal(t0) {
			t.Fatalf("token = %+v", p)
		}
	})

	t.Run("nested claim names", func(t *testing.T) {
		nested := cfg
		nested.Audience = []string{"kembang", "explorer"}
		nested.Claims = ClaimNames{Role: "realm_access.roles", Agency: "kembang.agency", Employee: "kembang.employee"}
		nv, err := NewVerifier(nested)
		if err != nil {
			t.Fatal(err)
		}
		want := viewer.Viewer{Subject: "s", Role: viewer.Approver, AgencyID: agencyID(9), EmployeeID: employeeID(9)}
		tok, err := Mint(nested, want, time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		if got, err := nv.Viewer(context.Background(), tok); err != nil || got != want {
			t.Fatalf("Viewer = %+v, %v; want %+v", got, err, want)
		}
	})

	t.Run("expires", func(t *testing.T) {
		tok, err := Mint(cfg, viewer.Viewer{Role: viewer.Admin}, time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		late := cfg
		late.Now = func() time.Time { return c.Now().Add(time.Minute + DefaultLeeway) }
		lv, err := NewVerifier(late)
		if err != nil {
			t.Fatal(err)
		}
		_, err = lv.Verify(context.Background(), tok)
		wantErr(t, err, ErrExpired)
	})

	bad := []struct {
		name string
		cfg  func(*Config)
		v    viewer.Viewer
		ttl  time.Duration
	}{
		{"short secret", func(c *Config) { c.Secret = []byte("dev") }, viewer.Viewer{Role: viewer.Admin}, time.Hour},
		{"no issuer", func(c *Config) { c.Issuer = "" }, viewer.Viewer{Role: viewer.Admin}, time.Hour},
		{"no audience", func(c *Config) { c.Audience = nil }, viewer.Viewer{Role: viewer.Admin}, time.Hour},
		{"zero TTL", func(*Config) {}, viewer.Viewer{Role: viewer.Admin}, 0},
		{"anonymous", func(*Config) {}, viewer.Viewer{}, time.Hour},
		{"unknown role", func(*Config) {}, viewer.Viewer{Role: "ROOT"}, time.Hour},
		{"HR officer without agency", func(*Config) {}, viewer.Viewer{Role: viewer.HROfficer}, time.Hour},
		{"agency ID of an employee", func(*Config) {}, viewer.Viewer{Role: viewer.HROfficer, AgencyID: employeeID(1)}, time.Hour},
		{"API key viewer", func(*Config) {}, viewer.Viewer{Role: viewer.Partner, PartnerID: partnerID(1), APIKeyID: 5}, time.Hour},
		{"clashing claim paths", func(c *Config) { c.Claims = ClaimNames{Role: "k", Agency: "k.agency"} }, viewer.Viewer{Role: viewer.HROfficer, AgencyID: agencyID(1)}, time.Hour},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			c := cfg
			tt.cfg(&c)
			if tok, err := Mint(c, tt.v, tt.ttl); err == nil {
				t.Fatalf("Mint = %q, want an error", tok)
			}
		})
	}
}

// BenchmarkViewer measures finding the viewer of a request's bearer token:
// the first use verifies it (HS256, as the embedded store's tokens), later
// uses within the minute check its time window and audience only.
func BenchmarkViewer(b *testing.B) {
	cfg := Config{Issuer: "kembang", Audience: []string{"kembang"}, Secret: testSecret()}
	tok, err := Mint(cfg, viewer.Viewer{Role: viewer.HROfficer, AgencyID: agencyID(1)}, time.Hour)
	if err != nil {
		b.Fatal(err)
	}
	for _, bc := range []struct {
		name  string
		fresh bool // a new verifier each time: no verified token kept
	}{{"first use", true}, {"cached", false}} {
		b.Run(bc.name, func(b *testing.B) {
			v, err := NewVerifier(cfg)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if bc.fresh {
					b.StopTimer()
					v, _ = NewVerifier(cfg)
					b.StartTimer()
				}
				if _, err := v.Viewer(context.Background(), tok); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
