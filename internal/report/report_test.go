package report_test

import (
	"context"
	"fmt"
	"kembang/internal/access"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"entgo.io/contrib/entgql"

	"kembang/ent"
	"kembang/ent/competency"
	"kembang/ent/employee"
	"kembang/internal/domain/jp"
	"kembang/internal/fault"
	"kembang/internal/report"
	"kembang/internal/report/reporttest"
	"kembang/internal/store"
	"kembang/internal/store/storetest"
)

// The expected figures below are computed by hand from the data listed in
// the package documentation of kembang/internal/report/reporttest. Year 2025 is
// the ledger year in WIB: [2024-12-31 17:00 UTC, 2025-12-31 17:00 UTC).

// setup opens a store of each dialect with the fixture and runs f.
func setup(t *testing.T, f func(t *testing.T, client *ent.Client, fx *reporttest.Fixture)) {
	t.Helper()
	for _, d := range storetest.Dialects(t) {
		t.Run(d, func(t *testing.T) {
			t.Parallel()
			db := storetest.Open(t, d)
			f(t, db.Client, reporttest.Build(t, db.Client))
		})
	}
}

// near reports whether a and b are equal up to float noise.
func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

// ptr returns a pointer to v.
func ptr[T any](v T) *T { return &v }

// wantCode checks that err is a fault of the given code.
func wantCode(t *testing.T, err error, code fault.Code) {
	t.Helper()
	f, ok := fault.As(err)
	if !ok || f.Code != code {
		t.Fatalf("error = %v, want a %s fault", err, code)
	}
}

func TestHours(t *testing.T) {
	setup(t, func(t *testing.T, client *ent.Client, fx *reporttest.Fixture) {
		ctx := access.System(context.Background())
		// E1: S1 40 + claim 4 (S5 completes in 2026). E4: its approved
		// claim ends 2025-12-31 18:00 UTC, 01:00 WIB on 1 January 2026.
		// E5: claim 6 (the other one ends in 2024). E8: 6.6 + 6.7 + 6.7.
		want := map[*ent.Employee]float64{fx.E1: 44, fx.E2: 14, fx.E3: 22, fx.E4: 0, fx.E5: 6, fx.E8: 20, fx.E7: 40}
		var ids []int
		for e, h := range want {
			got, err := report.Hours(ctx, client, e.ID, reporttest.Year)
			if err != nil {
				t.Fatal(err)
			}
			if !near(got, h) && math.Abs(got-h) > 1e-6 {
				t.Errorf("Hours(%s) = %v, want %v", e.FullName, got, h)
			}
			ids = append(ids, e.ID)
		}
		all, err := report.HoursOf(ctx, client, ids, reporttest.Year)
		if err != nil {
			t.Fatal(err)
		}
		for e, h := range want {
			if math.Abs(all[e.ID]-h) > 1e-6 {
				t.Errorf("HoursOf[%s] = %v, want %v", e.FullName, all[e.ID], h)
			}
		}
		// 2026: E1 completed S5 on 2 January 2026 (12 JP); E4's claim (3).
		for e, h := range map[*ent.Employee]float64{fx.E1: 12, fx.E4: 3, fx.E2: 0} {
			if got, err := report.Hours(ctx, client, e.ID, 2026); err != nil || got != h {
				t.Errorf("Hours(%s, 2026) = %v, %v; want %v", e.FullName, got, err, h)
			}
		}
		// 2024: E5 completed S4 (40) and has a claim ending 31 December.
		if got, err := report.Hours(ctx, client, fx.E5.ID, 2024); err != nil || got != 46 {
			t.Errorf("Hours(E5, 2024) = %v, %v; want 46", got, err)
		}
		_, err = report.Hours(ctx, client, fx.E1.ID, 1200)
		wantCode(t, err, fault.BadInput)
	})
}

