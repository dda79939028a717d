package hooks

import (
	"context"
	"fmt"
	"slices"

	"entgo.io/ent"

	gen "kembang/ent"
	"kembang/ent/developmentplan"
	"kembang/ent/evaluation"
	"kembang/ent/forum"
	"kembang/ent/hook"
	"kembang/ent/impactindicator"
	"kembang/ent/indicatormeasurement"
	"kembang/ent/program"
	"kembang/ent/programrevision"
	"kembang/ent/session"
	"kembang/ent/trainingneed"
	"kembang/internal/domain/indicator"
	"kembang/internal/domain/org"
	"kembang/internal/domain/revision"
	"kembang/internal/domain/stakeholder"
	"kembang/internal/fault"
	"kembang/internal/report"
	"kembang/internal/viewer"
)

// The rules of the policy cycle's records (issue 20): forums, impact
// indicators and their measurements, level-4 evaluations that take their
// figures from the measurements, program revisions and the plan items
// that carry them. The references of forums and indicators stay inside
// their agency, like the organisation's (org.go).

// ForumOrg keeps a forum's unit in its agency, and a forum from moving to
// another agency while training needs of its agency refer to it.
func ForumOrg(next ent.Mutator) ent.Mutator {
	return hook.ForumFunc(func(ctx context.Context, m *gen.ForumMutation) (ent.Value, error) {
		c := m.Client()
		mv, err := checkAgencyUnit(ctx, c, agencyUnit{"the forum", m.Op(), m.AgencyID, m.OldAgencyID, m.UnitID, m.UnitCleared(), m.OldUnitID})
		if err != nil {
			return nil, err
		}
		if id, ok := m.ID(); ok && mv.moved() {
			if err := stillUsed(ctx, "the forum", "move them first",
				users{"training need", c.TrainingNeed.Query().Where(trainingneed.ForumID(id)).Count},
			); err != nil {
				return nil, err
			}
		}
		return next.Mutate(ctx, m)
	})
}

// agencyUnit is a record of an agency with an optional unit of that
// agency (a forum, an impact indicator), as its mutation sets them.
type agencyUnit struct {
	what        string // in messages: "the forum"
	op          ent.Op
	agency      func() (int, bool)
	oldAgency   func(context.Context) (int, error)
	unit        func() (int, bool)
	unitCleared bool
	oldUnit     func(context.Context) (*int, error)
}

// checkAgencyUnit keeps the unit of r in r's agency, as NeedOrg does for
// training needs, and returns r's move between agencies (none when the
// mutation touches neither).
func checkAgencyUnit(ctx context.Context, c *gen.Client, r agencyUnit) (agencyMove, error) {
	a, agencySet := r.agency()
	_, unitSet := r.unit()
	if !agencySet && (!unitSet || r.op.Is(ent.OpCreate)) {
		return agencyMove{}, nil // a create without its agency: ent refuses it
	}
	if r.op.Is(ent.OpUpdate) {
		return agencyMove{}, fault.Input(firstSet(agencySet, "agencyID", "unitID"), errBulk)
	}
	mv, err := moveOf(ctx, c, r.op, a, agencySet, r.oldAgency)
	if err != nil {
		return agencyMove{}, err
	}
	u, err := refAfter(ctx, r.op, r.unit, r.unitCleared, r.oldUnit)
	if err != nil {
		return agencyMove{}, err
	}
	return mv, checkRefs(ctx, r.what, mv, orgRef{"unitID", "the unit", u, unitSet, unitAgency(c)})
}

// CheckForumGroups keeps a forum's stakeholder groups free of unknown
// values and repeats (stakeholder.CheckGroups), appended ones included.
func CheckForumGroups(next ent.Mutator) ent.Mutator {
	return hook.On(func(next ent.Mutator) ent.Mutator {
		return hook.ForumFunc(func(ctx context.Context, m *gen.ForumMutation) (ent.Value, error) {
			gs, set := m.StakeholderGroups()
			added, _ := m.AppendedStakeholderGroups()
			if !set && len(added) == 0 {
				return next.Mutate(ctx, m)
			}
			if !set && m.Op().Is(ent.OpUpdateOne) {
				old, err := m.OldStakeholderGroups(ctx)
				if err != nil {
					return nil, fmt.Errorf("forum rules: reading the forum: %w", err)
				}
				gs = old
			}
			if err := stakeholder.CheckGroups(append(slices.Clone(gs), added...)); err != nil {
				return nil, fault.Input("stakeholderGroups", err)
			}
			return next.Mutate(ctx, m)
		})
	}, writes)(next)
}

