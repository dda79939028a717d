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

// decodeNIP validates a PNS NIP and stores the birth date, TMT CPNS and
// sex it encodes; a PPPK number is only checked for its 18 digits.
func decodeNIP(next ent.Mutator) ent.Mutator {
	return hook.EmployeeFunc(func(ctx context.Context, m *gen.EmployeeMutation) (ent.Value, error) {
		n, nipSet := m.Nip()
		t, typeSet := m.EmploymentType()
		if !nipSet && !typeSet {
			return next.Mutate(ctx, m)
		}
		n, err := after(ctx, m.Op(), "nip", n, nipSet, m.OldNip)
		if err != nil {
			return nil, err
		}
		t, err = after(ctx, m.Op(), "employmentType", t, typeSet, m.OldEmploymentType)
		if err != nil {
			return nil, err
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
		g, gSet := m.Golongan()
		t, typeSet := m.EmploymentType()
		if !gSet && !typeSet {
			return next.Mutate(ctx, m)
		}
		t, err := after(ctx, m.Op(), "employmentType", t, typeSet, m.OldEmploymentType)
		if err != nil {
			return nil, err
		}
		old := func(ctx context.Context) (employee.Golongan, error) {
			if m.GolonganCleared() {
				return "", nil
			}
			g, err := m.OldGolongan(ctx)
			if err != nil || g == nil {
				return "", err
			}
			return *g, nil
		}
		g, err = after(ctx, m.Op(), "golongan", g, gSet, old)
		if err != nil || g == "" {
			return next.Mutate(ctx, m)
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
		jt, jtSet := m.JobType()
		fg, fgSet := m.FunctionalGrade()
		if !jtSet && !fgSet && !m.FunctionalGradeCleared() {
			return next.Mutate(ctx, m)
		}
		jt, err := after(ctx, m.Op(), "jobType", jt, jtSet, m.OldJobType)
		if err != nil {
			return nil, err
		}
		old := func(ctx context.Context) (position.FunctionalGrade, error) {
			if m.FunctionalGradeCleared() {
				return "", nil
			}
			g, err := m.OldFunctionalGrade(ctx)
			if err != nil || g == nil {
				return "", err
			}
			return *g, nil
		}
		fg, err = after(ctx, m.Op(), "functionalGrade", fg, fgSet, old)
		if err != nil {
			return nil, err
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
		from, fromSet := m.AgreementValidFrom()
		until, untilSet := m.AgreementValidUntil()
		if !fromSet && !untilSet {
			return next.Mutate(ctx, m)
		}
		from, err := after(ctx, m.Op(), "agreementValidFrom", from, fromSet, deref(m.OldAgreementValidFrom))
		if err != nil {
			return nil, err
		}
		until, err = after(ctx, m.Op(), "agreementValidUntil", until, untilSet, deref(m.OldAgreementValidUntil))
		if err != nil {
			return nil, err
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
		start, startSet := m.StartsAt()
		end, endSet := m.EndsAt()
		if !startSet && !endSet {
			return next.Mutate(ctx, m)
		}
		start, err := after(ctx, m.Op(), "startsAt", start, startSet, m.OldStartsAt)
		if err != nil {
			return nil, err
		}
		end, err = after(ctx, m.Op(), "endsAt", end, endSet, m.OldEndsAt)
		if err != nil {
			return nil, err
		}
		if end.Before(start) {
			return nil, fault.Inputf("endsAt", "session ends (%s) before it starts (%s)", end.Format(time.RFC3339), start.Format(time.RFC3339))
		}
		return next.Mutate(ctx, m)
	})
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
		r, rSet := m.Route()
		f, fSet := m.Form()
		if !rSet && !fSet {
			return next.Mutate(ctx, m)
		}
		r, err := after(ctx, m.Op(), "route", r, rSet, m.OldRoute)
		if err != nil {
			return nil, err
		}
		f, err = after(ctx, m.Op(), "form", f, fSet, m.OldForm)
		if err != nil {
			return nil, err
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

// deref adapts an Old<Field> getter of a nillable field.
func deref[T any](old func(context.Context) (*T, error)) func(context.Context) (T, error) {
	return func(ctx context.Context) (T, error) {
		var zero T
		p, err := old(ctx)
		if err != nil || p == nil {
			return zero, err
		}
		return *p, nil
	}
}

// day formats a date for messages.
func day(t time.Time) string { return t.Format(time.DateOnly) }
