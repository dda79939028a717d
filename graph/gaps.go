package graph

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"

	"kembang/ent"
	"kembang/ent/agency"
	"kembang/ent/assessment"
	"kembang/ent/competency"
	"kembang/ent/employee"
	"kembang/ent/positioncompetency"
	"kembang/ent/predicate"
	"kembang/ent/program"
	"kembang/ent/programcompetency"
	"kembang/ent/session"
	"kembang/ent/trainingneed"
	"kembang/ent/unit"
	"kembang/fault"
	"kembang/gap"
	"kembang/graph/model"
	"kembang/jp"
	"kembang/report"
	"kembang/store"
)

// competencyGaps returns the gaps of e against the standard of its
// current or target position, each below-standard gap with the programs
// that could close it ([openPrograms]). It runs a fixed number of
// statements whatever the size of the standard: the requirements with
// their competencies, the employee's ratings on them, and the candidate
// programs with their targets.
func competencyGaps(ctx context.Context, c *ent.Client, e *ent.Employee, against model.GapTarget, now time.Time) ([]*model.CompetencyGap, error) {
	pos := e.PositionID
	if against == model.GapTargetTargetPosition {
		pos = e.TargetPositionID
	}
	out := []*model.CompetencyGap{}
	if pos == nil {
		return out, nil
	}
	reqs, err := c.PositionCompetency.Query().
		Where(positioncompetency.PositionID(*pos)).
		WithCompetency().
		All(ctx)
	if err != nil {
		return nil, fmt.Errorf("competency gaps: requirements: %w", err)
	}
	if len(reqs) == 0 {
		return out, nil
	}
	// gap works on competency keys; codes are unique and sort naturally.
	comps := make(map[string]*ent.Competency, len(reqs))
	codes := make(map[int]string, len(reqs))
	standard := make([]gap.Requirement, 0, len(reqs))
	for _, r := range reqs {
		comp := r.Edges.Competency
		comps[comp.Code], codes[comp.ID] = comp, comp.Code
		standard = append(standard, gap.Requirement{Competency: comp.Code, Required: r.RequiredLevel})
	}
	history, err := c.Assessment.Query().
		Where(assessment.EmployeeID(e.ID), assessment.CompetencyIDIn(mapKeys(codes)...)).
		Select(assessment.FieldCompetencyID, assessment.FieldLevel, assessment.FieldAssessedOn, assessment.FieldSource).
		All(ctx)
	if err != nil {
		return nil, fmt.Errorf("competency gaps: assessments: %w", err)
	}
	ratings := make([]gap.Rating, len(history))
	for i, a := range history {
		// One time zone for all, as gap.Latest requires: dates are WIB
		// dates, as in the gap summary's SQL.
		ratings[i] = gap.Rating{Competency: codes[a.CompetencyID], Level: a.Level, On: a.AssessedOn.In(jp.WIB), Source: string(a.Source)}
	}
	gaps := gap.Gaps(standard, ratings)
	programs, err := openPrograms(ctx, c, gaps, comps, now)
	if err != nil {
		return nil, err
	}
	for _, g := range gaps {
		out = append(out, &model.CompetencyGap{
			Competency:    comps[g.Competency],
			RequiredLevel: g.Required,
			CurrentLevel:  g.Current,
			Assessed:      g.Assessed,
			Gap:           g.Gap,
			Programs:      programs[g.Competency],
		})
	}
	return out, nil
}

// openPrograms returns, per competency code of a below-standard gap, the
// programs that can close it: ACTIVE programs that target the competency
// at or above the required level and have a session open for enrolment
// (OPEN or PLANNED, starting after now). Programs are listed by target
// level, the closest fit first, then by code. Gaps that are met get an
// empty list. One query fetches the candidates of all gaps (targets at
// or above the smallest required level) and the exact level is checked
// here.
func openPrograms(ctx context.Context, c *ent.Client, gaps []gap.Gap, comps map[string]*ent.Competency, now time.Time) (map[string][]*ent.Program, error) {
	out := make(map[string][]*ent.Program, len(gaps))
	below := make(map[int]gap.Gap) // by competency id
	minLevel := 0
	for _, g := range gaps {
		out[g.Competency] = []*ent.Program{}
		if g.Below() {
			below[comps[g.Competency].ID] = g
			if minLevel == 0 || g.Required < minLevel {
				minLevel = g.Required
			}
		}
	}
	if len(below) == 0 {
		return out, nil
	}
	targets, err := c.ProgramCompetency.Query().
		Where(
			programcompetency.CompetencyIDIn(mapKeys(below)...),
			programcompetency.TargetLevelGTE(minLevel),
			programcompetency.HasProgramWith(
				program.StatusEQ(program.StatusACTIVE),
				program.HasSessionsWith(
					session.StatusIn(session.StatusOPEN, session.StatusPLANNED),
					session.StartsAtGT(now.UTC()),
				),
			),
		).
		WithProgram().
		All(ctx)
	if err != nil {
		return nil, fmt.Errorf("competency gaps: programs: %w", err)
	}
	slices.SortFunc(targets, func(a, b *ent.ProgramCompetency) int {
		return cmp.Or(cmp.Compare(a.TargetLevel, b.TargetLevel), cmp.Compare(a.Edges.Program.Code, b.Edges.Program.Code))
	})
	for _, t := range targets {
		if g := below[t.CompetencyID]; t.TargetLevel >= g.Required {
			out[g.Competency] = append(out[g.Competency], t.Edges.Program)
		}
	}
	return out, nil
}

