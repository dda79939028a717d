package graph_test

import (
	"fmt"
	"testing"
	"time"

	"kembang/internal/calendar"
	"kembang/internal/domain/jp"
	"kembang/internal/store"
)

// Learning claim mutations.
const (
	claimQ   = `mutation($in: CreateLearningClaimInput!) { createLearningClaim(input: $in) { id status reviewedAt } }`
	approveQ = `mutation($id: ID!) { approveLearningClaim(id: $id) { id status reviewedAt reviewNote } }`
	rejectQ  = `mutation($id: ID!, $why: String!) { rejectLearningClaim(id: $id, reason: $why) { id status reviewedAt reviewNote } }`
	hoursQ   = `query($id: ID!, $y: Int!) { node(id: $id) { ... on Employee { developmentHours(year: $y) meetsAnnualTarget(year: $y) } } }`
)

// claim is a learning claim as the claim mutations return it.
type claim struct {
	ID         string  `json:"id"`
	Status     string  `json:"status"`
	ReviewedAt *string `json:"reviewedAt"`
	ReviewNote string  `json:"reviewNote"`
}

// claim files a learning claim of jpHours JP over [start, end] and
// returns its ID.
func (b *bench) claim(employee string, jpHours float64, start, end time.Time) string {
	b.t.Helper()
	return b.a.id(claimQ, map[string]any{"in": claimInput(employee, jpHours, start, end)})
}

// claimInput is the input of a learning claim.
func claimInput(employee string, jpHours float64, start, end time.Time) map[string]any {
	return map[string]any{
		"employeeID": employee, "title": fmt.Sprintf("Kursus %v JP", jpHours), "organizer": "Universitas Terbuka",
		"form": "COURSE", "startsOn": calendar.Format(start), "endsOn": calendar.Format(end), "jp": jpHours,
	}
}

// review runs approveLearningClaim or rejectLearningClaim.
func (b *bench) review(query, id string) claim {
	b.t.Helper()
	var out map[string]claim
	b.a.ok(query, map[string]any{"id": id, "why": "Sertifikat tidak terbaca"}, &out)
	for _, c := range out {
		return c
	}
	return claim{}
}

// hours returns developmentHours and meetsAnnualTarget of an employee.
func (b *bench) hours(employee string, year int) (float64, bool) {
	b.t.Helper()
	var out struct {
		Node struct {
			DevelopmentHours  float64
			MeetsAnnualTarget bool
		}
	}
	b.a.ok(hoursQ, map[string]any{"id": employee, "y": year}, &out)
	return out.Node.DevelopmentHours, out.Node.MeetsAnnualTarget
}

func TestLedger(t *testing.T) {
	forEachStore(t, func(t *testing.T, a *api) {
		b := newBench(t, a)
		year := time.Now().In(jp.WIB).Year()
		emps := b.employees(2)
		e := emps[0]
		wib := func(y int, m time.Month, d, h, min int) time.Time { return time.Date(y, m, d, h, min, 0, 0, jp.WIB) }

		// Completed this year: a 2-day national seminar (8 JP) and a 10 JP
		// course; a failed course credits nothing.
		b.complete(b.enroll(b.session(b.program("SEMINAR", 1, false), 2, 5), e).ID, true)
		b.complete(b.enroll(b.session(b.program("COURSE", 10, false), 3, 5), e).ID, true)
		b.complete(b.enroll(b.session(b.program("COURSE", 30, false), 3, 5), e).ID, false)
		// Another employee's hours do not count.
		b.complete(b.enroll(b.session(b.program("COURSE", 30, false), 3, 5), emps[1]).ID, true)
		if h, ok := b.hours(e, year); h != 18 || ok {
			t.Fatalf("after two completions: %v JP, meets %v; want 18, false", h, ok)
		}

		// Claims count once approved, in the year (WIB) in which they end.
		approved := b.claim(e, 1.5, wib(year, 3, 10, 8, 0), wib(year, 3, 12, 16, 0))
		b.review(approveQ, approved)
		boundary := b.claim(e, 0.5, wib(year-1, 12, 31, 8, 0), wib(year, 1, 1, 0, 0)) // 31 Dec 17:00 UTC
		lastYear := b.claim(e, 7, wib(year-1, 12, 30, 8, 0), wib(year-1, 12, 31, 23, 59))
		b.review(approveQ, lastYear)
		rejected := b.claim(e, 5, wib(year, 2, 1, 8, 0), wib(year, 2, 1, 16, 0))
		b.review(rejectQ, rejected)
		b.claim(e, 3, wib(year, 4, 1, 8, 0), wib(year, 4, 1, 16, 0)) // pending

		if h, ok := b.hours(e, year); h != 19.5 || ok {
			t.Errorf("19.5 JP expected, below the 20 JP target: got %v JP, meets %v", h, ok)
		}
		b.review(approveQ, boundary)
		if h, ok := b.hours(e, year); h != 20 || !ok {
			t.Errorf("20 JP expected, meeting the target: got %v JP, meets %v", h, ok)
		}
		if h, ok := b.hours(e, year-1); h != 7 || ok {
			t.Errorf("last year: %v JP, meets %v; want 7, false", h, ok)
		}
		if h, _ := b.hours(e, year+1); h != 0 {
			t.Errorf("next year: %v JP, want 0", h)
		}

		// One aggregate statement per employee and year.
		plain, with := statements(t, a, `query($id: ID!) { node(id: $id) { id } }`, e), statements(t, a,
			fmt.Sprintf(`query($id: ID!) { node(id: $id) { ... on Employee { developmentHours(year: %d) } } }`, year), e)
		if with-plain != 1 {
			t.Errorf("developmentHours ran %d statements, want 1", with-plain)
		}
		refused(t, a.do(hoursQ, map[string]any{"id": e, "y": 0}), "BAD_USER_INPUT", "year")
	})
}

