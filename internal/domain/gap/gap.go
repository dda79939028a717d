// Package gap computes competency gaps, the measured half of the needs
// analysis (analisis kebutuhan pengembangan kompetensi, PP 11/2017 art.
// 205–207): an employee's current level on each competency is compared
// with the level the job competency standard (standar kompetensi jabatan,
// PermenPANRB 38/2017, levels 1 to 5) requires.
//
// [Gaps] does it for one employee, [Summarize] aggregates employees per
// competency, and [Rank] combines the measured gaps with stakeholder
// inputs (forums, surveys, supervisors) into the ranking of training needs
// that feeds the annual development plan.
//
// The package is pure: competencies are identified by any string (a code
// or an id) and nothing here touches storage.
package gap

import (
	"cmp"
	"slices"
	"time"
)

// Rating sources, as the API's AssessmentSource values, from the most to
// the least trusted.
const (
	SourceAssessmentCenter = "ASSESSMENT_CENTER"
	SourceSupervisor       = "SUPERVISOR"
	SourceTraining         = "TRAINING"
	SourceSelf             = "SELF"
)

// trust ranks rating sources for ratings on the same date: an assessment
// centre's independent, standardised assessment first, then the
// supervisor who observes the work, then the result of a training (which
// measures learning rather than work behaviour), then self-assessment.
// Unknown sources rank below all of them.
var trust = map[string]int{
	SourceAssessmentCenter: 4,
	SourceSupervisor:       3,
	SourceTraining:         2,
	SourceSelf:             1,
}

// Trust returns the rank [Latest] gives a rating source to break ties
// between ratings on the same date: higher is more trusted, and an
// unknown source ranks 0, below all of them. Storage code that picks the
// latest rating itself (e.g. in SQL) uses it to agree with [Latest].
func Trust(source string) int { return trust[source] }

// Sources returns the known rating sources, most trusted first.
func Sources() []string {
	out := make([]string, 0, len(trust))
	for s := range trust {
		out = append(out, s)
	}
	slices.SortFunc(out, func(a, b string) int { return cmp.Compare(trust[b], trust[a]) })
	return out
}

// Requirement is the level a job requires on a competency.
type Requirement struct {
	Competency string
	Required   int
}

// Rating is an employee's level on a competency at a date, from a source
// (one of the Source constants).
type Rating struct {
	Competency string
	Level      int
	On         time.Time
	Source     string
}

// Gap is the gap of one employee on one required competency.
type Gap struct {
	Competency string
	Required   int
	Current    int  // level of the latest rating; 0 when never assessed
	Gap        int  // Required - Current, or 0 when the standard is met
	Assessed   bool // whether the employee has any rating on the competency
}

// Below reports whether the employee is below the required level.
func (g Gap) Below() bool { return g.Gap > 0 }

// Latest returns, per competency, the rating that gives the employee's
// current level. It is the rating with the latest date, where dates are
// the calendar dates of On in its own location (pass all ratings in one
// time zone). On the same date the more trusted source wins:
// ASSESSMENT_CENTER, then SUPERVISOR, then TRAINING, then SELF, then any
// other. Then the later instant wins, and between ratings that still tie
// the lower level, so that a duplicate entry never hides a gap. The
// result does not depend on the order of ratings.
func Latest(ratings []Rating) map[string]Rating {
	latest := make(map[string]Rating)
	for _, r := range ratings {
		if cur, ok := latest[r.Competency]; !ok || prefer(r, cur) {
			latest[r.Competency] = r
		}
	}
	return latest
}

// prefer reports whether rating a gives the current level rather than b.
func prefer(a, b Rating) bool {
	if c := compareDates(a.On, b.On); c != 0 {
		return c > 0
	}
	if c := cmp.Compare(trust[a.Source], trust[b.Source]); c != 0 {
		return c > 0
	}
	if c := a.On.Compare(b.On); c != 0 {
		return c > 0
	}
	return a.Level < b.Level
}

// compareDates compares the calendar dates of a and b, each in its own
// location.
func compareDates(a, b time.Time) int {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	if c := cmp.Compare(ay, by); c != 0 {
		return c
	}
	if c := cmp.Compare(am, bm); c != 0 {
		return c
	}
	return cmp.Compare(ad, bd)
}

// Gaps returns the employee's gap on each required competency, given the
// job's requirements and the employee's rating history (in any order).
// The current level is that of the [Latest] rating, or 0 when the
// employee has never been rated on the competency, in which case the gap
// is the full required level. Ratings of competencies the job does not
// require are ignored. A requirement with a level of 0 or less is no
// requirement and is skipped; a competency required twice keeps the higher
// level.
//
// Gaps are sorted by largest gap first, then by competency.
func Gaps(reqs []Requirement, ratings []Rating) []Gap {
	required := make(map[string]int)
	for _, r := range reqs {
		if r.Required > 0 && r.Required > required[r.Competency] {
			required[r.Competency] = r.Required
		}
	}
	latest := Latest(ratings)
	gaps := make([]Gap, 0, len(required))
	for comp, req := range required {
		g := Gap{Competency: comp, Required: req}
		if r, ok := latest[comp]; ok {
			g.Current, g.Assessed = r.Level, true
		}
		g.Gap = max(0, req-g.Current)
		gaps = append(gaps, g)
	}
	slices.SortFunc(gaps, func(a, b Gap) int {
		if c := cmp.Compare(b.Gap, a.Gap); c != 0 {
			return c
		}
		return cmp.Compare(a.Competency, b.Competency)
	})
	return gaps
}
