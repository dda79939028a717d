package graph_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"kembang/ent/gid"
	"kembang/internal/access"
	"kembang/internal/viewer"
)

// The access-control matrix of issue 4: role × entity × operation, each
// cell allowed or denied, on every store. The rules are those of package
// kembang/internal/access (see its documentation).

// viewers is a set of the matrix's viewers, one bit each.
type viewers uint16

const (
	vAdmin      viewers = 1 << iota
	vHR                 // HR officer of Alak
	vApprover           // approver of Alak
	vSupervisor         // the Alak employee who supervises vEmployee
	vEmployee           // an Alak employee
	vPartner            // partner 1, which delivers Alak's program
	vAnalyst            //
	vAnon               // anonymous, public catalogue closed
	vCatalogue          // anonymous, public catalogue open
	vHRPlaju            // HR officer of Plaju: the cross-agency column
	vAll        = 1<<iota - 1
)

// Sets of viewers the tables use.
const (
	signedIn     = vAll &^ (vAnon | vCatalogue)
	catalogue    = signedIn | vCatalogue // agencies and the public catalogue
	organisation = signedIn &^ vPartner  // units, positions and their standards
	adminHR      = vAdmin | vHR
)

var viewerNames = []string{"ADMIN", "HR_ALK", "APPROVER", "SUPERVISOR", "EMPLOYEE", "PARTNER", "ANALYST", "ANONYMOUS", "ANON_CATALOGUE", "HR_PLJ"}

// each returns the single viewers of vAll, in order.
func everyViewer() []viewers {
	var out []viewers
	for v := viewers(1); v&vAll != 0; v <<= 1 {
		out = append(out, v)
	}
	return out
}

func (v viewers) String() string {
	for i, w := range everyViewer() {
		if v == w {
			return viewerNames[i]
		}
	}
	return fmt.Sprintf("viewers(%d)", uint16(v))
}

// verdict names a cell's expectation.
func verdict(allow bool) string {
	if allow {
		return "allow"
	}
	return "deny"
}

// scene is the organisation the matrix runs on, created through the API
// as ADMIN: two agencies, two partners, a program of each agency whose
// session each partner delivers, employees of both agencies enrolled in
// both sessions, and one record of every other kind per agency. Fields
// hold API IDs.
type scene struct {
	maker
	t *testing.T

	alk, plj, unitA, unitP, posA, posP, pcA, level string
	p1, p2, progA, progP, tgtA, sesA, sesP         string
	sup, emp, other, pljEmp                        string // sup supervises emp; other is nobody's
	enrEmpA, enrEmpP, enrOtherA, enrPljP           string // employee × session
	evEmp, evPlj, evResults                        string
	asEmp, asPlj, clEmp, clPlj, tnA, tnP           string
	planA, planP, itemA, itemP, key1, key2, audit  string
	forumA, indA, measA, revA                      string // the policy cycle (issue 20)
	projEmp, eduEmp, certEmp                       string // the employee viewer's change project, study, certificate
}

// on returns a copy of s reporting to t.
func (s *scene) on(t *testing.T) *scene {
	c, a := *s, *s.a
	a.t = t
	c.t, c.a = t, &a
	return &c
}

// Fresh rows for the write cells, created as ADMIN.

// session returns a fresh session of Alak's program, delivered by partner 1.
func (s *scene) session() string { return s.mk(createSessionQ, s.sessionIn(s.progA, s.p1)) }

// enrolled returns a fresh REGISTERED enrollment of the employee viewer.
func (s *scene) enrolled() string {
	return s.mk(enrollMQ, map[string]any{"s": s.session(), "e": s.emp})
}

// started returns a fresh REGISTERED enrollment of the employee viewer in
// a session that has started (see held).
func (s *scene) started() string {
	id := s.enrolled()
	s.a.heldFor(id)
	return id
}

// attended returns a fresh ATTENDED enrollment of the employee viewer.
func (s *scene) attended() string {
	id := s.started()
	s.a.ok(attendMQ, map[string]any{"id": id}, nil)
	return id
}

// completed returns a fresh COMPLETED enrollment of the employee viewer.
func (s *scene) completed() string {
	id := s.attended()
	s.a.ok(completeMQ, map[string]any{"id": id}, nil)
	return id
}

func (s *scene) reaction() string {
	return s.mk(createEvalQ, input(map[string]any{"level": "REACTION", "score": 80, "enrollmentID": s.attended()}))
}

func (s *scene) behaviour() string {
	return s.mk(createEvalQ, input(map[string]any{"level": "BEHAVIOR", "dueOn": dateFrom(90), "instrument": "Laporan aksi", "enrollmentID": s.completed()}))
}

// plan returns a fresh DRAFT plan of Alak with an item, SUBMITTED if submitted.
func (s *scene) plan(submitted bool) string {
	id := s.mk(createPlanQ, s.planIn(s.alk))
	s.mk(createItemQ, s.itemIn(id))
	if submitted {
		s.a.ok(submitMQ, map[string]any{"id": id}, nil)
	}
	return id
}

func (s *scene) key(partner string) string {
	var out struct {
		CreateAPIKey struct{ APIKey struct{ ID string } }
	}
	s.a.ok(createKeyQ, s.keyIn(partner), &out)
	return out.CreateAPIKey.APIKey.ID
}