// gapSummary answers competencyGapSummary: per competency, the
// employees of the agency or unit whose position requires it, those
// below standard, those never assessed and the average gap, most below
// standard first (gap.Finish).
func gapSummary(ctx context.Context, c *ent.Client, agencyID int, unitID *int) ([]*model.GapSummaryRow, error) {
	ctx = store.WithCustomPlans(ctx) // an aggregate over a scope
	scope, err := gapScope(ctx, c, agencyID, unitID)
	if err != nil {
		return nil, err
	}
	counts, err := countGaps(ctx, c, scope)
	if err != nil {
		return nil, err
	}
	ids := make([]int, len(counts))
	for i, n := range counts {
		ids[i] = n.CompetencyID
	}
	comps, err := competenciesByID(ctx, c, ids)
	if err != nil {
		return nil, err
	}
	summaries := summariesOf(counts, comps)
	gap.Finish(summaries)
	byCode := codeIndex(comps)
	out := make([]*model.GapSummaryRow, len(summaries))
	for i, s := range summaries {
		out[i] = &model.GapSummaryRow{
			Competency:    byCode[s.Competency],
			Employees:     s.Employees,
			BelowStandard: s.Below,
			NotAssessed:   s.NotAssessed,
			AverageGap:    s.AverageGap,
		}
	}
	return out, nil
}

// needsRanking answers trainingNeedsRanking: gap.Rank with the default
// weights over the agency's gap summary and the training needs raised
// for the agency during the year (WIB calendar year).
func needsRanking(ctx context.Context, c *ent.Client, agencyID, year int) ([]*model.NeedRanking, error) {
	ctx = store.WithCustomPlans(ctx) // an aggregate over a scope
	if year < 2000 || year > 2100 {
		return nil, fault.Inputf("year", "%d is not a plan year (2000 to 2100)", year)
	}
	scope, err := gapScope(ctx, c, agencyID, nil)
	if err != nil {
		return nil, err
	}
	counts, err := countGaps(ctx, c, scope)
	if err != nil {
		return nil, err
	}
	from, to := yearBounds(year)
	raised, err := c.TrainingNeed.Query().
		Where(trainingneed.AgencyID(agencyID), trainingneed.RaisedOnGTE(from), trainingneed.RaisedOnLT(to)).
		Select(trainingneed.FieldCompetencyID, trainingneed.FieldPriority, trainingneed.FieldSource).
		All(ctx)
	if err != nil {
		return nil, fmt.Errorf("training needs ranking: needs: %w", err)
	}
	ids := make([]int, 0, len(counts)+len(raised))
	for _, n := range counts {
		ids = append(ids, n.CompetencyID)
	}
	for _, n := range raised {
		ids = append(ids, n.CompetencyID)
	}
	comps, err := competenciesByID(ctx, c, ids)
	if err != nil {
		return nil, err
	}
	needs := make([]gap.Need, len(raised))
	for i, n := range raised {
		needs[i] = gap.Need{Competency: comps[n.CompetencyID].Code, Priority: string(n.Priority), Source: string(n.Source)}
	}
	ranked := gap.Rank(summariesOf(counts, comps), needs, gap.DefaultWeights())
	byCode := codeIndex(comps)
	out := make([]*model.NeedRanking, len(ranked))
	for i, r := range ranked {
		out[i] = &model.NeedRanking{
			Rank:          i + 1,
			Competency:    byCode[r.Competency],
			Score:         r.Score,
			Measured:      r.Measured,
			Stakeholder:   r.Stakeholder,
			BelowStandard: r.Below,
			AverageGap:    r.AverageGap,
			Inputs:        r.Inputs,
		}
	}
	return out, nil
}

