package graph_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"testing"

	"kembang/internal/store"
)

// gapFixture extends the base fixture for the needs analysis. See
// buildGaps for its content and TestCompetencyGapSummary for the
// figures it yields.
type gapFixture struct {
	fixture
	m02, t01, sk01      string // competencies besides M.01 (Integritas)
	target              string // position Kepala Bidang Pelayanan
	puskesmas, bappeda  string // units: a sub-unit of DINKES and another top unit
	other               string // agency Kota Alak
	programs            map[string]string
	extra, inactive     string // employees: in BAPPEDA; inactive
	noPosition, outside string // employees: without a position; of Kota Alak
}

// buildGaps creates, on top of build:
//
//   - competencies M.02 Kerja Sama, T.01 (technical) and SK.01 Perekat
//     Bangsa;
//   - standards: the fixture position (Kepala Seksi, PENGAWAS) requires
//     M.01 at 2 and M.02 at 2; Kepala Bidang (ADMINISTRATOR) requires
//     M.01 at 3, M.02 at 3 and T.01 at 2;
//   - units: Puskesmas under DINKES, and BAPPEDA;
//   - employees 0–4 (DINKES) keep the Kepala Seksi position, except
//     employee 4, moved to Puskesmas as Kepala Bidang; employee 0 aims
//     at Kepala Bidang; an extra employee in BAPPEDA (Kepala Seksi), an
//     inactive one and one without position, and one of another agency;
//   - ratings (see TestCompetencyGapSummary for the current levels);
//   - programs for M.01 and M.02 with and without open sessions.
func buildGaps(t *testing.T, a *api) gapFixture {
	t.Helper()
	f := gapFixture{fixture: build(t, a), programs: map[string]string{}}
	comp := func(code, name, typ string) string {
		return a.id(`mutation($c: String!, $n: String!, $t: CompetencyType!) { createCompetency(input: {code: $c, name: $n, type: $t}) { id } }`,
			map[string]any{"c": code, "n": name, "t": typ})
	}
	f.m02 = comp("M.02", "Kerja Sama", "MANAGERIAL")
	f.t01 = comp("T.01", "Manajemen Data Kesehatan", "TECHNICAL")
	f.sk01 = comp("SK.01", "Perekat Bangsa", "SOCIOCULTURAL")
	require := func(pos, comp string, level int) {
		a.id(`mutation($p: ID!, $c: ID!, $l: Int!) { createPositionCompetency(input: {positionID: $p, competencyID: $c, requiredLevel: $l}) { id } }`,
			map[string]any{"p": pos, "c": comp, "l": level})
	}
	require(f.position, f.m02, 2)
	f.target = a.id(`mutation($a: ID!) { createPosition(input: {title: "Kepala Bidang Pelayanan", jobType: ADMINISTRATOR, agencyID: $a}) { id } }`, map[string]any{"a": f.agency})
	require(f.target, f.competency, 3)
	require(f.target, f.m02, 3)
	require(f.target, f.t01, 2)

	f.puskesmas = a.id(`mutation($a: ID!, $p: ID!) { createUnit(input: {code: "PKM", name: "Puskesmas Kemuning", agencyID: $a, parentID: $p}) { id } }`,
		map[string]any{"a": f.agency, "p": f.unit})
	f.bappeda = a.id(`mutation($a: ID!) { createUnit(input: {code: "BAPPEDA", name: "Badan Perencanaan Pembangunan Daerah", agencyID: $a}) { id } }`,
		map[string]any{"a": f.agency})
	a.ok(`mutation($e: ID!, $p: ID!) { updateEmployee(id: $e, input: {targetPositionID: $p}) { id } }`, map[string]any{"e": f.employees[0], "p": f.target}, nil)
	a.ok(`mutation($e: ID!, $p: ID!, $u: ID!) { updateEmployee(id: $e, input: {positionID: $p, unitID: $u}) { id } }`,
		map[string]any{"e": f.employees[4], "p": f.target, "u": f.puskesmas}, nil)
	employee := func(nip, name string, in map[string]any) string {
		agency := f.agency
		if in["agencyID"] != nil {
			agency = in["agencyID"].(string)
		}
		in["nip"], in["fullName"], in["golongan"], in["email"], in["phone"] = nip, name, nil, nil, nil
		return f.m.mk(createEmpQ, with(f.m.employeeIn(agency, ""), in))
	}
	f.extra = employee("198103032006041006", "Eko Prasetyo", map[string]any{"unitID": f.bappeda, "positionID": f.position})
	f.inactive = employee("196805051990031007", "Hartono", map[string]any{"unitID": f.unit, "positionID": f.position, "active": false})
	f.noPosition = employee("199507072020122008", "Indah Permata", map[string]any{"unitID": f.unit})
	f.other = f.m.agency("ALK", "Pemerintah Kota Alak", "Alak")
	otherPos := a.id(`mutation($a: ID!) { createPosition(input: {title: "Kepala Seksi", jobType: PENGAWAS, agencyID: $a}) { id } }`, map[string]any{"a": f.other})
	require(otherPos, f.competency, 4)
	f.outside = employee("198202022008011009", "Joko Susilo", map[string]any{"agencyID": f.other, "positionID": otherPos})

	rate := func(emp, comp string, level int, on, source string) {
		a.id(`mutation($e: ID!, $c: ID!, $l: Int!, $on: Date!, $s: AssessmentSource!) { createAssessment(input: {employeeID: $e, competencyID: $c, level: $l, assessedOn: $on, source: $s}) { id } }`,
			map[string]any{"e": emp, "c": comp, "l": level, "on": on, "s": source})
	}
	e := f.employees
	// Employee 0: M.01 2 (the supervisor beats a same-day self rating of
	// 4; an older rating of 1 is history); M.02 never; T.01 1.
	rate(e[0], f.competency, 1, "2020-01-10", "SELF")
	rate(e[0], f.competency, 4, "2026-02-01", "SELF")
	rate(e[0], f.competency, 2, "2026-02-01", "SUPERVISOR")
	rate(e[0], f.t01, 1, "2025-06-01", "ASSESSMENT_CENTER")
	// Employee 1: M.01 1, M.02 3.
	rate(e[1], f.competency, 1, "2025-05-05", "TRAINING")
	rate(e[1], f.m02, 3, "2025-05-05", "SELF")
	// Employee 2: M.01 never; M.02 2 (a later self rating beats an older
	// supervisor's).
	rate(e[2], f.m02, 1, "2025-01-01", "SUPERVISOR")
	rate(e[2], f.m02, 2, "2026-01-01", "SELF")
	// Employee 3: M.01 3; M.02 2: a training result beats a self rating
	// recorded later on the same day.
	rate(e[3], f.competency, 3, "2026-03-01", "ASSESSMENT_CENTER")
	rate(e[3], f.m02, 2, "2026-03-01", "TRAINING")
	rate(e[3], f.m02, 1, "2026-03-01", "SELF")
	// Employee 4: M.01 2: a self rating of 2 March is a day later than a
	// training result of 1 March; M.02 never; T.01 2. (Stored instants
	// are compared by their day in WIB: internal/report's tests.)
	rate(e[4], f.competency, 3, "2026-03-01", "TRAINING")
	rate(e[4], f.competency, 2, "2026-03-02", "SELF")
	rate(e[4], f.t01, 2, "2025-08-08", "ASSESSMENT_CENTER")
	// The others: the extra employee M.01 1, M.02 2.
	rate(f.extra, f.competency, 1, "2026-01-05", "SELF")
	rate(f.extra, f.m02, 2, "2026-01-05", "SUPERVISOR")

	// Programs. PKP-01 (base fixture) targets M.01 at 3 but its only
	// session is past; a cancelled future session does not open it.
	a.id(`mutation($p: ID!) { createSession(input: {programID: $p, name: "Angkatan Batal", startsAt: "2099-05-04T01:00:00Z", endsAt: "2099-05-08T09:00:00Z", capacity: 30, status: CANCELLED}) { id } }`,
		map[string]any{"p": f.program})
	f.programs["PKP-01"] = f.program
	program := func(code, status, comp string, level int, session string) {
		id := a.id(`mutation($c: String!, $s: ProgramStatus!) { createProgram(input: {code: $c, title: $c, route: CLASSICAL, form: MANAGERIAL_TRAINING, deliveryMode: IN_PERSON, jp: 24, status: $s}) { id } }`,
			map[string]any{"c": code, "s": status})
		a.id(`mutation($p: ID!, $c: ID!, $l: Int!) { createProgramCompetency(input: {programID: $p, competencyID: $c, targetLevel: $l}) { id } }`,
			map[string]any{"p": id, "c": comp, "l": level})
		if session != "" {
			a.id(`mutation($p: ID!, $s: SessionStatus!) { createSession(input: {programID: $p, name: "Angkatan I", startsAt: "2099-03-02T01:00:00Z", endsAt: "2099-03-04T09:00:00Z", capacity: 25, status: $s}) { id } }`,
				map[string]any{"p": id, "s": session})
		}
		f.programs[code] = id
	}
	program("INT-4", "ACTIVE", f.competency, 4, "OPEN")       // M.01 up to 4, open
	program("INT-3", "ACTIVE", f.competency, 3, "PLANNED")    // M.01 up to 3, planned
	program("INT-2", "ACTIVE", f.competency, 2, "OPEN")       // M.01 up to 2 only
	program("INT-ARSIP", "ARCHIVED", f.competency, 5, "OPEN") // archived
	program("INT-DRAFT", "DRAFT", f.competency, 5, "OPEN")    // not yet in the catalogue
	program("INT-NONE", "ACTIVE", f.competency, 5, "")        // no session at all
	program("KS-3", "ACTIVE", f.m02, 3, "PLANNED")            // M.02 up to 3
	return f
}