// newScene builds the organisation.
func newScene(t *testing.T, a *api) *scene {
	t.Helper()
	s := &scene{maker: *newMaker(a), t: t}
	s.alk = s.agency("ALK", "Pemerintah Kota Alak", "Alak")
	s.plj = s.agency("PLJ", "Pemerintah Kota Plaju", "Plaju")
	s.unitA, s.unitP = s.mk(createUnitQ, s.unitIn(s.alk)), s.mk(createUnitQ, s.unitIn(s.plj))
	s.posA, s.posP = s.mk(createPositionQ, s.positionIn(s.alk)), s.mk(createPositionQ, s.positionIn(s.plj))
	s.comp = s.mk(createCompQ, s.compIn())
	s.level = s.mk(createLevelQ, input(map[string]any{"competencyID": s.comp, "level": 1, "name": "Paham"}))
	s.pcA = s.mk(createStdQ, input(map[string]any{"positionID": s.posA, "competencyID": s.comp, "requiredLevel": 3}))
	s.mk(createStdQ, input(map[string]any{"positionID": s.posP, "competencyID": s.comp, "requiredLevel": 3}))
	s.p1, s.p2 = s.mk(createPartnerQ, s.partnerIn()), s.mk(createPartnerQ, s.partnerIn())
	s.progA, s.progP = s.mk(createProgramQ, s.programIn(s.alk, s.p1)), s.mk(createProgramQ, s.programIn(s.plj, s.p2))
	s.tgtA = s.mk(createTargetQ, input(map[string]any{"programID": s.progA, "competencyID": s.comp, "targetLevel": 3}))
	s.sesA, s.sesP = s.mk(createSessionQ, s.sessionIn(s.progA, s.p1)), s.mk(createSessionQ, s.sessionIn(s.progP, s.p2))

	s.sup = s.mk(createEmpQ, s.employeeIn(s.alk, ""))
	s.emp = s.mk(createEmpQ, s.employeeIn(s.alk, s.sup))
	s.other = s.mk(createEmpQ, s.employeeIn(s.alk, ""))
	s.pljEmp = s.mk(createEmpQ, s.employeeIn(s.plj, ""))
	enrol := func(session, employee string) string {
		return s.mk(enrollMQ, map[string]any{"s": session, "e": employee})
	}
	s.enrEmpA, s.enrEmpP = enrol(s.sesA, s.emp), enrol(s.sesP, s.emp)
	s.enrOtherA, s.enrPljP = enrol(s.sesA, s.other), enrol(s.sesP, s.pljEmp)
	for _, e := range []string{s.enrEmpA, s.enrPljP} {
		s.a.heldFor(e)
		s.a.ok(attendMQ, map[string]any{"id": e}, nil)
	}
	s.evEmp = s.mk(createEvalQ, input(map[string]any{"level": "REACTION", "score": 85, "enrollmentID": s.enrEmpA}))
	s.evPlj = s.mk(createEvalQ, input(map[string]any{"level": "REACTION", "score": 75, "enrollmentID": s.enrPljP}))
	s.evResults = s.mk(createEvalQ, input(map[string]any{"level": "RESULTS", "sessionID": s.sesA, "indicator": "IKM", "baseline": 70, "result": 75}))

	s.asEmp, s.asPlj = s.mk(createAssessQ, s.assessmentIn(s.emp)), s.mk(createAssessQ, s.assessmentIn(s.pljEmp))
	s.clEmp, s.clPlj = s.mk(createClaimQ, s.claimIn(s.emp)), s.mk(createClaimQ, s.claimIn(s.pljEmp))
	s.tnA, s.tnP = s.mk(createNeedQ, s.needIn(s.alk, "FORUM")), s.mk(createNeedQ, s.needIn(s.plj, "FORUM"))
	s.planA, s.planP = s.mk(createPlanQ, s.planIn(s.alk)), s.mk(createPlanQ, s.planIn(s.plj))
	s.itemA, s.itemP = s.mk(createItemQ, s.itemIn(s.planA)), s.mk(createItemQ, s.itemIn(s.planP))
	s.forumA = s.mk(createForum, forumInput(s.alk, nil))
	s.indA = s.mk(createIndicator, indicatorInput(s.alk, "IKM-ALK", nil))
	s.measA = s.mk(createMeasurement, input(map[string]any{"indicatorID": s.indA, "periodStart": "2026-01-01", "periodEnd": "2026-03-31", "value": 76.5, "source": "Survei Kepuasan Masyarakat"}))
	s.revA = s.mk(`mutation($in: CreateProgramRevisionInput!) { createProgramRevision(input: $in) { id } }`,
		input(map[string]any{"programID": s.progA, "year": 2026, "decision": "CONTINUE"}))
	// The employee viewer's change project (after a program that requires
	// one; the supervisor mentors it), study and certificate.
	progCP := s.mk(createProgramQ, with(s.programIn(s.alk, s.p1), map[string]any{"requiresChangeProject": true}))
	enrCP := s.mk(enrollMQ, map[string]any{"s": s.mk(createSessionQ, s.sessionIn(progCP, s.p1)), "e": s.emp})
	s.a.heldFor(enrCP)
	s.a.ok(attendMQ, map[string]any{"id": enrCP}, nil)
	s.a.ok(completeMQ, map[string]any{"id": enrCP}, nil)
	s.projEmp = s.mk(`mutation($in: CreateChangeProjectInput!) { createChangeProject(input: $in) { id } }`, input(map[string]any{
		"enrollmentID": enrCP, "title": "Antrean Daring Puskesmas", "problem": "Antrean panjang.", "objective": "Antrean singkat.",
		"plannedOutcome": "Aplikasi antrean.", "dueOn": dateFrom(90)}))
	s.eduEmp = s.mk(`mutation($in: CreateEducationRecordInput!) { createEducationRecord(input: $in) { id } }`, input(map[string]any{
		"employeeID": s.emp, "route": "STUDY_PERMIT", "level": "S2", "institution": "Universitas Terbuka",
		"fieldOfStudy": "Magister Administrasi Publik", "startsOn": dateFrom(-200), "funding": "SELF", "status": "ONGOING"}))
	s.certEmp = s.mk(`mutation($in: CreateCertificationInput!) { createCertification(input: $in) { id } }`, input(map[string]any{
		"employeeID": s.emp, "name": "Sertifikat Pengadaan Barang/Jasa", "issuer": "LKPP", "issuedOn": dateFrom(-100),
		"expiresOn": dateFrom(900), "competencyID": s.comp}))
	s.key1, s.key2 = s.key(s.p1), s.key(s.p2)
	rec, err := a.db.Client.AuditRecord.Query().First(admin())
	if err != nil {
		t.Fatalf("the fixture's audit trail: %v", err)
	}
	s.audit = gid.Encode(rec.ID)
	return s
}

// ctx returns a request context whose viewer is v.
func (s *scene) ctx(v viewers) context.Context {
	raw := func(apiID string) int { return rawID(s.t, apiID) }
	var w viewer.Viewer
	switch v {
	case vAdmin:
		w = viewer.Viewer{Role: viewer.Admin}
	case vHR:
		w = viewer.Viewer{Role: viewer.HROfficer, AgencyID: raw(s.alk)}
	case vApprover:
		w = viewer.Viewer{Role: viewer.Approver, AgencyID: raw(s.alk)}
	case vSupervisor:
		w = viewer.Viewer{Role: viewer.Supervisor, EmployeeID: raw(s.sup)}
	case vEmployee:
		w = viewer.Viewer{Role: viewer.Employee, EmployeeID: raw(s.emp)}
	case vPartner:
		w = viewer.Viewer{Role: viewer.Partner, PartnerID: raw(s.p1)}
	case vAnalyst:
		w = viewer.Viewer{Role: viewer.Analyst}
	case vHRPlaju:
		w = viewer.Viewer{Role: viewer.HROfficer, AgencyID: raw(s.plj)}
	}
	if !w.Anonymous() {
		w.Subject = "test:" + strings.ToLower(v.String())
	}
	ctx := viewer.NewContext(context.Background(), w)
	if v == vCatalogue {
		ctx = access.OpenCatalogue(ctx)
	}
	return ctx
}

// as runs a query as v.
func (s *scene) as(v viewers, query string, vars map[string]any) response {
	s.t.Helper()
	return s.a.doCtx(s.ctx(v), query, vars)
}