func TestCompliance(t *testing.T) {
	setup(t, func(t *testing.T, client *ent.Client, fx *reporttest.Fixture) {
		ctx := access.System(context.Background())
		targets := jp.DefaultTargets() // PNS 20, PPPK 24

		// Agency A: the active employees E1, E2, E3, E4, E5, E8 (E6 left
		// the service, E7 is of agency B) with 44, 14, 22, 0, 6 and 20 JP.
		// Below target: E2 (14 < 20), E3 (PPPK, 22 < 24), E4, E5; E8's
		// 6.6 + 6.7 + 6.7 meets 20 despite float rounding.
		c, err := report.ComplianceOf(ctx, client, fx.AgencyA.ID, nil, reporttest.Year, targets)
		if err != nil {
			t.Fatal(err)
		}
		if c.Employees != 6 || c.BelowTarget != 4 {
			t.Errorf("employees, below = %d, %d; want 6, 4", c.Employees, c.BelowTarget)
		}
		if !near(c.BelowTargetShare, 4.0/6) || math.Abs(c.AverageHours-106.0/6) > 1e-9 {
			t.Errorf("share, average = %v, %v; want %v, %v", c.BelowTargetShare, c.AverageHours, 4.0/6, 106.0/6)
		}
		// [0,0.1) E4; [0.1,10) E5; [10,20) E2; [20,40) E3, E8; [40,∞) E1.
		checkBuckets(t, c.Buckets, []int{1, 1, 1, 2, 1})

		// Unit DINKES with the nested PUSKESMAS: E1, E3 (DINKES) and E2
		// (PUSKESMAS); E6 is inactive. Below: E2, E3.
		c, err = report.ComplianceOf(ctx, client, fx.AgencyA.ID, &fx.Dinkes.ID, reporttest.Year, targets)
		if err != nil {
			t.Fatal(err)
		}
		if c.Employees != 3 || c.BelowTarget != 2 || !near(c.AverageHours, 80.0/3) {
			t.Errorf("DINKES: employees, below, average = %d, %d, %v; want 3, 2, %v", c.Employees, c.BelowTarget, c.AverageHours, 80.0/3)
		}
		checkBuckets(t, c.Buckets, []int{0, 0, 1, 1, 1})

		// Custom targets: PNS 10, PPPK none. Below: E4 (0) and E5 (6).
		c, err = report.ComplianceOf(ctx, client, fx.AgencyA.ID, nil, reporttest.Year, jp.Targets{PNS: 10})
		if err != nil {
			t.Fatal(err)
		}
		if c.BelowTarget != 2 {
			t.Errorf("below with PNS 10, PPPK 0 = %d, want 2", c.BelowTarget)
		}

		// Agency B: E7 with 40 JP.
		c, err = report.ComplianceOf(ctx, client, fx.AgencyB.ID, nil, reporttest.Year, targets)
		if err != nil {
			t.Fatal(err)
		}
		if c.Employees != 1 || c.BelowTarget != 0 || c.AverageHours != 40 || c.BelowTargetShare != 0 {
			t.Errorf("agency B: %+v", c)
		}

		// A year without data: everyone at 0, all below.
		c, err = report.ComplianceOf(ctx, client, fx.AgencyA.ID, nil, 2030, targets)
		if err != nil {
			t.Fatal(err)
		}
		if c.Employees != 6 || c.BelowTarget != 6 || c.AverageHours != 0 {
			t.Errorf("2030: %+v", c)
		}
		checkBuckets(t, c.Buckets, []int{6, 0, 0, 0, 0})

		_, err = report.ComplianceOf(ctx, client, fx.AgencyB.ID, &fx.Dinkes.ID, reporttest.Year, targets)
		wantCode(t, err, fault.BadInput)
		_, err = report.ComplianceOf(ctx, client, fx.AgencyA.ID, nil, 0, targets)
		wantCode(t, err, fault.BadInput)
		_, err = report.ComplianceOf(ctx, client, fx.AgencyA.ID+1000, nil, reporttest.Year, targets)
		wantCode(t, err, fault.NotFound)
	})
}