// gapsQuery asks for an employee's gaps against a position.
const gapsQuery = `query($id: ID!, $against: GapTarget!) { node(id: $id) { ... on Employee {
	competencyGaps(against: $against) { competency { code } requiredLevel currentLevel assessed gap programs { code } } } } }`

// gapRow is a CompetencyGap as the tests read it.
type gapRow struct {
	Competency    struct{ Code string }
	RequiredLevel int
	CurrentLevel  int
	Assessed      bool
	Gap           int
	Programs      []struct{ Code string }
}

// gapsOf returns an employee's gaps against a position.
func gapsOf(t *testing.T, a *api, ctx context.Context, emp, against string) []gapRow {
	t.Helper()
	var out struct {
		Node struct{ CompetencyGaps []gapRow }
	}
	r := a.doCtx(ctx, gapsQuery, map[string]any{"id": emp, "against": against})
	if len(r.Errors) > 0 {
		t.Fatalf("competencyGaps: %+v", r.Errors)
	}
	if err := json.Unmarshal(r.Data, &out); err != nil {
		t.Fatal(err)
	}
	return out.Node.CompetencyGaps
}

// describeGaps renders gaps as "code required/current gap assessed [programs]"
// for comparison.
func describeGaps(gaps []gapRow) []string {
	out := make([]string, len(gaps))
	for i, g := range gaps {
		var ps []string
		for _, p := range g.Programs {
			ps = append(ps, p.Code)
		}
		out[i] = fmt.Sprintf("%s %d/%d gap %d assessed %v %v", g.Competency.Code, g.RequiredLevel, g.CurrentLevel, g.Gap, g.Assessed, ps)
	}
	return out
}