// gapScope returns the employees a gap summary covers: the active
// employees of the agency holding a position and, when unitID is set,
// working in that unit or one of its sub-units. It checks that the
// agency exists and that the unit belongs to it.
func gapScope(ctx context.Context, c *ent.Client, agencyID int, unitID *int) ([]predicate.Employee, error) {
	ok, err := c.Agency.Query().Where(agency.ID(agencyID)).Exist(ctx)
	if err != nil {
		return nil, fmt.Errorf("gap scope: agency: %w", err)
	}
	if !ok {
		return nil, &fault.Error{Code: fault.NotFound, Field: "agencyId", Msg: "agency not found"}
	}
	scope := []predicate.Employee{
		employee.AgencyID(agencyID),
		employee.Active(true),
		employee.PositionIDNotNil(),
	}
	if unitID == nil {
		return scope, nil
	}
	units, err := c.Unit.Query().
		Where(unit.AgencyID(agencyID)).
		Select(unit.FieldID, unit.FieldParentID).
		All(ctx)
	if err != nil {
		return nil, fmt.Errorf("gap scope: units: %w", err)
	}
	tree := subtree(units, *unitID)
	if len(tree) == 0 {
		return nil, &fault.Error{Code: fault.NotFound, Field: "unitId", Msg: "unit not found in the agency"}
	}
	return append(scope, employee.UnitIDIn(tree...)), nil
}

// subtree returns root and the ids of all units below it, or nothing
// when root is not among units.
func subtree(units []*ent.Unit, root int) []int {
	children := make(map[int][]int)
	found := false
	for _, u := range units {
		found = found || u.ID == root
		if u.ParentID != nil {
			children[*u.ParentID] = append(children[*u.ParentID], u.ID)
		}
	}
	if !found {
		return nil
	}
	ids := []int{root}
	for i := 0; i < len(ids); i++ {
		ids = append(ids, children[ids[i]]...)
	}
	return ids
}

// gapCount is one row of [countGaps].
type gapCount struct {
	CompetencyID int `json:"competency_id"`
	Employees    int `json:"employees"`
	Below        int `json:"below"`
	NotAssessed  int `json:"not_assessed"`
	TotalGap     int `json:"total_gap"`
}

// countGaps counts, in one SQL statement, the gaps of the employees in
// scope per required competency: each employee's position standard is
// joined with the employee's latest rating on the competency, chosen by
// a window function with the rules of gap.Latest (latest WIB date, then
// most trusted source, then latest instant, then lowest level).
//
//	SELECT pc.competency_id, COUNT(*), SUM(below), SUM(not assessed), SUM(gap)
//	FROM employees
//	JOIN position_competencies pc ON pc.position_id = employees.position_id
//	LEFT JOIN (SELECT employee_id, competency_id, level,
//	                  ROW_NUMBER() OVER (PARTITION BY employee_id, competency_id ORDER BY …) AS rn
//	           FROM assessments a WHERE a.employee_id IN (employees in scope)) la
//	       ON la.employee_id = employees.id AND la.competency_id = pc.competency_id AND la.rn = 1
//	WHERE <scope>
//	GROUP BY pc.competency_id
func countGaps(ctx context.Context, c *ent.Client, scope []predicate.Employee) ([]gapCount, error) {
	var counts []gapCount
	err := c.Employee.Query().
		Where(scope...).
		Modify(func(s *sql.Selector) {
			b := sql.Dialect(s.Dialect())
			inScope := b.Select(employee.FieldID).From(b.Table(employee.Table))
			for _, p := range scope {
				p(inScope)
			}
			a := b.Table(assessment.Table).As("a")
			order := strings.Join([]string{
				wibDate(s.Dialect(), a.C(assessment.FieldAssessedOn)) + " DESC",
				trustRank(a.C(assessment.FieldSource)) + " DESC",
				a.C(assessment.FieldAssessedOn) + " DESC",
				a.C(assessment.FieldLevel),
			}, ", ")
			latest := b.Select(a.C(assessment.FieldEmployeeID), a.C(assessment.FieldCompetencyID), a.C(assessment.FieldLevel)).
				AppendSelectExprAs(sql.RowNumber().
					PartitionBy(a.C(assessment.FieldEmployeeID), a.C(assessment.FieldCompetencyID)).
					OrderExpr(sql.Raw(order)), "rn").
				From(a).
				Where(report.InSubquery(a.C(assessment.FieldEmployeeID), inScope)).
				As("la")
			// The standards of the positions held in the scope only.
			positions := b.Select(employee.FieldPositionID).From(b.Table(employee.Table))
			for _, p := range scope {
				p(positions)
			}
			pc := b.Table(positioncompetency.Table).As("pc")
			s.Join(pc).
				OnP(sql.And(
					sql.ColumnsEQ(pc.C(positioncompetency.FieldPositionID), s.C(employee.FieldPositionID)),
					report.InSubquery(pc.C(positioncompetency.FieldPositionID), positions),
				)).
				LeftJoin(latest).
				OnP(sql.And(
					sql.ColumnsEQ(latest.C(assessment.FieldEmployeeID), s.C(employee.FieldID)),
					sql.ColumnsEQ(latest.C(assessment.FieldCompetencyID), pc.C(positioncompetency.FieldCompetencyID)),
					sql.EQ(latest.C("rn"), 1),
				))
			level := "COALESCE(" + latest.C(assessment.FieldLevel) + ", 0)"
			required := pc.C(positioncompetency.FieldRequiredLevel)
			below := level + " < " + required
			s.Select(
				sql.As(pc.C(positioncompetency.FieldCompetencyID), "competency_id"),
				sql.As(sql.Count("*"), "employees"),
				sql.As("SUM(CASE WHEN "+below+" THEN 1 ELSE 0 END)", "below"),
				sql.As("SUM(CASE WHEN "+latest.C(assessment.FieldLevel)+" IS NULL THEN 1 ELSE 0 END)", "not_assessed"),
				sql.As("SUM(CASE WHEN "+below+" THEN "+required+" - "+level+" ELSE 0 END)", "total_gap"),
			).GroupBy(pc.C(positioncompetency.FieldCompetencyID))
		}).
		Scan(ctx, &counts)
	if err != nil {
		return nil, fmt.Errorf("counting competency gaps: %w", err)
	}
	return counts, nil
}