// checkBuckets compares the employees of each bucket and the bounds.
func checkBuckets(t *testing.T, got []report.Bucket, want []int) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d buckets, want %d", len(got), len(want))
	}
	bounds := []float64{0, 0.1, 10, 20, 40}
	for i, b := range got {
		if b.Employees != want[i] || b.From != bounds[i] || (b.To == nil) != (i == len(got)-1) ||
			(b.To != nil && *b.To != bounds[i+1]) {
			t.Errorf("bucket %d = {%v, %v, %d}, want from %v with %d employees", i, b.From, b.To, b.Employees, bounds[i], want[i])
		}
	}
}

func TestBelowTargetQuery(t *testing.T) {
	setup(t, func(t *testing.T, client *ent.Client, fx *reporttest.Fixture) {
		ctx := access.System(context.Background())
		q := func() *ent.EmployeeQuery {
			return report.BelowTargetQuery(client, fx.AgencyA.ID, nil, reporttest.Year, jp.DefaultTargets())
		}
		byName := ent.WithEmployeeOrder([]*ent.EmployeeOrder{{Field: ent.EmployeeOrderFieldFullName, Direction: entgql.OrderDirectionAsc}})
		page, err := q().Paginate(ctx, nil, ptr(2), nil, nil, byName)
		if err != nil {
			t.Fatal(err)
		}
		if got := names(page); !slices.Equal(got, []string{"Budi Santoso", "Citra Ayu"}) || page.TotalCount != 4 || !page.PageInfo.HasNextPage {
			t.Errorf("page 1 = %v (total %d, next %v)", got, page.TotalCount, page.PageInfo.HasNextPage)
		}
		page, err = q().Paginate(ctx, page.PageInfo.EndCursor, ptr(2), nil, nil, byName)
		if err != nil {
			t.Fatal(err)
		}
		if got := names(page); !slices.Equal(got, []string{"Dewi Lestari", "Eko Prasetyo"}) || page.PageInfo.HasNextPage {
			t.Errorf("page 2 = %v (next %v)", got, page.PageInfo.HasNextPage)
		}
		// PUSKESMAS alone: E2.
		got, err := report.BelowTargetQuery(client, fx.AgencyA.ID, &fx.Puskesmas.ID, reporttest.Year, jp.DefaultTargets()).
			Order(ent.Asc(employee.FieldFullName)).All(ctx)
		if err != nil || len(got) != 1 || got[0].ID != fx.E2.ID {
			t.Errorf("PUSKESMAS below target = %v, %v; want Budi Santoso", got, err)
		}
	})
}

// names returns the full names of a page.
func names(c *ent.EmployeeConnection) []string {
	var out []string
	for _, e := range c.Edges {
		out = append(out, e.Node.FullName)
	}
	return out
}