// walk calls f with every key and value of the decoded JSON value x.
func walkJSON(x any, f func(key string, val any)) {
	switch x := x.(type) {
	case map[string]any:
		for k, v := range x {
			f(k, v)
			walkJSON(v, f)
		}
	case []any:
		for _, v := range x {
			walkJSON(v, f)
		}
	}
}

// decoded returns r's data, decoded.
func dataOf(t testing.TB, r response) any {
	t.Helper()
	var x any
	if len(r.Data) > 0 {
		if err := json.Unmarshal(r.Data, &x); err != nil {
			t.Fatalf("decoding %s: %v", r.Data, err)
		}
	}
	return x
}

// ids returns every "id" in r's data.
func idsIn(t testing.TB, r response) []string {
	var out []string
	walkJSON(dataOf(t, r), func(k string, v any) {
		if s, ok := v.(string); ok && k == "id" {
			out = append(out, s)
		}
	})
	return out
}

// size returns the first totalCount in r's data, or else the number of
// ids in it.
func sizeOf(t testing.TB, r response) int {
	n := -1
	walkJSON(dataOf(t, r), func(k string, v any) {
		if f, ok := v.(float64); ok && k == "totalCount" && n < 0 {
			n = int(f)
		}
	})
	if n < 0 {
		return len(idsIn(t, r))
	}
	return n
}

// forbidden fails the test unless r was refused with FORBIDDEN.
func mustForbid(t testing.TB, r response) {
	t.Helper()
	if len(r.Errors) == 0 {
		t.Fatalf("allowed (%s), want FORBIDDEN", r.Data)
	}
	if r.code() != "FORBIDDEN" {
		t.Fatalf("code %q, want FORBIDDEN: %+v", r.code(), r.Errors)
	}
}

// succeeded fails the test if r has errors.
func mustSucceed(t testing.TB, r response) {
	t.Helper()
	if len(r.Errors) > 0 {
		t.Fatalf("refused, want allowed: %+v", r.Errors)
	}
}

// A read target is a row and how to reach it: as a root list filtered to
// its id (list, "" if the API has no root list of its type), by
// node(id), and through the edge field of a parent the viewers may read.
type readTarget struct {
	entity, row string
	id          string
	list        string
	parent      string
	edge        string // a query($p: ID!) selecting the row's id under parent $p
	readers     viewers
}

// via returns the query of an edge of the parent type typ: a connection
// (conn) or a list.
func viaEdge(typ, field string, conn bool) string {
	sel := field + ` { id }`
	if conn {
		sel = field + `(first: 100) { edges { node { id } } }`
	}
	return `query($p: ID!) { node(id: $p) { ... on ` + typ + ` { ` + sel + ` } } }`
}

// readTargets is the read half of the matrix: who reads which row.
func (s *scene) readTargets() []readTarget {
	personal := vAdmin | vHR | vApprover | vSupervisor | vEmployee | vAnalyst // emp's records
	plaju := vAdmin | vAnalyst | vHRPlaju                                     // a Plaju employee's records
	return []readTarget{
		{"Agency", "Alak", s.alk, "agencies", s.progA, viaEdge("Program", "agency", false), catalogue},
		{"Agency", "Plaju", s.plj, "agencies", s.progP, viaEdge("Program", "agency", false), catalogue},
		{"Unit", "Alak", s.unitA, "units", s.alk, viaEdge("Agency", "units", true), organisation},
		{"Unit", "Plaju", s.unitP, "units", s.plj, viaEdge("Agency", "units", true), organisation},
		{"Position", "Alak", s.posA, "positions", s.alk, viaEdge("Agency", "positions", true), organisation},
		{"PositionCompetency", "Alak", s.pcA, "", s.comp, viaEdge("Competency", "requirements", true), organisation},
		{"Competency", "", s.comp, "competencies", s.progA, viaEdge("Program", "competencies", false), catalogue},
		{"CompetencyLevel", "", s.level, "", s.comp, viaEdge("Competency", "levels", false), catalogue},
		{"Partner", "2", s.p2, "partners", s.progP, viaEdge("Program", "partners", false), catalogue},
		{"Program", "Plaju", s.progP, "programs", s.plj, viaEdge("Agency", "programs", true), catalogue},
		{"ProgramCompetency", "Alak", s.tgtA, "", s.progA, viaEdge("Program", "targets", false), catalogue},
		{"Session", "of partner 2", s.sesP, "sessions", s.progP, viaEdge("Program", "sessions", true), catalogue},
		{"Employee", "employee", s.emp, "employees", s.alk, viaEdge("Agency", "employees", true), personal | vPartner},
		{"Employee", "supervisor", s.sup, "employees", s.alk, viaEdge("Agency", "employees", true), personal &^ vEmployee},
		{"Employee", "other Alak", s.other, "employees", s.alk, viaEdge("Agency", "employees", true), personal&^(vSupervisor|vEmployee) | vPartner},
		{"Employee", "Plaju", s.pljEmp, "employees", s.plj, viaEdge("Agency", "employees", true), plaju},
		{"Enrollment", "employee, partner 1", s.enrEmpA, "enrollments", s.sesA, viaEdge("Session", "enrollments", true), personal | vPartner},
		{"Enrollment", "employee, partner 2", s.enrEmpP, "enrollments", s.sesP, viaEdge("Session", "enrollments", true), personal},
		{"Enrollment", "employee, by employee", s.enrEmpP, "enrollments", s.emp, viaEdge("Employee", "enrollments", true), personal},
		{"Enrollment", "other Alak, partner 1", s.enrOtherA, "enrollments", s.sesA, viaEdge("Session", "enrollments", true), personal&^(vSupervisor|vEmployee) | vPartner},
		{"Enrollment", "Plaju, partner 2", s.enrPljP, "enrollments", s.sesP, viaEdge("Session", "enrollments", true), plaju},
		{"Evaluation", "employee reaction", s.evEmp, "evaluations", s.enrEmpA, viaEdge("Enrollment", "evaluations", false), personal | vPartner},
		{"Evaluation", "Plaju reaction", s.evPlj, "evaluations", s.enrPljP, viaEdge("Enrollment", "evaluations", false), plaju},
		{"Evaluation", "results of Alak's session", s.evResults, "evaluations", s.sesA, viaEdge("Session", "evaluations", true),
			vAdmin | vAnalyst | vHR | vApprover | vHRPlaju | vPartner},
		{"Assessment", "employee", s.asEmp, "assessments", s.comp, viaEdge("Competency", "assessments", true), personal},
		{"Assessment", "Plaju", s.asPlj, "assessments", s.comp, viaEdge("Competency", "assessments", true), plaju},
		{"LearningClaim", "employee", s.clEmp, "learningClaims", s.emp, viaEdge("Employee", "claims", true), personal},
		{"LearningClaim", "Plaju", s.clPlj, "learningClaims", s.pljEmp, viaEdge("Employee", "claims", true), plaju},
		{"TrainingNeed", "Alak", s.tnA, "trainingNeeds", s.alk, viaEdge("Agency", "trainingNeeds", true), personal},
		{"TrainingNeed", "Plaju", s.tnP, "trainingNeeds", s.plj, viaEdge("Agency", "trainingNeeds", true), plaju},
		{"DevelopmentPlan", "Alak", s.planA, "developmentPlans", s.alk, viaEdge("Agency", "plans", true), vAdmin | vAnalyst | vHR | vApprover},
		{"DevelopmentPlan", "Plaju", s.planP, "developmentPlans", s.plj, viaEdge("Agency", "plans", true), plaju},
		{"PlanItem", "Alak", s.itemA, "planItems", s.comp, viaEdge("Competency", "planItems", true), vAdmin | vAnalyst | vHR | vApprover},
		{"PlanItem", "Plaju", s.itemP, "planItems", s.comp, viaEdge("Competency", "planItems", true), plaju},
		{"APIKey", "partner 1", s.key1, "apiKeys", s.p1, viaEdge("Partner", "apiKeys", true), vAdmin | vPartner},
		{"APIKey", "partner 2", s.key2, "apiKeys", s.p2, viaEdge("Partner", "apiKeys", true), vAdmin},
		{"AuditRecord", "", s.audit, "auditRecords", "", "", vAdmin},
	}
}

