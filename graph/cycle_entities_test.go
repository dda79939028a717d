package graph_test

import (
	"context"
	"encoding/json"
	"slices"
	"testing"

	"kembang/internal/viewer"
)

// The entities of the policy cycle (issue 20, part A): forums, impact
// indicators and their measurements, program revisions. graph/cycle_test.go
// walks the loop they belong to.

// as returns a request context whose viewer is v.
func as(v viewer.Viewer) context.Context { return viewer.NewContext(context.Background(), v) }

// okAs runs a query as the viewer of ctx that must succeed and decodes
// its data into out.
func (a *api) okAs(ctx context.Context, query string, vars map[string]any, out any) {
	a.t.Helper()
	r := a.doCtx(ctx, query, vars)
	if len(r.Errors) > 0 {
		a.t.Fatalf("query failed: %+v\nquery: %s", r.Errors, query)
	}
	if out != nil {
		if err := json.Unmarshal(r.Data, out); err != nil {
			a.t.Fatalf("decoding %s: %v", r.Data, err)
		}
	}
}

// total runs a connection query (data.<field>.totalCount) as ctx's viewer.
func (a *api) total(ctx context.Context, query string, vars map[string]any) int {
	a.t.Helper()
	var out map[string]struct{ TotalCount int }
	a.okAs(ctx, query, vars, &out)
	for _, v := range out {
		return v.TotalCount
	}
	return -1
}

// cycleViewers are the viewers of the access checks: the fixture
// agency's HR officer, the rival agency's HR officer and employee.
type cycleViewers struct{ hr, rivalHR, rivalEmployee context.Context }

func viewersOf(t *testing.T, f fixture, r rival) cycleViewers {
	return cycleViewers{
		hr:            as(viewer.Viewer{Subject: "siti@kemuningkab.go.id", Role: viewer.HROfficer, AgencyID: rawID(t, f.agency)}),
		rivalHR:       as(viewer.Viewer{Subject: "hr@plajukota.go.id", Role: viewer.HROfficer, AgencyID: rawID(t, r.agency)}),
		rivalEmployee: as(viewer.Viewer{Subject: "rudi@plajukota.go.id", Role: viewer.Employee, EmployeeID: rawID(t, r.employee)}),
	}
}

const createForum = `mutation($in: CreateForumInput!) { createForum(input: $in) { id } }`

// forumInput is a valid forum of agency ag, with over applied.
func forumInput(ag string, over map[string]any) map[string]any {
	in := map[string]any{
		"kind": "WORKSHOP", "agencyID": ag, "title": "Lokakarya Analisis Kebutuhan Pelatihan Kemuning 2026",
		"heldOn": "2026-02-10", "place": "Aula BKPSDM Kemuning", "facilitator": "Tim AKP BKPSDM",
		"stakeholderGroups": []string{"EMPLOYEES", "ACADEMICS"}, "participants": 40,
		"summary": "Disepakati tiga prioritas.", "documentURL": "https://bkpsdm.kemuningkab.go.id/notulen.pdf",
	}
	for k, v := range over {
		in[k] = v
	}
	return map[string]any{"in": in}
}