func TestProgramReport(t *testing.T) {
	setup(t, func(t *testing.T, client *ent.Client, fx *reporttest.Fixture) {
		ctx := access.System(context.Background())
		// PR1 in 2025: S1 and S2 (S4 started in 2024). Enrollments: S1 E1,
		// E6, E7 COMPLETED, E4 WITHDRAWN; S2 E4, E8 FAILED, E3 WAITLISTED.
		r, err := report.ProgramReport(ctx, client, fx.PR1.ID, reporttest.Year)
		if err != nil {
			t.Fatal(err)
		}
		if r.Sessions != 2 || r.Enrollments != 7 || r.Completed != 3 || r.Failed != 2 || r.Withdrawn != 1 {
			t.Errorf("counts = %d sessions, %d/%d/%d/%d", r.Sessions, r.Enrollments, r.Completed, r.Failed, r.Withdrawn)
		}
		// 3 / (3 + 2); reaction (80 + 60 + 55) / 3; learning gains 20, 5
		// and 12; behaviour: 2 of 3 signed off. E5@S4's reaction (95) is
		// of 2024.
		checkFloat(t, "completionRate", r.CompletionRate, ptr(0.6))
		checkFloat(t, "averageReaction", r.AverageReaction, ptr(65.0))
		checkFloat(t, "averageLearningGain", r.AverageLearningGain, ptr(37.0/3))
		checkFloat(t, "behaviorSignedOffShare", r.BehaviorSignedOffShare, ptr(2.0/3))
		if len(r.Results) != 2 {
			t.Fatalf("results = %+v", r.Results)
		}
		if x := r.Results[0]; x.SessionID != fx.S1.ID || x.Indicator != "Indeks Kepuasan Masyarakat" || x.Baseline != 76.5 || x.Result != 81 || x.Delta != 4.5 {
			t.Errorf("results[0] = %+v", x)
		}
		if x := r.Results[1]; x.SessionID != fx.S2.ID || x.Delta != -2 {
			t.Errorf("results[1] = %+v", x)
		}
		// 65 < 70: flagged; 12.3 >= 10: not a reason.
		if !r.NeedsRevision || !slices.Equal(r.RevisionReasons, []string{"average reaction score 65.0 is below 70"}) {
			t.Errorf("needsRevision = %v, reasons %q", r.NeedsRevision, r.RevisionReasons)
		}

		// PR2 in 2025: S3 with E2, E3 COMPLETED and E5 WITHDRAWN; no
		// evaluations, so no averages and no flag.
		r, err = report.ProgramReport(ctx, client, fx.PR2.ID, reporttest.Year)
		if err != nil {
			t.Fatal(err)
		}
		if r.Sessions != 1 || r.Enrollments != 3 || r.Completed != 2 || r.Failed != 0 || r.Withdrawn != 1 {
			t.Errorf("PR2 counts = %+v", r)
		}
		checkFloat(t, "PR2 completionRate", r.CompletionRate, ptr(1.0))
		checkFloat(t, "PR2 averageReaction", r.AverageReaction, nil)
		checkFloat(t, "PR2 averageLearningGain", r.AverageLearningGain, nil)
		checkFloat(t, "PR2 behaviorSignedOffShare", r.BehaviorSignedOffShare, nil)
		if r.NeedsRevision || len(r.RevisionReasons) != 0 || len(r.Results) != 0 {
			t.Errorf("PR2 flags = %v %q %v", r.NeedsRevision, r.RevisionReasons, r.Results)
		}

		// PR1 in 2024: S4 with E5 COMPLETED, E1 FAILED; reaction 95.
		r, err = report.ProgramReport(ctx, client, fx.PR1.ID, 2024)
		if err != nil {
			t.Fatal(err)
		}
		if r.Sessions != 1 || r.Enrollments != 2 || r.NeedsRevision {
			t.Errorf("PR1 2024 = %+v", r)
		}
		checkFloat(t, "PR1 2024 averageReaction", r.AverageReaction, ptr(95.0))

		_, err = report.ProgramReport(ctx, client, fx.PR1.ID+1000, reporttest.Year)
		wantCode(t, err, fault.NotFound)
		_, err = report.ProgramReport(ctx, client, fx.PR1.ID, 100000)
		wantCode(t, err, fault.BadInput)
	})
}

