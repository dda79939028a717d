// Package seed fills an empty database with deterministic, realistic demo
// data for Kembang: five regional governments with their work units,
// positions and competency standards, about a thousand civil servants with
// valid NIPs, partners, a program catalogue with two years of sessions,
// enrollments, assessments, Kirkpatrick evaluations, training needs and
// annual development plans.
//
// Everything is written through the ent client in one transaction with
// bulk inserts. The same [Options] always produce the same rows in the
// same order, so the same IDs: data never depends on the clock.
package seed

import (
	"context"
	"errors"
	"fmt"
	"kembang/internal/access"
	"kembang/internal/audit"
	"math"
	"math/rand/v2"
	"strings"
	"time"

	"kembang/ent"
	_ "kembang/ent/runtime" // hooks, defaults and validators of the schema
	"kembang/internal/rules"
)

// Defaults used for the zero fields of [Options].
const (
	DefaultEmployees        = 1200
	DefaultSeed      uint64 = 20260630
)

// DefaultNow returns the default reference date, 30 June 2026 UTC.
func DefaultNow() time.Time { return time.Date(2026, time.June, 30, 0, 0, 0, 0, time.UTC) }

// ErrNotEmpty is returned by [Run] when the database already holds agencies.
var ErrNotEmpty = errors.New("seed: database already holds data")

// Options configures [Run].
type Options struct {
	// Employees is the minimum number of employees; 0 means
	// DefaultEmployees. A few more are created when the managerial
	// positions alone need more.
	Employees int
	// Seed seeds the random generator; 0 means DefaultSeed.
	Seed uint64
	// Now is the reference date: sessions before it are completed, after
	// it open or planned. The data cover Now.Year()-1 and Now.Year().
	// The zero value means DefaultNow().
	Now time.Time
	// Progress, when set, is called before each step with the step's
	// name, its number (from 1) and the number of steps, so that a
	// command can show a newcomer that the first start is working.
	Progress func(step string, n, total int)
}

// withDefaults fills the zero fields.
func (o Options) withDefaults() Options {
	if o.Employees <= 0 {
		o.Employees = DefaultEmployees
	}
	if o.Seed == 0 {
		o.Seed = DefaultSeed
	}
	if o.Now.IsZero() {
		o.Now = DefaultNow()
	}
	o.Now = o.Now.UTC()
	return o
}

// Stats counts the rows Run created, per entity.
type Stats struct {
	Agencies             int
	Units                int
	Positions            int
	PositionCompetencies int
	Competencies         int
	CompetencyLevels     int
	Employees            int
	Partners             int
	Programs             int
	ProgramCompetencies  int
	Sessions             int
	Enrollments          int
	Evaluations          int
	Assessments          int
	TrainingNeeds        int
	DevelopmentPlans     int
	PlanItems            int
	// The policy cycle (cycle.go).
	Forums                int
	ImpactIndicators      int
	IndicatorMeasurements int
	ProgramRevisions      int
	ChangeProjects        int
	EducationRecords      int
	Certifications        int
}

// counts lists the counters with their names, in a fixed order.
func (s Stats) counts() []struct {
	name string
	n    int
} {
	return []struct {
		name string
		n    int
	}{
		{"agencies", s.Agencies}, {"units", s.Units}, {"positions", s.Positions},
		{"positionCompetencies", s.PositionCompetencies}, {"competencies", s.Competencies},
		{"competencyLevels", s.CompetencyLevels}, {"employees", s.Employees}, {"partners", s.Partners},
		{"programs", s.Programs}, {"programCompetencies", s.ProgramCompetencies}, {"sessions", s.Sessions},
		{"enrollments", s.Enrollments}, {"evaluations", s.Evaluations}, {"assessments", s.Assessments},
		{"trainingNeeds", s.TrainingNeeds}, {"developmentPlans", s.DevelopmentPlans}, {"planItems", s.PlanItems},
		{"forums", s.Forums}, {"impactIndicators", s.ImpactIndicators},
		{"indicatorMeasurements", s.IndicatorMeasurements}, {"programRevisions", s.ProgramRevisions},
		{"changeProjects", s.ChangeProjects}, {"educationRecords", s.EducationRecords}, {"certifications", s.Certifications},
	}
}

