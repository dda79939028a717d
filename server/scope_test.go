package main

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"testing"
	"time"

	"kembang/ent/agency"
	"kembang/ent/employee"
	"kembang/ent/gid"
	"kembang/internal/access"
	"kembang/internal/auth"
	"kembang/internal/store/seed"
	"kembang/internal/store/storetest"
	"kembang/internal/viewer"
)

// signedToken returns an HS256 token of claims (with the test issuer,
// audience, subject and lifetime added) signed with the test secret, for
// tokens that auth.Mint refuses to make, such as an agency claim holding
// an employee's ID.
func signedToken(t *testing.T, claims map[string]any) string {
	t.Helper()
	now := time.Now()
	all := map[string]any{"iss": "kembang", "aud": "kembang-api", "sub": "test:hand-made", "iat": now.Unix(), "exp": now.Add(time.Hour).Unix()}
	for k, v := range claims {
		all[k] = v
	}
	enc := base64.RawURLEncoding
	head, _ := json.Marshal(map[string]string{"alg": "HS256", "typ": "JWT"})
	body, err := json.Marshal(all)
	if err != nil {
		t.Fatal(err)
	}
	signed := enc.EncodeToString(head) + "." + enc.EncodeToString(body)
	mac := hmac.New(sha256.New, []byte(testSecret))
	mac.Write([]byte(signed))
	return signed + "." + enc.EncodeToString(mac.Sum(nil))
}