func TestPartnerReport(t *testing.T) {
	setup(t, func(t *testing.T, client *ent.Client, fx *reporttest.Fixture) {
		ctx := access.System(context.Background())
		// P2 in 2025: S5 only (S4 started in 2024; S6 starts at 01:00 WIB
		// on 1 January 2026). S5: E1 COMPLETED, reaction 90, learning
		// 70 → 75.
		r, err := report.PartnerReport(ctx, client, fx.P2.ID, reporttest.Year)
		if err != nil {
			t.Fatal(err)
		}
		if r.Sessions != 1 || r.Enrollments != 1 || r.Completed != 1 || r.Failed != 0 || r.Withdrawn != 0 {
			t.Errorf("counts = %+v", r)
		}
		checkFloat(t, "completionRate", r.CompletionRate, ptr(1.0))
		checkFloat(t, "averageReaction", r.AverageReaction, ptr(90.0))
		checkFloat(t, "averageLearningGain", r.AverageLearningGain, ptr(5.0))
		checkFloat(t, "behaviorSignedOffShare", r.BehaviorSignedOffShare, nil)
		if !r.NeedsRevision || !slices.Equal(r.RevisionReasons, []string{"average learning gain 5.0 is below 10"}) {
			t.Errorf("needsRevision = %v, reasons %q", r.NeedsRevision, r.RevisionReasons)
		}
		// P1 in 2025 delivered S1 and S2: the figures of PR1.
		r, err = report.PartnerReport(ctx, client, fx.P1.ID, reporttest.Year)
		if err != nil {
			t.Fatal(err)
		}
		if r.Sessions != 2 || r.Enrollments != 7 || len(r.Results) != 2 || !r.NeedsRevision {
			t.Errorf("P1 = %+v", r)
		}
		// P2 in 2026: S6 with E2 REGISTERED; nothing finished.
		r, err = report.PartnerReport(ctx, client, fx.P2.ID, 2026)
		if err != nil {
			t.Fatal(err)
		}
		if r.Sessions != 1 || r.Enrollments != 1 || r.CompletionRate != nil {
			t.Errorf("P2 2026 = %+v", r)
		}
	})
}

// TestTrainingStatements holds the program and partner reports to two
// statements each, whatever they find (issue 17, docs/performance.md,
// change 36): the figures, with the program's or partner's existence,
// and the RESULTS evaluations with the indicators the program names.
func TestTrainingStatements(t *testing.T) {
	setup(t, func(t *testing.T, client *ent.Client, fx *reporttest.Fixture) {
		for _, c := range []struct {
			name string
			run  func(ctx context.Context) error
			want int64
		}{
			{"program with results", func(ctx context.Context) error {
				_, err := report.ProgramReport(ctx, client, fx.PR1.ID, reporttest.Year)
				return err
			}, 2},
			{"program without evaluations", func(ctx context.Context) error {
				_, err := report.ProgramReport(ctx, client, fx.PR2.ID, reporttest.Year)
				return err
			}, 2},
			{"partner", func(ctx context.Context) error {
				_, err := report.PartnerReport(ctx, client, fx.P1.ID, reporttest.Year)
				return err
			}, 2},
			{"unknown program", func(ctx context.Context) error {
				_, err := report.ProgramReport(ctx, client, fx.PR1.ID+1000, reporttest.Year)
				if f, ok := fault.As(err); ok && f.Code == fault.NotFound {
					return nil
				}
				return fmt.Errorf("error = %v, want NOT_FOUND", err)
			}, 1},
		} {
			ctx, n := store.WithCounter(access.System(context.Background()))
			if err := c.run(ctx); err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			if n.Count() != c.want {
				t.Errorf("%s: %d statements, want %d", c.name, n.Count(), c.want)
			}
		}
	})
}

// checkFloat compares optional floats.
func checkFloat(t *testing.T, name string, got, want *float64) {
	t.Helper()
	switch {
	case got == nil && want == nil:
	case got == nil || want == nil:
		t.Errorf("%s = %v, want %v", name, fmtPtr(got), fmtPtr(want))
	case !near(*got, *want):
		t.Errorf("%s = %v, want %v", name, *got, *want)
	}
}

// fmtPtr formats an optional float.
func fmtPtr(v *float64) string {
	if v == nil {
		return "null"
	}
	return fmt.Sprint(*v)
}

// countKey formats a group of EnrollmentCounts.
func countKey(fx *reporttest.Fixture, c report.Count) string {
	var parts []string
	if c.AgencyID != nil {
		parts = append(parts, map[int]string{fx.AgencyA.ID: "A", fx.AgencyB.ID: "B"}[*c.AgencyID])
	}
	if c.Status != nil {
		parts = append(parts, c.Status.String())
	}
	if c.Year != nil {
		parts = append(parts, fmt.Sprint(*c.Year))
	}
	if c.Form != nil {
		parts = append(parts, c.Form.String())
	}
	return strings.Join(parts, " ")
}

