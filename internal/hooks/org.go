package hooks

import (
	"context"
	"fmt"
	"strings"

	"entgo.io/ent"

	gen "kembang/ent"
	"kembang/ent/agency"
	"kembang/ent/employee"
	"kembang/ent/hook"
	"kembang/ent/position"
	"kembang/ent/predicate"
	"kembang/ent/trainingneed"
	"kembang/ent/unit"
	"kembang/internal/domain/org"
	"kembang/internal/domain/phrase"
	"kembang/internal/fault"
	"kembang/internal/rules"
)

// The organisation rules (pure parts in internal/domain/org): references
// between an agency's records stay inside the agency, and the unit tree
// and the supervision chains have no loops. They bind every writer, ADMIN
// and imports included: a reference across agencies is data corruption,
// not a permission question (it would let another agency's supervisor
// read an employee's personal data and sign off for them).
//
// The references audited, by entity an agency-scoped role may write:
//
//	Unit.parent                         same agency, no loop
//	Employee.unit, .position,           same agency as the employee
//	  .targetPosition, .supervisor      (supervisor: no loop, not self)
//	TrainingNeed.unit, .forum           same agency as the need
//	Forum.unit, ImpactIndicator.unit    same agency as the forum, indicator
//	Program.indicators                  the organising agency's (hooks.ProgramIndicators)
//	PlanItem.revision                   of a program of the plan's agency
//	Unit, Position, Employee .agency    moving one to another agency is
//	                                    refused while records of the old
//	                                    agency still refer to it
//
// Legitimately across agencies, hence not checked: an enrollment of one
// agency's employee in a session of a program another agency organises
// (or of a program of every agency), and partners, competencies and
// national programs, which belong to no agency. DevelopmentPlan.agency,
// PlanItem.plan, Session.program, Enrollment.employee/session,
// Evaluation.enrollment/session, LearningClaim.employee and
// APIKey.partner are immutable; plan items, assessments, position
// standards and program targets refer only to such shared records or to
// a record of the writer's own agency, which the access rules check.
//
// Concurrency: every write these rules check locks the agencies involved
// first (lockAgencies), so the checks of one agency run one at a time.

// UnitOrg keeps a unit's parent in its agency and the unit tree free of
// loops, and a unit from moving to another agency while its sub-units,
// employees or training needs refer to it.
func UnitOrg(next ent.Mutator) ent.Mutator {
	return hook.UnitFunc(func(ctx context.Context, m *gen.UnitMutation) (ent.Value, error) {
		a, agencySet := m.AgencyID()
		_, parentSet := m.ParentID()
		if !agencySet && (!parentSet || m.Op().Is(ent.OpCreate)) {
			return next.Mutate(ctx, m) // a create without its agency: ent refuses it
		}
		if m.Op().Is(ent.OpUpdate) {
			return nil, fault.Input(firstSet(agencySet, "agencyID", "parentID"), errBulk)
		}
		c := m.Client()
		mv, err := moveOf(ctx, c, m.Op(), a, agencySet, m.OldAgencyID)
		if err != nil {
			return nil, err
		}
		parent, err := refAfter(ctx, m.Op(), m.ParentID, m.ParentCleared(), m.OldParentID)
		if err != nil {
			return nil, err
		}
		parentRef := orgRef{"parentID", "the parent unit", parent, parentSet, unitAgency(c)}
		if err := checkRefs(ctx, "the unit", mv, parentRef); err != nil {
			return nil, err
		}
		if id, ok := m.ID(); ok && m.Op().Is(ent.OpUpdateOne) {
			if parentSet {
				loops, err := org.Loops(ctx, id, *parent, unitParent(c))
				if err != nil {
					return nil, fmt.Errorf("organisation rules: walking the unit tree: %w", err)
				}
				if loops {
					return nil, fault.Input("parentID", phrase.Errorf("%w in the unit tree: the new parent is the unit itself or one of its sub-units", org.ErrLoop))
				}
			}
			if mv.moved() {
				if err := stillUsed(ctx, "the unit", "move them first",
					users{"sub-unit", c.Unit.Query().Where(unit.ParentID(id)).Count},
					users{"employee", c.Employee.Query().Where(employee.UnitID(id)).Count},
					users{"training need", c.TrainingNeed.Query().Where(trainingneed.UnitID(id)).Count},
				); err != nil {
					return nil, err
				}
			}
		}
		return next.Mutate(ctx, m)
	})
}

