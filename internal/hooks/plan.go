package hooks

import (
	"context"
	"fmt"

	"entgo.io/ent"
	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"

	gen "kembang/ent"
	"kembang/ent/developmentplan"
	"kembang/ent/planitem"
	"kembang/ent/predicate"
	"kembang/internal/domain/phrase"
	"kembang/internal/domain/plan"
	"kembang/internal/fault"
	"kembang/internal/rules"
)

// PlanWorkflow enforces the development plan workflow of package plan on
// every write, whatever the caller:
//
//   - a new plan is DRAFT;
//   - the status changes only along the state machine, one plan at a
//     time; returning needs a reason, stored in return_reason;
//   - submitted_at and decided_at are set here, on submission and on
//     approval or return; callers never set them;
//   - an APPROVED plan is frozen: it is neither changed nor deleted.
//
// The plan row is locked (FOR UPDATE on PostgreSQL) before its status is
// read, so concurrent decisions on one plan are taken one after the
// other and the second sees the outcome of the first. Writes of a client
// in import mode (rules.Import) skip the rules.
func PlanWorkflow(next ent.Mutator) ent.Mutator {
	return workflow(func(m *gen.DevelopmentPlanMutation) rules.Env { return m.Rules }, checkPlan)(next)
}

// checkPlan applies the workflow rules to a write.
func checkPlan(ctx context.Context, m *gen.DevelopmentPlanMutation) error {
	switch op := m.Op(); {
	case op.Is(ent.OpCreate):
		return checkNewPlan(m)
	case op.Is(ent.OpUpdateOne):
		return checkPlanUpdate(ctx, m)
	case op.Is(ent.OpUpdate):
		return checkPlanBulkUpdate(ctx, m)
	case op.Is(ent.OpDeleteOne | ent.OpDelete):
		return checkTargets(ctx, m, "delete")
	}
	return nil
}

// FreezePlanItems freezes the items of approved plans: no item is added
// to, changed in or deleted from an APPROVED plan. The plans concerned
// are locked (FOR SHARE on PostgreSQL) while their status is read, so an
// approval waits for item changes in flight and the other way round.
// Writes of a client in import mode (rules.Import) skip the rule.
func FreezePlanItems(next ent.Mutator) ent.Mutator {
	return workflow(func(m *gen.PlanItemMutation) rules.Env { return m.Rules }, checkItemPlan)(next)
}

// checkItemPlan refuses a write of plan items of an approved plan.
func checkItemPlan(ctx context.Context, m *gen.PlanItemMutation) error {
	var (
		action string
		where  predicate.DevelopmentPlan
	)
	switch op := m.Op(); {
	case op.Is(ent.OpCreate):
		id, ok := m.PlanID()
		if !ok {
			return nil // refused by ent: the plan is required
		}
		action, where = "add an item to", developmentplan.ID(id)
	default:
		ids, err := m.IDs(ctx)
		if err != nil {
			return fmt.Errorf("plan items: %w", err)
		}
		if len(ids) == 0 {
			return nil
		}
		action = "change an item of"
		if op.Is(ent.OpDeleteOne | ent.OpDelete) {
			action = "delete an item of"
		}
		where = developmentplan.HasItemsWith(planitem.IDIn(ids...))
	}
	plans, err := lockPlans(ctx, m.Client(), false, where)
	if err != nil {
		return err
	}
	return checkUnfrozen(action, plans)
}

// checkNewPlan lets a plan be created only as a DRAFT, without workflow
// fields.
func checkNewPlan(m *gen.DevelopmentPlanMutation) error {
	if err := checkWorkflowFields(m, ""); err != nil {
		return err
	}
	if s, ok := m.Status(); ok {
		if err := plan.CheckNew(plan.Status(s)); err != nil {
			return fault.Input("status", err)
		}
	}
	return nil
}