func TestEnrollmentCounts(t *testing.T) {
	setup(t, func(t *testing.T, client *ent.Client, fx *reporttest.Fixture) {
		ctx := access.System(context.Background())
		check := func(name string, groupBy []report.Grouping, agency, year *int, want map[string]int) {
			t.Helper()
			got, err := report.EnrollmentCounts(ctx, client, groupBy, agency, year)
			if err != nil {
				t.Fatal(err)
			}
			m := map[string]int{}
			for _, c := range got {
				m[countKey(fx, c)] = c.Count
			}
			if fmt.Sprint(m) != fmt.Sprint(want) {
				t.Errorf("%s = %v, want %v", name, m, want)
			}
		}
		// All 14 enrollments by agency and status (fixture table).
		check("agency × status", []report.Grouping{report.ByAgency, report.ByStatus}, nil, nil, map[string]int{
			"A COMPLETED": 6, "A FAILED": 3, "A REGISTERED": 1, "A WAITLISTED": 1, "A WITHDRAWN": 2,
			"B COMPLETED": 1,
		})
		// Agency A by year of the session start (WIB) and program form: S4
		// is 2024; S6 starts 2025-12-31 18:00 UTC, in 2026 in WIB.
		check("year × form", []report.Grouping{report.ByYear, report.ByForm}, &fx.AgencyA.ID, nil, map[string]int{
			"2024 LEADERSHIP_TRAINING": 2, "2025 LEADERSHIP_TRAINING": 6, "2025 SEMINAR": 3,
			"2025 COURSE": 1, "2026 COURSE": 1,
		})
		// Agency A, sessions of 2025, by status.
		check("status, A, 2025", []report.Grouping{report.ByStatus, report.ByStatus}, &fx.AgencyA.ID, ptr(2025), map[string]int{
			"COMPLETED": 5, "FAILED": 2, "WAITLISTED": 1, "WITHDRAWN": 2,
		})
		check("no grouping", nil, nil, nil, map[string]int{"": 14})
		check("year, 2026", []report.Grouping{report.ByYear}, nil, ptr(2026), map[string]int{"2026": 1})

		got, err := report.EnrollmentCounts(ctx, client, []report.Grouping{report.ByAgency, report.ByStatus}, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		if c := got[0]; *c.AgencyID != fx.AgencyA.ID || c.Year != nil || c.Form != nil {
			t.Errorf("first group = %+v, want agency A first and no year or form", c)
		}
		_, err = report.EnrollmentCounts(ctx, client, []report.Grouping{"CITY"}, nil, nil)
		wantCode(t, err, fault.BadInput)
	})
}

func TestJPByCompetencyType(t *testing.T) {
	setup(t, func(t *testing.T, client *ent.Client, fx *reporttest.Fixture) {
		ctx := access.System(context.Background())
		// Completed in 2025: E1, E6, E7 in S1 (PR1, 40 JP each: MANAGERIAL
		// once despite two managerial targets, and TECHNICAL); E2, E3 in S3
		// (PR2, 8 JP each: SOCIOCULTURAL). E5@S4 (2024) and E1@S5 (2026,
		// PR3 targets nothing anyway) do not count.
		check := func(agency *int, want []report.TypeJP) {
			t.Helper()
			got, err := report.JPByCompetencyType(ctx, client, reporttest.Year, agency)
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("agency %v: got %v, want %v", agency, got, want)
			}
		}
		m, s, tt := competency.TypeMANAGERIAL, competency.TypeSOCIOCULTURAL, competency.TypeTECHNICAL
		check(nil, []report.TypeJP{{m, 120, 3}, {s, 16, 2}, {tt, 120, 3}})
		check(&fx.AgencyA.ID, []report.TypeJP{{m, 80, 2}, {s, 16, 2}, {tt, 80, 2}})
		check(&fx.AgencyB.ID, []report.TypeJP{{m, 40, 1}, {s, 0, 0}, {tt, 40, 1}})
	})
}