// statements returns the SQL statements a query on one ID runs.
func statements(t *testing.T, a *api, query, id string) int64 {
	t.Helper()
	ctx, counter := store.WithCounter(admin())
	if r := a.doCtx(ctx, query, map[string]any{"id": id}); len(r.Errors) > 0 {
		t.Fatalf("%s: %+v", query, r.Errors)
	}
	return counter.Count()
}

func TestAnnualTargetByEmploymentType(t *testing.T) {
	forEachStore(t, func(t *testing.T, a *api) {
		b := newBench(t, a)
		year := time.Now().In(jp.WIB).Year()
		day := time.Date(year, 5, 6, 8, 0, 0, 0, jp.WIB)
		pns, pppk := b.employees(1)[0], b.employeesOf("PPPK", 1)[0]
		for _, e := range []string{pns, pppk} {
			b.review(approveQ, b.claim(e, 22, day, day))
		}
		if _, ok := b.hours(pns, year); !ok {
			t.Error("a PNS with 22 JP misses the 20 JP target")
		}
		if _, ok := b.hours(pppk, year); ok {
			t.Error("a PPPK with 22 JP meets the 24 JP target")
		}
	})
}

func TestClaimReview(t *testing.T) {
	forEachStore(t, func(t *testing.T, a *api) {
		b := newBench(t, a)
		e := b.f.employees[3]
		day := time.Date(2026, 5, 6, 8, 0, 0, 0, jp.WIB)
		pending := b.claim(e, 4, day, day.Add(8*time.Hour))
		approved := b.claim(e, 4, day, day.Add(8*time.Hour))
		got := b.review(approveQ, approved)
		if got.Status != "APPROVED" || got.ReviewedAt == nil {
			t.Fatalf("approved claim = %+v", got)
		}
		rejected := b.review(rejectQ, b.claim(e, 4, day, day))
		if rejected.Status != "REJECTED" || rejected.ReviewedAt == nil || rejected.ReviewNote != "Sertifikat tidak terbaca" {
			t.Fatalf("rejected claim = %+v", rejected)
		}

		const (
			updateQ = `mutation($id: ID!, $in: UpdateLearningClaimInput!) { updateLearningClaim(id: $id, input: $in) { id } }`
			deleteQ = `mutation($id: ID!) { deleteLearningClaim(id: $id) }`
		)
		tests := []struct {
			name, query string
			vars        map[string]any
			code, field string
			parts       []string
		}{
			{"ends before it starts", claimQ, map[string]any{"in": claimInput(e, 2, day, day.Add(-24*time.Hour))}, "BAD_USER_INPUT", "endsOn", []string{"before it starts"}},
			{"update to end before the start", updateQ, map[string]any{"id": pending, "in": map[string]any{"endsOn": calendar.Format(day.Add(-24 * time.Hour))}}, "BAD_USER_INPUT", "endsOn", nil},
			{"approve twice", approveQ, map[string]any{"id": approved}, "CONFLICT", "", []string{"already APPROVED", "only PENDING"}},
			{"reject an approved claim", rejectQ, map[string]any{"id": approved, "why": "Terlambat"}, "CONFLICT", "", []string{"already APPROVED"}},
			{"approve a rejected claim", approveQ, map[string]any{"id": rejected.ID}, "CONFLICT", "", []string{"already REJECTED"}},
			{"reject without a reason", rejectQ, map[string]any{"id": pending, "why": "  "}, "BAD_USER_INPUT", "reason", []string{"needs a reason"}},
			{"update an approved claim", updateQ, map[string]any{"id": approved, "in": map[string]any{"jp": 40}}, "CONFLICT", "", []string{"only PENDING claims can be changed"}},
			{"delete an approved claim", deleteQ, map[string]any{"id": approved}, "CONFLICT", "", []string{"only PENDING claims can be deleted"}},
			{"update a pending claim", updateQ, map[string]any{"id": pending, "in": map[string]any{"jp": 6, "title": "Kursus lanjutan"}}, "", "", nil},
			{"delete a pending claim", deleteQ, map[string]any{"id": pending}, "", "", nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				r := a.on(t).do(tt.query, tt.vars)
				if tt.code == "" {
					if len(r.Errors) > 0 {
						t.Fatalf("refused: %+v", r.Errors)
					}
					return
				}
				refused(t, r, tt.code, tt.parts...)
				if tt.field != "" && r.field() != tt.field {
					t.Errorf("field = %q, want %q", r.field(), tt.field)
				}
			})
		}
	})
}
