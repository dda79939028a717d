package graph_test

import (
	"fmt"
	"testing"
	"time"

	entenrollment "kembang/ent/enrollment"
	"kembang/ent/gid"
	"kembang/internal/calendar"
	"kembang/internal/domain/nip"
	"kembang/internal/rules"
)

// fixture is a small organisation created through the API by a [maker].
type fixture struct {
	agency, unit, position, competency, partner, program, session string
	employees                                                     []string // PNS, in creation order
	m                                                             *maker   // makes more rows; its competency is the fixture's
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

// build creates the fixture: the agency of Kemuning with a unit, a
// position that requires a competency, a national program of a partner
// university with a session that started in March 2026, five employees, and
// three of them registered in the session.
func build(t *testing.T, a *api) fixture {
	t.Helper()
	m := newMaker(a)
	f := fixture{m: m}
	f.agency = m.agency("KMN", "Pemerintah Kabupaten Kemuning", "Kemuning")
	f.unit = m.mk(createUnitQ, with(m.unitIn(f.agency), map[string]any{"code": "DINKES", "name": "Dinas Kesehatan"}))
	f.competency = m.mk(createCompQ, with(m.compIn(), map[string]any{"code": "M.01", "name": "Integritas", "type": "MANAGERIAL"}))
	m.comp = f.competency
	f.position = m.mk(createPositionQ, with(m.positionIn(f.agency), map[string]any{"title": "Kepala Seksi Pelayanan"}))
	m.mk(createStdQ, input(map[string]any{"positionID": f.position, "competencyID": f.competency, "requiredLevel": 2}))
	f.partner = m.mk(createPartnerQ, with(m.partnerIn(), map[string]any{"name": "Universitas Kemuning Raya", "kind": "UNIVERSITY",
		"agreementNumber": "PKS/01/2020"}))
	f.program = m.mk(createProgramQ, with(m.programIn(f.agency, f.partner), map[string]any{"agencyID": nil, "code": "PKP-01",
		"title": "Pelatihan Kepemimpinan Pengawas", "form": "LEADERSHIP_TRAINING", "deliveryMode": "BLENDED", "jp": 180}))
	m.mk(createTargetQ, input(map[string]any{"programID": f.program, "competencyID": f.competency, "targetLevel": 3}))
	f.session = m.mk(createSessionQ, with(m.sessionIn(f.program, f.partner), map[string]any{"name": "Angkatan I", "status": nil,
		"startsAt": "2026-03-02T08:00:00Z", "endsAt": "2026-03-06T16:00:00Z", "capacity": 30}))
	for i, n := range nips {
		f.employees = append(f.employees, m.mk(createEmpQ, with(m.employeeIn(f.agency, ""), map[string]any{
			"nip": n, "fullName": names[i], "unitID": f.unit, "positionID": f.position, "golongan": "III_A",
			"email": fmt.Sprintf("pegawai%d@kemuningkab.go.id", i), "phone": nil,
		})))
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
	m := newMaker(a)
	var r rival
	r.agency = m.agency("PLJ", "Pemerintah Kota Plaju", "Plaju")
	r.unit = m.mk(createUnitQ, with(m.unitIn(r.agency), map[string]any{"code": "BAPPEDA", "name": "Badan Perencanaan Pembangunan Daerah"}))
	r.position = m.mk(createPositionQ, with(m.positionIn(r.agency), map[string]any{"title": "Kepala Bidang Perencanaan", "jobType": "ADMINISTRATOR"}))
	r.employee = m.mk(createEmpQ, with(m.employeeIn(r.agency, ""), map[string]any{
		"nip": "198203142006041001", "fullName": "Rudi Hartono", "unitID": r.unit, "positionID": r.position, "golongan": "IV_A",
		"email": nil, "phone": nil,
	}))
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

// maker creates rows through the API as ADMIN: the one fixture builder of
// the API tests. Its inputs number names, codes, NIPs and dates with a
// counter, so that every row it makes is fresh; a test that needs fixed
// values (a name it asserts on) overrides them with [with].
type maker struct {
	a    *api
	n    *int   // numbers names and dates of fresh rows; shared by copies
	comp string // the competency that fresh assessments, needs and plan items name
}

// newMaker returns a maker creating rows through a.
func newMaker(a *api) *maker { return &maker{a: a, n: new(int)} }

// on returns a copy of m that reports to a's test and shares m's counter.
func (m *maker) on(a *api) *maker {
	c := *m
	c.a = a
	return &c
}

// with returns the create variables in (as the input factories return
// them) with fields set or replaced; a nil value removes the field.
func with(in map[string]any, fields map[string]any) map[string]any {
	obj := in["in"].(map[string]any)
	for k, v := range fields {
		if v == nil {
			delete(obj, k)
			continue
		}
		obj[k] = v
	}
	return in
}

// agency creates an agency.
func (m *maker) agency(code, name, region string) string {
	return m.mk(createAgencyQ, input(map[string]any{"code": code, "name": name, "region": region}))
}

// next returns a number not used before by m.
func (m *maker) next() int {
	*m.n++
	return *m.n
}

// mk runs a create mutation as ADMIN and returns the new row's ID.
func (m *maker) mk(query string, vars map[string]any) string {
	m.a.t.Helper()
	return m.a.id(query, vars)
}

// in wraps an input object as the $in variable.
func input(fields map[string]any) map[string]any { return map[string]any{"in": fields} }

// day returns midnight UTC of the day d days from now, in RFC 3339.
func dayFrom(d int) string {
	y, m, dd := time.Now().UTC().Date()
	return time.Date(y, m, dd+d, 1, 0, 0, 0, time.UTC).Format(time.RFC3339)
}

// dateFrom returns the day d days from now (WIB), a Date.
func dateFrom(d int) string { return calendar.Format(time.Now().AddDate(0, 0, d)) }

// Create mutations of the fixture and of fresh rows.
const (
	createAgencyQ   = `mutation($in: CreateAgencyInput!) { createAgency(input: $in) { id } }`
	createUnitQ     = `mutation($in: CreateUnitInput!) { createUnit(input: $in) { id } }`
	createPositionQ = `mutation($in: CreatePositionInput!) { createPosition(input: $in) { id } }`
	createStdQ      = `mutation($in: CreatePositionCompetencyInput!) { createPositionCompetency(input: $in) { id } }`
	createCompQ     = `mutation($in: CreateCompetencyInput!) { createCompetency(input: $in) { id } }`
	createLevelQ    = `mutation($in: CreateCompetencyLevelInput!) { createCompetencyLevel(input: $in) { id } }`
	createPartnerQ  = `mutation($in: CreatePartnerInput!) { createPartner(input: $in) { id } }`
	createProgramQ  = `mutation($in: CreateProgramInput!) { createProgram(input: $in) { id } }`
	createTargetQ   = `mutation($in: CreateProgramCompetencyInput!) { createProgramCompetency(input: $in) { id } }`
	createSessionQ  = `mutation($in: CreateSessionInput!) { createSession(input: $in) { id } }`
	createEmpQ      = `mutation($in: CreateEmployeeInput!) { createEmployee(input: $in) { id } }`
	createAssessQ   = `mutation($in: CreateAssessmentInput!) { createAssessment(input: $in) { id } }`
	createEvalQ     = `mutation($in: CreateEvaluationInput!) { createEvaluation(input: $in) { id } }`
	createClaimQ    = `mutation($in: CreateLearningClaimInput!) { createLearningClaim(input: $in) { id } }`
	createNeedQ     = `mutation($in: CreateTrainingNeedInput!) { createTrainingNeed(input: $in) { id } }`
	createPlanQ     = `mutation($in: CreateDevelopmentPlanInput!) { createDevelopmentPlan(input: $in) { id } }`
	createItemQ     = `mutation($in: CreatePlanItemInput!) { createPlanItem(input: $in) { id } }`
	createKeyQ      = `mutation($in: CreateAPIKeyInput!) { createAPIKey(input: $in) { apiKey { id } } }`
	enrollMQ        = `mutation($s: ID!, $e: ID!) { enroll(sessionId: $s, employeeId: $e) { id } }`
	nominateMQ      = `mutation($s: ID!, $es: [ID!]!) { nominate(sessionId: $s, employeeIds: $es) { id } }`
	attendMQ        = `mutation($id: ID!) { markAttendance(enrollmentId: $id) { id } }`
	completeMQ      = `mutation($id: ID!) { completeEnrollment(enrollmentId: $id, passed: true, recordAssessments: false) { id } }`
	submitMQ        = `mutation($id: ID!) { submitPlan(id: $id) { id } }`
)

// Inputs of fresh rows, numbered by m.next.
func (m *maker) unitIn(agency string) map[string]any {
	n := m.next()
	return input(map[string]any{"code": fmt.Sprintf("U%d", n), "name": fmt.Sprintf("Unit %d", n), "agencyID": agency})
}

func (m *maker) positionIn(agency string) map[string]any {
	return input(map[string]any{"title": fmt.Sprintf("Jabatan %d", m.next()), "jobType": "PENGAWAS", "agencyID": agency})
}

func (m *maker) compIn() map[string]any {
	n := m.next()
	return input(map[string]any{"code": fmt.Sprintf("T.%03d", n), "name": fmt.Sprintf("Kompetensi %d", n), "type": "TECHNICAL"})
}

func (m *maker) partnerIn() map[string]any {
	n := m.next()
	return input(map[string]any{"name": fmt.Sprintf("Lembaga %d", n), "kind": "TRAINING_INSTITUTE",
		"agreementNumber": fmt.Sprintf("PKS/%03d/2020", n), "agreementValidFrom": "2020-01-02"})
}

func (m *maker) programIn(agency, partner string) map[string]any {
	n := m.next()
	return input(map[string]any{"code": fmt.Sprintf("AC-%d", n), "title": fmt.Sprintf("Pelatihan %d", n), "route": "CLASSICAL",
		"form": "TECHNICAL_TRAINING", "deliveryMode": "IN_PERSON", "jp": 24, "status": "ACTIVE", "agencyID": agency, "partnerIDs": []string{partner}})
}

// sessionIn is a one-day OPEN session of program by partner, starting
// from 60 days ahead: after the fixture's sessions, and never two on the
// same day, so enrolling one employee in several never overlaps.
func (m *maker) sessionIn(program, partner string) map[string]any {
	n := m.next()
	return input(map[string]any{"programID": program, "partnerID": partner, "name": fmt.Sprintf("Angkatan %d", n),
		"startsAt": dayFrom(60 + 2*n), "endsAt": dayFrom(60 + 2*n + 1), "capacity": 20, "status": "OPEN"})
}

func (m *maker) employeeIn(agency string, supervisor string) map[string]any {
	n := m.next()
	born := 1970 + n%30 // appointed at 25
	number := nip.Format(nip.PNS{
		BirthDate: time.Date(born, time.Month(1+n%12), 1+n%28, 0, 0, 0, 0, time.UTC),
		Appointed: time.Date(born+25, time.Month(1+n%12), 1, 0, 0, 0, 0, time.UTC),
		Sex:       nip.Male,
		Sequence:  1 + n%999,
	})
	f := map[string]any{"nip": number, "employmentType": "PNS", "fullName": fmt.Sprintf("Pegawai %d", n), "agencyID": agency,
		"golongan": "III_B", "email": fmt.Sprintf("pegawai%d@example.go.id", n), "phone": "081200000000"}
	if supervisor != "" {
		f["supervisorID"] = supervisor
	}
	return input(f)
}

func (m *maker) assessmentIn(employee string) map[string]any {
	return input(map[string]any{"employeeID": employee, "competencyID": m.comp, "level": 2, "assessedOn": dateFrom(-30), "source": "SUPERVISOR"})
}

func (m *maker) claimIn(employee string) map[string]any {
	n := m.next()
	return input(map[string]any{"employeeID": employee, "title": fmt.Sprintf("Kursus %d", n), "organizer": "Universitas Terbuka",
		"form": "COURSE", "startsOn": dateFrom(-300 + n), "endsOn": dateFrom(-300 + n), "jp": 8})
}

func (m *maker) needIn(agency, source string) map[string]any {
	return input(map[string]any{"agencyID": agency, "competencyID": m.comp, "source": source, "raisedOn": dateFrom(-10),
		"description": fmt.Sprintf("Kebutuhan %d", m.next())})
}

func (m *maker) itemIn(plan string) map[string]any {
	return input(map[string]any{"planID": plan, "competencyID": m.comp, "targetGroup": "Pengawas", "headCount": 5,
		"route": "CLASSICAL", "form": "TECHNICAL_TRAINING", "plannedQuarter": 2, "plannedJp": 24, "budget": 1000})
}

// years numbers the plans of fresh rows (a plan is unique per agency and year).
func (m *maker) planIn(agency string) map[string]any {
	return input(map[string]any{"agencyID": agency, "year": 2030 + m.next()%70})
}

func (m *maker) keyIn(partner string) map[string]any {
	return input(map[string]any{"name": fmt.Sprintf("Kunci %d", m.next()), "partnerID": partner})
}
