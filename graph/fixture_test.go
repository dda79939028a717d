package graph_test

import (
	"fmt"
	"testing"

	entenrollment "kembang/ent/enrollment"
	"kembang/ent/gid"
	"kembang/internal/rules"
)

// fixture is a small organisation created through the API.
type fixture struct {
	agency, unit, position, competency, partner, program, session string
	employees                                                     []string // PNS, in creation order
}

// nips are valid PNS NIPs, one per fixture employee.
var nips = []string{
	"198609262015051001", // man, born 1986-09-26, TMT CPNS 2015-05
	"199202292019032002", // woman, born 1992-02-29, TMT CPNS 2019-03
	"197512172000121003",
	"198801012010011004",
	"199005052014022005",
}

// names are the fixture employees' names, deliberately not in NIP order.
var names = []string{"Dewi Lestari", "Ahmad Fauzi", "Rina Marpaung", "Budi Santoso", "Citra Ayu"}

// build creates the fixture.
func build(t *testing.T, a *api) fixture {
	t.Helper()
	var f fixture
	f.agency = a.id(`mutation { createAgency(input: {code: "KMN", name: "Pemerintah Kabupaten Kemuning", region: "Kemuning"}) { id } }`, nil)
	f.unit = a.id(`mutation($a: ID!) { createUnit(input: {code: "DINKES", name: "Dinas Kesehatan", agencyID: $a}) { id } }`, map[string]any{"a": f.agency})
	f.competency = a.id(`mutation { createCompetency(input: {code: "M.01", name: "Integritas", type: MANAGERIAL}) { id } }`, nil)
	f.position = a.id(`mutation($a: ID!) { createPosition(input: {title: "Kepala Seksi Pelayanan", jobType: PENGAWAS, agencyID: $a}) { id } }`, map[string]any{"a": f.agency})
	a.id(`mutation($p: ID!, $c: ID!) { createPositionCompetency(input: {positionID: $p, competencyID: $c, requiredLevel: 2}) { id } }`,
		map[string]any{"p": f.position, "c": f.competency})
	f.partner = a.id(`mutation { createPartner(input: {name: "Universitas Kemuning Raya", kind: UNIVERSITY, agreementNumber: "PKS/01/2020", agreementValidFrom: "2020-01-02"}) { id } }`, nil)
	f.program = a.id(`mutation($p: ID!) { createProgram(input: {code: "PKP-01", title: "Pelatihan Kepemimpinan Pengawas", route: CLASSICAL, form: LEADERSHIP_TRAINING, deliveryMode: BLENDED, jp: 180, status: ACTIVE, partnerIDs: [$p]}) { id } }`,
		map[string]any{"p": f.partner})
	a.id(`mutation($p: ID!, $c: ID!) { createProgramCompetency(input: {programID: $p, competencyID: $c, targetLevel: 3}) { id } }`,
		map[string]any{"p": f.program, "c": f.competency})
	f.session = a.id(`mutation($p: ID!, $q: ID!) { createSession(input: {programID: $p, partnerID: $q, name: "Angkatan I", startsAt: "2026-03-02T08:00:00Z", endsAt: "2026-03-06T16:00:00Z", capacity: 30}) { id } }`,
		map[string]any{"p": f.program, "q": f.partner})
	for i, n := range nips {
		id := a.id(`mutation($in: CreateEmployeeInput!) { createEmployee(input: $in) { id } }`, map[string]any{"in": map[string]any{
			"nip": n, "employmentType": "PNS", "fullName": names[i], "agencyID": f.agency, "unitID": f.unit,
			"positionID": f.position, "golongan": "III_A", "email": fmt.Sprintf("pegawai%d@kemuningkab.go.id", i),
		}})
		f.employees = append(f.employees, id)
	}
	// The session started in March 2026: its three registrations are
	// history, written as an import would (the API refuses enrollments in a
	// started session).
	ctx := admin()
	imp := a.db.Client.WithRules(rules.Importer(nil))
	for _, e := range f.employees[:3] {
		imp.Enrollment.Create().SetEmployeeID(rawID(t, e)).SetSessionID(rawID(t, f.session)).
			SetStatus(entenrollment.StatusREGISTERED).SaveX(ctx)
	}
	return f
}

// rival is a second agency (Plaju) next to the fixture's (Kemuning), with
// a unit, a position and an employee: what a cross-agency reference would
// point at.
type rival struct{ agency, unit, position, employee string }

// newRival creates the rival agency as ADMIN.
func newRival(t *testing.T, a *api) rival {
	t.Helper()
	var r rival
	r.agency = a.id(`mutation { createAgency(input: {code: "PLJ", name: "Pemerintah Kota Plaju", region: "Plaju"}) { id } }`, nil)
	r.unit = a.id(`mutation($a: ID!) { createUnit(input: {code: "BAPPEDA", name: "Badan Perencanaan Pembangunan Daerah", agencyID: $a}) { id } }`,
		map[string]any{"a": r.agency})
	r.position = a.id(`mutation($a: ID!) { createPosition(input: {title: "Kepala Bidang Perencanaan", jobType: ADMINISTRATOR, agencyID: $a}) { id } }`,
		map[string]any{"a": r.agency})
	r.employee = a.id(`mutation($in: CreateEmployeeInput!) { createEmployee(input: $in) { id } }`, map[string]any{"in": map[string]any{
		"nip": "198203142006041001", "employmentType": "PNS", "fullName": "Rudi Hartono", "agencyID": r.agency,
		"unitID": r.unit, "positionID": r.position, "golongan": "IV_A",
	}})
	return r
}

// rawID decodes an API ID into the ent ID.
func rawID(t testing.TB, id string) int {
	t.Helper()
	n, err := gid.Decode(id)
	if err != nil {
		t.Fatalf("decoding ID %q: %v", id, err)
	}
	return n
}
