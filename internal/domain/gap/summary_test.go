package gap

import (
	"reflect"
	"testing"
)

// TestSummarize checks a fixture computed by hand. Four employees; A and
// B require M.01 at 3, C requires it at 4, D does not require it.
//
//	M.01: A current 3 (gap 0), B current 1 (gap 2), C never assessed
//	      (gap 4). Employees 3, below 2, not assessed 1, total 6,
//	      average 6/3 = 2.
//	M.02: A gap 1, B gap 1, C gap 0, D gap 1. Employees 4, below 3,
//	      total 3, average 0.75.
//	SK.01: D gap 0. Employees 1, below 0, average 0.
//	T.01: A gap 2, D gap 2. Employees 2, below 2, total 4, average 2.
//
// Order: below 3 (M.02); below 2 with average 2 (M.01, T.01, by name);
// below 0 (SK.01).
func TestSummarize(t *testing.T) {
	a := []Gap{{"M.01", 3, 3, 0, true}, {"M.02", 2, 1, 1, true}, {"T.01", 3, 1, 2, true}}
	b := []Gap{{"M.01", 3, 1, 2, true}, {"M.02", 2, 1, 1, true}}
	c := []Gap{{"M.01", 4, 0, 4, false}, {"M.02", 2, 3, 0, true}}
	d := []Gap{{"M.02", 2, 1, 1, true}, {"SK.01", 1, 2, 0, true}, {"T.01", 2, 0, 2, false}}
	want := []Summary{
		{Competency: "M.02", Employees: 4, Below: 3, NotAssessed: 0, TotalGap: 3, AverageGap: 0.75},
		{Competency: "M.01", Employees: 3, Below: 2, NotAssessed: 1, TotalGap: 6, AverageGap: 2},
		{Competency: "T.01", Employees: 2, Below: 2, NotAssessed: 1, TotalGap: 4, AverageGap: 2},
		{Competency: "SK.01", Employees: 1, Below: 0, NotAssessed: 0, TotalGap: 0, AverageGap: 0},
	}
	for _, in := range [][][]Gap{{a, b, c, d}, {d, c, b, a}, {c, a, d, b}} {
		if got := Summarize(in); !reflect.DeepEqual(got, want) {
			t.Errorf("Summarize() =\n%+v\nwant\n%+v", got, want)
		}
	}
}

func TestSummarizeEdgeCases(t *testing.T) {
	tests := []struct {
		name string
		in   [][]Gap
		want []Summary
	}{
		{"no employees", nil, []Summary{}},
		{"employees without requirements", [][]Gap{{}, nil}, []Summary{}},
		{
			"a competency twice for one employee counts once, larger gap",
			[][]Gap{{{"M.01", 3, 2, 1, true}, {"M.01", 4, 2, 2, true}}},
			[]Summary{{Competency: "M.01", Employees: 1, Below: 1, TotalGap: 2, AverageGap: 2}},
		},
		{
			// Below ties at 1; x's average 2/3 beats y's 1/2.
			"averages break ties on below",
			[][]Gap{
				{{"x", 2, 0, 2, false}, {"y", 1, 0, 1, false}},
				{{"x", 1, 1, 0, true}, {"y", 1, 1, 0, true}},
				{{"x", 1, 1, 0, true}},
			},
			[]Summary{
				{Competency: "x", Employees: 3, Below: 1, NotAssessed: 1, TotalGap: 2, AverageGap: 2.0 / 3},
				{Competency: "y", Employees: 2, Below: 1, NotAssessed: 1, TotalGap: 1, AverageGap: 0.5},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Summarize(tt.in); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Summarize() = %+v, want %+v", got, tt.want)
			}
		})
	}
}

// TestFinish checks that summaries counted elsewhere, without averages
// and in any order, come out of Finish as Summarize returns them.
func TestFinish(t *testing.T) {
	want := Summarize([][]Gap{
		{{"M.01", 3, 3, 0, true}, {"M.02", 2, 1, 1, true}, {"T.01", 3, 1, 2, true}},
		{{"M.01", 3, 1, 2, true}, {"M.02", 2, 1, 1, true}},
		{{"M.01", 4, 0, 4, false}, {"M.02", 2, 3, 0, true}},
	})
	counted := make([]Summary, len(want))
	for i, s := range want {
		s.AverageGap = 0
		counted[len(want)-1-i] = s
	}
	Finish(counted)
	if !reflect.DeepEqual(counted, want) {
		t.Errorf("Finish() =\n%+v\nwant\n%+v", counted, want)
	}
	Finish(nil) // no panic
}