// Total returns the number of rows created.
func (s Stats) Total() int {
	n := 0
	for _, c := range s.counts() {
		n += c.n
	}
	return n
}

// String formats the counters for a log line, e.g. "agencies=5 units=47 …".
func (s Stats) String() string {
	parts := make([]string, 0, 21)
	for _, c := range s.counts() {
		parts = append(parts, fmt.Sprintf("%s=%d", c.name, c.n))
	}
	parts = append(parts, fmt.Sprintf("total=%d", s.Total()))
	return strings.Join(parts, " ")
}

// Run writes the demo data through client in one transaction and returns
// what it created. It refuses with [ErrNotEmpty] when the database
// already holds agencies; on any error nothing is written.
func Run(ctx context.Context, client *ent.Client, opts Options) (Stats, error) {
	opts = opts.withDefaults()
	// The demo data is history: enrollments, evaluations, claims and plans
	// are written with their statuses, JP, certificates and decisions as
	// they are, not through the workflow rules (rules.Import), and the
	// rules that depend on the date (attendance in started sessions,
	// assessments not dated in the future) judge the data as of Now.
	client = client.WithRules(rules.Importer(func() time.Time { return opts.Now }))
	// The server writes it for itself, and it is the record: no audit
	// trail of the load.
	ctx = audit.WithoutTrail(access.System(ctx))
	tx, err := client.Tx(ctx)
	if err != nil {
		return Stats{}, fmt.Errorf("seed: begin: %w", err)
	}
	g := newGenerator(tx, opts)
	if err := g.run(ctx); err != nil {
		if rerr := tx.Rollback(); rerr != nil {
			err = errors.Join(err, fmt.Errorf("seed: rollback: %w", rerr))
		}
		return Stats{}, err
	}
	if err := tx.Commit(); err != nil {
		return Stats{}, fmt.Errorf("seed: commit: %w", err)
	}
	return g.stats, nil
}

// generator holds the state of one run: the transaction, the random
// source and the rows created so far, by which later steps refer to
// earlier ones.
type generator struct {
	tx    *ent.Tx
	rng   *rand.Rand
	opts  Options
	now   time.Time
	start time.Time // 1 January of the first year covered
	stats Stats

	comps    map[string]int // competency ID by code
	agencies []*agencyRow
	emps     []*empRow
	nips     map[string]bool
	partners map[string]*partnerRow
	programs []*programRow
	sessions []*sessionRow
	enrolls  []*enrollRow
	certSeq  map[int]int // last certificate number per year
	err      error       // first error met while planning in memory
}

func newGenerator(tx *ent.Tx, opts Options) *generator {
	return &generator{
		tx:       tx,
		rng:      rand.New(rand.NewPCG(opts.Seed, opts.Seed^0x9e3779b97f4a7c15)),
		opts:     opts,
		now:      opts.Now,
		start:    time.Date(opts.Now.Year()-1, time.January, 1, 0, 0, 0, 0, time.UTC),
		comps:    map[string]int{},
		nips:     map[string]bool{},
		partners: map[string]*partnerRow{},
		certSeq:  map[int]int{},
	}
}

// run executes the steps in dependency order.
func (g *generator) run(ctx context.Context) error {
	exists, err := g.tx.Agency.Query().Exist(ctx)
	if err != nil {
		return fmt.Errorf("seed: checking for data: %w", err)
	}
	if exists {
		return ErrNotEmpty
	}
	steps := []struct {
		name string
		fn   func(context.Context) error
	}{
		{"competencies", g.createCompetencies},
		{"agencies", g.createAgencies},
		{"units", g.createUnits},
		{"positions", g.createPositions},
		{"employees", g.createEmployees},
		{"partners", g.createPartners},
		{"programs", g.createPrograms},
		{"sessions", g.createSessions},
		{"enrollments", g.createEnrollments},
		{"evaluations", g.createEvaluations},
		{"assessments", g.createAssessments},
		{"training needs", g.createNeeds},
		{"plans", g.createPlans},
		// After every other step, so that the random draws above, and
		// the data they make, stay as they were before the cycle's rows.
		{"forums", g.createForums},
		{"impact indicators", g.createIndicators},
		{"program revisions", g.createRevisions},
		{"change projects, education, certifications", g.createCareer},
	}
	for i, s := range steps {
		if g.opts.Progress != nil {
			g.opts.Progress(s.name, i+1, len(steps))
		}
		if err := s.fn(ctx); err != nil {
			return fmt.Errorf("seed: %s: %w", s.name, err)
		}
	}
	return nil
}