// wibDate returns the SQL expression of the WIB calendar date of the
// timestamp column col. On SQLite, timestamps are stored as text in UTC
// (the first 19 characters are the UTC date and time).
func wibDate(d, col string) string {
	if d == dialect.Postgres {
		return "CAST((" + col + " AT TIME ZONE 'UTC') + INTERVAL '7 hours' AS DATE)"
	}
	return "date(substr(" + col + ", 1, 19), '+7 hours')"
}

// trustRank returns the SQL expression of gap.Trust on the rating
// source column col.
func trustRank(col string) string {
	var b strings.Builder
	b.WriteString("CASE " + col)
	for _, s := range gap.Sources() {
		b.WriteString(" WHEN '" + s + "' THEN " + strconv.Itoa(gap.Trust(s)))
	}
	b.WriteString(" ELSE 0 END")
	return b.String()
}

// competenciesByID loads the competencies with the given ids (repeats
// allowed) in one query.
func competenciesByID(ctx context.Context, c *ent.Client, ids []int) (map[int]*ent.Competency, error) {
	out := make(map[int]*ent.Competency, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	slices.Sort(ids)
	comps, err := c.Competency.Query().Where(competency.IDIn(slices.Compact(ids)...)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("loading competencies: %w", err)
	}
	for _, comp := range comps {
		out[comp.ID] = comp
	}
	return out, nil
}

// summariesOf turns gap counts into gap summaries keyed by competency
// code, without averages.
func summariesOf(counts []gapCount, comps map[int]*ent.Competency) []gap.Summary {
	out := make([]gap.Summary, len(counts))
	for i, n := range counts {
		out[i] = gap.Summary{
			Competency:  comps[n.CompetencyID].Code,
			Employees:   n.Employees,
			Below:       n.Below,
			NotAssessed: n.NotAssessed,
			TotalGap:    n.TotalGap,
		}
	}
	return out
}

// codeIndex indexes competencies by code.
func codeIndex(comps map[int]*ent.Competency) map[string]*ent.Competency {
	out := make(map[string]*ent.Competency, len(comps))
	for _, comp := range comps {
		out[comp.Code] = comp
	}
	return out
}

// mapKeys returns the keys of m in increasing order.
func mapKeys[V any](m map[int]V) []int {
	keys := make([]int, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// yearBounds returns the first instant of a calendar year and of the
// next, in WIB (UTC+7, the zone of Kembang's calendar), as UTC times:
// SQLite compares stored times as UTC text.
func yearBounds(year int) (from, to time.Time) {
	return time.Date(year, time.January, 1, 0, 0, 0, 0, jp.WIB).UTC(),
		time.Date(year+1, time.January, 1, 0, 0, 0, 0, jp.WIB).UTC()
}
