package gap

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
	"time"
)

// day returns midnight of a date in WIB.
func day(m time.Month, d int) time.Time {
	return time.Date(2026, m, d, 0, 0, 0, 0, time.FixedZone("WIB", 7*3600))
}

func TestLatest(t *testing.T) {
	wib := time.FixedZone("WIB", 7*3600)
	tests := []struct {
		name    string
		ratings []Rating
		want    Rating
	}{
		{
			"later date wins over a trusted source",
			[]Rating{
				{"M.01", 4, day(1, 10), SourceAssessmentCenter},
				{"M.01", 2, day(3, 5), SourceSelf},
			},
			Rating{"M.01", 2, day(3, 5), SourceSelf},
		},
		{
			"same date: assessment centre over supervisor",
			[]Rating{
				{"M.01", 2, day(3, 5), SourceSupervisor},
				{"M.01", 4, day(3, 5), SourceAssessmentCenter},
			},
			Rating{"M.01", 4, day(3, 5), SourceAssessmentCenter},
		},
		{
			"same date: supervisor over training over self",
			[]Rating{
				{"M.01", 5, day(3, 5), SourceSelf},
				{"M.01", 3, day(3, 5), SourceTraining},
				{"M.01", 2, day(3, 5), SourceSupervisor},
			},
			Rating{"M.01", 2, day(3, 5), SourceSupervisor},
		},
		{
			"same date: training over self",
			[]Rating{
				{"M.01", 5, day(3, 5), SourceSelf},
				{"M.01", 3, day(3, 5), SourceTraining},
			},
			Rating{"M.01", 3, day(3, 5), SourceTraining},
		},
		{
			"same date: self over an unknown source",
			[]Rating{
				{"M.01", 5, day(3, 5), "PEER"},
				{"M.01", 3, day(3, 5), SourceSelf},
			},
			Rating{"M.01", 3, day(3, 5), SourceSelf},
		},
		{
			"same date, time of day does not beat the source",
			[]Rating{
				{"M.01", 3, time.Date(2026, 3, 5, 14, 32, 0, 0, wib), SourceTraining},
				{"M.01", 4, time.Date(2026, 3, 5, 0, 0, 0, 0, wib), SourceAssessmentCenter},
			},
			Rating{"M.01", 4, time.Date(2026, 3, 5, 0, 0, 0, 0, wib), SourceAssessmentCenter},
		},
		{
			"same date and source: later instant",
			[]Rating{
				{"M.01", 3, time.Date(2026, 3, 5, 14, 0, 0, 0, wib), SourceSupervisor},
				{"M.01", 2, time.Date(2026, 3, 5, 9, 0, 0, 0, wib), SourceSupervisor},
			},
			Rating{"M.01", 3, time.Date(2026, 3, 5, 14, 0, 0, 0, wib), SourceSupervisor},
		},
		{
			"full tie: lower level",
			[]Rating{
				{"M.01", 3, day(3, 5), SourceSupervisor},
				{"M.01", 2, day(3, 5), SourceSupervisor},
				{"M.01", 4, day(3, 5), SourceSupervisor},
			},
			Rating{"M.01", 2, day(3, 5), SourceSupervisor},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, order := range permutations(tt.ratings) {
				got := Latest(order)
				if len(got) != 1 || !got["M.01"].On.Equal(tt.want.On) || got["M.01"].Level != tt.want.Level || got["M.01"].Source != tt.want.Source {
					t.Errorf("Latest(%v) = %v, want %v", order, got, tt.want)
				}
			}
		})
	}
}

// permutations returns every ordering of rs (rs is short).
func permutations(rs []Rating) [][]Rating {
	if len(rs) <= 1 {
		return [][]Rating{slices.Clone(rs)}
	}
	var out [][]Rating
	for i := range rs {
		rest := slices.Concat(rs[:i], rs[i+1:])
		for _, p := range permutations(rest) {
			out = append(out, append([]Rating{rs[i]}, p...))
		}
	}
	return out
}

func TestGaps(t *testing.T) {
	reqs := []Requirement{
		{"M.01", 3}, // Integritas
		{"M.02", 3}, // Kerja Sama
		{"M.03", 2},
		{"SK.01", 3},
		{"T.07", 4},
	}
	ratings := []Rating{
		{"M.01", 1, day(1, 10), SourceSelf},
		{"M.01", 2, day(2, 10), SourceSupervisor}, // latest: gap 1
		{"M.02", 4, day(2, 10), SourceSelf},       // above: gap 0
		{"M.03", 2, day(2, 10), SourceTraining},   // meets: gap 0
		{"SK.01", 1, day(2, 10), SourceSelf},      // gap 2
		{"X.99", 1, day(2, 10), SourceSelf},       // not required
		// T.07 never assessed: gap 4
	}
	want := []Gap{
		{"T.07", 4, 0, 4, false},
		{"SK.01", 3, 1, 2, true},
		{"M.01", 3, 2, 1, true},
		{"M.02", 3, 4, 0, true},
		{"M.03", 2, 2, 0, true},
	}
	got := Gaps(reqs, ratings)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Gaps() =\n%v\nwant\n%v", got, want)
	}
	if !got[0].Below() || got[3].Below() {
		t.Error("Below() is wrong")
	}
}