// PositionOrg keeps a position in the agency of its holders and
// aspirants.
func PositionOrg(next ent.Mutator) ent.Mutator {
	return hook.PositionFunc(func(ctx context.Context, m *gen.PositionMutation) (ent.Value, error) {
		a, agencySet := m.AgencyID()
		if !agencySet || m.Op().Is(ent.OpCreate) {
			return next.Mutate(ctx, m)
		}
		if m.Op().Is(ent.OpUpdate) {
			return nil, fault.Input("agencyID", errBulk)
		}
		c := m.Client()
		mv, err := moveOf(ctx, c, m.Op(), a, agencySet, m.OldAgencyID)
		if err != nil {
			return nil, err
		}
		if id, ok := m.ID(); ok && mv.moved() {
			if err := stillUsed(ctx, "the position", "give them other positions first",
				users{"holder", c.Employee.Query().Where(employee.PositionID(id)).Count},
				users{"employee developed for it", c.Employee.Query().Where(employee.TargetPositionID(id)).Count},
			); err != nil {
				return nil, err
			}
		}
		return next.Mutate(ctx, m)
	})
}

// EmployeeOrg keeps an employee's unit, position, target position and
// supervisor in the employee's agency, and the supervision chain free of
// loops.
func EmployeeOrg(next ent.Mutator) ent.Mutator {
	return hook.EmployeeFunc(func(ctx context.Context, m *gen.EmployeeMutation) (ent.Value, error) {
		a, agencySet := m.AgencyID()
		_, unitSet := m.UnitID()
		_, positionSet := m.PositionID()
		_, targetSet := m.TargetPositionID()
		_, supervisorSet := m.SupervisorID()
		if !agencySet && (!unitSet && !positionSet && !targetSet && !supervisorSet || m.Op().Is(ent.OpCreate)) {
			return next.Mutate(ctx, m) // a create without its agency: ent refuses it
		}
		if m.Op().Is(ent.OpUpdate) {
			return nil, fault.Input(firstSet(agencySet, "agencyID", firstSet(unitSet, "unitID",
				firstSet(positionSet, "positionID", firstSet(targetSet, "targetPositionID", "supervisorID")))), errBulk)
		}
		c := m.Client()
		mv, err := moveOf(ctx, c, m.Op(), a, agencySet, m.OldAgencyID)
		if err != nil {
			return nil, err
		}
		refs := make([]orgRef, 0, 4)
		for _, r := range []struct {
			field, what string
			get         func() (int, bool)
			cleared     bool
			old         func(context.Context) (*int, error)
			agencyOf    agencyReader
		}{
			{"unitID", "the unit", m.UnitID, m.UnitCleared(), m.OldUnitID, unitAgency(c)},
			{"positionID", "the position", m.PositionID, m.PositionCleared(), m.OldPositionID, positionAgency(c)},
			{"targetPositionID", "the target position", m.TargetPositionID, m.TargetPositionCleared(), m.OldTargetPositionID, positionAgency(c)},
			{"supervisorID", "the supervisor", m.SupervisorID, m.SupervisorCleared(), m.OldSupervisorID, employeeAgency(c)},
		} {
			id, err := refAfter(ctx, m.Op(), r.get, r.cleared, r.old)
			if err != nil {
				return nil, err
			}
			_, set := r.get()
			refs = append(refs, orgRef{r.field, r.what, id, set, r.agencyOf})
		}
		if err := checkRefs(ctx, "the employee", mv, refs...); err != nil {
			return nil, err
		}
		if id, ok := m.ID(); ok && m.Op().Is(ent.OpUpdateOne) {
			if sup := refs[3]; sup.set {
				loops, err := org.Loops(ctx, id, *sup.id, supervisorOf(c))
				if err != nil {
					return nil, fmt.Errorf("organisation rules: walking the supervision chain: %w", err)
				}
				if loops {
					return nil, fault.Input("supervisorID", phrase.Errorf("%w in the supervision chain: the new supervisor is the employee or one of the employee's direct or indirect reports", org.ErrLoop))
				}
			}
			if mv.moved() {
				if err := stillUsed(ctx, "the employee", "give them another supervisor first",
					users{"report", c.Employee.Query().Where(employee.SupervisorID(id)).Count},
				); err != nil {
					return nil, err
				}
			}
		}
		return next.Mutate(ctx, m)
	})
}