// siasnOrder is the expected order of agency A's 2025 SIASN records, as
// "source employee" labels: by end date, then CLAIM before ENROLLMENT,
// then ID. E5's claim ends at the instant S1 ends.
var siasnOrder = []string{
	"CLAIM E5",      // 2025-03-07 09:00
	"ENROLLMENT E1", // S1, 2025-03-07 09:00
	"ENROLLMENT E6", // S1
	"CLAIM E8",      // 2025-04-10
	"ENROLLMENT E2", // S3, 2025-05-20 09:00
	"ENROLLMENT E3", // S3
	"CLAIM E1",      // 2025-06-10
	"CLAIM E8",      // 2025-07-01
	"CLAIM E2",      // 2025-08-15
	"CLAIM E3",      // 2025-10-01
	"CLAIM E8",      // 2025-11-20
}

// labels returns the "source employee" labels of courses.
func labels(fx *reporttest.Fixture, cs []report.Course) []string {
	who := map[int]string{fx.E1.ID: "E1", fx.E2.ID: "E2", fx.E3.ID: "E3", fx.E4.ID: "E4", fx.E5.ID: "E5", fx.E6.ID: "E6", fx.E7.ID: "E7", fx.E8.ID: "E8"}
	var out []string
	for _, c := range cs {
		out = append(out, c.Source+" "+who[c.EmployeeID])
	}
	return out
}

