package graph

import (
	"context"
	"fmt"

	"entgo.io/ent/dialect/sql"

	"kembang/ent"
	"kembang/ent/employee"
	"kembang/ent/enrollment"
	"kembang/ent/planitem"
	"kembang/ent/program"
	"kembang/ent/programcompetency"
	"kembang/ent/session"
	"kembang/graph/model"
	"kembang/jp"
)

// itemDelivery is one row of [planActuals]' aggregate: what was
// delivered against one plan item.
type itemDelivery struct {
	ItemID      int     `json:"item_id"`
	HeadCount   int     `json:"head_count"`
	Enrollments int     `json:"enrollments"`
	JP          float64 `json:"jp"`
}

// planActuals answers DevelopmentPlan.actuals: each item of p, by planned
// quarter, against the completed enrolments of the year that match it.
// An enrolment matches an item when it is COMPLETED with completed_at in
// the plan's year (WIB calendar year), its employee belongs to the plan's
// agency, and its program has the item's form and targets the item's
// competency (at any level). Two statements: the items, and one
// aggregate grouped by item.
func planActuals(ctx context.Context, c *ent.Client, p *ent.DevelopmentPlan) ([]*model.PlanItemActual, error) {
	items, err := c.PlanItem.Query().
		Where(planitem.PlanID(p.ID)).
		Order(ent.Asc(planitem.FieldPlannedQuarter), ent.Asc(planitem.FieldID)).
		All(ctx)
	if err != nil {
		return nil, fmt.Errorf("plan actuals: items: %w", err)
	}
	out := make([]*model.PlanItemActual, len(items))
	if len(items) == 0 {
		return out, nil
	}
	from, to := yearBounds(p.Year)
	var rows []itemDelivery
	err = c.PlanItem.Query().
		Where(planitem.PlanID(p.ID)).
		Modify(func(s *sql.Selector) {
			b := sql.Dialect(s.Dialect())
			pc := b.Table(programcompetency.Table).As("pc")
			pr := b.Table(program.Table).As("pr")
			se := b.Table(session.Table).As("se")
			en := b.Table(enrollment.Table).As("en")
			em := b.Table(employee.Table).As("em")
			s.Join(pc).
				On(pc.C(programcompetency.FieldCompetencyID), s.C(planitem.FieldCompetencyID)).
				Join(pr).
				OnP(sql.And(
					sql.ColumnsEQ(pr.C(program.FieldID), pc.C(programcompetency.FieldProgramID)),
					sql.ColumnsEQ(pr.C(program.FieldForm), s.C(planitem.FieldForm)),
				)).
				Join(se).
				On(se.C(session.FieldProgramID), pr.C(program.FieldID)).
				Join(en).
				On(en.C(enrollment.FieldSessionID), se.C(session.FieldID)).
				Join(em).
				On(em.C(employee.FieldID), en.C(enrollment.FieldEmployeeID)).
				Where(sql.And(
					sql.EQ(en.C(enrollment.FieldStatus), string(enrollment.StatusCOMPLETED)),
					sql.GTE(en.C(enrollment.FieldCompletedAt), from),
					sql.LT(en.C(enrollment.FieldCompletedAt), to),
					sql.EQ(em.C(employee.FieldAgencyID), p.AgencyID),
				)).
				GroupBy(s.C(planitem.FieldID)).
				Select(
					sql.As(s.C(planitem.FieldID), "item_id"),
					sql.As(sql.Count(sql.Distinct(en.C(enrollment.FieldEmployeeID))), "head_count"),
					sql.As(sql.Count(en.C(enrollment.FieldID)), "enrollments"),
					sql.As(sql.Sum(en.C(enrollment.FieldJpCredited)), "jp"),
				)
		}).
		Scan(ctx, &rows)
	if err != nil {
		return nil, fmt.Errorf("plan actuals: deliveries: %w", err)
	}
	delivered := make(map[int]itemDelivery, len(rows))
	for _, r := range rows {
		delivered[r.ItemID] = r
	}
	for i, it := range items {
		d := delivered[it.ID]
		out[i] = &model.PlanItemActual{
			Item:                 it,
			PlannedHeadCount:     it.HeadCount,
			PlannedJp:            it.PlannedJp,
			Budget:               int(it.Budget),
			DeliveredHeadCount:   d.HeadCount,
			CompletedEnrollments: d.Enrollments,
			DeliveredJp:          jp.Round(d.JP),
		}
	}
	return out, nil
}
