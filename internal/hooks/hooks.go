// Package hooks holds the bodies of the storage rules: the ent hooks that
// every write passes, whatever the client (the workflow mutations, the
// generic createX/updateX mutations, Go code using the ent client). The
// schema (package kembang/ent/schema) lists which of them bind each
// entity; the pure rules they apply are in the packages under
// kembang/internal/domain; docs/rules.md indexes every rule with its test.
//
// The package imports the generated client (kembang/ent) and is imported
// by the schema, and by bulk writers for [WithTrailBatch] only: the generated runtime (kembang/ent/runtime), which
// registers the schema's hooks, imports the schema, so nothing here may
// import the runtime or the schema. Its tests are in package hooks_test,
// on the test store (kembang/internal/store/storetest).
package hooks

import (
	"context"
	"fmt"

	"entgo.io/ent"

	gen "kembang/ent"
	"kembang/ent/hook"
	"kembang/ent/planitem"
	"kembang/ent/program"
	"kembang/internal/rules"
)

// workflow is the skeleton of the workflow rules (plans, evaluations,
// claims): check runs before each write of a mutation of type M, and a
// refusal stops it; writes of a client in import mode (rules.Import,
// which env reads from the mutation) skip the check.
func workflow[M ent.Mutation](env func(M) rules.Env, check func(context.Context, M) error) ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, mut ent.Mutation) (ent.Value, error) {
			m, ok := mut.(M)
			if !ok {
				return nil, fmt.Errorf("hooks: unexpected mutation %T", mut)
			}
			if !env(m).Importing() {
				if err := check(ctx, m); err != nil {
					return nil, err
				}
			}
			return next.Mutate(ctx, m)
		})
	}
}

// writes are the operations that set field values.
const writes = ent.OpCreate | ent.OpUpdate | ent.OpUpdateOne

// Immutable refuses every change and delete of an audit record.
func Immutable(next ent.Mutator) ent.Mutator {
	return hook.On(immutable, ent.OpUpdate|ent.OpUpdateOne|ent.OpDelete|ent.OpDeleteOne)(next)
}

// DecodeNIP validates an employee's NIP and stores the birth date, TMT
// CPNS and sex a PNS NIP encodes.
func DecodeNIP(next ent.Mutator) ent.Mutator { return hook.On(decodeNIP, writes)(next) }

// CheckGolongan keeps PNS ranks for PNS and PPPK grades for PPPK.
func CheckGolongan(next ent.Mutator) ent.Mutator { return hook.On(checkGolongan, writes)(next) }

// CheckFunctionalGrade requires a grade on functional positions and
// forbids it on the others.
func CheckFunctionalGrade(next ent.Mutator) ent.Mutator {
	return hook.On(checkFunctionalGrade, writes)(next)
}

// CheckAgreementDates keeps a partner's agreement period in order.
func CheckAgreementDates(next ent.Mutator) ent.Mutator {
	return hook.On(checkAgreementDates, writes)(next)
}

// CheckProgramForm keeps a program's form within its route.
func CheckProgramForm(next ent.Mutator) ent.Mutator {
	return hook.On(checkRouteForm[program.Route, program.Form, *gen.ProgramMutation], writes)(next)
}

// CheckSessionDates keeps a session's end after its start.
func CheckSessionDates(next ent.Mutator) ent.Mutator { return hook.On(checkSessionDates, writes)(next) }

// SessionCapacity keeps a session's capacity above its seats taken and
// gives the seats it adds to the waitlist.
func SessionCapacity(next ent.Mutator) ent.Mutator {
	return hook.On(sessionCapacity, ent.OpUpdate|ent.OpUpdateOne)(next)
}

// CheckEvaluationTarget attaches reaction, learning and behaviour
// evaluations to an enrollment and results evaluations to a session.
func CheckEvaluationTarget(next ent.Mutator) ent.Mutator {
	return hook.On(checkEvaluationTarget, writes)(next)
}

// CheckPlanItemForm keeps a plan item's form within its route.
func CheckPlanItemForm(next ent.Mutator) ent.Mutator {
	return hook.On(checkRouteForm[planitem.Route, planitem.Form, *gen.PlanItemMutation], writes)(next)
}