func TestSIASNCourses(t *testing.T) {
	setup(t, func(t *testing.T, client *ent.Client, fx *reporttest.Fixture) {
		ctx := access.System(context.Background())
		a, y := fx.AgencyA.ID, reporttest.Year
		page := func(p report.Page) *report.Courses {
			t.Helper()
			c, err := report.SIASNCourses(ctx, client, a, y, p)
			if err != nil {
				t.Fatal(err)
			}
			return c
		}
		// Everything: E7 is of agency B; E4's claims are pending, rejected
		// or of 2026; E5's other claim and E5@S4 are of 2024; E1@S5 of 2026.
		all := page(report.Page{})
		if got := labels(fx, all.Courses); !slices.Equal(got, siasnOrder) {
			t.Fatalf("all = %v\nwant %v", got, siasnOrder)
		}
		if n, err := report.SIASNCount(ctx, client, a, y); err != nil || n != 11 {
			t.Errorf("count = %d, %v; want 11", n, err)
		}

		// The fields of three records.
		e1 := all.Courses[1]
		want := report.Course{
			ID: fx.Enrollments["E1@S1"].ID, Source: "ENROLLMENT", EmployeeID: fx.E1.ID, NIP: "198501152010011001",
			CourseName: "Pelatihan Kepemimpinan Pengawas", Organizer: "Universitas Kemuning Raya",
			CourseType: "Pelatihan Kepemimpinan", Hours: 40, Location: "Kemuning", CertificateNumber: "KMB/E1@S1",
			Year: 2025, Start: time.Date(2025, 3, 3, 1, 0, 0, 0, time.UTC), End: time.Date(2025, 3, 7, 9, 0, 0, 0, time.UTC),
		}
		checkCourse(t, e1, want)
		// S3 has no partner (organiser: the employee's agency) and PR2 is
		// delivered online.
		want = report.Course{
			ID: fx.Enrollments["E2@S3"].ID, Source: "ENROLLMENT", EmployeeID: fx.E2.ID, NIP: "198703222012031002",
			CourseName: "Seminar Pelayanan Publik", Organizer: "Pemerintah Kabupaten Kemuning",
			CourseType: "Seminar", Hours: 8, Location: "Daring", CertificateNumber: "KMB/E2@S3",
			Year: 2025, Start: time.Date(2025, 5, 20, 1, 0, 0, 0, time.UTC), End: time.Date(2025, 5, 20, 9, 0, 0, 0, time.UTC),
		}
		checkCourse(t, all.Courses[4], want)
		want = report.Course{
			ID: fx.Claims["E8:6.6"].ID, Source: "CLAIM", EmployeeID: fx.E8.ID, NIP: "198402282009011008",
			CourseName: "Klaim E8 6.6", Organizer: "Penyelenggara Luar", CourseType: "Lokakarya", Hours: 6.6,
			Location: "Jakarta", CertificateNumber: "EXT/E8/6.6", Year: 2025,
			Start: time.Date(2025, 4, 9, 0, 0, 0, 0, time.UTC), End: time.Date(2025, 4, 10, 0, 0, 0, 0, time.UTC),
		}
		checkCourse(t, all.Courses[3], want)

		// Forward in pages of 4.
		p1 := page(report.Page{First: ptr(4)})
		checkPage(t, fx, "p1", p1, siasnOrder[:4], true, false)
		c := p1.Courses[3].Cursor()
		p2 := page(report.Page{First: ptr(4), After: &c})
		checkPage(t, fx, "p2", p2, siasnOrder[4:8], true, true)
		c = p2.Courses[3].Cursor()
		p3 := page(report.Page{First: ptr(4), After: &c})
		checkPage(t, fx, "p3", p3, siasnOrder[8:], false, true)
		// After the claim that ties with S1's end: the two S1 records.
		c = p1.Courses[0].Cursor()
		checkPage(t, fx, "after tie", page(report.Page{First: ptr(2), After: &c}), siasnOrder[1:3], true, true)
		// Backward.
		checkPage(t, fx, "last 3", page(report.Page{Last: ptr(3)}), siasnOrder[8:], false, true)
		c = p2.Courses[0].Cursor()
		checkPage(t, fx, "before p2", page(report.Page{Last: ptr(2), Before: &c}), siasnOrder[2:4], true, true)
		c = p1.Courses[1].Cursor()
		checkPage(t, fx, "before 2nd", page(report.Page{Last: ptr(5), Before: &c}), siasnOrder[:1], true, false)
		// Between two cursors.
		from, to := p1.Courses[0].Cursor(), p2.Courses[0].Cursor()
		checkPage(t, fx, "between", page(report.Page{After: &from, Before: &to}), siasnOrder[1:4], true, true)

		// Agency B: E7@S1 only.
		b, err := report.SIASNCourses(ctx, client, fx.AgencyB.ID, y, report.Page{})
		if err != nil || len(b.Courses) != 1 || b.Courses[0].EmployeeID != fx.E7.ID {
			t.Errorf("agency B = %+v, %v", b, err)
		}

		bad := ent.Cursor{ID: 1, Value: []any{"x"}}
		_, err = report.SIASNCourses(ctx, client, a, y, report.Page{After: &bad})
		wantCode(t, err, fault.BadInput)
		_, err = report.SIASNCourses(ctx, client, a, y, report.Page{First: ptr(1), Last: ptr(1)})
		wantCode(t, err, fault.BadInput)
	})
}

// checkCourse compares a record with the expected one.
func checkCourse(t *testing.T, got, want report.Course) {
	t.Helper()
	if !got.Start.Equal(want.Start) || !got.End.Equal(want.End) {
		t.Errorf("dates = %v – %v, want %v – %v", got.Start, got.End, want.Start, want.End)
	}
	got.Start, got.End, want.Start, want.End = time.Time{}, time.Time{}, time.Time{}, time.Time{}
	if got != want {
		t.Errorf("course = %+v\nwant     %+v", got, want)
	}
}

// checkPage compares a page's records and flags.
func checkPage(t *testing.T, fx *reporttest.Fixture, name string, p *report.Courses, want []string, next, prev bool) {
	t.Helper()
	if got := labels(fx, p.Courses); !slices.Equal(got, want) || p.HasNextPage != next || p.HasPreviousPage != prev {
		t.Errorf("%s = %v (next %v, previous %v), want %v (next %v, previous %v)", name, got, p.HasNextPage, p.HasPreviousPage, want, next, prev)
	}
}