// NeedOrg keeps a training need's unit and forum in the need's agency.
func NeedOrg(next ent.Mutator) ent.Mutator {
	return hook.TrainingNeedFunc(func(ctx context.Context, m *gen.TrainingNeedMutation) (ent.Value, error) {
		a, agencySet := m.AgencyID()
		_, unitSet := m.UnitID()
		_, forumSet := m.ForumID()
		if !agencySet && (!unitSet && !forumSet || m.Op().Is(ent.OpCreate)) {
			return next.Mutate(ctx, m) // a create without its agency: ent refuses it
		}
		if m.Op().Is(ent.OpUpdate) {
			return nil, fault.Input(firstSet(agencySet, "agencyID", firstSet(unitSet, "unitID", "forumID")), errBulk)
		}
		c := m.Client()
		mv, err := moveOf(ctx, c, m.Op(), a, agencySet, m.OldAgencyID)
		if err != nil {
			return nil, err
		}
		u, err := refAfter(ctx, m.Op(), m.UnitID, m.UnitCleared(), m.OldUnitID)
		if err != nil {
			return nil, err
		}
		f, err := refAfter(ctx, m.Op(), m.ForumID, m.ForumCleared(), m.OldForumID)
		if err != nil {
			return nil, err
		}
		if err := checkRefs(ctx, "the training need", mv,
			orgRef{"unitID", "the unit", u, unitSet, unitAgency(c)},
			orgRef{"forumID", "the forum", f, forumSet, forumAgency(c)},
		); err != nil {
			return nil, err
		}
		return next.Mutate(ctx, m)
	})
}

// firstSet returns a if set, else b: the field a refusal names.
func firstSet(set bool, a, b string) string {
	if set {
		return a
	}
	return b
}

// agencyMove is the agency of a record before and after a mutation (the
// same for a create, or an update that keeps it).
type agencyMove struct{ from, to int }

// moved reports whether the record changes agency.
func (a agencyMove) moved() bool { return a.from != a.to }

// moveOf returns the agency of a record before and after a mutation (v
// when set, else the stored one) and locks both (lockAgencies).
func moveOf(ctx context.Context, c *gen.Client, op ent.Op, v int, set bool, old func(context.Context) (int, error)) (agencyMove, error) {
	to, err := after(ctx, op, "agencyID", v, set, old)
	if err != nil {
		return agencyMove{}, err
	}
	mv := agencyMove{from: to, to: to}
	if set && op.Is(ent.OpUpdateOne) {
		if mv.from, err = old(ctx); err != nil {
			return agencyMove{}, err
		}
	}
	return mv, lockAgencies(ctx, c, mv.from, mv.to)
}

// lockAgencies locks the rows of the given agencies until the end of the
// transaction (FOR NO KEY UPDATE on PostgreSQL, in ID order). Every write
// the organisation rules check takes it first, so the checks of one
// agency run one at a time and each sees what the previous one committed:
// two concurrent re-parentings cannot together close a loop, and a record
// cannot move to another agency while a reference to it is being made.
// Inserts elsewhere that only refer to an agency (foreign-key checks take
// KEY SHARE locks) are not blocked. SQLite runs one writer at a time and
// needs no lock (lockRow).
//
// With a memo (rules.Env.Memo, bulk imports) an agency locked once in the
// transaction is not locked again: the lock is held until the end.
func lockAgencies(ctx context.Context, c *gen.Client, ids ...int) error {
	if len(ids) == 2 && ids[0] == ids[1] {
		ids = ids[:1]
	}
	memo := c.Rules.Memo
	locked := func(id int) rules.MemoKey { return rules.MemoKey{What: "locked", Table: agency.Table, ID: id} }
	if len(ids) == 1 {
		if _, ok := memo.Get(locked(ids[0])); ok {
			return nil
		}
	}
	_, err := c.Agency.Query().Where(agency.IDIn(ids...), predicate.Agency(lockRow)).Order(agency.ByID()).IDs(ctx)
	if err != nil {
		return fmt.Errorf("organisation rules: locking agencies: %w", err)
	}
	for _, id := range ids {
		memo.Put(locked(id), 1)
	}
	return nil
}

// refAfter returns the value a nillable reference has once a mutation is
// applied: the new one if set (get), none if cleared or on a create that
// does not set it, otherwise the stored one (old).
func refAfter(ctx context.Context, op ent.Op, get func() (int, bool), cleared bool, old func(context.Context) (*int, error)) (*int, error) {
	if v, ok := get(); ok {
		return &v, nil
	}
	if cleared || !op.Is(ent.OpUpdateOne) {
		return nil, nil
	}
	return old(ctx)
}

// agencyReader returns the agency of the row with the given ID, none when
// there is no such row.
type agencyReader func(ctx context.Context, id int) ([]int, error)

// unitAgency reads the agency of a unit.
func unitAgency(c *gen.Client) agencyReader {
	return remembered(c, unit.Table, func(ctx context.Context, id int) ([]int, error) {
		return c.Unit.Query().Where(unit.ID(id)).Select(unit.FieldAgencyID).Ints(ctx)
	})
}