// IndicatorOrg keeps an impact indicator's unit in its agency, and an
// indicator from moving to another agency while programs name it.
func IndicatorOrg(next ent.Mutator) ent.Mutator {
	return hook.ImpactIndicatorFunc(func(ctx context.Context, m *gen.ImpactIndicatorMutation) (ent.Value, error) {
		c := m.Client()
		mv, err := checkAgencyUnit(ctx, c, agencyUnit{"the impact indicator", m.Op(), m.AgencyID, m.OldAgencyID, m.UnitID, m.UnitCleared(), m.OldUnitID})
		if err != nil {
			return nil, err
		}
		if id, ok := m.ID(); ok && mv.moved() {
			if err := stillUsed(ctx, "the impact indicator", "remove it from their indicators first",
				users{"program", c.Program.Query().Where(program.HasIndicatorsWith(impactindicator.ID(id))).Count},
			); err != nil {
				return nil, err
			}
		}
		return next.Mutate(ctx, m)
	})
}

// CheckIndicatorTarget keeps an impact indicator's target and target
// year together: both set or neither.
func CheckIndicatorTarget(next ent.Mutator) ent.Mutator {
	return hook.On(func(next ent.Mutator) ent.Mutator {
		return hook.ImpactIndicatorFunc(func(ctx context.Context, m *gen.ImpactIndicatorMutation) (ent.Value, error) {
			if !touched(m, impactindicator.FieldTarget, impactindicator.FieldTargetYear) {
				return next.Mutate(ctx, m)
			}
			if m.Op().Is(ent.OpUpdate) {
				return nil, fault.Input("target", errBulk)
			}
			var old gen.ImpactIndicator
			if m.Op().Is(ent.OpUpdateOne) {
				id, _ := m.ID()
				o, err := m.Client().ImpactIndicator.Get(ctx, id)
				if err != nil {
					return nil, fmt.Errorf("indicator rules: reading the indicator: %w", err)
				}
				old = *o
			}
			target := pick(m.Target, m.TargetCleared(), old.Target)
			year := pick(m.TargetYear, m.TargetYearCleared(), old.TargetYear)
			switch {
			case target != nil && year == nil:
				return nil, fault.Inputf("targetYear", "a target needs the year it is for")
			case target == nil && year != nil:
				return nil, fault.Inputf("target", "a target year needs the target value")
			}
			return next.Mutate(ctx, m)
		})
	}, writes)(next)
}

// CheckMeasurementPeriod keeps a measurement's period in order: it ends
// on or after its start.
func CheckMeasurementPeriod(next ent.Mutator) ent.Mutator {
	return hook.On(func(next ent.Mutator) ent.Mutator {
		return hook.IndicatorMeasurementFunc(func(ctx context.Context, m *gen.IndicatorMeasurementMutation) (ent.Value, error) {
			s, sSet := m.PeriodStart()
			e, eSet := m.PeriodEnd()
			if !sSet && !eSet {
				return next.Mutate(ctx, m)
			}
			start, err := after(ctx, m.Op(), "periodStart", s, sSet, m.OldPeriodStart)
			if err != nil {
				return nil, err
			}
			end, err := after(ctx, m.Op(), "periodEnd", e, eSet, m.OldPeriodEnd)
			if err != nil {
				return nil, err
			}
			if indicator.CheckPeriod(start, end) != nil {
				return nil, fault.Inputf(firstSet(eSet, "periodEnd", "periodStart"), "the period ends on %s, before it starts on %s", day(end), day(start))
			}
			return next.Mutate(ctx, m)
		})
	}, writes)(next)
}