// ops returns how many read operations reach tg: node(id), and the root
// list and the edge where there are.
func (tg readTarget) ops() int {
	n := 1
	for _, q := range []string{tg.list, tg.edge} {
		if q != "" {
			n++
		}
	}
	return n
}

// read runs the list, node and edge cells of one target for viewer v.
func (s *scene) read(tg readTarget, v viewers) {
	allow := tg.readers&v != 0
	if tg.list != "" {
		s.t.Run("list/"+verdict(allow), func(t *testing.T) {
			r := s.on(t).as(v, `query($id: ID!) { rows: `+tg.list+`(where: {id: $id}) { totalCount edges { node { id } } } }`, map[string]any{"id": tg.id})
			switch got := idsIn(t, r); {
			case allow:
				mustSucceed(t, r)
				if sizeOf(t, r) != 1 || !slices.Contains(got, tg.id) {
					t.Fatalf("row missing: %s", r.Data)
				}
			case v&(vAnon|vCatalogue) != 0 && len(r.Errors) > 0:
				mustForbid(t, r) // anonymous callers are refused, not filtered
			default:
				mustSucceed(t, r) // lists are narrowed silently
				if sizeOf(t, r) != 0 || len(got) != 0 {
					t.Fatalf("hidden row listed: %s", r.Data)
				}
			}
		})
	}
	s.t.Run("node/"+verdict(allow), func(t *testing.T) {
		r := s.on(t).as(v, `query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": tg.id})
		if !allow {
			mustForbid(t, r)
			return
		}
		mustSucceed(t, r)
		if got := idsIn(t, r); !slices.Equal(got, []string{tg.id}) {
			t.Fatalf("node = %s", r.Data)
		}
	})
	if tg.edge != "" {
		s.t.Run("edge/"+verdict(allow), func(t *testing.T) {
			r := s.on(t).as(v, tg.edge, map[string]any{"p": tg.parent})
			if got := slices.Contains(idsIn(t, r), tg.id); got != allow {
				t.Fatalf("row reached through the edge: %v, want %v; response %s %+v", got, allow, r.Data, r.Errors)
			}
			if allow {
				mustSucceed(t, r)
			}
		})
	}
}

// A write cell's operation: the mutation, fresh rows to run it on (made
// as ADMIN by prep, which returns the variables), who may run it, and,
// for creates, an ADMIN query whose size must not change when refused.
type writeOp struct {
	entity, op string
	query      string
	prep       func() map[string]any
	count      string
	writers    viewers
}

// id wraps an ID as the $id variable.
func idVar(v string) map[string]any { return map[string]any{"id": v} }

// writeOps is the write half of the matrix. Rows of Alak, of partner 1
// and of the employee viewer; HR_PLJ is the cross-agency column.
func (s *scene) writeOps() []writeOp {
	upd := func(field, set string) string {
		return `mutation($id: ID!) { ` + field + `(id: $id, input: {` + set + `}) { id } }`
	}
	freshID := func(mk func() string) func() map[string]any { return func() map[string]any { return idVar(mk()) } }
	// crud returns the create, update and delete cells of an entity:
	// create with the variables of create, update (setting set) and
	// delete on fresh rows made by fresh.
	crud := func(entity, createQ string, create func() map[string]any, count, set string, fresh func() string, writers viewers) []writeOp {
		return []writeOp{
			{entity, "create", createQ, create, count, writers},
			{entity, "update", upd("update"+entity, set), freshID(fresh), "", writers},
			{entity, "delete", `mutation($id: ID!) { delete` + entity + `(id: $id) }`, freshID(fresh), "", writers},
		}
	}
	// below returns the input of a row under parent, with parent as $p
	// for the count query.
	below := func(parent string, fields map[string]any) map[string]any {
		vars := input(fields)
		vars["p"] = parent
		return vars
	}
	agencyIn := func() map[string]any {
		n := s.next()
		return input(map[string]any{"code": fmt.Sprintf("A%d", n), "name": fmt.Sprintf("Instansi %d", n), "region": "Alak"})
	}
	comp := func() string { return s.mk(createCompQ, s.compIn()) }
	stdIn := func() map[string]any {
		return below(s.posA, map[string]any{"positionID": s.posA, "competencyID": comp(), "requiredLevel": 2})
	}
	levelIn := func() map[string]any {
		c := comp()
		return below(c, map[string]any{"competencyID": c, "level": 1, "name": "Paham"})
	}
	targetIn := func() map[string]any {
		return below(s.progA, map[string]any{"programID": s.progA, "competencyID": comp(), "targetLevel": 2})
	}
	nominated := func() string {
		var out struct{ Nominate []struct{ ID string } }
		s.a.ok(nominateMQ, map[string]any{"s": s.session(), "es": []string{s.emp}}, &out)
		return out.Nominate[0].ID
	}
	claim := func() string { return s.mk(createClaimQ, s.claimIn(s.emp)) }
	need := func() string { return s.mk(createNeedQ, s.needIn(s.alk, "FORUM")) }
	ofAlak := func(in func(string) map[string]any) func() map[string]any {
		return func() map[string]any { return in(s.alk) }
	}
	ofEmp := func(in func(string) map[string]any) func() map[string]any {
		return func() map[string]any { return in(s.emp) }
	}
	toEmp := func() map[string]any { return map[string]any{"s": s.session(), "e": s.emp} }
	employee := func() string { return s.mk(createEmpQ, s.employeeIn(s.alk, "")) }
	const enrollments, evaluations = `{ enrollments { totalCount } }`, `{ evaluations { totalCount } }`

	return slices.Concat(
		crud("Agency", `mutation($in: CreateAgencyInput!) { createAgency(input: $in) { id } }`, agencyIn, `{ agencies { totalCount } }`, `region: "Alak Raya"`,
			func() string {
				return s.mk(`mutation($in: CreateAgencyInput!) { createAgency(input: $in) { id } }`, agencyIn())
			}, vAdmin),
		crud("Unit", createUnitQ, ofAlak(s.unitIn), `{ units { totalCount } }`, `name: "Unit baru"`,
			func() string { return s.mk(createUnitQ, s.unitIn(s.alk)) }, adminHR),
		crud("Position", createPositionQ, ofAlak(s.positionIn), `{ positions { totalCount } }`, `title: "Jabatan baru"`,
			func() string { return s.mk(createPositionQ, s.positionIn(s.alk)) }, adminHR),
		crud("PositionCompetency", createStdQ, stdIn, viaEdge("Position", "requirements", false), `requiredLevel: 4`,
			func() string { return s.mk(createStdQ, stdIn()) }, adminHR),
		crud("Employee", createEmpQ, func() map[string]any { return s.employeeIn(s.alk, "") }, `{ employees { totalCount } }`, `fullName: "Nama Baru"`,
			employee, adminHR),
		[]writeOp{
			{"Employee", "update employee's name", upd("updateEmployee", `fullName: "Nama Sendiri"`), func() map[string]any { return idVar(s.emp) }, "", adminHR},
			{"Employee", "update employee's email", upd("updateEmployee", `email: "baru@example.go.id", phone: "081299999999"`),
				func() map[string]any { return idVar(s.emp) }, "", adminHR | vEmployee},
		},
		crud("Competency", createCompQ, s.compIn, `{ competencies { totalCount } }`, `name: "Kompetensi baru"`, comp, vAdmin),
		crud("CompetencyLevel", createLevelQ, levelIn, viaEdge("Competency", "levels", false), `name: "Mahir"`,
			func() string { return s.mk(createLevelQ, levelIn()) }, vAdmin),
		crud("Partner", createPartnerQ, s.partnerIn, `{ partners { totalCount } }`, `contactName: "Bu Sari"`,
			func() string { return s.mk(createPartnerQ, s.partnerIn()) }, vAdmin),
		crud("Assessment", createAssessQ, ofEmp(s.assessmentIn), `{ assessments { totalCount } }`, `level: 3`,
			func() string { return s.mk(createAssessQ, s.assessmentIn(s.emp)) }, adminHR),
		crud("Program", createProgramQ, func() map[string]any { return s.programIn(s.alk, s.p1) }, `{ programs { totalCount } }`, `title: "Pelatihan baru"`,
			func() string { return s.mk(createProgramQ, s.programIn(s.alk, s.p1)) }, adminHR),
		crud("ProgramCompetency", createTargetQ, targetIn, viaEdge("Program", "targets", false), `targetLevel: 4`,
			func() string { return s.mk(createTargetQ, targetIn()) }, adminHR),
		crud("Session", createSessionQ, func() map[string]any { return s.sessionIn(s.progA, s.p1) }, `{ sessions { totalCount } }`, `facilitator: "Pak Budi"`,
			s.session, adminHR),
		[]writeOp{
			{"Enrollment", "create", `mutation($s: ID!, $e: ID!) { createEnrollment(input: {sessionID: $s, employeeID: $e}) { id } }`, toEmp, enrollments, adminHR | vEmployee},
			{"Enrollment", "enroll", enrollMQ, toEmp, enrollments, adminHR | vEmployee},
			{"Enrollment", "nominate", nominateMQ, func() map[string]any { return map[string]any{"s": s.session(), "es": []string{s.emp}} }, enrollments, adminHR},
			{"Enrollment", "register", `mutation($id: ID!) { register(enrollmentId: $id) { id } }`, freshID(nominated), "", adminHR | vEmployee},
			{"Enrollment", "withdraw", `mutation($id: ID!) { withdraw(enrollmentId: $id) { id } }`, freshID(s.enrolled), "", adminHR | vEmployee},
			{"Enrollment", "markAttendance", attendMQ, freshID(s.started), "", adminHR | vPartner},
			{"Enrollment", "completeEnrollment", completeMQ, freshID(s.attended), "", adminHR},

			{"Evaluation", "create reaction", createEvalQ,
				func() map[string]any {
					return input(map[string]any{"level": "REACTION", "score": 70, "enrollmentID": s.attended()})
				}, evaluations, adminHR | vEmployee},
			{"Evaluation", "create learning", createEvalQ,
				func() map[string]any {
					return input(map[string]any{"level": "LEARNING", "preScore": 50, "postScore": 80, "enrollmentID": s.attended()})
				}, evaluations, adminHR | vPartner},
			{"Evaluation", "create behaviour", createEvalQ,
				func() map[string]any {
					return input(map[string]any{"level": "BEHAVIOR", "dueOn": dateFrom(90), "enrollmentID": s.completed()})
				}, evaluations, adminHR},
			{"Evaluation", "create results", createEvalQ,
				func() map[string]any {
					return input(map[string]any{"level": "RESULTS", "sessionID": s.session(), "indicator": "IKM", "baseline": 1, "result": 2})
				}, evaluations, adminHR},
			{"Evaluation", "update reaction", upd("updateEvaluation", `score: 90`), freshID(s.reaction), "", adminHR | vEmployee},
			{"Evaluation", "delete", `mutation($id: ID!) { deleteEvaluation(id: $id) }`, freshID(s.reaction), "", adminHR},
			{"Evaluation", "signOffBehavior", `mutation($id: ID!) { signOffBehavior(evaluationId: $id) { id } }`, freshID(s.behaviour), "", adminHR | vSupervisor},
		},
		crud("LearningClaim", createClaimQ, ofEmp(s.claimIn), `{ learningClaims { totalCount } }`, `title: "Kursus daring"`, claim, adminHR|vEmployee),
		[]writeOp{
			{"LearningClaim", "approveLearningClaim", `mutation($id: ID!) { approveLearningClaim(id: $id) { id } }`, freshID(claim), "", adminHR},
			{"LearningClaim", "rejectLearningClaim", `mutation($id: ID!) { rejectLearningClaim(id: $id, reason: "Tidak terbaca") { id } }`, freshID(claim), "", adminHR},

			{"TrainingNeed", "create (source EMPLOYEE)", createNeedQ, func() map[string]any { return s.needIn(s.alk, "EMPLOYEE") },
				`{ trainingNeeds { totalCount } }`, adminHR | vSupervisor | vEmployee},
			{"TrainingNeed", "create (source SUPERVISOR)", createNeedQ, func() map[string]any { return s.needIn(s.alk, "SUPERVISOR") },
				`{ trainingNeeds { totalCount } }`, adminHR | vSupervisor},
			{"TrainingNeed", "update", upd("updateTrainingNeed", `description: "Kebutuhan baru"`), freshID(need), "", adminHR},
			{"TrainingNeed", "delete", `mutation($id: ID!) { deleteTrainingNeed(id: $id) }`, freshID(need), "", adminHR},

			{"DevelopmentPlan", "create", createPlanQ, ofAlak(s.planIn), `{ developmentPlans { totalCount } }`, adminHR},
			{"DevelopmentPlan", "delete", `mutation($id: ID!) { deleteDevelopmentPlan(id: $id) }`, freshID(func() string { return s.mk(createPlanQ, s.planIn(s.alk)) }), "", adminHR},
			{"DevelopmentPlan", "submitPlan", submitMQ, freshID(func() string { return s.plan(false) }), "", adminHR},
			{"DevelopmentPlan", "approvePlan", `mutation($id: ID!) { approvePlan(id: $id) { id } }`, freshID(func() string { return s.plan(true) }), "", vAdmin | vApprover},
			{"DevelopmentPlan", "returnPlan", `mutation($id: ID!) { returnPlan(id: $id, reason: "Anggaran") { id } }`, freshID(func() string { return s.plan(true) }), "", vAdmin | vApprover},
		},
		crud("PlanItem", createItemQ, func() map[string]any { return s.itemIn(s.planA) }, `{ planItems { totalCount } }`, `headCount: 7`,
			func() string { return s.mk(createItemQ, s.itemIn(s.planA)) }, adminHR),
		[]writeOp{
			{"APIKey", "createAPIKey", createKeyQ, func() map[string]any { return s.keyIn(s.p1) }, `{ apiKeys { totalCount } }`, vAdmin},
			{"APIKey", "updateAPIKey", upd("updateAPIKey", `name: "Kunci baru"`), freshID(func() string { return s.key(s.p1) }), "", vAdmin},
			{"APIKey", "revokeAPIKey", `mutation($id: ID!) { revokeAPIKey(id: $id) { id } }`, freshID(func() string { return s.key(s.p1) }), "", vAdmin},
		},
	)
}

// audits returns how many audit records there are, as ADMIN: every
// write appends some, in its transaction, so a refused write must leave
// the number unchanged.
func (s *scene) audits() int {
	s.t.Helper()
	n, err := s.a.db.Client.AuditRecord.Query().Count(admin())
	if err != nil {
		s.t.Fatalf("counting audit records: %v", err)
	}
	return n
}

// write runs one cell of op for viewer v on fresh rows.
func (s *scene) write(op writeOp, v viewers) {
	allow := op.writers&v != 0
	s.t.Run(verdict(allow), func(t *testing.T) {
		s := s.on(t)
		vars := op.prep()
		before, count := s.audits(), -1
		if op.count != "" {
			count = sizeOf(t, s.a.do(op.count, vars))
		}
		r := s.as(v, op.query, vars)
		if allow {
			mustSucceed(t, r)
			return
		}
		mustForbid(t, r)
		if string(r.Data) != "null" && r.Data != nil {
			t.Errorf("refused write returned data %s", r.Data)
		}
		if after := s.audits(); after != before {
			t.Errorf("refused write changed the audit trail: %d records, had %d", after, before)
		}
		if op.count != "" {
			if after := sizeOf(t, s.a.do(op.count, vars)); after != count {
				t.Errorf("refused create wrote a row: %d, had %d", after, count)
			}
		}
	})
}

// reportCells are the @authorize checks: who may run each report or
// computed field (on Alak, partner 1, Alak's program, the employee).
func (s *scene) reportCells() []struct {
	name, query string
	vars        map[string]any
	readers     viewers
} {
	alk := map[string]any{"a": s.alk}
	records := vAdmin | vAnalyst | vHR | vApprover | vSupervisor | vEmployee
	agency := vAdmin | vAnalyst | vHR | vApprover
	return []struct {
		name, query string
		vars        map[string]any
		readers     viewers
	}{
		{"complianceReport", `query($a: ID!) { complianceReport(agencyId: $a, year: 2026) { employees } }`, alk, agency},
		{"competencyGapSummary", `query($a: ID!) { competencyGapSummary(agencyId: $a) { belowStandard } }`, alk, agency},
		{"trainingNeedsRanking", `query($a: ID!) { trainingNeedsRanking(agencyId: $a, year: 2026) { rank } }`, alk, agency},
		{"programReport", `query($p: ID!) { programReport(programId: $p, year: 2026) { sessions } }`, map[string]any{"p": s.progA}, agency | vPartner},
		{"programReport of partner 2", `query($p: ID!) { programReport(programId: $p, year: 2026) { sessions } }`, map[string]any{"p": s.progP}, vAdmin | vAnalyst | vHRPlaju},
		{"partnerReport", `query($p: ID!) { partnerReport(partnerId: $p, year: 2026) { sessions } }`, map[string]any{"p": s.p1}, vAdmin | vAnalyst | vPartner},
		{"partnerReport of partner 2", `query($p: ID!) { partnerReport(partnerId: $p, year: 2026) { sessions } }`, map[string]any{"p": s.p2}, vAdmin | vAnalyst},
		{"enrollmentCounts across agencies", `{ enrollmentCounts(groupBy: [STATUS]) { count } }`, nil, vAdmin | vAnalyst},
		{"enrollmentCounts of Alak", `query($a: ID!) { enrollmentCounts(groupBy: [STATUS], agencyId: $a) { count } }`, alk, agency},
		{"jpByCompetencyType across agencies", `{ jpByCompetencyType(year: 2026) { jp } }`, nil, vAdmin | vAnalyst},
		{"jpByCompetencyType of Alak", `query($a: ID!) { jpByCompetencyType(year: 2026, agencyId: $a) { jp } }`, alk, agency},
		{"siasnCourseHistory", `query($a: ID!) { siasnCourseHistory(agencyId: $a, year: 2026) { totalCount } }`, alk, adminHR},
		{"Employee.developmentHours", `query($e: ID!) { node(id: $e) { ... on Employee { developmentHours(year: 2026) } } }`, map[string]any{"e": s.emp}, records},
		{"Employee.meetsAnnualTarget", `query($e: ID!) { node(id: $e) { ... on Employee { meetsAnnualTarget(year: 2026) } } }`, map[string]any{"e": s.emp}, records},
		{"Employee.competencyGaps", `query($e: ID!) { node(id: $e) { ... on Employee { competencyGaps { gap } } } }`, map[string]any{"e": s.emp}, records},
		{"Employee.developmentHours of other Alak", `query($e: ID!) { node(id: $e) { ... on Employee { developmentHours(year: 2026) } } }`,
			map[string]any{"e": s.other}, agency},
	}
}

// TestAccessMatrix runs the matrix: for every read target, write
// operation and report, one cell per viewer.
func TestAccessMatrix(t *testing.T) {
	forEachStore(t, func(t *testing.T, a *api) {
		s := newScene(t, a)
		cells := 0
		t.Run("read", func(t *testing.T) {
			for _, tg := range s.readTargets() {
				cells += len(everyViewer()) * tg.ops()
				t.Run(tg.entity+"/"+tg.row, func(t *testing.T) {
					for _, v := range everyViewer() {
						t.Run(v.String(), func(t *testing.T) { s.on(t).read(tg, v) })
					}
				})
			}
		})
		t.Run("report", func(t *testing.T) {
			for _, c := range s.reportCells() {
				t.Run(c.name, func(t *testing.T) {
					for _, v := range everyViewer() {
						allow := c.readers&v != 0
						t.Run(v.String()+"/"+verdict(allow), func(t *testing.T) {
							r := s.on(t).as(v, c.query, c.vars)
							if allow {
								mustSucceed(t, r)
							} else {
								mustForbid(t, r)
							}
						})
						cells++
					}
				})
			}
		})
		t.Run("cross-agency", func(t *testing.T) { s.on(t).crossAgency() })
		t.Run("rosters", func(t *testing.T) { s.on(t).rosters() })
		t.Run("masking", func(t *testing.T) { s.on(t).masking() })
		// Writes last: the allowed ones change the scene (on fresh rows).
		t.Run("write", func(t *testing.T) {
			ops := s.writeOps()
			for _, op := range ops {
				t.Run(op.entity+"/"+op.op, func(t *testing.T) {
					for _, v := range everyViewer() {
						t.Run(v.String(), func(t *testing.T) { s.on(t).write(op, v) })
						cells++
					}
				})
			}
		})
		t.Logf("%d cells, and the cross-agency, roster and masking checks", cells)
	})
}

// crossAgency: the HR officer of Alak reads and changes Plaju's
// employees by id, by edge and by filter, and is refused or shown nothing.
func (s *scene) crossAgency() {
	t := s.t
	employeeQ := `query($id: ID!) { node(id: $id) { ... on Employee { fullName agency { code } } } }`
	unchanged := func(t *testing.T) {
		t.Helper()
		r := s.a.do(employeeQ, idVar(s.pljEmp))
		if !strings.Contains(string(r.Data), `"code":"PLJ"`) || strings.Contains(string(r.Data), "Diubah") {
			t.Fatalf("Plaju employee changed: %s", r.Data)
		}
	}
	t.Run("by id", func(t *testing.T) { mustForbid(t, s.on(t).as(vHR, employeeQ, idVar(s.pljEmp))) })
	t.Run("by edge", func(t *testing.T) {
		r := s.on(t).as(vHR, `query($p: ID!) { node(id: $p) { ... on Agency { code employees { totalCount edges { node { id } } } } } }`, map[string]any{"p": s.plj})
		mustSucceed(t, r)
		if sizeOf(t, r) != 0 || !strings.Contains(string(r.Data), `"code":"PLJ"`) {
			t.Fatalf("Plaju's employees through the agency: %s", r.Data)
		}
	})
	t.Run("by filter", func(t *testing.T) {
		q := `{ employees(where: {hasAgencyWith: {code: "PLJ"}}) { totalCount edges { node { id } } } }`
		for v, want := range map[viewers]int{vHR: 0, vHRPlaju: 1, vAdmin: 1, vApprover: 0, vSupervisor: 0} {
			r := s.on(t).as(v, q, nil)
			mustSucceed(t, r)
			if sizeOf(t, r) != want || len(idsIn(t, r)) != want {
				t.Errorf("%s: %s, want %d", v, r.Data, want)
			}
		}
		// A filter on a hidden edge does not reveal the rows behind it.
		r := s.on(t).as(vHR, `query($e: ID!) { enrollments(where: {hasEmployeeWith: {id: $e}}) { totalCount } }`, map[string]any{"e": s.pljEmp})
		mustSucceed(t, r)
		if sizeOf(t, r) != 0 {
			t.Errorf("Plaju enrollments by filter: %s", r.Data)
		}
	})
	for _, c := range []struct {
		name, query string
		vars        map[string]any
	}{
		{"update", `mutation($id: ID!) { updateEmployee(id: $id, input: {fullName: "Diubah"}) { id } }`, idVar(s.pljEmp)},
		{"move to Alak", `mutation($id: ID!, $a: ID!) { updateEmployee(id: $id, input: {agencyID: $a}) { id } }`, map[string]any{"id": s.pljEmp, "a": s.alk}},
		{"move from Alak", `mutation($id: ID!, $a: ID!) { updateEmployee(id: $id, input: {agencyID: $a}) { id } }`, map[string]any{"id": s.other, "a": s.plj}},
		{"delete", `mutation($id: ID!) { deleteEmployee(id: $id) }`, idVar(s.pljEmp)},
		{"create", createEmpQ, s.employeeIn(s.plj, "")},
		{"enroll", enrollMQ, map[string]any{"s": s.sesA, "e": s.pljEmp}},
		{"assess", createAssessQ, s.assessmentIn(s.pljEmp)},
		{"review claim", `mutation($id: ID!) { approveLearningClaim(id: $id) { id } }`, idVar(s.clPlj)},
		{"withdraw", `mutation($id: ID!) { withdraw(enrollmentId: $id) { id } }`, idVar(s.enrPljP)},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := s.on(t)
			before := s.audits()
			mustForbid(t, s.as(vHR, c.query, c.vars))
			if after := s.audits(); after != before {
				t.Errorf("audit trail grew from %d to %d", before, after)
			}
			unchanged(t)
		})
	}
}

// rosters: partner 1 reads the rosters of its sessions, never those of
// partner 2's.
func (s *scene) rosters() {
	t := s.t
	roster := `query($p: ID!) { node(id: $p) { ... on Session { enrollments { totalCount edges { node { id employee { id fullName } } } } } } }`
	t.Run("own session", func(t *testing.T) {
		r := s.on(t).as(vPartner, roster, map[string]any{"p": s.sesA})
		mustSucceed(t, r)
		got := idsIn(t, r)
		for _, want := range []string{s.enrEmpA, s.enrOtherA, s.emp, s.other} {
			if !slices.Contains(got, want) {
				t.Errorf("roster lacks %s: %s", want, r.Data)
			}
		}
	})
	t.Run("partner 2's session", func(t *testing.T) {
		r := s.on(t).as(vPartner, roster, map[string]any{"p": s.sesP})
		mustSucceed(t, r)
		if sizeOf(t, r) != 0 || len(idsIn(t, r)) != 0 {
			t.Errorf("partner 2's roster: %s", r.Data)
		}
	})
	t.Run("partner 2's enrollments by id", func(t *testing.T) {
		for _, e := range []string{s.enrPljP, s.enrEmpP} {
			mustForbid(t, s.on(t).as(vPartner, `query($id: ID!) { node(id: $id) { id } }`, idVar(e)))
		}
	})
	t.Run("partner 2's participants", func(t *testing.T) {
		mustForbid(t, s.on(t).as(vPartner, `query($id: ID!) { node(id: $id) { id } }`, idVar(s.pljEmp)))
		// Filtering employees through their enrollments is refused to
		// partners (access.FilterThrough): it would reach enrollments of
		// other partners' sessions.
		mustForbid(t, s.on(t).as(vPartner, `query($s: ID!) { employees(where: {hasEnrollmentsWith: {hasSessionWith: {id: $s}}}) { edges { node { id } } } }`, map[string]any{"s": s.sesP}))
		r := s.on(t).as(vPartner, `{ enrollments(first: 100) { edges { node { id session { id } } } } }`, nil)
		mustSucceed(t, r)
		if got := idsIn(t, r); slices.Contains(got, s.sesP) || slices.Contains(got, s.enrEmpP) {
			t.Errorf("partner 2's enrollments listed: %s", r.Data)
		}
	})
	t.Run("partner 2's enrollments by filter", func(t *testing.T) {
		// The employee viewer is on partner 1's roster and enrolled in
		// partner 2's session too: a filter through the hidden enrollment
		// should not tell partner 1 so.
		mustForbid(t, s.on(t).as(vPartner, `query($s: ID!) { employees(where: {hasEnrollmentsWith: {hasSessionWith: {id: $s}}}) { totalCount } }`, map[string]any{"s": s.sesP}))
		// So is the same question asked of the catalogue.
		mustForbid(t, s.on(t).as(vPartner, `query($e: ID!) { sessions(where: {hasEnrollmentsWith: {hasEmployeeWith: {id: $e}}}) { totalCount } }`, map[string]any{"e": s.pljEmp}))
	})
	t.Run("partner 2's session refuses attendance", func(t *testing.T) {
		s := s.on(t)
		before := s.audits()
		mustForbid(t, s.as(vPartner, attendMQ, idVar(s.enrEmpP)))
		mustForbid(t, s.as(vPartner, createEvalQ, input(map[string]any{"level": "LEARNING", "preScore": 1, "postScore": 2, "enrollmentID": s.enrPljP})))
		if after := s.audits(); after != before {
			t.Errorf("audit trail grew from %d to %d", before, after)
		}
	})
}

// masking: who sees the employee viewer's personal fields.
func (s *scene) masking() {
	t := s.t
	const fields = `nip email phone birthDate appointedOn sex golongan`
	type person struct {
		NIP                                                 string
		Email, Phone, BirthDate, AppointedOn, Sex, Golongan *string
	}
	var clear struct{ Node person }
	s.a.ok(`query($id: ID!) { node(id: $id) { ... on Employee { `+fields+` } } }`, idVar(s.emp), &clear)
	if clear.Node.Email == nil || clear.Node.BirthDate == nil || clear.Node.Golongan == nil {
		t.Fatalf("ADMIN sees a masked employee: %+v", clear.Node)
	}
	paths := map[string]string{
		"node": `query($e: ID!) { x: node(id: $e) { ... on Employee { ` + fields + ` } } }`,
		"list": `query($e: ID!) { employees(where: {id: $e}) { edges { node { ` + fields + ` } } } }`,
		"edge": `query($e: ID!, $s: ID!) { node(id: $s) { ... on Session { enrollments(where: {hasEmployeeWith: {id: $e}}) { edges { node { employee { ` + fields + ` } } } } } } }`,
	}
	for _, v := range []viewers{vAdmin, vHR, vSupervisor, vEmployee, vApprover, vAnalyst, vPartner} {
		masked := v&(vApprover|vAnalyst|vPartner) != 0
		for name, q := range paths {
			t.Run(fmt.Sprintf("%s/%s/masked=%v", v, name, masked), func(t *testing.T) {
				r := s.on(t).as(v, q, map[string]any{"e": s.emp, "s": s.sesA})
				mustSucceed(t, r)
				var got []person
				walkJSON(dataOf(t, r), func(_ string, x any) {
					if m, ok := x.(map[string]any); ok && m["nip"] != nil {
						b, _ := json.Marshal(m)
						var p person
						if err := json.Unmarshal(b, &p); err != nil {
							t.Fatal(err)
						}
						got = append(got, p)
					}
				})
				if len(got) != 1 {
					t.Fatalf("want the employee once: %s", r.Data)
				}
				p, want := got[0], clear.Node
				if masked {
					want = person{NIP: strings.Repeat("*", 15) + clear.Node.NIP[15:], Golongan: clear.Node.Golongan}
					if v == vPartner {
						want.Golongan = nil
					}
				}
				if a, b := fmt.Sprintf("%s %v", p.NIP, []any{orNil(p.Email), orNil(p.Phone), orNil(p.BirthDate), orNil(p.AppointedOn), orNil(p.Sex), orNil(p.Golongan)}),
					fmt.Sprintf("%s %v", want.NIP, []any{orNil(want.Email), orNil(want.Phone), orNil(want.BirthDate), orNil(want.AppointedOn), orNil(want.Sex), orNil(want.Golongan)}); a != b {
					t.Errorf("got  %s\nwant %s", a, b)
				}
			})
		}
		t.Run(fmt.Sprintf("%s/filter by nip/refused=%v", v, masked), func(t *testing.T) {
			r := s.on(t).as(v, `query($n: String!) { employees(where: {nip: $n}) { totalCount } }`, map[string]any{"n": clear.Node.NIP})
			if masked {
				mustForbid(t, r)
				return
			}
			mustSucceed(t, r)
			if sizeOf(t, r) != 1 {
				t.Errorf("%s, want the employee", r.Data)
			}
		})
		t.Run(fmt.Sprintf("%s/viewer.personalDataMasked=%v", v, masked), func(t *testing.T) {
			r := s.on(t).as(v, `{ viewer { personalDataMasked } }`, nil)
			mustSucceed(t, r)
			if want := fmt.Sprintf(`"personalDataMasked":%v`, masked); !strings.Contains(string(r.Data), want) {
				t.Errorf("%s, want %s", r.Data, want)
			}
		})
	}
}

// deref returns *p, or "<nil>".
func orNil(p *string) string {
	if p == nil {
		return "<nil>"
	}
	return *p
}
