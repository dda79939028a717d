package report

import (
	"context"

	"entgo.io/ent/dialect/sql"

	"kembang/ent"
	"kembang/ent/employee"
	"kembang/ent/enrollment"
	"kembang/ent/planitem"
	"kembang/ent/program"
	"kembang/ent/programcompetency"
	"kembang/ent/session"
)

// Delivery is what was delivered against one plan item ([Deliveries]).
type Delivery struct {
	ItemID      int     `json:"item_id"`
	HeadCount   int     `json:"head_count"`
	Enrollments int     `json:"enrollments"`
	JP          float64 `json:"jp"`
}

// Deliveries returns, per item of the development plan planID of agency
// agencyID for year, what the completed enrollments of the year delivered
// against it, in one aggregate grouped by item. An enrollment matches an
// item when it is COMPLETED with completed_at in the plan's ledger year
// (WIB calendar year), its employee belongs to the plan's agency, and its
// program has the item's form and targets the item's competency (at any
// level). Items nothing was delivered for are missing from the result.
func Deliveries(ctx context.Context, client *ent.Client, planID, agencyID, year int) (map[int]Delivery, error) {
	ctx = aggregate(ctx)
	if err := CheckYear(year); err != nil {
		return nil, err
	}
	from, to := YearRange(year)
	var rows []Delivery
	err := client.PlanItem.Query().
		Where(planitem.PlanID(planID)).
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
					sql.EQ(em.C(employee.FieldAgencyID), agencyID),
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
		return nil, wrap("plan deliveries", err)
	}
	out := make(map[int]Delivery, len(rows))
	for _, r := range rows {
		out[r.ItemID] = r
	}
	return out, nil
}