// ProgramIndicators keeps the impact indicators a program names in its
// organising agency; a program of every agency (no organiser, managed by
// ADMIN) may name any agency's.
func ProgramIndicators(next ent.Mutator) ent.Mutator {
	return hook.On(func(next ent.Mutator) ent.Mutator {
		return hook.ProgramFunc(func(ctx context.Context, m *gen.ProgramMutation) (ent.Value, error) {
			added := m.IndicatorsIDs()
			a, agencySet := m.AgencyID()
			moved := agencySet || m.AgencyIDCleared()
			if len(added) == 0 && !moved {
				return next.Mutate(ctx, m)
			}
			field := "indicatorIDs"
			if !m.Op().Is(ent.OpCreate) {
				field = "addIndicatorIDs"
			}
			if m.Op().Is(ent.OpUpdate) {
				return nil, fault.Input(firstSet(agencySet, "agencyID", field), errBulk)
			}
			c := m.Client()
			organiser, err := refAfter(ctx, m.Op(), func() (int, bool) { return a, agencySet }, m.AgencyIDCleared(), m.OldAgencyID)
			if err != nil {
				return nil, err
			}
			if organiser == nil {
				return next.Mutate(ctx, m)
			}
			ids := slices.Clone(added)
			if id, ok := m.ID(); ok && moved {
				kept, err := c.Program.Query().Where(program.ID(id)).QueryIndicators().IDs(ctx)
				if err != nil {
					return nil, fmt.Errorf("program rules: reading indicators: %w", err)
				}
				for _, k := range kept {
					if !slices.Contains(m.RemovedIndicatorsIDs(), k) {
						ids = append(ids, k)
					}
				}
				field = "agencyID"
			}
			inds, err := c.ImpactIndicator.Query().Where(impactindicator.IDIn(ids...)).Select(impactindicator.FieldAgencyID).All(ctx)
			if err != nil {
				return nil, fmt.Errorf("program rules: reading indicators: %w", err)
			}
			for _, ind := range inds {
				if err := org.SameAgency("an impact indicator", "the program", ind.AgencyID, *organiser); err != nil {
					return nil, fault.Input(field, err)
				}
			}
			return next.Mutate(ctx, m)
		})
	}, writes)(next)
}

// ResultsFromIndicator applies to results (level 4) evaluations that name
// an impact indicator: the indicator is one the session's program names,
// and what the evaluation does not give is taken from the indicator
// (indicator.Around): the indicator's name, the baseline (the latest
// measurement whose period ends before the session starts) and the
// result (the latest measurement whose period starts on or after the
// session ends). It runs before EvaluationLevels, which then requires
// the three as for any results evaluation.
func ResultsFromIndicator(next ent.Mutator) ent.Mutator {
	return hook.On(func(next ent.Mutator) ent.Mutator {
		return hook.EvaluationFunc(func(ctx context.Context, m *gen.EvaluationMutation) (ent.Value, error) {
			id, set := m.ImpactIndicatorID()
			if !set && (m.Op().Is(ent.OpCreate) || !touched(m, evaluation.FieldLevel)) {
				return next.Mutate(ctx, m)
			}
			if m.Op().Is(ent.OpUpdate) {
				return nil, fault.Input("impactIndicatorID", errBulk)
			}
			c := m.Client()
			var cur gen.Evaluation
			if m.Op().Is(ent.OpUpdateOne) {
				eid, _ := m.ID()
				e, err := c.Evaluation.Get(ctx, eid)
				if err != nil {
					return nil, fmt.Errorf("evaluation rules: reading evaluation: %w", err)
				}
				cur = *e
				if !set {
					if e.ImpactIndicatorID == nil {
						return next.Mutate(ctx, m)
					}
					id = *e.ImpactIndicatorID
				}
			}
			level := cur.Level
			if l, ok := m.Level(); ok {
				level = l
			}
			if level != evaluation.LevelRESULTS {
				return nil, fault.Inputf("impactIndicatorID", "only a RESULTS evaluation names an impact indicator")
			}
			sid := cur.SessionID
			if s, ok := m.SessionID(); ok {
				sid = &s
			}
			if sid == nil {
				return next.Mutate(ctx, m) // checkEvaluationTarget refuses it
			}
			s, err := c.Session.Query().Where(session.ID(*sid)).Only(ctx)
			if gen.IsNotFound(err) {
				return next.Mutate(ctx, m) // the foreign key refuses it
			}
			if err != nil {
				return nil, fmt.Errorf("evaluation rules: reading the session: %w", err)
			}
			ind, err := c.ImpactIndicator.Query().
				Where(impactindicator.ID(id), impactindicator.HasProgramsWith(program.ID(s.ProgramID))).
				Only(ctx)
			if gen.IsNotFound(err) {
				return nil, fault.Inputf("impactIndicatorID", "the session's program does not name this impact indicator; add it to the program's indicators first")
			}
			if err != nil {
				return nil, fmt.Errorf("evaluation rules: reading the indicator: %w", err)
			}
			// A new indicator on an update replaces the stored figures, which
			// measured the old one, unless the update gives them.
			switched := set && m.Op().Is(ent.OpUpdateOne) && (cur.ImpactIndicatorID == nil || *cur.ImpactIndicatorID != id)
			if v, ok := m.Indicator(); !ok && (cur.Indicator == "" || switched) || ok && v == "" {
				m.SetIndicator(cut(ind.Name, 300))
			}
			_, baseSet := m.Baseline()
			_, resultSet := m.Result()
			needBase := !baseSet && (cur.Baseline == nil || m.BaselineCleared() || switched)
			needResult := !resultSet && (cur.Result == nil || m.ResultCleared() || switched)
			if !needBase && !needResult {
				return next.Mutate(ctx, m)
			}
			rows, err := c.IndicatorMeasurement.Query().
				Where(indicatormeasurement.IndicatorID(id)).
				Order(indicatormeasurement.ByPeriodEnd(), indicatormeasurement.ByID()).
				All(ctx)
			if err != nil {
				return nil, fmt.Errorf("evaluation rules: reading measurements: %w", err)
			}
			ms := make([]indicator.Measurement, len(rows))
			for i, r := range rows {
				ms[i] = indicator.Measurement{ID: r.ID, Start: r.PeriodStart, End: r.PeriodEnd, Value: r.Value}
			}
			before, afterwards := indicator.Around(ms, s.StartsAt, s.EndsAt)
			if needBase {
				if before == nil {
					return nil, fault.Inputf("baseline", "no measurement of indicator %s ends before the session starts on %s: record one, or give the baseline", ind.Code, day(s.StartsAt))
				}
				m.SetBaseline(before.Value)
			}
			if needResult {
				if afterwards == nil {
					return nil, fault.Inputf("result", "no measurement of indicator %s starts after the session ends on %s: record one, or give the result", ind.Code, day(s.EndsAt))
				}
				m.SetResult(afterwards.Value)
			}
			return next.Mutate(ctx, m)
		})
	}, writes)(next)
}

