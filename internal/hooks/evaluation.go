package hooks

import (
	"context"
	"fmt"
	"strings"
	"time"

	"entgo.io/ent"

	gen "kembang/ent"
	entenrollment "kembang/ent/enrollment"
	"kembang/ent/evaluation"
	"kembang/ent/predicate"
	"kembang/internal/domain/enrollment"
	"kembang/internal/fault"
	"kembang/internal/rules"
)

// Score bounds of reaction, learning and behaviour evaluations.
const (
	minScore = 0
	maxScore = 100
)

// evaluationFields are the fields the level rules depend on.
var evaluationFields = []string{
	evaluation.FieldLevel,
	evaluation.FieldScore,
	evaluation.FieldPreScore,
	evaluation.FieldPostScore,
	evaluation.FieldIndicator,
	evaluation.FieldBaseline,
	evaluation.FieldResult,
	evaluation.FieldDueOn,
	evaluation.FieldSignedOffOn,
}

// EvaluationLevels enforces the Kirkpatrick level rules (see
// docs/workflows.md). checkEvaluationTarget, which runs first, has
// already put levels 1 to 3 on an enrollment and level 4 on a session.
//
//   - REACTION (1): only once the participant attended (the enrollment is
//     ATTENDED, COMPLETED or FAILED), at most one per enrollment, with a
//     score from 0 to 100.
//   - LEARNING (2): pre-test and post-test scores from 0 to 100, at most
//     one per enrollment.
//   - BEHAVIOR (3): a due date; signedOffOn is set once, by an update of
//     that field alone (the signOffBehavior mutation), never on creation.
//   - RESULTS (4): an indicator, its baseline and its result.
//
// Every score given (score, preScore, postScore) is within 0 to 100,
// whatever the level. "At most one" holds under concurrency: the rules
// lock the enrollment row before they look for an existing evaluation.
func EvaluationLevels(next ent.Mutator) ent.Mutator {
	return workflow(func(m *gen.EvaluationMutation) rules.Env { return m.Rules }, checkLevels)(next)
}

// checkLevels applies the level rules to a write.
func checkLevels(ctx context.Context, m *gen.EvaluationMutation) error {
	switch op := m.Op(); {
	case op.Is(ent.OpCreate | ent.OpUpdateOne):
		return checkEvaluation(ctx, m)
	case op.Is(ent.OpUpdate) && touched(m, evaluationFields...):
		return fault.Input("level", errBulk)
	}
	return nil
}

// evalState is an evaluation as it will be once a mutation is applied.
type evalState struct {
	level                              evaluation.Level
	score, pre, post, baseline, result *float64
	indicator                          string
	dueOn, signedOffOn                 *time.Time
}