// positionAgency reads the agency of a position.
func positionAgency(c *gen.Client) agencyReader {
	return remembered(c, position.Table, func(ctx context.Context, id int) ([]int, error) {
		return c.Position.Query().Where(position.ID(id)).Select(position.FieldAgencyID).Ints(ctx)
	})
}

// remembered reads through c's memo (rules.Env.Memo): the agency of a row
// of table found once is not read again in the transaction.
func remembered(c *gen.Client, table string, read agencyReader) agencyReader {
	memo := c.Rules.Memo
	if memo == nil {
		return read
	}
	return func(ctx context.Context, id int) ([]int, error) {
		k := rules.MemoKey{What: "agency", Table: table, ID: id}
		if a, ok := memo.Get(k); ok {
			return []int{a}, nil
		}
		as, err := read(ctx, id)
		if err == nil && len(as) == 1 {
			memo.Put(k, as[0])
		}
		return as, err
	}
}

// employeeAgency reads the agency of an employee.
func employeeAgency(c *gen.Client) agencyReader {
	return func(ctx context.Context, id int) ([]int, error) {
		return c.Employee.Query().Where(employee.ID(id)).Select(employee.FieldAgencyID).Ints(ctx)
	}
}

// orgRef is a reference of a record to another record of its agency.
type orgRef struct {
	field, what string       // in API spelling ("unitID"); in messages ("the unit")
	id          *int         // once the mutation is applied; nil: none
	set         bool         // the mutation sets it
	agencyOf    agencyReader // reads the agency of the record referred to
}

// checkRefs refuses references of a record (owner, "the employee") to
// another agency's records: those the mutation sets, and, when it moves
// the record to another agency, those it keeps. A reference to no row is
// left to the foreign key.
func checkRefs(ctx context.Context, owner string, mv agencyMove, refs ...orgRef) error {
	for _, r := range refs {
		if r.id == nil || !r.set && !mv.moved() {
			continue
		}
		as, err := r.agencyOf(ctx, *r.id)
		if err != nil {
			return fmt.Errorf("organisation rules: reading %s: %w", r.what, err)
		}
		if len(as) == 0 {
			continue
		}
		if err := org.SameAgency(r.what, owner, as[0], mv.to); err != nil {
			return fault.Input(firstSet(r.set, r.field, "agencyID"), err)
		}
	}
	return nil
}

// users counts the records of a kind (noun, singular) that refer to the
// record being moved.
type users struct {
	noun  string
	count func(context.Context) (int, error)
}

// stillUsed refuses to move what ("the unit") to another agency while
// records of its agency refer to it, with a CONFLICT on agencyID saying
// how many and what to do (hint).
func stillUsed(ctx context.Context, what, hint string, us ...users) error {
	var parts []string
	for _, u := range us {
		n, err := u.count(ctx)
		if err != nil {
			return fmt.Errorf("organisation rules: counting %ss: %w", u.noun, err)
		}
		switch {
		case n == 1:
			parts = append(parts, "1 "+u.noun)
		case n > 1:
			parts = append(parts, fmt.Sprintf("%d %s", n, plural(u.noun)))
		}
	}
	if len(parts) == 0 {
		return nil
	}
	list := parts[0]
	if len(parts) > 1 {
		list = strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
	}
	return fault.Newf(fault.Conflict, "agencyID", "cannot move %s to another agency: records of its agency still refer to it (%s); %s", phrase.Noun(what), list, phrase.Noun(hint))
}

// plural forms the plural of the nouns stillUsed counts.
func plural(noun string) string {
	if first, rest, ok := strings.Cut(noun, " "); ok {
		return plural(first) + " " + rest // "employee developed for it"
	}
	return noun + "s"
}

// unitParent walks the unit tree up.
func unitParent(c *gen.Client) org.Parent {
	return func(ctx context.Context, id int) (*int, error) {
		u, err := c.Unit.Query().Where(unit.ID(id)).Select(unit.FieldParentID).Only(ctx)
		if gen.IsNotFound(err) {
			return nil, nil // an unknown parent: the foreign key refuses it
		}
		if err != nil {
			return nil, err
		}
		return u.ParentID, nil
	}
}

// supervisorOf walks the supervision chain up.
func supervisorOf(c *gen.Client) org.Parent {
	return func(ctx context.Context, id int) (*int, error) {
		e, err := c.Employee.Query().Where(employee.ID(id)).Select(employee.FieldSupervisorID).Only(ctx)
		if gen.IsNotFound(err) {
			return nil, nil // an unknown supervisor: the foreign key refuses it
		}
		if err != nil {
			return nil, err
		}
		return e.SupervisorID, nil
	}
}
