package graph_test

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"kembang/ent"
	"kembang/ent/gid"
	"kembang/internal/report/reporttest"
)

// The report tests run the GraphQL API over the fixture of package
// reporttest, whose data table (in its package documentation) gives the
// hand computations; package report's tests check the same figures in
// more detail.

// reportAPI serves the API over the report fixture on every store.
func reportAPI(t *testing.T, f func(t *testing.T, a *api, fx *reporttest.Fixture)) {
	forEachStore(t, func(t *testing.T, a *api) {
		f(t, a, reporttest.Build(t, a.db.Client))
	})
}

// reportClose reports whether a and b are equal up to float noise.
func reportClose(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestComplianceReportAPI(t *testing.T) {
	reportAPI(t, func(t *testing.T, a *api, fx *reporttest.Fixture) {
		const q = `query($a: ID!, $u: ID, $after: Cursor) {
			complianceReport(agencyId: $a, unitId: $u, year: 2025) {
				year agency { code } unit { code }
				employees belowTarget belowTargetShare averageHours
				hoursDistribution { from to employees }
				employeesBelowTarget(first: 2, after: $after) {
					totalCount
					pageInfo { hasNextPage endCursor }
					edges { node { fullName unit { code } } }
				}
				same: employeesBelowTarget(first: 2, after: $after) { totalCount }
			}
		}`
		type bucket struct {
			From      float64  `json:"from"`
			To        *float64 `json:"to"`
			Employees int      `json:"employees"`
		}
		var out struct {
			R struct {
				Year   int `json:"year"`
				Agency struct {
					Code string `json:"code"`
				} `json:"agency"`
				Unit *struct {
					Code string `json:"code"`
				} `json:"unit"`
				Employees   int      `json:"employees"`
				BelowTarget int      `json:"belowTarget"`
				Share       float64  `json:"belowTargetShare"`
				Average     float64  `json:"averageHours"`
				Buckets     []bucket `json:"hoursDistribution"`
				Below       struct {
					TotalCount int `json:"totalCount"`
					PageInfo   struct {
						HasNextPage bool   `json:"hasNextPage"`
						EndCursor   string `json:"endCursor"`
					} `json:"pageInfo"`
					Edges []struct {
						Node struct {
							FullName string `json:"fullName"`
							Unit     struct {
								Code string `json:"code"`
							} `json:"unit"`
						} `json:"node"`
					} `json:"edges"`
				} `json:"employeesBelowTarget"`
				Same struct {
					TotalCount int `json:"totalCount"`
				} `json:"same"`
			} `json:"complianceReport"`
		}
		agencyA := gid.Encode(fx.AgencyA.ID)
		a.ok(q, map[string]any{"a": agencyA}, &out)
		r := out.R
		// Agency A: 6 active employees with 44, 14, 22, 0, 6, 20 JP; below
		// target E2, E3 (PPPK, 24), E4, E5.
		if r.Year != 2025 || r.Agency.Code != "KMN" || r.Unit != nil || r.Employees != 6 || r.BelowTarget != 4 ||
			!reportClose(r.Share, 4.0/6) || !reportClose(r.Average, 106.0/6) {
			t.Errorf("figures = %+v", r)
		}
		wantBuckets := []int{1, 1, 1, 2, 1}
		bounds := []float64{0, 0.1, 10, 20, 40}
		if len(r.Buckets) != 5 {
			t.Fatalf("buckets = %+v", r.Buckets)
		}
		for i, b := range r.Buckets {
			if b.From != bounds[i] || b.Employees != wantBuckets[i] || (i < 4 && (b.To == nil || *b.To != bounds[i+1])) || (i == 4 && b.To != nil) {
				t.Errorf("bucket %d = %+v", i, b)
			}
		}
		page := func() []string {
			var names []string
			for _, e := range out.R.Below.Edges {
				names = append(names, e.Node.FullName+"/"+e.Node.Unit.Code)
			}
			return names
		}
		if got := page(); !slices.Equal(got, []string{"Budi Santoso/PUSKESMAS", "Citra Ayu/DINKES"}) ||
			r.Below.TotalCount != 4 || !r.Below.PageInfo.HasNextPage || r.Same.TotalCount != 4 {
			t.Errorf("page 1 = %v, total %d, next %v", got, r.Below.TotalCount, r.Below.PageInfo.HasNextPage)
		}
		a.ok(q, map[string]any{"a": agencyA, "after": r.Below.PageInfo.EndCursor}, &out)
		if got := page(); !slices.Equal(got, []string{"Dewi Lestari/BKPSDM", "Eko Prasetyo/BKPSDM"}) || out.R.Below.PageInfo.HasNextPage {
			t.Errorf("page 2 = %v, next %v", got, out.R.Below.PageInfo.HasNextPage)
		}

		// DINKES with the nested PUSKESMAS: E1, E2, E3; below E2, E3.
		a.ok(q, map[string]any{"a": agencyA, "u": gid.Encode(fx.Dinkes.ID)}, &out)
		if r := out.R; r.Unit == nil || r.Unit.Code != "DINKES" || r.Employees != 3 || r.BelowTarget != 2 || r.Below.TotalCount != 2 {
			t.Errorf("DINKES = %+v", r)
		}

		// Errors.
		res := a.do(`query($a: ID!) { complianceReport(agencyId: $a, year: 99999) { employees } }`, map[string]any{"a": agencyA})
		if res.code() != "BAD_USER_INPUT" || res.field() != "year" {
			t.Errorf("bad year: %+v", res.Errors)
		}
		res = a.do(`query($a: ID!, $u: ID) { complianceReport(agencyId: $a, unitId: $u, year: 2025) { employees } }`,
			map[string]any{"a": gid.Encode(fx.AgencyB.ID), "u": gid.Encode(fx.Dinkes.ID)})
		if res.code() != "BAD_USER_INPUT" || res.field() != "unitId" {
			t.Errorf("unit of another agency: %+v", res.Errors)
		}
		res = a.do(`query($a: ID!) { complianceReport(agencyId: $a, year: 2025) {
			x: employeesBelowTarget(first: 1) { totalCount } y: employeesBelowTarget(first: 2) { totalCount } } }`,
			map[string]any{"a": agencyA})
		var two struct {
			ComplianceReport struct{ X, Y struct{ TotalCount int } }
		}
		if len(res.Errors) > 0 || json.Unmarshal(res.Data, &two) != nil || two.ComplianceReport.X.TotalCount != two.ComplianceReport.Y.TotalCount {
			t.Errorf("two selections with different arguments: %+v %s", res.Errors, res.Data)
		}
	})
}

func TestTrainingReportsAPI(t *testing.T) {
	reportAPI(t, func(t *testing.T, a *api, fx *reporttest.Fixture) {
		const fields = `year sessions enrollments completed failed withdrawn completionRate averageReaction
			averageLearningGain behaviorSignedOffShare needsRevision revisionReasons
			results { indicator baseline result delta session { name } }`
		type training struct {
			Year, Sessions, Enrollments, Completed, Failed, Withdrawn int
			CompletionRate, AverageReaction, AverageLearningGain      *float64
			BehaviorSignedOffShare                                    *float64
			NeedsRevision                                             bool
			RevisionReasons                                           []string
			Results                                                   []struct {
				Indicator               string
				Baseline, Result, Delta float64
				Session                 struct{ Name string }
			}
		}
		var out struct {
			Program training `json:"programReport"`
			Partner training `json:"partnerReport"`
		}
		a.ok(`query($p: ID!, $q: ID!) { programReport(programId: $p, year: 2025) { `+fields+` }
			partnerReport(partnerId: $q, year: 2025) { `+fields+` } }`,
			map[string]any{"p": gid.Encode(fx.PR1.ID), "q": gid.Encode(fx.P2.ID)}, &out)

		// PR1 in 2025: S1, S2; 7 enrollments, 3 completed, 2 failed, 1
		// withdrawn; reaction (80+60+55)/3 = 65 < 70; gains 20, 5, 12;
		// behaviour 2 of 3 signed off; results by session start.
		p := out.Program
		if p.Year != 2025 || p.Sessions != 2 || p.Enrollments != 7 || p.Completed != 3 || p.Failed != 2 || p.Withdrawn != 1 {
			t.Errorf("program counts = %+v", p)
		}
		for name, got := range map[string]*float64{"completionRate": p.CompletionRate, "averageReaction": p.AverageReaction,
			"averageLearningGain": p.AverageLearningGain, "behaviorSignedOffShare": p.BehaviorSignedOffShare} {
			want := map[string]float64{"completionRate": 0.6, "averageReaction": 65, "averageLearningGain": 37.0 / 3, "behaviorSignedOffShare": 2.0 / 3}[name]
			if got == nil || !reportClose(*got, want) {
				t.Errorf("program %s = %v, want %v", name, got, want)
			}
		}
		if !p.NeedsRevision || !slices.Equal(p.RevisionReasons, []string{"average reaction score 65.0 is below 70"}) {
			t.Errorf("program revision = %v %q", p.NeedsRevision, p.RevisionReasons)
		}
		if len(p.Results) != 2 || p.Results[0].Session.Name != "S1" || p.Results[0].Delta != 4.5 ||
			p.Results[1].Session.Name != "S2" || p.Results[1].Indicator != "Waktu layanan (hari)" || p.Results[1].Delta != -2 {
			t.Errorf("program results = %+v", p.Results)
		}

		// P2 in 2025: S5 only; E1 completed; reaction 90, gain 5 < 10.
		q := out.Partner
		if q.Sessions != 1 || q.Enrollments != 1 || q.Completed != 1 || q.CompletionRate == nil || *q.CompletionRate != 1 ||
			q.BehaviorSignedOffShare != nil || len(q.Results) != 0 ||
			!q.NeedsRevision || !slices.Equal(q.RevisionReasons, []string{"average learning gain 5.0 is below 10"}) {
			t.Errorf("partner = %+v", q)
		}

		res := a.do(`query($p: ID!) { programReport(programId: $p, year: 2025) { sessions } }`, map[string]any{"p": gid.Encode(fx.P1.ID)})
		if res.code() != "NOT_FOUND" {
			t.Errorf("partner ID as program: %+v", res.Errors)
		}
	})
}

func TestEnrollmentCountsAPI(t *testing.T) {
	reportAPI(t, func(t *testing.T, a *api, fx *reporttest.Fixture) {
		var out struct {
			ByAgency []struct {
				Agency *struct{ Code string }
				Status *string
				Year   *int
				Form   *string
				Count  int
			} `json:"byAgency"`
			ByYear []struct {
				Agency *struct{ Code string }
				Year   *int
				Form   *string
				Count  int
			} `json:"byYear"`
		}
		a.ok(`query($a: ID!) {
			byAgency: enrollmentCounts(groupBy: [AGENCY, STATUS]) { agency { code } status year form count }
			byYear: enrollmentCounts(groupBy: [YEAR, PROGRAM_FORM], agencyId: $a) { agency { code } year form count }
		}`, map[string]any{"a": gid.Encode(fx.AgencyA.ID)}, &out)
		got := map[string]int{}
		for _, c := range out.ByAgency {
			if c.Agency == nil || c.Status == nil || c.Year != nil || c.Form != nil {
				t.Fatalf("group keys = %+v", c)
			}
			got[c.Agency.Code+" "+*c.Status] = c.Count
		}
		want := map[string]int{"KMN COMPLETED": 6, "KMN FAILED": 3, "KMN REGISTERED": 1, "KMN WAITLISTED": 1, "KMN WITHDRAWN": 2, "PLJ COMPLETED": 1}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("agency × status = %v, want %v", got, want)
		}
		got = map[string]int{}
		for _, c := range out.ByYear {
			if c.Agency != nil || c.Year == nil || c.Form == nil {
				t.Fatalf("group keys = %+v", c)
			}
			got[fmt.Sprint(*c.Year, " ", *c.Form)] = c.Count
		}
		// S6 starts 2025-12-31 18:00 UTC: 2026 in WIB.
		want = map[string]int{"2024 LEADERSHIP_TRAINING": 2, "2025 LEADERSHIP_TRAINING": 6, "2025 SEMINAR": 3, "2025 COURSE": 1, "2026 COURSE": 1}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("year × form = %v, want %v", got, want)
		}

		var jp struct {
			All []struct {
				Type        string  `json:"type"`
				JP          float64 `json:"jp"`
				Enrollments int     `json:"enrollments"`
			} `json:"jpByCompetencyType"`
		}
		a.ok(`query($a: ID!) { jpByCompetencyType(year: 2025, agencyId: $a) { type jp enrollments } }`,
			map[string]any{"a": gid.Encode(fx.AgencyA.ID)}, &jp)
		// Agency A in 2025: E1, E6 in S1 (PR1: MANAGERIAL, TECHNICAL, 40
		// each); E2, E3 in S3 (PR2: SOCIOCULTURAL, 8 each).
		if s := fmt.Sprint(jp.All); s != "[{MANAGERIAL 80 2} {SOCIOCULTURAL 16 2} {TECHNICAL 80 2}]" {
			t.Errorf("jpByCompetencyType = %s", s)
		}
	})
}

