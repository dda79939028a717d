package graph

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"kembang/ent"
	"kembang/ent/assessment"
	"kembang/ent/competency"
	"kembang/ent/positioncompetency"
	"kembang/ent/program"
	"kembang/ent/programcompetency"
	"kembang/ent/session"
	"kembang/graph/model"
	"kembang/internal/domain/gap"
	"kembang/internal/domain/jp"
	"kembang/internal/domain/plan"
	"kembang/internal/fault"
	"kembang/internal/report"
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
// at or above the required level and have a session open for enrollment
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
// standard first (gap.Finish). The counts are report.GapCounts; the
// competencies are read as the viewer.
func gapSummary(ctx context.Context, c *ent.Client, agencyID int, unitID *int) ([]*model.GapSummaryRow, error) {
	counts, err := report.GapCounts(ctx, c, agencyID, unitID)
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
// weights over the agency's gap counts and the training needs raised
// for the agency during the year (WIB calendar year).
func needsRanking(ctx context.Context, c *ent.Client, agencyID, year int) ([]*model.NeedRanking, error) {
	if year < plan.MinYear || year > plan.MaxYear {
		return nil, fault.Inputf("year", "%d is not a plan year (%d to %d)", year, plan.MinYear, plan.MaxYear)
	}
	counts, err := report.GapCounts(ctx, c, agencyID, nil)
	if err != nil {
		return nil, err
	}
	raised, err := report.RaisedNeeds(ctx, c, agencyID, year)
	if err != nil {
		return nil, err
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
	needs := make([]gap.Need, 0, len(raised))
	for _, n := range raised {
		if comp, ok := comps[n.CompetencyID]; ok {
			needs = append(needs, gap.Need{Competency: comp.Code, Priority: n.Priority, Source: n.Source, Forum: n.ForumID})
		}
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
			Forums:        r.Forums,
		}
	}
	return out, nil
}

// competenciesByID loads the competencies with the given ids (repeats
// allowed) in one query.
func competenciesByID(ctx context.Context, c *ent.Client, ids []int) (map[int]*ent.Competency, error) {
	out, err := loadByID(ctx, c.Competency.Query(), competency.IDIn, func(c *ent.Competency) int { return c.ID }, ids)
	if err != nil {
		return nil, fmt.Errorf("loading competencies: %w", err)
	}
	return out, nil
}

// summariesOf turns gap counts into gap summaries keyed by competency
// code, without averages.
func summariesOf(counts []report.GapCount, comps map[int]*ent.Competency) []gap.Summary {
	out := make([]gap.Summary, 0, len(counts))
	for _, n := range counts {
		if comps[n.CompetencyID] == nil {
			continue // a competency the viewer may not read (none today: the catalogue)
		}
		out = append(out, gap.Summary{
			Competency:  comps[n.CompetencyID].Code,
			Employees:   n.Employees,
			Below:       n.Below,
			NotAssessed: n.NotAssessed,
			TotalGap:    n.TotalGap,
		})
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