func TestCompetencyGaps(t *testing.T) {
	forEachStore(t, func(t *testing.T, a *api) {
		f := buildGaps(t, a)
		ctx := admin()

		// Against the current position (M.01 at 2, M.02 at 2): M.01 is met,
		// so no program is suggested for it; M.02 was never assessed, and
		// KS-3 (up to 3, planned session) can close it.
		cur, curCount := store.WithCounter(ctx)
		got := describeGaps(gapsOf(t, a, cur, f.employees[0], "CURRENT_POSITION"))
		want := []string{
			"M.02 2/0 gap 2 assessed false [KS-3]",
			"M.01 2/2 gap 0 assessed true []",
		}
		if !slices.Equal(got, want) {
			t.Errorf("gaps against the current position =\n%q\nwant\n%q", got, want)
		}

		// Against the target position (M.01 at 3, M.02 at 3, T.01 at 2).
		// For M.01 at 3: INT-3 and INT-4, closest fit first; not INT-2
		// (target level too low), PKP-01 (no session open: past and
		// cancelled), INT-NONE (no session), INT-ARSIP (archived) or
		// INT-DRAFT (draft). No program develops T.01.
		tgt, tgtCount := store.WithCounter(ctx)
		got = describeGaps(gapsOf(t, a, tgt, f.employees[0], "TARGET_POSITION"))
		want = []string{
			"M.02 3/0 gap 3 assessed false [KS-3]",
			"M.01 3/2 gap 1 assessed true [INT-3 INT-4]",
			"T.01 2/1 gap 1 assessed true []",
		}
		if !slices.Equal(got, want) {
			t.Errorf("gaps against the target position =\n%q\nwant\n%q", got, want)
		}
		// Three requirements cost what two do.
		if curCount.Count() != tgtCount.Count() {
			t.Errorf("statements: %d for 2 requirements, %d for 3; want equal", curCount.Count(), tgtCount.Count())
		}

		// The default is the current position; latest WIB date wins.
		var def struct {
			Node struct{ CompetencyGaps []gapRow }
		}
		a.ok(`query($id: ID!) { node(id: $id) { ... on Employee { competencyGaps { competency { code } requiredLevel currentLevel assessed gap programs { code } } } } }`,
			map[string]any{"id": f.employees[4]}, &def)
		got = describeGaps(def.Node.CompetencyGaps)
		want = []string{
			"M.02 3/0 gap 3 assessed false [KS-3]",
			"M.01 3/2 gap 1 assessed true [INT-3 INT-4]",
			"T.01 2/2 gap 0 assessed true []",
		}
		if !slices.Equal(got, want) {
			t.Errorf("gaps of employee 4 =\n%q\nwant\n%q", got, want)
		}

		// No position to compare with: no gaps.
		for _, tt := range []struct{ emp, against string }{
			{f.employees[1], "TARGET_POSITION"},
			{f.noPosition, "CURRENT_POSITION"},
		} {
			if got := gapsOf(t, a, ctx, tt.emp, tt.against); len(got) != 0 {
				t.Errorf("gaps without a position = %+v, want none", got)
			}
		}
	})
}