// cut shortens s to at most n runes.
func cut(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n])
}

// RecordRevision records a program revision as it is decided: on
// creation, who decided (the caller's identity and employee record),
// when (the rules' clock), the program report's figures of the year
// (revision.Figures) and, unless given, its revision reasons. On every
// write, a MERGE names the program it merges into, and only a MERGE
// does (revision.CheckMergeTarget). The unique index keeps one decision
// per program and year. Writes in import mode keep what they set.
func RecordRevision(next ent.Mutator) ent.Mutator {
	return hook.On(func(next ent.Mutator) ent.Mutator {
		return hook.ProgramRevisionFunc(func(ctx context.Context, m *gen.ProgramRevisionMutation) (ent.Value, error) {
			if m.Op().Is(ent.OpUpdate) && touched(m, programrevision.FieldDecision, programrevision.FieldMergeTargetID) {
				return nil, fault.Input("decision", errBulk)
			}
			if err := checkMergeTarget(ctx, m); err != nil {
				return nil, err
			}
			if m.Op().Is(ent.OpCreate) {
				if err := recordDecision(ctx, m); err != nil {
					return nil, err
				}
			}
			return next.Mutate(ctx, m)
		})
	}, writes)(next)
}

// checkMergeTarget applies revision.CheckMergeTarget to the revision as
// it will be.
func checkMergeTarget(ctx context.Context, m *gen.ProgramRevisionMutation) error {
	if !touched(m, programrevision.FieldDecision, programrevision.FieldMergeTargetID) && !m.Op().Is(ent.OpCreate) {
		return nil
	}
	var old gen.ProgramRevision
	if m.Op().Is(ent.OpUpdateOne) {
		id, _ := m.ID()
		o, err := m.Client().ProgramRevision.Get(ctx, id)
		if err != nil {
			return fmt.Errorf("revision rules: reading the revision: %w", err)
		}
		old = *o
	}
	d := old.Decision
	if v, ok := m.Decision(); ok {
		d = v
	}
	p := old.ProgramID
	if v, ok := m.ProgramID(); ok {
		p = v
	}
	target := pick(m.MergeTargetID, m.MergeTargetCleared(), old.MergeTargetID)
	if err := revision.CheckMergeTarget(revision.Decision(d), p, target); err != nil {
		return fault.Input("mergeTargetID", err)
	}
	return nil
}