// batchSize is the number of rows per INSERT. The widest table has 17
// columns, so a batch stays far below the bound-parameter limits of
// SQLite (32766) and PostgreSQL (65535).
const batchSize = 250

// saver is a bulk create builder of ent.
type saver[E any] interface {
	Save(context.Context) ([]E, error)
}

// insert saves builders in batches and returns the created entities in
// order, with their IDs.
func insert[B any, E any, S saver[E]](ctx context.Context, builders []B, bulk func(...B) S) ([]E, error) {
	out := make([]E, 0, len(builders))
	for len(builders) > 0 {
		n := min(batchSize, len(builders))
		es, err := bulk(builders[:n]...).Save(ctx)
		if err != nil {
			return nil, err
		}
		out = append(out, es...)
		builders = builders[n:]
	}
	return out, nil
}

// stamped is a create builder with the timestamps mixin.
type stamped[B any] interface {
	SetCreatedAt(time.Time) B
	SetUpdatedAt(time.Time) B
}

// stamp sets both timestamps of a create builder, so that rows do not
// depend on the clock.
func stamp[B stamped[B]](b B, t time.Time) B { return b.SetCreatedAt(t).SetUpdatedAt(t) }

// Random helpers. All randomness goes through g.rng, in a fixed order.

// between returns a random int in [lo, hi].
func (g *generator) between(lo, hi int) int {
	if hi <= lo {
		return lo
	}
	return lo + g.rng.IntN(hi-lo+1)
}

// chance reports true with probability p.
func (g *generator) chance(p float64) bool { return g.rng.Float64() < p }

// real returns a random float in [lo, hi) rounded to one decimal.
func (g *generator) real(lo, hi float64) float64 {
	return round1(lo + g.rng.Float64()*(hi-lo))
}

// alt picks one of the "|" separated alternatives of s; "-" means "".
func (g *generator) alt(s string) string {
	if s == "" {
		return ""
	}
	as := strings.Split(s, "|")
	a := as[g.rng.IntN(len(as))]
	if a == "-" {
		return ""
	}
	return a
}

// word picks one of the space separated words of s.
func (g *generator) word(s string) string {
	ws := strings.Fields(s)
	return ws[g.rng.IntN(len(ws))]
}

// weighted picks a key from "key:weight key:weight …".
func (g *generator) weighted(s string) string {
	type kw struct {
		k string
		w int
	}
	var all []kw
	total := 0
	for _, f := range strings.Fields(s) {
		k, w, _ := strings.Cut(f, ":")
		n := atoi(w)
		all = append(all, kw{k, n})
		total += n
	}
	r := g.rng.IntN(total)
	for _, e := range all {
		if r < e.w {
			return e.k
		}
		r -= e.w
	}
	return all[len(all)-1].k
}

// day returns a random day in [from, to] at midnight UTC.
func (g *generator) day(from, to time.Time) time.Time {
	from, to = midnight(from), midnight(to)
	days := int(to.Sub(from).Hours() / 24)
	if days <= 0 {
		return from
	}
	return from.AddDate(0, 0, g.rng.IntN(days+1))
}

// digits returns n random decimal digits.
func (g *generator) digits(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('0' + g.rng.IntN(10))
	}
	return string(b)
}

// pick returns a random element of a non-empty slice.
func pick[T any](g *generator, s []T) T { return s[g.rng.IntN(len(s))] }

// midnight truncates t to its day in UTC.
func midnight(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// at returns the day of t at hour h UTC.
func at(t time.Time, h int) time.Time { return midnight(t).Add(time.Duration(h) * time.Hour) }

// round1 rounds to one decimal.
func round1(f float64) float64 { return math.Round(f*10) / 10 }

// atoi parses a small non-negative decimal from a data table.
func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}

// roman returns the Roman numeral of n, 1 to 17.
func roman(n int) string { return strings.Fields(romans)[n-1] }
