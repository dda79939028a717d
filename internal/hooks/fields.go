package hooks

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"entgo.io/ent"

	gen "kembang/ent"
	"kembang/ent/employee"
	"kembang/ent/evaluation"
	"kembang/ent/hook"
	"kembang/ent/position"
	"kembang/internal/domain/nip"
	"kembang/internal/domain/route"
	"kembang/internal/fault"
)

// errBulk refuses bulk updates of fields whose rules span several fields.
var errBulk = errors.New("can only be changed one record at a time")

// after returns the value a field has once the mutation is applied: the
// new value if the mutation sets it, otherwise the stored value (updates
// of one row) or the zero value (creates). Bulk updates that set the
// field are refused, since rows differ in their other fields.
func after[T any](ctx context.Context, op ent.Op, field string, v T, set bool, old func(context.Context) (T, error)) (T, error) {
	switch {
	case set && op.Is(ent.OpUpdate):
		var zero T
		return zero, fault.Input(field, errBulk)
	case set || !op.Is(ent.OpUpdateOne):
		return v, nil
	}
	return old(ctx)
}

// value is a field of a mutation as the two-field checks read it: its
// name in the API, the value the mutation sets (set) or whether it clears
// it (cleared), and the getter of the stored value.
type value[T any] struct {
	name         string
	v            T
	set, cleared bool
	old          func(context.Context) (T, error)
}

// valueOf returns the value of a field of m: get is its getter
// (m.<Field>), old its Old<Field>.
func valueOf[T any](name string, get func() (T, bool), old func(context.Context) (T, error)) value[T] {
	v, set := get()
	return value[T]{name: name, v: v, set: set, old: old}
}

// nillableOf is valueOf for a nillable field: the zero value stands for
// none, whether the mutation clears it (cleared) or none is stored.
func nillableOf[T any](name string, get func() (T, bool), cleared bool, old func(context.Context) (*T, error)) value[T] {
	v := valueOf(name, get, nillable(cleared, old))
	v.cleared = cleared
	return v
}

// pair is the skeleton of a rule over two fields of one record: it
// returns the values both have once m is applied (after), and ok false
// when m neither sets nor clears either, so that the rule does not run.
func pair[A, B any](ctx context.Context, m ent.Mutation, a value[A], b value[B]) (va A, vb B, ok bool, err error) {
	if !a.set && !a.cleared && !b.set && !b.cleared {
		return va, vb, false, nil
	}
	if va, err = after(ctx, m.Op(), a.name, a.v, a.set, a.old); err != nil {
		return va, vb, false, err
	}
	if vb, err = after(ctx, m.Op(), b.name, b.v, b.set, b.old); err != nil {
		return va, vb, false, err
	}
	return va, vb, true, nil
}

// decodeNIP validates a PNS NIP and stores the birth date, TMT CPNS and
// sex it encodes; a PPPK number is only checked for its 18 digits.
func decodeNIP(next ent.Mutator) ent.Mutator {
	return hook.EmployeeFunc(func(ctx context.Context, m *gen.EmployeeMutation) (ent.Value, error) {
		n, t, ok, err := pair(ctx, m, valueOf("nip", m.Nip, m.OldNip), valueOf("employmentType", m.EmploymentType, m.OldEmploymentType))
		if err != nil || !ok {
			return mutateUnless(ctx, next, m, err)
		}
		if t != employee.EmploymentTypePNS {
			if err := nip.CheckDigits(n); err != nil {
				return nil, fault.Input("nip", err)
			}
			m.ClearBirthDate()
			m.ClearAppointedOn()
			m.ClearSex()
			return next.Mutate(ctx, m)
		}
		p, err := nip.Parse(n)
		if err != nil {
			return nil, fault.Input("nip", err)
		}
		m.SetBirthDate(p.BirthDate)
		m.SetAppointedOn(p.Appointed)
		m.SetSex(employee.Sex(p.Sex.String()))
		return next.Mutate(ctx, m)
	})
}

// checkGolongan keeps PNS ranks for PNS and PPPK grades for PPPK.
func checkGolongan(next ent.Mutator) ent.Mutator {
	return hook.EmployeeFunc(func(ctx context.Context, m *gen.EmployeeMutation) (ent.Value, error) {
		t, g, ok, err := pair(ctx, m, valueOf("employmentType", m.EmploymentType, m.OldEmploymentType),
			nillableOf("golongan", m.Golongan, m.GolonganCleared(), m.OldGolongan))
		if err != nil || !ok || g == "" {
			return mutateUnless(ctx, next, m, err)
		}
		if pppk := strings.HasPrefix(string(g), "PPPK_"); pppk != (t == employee.EmploymentTypePPPK) {
			return nil, fault.Inputf("golongan", "%s is not a rank of a %s employee", g, t)
		}
		return next.Mutate(ctx, m)
	})
}

// checkFunctionalGrade requires a grade on functional positions and
// forbids it on the others.
func checkFunctionalGrade(next ent.Mutator) ent.Mutator {
	return hook.PositionFunc(func(ctx context.Context, m *gen.PositionMutation) (ent.Value, error) {
		jt, fg, ok, err := pair(ctx, m, valueOf("jobType", m.JobType, m.OldJobType),
			nillableOf("functionalGrade", m.FunctionalGrade, m.FunctionalGradeCleared(), m.OldFunctionalGrade))
		if err != nil || !ok {
			return mutateUnless(ctx, next, m, err)
		}
		switch {
		case jt == position.JobTypeFUNGSIONAL && fg == "":
			return nil, fault.Inputf("functionalGrade", "a FUNGSIONAL position needs a functional grade")
		case jt != position.JobTypeFUNGSIONAL && fg != "":
			return nil, fault.Inputf("functionalGrade", "only FUNGSIONAL positions have a functional grade, not %s", jt)
		}
		return next.Mutate(ctx, m)
	})
}