// checkEvaluation applies the level rules to a create or an update of
// one evaluation.
func checkEvaluation(ctx context.Context, m *gen.EvaluationMutation) error {
	if len(m.AddedFields()) > 0 {
		return fault.Inputf(m.AddedFields()[0], "set the value; adding to it is not supported")
	}
	c := m.Client()
	var cur *gen.Evaluation // nil on create
	enrollmentID, onEnrollment := m.EnrollmentID()
	if m.Op().Is(ent.OpUpdateOne) {
		id, _ := m.ID()
		e, err := c.Evaluation.Get(ctx, id)
		if err != nil {
			return fmt.Errorf("evaluation rules: reading evaluation: %w", err)
		}
		onEnrollment = e.EnrollmentID != nil
		if onEnrollment {
			enrollmentID = *e.EnrollmentID
		}
		cur = e
	}
	var enr *gen.Enrollment
	if onEnrollment {
		// Every evaluation write of an enrollment takes this lock first, so
		// the checks below see the evaluations committed before it.
		e, err := c.Enrollment.Query().
			Where(entenrollment.ID(enrollmentID), predicate.Enrollment(lockRow)).
			Only(ctx)
		if gen.IsNotFound(err) {
			return fault.Inputf("enrollmentID", "no such enrollment")
		}
		if err != nil {
			return fmt.Errorf("evaluation rules: locking enrollment: %w", err)
		}
		enr = e
		if cur != nil {
			// Read again under the lock: a concurrent sign-off may have
			// committed since.
			if cur, err = c.Evaluation.Get(ctx, cur.ID); err != nil {
				return fmt.Errorf("evaluation rules: reading evaluation: %w", err)
			}
		}
	}
	st := evalAfter(m, cur)
	if err := checkSignOff(m, cur, st); err != nil {
		return err
	}
	for _, s := range []struct {
		field string
		v     *float64
	}{{"score", st.score}, {"preScore", st.pre}, {"postScore", st.post}} {
		if s.v != nil && (*s.v < minScore || *s.v > maxScore) {
			return fault.Inputf(s.field, "scores run from %d to %d, not %g", minScore, maxScore, *s.v)
		}
	}
	switch st.level {
	case evaluation.LevelREACTION:
		if enr == nil {
			return fault.Inputf("enrollmentID", "a REACTION evaluation belongs to an enrollment")
		}
		if s := enrollment.Status(enr.Status); s != enrollment.Attended && s != enrollment.Completed && s != enrollment.Failed {
			return fault.Conflictf("a REACTION evaluation is given after attending, and the enrollment is %s (allowed when ATTENDED, COMPLETED or FAILED)", s)
		}
		if st.score == nil {
			return fault.Inputf("score", "a REACTION evaluation needs a score from %d to %d", minScore, maxScore)
		}
	case evaluation.LevelLEARNING:
		if st.pre == nil {
			return fault.Inputf("preScore", "a LEARNING evaluation needs a pre-test score from %d to %d", minScore, maxScore)
		}
		if st.post == nil {
			return fault.Inputf("postScore", "a LEARNING evaluation needs a post-test score from %d to %d", minScore, maxScore)
		}
	case evaluation.LevelBEHAVIOR:
		if st.dueOn == nil {
			return fault.Inputf("dueOn", "a BEHAVIOR evaluation (post-training assignment) needs a due date")
		}
	case evaluation.LevelRESULTS:
		switch {
		case strings.TrimSpace(st.indicator) == "":
			return fault.Inputf("indicator", "a RESULTS evaluation needs the indicator measured")
		case st.baseline == nil:
			return fault.Inputf("baseline", "a RESULTS evaluation needs the indicator's value before the training")
		case st.result == nil:
			return fault.Inputf("result", "a RESULTS evaluation needs the indicator's value after the training")
		}
	}
	if st.level == evaluation.LevelREACTION || st.level == evaluation.LevelLEARNING {
		q := c.Evaluation.Query().Where(evaluation.EnrollmentID(enrollmentID), evaluation.LevelEQ(st.level))
		if cur != nil {
			q.Where(evaluation.IDNEQ(cur.ID))
		}
		n, err := q.Count(ctx)
		if err != nil {
			return fmt.Errorf("evaluation rules: counting evaluations: %w", err)
		}
		if n > 0 {
			return fault.Conflictf("the enrollment already has a %s evaluation (at most one per enrollment)", st.level)
		}
	}
	return nil
}

// checkSignOff allows signedOffOn to be set once, on a BEHAVIOR
// evaluation, by an update; never cleared.
func checkSignOff(m *gen.EvaluationMutation, cur *gen.Evaluation, st evalState) error {
	_, set := m.SignedOffOn()
	switch {
	case !set && !m.SignedOffOnCleared():
	case cur == nil:
		return fault.Inputf("signedOffOn", "a new evaluation is not signed off yet; sign it off with signOffBehavior")
	case !set:
		return fault.Conflictf("a sign-off cannot be withdrawn")
	case st.level != evaluation.LevelBEHAVIOR:
		return fault.Conflictf("only BEHAVIOR evaluations are signed off, and this one is %s", st.level)
	case cur.SignedOffOn != nil:
		return fault.Conflictf("the assignment was already signed off on %s", day(*cur.SignedOffOn))
	}
	if st.signedOffOn != nil && st.level != evaluation.LevelBEHAVIOR {
		return fault.Conflictf("the evaluation is signed off, so it stays BEHAVIOR, not %s", st.level)
	}
	return nil
}

// evalAfter returns the evaluation as it will be once m is applied to
// cur (nil for a create).
func evalAfter(m *gen.EvaluationMutation, cur *gen.Evaluation) evalState {
	var old gen.Evaluation
	if cur != nil {
		old = *cur
	}
	st := evalState{
		level:       old.Level,
		score:       pick(m.Score, m.ScoreCleared(), old.Score),
		pre:         pick(m.PreScore, m.PreScoreCleared(), old.PreScore),
		post:        pick(m.PostScore, m.PostScoreCleared(), old.PostScore),
		baseline:    pick(m.Baseline, m.BaselineCleared(), old.Baseline),
		result:      pick(m.Result, m.ResultCleared(), old.Result),
		dueOn:       pick(m.DueOn, m.DueOnCleared(), old.DueOn),
		signedOffOn: pick(m.SignedOffOn, m.SignedOffOnCleared(), old.SignedOffOn),
		indicator:   old.Indicator,
	}
	if l, ok := m.Level(); ok {
		st.level = l
	}
	if v, ok := m.Indicator(); ok {
		st.indicator = v
	} else if m.IndicatorCleared() {
		st.indicator = ""
	}
	return st
}

// pick returns the value of a nillable field after a mutation: the value
// get returns when the mutation sets it, nil when it clears it, otherwise
// the old value.
func pick[T any](get func() (T, bool), cleared bool, old *T) *T {
	if v, ok := get(); ok {
		return &v
	}
	if cleared {
		return nil
	}
	return old
}