func TestForums(t *testing.T) {
	forEachStore(t, func(t *testing.T, a *api) {
		f, r := build(t, a), newRival(t, a)
		vs := viewersOf(t, f, r)
		workshop := a.id(createForum, forumInput(f.agency, nil))
		consult := a.id(createForum, forumInput(f.agency, map[string]any{
			"kind": "PUBLIC_CONSULTATION", "title": "Forum Konsultasi Publik Pelayanan Kemuning 2026", "heldOn": "2026-05-04",
			"stakeholderGroups": []string{"PUBLIC", "PRACTITIONERS"}, "participants": 120, "unitID": f.unit,
		}))
		a.id(createForum, forumInput(r.agency, map[string]any{"title": "Lokakarya Plaju", "stakeholderGroups": []string{"ACADEMICS"}}))

		// Filters, the stakeholder group among them, and orders.
		for _, tt := range []struct {
			where map[string]any
			want  int
		}{
			{map[string]any{"hasStakeholderGroup": "ACADEMICS", "agencyID": f.agency}, 1},
			{map[string]any{"hasStakeholderGroup": "OTHER_GOVERNMENT"}, 0},
			{map[string]any{"or": []any{map[string]any{"hasStakeholderGroup": "PUBLIC"}, map[string]any{"hasStakeholderGroup": "ACADEMICS"}}}, 3},
			{map[string]any{"kind": "PUBLIC_CONSULTATION"}, 1},
			{map[string]any{"participantsGTE": 100}, 1},
			{map[string]any{"hasUnitWith": map[string]any{"code": "DINKES"}}, 1},
		} {
			if got := a.total(admin(), `query($w: ForumWhereInput) { forums(where: $w) { totalCount } }`, map[string]any{"w": tt.where}); got != tt.want {
				t.Errorf("forums(where: %v) = %d, want %d", tt.where, got, tt.want)
			}
		}
		var ordered struct {
			Forums struct {
				Edges []struct{ Node struct{ ID string } }
			}
		}
		a.ok(`query($a: ID!) { forums(where: {agencyID: $a}, orderBy: [{field: PARTICIPANTS, direction: DESC}]) { edges { node { id } } } }`,
			map[string]any{"a": f.agency}, &ordered)
		if e := ordered.Forums.Edges; len(e) != 2 || e[0].Node.ID != consult || e[1].Node.ID != workshop {
			t.Errorf("forums by participants = %+v", e)
		}

		// Rules and validation: nothing is written.
		before := a.audits()
		for _, tt := range []struct {
			name, query string
			vars        map[string]any
			code, field string
		}{
			{"negative participants", createForum, forumInput(f.agency, map[string]any{"participants": -1}), "BAD_USER_INPUT", "participants"},
			{"document link not a URL", createForum, forumInput(f.agency, map[string]any{"documentURL": "notulen.pdf"}), "BAD_USER_INPUT", "documentURL"},
			{"group twice", createForum, forumInput(f.agency, map[string]any{"stakeholderGroups": []string{"PUBLIC", "PUBLIC"}}), "BAD_USER_INPUT", "stakeholderGroups"},
			{"unit of another agency", createForum, forumInput(f.agency, map[string]any{"unitID": r.unit}), "BAD_USER_INPUT", "unitID"},
			{"group twice on update", `mutation($id: ID!) { updateForum(id: $id, input: {stakeholderGroups: [EMPLOYEES, ACADEMICS, EMPLOYEES]}) { id } }`,
				map[string]any{"id": workshop}, "BAD_USER_INPUT", "stakeholderGroups"},
			{"need raised at another agency's forum", `mutation($c: ID!, $a: ID!, $f: ID!) { createTrainingNeed(input: {competencyID: $c, agencyID: $a, source: FORUM, description: "Pelayanan prima", raisedOn: "2026-05-04", forumID: $f}) { id } }`,
				map[string]any{"c": f.competency, "a": r.agency, "f": workshop}, "BAD_USER_INPUT", "forumID"},
		} {
			t.Run(tt.name, func(t *testing.T) {
				refusedOn(t, a, before, a.do(tt.query, tt.vars), tt.code, tt.field)
			})
		}

		// A need raised at the forum: Forum.needs and TrainingNeed.forum.
		need := a.id(`mutation($c: ID!, $a: ID!, $f: ID!) { createTrainingNeed(input: {competencyID: $c, agencyID: $a, source: FORUM, priority: HIGH, description: "Pelayanan prima", raisedOn: "2026-05-04", forumID: $f}) { id } }`,
			map[string]any{"c": f.competency, "a": f.agency, "f": consult})
		var linked struct {
			Node struct {
				Needs struct {
					Edges []struct{ Node struct{ ID string } }
				}
			}
		}
		a.ok(`query($id: ID!) { node(id: $id) { ... on Forum { needs { edges { node { id } } } } } }`, map[string]any{"id": consult}, &linked)
		if e := linked.Node.Needs.Edges; len(e) != 1 || e[0].Node.ID != need {
			t.Errorf("Forum.needs = %+v, want the need", e)
		}
		a.ok(`mutation($id: ID!) { updateForum(id: $id, input: {title: "Forum Konsultasi Publik 2026", stakeholderGroups: [PUBLIC, PRACTITIONERS, OTHER_GOVERNMENT]}) { id } }`, map[string]any{"id": consult}, nil)
		// A forum with needs of its agency stays in it.
		refusedOn(t, a, a.audits(), a.do(`mutation($id: ID!, $a: ID!) { updateForum(id: $id, input: {agencyID: $a, clearUnit: true}) { id } }`,
			map[string]any{"id": consult, "a": r.agency}), "CONFLICT", "agencyID")

		// Access: the agency's HR officer reads and writes its forums; the
		// rival agency's HR officer and employees see none of them.
		if n := a.total(vs.hr, `{ forums { totalCount } }`, nil); n != 2 {
			t.Errorf("HR officer reads %d forums, want its agency's 2", n)
		}
		for name, ctx := range map[string]context.Context{"HR officer": vs.rivalHR, "employee": vs.rivalEmployee} {
			if n := a.total(ctx, `query($a: ID!) { forums(where: {agencyID: $a}) { totalCount } }`, map[string]any{"a": f.agency}); n != 0 {
				t.Errorf("rival %s reads %d of the agency's forums", name, n)
			}
			if r := a.doCtx(ctx, `query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": consult}); r.code() != "FORBIDDEN" {
				t.Errorf("rival %s node(forum): %+v, want FORBIDDEN", name, r.Errors)
			}
		}
		if r := a.doCtx(vs.rivalHR, createForum, forumInput(f.agency, nil)); r.code() != "FORBIDDEN" {
			t.Errorf("rival HR created a forum of the agency: %+v", r.Errors)
		}
		a.okAs(vs.hr, createForum, forumInput(f.agency, map[string]any{"kind": "FOCUS_GROUP"}), nil)
	})
}

const (
	createIndicator   = `mutation($in: CreateImpactIndicatorInput!) { createImpactIndicator(input: $in) { id } }`
	createMeasurement = `mutation($in: CreateIndicatorMeasurementInput!) { createIndicatorMeasurement(input: $in) { id } }`
)

// indicatorInput is a valid impact indicator of agency ag.
func indicatorInput(ag, code string, over map[string]any) map[string]any {
	in := map[string]any{
		"agencyID": ag, "code": code, "name": "Indeks Kepuasan Masyarakat Dinas Kesehatan",
		"unitOfMeasure": "indeks (0-100)", "direction": "HIGHER_IS_BETTER", "target": 80.0, "targetYear": 2026,
	}
	for k, v := range over {
		in[k] = v
	}
	return map[string]any{"in": in}
}

// measure records a measurement of indicator ind for a period.
func measure(a *api, ind, start, end string, v float64) string {
	a.t.Helper()
	return a.id(createMeasurement, map[string]any{"in": map[string]any{
		"indicatorID": ind, "periodStart": start, "periodEnd": end, "value": v,
		"source": "Survei Kepuasan Masyarakat", "note": "Rekap triwulan",
	}})
}

// quarterly records the values of an indicator for 2025 Q3 to 2026 Q3:
// the fixture session (2–6 March 2026) falls in 2026 Q1.
func quarterly(a *api, ind string, q3, q4, q1, q2, q3b float64) {
	a.t.Helper()
	measure(a, ind, "2025-07-01", "2025-09-30", q3)
	measure(a, ind, "2025-10-01", "2025-12-31", q4)
	measure(a, ind, "2026-01-01", "2026-03-31", q1)
	measure(a, ind, "2026-04-01", "2026-06-30", q2)
	measure(a, ind, "2026-07-01", "2026-09-30", q3b)
}

// resultsEvaluation is a level-4 evaluation's figures.
type resultsEvaluation struct {
	ID              string
	Indicator       string
	Baseline        *float64
	Result          *float64
	ImpactIndicator *struct{ Code string }
}

const createResults = `mutation($in: CreateEvaluationInput!) { createEvaluation(input: $in) { id indicator baseline result impactIndicator { code } } }`

func TestImpactIndicators(t *testing.T) {
	forEachStore(t, func(t *testing.T, a *api) {
		f, r := build(t, a), newRival(t, a)
		vs := viewersOf(t, f, r)
		ikm := a.id(createIndicator, indicatorInput(f.agency, "IKM-DINKES", map[string]any{"unitID": f.unit}))
		days := a.id(createIndicator, indicatorInput(f.agency, "WAKTU-IZIN", map[string]any{
			"name": "Rata-rata Waktu Penyelesaian Perizinan", "unitOfMeasure": "hari", "direction": "LOWER_IS_BETTER", "target": 5.0,
		}))
		rivalIKM := a.id(createIndicator, indicatorInput(r.agency, "IKM-DINKES", nil)) // codes are unique per agency only
		quarterly(a, ikm, 69, 71, 72, 75, 78)

		before := a.audits()
		for _, tt := range []struct {
			name, query string
			vars        map[string]any
			code, field string
		}{
			{"code taken in the agency", createIndicator, indicatorInput(f.agency, "IKM-DINKES", nil), "CONFLICT", "code"},
			{"target without its year", createIndicator, indicatorInput(f.agency, "IKM-2", map[string]any{"targetYear": nil}), "BAD_USER_INPUT", "targetYear"},
			{"unit of another agency", createIndicator, indicatorInput(f.agency, "IKM-3", map[string]any{"unitID": r.unit}), "BAD_USER_INPUT", "unitID"},
			{"period backwards", createMeasurement, map[string]any{"in": map[string]any{"indicatorID": ikm, "periodStart": "2026-04-01", "periodEnd": "2026-03-31", "value": 1.0, "source": "Survei"}}, "BAD_USER_INPUT", "periodEnd"},
		} {
			t.Run(tt.name, func(t *testing.T) {
				refusedOn(t, a, before, a.do(tt.query, tt.vars), tt.code, tt.field)
			})
		}

		// Filters and orders.
		for _, tt := range []struct {
			query string
			vars  map[string]any
			want  int
		}{
			{`query($a: ID!) { impactIndicators(where: {agencyID: $a}) { totalCount } }`, map[string]any{"a": f.agency}, 2},
			{`{ impactIndicators(where: {code: "IKM-DINKES"}) { totalCount } }`, nil, 2},
			{`{ impactIndicators(where: {direction: LOWER_IS_BETTER}) { totalCount } }`, nil, 1},
			{`query($i: ID!) { indicatorMeasurements(where: {indicatorID: $i, valueGTE: 75}) { totalCount } }`, map[string]any{"i": ikm}, 2},
			{`{ indicatorMeasurements(where: {periodEndLT: "2026-01-01"}) { totalCount } }`, nil, 2},
		} {
			if got := a.total(admin(), tt.query, tt.vars); got != tt.want {
				t.Errorf("%s = %d, want %d", tt.query, got, tt.want)
			}
		}
		var latest struct {
			IndicatorMeasurements struct {
				Edges []struct{ Node struct{ Value float64 } }
			}
		}
		a.ok(`{ indicatorMeasurements(first: 1, orderBy: [{field: PERIOD_END, direction: DESC}]) { edges { node { value } } } }`, nil, &latest)
		if e := latest.IndicatorMeasurements.Edges; len(e) != 1 || e[0].Node.Value != 78 {
			t.Errorf("latest measurement = %+v, want 78", e)
		}

		// A program of an agency names its agency's indicators only.
		agencyProgram := a.id(`mutation($a: ID!) { createProgram(input: {code: "PP-KMN", title: "Pelatihan Pelayanan Prima", route: CLASSICAL, form: TECHNICAL_TRAINING, deliveryMode: IN_PERSON, jp: 24, agencyID: $a}) { id } }`,
			map[string]any{"a": f.agency})
		refusedOn(t, a, a.audits(), a.do(`mutation($p: ID!, $i: ID!) { updateProgram(id: $p, input: {addIndicatorIDs: [$i]}) { id } }`,
			map[string]any{"p": agencyProgram, "i": rivalIKM}), "BAD_USER_INPUT", "addIndicatorIDs")
		a.okAs(vs.hr, `mutation($p: ID!, $i: ID!) { updateProgram(id: $p, input: {addIndicatorIDs: [$i]}) { id } }`, map[string]any{"p": agencyProgram, "i": ikm}, nil)

		// Level 4 from the measurements: the fixture session (2–6 March
		// 2026) of the national program, which names the indicator.
		results := func(over map[string]any) response {
			in := map[string]any{"level": "RESULTS", "sessionID": f.session, "impactIndicatorID": ikm}
			for k, v := range over {
				in[k] = v
			}
			return a.do(createResults, map[string]any{"in": in})
		}
		refusedOn(t, a, a.audits(), results(nil), "BAD_USER_INPUT", "impactIndicatorID", "does not name")
		a.ok(`mutation($p: ID!, $i: ID!, $j: ID!) { updateProgram(id: $p, input: {addIndicatorIDs: [$i, $j]}) { id } }`, map[string]any{"p": f.program, "i": ikm, "j": days}, nil)
		var got struct{ CreateEvaluation resultsEvaluation }
		if res := results(nil); len(res.Errors) > 0 {
			t.Fatalf("results from measurements: %+v", res.Errors)
		} else if err := json.Unmarshal(res.Data, &got); err != nil {
			t.Fatal(err)
		}
		// Before: 2025 Q4 (the latest ending before 2 March; Q1 covers the
		// session and counts for neither); after: 2026 Q3 (the latest
		// starting after 6 March).
		e := got.CreateEvaluation
		if e.Baseline == nil || *e.Baseline != 71 || e.Result == nil || *e.Result != 78 ||
			e.Indicator != "Indeks Kepuasan Masyarakat Dinas Kesehatan" || e.ImpactIndicator == nil || e.ImpactIndicator.Code != "IKM-DINKES" {
			t.Errorf("results evaluation = %+v, want baseline 71, result 78 and the indicator's name", e)
		}
		// What is given is kept.
		got = struct{ CreateEvaluation resultsEvaluation }{}
		if res := results(map[string]any{"baseline": 60.0, "indicator": "IKM Puskesmas"}); len(res.Errors) > 0 {
			t.Fatalf("results with a baseline: %+v", res.Errors)
		} else if err := json.Unmarshal(res.Data, &got); err != nil {
			t.Fatal(err)
		}
		if e := got.CreateEvaluation; *e.Baseline != 60 || *e.Result != 78 || e.Indicator != "IKM Puskesmas" {
			t.Errorf("given values = %+v, want baseline 60 kept", e)
		}
		// No measurement before the session: a clear refusal on baseline.
		measure(a, days, "2026-04-01", "2026-06-30", 7)
		refusedOn(t, a, a.audits(), results(map[string]any{"impactIndicatorID": days}), "BAD_USER_INPUT", "baseline", "WAKTU-IZIN")
		// Only RESULTS evaluations name an indicator.
		var enr struct {
			Enrollments struct {
				Edges []struct{ Node struct{ ID string } }
			}
		}
		a.ok(`{ enrollments(first: 1) { edges { node { id } } } }`, nil, &enr)
		refusedOn(t, a, a.audits(), a.do(`mutation($e: ID!, $i: ID!) { createEvaluation(input: {level: LEARNING, enrollmentID: $e, preScore: 50, postScore: 70, impactIndicatorID: $i}) { id } }`,
			map[string]any{"e": enr.Enrollments.Edges[0].Node.ID, "i": ikm}), "BAD_USER_INPUT", "impactIndicatorID", "only a RESULTS evaluation")

		// Access: the rival agency's viewers see none of the agency's
		// indicators and measurements.
		for name, ctx := range map[string]context.Context{"HR officer": vs.rivalHR, "employee": vs.rivalEmployee} {
			if n := a.total(ctx, `query($a: ID!) { impactIndicators(where: {agencyID: $a}) { totalCount } }`, map[string]any{"a": f.agency}); n != 0 {
				t.Errorf("rival %s reads %d indicators", name, n)
			}
			if n := a.total(ctx, `query($i: ID!) { indicatorMeasurements(where: {indicatorID: $i}) { totalCount } }`, map[string]any{"i": ikm}); n != 0 {
				t.Errorf("rival %s reads %d measurements", name, n)
			}
		}
		if n := a.total(vs.hr, `{ indicatorMeasurements { totalCount } }`, nil); n != 6 {
			t.Errorf("HR officer reads %d measurements, want its agency's 6", n)
		}
		if r := a.doCtx(vs.rivalHR, createMeasurement, map[string]any{"in": map[string]any{"indicatorID": ikm, "periodStart": "2026-10-01", "periodEnd": "2026-12-31", "value": 1.0, "source": "x"}}); r.code() != "FORBIDDEN" {
			t.Errorf("rival HR recorded a measurement: %+v", r.Errors)
		}
	})
}

// agencyProgramWithResults creates a program organised by the fixture
// agency that names an impact indicator, a session of it in March 2026,
// quarterly measurements that did not improve, and the level-4
// evaluation that takes them: the program report flags the program.
// It returns the program and the indicator.
func agencyProgramWithResults(t *testing.T, a *api, f fixture, code string) (program, ind string) {
	t.Helper()
	ind = a.id(createIndicator, indicatorInput(f.agency, "IKM-"+code, nil))
	quarterly(a, ind, 72, 71, 70, 70, 69)
	program = a.id(`mutation($a: ID!, $c: String!, $i: ID!) { createProgram(input: {code: $c, title: "Pelatihan Pelayanan Prima", route: CLASSICAL, form: TECHNICAL_TRAINING, deliveryMode: IN_PERSON, jp: 24, status: ACTIVE, agencyID: $a, indicatorIDs: [$i]}) { id } }`,
		map[string]any{"a": f.agency, "c": code, "i": ind})
	sess := a.id(`mutation($p: ID!) { createSession(input: {programID: $p, name: "Angkatan I", startsAt: "2026-03-09T08:00:00Z", endsAt: "2026-03-11T16:00:00Z", capacity: 30}) { id } }`,
		map[string]any{"p": program})
	a.ok(createResults, map[string]any{"in": map[string]any{"level": "RESULTS", "sessionID": sess, "impactIndicatorID": ind}}, nil)
	return program, ind
}

// revisionState is a program revision as the tests read it.
type revisionState struct {
	ID        string
	Decision  string
	Reasons   []string
	DecidedBy string
	DecidedAt *string
	Figures   *struct {
		Sessions        int
		NeedsRevision   bool
		RevisionReasons []string
	}
	PlanItems struct{ TotalCount int }
}

const revisionFields = `id decision reasons decidedBy decidedAt figures { sessions needsRevision revisionReasons } planItems { totalCount }`

func TestProgramRevisions(t *testing.T) {
	forEachStore(t, func(t *testing.T, a *api) {
		f, r := build(t, a), newRival(t, a)
		vs := viewersOf(t, f, r)
		program, _ := agencyProgramWithResults(t, a, f, "PP-KMN")
		other := a.id(`mutation($a: ID!) { createProgram(input: {code: "PP-KMN-2", title: "Pelatihan Pelayanan Prima Lanjutan", route: CLASSICAL, form: TECHNICAL_TRAINING, deliveryMode: IN_PERSON, jp: 24, agencyID: $a}) { id } }`,
			map[string]any{"a": f.agency})

		// The report flags the program: its indicator did not improve and
		// fell short of its 2026 target.
		var rep struct {
			ProgramReport struct {
				NeedsRevision   bool
				RevisionReasons []string
				Indicators      []struct {
					Indicator        struct{ Code string }
					Baseline, Result float64
					Change           float64
					Improved         bool
					TargetMet        *bool
					Evaluations      int
				}
			}
		}
		a.okAs(vs.hr, `query($p: ID!) { programReport(programId: $p, year: 2026) { needsRevision revisionReasons indicators { indicator { code } baseline result change improved targetMet evaluations } } }`,
			map[string]any{"p": program}, &rep)
		pr := rep.ProgramReport
		if !pr.NeedsRevision || len(pr.Indicators) != 1 || pr.Indicators[0].Improved || pr.Indicators[0].Change != -2 ||
			pr.Indicators[0].TargetMet == nil || *pr.Indicators[0].TargetMet || pr.Indicators[0].Indicator.Code != "IKM-PP-KMN" {
			t.Fatalf("program report = %+v, want flagged by its indicator (71 to 69)", pr)
		}
		want := []string{"indicator IKM-PP-KMN did not improve: 71 before, 69 after", "indicator IKM-PP-KMN reached 69, short of its 2026 target 80"}
		if !slices.Equal(pr.RevisionReasons, want) {
			t.Errorf("revisionReasons = %q, want %q", pr.RevisionReasons, want)
		}

		awaiting := func(ctx context.Context) []string {
			var out struct{ ProgramsAwaitingRevision []struct{ ID string } }
			a.okAs(ctx, `query($a: ID!) { programsAwaitingRevision(agencyId: $a, year: 2026) { id } }`, map[string]any{"a": f.agency}, &out)
			var ids []string
			for _, p := range out.ProgramsAwaitingRevision {
				ids = append(ids, p.ID)
			}
			return ids
		}
		if got := awaiting(vs.hr); !slices.Equal(got, []string{program}) {
			t.Errorf("awaiting revision = %v, want the flagged program only", got)
		}
		if r := a.doCtx(vs.rivalHR, `query($a: ID!) { programsAwaitingRevision(agencyId: $a, year: 2026) { id } }`, map[string]any{"a": f.agency}); r.code() != "FORBIDDEN" {
			t.Errorf("rival HR ran the agency's awaiting-revision query: %+v", r.Errors)
		}

		create := `mutation($in: CreateProgramRevisionInput!) { createProgramRevision(input: $in) { ` + revisionFields + ` } }`
		in := func(over map[string]any) map[string]any {
			m := map[string]any{"programID": program, "year": 2026, "decision": "REVISE", "changes": "Menambah praktik lapangan."}
			for k, v := range over {
				m[k] = v
			}
			return map[string]any{"in": m}
		}
		before := a.audits()
		refusedOn(t, a, before, a.doCtx(vs.hr, create, in(map[string]any{"decision": "MERGE"})), "BAD_USER_INPUT", "mergeTargetID", "MERGE")
		refusedOn(t, a, before, a.doCtx(vs.hr, create, in(map[string]any{"mergeTargetID": other})), "BAD_USER_INPUT", "mergeTargetID")
		refusedOn(t, a, before, a.doCtx(vs.hr, create, in(map[string]any{"decision": "MERGE", "mergeTargetID": program})), "BAD_USER_INPUT", "mergeTargetID")
		if r := a.doCtx(vs.rivalHR, create, in(nil)); r.code() != "FORBIDDEN" {
			t.Errorf("rival HR decided about the agency's program: %+v", r.Errors)
		}

		// Decided: who, when, the figures and the reasons are recorded.
		var out struct{ CreateProgramRevision revisionState }
		a.okAs(vs.hr, create, in(nil), &out)
		rev := out.CreateProgramRevision
		if rev.DecidedBy != "siti@kemuningkab.go.id (HR_OFFICER)" || rev.DecidedAt == nil || !slices.Equal(rev.Reasons, want) ||
			rev.Figures == nil || rev.Figures.Sessions != 1 || !rev.Figures.NeedsRevision || !slices.Equal(rev.Figures.RevisionReasons, want) {
			t.Errorf("revision = %+v, want decider, time, the report's reasons and figures", rev)
		}
		if got := awaiting(vs.hr); len(got) != 0 {
			t.Errorf("awaiting revision after the decision = %v, want none", got)
		}
		// One decision per program and year.
		refusedOn(t, a, a.audits(), a.doCtx(vs.hr, create, in(map[string]any{"decision": "CONTINUE"})), "CONFLICT", "year", "already exists")
		// Given reasons are kept; a MERGE names its target.
		var merged struct{ CreateProgramRevision revisionState }
		a.okAs(vs.hr, create, in(map[string]any{"year": 2025, "decision": "MERGE", "mergeTargetID": other, "reasons": []string{"Materi tumpang tindih"}}), &merged)
		if m := merged.CreateProgramRevision; !slices.Equal(m.Reasons, []string{"Materi tumpang tindih"}) || m.Figures == nil || m.Figures.Sessions != 0 {
			t.Errorf("merge = %+v", m)
		}
		// A decision cannot lose its target while it stays MERGE.
		refusedOn(t, a, a.audits(), a.doCtx(vs.hr, `mutation($id: ID!) { updateProgramRevision(id: $id, input: {clearMergeTarget: true}) { id } }`,
			map[string]any{"id": merged.CreateProgramRevision.ID}), "BAD_USER_INPUT", "mergeTargetID")

		// The snapshot stays as it was when the report changes.
		a.ok(`mutation($p: ID!) { createSession(input: {programID: $p, name: "Angkatan II", startsAt: "2026-08-03T08:00:00Z", endsAt: "2026-08-05T16:00:00Z", capacity: 30}) { id } }`,
			map[string]any{"p": program}, nil)
		var again struct{ Node revisionState }
		a.ok(`query($id: ID!) { node(id: $id) { ... on ProgramRevision { `+revisionFields+` } } }`, map[string]any{"id": rev.ID}, &again)
		if again.Node.Figures == nil || again.Node.Figures.Sessions != 1 {
			t.Errorf("figures after a new session = %+v, want the snapshot (1 session)", again.Node.Figures)
		}

		// The next plan carries the revision; this year's does not.
		next, _ := newPlan(t, a, f, 2027)
		carry := `mutation($p: ID!, $c: ID!, $r: ID!) { createPlanItem(input: {planID: $p, competencyID: $c, targetGroup: "Petugas layanan", headCount: 20, route: CLASSICAL, form: TECHNICAL_TRAINING, plannedQuarter: 1, plannedJp: 24, budget: 60000000, revisionID: $r}) { id revision { decision } } }`
		a.okAs(vs.hr, carry, map[string]any{"p": next, "c": f.competency, "r": rev.ID}, nil)
		same, _ := newPlan(t, a, f, 2026)
		refusedOn(t, a, a.audits(), a.doCtx(vs.hr, carry, map[string]any{"p": same, "c": f.competency, "r": rev.ID}), "BAD_USER_INPUT", "revisionID", "later year")
		rivalPlan := a.id(`mutation($a: ID!) { createDevelopmentPlan(input: {agencyID: $a, year: 2027}) { id } }`, map[string]any{"a": r.agency})
		refusedOn(t, a, a.audits(), a.do(carry, map[string]any{"p": rivalPlan, "c": f.competency, "r": rev.ID}), "BAD_USER_INPUT", "revisionID")
		a.ok(`query($id: ID!) { node(id: $id) { ... on ProgramRevision { `+revisionFields+` } } }`, map[string]any{"id": rev.ID}, &again)
		if again.Node.PlanItems.TotalCount != 1 {
			t.Errorf("revision's plan items = %d, want 1", again.Node.PlanItems.TotalCount)
		}

		// Filters and orders; access.
		for _, tt := range []struct {
			ctx   context.Context
			where map[string]any
			want  int
		}{
			{admin(), map[string]any{"decision": "MERGE"}, 1},
			{admin(), map[string]any{"year": 2026, "hasPlanItems": true}, 1},
			{admin(), map[string]any{"hasProgramWith": map[string]any{"code": "PP-KMN"}}, 2},
			{vs.hr, nil, 2},
			{vs.rivalHR, nil, 0},
			{vs.rivalEmployee, nil, 0},
		} {
			if got := a.total(tt.ctx, `query($w: ProgramRevisionWhereInput) { programRevisions(where: $w) { totalCount } }`, map[string]any{"w": tt.where}); got != tt.want {
				t.Errorf("programRevisions(where: %v) = %d, want %d", tt.where, got, tt.want)
			}
		}
		var byYear struct {
			ProgramRevisions struct {
				Edges []struct{ Node struct{ Year int } }
			}
		}
		a.ok(`{ programRevisions(orderBy: [{field: YEAR, direction: ASC}]) { edges { node { year } } } }`, nil, &byYear)
		if e := byYear.ProgramRevisions.Edges; len(e) != 2 || e[0].Node.Year != 2025 {
			t.Errorf("revisions by year = %+v", e)
		}
	})
}

// TestAppendToListFields checks the append input fields of list fields
// (appendStakeholderGroups here; appendIndicators and appendReasons come
// from the same template): an append alone adds its values to the stored
// list, and the rules see the list it makes.
func TestAppendToListFields(t *testing.T) {
	forEachStore(t, func(t *testing.T, a *api) {
		f := build(t, a)
		forum := a.id(createForum, forumInput(f.agency, map[string]any{"stakeholderGroups": []string{"PUBLIC"}}))
		const appendQ = `mutation($id: ID!, $g: [ForumStakeholderGroup!]!) { updateForum(id: $id, input: {appendStakeholderGroups: $g}) { stakeholderGroups } }`
		var out struct {
			UpdateForum struct{ StakeholderGroups []string }
		}
		a.ok(appendQ, map[string]any{"id": forum, "g": []string{"ACADEMICS", "PRACTITIONERS"}}, &out)
		if got, want := out.UpdateForum.StakeholderGroups, []string{"PUBLIC", "ACADEMICS", "PRACTITIONERS"}; !slices.Equal(got, want) {
			t.Errorf("after the append: %q, want %q", got, want)
		}
		if r := a.do(appendQ, map[string]any{"id": forum, "g": []string{"PUBLIC"}}); r.code() != "BAD_USER_INPUT" || r.field() != "stakeholderGroups" {
			t.Errorf("appending a group already listed: %+v, want BAD_USER_INPUT on stakeholderGroups", r.Errors)
		}
	})
}