// summaryQuery asks for the gap summary of an agency or unit.
const summaryQuery = `query($a: ID!, $u: ID) { competencyGapSummary(agencyId: $a, unitId: $u) {
	competency { code } employees belowStandard notAssessed averageGap } }`

// summaryRow is a GapSummaryRow as the tests read it.
type summaryRow struct {
	Code          string
	Employees     int
	BelowStandard int
	NotAssessed   int
	AverageGap    float64
}

// summaryOf returns the gap summary of an agency or unit (unit "" for
// the whole agency).
func summaryOf(t *testing.T, a *api, ctx context.Context, agency, unit string) []summaryRow {
	t.Helper()
	vars := map[string]any{"a": agency}
	if unit != "" {
		vars["u"] = unit
	}
	r := a.doCtx(ctx, summaryQuery, vars)
	if len(r.Errors) > 0 {
		t.Fatalf("competencyGapSummary: %+v", r.Errors)
	}
	var out struct {
		CompetencyGapSummary []struct {
			Competency    struct{ Code string }
			Employees     int
			BelowStandard int
			NotAssessed   int
			AverageGap    float64
		}
	}
	if err := json.Unmarshal(r.Data, &out); err != nil {
		t.Fatal(err)
	}
	rows := make([]summaryRow, len(out.CompetencyGapSummary))
	for i, s := range out.CompetencyGapSummary {
		rows[i] = summaryRow{s.Competency.Code, s.Employees, s.BelowStandard, s.NotAssessed, s.AverageGap}
	}
	return rows
}

// sameSummary compares summaries, averages to 1e-9.
func sameSummary(got, want []summaryRow) bool {
	return slices.EqualFunc(got, want, func(g, w summaryRow) bool {
		return g.Code == w.Code && g.Employees == w.Employees && g.BelowStandard == w.BelowStandard &&
			g.NotAssessed == w.NotAssessed && math.Abs(g.AverageGap-w.AverageGap) < 1e-9
	})
}

