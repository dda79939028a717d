package graph_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"kembang/ent/employee"
	"kembang/internal/access"
	"kembang/internal/viewer"
)

// TestRedTeamImportProbe (temporary): what HR of one agency learns and
// changes by importing rows that touch another agency.
func TestRedTeamImportProbe(t *testing.T) {
	forEachStore(t, func(t *testing.T, a *api) {
		f := build(t, a)
		rv := newRival(t, a)
		_ = rv
		hr := viewer.NewContext(context.Background(), viewer.Viewer{Subject: "test:hr", Role: viewer.HROfficer, AgencyID: rawID(t, f.agency)})
		for _, file := range []string{
			"nip,full_name,employment_type\n198203142006041001,Rudi Hartono,PNS\n",
			"nip,full_name,employment_type,email\n198203142006041001,Rudi Hartono,PNS,x@y.id\n",
			"nip,full_name,employment_type,supervisor_nip\n199304162018011001,Eko,PNS,198203142006041001\n",
			"nip,full_name,employment_type\n199304162018011002,Eko\xff\xfe,PNS\n",
			"nip,full_name,employment_type\n199304162018011003,Eko\x00x,PNS\n",
			"nip,full_name,employment_type\n199304162018011004," + strings.Repeat("A", 5000) + ",PNS\n",
			"nip,full_name,employment_type,email\n199304162018011005,Eko,PNS,not-an-email\n",
			"nip,full_name,employment_type,phone\n199304162018011006,Eko,PNS,\x00\n",
			"nip,full_name,employment_type\n1993041620180110077777777777777777777777,Eko,PNS\n",
			"nip,full_name,employment_type\n\"199304162018011008,Eko,PNS\n",
			"\xef\xbb\xbfnip,full_name,employment_type\n199304162018011009,Eko,PNS\n",
		} {
			_, r := a.upload(hr, file, true, true)
			t.Logf("%q\n  -> %s %+v", file[:min(len(file), 120)], r.Data, r.Errors)
		}
		sys := access.System(context.Background())
		e := a.db.Client.Employee.Query().Where(employee.Nip("198203142006041001")).OnlyX(sys)
		b, _ := json.Marshal(e)
		t.Logf("rival employee after: %s", b)
	})
}
