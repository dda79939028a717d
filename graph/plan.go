package graph

import (
	"context"
	"fmt"

	"kembang/ent"
	"kembang/ent/planitem"
	"kembang/graph/model"
	"kembang/internal/domain/jp"
	"kembang/internal/report"
)

// planActuals answers DevelopmentPlan.actuals: each item of p, by planned
// quarter, read as the viewer, against what the year's completed
// enrollments delivered (report.Deliveries). Two statements: the items,
// and one aggregate grouped by item.
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
	delivered, err := report.Deliveries(ctx, c, p.ID, p.AgencyID, p.Year)
	if err != nil {
		return nil, fmt.Errorf("plan actuals: %w", err)
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
