package main

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"kembang/ent/gid"
	"kembang/internal/access"
	"kembang/internal/viewer"
)

// The report exports are routed through the server's authentication:
// each report in both formats for a viewer who may run it, masked NIPs
// for an analyst, 403 for a viewer who may not, 401 for a bad token
// (internal/report's TestExports checks the files themselves).
func TestExportRoutes(t *testing.T) {
	cfg := testConfig()
	db := seededStore(t)
	a := &app{cfg: cfg, db: db, log: newLogger(cfg, io.Discard)}
	ts := newTestServer(t, a)
	ctx := access.System(context.Background())
	ag := db.Client.Agency.Query().FirstX(ctx)
	prog := db.Client.Program.Query().FirstIDX(ctx)
	partner := db.Client.Partner.Query().FirstIDX(ctx)

	admin := bearer(t, viewer.Viewer{Subject: "test:admin", Role: viewer.Admin})
	analyst := bearer(t, viewer.Viewer{Subject: "test:analyst", Role: viewer.Analyst})
	employee := bearer(t, viewer.Viewer{Subject: "test:employee", Role: viewer.Employee, EmployeeID: db.Client.Employee.Query().FirstIDX(ctx)})
	queries := map[string]string{
		"compliance": "agencyId=" + gid.Encode(ag.ID) + "&year=2026",
		"program":    "programId=" + gid.Encode(prog) + "&year=2026",
		"partner":    "partnerId=" + gid.Encode(partner) + "&year=2026",
	}
	types := map[string]string{"csv": "text/csv; charset=utf-8", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
	for name, q := range queries {
		for ext, ct := range types {
			path := "/export/" + name + "." + ext + "?" + q
			if resp, body := get(t, ts, path, "Authorization", admin); resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != ct || len(body) == 0 {
				t.Errorf("ADMIN %s: %d %s", path, resp.StatusCode, resp.Header.Get("Content-Type"))
			}
			if resp, body := get(t, ts, path, "Authorization", employee); resp.StatusCode != http.StatusForbidden || !strings.Contains(string(body), `"FORBIDDEN"`) {
				t.Errorf("EMPLOYEE %s: %d %s", path, resp.StatusCode, body)
			}
			if resp, _ := get(t, ts, path, "Authorization", "Bearer nonsense"); resp.StatusCode != http.StatusUnauthorized {
				t.Errorf("bad token %s: %d", path, resp.StatusCode)
			}
		}
	}
	resp, body := get(t, ts, "/export/compliance.csv?"+queries["compliance"], "Authorization", analyst)
	lines := strings.Split(strings.TrimSpace(string(body)), "\n")
	if resp.StatusCode != http.StatusOK || len(lines) < 2 {
		t.Fatalf("ANALYST compliance: %d %s", resp.StatusCode, body)
	}
	for _, l := range lines[1:] {
		if !strings.HasPrefix(l, "***************") {
			t.Errorf("ANALYST compliance row with an unmasked NIP: %s", l)
		}
	}
}
