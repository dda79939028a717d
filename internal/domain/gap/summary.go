package gap

import (
	"cmp"
	"slices"
)

// Summary aggregates the gaps of a group of employees (a unit, an agency)
// on one competency. Only employees whose job requires the competency
// count.
type Summary struct {
	Competency  string
	Employees   int     // employees whose job requires the competency
	Below       int     // of them, those below the required level
	NotAssessed int     // of them, those never rated on it
	TotalGap    int     // sum of their gaps, in levels
	AverageGap  float64 // TotalGap / Employees: the mean gap over all who hold the requirement, 0 included
}

// add counts one employee's gap into s.
func (s *Summary) add(g Gap) {
	s.Employees++
	s.TotalGap += g.Gap
	if g.Below() {
		s.Below++
	}
	if !g.Assessed {
		s.NotAssessed++
	}
}

// merge adds the counts of t, on the same competency, into s.
func (s *Summary) merge(t Summary) {
	s.Employees += t.Employees
	s.Below += t.Below
	s.NotAssessed += t.NotAssessed
	s.TotalGap += t.TotalGap
}

// average sets AverageGap from the counts.
func (s *Summary) average() {
	s.AverageGap = 0
	if s.Employees > 0 {
		s.AverageGap = float64(s.TotalGap) / float64(s.Employees)
	}
}

// Summarize aggregates per competency the gaps of many employees, one
// slice per employee as [Gaps] returns it. AverageGap is averaged over the
// employees who hold the requirement, including those who meet it (gap
// 0); never-assessed employees count with their full required level as
// gap, and NotAssessed says how many they are. If an employee's slice
// names a competency twice, the larger gap counts, once.
//
// Summaries are sorted by most employees below standard first, then
// largest average gap, then competency.
func Summarize(employees [][]Gap) []Summary {
	byComp := make(map[string]*Summary)
	for _, gaps := range employees {
		mine := make(map[string]Gap, len(gaps))
		for _, g := range gaps {
			if cur, ok := mine[g.Competency]; !ok || g.Gap > cur.Gap || (g.Gap == cur.Gap && !g.Assessed) {
				mine[g.Competency] = g
			}
		}
		for comp, g := range mine {
			s, ok := byComp[comp]
			if !ok {
				s = &Summary{Competency: comp}
				byComp[comp] = s
			}
			s.add(g)
		}
	}
	out := make([]Summary, 0, len(byComp))
	for _, s := range byComp {
		out = append(out, *s)
	}
	Finish(out)
	return out
}

// Finish completes summaries counted elsewhere, e.g. by a database
// query, as [Summarize] returns its own: it sets each AverageGap from
// TotalGap and Employees and sorts them by most employees below standard
// first, then largest average gap, then competency.
func Finish(summaries []Summary) {
	for i := range summaries {
		summaries[i].average()
	}
	slices.SortFunc(summaries, compareSummaries)
}

// compareSummaries orders summaries by Below descending, AverageGap
// descending (compared exactly, as fractions), then Competency.
func compareSummaries(a, b Summary) int {
	if c := cmp.Compare(b.Below, a.Below); c != 0 {
		return c
	}
	// a.TotalGap/a.Employees vs b.TotalGap/b.Employees, without division;
	// an empty summary averages 0.
	ae, be := max(a.Employees, 1), max(b.Employees, 1)
	if c := cmp.Compare(b.TotalGap*ae, a.TotalGap*be); c != 0 {
		return c
	}
	return cmp.Compare(a.Competency, b.Competency)
}