// checkAgreementDates keeps an agreement's validity period in order.
func checkAgreementDates(next ent.Mutator) ent.Mutator {
	return hook.PartnerFunc(func(ctx context.Context, m *gen.PartnerMutation) (ent.Value, error) {
		// A cleared date is compared as stored (cleared: false), as it was
		// before the rules moved here.
		from, until, ok, err := pair(ctx, m, nillableOf("agreementValidFrom", m.AgreementValidFrom, false, m.OldAgreementValidFrom),
			nillableOf("agreementValidUntil", m.AgreementValidUntil, false, m.OldAgreementValidUntil))
		if err != nil || !ok {
			return mutateUnless(ctx, next, m, err)
		}
		if !from.IsZero() && !until.IsZero() && until.Before(from) {
			return nil, fault.Inputf("agreementValidUntil", "agreement ends (%s) before it starts (%s)", day(until), day(from))
		}
		return next.Mutate(ctx, m)
	})
}

// checkSessionDates keeps a session's end after its start.
func checkSessionDates(next ent.Mutator) ent.Mutator {
	return hook.SessionFunc(func(ctx context.Context, m *gen.SessionMutation) (ent.Value, error) {
		start, end, ok, err := pair(ctx, m, valueOf("startsAt", m.StartsAt, m.OldStartsAt), valueOf("endsAt", m.EndsAt, m.OldEndsAt))
		if err != nil || !ok {
			return mutateUnless(ctx, next, m, err)
		}
		if end.Before(start) {
			return nil, fault.Inputf("endsAt", "session ends (%s) before it starts (%s)", end.Format(time.RFC3339), start.Format(time.RFC3339))
		}
		return next.Mutate(ctx, m)
	})
}

// mutateUnless returns err if not nil, else runs the rest of the
// mutation: the end of a check that has nothing to check.
func mutateUnless(ctx context.Context, next ent.Mutator, m ent.Mutation, err error) (ent.Value, error) {
	if err != nil {
		return nil, err
	}
	return next.Mutate(ctx, m)
}

// formMutation is the mutation of an entity with a development route
// and form: a program or a plan item.
type formMutation[R, F ~string] interface {
	ent.Mutation
	Route() (R, bool)
	Form() (F, bool)
	OldRoute(context.Context) (R, error)
	OldForm(context.Context) (F, error)
}

// checkRouteForm keeps the form of a program or plan item within its
// route.
func checkRouteForm[R, F ~string, M formMutation[R, F]](next ent.Mutator) ent.Mutator {
	return ent.MutateFunc(func(ctx context.Context, mut ent.Mutation) (ent.Value, error) {
		m, ok := mut.(M)
		if !ok {
			return nil, fmt.Errorf("checkRouteForm: unexpected mutation %T", mut)
		}
		r, f, ok, err := pair(ctx, m, valueOf("route", m.Route, m.OldRoute), valueOf("form", m.Form, m.OldForm))
		if err != nil || !ok {
			return mutateUnless(ctx, next, m, err)
		}
		if err := checkForm(string(r), string(f)); err != nil {
			return nil, err
		}
		return next.Mutate(ctx, m)
	})
}

// checkForm reports whether form belongs to route (route.CheckForm).
func checkForm(r, form string) error {
	err := route.CheckForm(r, form)
	if errors.Is(err, route.ErrUnknownRoute) {
		return fault.Input("route", err)
	}
	if err != nil {
		return fault.Input("form", err)
	}
	return nil
}

// checkEvaluationTarget attaches reaction, learning and behaviour
// evaluations to an enrollment and results evaluations to a session.
func checkEvaluationTarget(next ent.Mutator) ent.Mutator {
	return hook.EvaluationFunc(func(ctx context.Context, m *gen.EvaluationMutation) (ent.Value, error) {
		lvl, lvlSet := m.Level()
		if !lvlSet && !m.Op().Is(ent.OpCreate) {
			return next.Mutate(ctx, m)
		}
		lvl, err := after(ctx, m.Op(), "level", lvl, lvlSet, m.OldLevel)
		if err != nil {
			return nil, err
		}
		onEnrollment, onSession := true, true
		if m.Op().Is(ent.OpCreate) {
			_, onEnrollment = m.EnrollmentID()
			_, onSession = m.SessionID()
		} else {
			e, err := m.OldEnrollmentID(ctx)
			if err != nil {
				return nil, err
			}
			s, err := m.OldSessionID(ctx)
			if err != nil {
				return nil, err
			}
			onEnrollment, onSession = e != nil, s != nil
		}
		switch {
		case lvl == evaluation.LevelRESULTS && (!onSession || onEnrollment):
			return nil, fault.Inputf("sessionID", "a RESULTS evaluation belongs to a session, not to an enrollment")
		case lvl != evaluation.LevelRESULTS && (!onEnrollment || onSession):
			return nil, fault.Inputf("enrollmentID", "a %s evaluation belongs to an enrollment, not to a session", lvl)
		}
		return next.Mutate(ctx, m)
	})
}

// nillable adapts the Old<Field> getter of a nillable field: the zero
// value when the mutation clears the field (cleared) or none is stored.
func nillable[T any](cleared bool, old func(context.Context) (*T, error)) func(context.Context) (T, error) {
	return func(ctx context.Context) (T, error) {
		var zero T
		if cleared {
			return zero, nil
		}
		p, err := old(ctx)
		if err != nil || p == nil {
			return zero, err
		}
		return *p, nil
	}
}

// day formats a date for messages.
func day(t time.Time) string { return t.Format(time.DateOnly) }
