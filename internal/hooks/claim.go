package hooks

import (
	"context"
	"fmt"
	"strings"
	"time"

	"entgo.io/ent"

	gen "kembang/ent"
	"kembang/ent/learningclaim"
	"kembang/ent/predicate"
	"kembang/internal/fault"
	"kembang/internal/rules"
)

// claimReview are the fields written when HR reviews a claim.
var claimReview = []string{
	learningclaim.FieldStatus,
	learningclaim.FieldReviewedAt,
	learningclaim.FieldReviewNote,
}

// ClaimReview enforces the external learning claim rules (see
// docs/workflows.md):
//
//   - a new claim is PENDING, not yet reviewed, and ends on or after the
//     day it starts;
//   - only a PENDING claim may be changed or deleted;
//   - its status moves only from PENDING to APPROVED or REJECTED, which
//     stamps reviewed_at (the request time unless the mutation sets it);
//     a rejection needs a non-empty reason, stored in review_note;
//   - reviews are made one claim at a time.
func ClaimReview(next ent.Mutator) ent.Mutator {
	return workflow(func(m *gen.LearningClaimMutation) rules.Env { return m.Rules }, checkClaim)(next)
}

// checkClaim applies the claim rules to a write.
func checkClaim(ctx context.Context, m *gen.LearningClaimMutation) error {
	// Dates in UTC: SQLite compares times as text, so the ledger's
	// year bounds (in UTC) only compare right with UTC values.
	if v, ok := m.StartsOn(); ok {
		m.SetStartsOn(v.UTC())
	}
	if v, ok := m.EndsOn(); ok {
		m.SetEndsOn(v.UTC())
	}
	var err error
	switch op := m.Op(); {
	case op.Is(ent.OpCreate):
		err = createClaim(m)
	case op.Is(ent.OpUpdateOne | ent.OpDeleteOne):
		err = changeClaim(ctx, m)
	case op.Is(ent.OpUpdate) && touched(m, append(claimReview, learningclaim.FieldStartsOn, learningclaim.FieldEndsOn)...):
		err = fault.Input("status", errBulk)
	case op.Is(ent.OpUpdate | ent.OpDelete):
		err = allPending(ctx, m)
	}
	return err
}

// createClaim checks a new claim.
func createClaim(m *gen.LearningClaimMutation) error {
	if s, _ := m.Status(); s != learningclaim.StatusPENDING {
		return fault.Inputf("status", "a new claim is PENDING until HR reviews it, not %s", s)
	}
	if touched(m, claimReview[1:]...) {
		return fault.Inputf("reviewNote", "a new claim has not been reviewed")
	}
	start, _ := m.StartsOn()
	end, _ := m.EndsOn()
	return checkClaimDates(start, end)
}

// changeClaim checks an update or delete of one claim.
func changeClaim(ctx context.Context, m *gen.LearningClaimMutation) error {
	id, _ := m.ID()
	// Lock the claim so that two reviews cannot both find it PENDING.
	cur, err := m.Client().LearningClaim.Query().
		Where(learningclaim.ID(id), predicate.LearningClaim(lockRow)).
		Only(ctx)
	if err != nil {
		return fmt.Errorf("claim rules: reading claim: %w", err)
	}
	if cur.Status != learningclaim.StatusPENDING {
		verb := "changed"
		if m.Op().Is(ent.OpDeleteOne) {
			verb = "deleted"
		} else if s, ok := m.Status(); ok && s != learningclaim.StatusPENDING {
			verb = "reviewed"
		}
		return fault.Conflictf("the claim is already %s; only PENDING claims can be %s", cur.Status, verb)
	}
	if m.Op().Is(ent.OpDeleteOne) {
		return nil
	}
	to, set := m.Status()
	switch {
	case !set && touched(m, claimReview[1:]...):
		return fault.Inputf("status", "review fields are written when the claim is approved or rejected")
	case !set:
	case to != learningclaim.StatusAPPROVED && to != learningclaim.StatusREJECTED:
		return fault.Inputf("status", "a PENDING claim can only be APPROVED or REJECTED, not %s", to)
	default:
		if _, ok := m.ReviewedAt(); !ok {
			m.SetReviewedAt(m.Rules.Time().UTC())
		}
		note := cur.ReviewNote
		if v, ok := m.ReviewNote(); ok {
			note = v
		} else if m.ReviewNoteCleared() {
			note = ""
		}
		if to == learningclaim.StatusREJECTED && strings.TrimSpace(note) == "" {
			return fault.Inputf("reviewNote", "a rejection needs a reason")
		}
	}
	start, end := cur.StartsOn, cur.EndsOn
	if v, ok := m.StartsOn(); ok {
		start = v
	}
	if v, ok := m.EndsOn(); ok {
		end = v
	}
	return checkClaimDates(start, end)
}

// allPending refuses a bulk change or delete that matches a claim already
// reviewed.
func allPending(ctx context.Context, m *gen.LearningClaimMutation) error {
	ids, err := m.IDs(ctx)
	if err != nil {
		return fmt.Errorf("claim rules: selecting claims: %w", err)
	}
	n, err := m.Client().LearningClaim.Query().
		Where(learningclaim.IDIn(ids...), learningclaim.StatusNEQ(learningclaim.StatusPENDING)).
		Count(ctx)
	if err != nil {
		return fmt.Errorf("claim rules: checking statuses: %w", err)
	}
	if n > 0 {
		return fault.Conflictf("%d of the claims are already reviewed; only PENDING claims can be changed or deleted", n)
	}
	return nil
}

// checkClaimDates keeps a claim's end on or after its start.
func checkClaimDates(start, end time.Time) error {
	if end.Before(start) {
		return fault.Inputf("endsOn", "the learning ends (%s) before it starts (%s)", day(end), day(start))
	}
	return nil
}