// recordDecision sets who decided, when, the figures and the default
// reasons of a new revision.
func recordDecision(ctx context.Context, m *gen.ProgramRevisionMutation) error {
	importing := m.Rules.Importing()
	if _, ok := m.DecidedAt(); !ok || !importing {
		m.SetDecidedAt(m.Rules.Time())
	}
	if v, ok := viewer.FromContext(ctx); ok {
		if _, set := m.DecidedBy(); !set || !importing {
			m.SetDecidedBy(cut(decider(v), 200))
		}
		if _, set := m.DecidedByID(); v.EmployeeID != 0 && (!set || !importing) {
			m.SetDecidedByID(v.EmployeeID)
		}
	}
	pid, okP := m.ProgramID()
	year, okY := m.Year()
	if !okP || !okY {
		return nil // ent refuses the create
	}
	_, hasFigures := m.Figures()
	_, hasReasons := m.Reasons()
	if importing && hasFigures && hasReasons {
		return nil
	}
	t, err := report.ProgramReport(ctx, m.Client(), pid, year)
	if err != nil {
		if _, ok := fault.As(err); ok {
			return err
		}
		return fmt.Errorf("revision rules: program report: %w", err)
	}
	if !hasFigures || !importing {
		m.SetFigures(&revision.Figures{
			Sessions:               t.Sessions,
			Enrollments:            t.Enrollments,
			Completed:              t.Completed,
			Failed:                 t.Failed,
			Withdrawn:              t.Withdrawn,
			CompletionRate:         t.CompletionRate,
			AverageReaction:        t.AverageReaction,
			AverageLearningGain:    t.AverageLearningGain,
			BehaviorSignedOffShare: t.BehaviorSignedOffShare,
			NeedsRevision:          t.NeedsRevision,
			RevisionReasons:        slices.Clone(t.RevisionReasons),
		})
	}
	if rs, ok := m.Reasons(); !ok || len(rs) == 0 && !appended(m.AppendedReasons()) {
		m.SetReasons(slices.Clone(t.RevisionReasons))
	}
	return nil
}

// decider names the caller who decided: the subject of its token or API
// key, with its role.
func decider(v viewer.Viewer) string {
	if v.Subject == "" {
		return string(v.Role)
	}
	return fmt.Sprintf("%s (%s)", v.Subject, v.Role)
}

// PlanItemRevision keeps the revision a plan item carries to a decision
// about a program of the plan's agency (or of every agency) taken for an
// earlier year than the plan's.
func PlanItemRevision(next ent.Mutator) ent.Mutator {
	return hook.On(func(next ent.Mutator) ent.Mutator {
		return hook.PlanItemFunc(func(ctx context.Context, m *gen.PlanItemMutation) (ent.Value, error) {
			rid, set := m.RevisionID()
			if !set {
				return next.Mutate(ctx, m)
			}
			if m.Op().Is(ent.OpUpdate) {
				return nil, fault.Input("revisionID", errBulk)
			}
			c := m.Client()
			pid, ok := m.PlanID()
			if !ok {
				old, err := m.OldPlanID(ctx)
				if err != nil {
					return nil, fmt.Errorf("plan item rules: reading the item: %w", err)
				}
				pid = old
			}
			p, err := c.DevelopmentPlan.Query().Where(developmentplan.ID(pid)).Only(ctx)
			if gen.IsNotFound(err) {
				return next.Mutate(ctx, m) // the foreign key refuses it
			}
			if err != nil {
				return nil, fmt.Errorf("plan item rules: reading the plan: %w", err)
			}
			r, err := c.ProgramRevision.Query().Where(programrevision.ID(rid)).WithProgram().Only(ctx)
			if gen.IsNotFound(err) {
				return next.Mutate(ctx, m)
			}
			if err != nil {
				return nil, fmt.Errorf("plan item rules: reading the revision: %w", err)
			}
			if a := r.Edges.Program.AgencyID; a != nil {
				if err := org.SameAgency("the revised program", "the plan", *a, p.AgencyID); err != nil {
					return nil, fault.Input("revisionID", err)
				}
			}
			if p.Year <= r.Year {
				return nil, fault.Inputf("revisionID", "a revision decided for %d is carried by the plan of a later year, not of %d", r.Year, p.Year)
			}
			return next.Mutate(ctx, m)
		})
	}, writes)(next)
}

// forumAgency reads the agency of a forum.
func forumAgency(c *gen.Client) agencyReader {
	return func(ctx context.Context, id int) ([]int, error) {
		return c.Forum.Query().Where(forum.ID(id)).Select(forum.FieldAgencyID).Ints(ctx)
	}
}

// appended reports whether an append to a list field adds values.
func appended[T any](vs []T, ok bool) bool { return ok && len(vs) > 0 }