// TestCompetencyGapSummary checks the summary against the fixture,
// computed by hand. Current levels (required level in brackets):
//
//	employee  unit       M.01      M.02      T.01
//	0         DINKES     2 [2] 0   – [2] 2   (not required)
//	1         DINKES     1 [2] 1   3 [2] 0
//	2         DINKES     – [2] 2   2 [2] 0
//	3         DINKES     3 [2] 0   2 [2] 0
//	4         Puskesmas  2 [3] 1   – [3] 3   2 [2] 0
//	extra     BAPPEDA    1 [2] 1   2 [2] 0
//
// (– never assessed; the number after the bracket is the gap.) The
// inactive employee, the one without a position and the one of Kota
// Alak do not count.
func TestCompetencyGapSummary(t *testing.T) {
	forEachStore(t, func(t *testing.T, a *api) {
		f := buildGaps(t, a)
		ctx := admin()

		// Agency: M.01 6 employees, 4 below, 1 not assessed, gaps 5 (5/6);
		// M.02 6, 2 below, 2 not assessed, gaps 5 (5/6); T.01 1, none.
		got := summaryOf(t, a, ctx, f.agency, "")
		want := []summaryRow{
			{"M.01", 6, 4, 1, 5.0 / 6},
			{"M.02", 6, 2, 2, 5.0 / 6},
			{"T.01", 1, 0, 0, 0},
		}
		if !sameSummary(got, want) {
			t.Errorf("agency summary =\n%+v\nwant\n%+v", got, want)
		}

		// DINKES with its Puskesmas: employees 0–4. M.01 gaps 4 over 5,
		// M.02 gaps 5 over 5.
		dinkes, dinkesCount := store.WithCounter(ctx)
		got = summaryOf(t, a, dinkes, f.agency, f.unit)
		want = []summaryRow{
			{"M.01", 5, 3, 1, 0.8},
			{"M.02", 5, 2, 2, 1},
			{"T.01", 1, 0, 0, 0},
		}
		if !sameSummary(got, want) {
			t.Errorf("DINKES summary =\n%+v\nwant\n%+v", got, want)
		}

		// Puskesmas: employee 4 alone. M.01 and M.02 both have one below;
		// M.02's larger average comes first.
		pkm, pkmCount := store.WithCounter(ctx)
		got = summaryOf(t, a, pkm, f.agency, f.puskesmas)
		want = []summaryRow{
			{"M.02", 1, 1, 1, 3},
			{"M.01", 1, 1, 0, 1},
			{"T.01", 1, 0, 0, 0},
		}
		if !sameSummary(got, want) {
			t.Errorf("Puskesmas summary =\n%+v\nwant\n%+v", got, want)
		}
		// Five employees cost what one does.
		if dinkesCount.Count() != pkmCount.Count() {
			t.Errorf("statements: %d for 5 employees, %d for 1; want equal", dinkesCount.Count(), pkmCount.Count())
		}

		// Kota Alak: its one employee, never assessed on M.01 at 4.
		got = summaryOf(t, a, ctx, f.other, "")
		if want := []summaryRow{{"M.01", 1, 1, 1, 4}}; !sameSummary(got, want) {
			t.Errorf("Kota Alak summary = %+v, want %+v", got, want)
		}

		// A unit of another agency, or an id that is no agency.
		for _, vars := range []map[string]any{
			{"a": f.other, "u": f.unit},
			{"a": f.competency},
		} {
			if r := a.do(summaryQuery, vars); r.code() != "NOT_FOUND" {
				t.Errorf("summary(%v) = %+v, want NOT_FOUND", vars, r.Errors)
			}
		}
	})
}