func TestSiasnCourseHistoryAPI(t *testing.T) {
	reportAPI(t, func(t *testing.T, a *api, fx *reporttest.Fixture) {
		const q = `query($a: ID!, $first: Int, $after: Cursor, $last: Int, $before: Cursor) {
			siasnCourseHistory(agencyId: $a, year: 2025, first: $first, after: $after, last: $last, before: $before) {
				totalCount
				pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
				edges { cursor node {
					employee { fullName } nip courseName organizer courseType hours location
					certificateNumber year startDate endDate source
				} }
			}
		}`
		type node struct {
			Employee                                         struct{ FullName string }
			Nip, CourseName, Organizer, CourseType, Location string
			CertificateNumber, StartDate, EndDate, Source    string
			Hours                                            float64
			Year                                             int
		}
		var out struct {
			C struct {
				TotalCount int
				PageInfo   struct {
					HasNextPage, HasPreviousPage bool
					StartCursor, EndCursor       string
				}
				Edges []struct {
					Cursor string
					Node   node
				}
			} `json:"siasnCourseHistory"`
		}
		agencyA := gid.Encode(fx.AgencyA.ID)
		labels := func() []string {
			var l []string
			for _, e := range out.C.Edges {
				l = append(l, e.Node.Source+" "+e.Node.Employee.FullName)
			}
			return l
		}
		// By end date, CLAIM before ENROLLMENT at the same instant, then
		// ID (see package report's tests).
		a.ok(q, map[string]any{"a": agencyA, "first": 4}, &out)
		want := []string{"CLAIM Eko Prasetyo", "ENROLLMENT Ahmad Fauzi", "ENROLLMENT Fajar Nugroho", "CLAIM Hadi Wijaya"}
		if got := labels(); !slices.Equal(got, want) || out.C.TotalCount != 11 || !out.C.PageInfo.HasNextPage || out.C.PageInfo.HasPreviousPage {
			t.Errorf("page 1 = %v, total %d, info %+v", got, out.C.TotalCount, out.C.PageInfo)
		}
		n := out.C.Edges[1].Node
		if n.Nip != "198501152010011001" || n.CourseName != "Pelatihan Kepemimpinan Pengawas" || n.Organizer != "Universitas Kemuning Raya" ||
			n.CourseType != "Pelatihan Kepemimpinan" || n.Hours != 40 || n.Location != "Kemuning" || n.CertificateNumber != "KMB/E1@S1" ||
			n.Year != 2025 || n.StartDate != "2025-03-03" || n.EndDate != "2025-03-07" || n.Source != "ENROLLMENT" {
			t.Errorf("E1@S1 = %+v", n)
		}
		a.ok(q, map[string]any{"a": agencyA, "first": 4, "after": out.C.PageInfo.EndCursor}, &out)
		want = []string{"ENROLLMENT Budi Santoso", "ENROLLMENT Citra Ayu", "CLAIM Ahmad Fauzi", "CLAIM Hadi Wijaya"}
		if got := labels(); !slices.Equal(got, want) || !out.C.PageInfo.HasNextPage || !out.C.PageInfo.HasPreviousPage {
			t.Errorf("page 2 = %v, info %+v", got, out.C.PageInfo)
		}
		if n := out.C.Edges[0].Node; n.Organizer != "Pemerintah Kabupaten Kemuning" || n.Location != "Daring" || n.CourseType != "Seminar" {
			t.Errorf("E2@S3 = %+v", n)
		}
		a.ok(q, map[string]any{"a": agencyA, "first": 4, "after": out.C.PageInfo.EndCursor}, &out)
		want = []string{"CLAIM Budi Santoso", "CLAIM Citra Ayu", "CLAIM Hadi Wijaya"}
		if got := labels(); !slices.Equal(got, want) || out.C.PageInfo.HasNextPage {
			t.Errorf("page 3 = %v, info %+v", got, out.C.PageInfo)
		}
		before := out.C.PageInfo.StartCursor
		a.ok(q, map[string]any{"a": agencyA, "last": 2, "before": before}, &out)
		want = []string{"CLAIM Ahmad Fauzi", "CLAIM Hadi Wijaya"}
		if got := labels(); !slices.Equal(got, want) || !out.C.PageInfo.HasPreviousPage || !out.C.PageInfo.HasNextPage {
			t.Errorf("last 2 before page 3 = %v, info %+v", got, out.C.PageInfo)
		}

		// Without first or last, the Paging default applies (20).
		a.ok(`query($a: ID!) { siasnCourseHistory(agencyId: $a, year: 2025) { edges { cursor } } }`, map[string]any{"a": agencyA}, &out)
		if len(out.C.Edges) != 11 {
			t.Errorf("default page has %d edges, want 11", len(out.C.Edges))
		}
		res := a.do(`query($a: ID!) { siasnCourseHistory(agencyId: $a, year: 2025, first: 500) { totalCount } }`, map[string]any{"a": agencyA})
		if res.code() != "BAD_USER_INPUT" {
			t.Errorf("first: 500: %+v", res.Errors)
		}
		var foreign strings.Builder // a cursor without the SIASN key
		ent.Cursor{ID: fx.E1.ID}.MarshalGQL(&foreign)
		res = a.do(`query($a: ID!, $c: Cursor) { siasnCourseHistory(agencyId: $a, year: 2025, first: 2, after: $c) { totalCount } }`,
			map[string]any{"a": agencyA, "c": strings.Trim(foreign.String(), `"`)})
		if res.code() != "BAD_USER_INPUT" || res.field() != "after" {
			t.Errorf("foreign cursor: %+v", res.Errors)
		}
	})
}