// checkPlanUpdate checks an update of one plan: nothing changes on an
// approved plan, and a status change follows the state machine and
// stamps the workflow fields.
func checkPlanUpdate(ctx context.Context, m *gen.DevelopmentPlanMutation) error {
	to, changing := m.Status()
	if err := checkWorkflowFields(m, to); err != nil {
		return err
	}
	id, ok := m.ID()
	if !ok {
		return fmt.Errorf("plan update without an id")
	}
	plans, err := lockPlans(ctx, m.Client(), true, developmentplan.ID(id))
	if err != nil {
		return err
	}
	if len(plans) == 0 {
		return fault.NotFoundf("development plan not found")
	}
	from := plans[0].Status
	if !changing {
		return checkUnfrozen("change", plans)
	}
	if err := plan.Transition(from, plan.Status(to)); err != nil {
		return &fault.Error{Code: fault.Conflict, Msg: err.Error(), Err: err}
	}
	now := m.Rules.Time().UTC() // stored times are UTC (SQLite compares them as text)
	switch plan.Status(to) {
	case plan.Submitted:
		m.SetSubmittedAt(now)
	case plan.Returned:
		reason, _ := m.ReturnReason()
		reason, err := plan.Reason(reason)
		if err != nil {
			return fault.Input("reason", err)
		}
		m.SetReturnReason(reason)
		m.SetDecidedAt(now)
	case plan.Approved:
		m.SetDecidedAt(now)
	}
	return nil
}

// checkPlanBulkUpdate refuses status changes of several plans at once
// and any change to approved plans.
func checkPlanBulkUpdate(ctx context.Context, m *gen.DevelopmentPlanMutation) error {
	if _, ok := m.Status(); ok {
		return fault.Input("status", errBulk)
	}
	if err := checkWorkflowFields(m, ""); err != nil {
		return err
	}
	return checkTargets(ctx, m, "change")
}

// checkTargets locks the plans m targets and refuses the action ("change",
// "delete") if one of them is frozen.
func checkTargets(ctx context.Context, m *gen.DevelopmentPlanMutation, action string) error {
	ids, err := m.IDs(ctx)
	if err != nil {
		return fmt.Errorf("plans: %w", err)
	}
	if len(ids) == 0 {
		return nil
	}
	plans, err := lockPlans(ctx, m.Client(), true, developmentplan.IDIn(ids...))
	if err != nil {
		return err
	}
	return checkUnfrozen(action, plans)
}

// checkWorkflowFields refuses workflow fields set by the caller:
// submitted_at and decided_at are stamped by PlanWorkflow, and
// return_reason comes only with a move to RETURNED (to).
func checkWorkflowFields(m *gen.DevelopmentPlanMutation, to developmentplan.Status) error {
	if _, ok := m.SubmittedAt(); ok || m.SubmittedAtCleared() {
		return fault.Inputf("submittedAt", "is set by the workflow (submitPlan), not directly")
	}
	if _, ok := m.DecidedAt(); ok || m.DecidedAtCleared() {
		return fault.Inputf("decidedAt", "is set by the workflow (approvePlan, returnPlan), not directly")
	}
	if _, ok := m.ReturnReason(); (ok || m.ReturnReasonCleared()) && to != developmentplan.StatusRETURNED {
		return fault.Inputf("returnReason", "is set only when the plan is returned (returnPlan)")
	}
	return nil
}

// lockedPlan is the status of a plan read under lock.
type lockedPlan struct {
	ID     int         `json:"id"`
	Status plan.Status `json:"status"`
}

// lockPlans returns the id and status of the plans matching where and
// locks them until the transaction ends: FOR UPDATE when the caller is
// about to change them (exclusive), FOR SHARE otherwise. SQLite has no
// row locks and needs none: it runs one writer at a time.
func lockPlans(ctx context.Context, c *gen.Client, exclusive bool, where predicate.DevelopmentPlan) ([]lockedPlan, error) {
	var plans []lockedPlan
	err := c.DevelopmentPlan.Query().
		Where(where).
		Modify(func(s *sql.Selector) {
			s.Select(s.C(developmentplan.FieldID), s.C(developmentplan.FieldStatus))
			switch {
			case s.Dialect() != dialect.Postgres:
			case exclusive:
				s.ForUpdate()
			default:
				s.ForShare()
			}
		}).
		Scan(ctx, &plans)
	if err != nil {
		return nil, fmt.Errorf("reading plan status: %w", err)
	}
	return plans, nil
}

// checkUnfrozen refuses the action (a verb phrase: "change", "add an
// item to") when one of the plans is frozen.
func checkUnfrozen(action string, plans []lockedPlan) error {
	for _, p := range plans {
		if plan.Frozen(p.Status) {
			f := fault.Newf(fault.Conflict, "", "cannot %s a plan that is %s (an approved plan is frozen)", phrase.Noun(action), p.Status)
			f.Err = plan.ErrFrozen
			return f
		}
	}
	return nil
}