// TestTrainingNeedsRanking checks the ranking against the fixture and
// these training needs of Kabupaten Kemuning, computed by hand with the
// default weights (score = total gap + Σ priority × source):
//
//	M.02  CRITICAL FORUM       2026-04-10          5 × 2 = 10
//	M.02  LOW      EMPLOYEE    2026-05-01          1 × 1 =  1
//	SK.01 HIGH     SUPERVISOR  2026-02-02          3 × 2 =  6
//	M.01  HIGH     SURVEY      2026-01-01          3 × 1 =  3
//	M.01  CRITICAL FORUM       2025-06-01          other year
//	M.01  MEDIUM   SUPERVISOR  2027-01-01          other year
//
// and a CRITICAL FORUM need of Kota Alak for M.01 in 2026, which does
// not count. Measured (total gaps, TestCompetencyGapSummary): M.01 5,
// M.02 5, T.01 0. Scores: M.02 5 + 11 = 16, M.01 5 + 3 = 8, SK.01 0 + 6
// = 6; T.01 scores 0 and is left out.
func TestTrainingNeedsRanking(t *testing.T) {
	forEachStore(t, func(t *testing.T, a *api) {
		f := buildGaps(t, a)
		need := func(agency, comp, priority, source, on string) {
			a.id(`mutation($a: ID!, $c: ID!, $p: TrainingNeedPriority!, $s: TrainingNeedSource!, $on: Date!) { createTrainingNeed(input: {agencyID: $a, competencyID: $c, priority: $p, source: $s, raisedOn: $on, description: "Kebutuhan pelatihan"}) { id } }`,
				map[string]any{"a": agency, "c": comp, "p": priority, "s": source, "on": on})
		}
		need(f.agency, f.m02, "CRITICAL", "FORUM", "2026-04-10")
		need(f.agency, f.m02, "LOW", "EMPLOYEE", "2026-05-01")
		need(f.agency, f.sk01, "HIGH", "SUPERVISOR", "2026-02-02")
		need(f.agency, f.competency, "HIGH", "SURVEY", "2026-01-01")
		need(f.agency, f.competency, "CRITICAL", "FORUM", "2025-06-01")
		need(f.agency, f.competency, "MEDIUM", "SUPERVISOR", "2027-01-01")
		need(f.other, f.competency, "CRITICAL", "FORUM", "2026-04-10")

		type ranked struct {
			Rank                    int
			Competency              struct{ Code string }
			Score, Measured         float64
			Stakeholder, AverageGap float64
			BelowStandard, Inputs   int
		}
		var out struct{ TrainingNeedsRanking []ranked }
		a.ok(`query($a: ID!) { trainingNeedsRanking(agencyId: $a, year: 2026) {
			rank competency { code } score measured stakeholder belowStandard averageGap inputs } }`,
			map[string]any{"a": f.agency}, &out)
		type row struct {
			rank                              int
			code                              string
			score, measured, stakeholder, avg float64
			below, inputs                     int
		}
		want := []row{
			{1, "M.02", 16, 5, 11, 5.0 / 6, 2, 2},
			{2, "M.01", 8, 5, 3, 5.0 / 6, 4, 1},
			{3, "SK.01", 6, 0, 6, 0, 0, 1},
		}
		got := out.TrainingNeedsRanking
		if len(got) != len(want) {
			t.Fatalf("ranking = %+v, want %+v", got, want)
		}
		for i, w := range want {
			g := got[i]
			if g.Rank != w.rank || g.Competency.Code != w.code || g.Score != w.score || g.Measured != w.measured ||
				g.Stakeholder != w.stakeholder || math.Abs(g.AverageGap-w.avg) > 1e-9 || g.BelowStandard != w.below || g.Inputs != w.inputs {
				t.Errorf("rank %d = %+v, want %+v", i+1, g, w)
			}
		}

		// In 2025 the measured gaps are the same and only the forum's
		// CRITICAL need for M.01 counts: M.01 5 + 10, M.02 5.
		a.ok(`query($a: ID!) { trainingNeedsRanking(agencyId: $a, year: 2025) { rank competency { code } score } }`,
			map[string]any{"a": f.agency}, &out)
		var codes []string
		for _, r := range out.TrainingNeedsRanking {
			codes = append(codes, fmt.Sprintf("%d %s %g", r.Rank, r.Competency.Code, r.Score))
		}
		if want := []string{"1 M.01 15", "2 M.02 5"}; !slices.Equal(codes, want) {
			t.Errorf("2025 ranking = %q, want %q", codes, want)
		}

		if r := a.do(`query($a: ID!) { trainingNeedsRanking(agencyId: $a, year: 1999) { rank } }`, map[string]any{"a": f.agency}); r.code() != "BAD_USER_INPUT" {
			t.Errorf("ranking for 1999: %+v, want BAD_USER_INPUT", r.Errors)
		}
	})
}