func TestGapsEdgeCases(t *testing.T) {
	tests := []struct {
		name    string
		reqs    []Requirement
		ratings []Rating
		want    []Gap
	}{
		{"nothing", nil, nil, []Gap{}},
		{"ratings without requirements", nil, []Rating{{"M.01", 1, day(1, 1), SourceSelf}}, []Gap{}},
		{
			"duplicate requirement keeps the higher level",
			[]Requirement{{"M.01", 2}, {"M.01", 4}, {"M.01", 3}},
			[]Rating{{"M.01", 3, day(1, 1), SourceSelf}},
			[]Gap{{"M.01", 4, 3, 1, true}},
		},
		{
			"zero and negative requirements are skipped",
			[]Requirement{{"M.01", 0}, {"M.02", -1}, {"M.03", 1}},
			nil,
			[]Gap{{"M.03", 1, 0, 1, false}},
		},
		{
			"equal gaps sort by competency",
			[]Requirement{{"b", 2}, {"a", 2}, {"c", 3}},
			[]Rating{{"c", 2, day(1, 1), SourceSelf}},
			[]Gap{{"a", 2, 0, 2, false}, {"b", 2, 0, 2, false}, {"c", 3, 2, 1, true}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Gaps(tt.reqs, tt.ratings); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Gaps() = %v, want %v", got, tt.want)
			}
		})
	}
}

// FuzzGaps checks properties of Gaps on arbitrary requirements and
// ratings: the fields are consistent, the order is as documented, and the
// result does not depend on the order of the input.
func FuzzGaps(f *testing.F) {
	f.Add([]byte{0, 3, 1, 2, 0, 2, 4, 5, 1})
	f.Add([]byte{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1})
	f.Add([]byte{})
	sources := []string{SourceSelf, SourceTraining, SourceSupervisor, SourceAssessmentCenter, "OTHER"}
	f.Fuzz(func(t *testing.T, data []byte) {
		next := func() int {
			if len(data) == 0 {
				return 0
			}
			b := data[0]
			data = data[1:]
			return int(b)
		}
		comp := func() string { return string(rune('a' + next()%5)) }
		var reqs []Requirement
		for range next() % 6 {
			reqs = append(reqs, Requirement{comp(), next()%7 - 1})
		}
		var ratings []Rating
		for len(data) > 0 {
			ratings = append(ratings, Rating{
				Competency: comp(),
				Level:      next()%6 + 1,
				On:         time.Date(2026, 1, 1+next()%3, next()%3, 0, 0, 0, time.UTC),
				Source:     sources[next()%len(sources)],
			})
		}
		got := Gaps(reqs, ratings)
		for i, g := range got {
			if g.Gap != max(0, g.Required-g.Current) || g.Required < 1 || (!g.Assessed && g.Current != 0) {
				t.Fatalf("inconsistent gap %+v", g)
			}
			if i > 0 && (got[i-1].Gap < g.Gap || (got[i-1].Gap == g.Gap && got[i-1].Competency >= g.Competency)) {
				t.Fatalf("gaps out of order: %v", got)
			}
		}
		r := rand.New(rand.NewPCG(uint64(len(ratings)), 7))
		shuffled := slices.Clone(ratings)
		r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		rr := slices.Clone(reqs)
		slices.Reverse(rr)
		if again := Gaps(rr, shuffled); !reflect.DeepEqual(got, again) {
			t.Fatalf("Gaps depends on input order:\n%v\n%v", got, again)
		}
	})
}

// TestTrust checks that Trust and Sources agree with the order Latest
// applies on the same date.
func TestTrust(t *testing.T) {
	sources := Sources()
	if want := []string{SourceAssessmentCenter, SourceSupervisor, SourceTraining, SourceSelf}; !slices.Equal(sources, want) {
		t.Errorf("Sources() = %v, want %v", sources, want)
	}
	for i, s := range sources {
		if Trust(s) <= 0 {
			t.Errorf("Trust(%s) = %d, want > 0", s, Trust(s))
		}
		if i > 0 && Trust(s) >= Trust(sources[i-1]) {
			t.Errorf("Sources() not most trusted first: %v", sources)
		}
		if i > 0 {
			// The more trusted source wins a same-day tie in Latest.
			hi := Rating{"M.01", 1, day(3, 5), sources[i-1]}
			lo := Rating{"M.01", 5, day(3, 5), s}
			if got := Latest([]Rating{lo, hi})["M.01"]; got.Source != hi.Source {
				t.Errorf("Latest prefers %s over %s, Trust disagrees", got.Source, hi.Source)
			}
		}
	}
	if Trust("PEER") != 0 {
		t.Errorf("Trust(PEER) = %d, want 0", Trust("PEER"))
	}
}
