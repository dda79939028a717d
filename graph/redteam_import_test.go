package graph_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"kembang/ent/employee"
	"kembang/internal/access"
	"kembang/internal/viewer"
)

// TestRedTeamImportAcrossAgencies: HR of one agency uploading rows that
// name another agency's employee (by NIP, as the row itself or as its
// supervisor) changes nothing of that employee and learns no more than
// createEmployee tells (a NIP exists: CONFLICT-like row error, known
// limit); a NUL character in a cell is refused as the API refuses it, on
// both stores, instead of being stored by SQLite and failing on
// PostgreSQL without a column.
func TestRedTeamImportAcrossAgencies(t *testing.T) {
	forEachStore(t, func(t *testing.T, a *api) {
		f := build(t, a)
		rv := newRival(t, a)
		sys := access.System(context.Background())
		before := a.db.Client.Employee.GetX(sys, rawID(t, rv.employee))
		hr := viewer.NewContext(context.Background(), viewer.Viewer{Subject: "test:hr", Role: viewer.HROfficer, AgencyID: rawID(t, f.agency)})
		rivalNIP := before.Nip
		for _, tt := range []struct {
			name, file, column string
		}{
			{"the rival's NIP, own agency", "nip,full_name,employment_type,email\n" + rivalNIP + ",Rudi Diubah,PNS,rudi@contoh.go.id\n", "nip"},
			{"the rival's NIP, its agency", "nip,full_name,employment_type,agency_code\n" + rivalNIP + ",Rudi Diubah,PNS,PLJ\n", "agency_code"},
			{"the rival as supervisor", "nip,full_name,employment_type,supervisor_nip\n199304162018011001,Eko Prasetyo,PNS," + rivalNIP + "\n", "supervisor_nip"},
		} {
			t.Run(tt.name, func(t *testing.T) {
				_, r := a.upload(hr, tt.file, true, true)
				var rep importReport
				json.Unmarshal(r.Data, &rep)
				got := rep.ImportEmployees
				if len(r.Errors) > 0 || got.Failed != 1 || got.Created+got.Updated != 0 || len(got.Errors) != 1 || got.Errors[0].Column != tt.column {
					t.Fatalf("report %+v, errors %+v", got, r.Errors)
				}
				for _, secret := range []string{before.FullName, "Plaju", "Hartono"} {
					if strings.Contains(got.Errors[0].Message, secret) {
						t.Errorf("the row error tells %q: %s", secret, got.Errors[0].Message)
					}
				}
			})
		}
		after := a.db.Client.Employee.GetX(sys, rawID(t, rv.employee))
		if after.FullName != before.FullName || after.AgencyID != before.AgencyID || after.Email != nil || after.SupervisorID != nil {
			t.Errorf("the rival's employee changed: %+v", after)
		}

		for _, file := range []string{
			"nip,full_name,employment_type\n199304162018011003,Eko\x00Prasetyo,PNS\n",
			"nip,full_name,employment_type,phone\n199304162018011003,Eko Prasetyo,PNS,0812\x00\n",
		} {
			_, r := a.upload(hr, file, true, true)
			if r.code() != "BAD_USER_INPUT" || r.field() != "file" || !strings.Contains(r.Errors[0].Message, "NUL") {
				t.Errorf("NUL in a cell: %s %+v, want BAD_USER_INPUT on file naming NUL", r.Data, r.Errors)
			}
		}
		if n := a.db.Client.Employee.Query().Where(employee.NipHasPrefix("199304162018011003")).CountX(sys); n != 0 {
			t.Errorf("a row with NUL was stored")
		}
	})
}

// TestRedTeamAnonymousUploadRefusedUnread: a multipart upload without
// credentials is refused with 401 before its body is parsed; the
// multipart transport parsed up to the upload limit (16 MiB, the part
// above 4 MiB in temporary files) for anyone on the network, only for the
// resolver to refuse it.
func TestRedTeamAnonymousUploadRefusedUnread(t *testing.T) {
	forEachStore(t, func(t *testing.T, a *api) {
		file := "nip,full_name,employment_type\n" + strings.Repeat("199304162018011001,Eko Prasetyo,PNS\n", 1000)
		code, r := a.upload(viewer.NewContext(context.Background(), viewer.Viewer{}), file, true, true)
		if code != http.StatusUnauthorized || r.code() != "UNAUTHENTICATED" {
			t.Errorf("anonymous upload: status %d, %+v, want 401 UNAUTHENTICATED", code, r.Errors)
		}
	})
}

// TestRedTeamImportLongLine: a line of a million commas (a million empty
// cells, some 400 bytes of memory each while encoding/csv splits them)
// is refused as a line too long, not split into fields.
func TestRedTeamImportLongLine(t *testing.T) {
	forEachStore(t, func(t *testing.T, a *api) {
		f := build(t, a)
		hr := viewer.NewContext(context.Background(), viewer.Viewer{Subject: "test:hr", Role: viewer.HROfficer, AgencyID: rawID(t, f.agency)})
		for _, file := range []string{
			strings.Repeat(",", 1<<20) + "nip,full_name,employment_type\n",
			"nip,full_name,employment_type\n199304162018011001,Eko Prasetyo,PNS" + strings.Repeat(",", 1<<20) + "\n",
		} {
			_, r := a.upload(hr, file, true, true)
			if r.code() != "BAD_USER_INPUT" || r.field() != "file" || !strings.Contains(r.Errors[0].Message, "too long") {
				t.Errorf("a line of a million cells: %.200s %+v, want BAD_USER_INPUT on file, line too long", r.Data, r.Errors)
			}
		}
	})
}