// TestTokenScopes checks, on both stores, that the server refuses with
// 401 UNAUTHENTICATED and a reason the tokens whose agency, employee or
// partner does not exist, is of the wrong type, does not match, or was
// created after the token was issued; that the look-up reads with the
// server's rights whatever the token says; and that it is cached: a
// client's next request costs no statement for it (issue #15, finding
// 10).
func TestTokenScopes(t *testing.T) {
	for _, dialect := range storetest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			db := storetest.Open(t, dialect)
			ctx := access.System(context.Background())
			if _, err := seed.Run(ctx, db.Client, seed.Options{Employees: 40}); err != nil {
				t.Fatal(err)
			}
			cfg := testConfig()
			ts := newTestServer(t, &app{cfg: cfg, db: db, log: newLogger(cfg, io.Discard)})

			agencies := db.Client.Agency.Query().Order(agency.ByID()).IDsX(ctx)
			emp := db.Client.Employee.Query().Where(employee.AgencyID(agencies[0])).Order(employee.ByID()).FirstX(ctx)
			partnerIDs := db.Client.Partner.Query().IDsX(ctx)
			lastEmp := db.Client.Employee.Query().Order(employee.ByID()).IDsX(ctx)
			// IDs of the right table that no row holds yet: the next ones.
			nextAgency := agencies[len(agencies)-1] + 1
			nextEmployee := lastEmp[len(lastEmp)-1] + 1
			nextPartner := slicesMax(partnerIDs) + 1

			for _, tt := range []struct {
				name   string
				authz  string
				reason string // "" for 200
			}{
				{"HR officer of an agency", bearer(t, viewer.Viewer{Subject: "hr", Role: viewer.HROfficer, AgencyID: agencies[0]}), ""},
				{"HR officer of an agency not created yet", bearer(t, viewer.Viewer{Subject: "hr", Role: viewer.HROfficer, AgencyID: nextAgency}), "UNKNOWN_AGENCY"},
				{"approver of an agency not created yet", bearer(t, viewer.Viewer{Subject: "ppk", Role: viewer.Approver, AgencyID: nextAgency}), "UNKNOWN_AGENCY"},
				{"employee", bearer(t, viewer.Viewer{Subject: "e", Role: viewer.Employee, EmployeeID: emp.ID}), ""},
				{"employee not created yet", bearer(t, viewer.Viewer{Subject: "e", Role: viewer.Employee, EmployeeID: nextEmployee}), "UNKNOWN_EMPLOYEE"},
				{"supervisor not created yet", bearer(t, viewer.Viewer{Subject: "s", Role: viewer.Supervisor, EmployeeID: nextEmployee}), "UNKNOWN_EMPLOYEE"},
				{"partner", bearer(t, viewer.Viewer{Subject: "p", Role: viewer.Partner, PartnerID: partnerIDs[0]}), ""},
				{"partner not created yet", bearer(t, viewer.Viewer{Subject: "p", Role: viewer.Partner, PartnerID: nextPartner}), "UNKNOWN_PARTNER"},
				{"agency claim holding an employee's ID", "Bearer " + signedToken(t, map[string]any{"role": "HR_OFFICER", "agency": gid.Encode(emp.ID)}), "UNKNOWN_AGENCY"},
				{"raw agency claim holding an employee's ID", "Bearer " + signedToken(t, map[string]any{"role": "HR_OFFICER", "agency": emp.ID}), "UNKNOWN_AGENCY"},
				{"employee claim holding a partner's ID", "Bearer " + signedToken(t, map[string]any{"role": "EMPLOYEE", "employee": gid.Encode(partnerIDs[0])}), "UNKNOWN_EMPLOYEE"},
				{"employee in the token's agency", bearer(t, viewer.Viewer{Subject: "e", Role: viewer.Employee, EmployeeID: emp.ID, AgencyID: agencies[0]}), ""},
				{"employee of another agency than the token's", bearer(t, viewer.Viewer{Subject: "e", Role: viewer.Employee, EmployeeID: emp.ID, AgencyID: agencies[1]}), "SCOPE_MISMATCH"},
				{"HR officer whose employee record is in another agency", bearer(t, viewer.Viewer{Subject: "hr", Role: viewer.HROfficer, AgencyID: agencies[1], EmployeeID: emp.ID}), "SCOPE_MISMATCH"},
			} {
				t.Run(tt.name, func(t *testing.T) {
					resp, r := gql(t, ts.URL, `{ viewer { role } }`, nil, "Authorization", tt.authz)
					if tt.reason == "" {
						if resp.StatusCode != http.StatusOK || len(r.Errors) > 0 {
							t.Fatalf("%d %s %+v, want 200", resp.StatusCode, r.Data, r.Errors)
						}
						return
					}
					if resp.StatusCode != http.StatusUnauthorized || len(r.Errors) != 1 || r.Data != nil {
						t.Fatalf("%d %s %+v, want 401 and no data", resp.StatusCode, r.Data, r.Errors)
					}
					if e := r.Errors[0].Extensions; e["code"] != "UNAUTHENTICATED" || e["reason"] != tt.reason {
						t.Errorf("extensions %v, want UNAUTHENTICATED %s", e, tt.reason)
					}
				})
			}

			// A record created after the token was issued does not admit
			// it, although the token named the record's ID in advance. (A
			// new server: the first has cached the agency's absence.)
			issued := time.Now().Add(-10 * time.Minute)
			c := authConfig(cfg)
			c.Now = func() time.Time { return issued }
			early, err := auth.Mint(c, viewer.Viewer{Subject: "early", Role: viewer.HROfficer, AgencyID: nextAgency}, time.Hour)
			if err != nil {
				t.Fatal(err)
			}
			if got := db.Client.Agency.Create().SetCode("BARU").SetName("Badan Baru").SetRegion("Jakarta").SaveX(ctx).ID; got != nextAgency {
				t.Fatalf("the new agency has ID %d, want %d", got, nextAgency)
			}
			ts2 := newTestServer(t, &app{cfg: cfg, db: db, log: newLogger(cfg, io.Discard)})
			resp, r := gql(t, ts2.URL, `{ viewer { role } }`, nil, "Authorization", "Bearer "+early)
			if resp.StatusCode != http.StatusUnauthorized || len(r.Errors) != 1 || r.Errors[0].Extensions["reason"] != "ISSUED_BEFORE_RECORD" {
				t.Errorf("a token issued before its agency: %d %+v, want 401 ISSUED_BEFORE_RECORD", resp.StatusCode, r.Errors)
			}
			late := bearer(t, viewer.Viewer{Subject: "late", Role: viewer.HROfficer, AgencyID: nextAgency})
			if resp, r := gql(t, ts2.URL, `{ viewer { role } }`, nil, "Authorization", late); resp.StatusCode != http.StatusOK || len(r.Errors) > 0 {
				t.Errorf("a token issued after its agency: %d %+v", resp.StatusCode, r.Errors)
			}

			// Cached: the first request of a new scope looks it up (one
			// statement more than the next), the next ones do not.
			ts3 := newTestServer(t, &app{cfg: cfg, db: db, log: newLogger(cfg, io.Discard)})
			authz := bearer(t, viewer.Viewer{Subject: "e", Role: viewer.Employee, EmployeeID: emp.ID})
			statements := func() int {
				resp, r := gql(t, ts3.URL, `{ viewer { role } }`, nil, "Authorization", authz)
				n, err := strconv.Atoi(resp.Header.Get("X-SQL-Statements"))
				if resp.StatusCode != http.StatusOK || len(r.Errors) > 0 || err != nil {
					t.Fatalf("%d %+v, X-SQL-Statements %q", resp.StatusCode, r.Errors, resp.Header.Get("X-SQL-Statements"))
				}
				return n
			}
			first, second, third := statements(), statements(), statements()
			if first != second+1 || third != second {
				t.Errorf("statements of three requests: %d, %d, %d; want one look-up, on the first", first, second, third)
			}
		})
	}
}

// slicesMax returns the largest of ids.
func slicesMax(ids []int) int {
	m := 0
	for _, id := range ids {
		m = max(m, id)
	}
	return m
}
