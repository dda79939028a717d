package hooks

import (
	"context"
	"errors"
	"fmt"
	"time"

	"entgo.io/ent"
	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"

	gen "kembang/ent"
	entenrollment "kembang/ent/enrollment"
	"kembang/ent/hook"
	"kembang/ent/partner"
	"kembang/ent/predicate"
	"kembang/ent/program"
	"kembang/ent/session"
	"kembang/internal/domain/enrollment"
	"kembang/internal/domain/gap"
	"kembang/internal/domain/phrase"
	"kembang/internal/fault"
)

// The delivery rules of issue 15, for every writer (imports included):
//
//   - a session's status moves only forward (enrollment.SessionTransition);
//     cancelling it withdraws its open enrollments;
//   - the partner delivering a session is one of its program's partners
//     and its cooperation agreement covers the session's dates
//     (enrollment.CheckAgreement); while a session is live (PLANNED, OPEN,
//     ONGOING) its partner is not removed from the program and the
//     partner's agreement is not narrowed so as to leave it uncovered;
//   - attendance is recorded once a session has started, outcomes once it
//     has ended (self-paced programs: started), nothing in a CANCELLED
//     session (enrollment.CanAttend, enrollment.CanFinish; see
//     updateEnrollment and checkImported);
//   - assessments are not dated in the future (gap.CheckDate).
//
// Locks (PostgreSQL): a write that names a partner for a session share-
// locks the program and the partner rows; a change of a program's
// partners or of a partner's programs or agreement locks that row
// exclusively before it looks at the sessions, so each sees the other's
// committed result.

// liveSessions lists the session statuses that are not final.
var liveSessions = func() []session.Status {
	var out []session.Status
	all := []session.Status{session.StatusPLANNED, session.StatusOPEN, session.StatusONGOING, session.StatusCOMPLETED, session.StatusCANCELLED}
	for _, s := range all {
		if enrollment.SessionLive(string(s)) {
			out = append(out, s)
		}
	}
	return out
}()

// openEnrollments lists the enrollment statuses of enrollments not yet
// attended.
var openEnrollments = statusesWhere(enrollment.Open)

// shareRow is a query predicate that share-locks the selected rows until
// the end of the transaction (FOR SHARE on PostgreSQL): they cannot change
// meanwhile, but other readers may lock them too. SQLite needs no lock
// (see lockRow).
func shareRow(s *sql.Selector) {
	if s.Dialect() == dialect.Postgres {
		s.ForShare()
	}
}

// SessionLifecycle enforces the session life cycle, its cancellation and its
// partner.
func SessionLifecycle(next ent.Mutator) ent.Mutator {
	return hook.SessionFunc(func(ctx context.Context, m *gen.SessionMutation) (ent.Value, error) {
		to, statusSet := m.Status()
		_, partnerSet := m.PartnerID()
		switch op := m.Op(); {
		case op.Is(ent.OpUpdate) && (statusSet || partnerSet):
			return nil, fault.Input(firstSet(statusSet, "status", "partnerID"), errBulk)
		case !op.Is(ent.OpCreate | ent.OpUpdateOne):
			return next.Mutate(ctx, m)
		}
		c := m.Client()
		id, _ := m.ID()
		if changed := recordFields(m); m.Op().Is(ent.OpUpdateOne) && changed != "" {
			// A change of status alone is the life cycle's to refuse, with
			// its own message; any other change of a completed session is
			// refused here.
			was, err := m.OldStatus(ctx)
			if err != nil {
				return nil, fmt.Errorf("session rules: reading the status: %w", err)
			}
			if enrollment.SessionRecorded(string(was)) {
				return nil, &fault.Error{Code: fault.Conflict, Field: changed, Msg: enrollment.ErrSessionRecorded.Error(), Err: enrollment.ErrSessionRecorded}
			}
		}
		cancelling := false
		if statusSet && m.Op().Is(ent.OpUpdateOne) {
			// Under the lock every enrollment change of the session takes.
			s, err := lockSession(ctx, c, id)
			if err != nil {
				return nil, err
			}
			if err := enrollment.SessionTransition(string(s.Status), string(to)); err != nil {
				return nil, &fault.Error{Code: fault.Conflict, Field: "status", Msg: err.Error(), Err: err}
			}
			cancelling = s.Status != to && enrollment.EndsEnrollment(string(to))
		}
		if err := checkSessionPartner(ctx, m); err != nil {
			return nil, err
		}
		v, err := next.Mutate(ctx, m)
		if err != nil || !cancelling {
			return v, err
		}
		if err := endEnrollments(ctx, c, id); err != nil {
			return nil, err
		}
		return v, nil
	})
}

// recordFields returns the input name of the first field or edge m
// changes besides the status and the time of the change, "" when none.
func recordFields(m *gen.SessionMutation) string {
	for _, f := range append(append(m.Fields(), m.ClearedFields()...), append(m.AddedEdges(), m.ClearedEdges()...)...) {
		if f == session.FieldStatus || f == session.FieldUpdatedAt {
			continue
		}
		if name, ok := gen.InputName(m.Type(), f); ok {
			return name
		}
		return f
	}
	return ""
}

// endEnrollments withdraws the open enrollments (NOMINATED, REGISTERED,
// WAITLISTED) of session id, just cancelled, in arrival order. Each goes
// through the enrollment rules as a WITHDRAWN transition, with its own
// audit record; the session is already CANCELLED, so the seats freed go
// to nobody on the waitlist.
func endEnrollments(ctx context.Context, c *gen.Client, id int) error {
	ids, err := c.Enrollment.Query().
		Where(entenrollment.SessionID(id), entenrollment.StatusIn(openEnrollments...)).
		Order(entenrollment.ByCreatedAt(), entenrollment.ByID()).
		IDs(ctx)
	if err != nil {
		return fmt.Errorf("session rules: reading open enrollments: %w", err)
	}
	for _, e := range ids {
		if err := c.Enrollment.UpdateOneID(e).SetStatus(entenrollment.StatusWITHDRAWN).Exec(ctx); err != nil {
			return fmt.Errorf("session rules: withdrawing enrollment of a cancelled session: %w", err)
		}
	}
	return nil
}

// checkSessionPartner refuses a session delivered by a partner that is
// not one of its program's partners, or whose agreement does not cover
// the session's dates (BAD_USER_INPUT on the field the mutation sets:
// partnerID, else startsAt or endsAt).
func checkSessionPartner(ctx context.Context, m *gen.SessionMutation) error {
	_, partnerSet := m.PartnerID()
	_, startSet := m.StartsAt()
	_, endSet := m.EndsAt()
	if !partnerSet && !startSet && !endSet {
		return nil
	}
	op := m.Op()
	pid, err := refAfter(ctx, op, m.PartnerID, m.PartnerCleared(), m.OldPartnerID)
	if err != nil || pid == nil {
		return err
	}
	start, _ := m.StartsAt()
	if start, err = after(ctx, op, "startsAt", start, startSet, m.OldStartsAt); err != nil {
		return err
	}
	end, _ := m.EndsAt()
	if end, err = after(ctx, op, "endsAt", end, endSet, m.OldEndsAt); err != nil {
		return err
	}
	prog, set := m.ProgramID()
	if !set {
		if prog, err = m.OldProgramID(ctx); err != nil {
			return err
		}
	}
	c := m.Client()
	if _, err := c.Program.Query().Where(program.ID(prog), predicate.Program(shareRow)).IDs(ctx); err != nil {
		return fmt.Errorf("session rules: locking the program: %w", err)
	}
	p, err := c.Partner.Query().
		Where(partner.ID(*pid), partner.HasProgramsWith(program.ID(prog)), predicate.Partner(shareRow)).
		Only(ctx)
	if gen.IsNotFound(err) {
		return fault.Inputf("partnerID", "the partner is not one of the program's partners; add it to the program first")
	}
	if err != nil {
		return fmt.Errorf("session rules: reading the partner: %w", err)
	}
	if err := enrollment.CheckAgreement(p.AgreementValidFrom, p.AgreementValidUntil, start, end); err != nil {
		return fault.Input(firstSet(partnerSet, "partnerID", firstSet(startSet, "startsAt", "endsAt")), err)
	}
	return nil
}

// ProgramPartners keeps the partners of a program's live sessions
// among the program's partners.
func ProgramPartners(next ent.Mutator) ent.Mutator {
	return hook.ProgramFunc(func(ctx context.Context, m *gen.ProgramMutation) (ent.Value, error) {
		removed, cleared := m.RemovedPartnersIDs(), m.PartnersCleared()
		if len(removed) == 0 && !cleared || m.Op().Is(ent.OpCreate) {
			return next.Mutate(ctx, m)
		}
		ids, err := m.IDs(ctx)
		if err != nil {
			return nil, fmt.Errorf("program rules: %w", err)
		}
		c := m.Client()
		if _, err := c.Program.Query().Where(program.IDIn(ids...), predicate.Program(lockRow)).IDs(ctx); err != nil {
			return nil, fmt.Errorf("program rules: locking programs: %w", err)
		}
		where := []predicate.Session{session.ProgramIDIn(ids...), session.StatusIn(liveSessions...), session.PartnerIDIn(removed...)}
		if cleared {
			where[2] = session.PartnerIDNotNil()
		}
		if err := stillDelivering(ctx, c, firstSet(cleared, "clearPartners", "removePartnerIDs"), where); err != nil {
			return nil, err
		}
		return next.Mutate(ctx, m)
	})
}

// PartnerSessions keeps a partner among the partners of the programs of
// the live sessions it delivers, with an agreement that covers them.
func PartnerSessions(next ent.Mutator) ent.Mutator {
	return hook.PartnerFunc(func(ctx context.Context, m *gen.PartnerMutation) (ent.Value, error) {
		removed, cleared := m.RemovedProgramsIDs(), m.ProgramsCleared()
		agreement := touched(m, partner.FieldAgreementValidFrom, partner.FieldAgreementValidUntil)
		if len(removed) == 0 && !cleared && !agreement || m.Op().Is(ent.OpCreate) {
			return next.Mutate(ctx, m)
		}
		ids, err := m.IDs(ctx)
		if err != nil {
			return nil, fmt.Errorf("partner rules: %w", err)
		}
		c := m.Client()
		partners, err := c.Partner.Query().Where(partner.IDIn(ids...), predicate.Partner(lockRow)).All(ctx)
		if err != nil {
			return nil, fmt.Errorf("partner rules: locking partners: %w", err)
		}
		if len(removed) > 0 || cleared {
			where := []predicate.Session{session.PartnerIDIn(ids...), session.StatusIn(liveSessions...), session.ProgramIDIn(removed...)}
			if cleared {
				where = where[:2]
			}
			if err := stillDelivering(ctx, c, firstSet(cleared, "clearPrograms", "removeProgramIDs"), where); err != nil {
				return nil, err
			}
		}
		if agreement {
			if err := checkAgreementChange(ctx, c, m, partners); err != nil {
				return nil, err
			}
		}
		return next.Mutate(ctx, m)
	})
}

// stillDelivering refuses, with a CONFLICT on field, a change that would
// leave the live sessions matching where delivered by a partner that is
// not one of their program's partners.
func stillDelivering(ctx context.Context, c *gen.Client, field string, where []predicate.Session) error {
	n, err := c.Session.Query().Where(where...).Count(ctx)
	if err != nil {
		return fmt.Errorf("partner rules: counting sessions: %w", err)
	}
	if n == 0 {
		return nil
	}
	return fault.Newf(fault.Conflict, field, "%d planned, open or ongoing session(s) of the program are delivered by the partner; give them another partner (or none) first", n)
}

// checkAgreementChange refuses a change of partners' agreement dates that
// leaves one of their live sessions uncovered (CONFLICT on the date
// field the mutation sets or clears).
func checkAgreementChange(ctx context.Context, c *gen.Client, m *gen.PartnerMutation, partners []*gen.Partner) error {
	from, fromSet := m.AgreementValidFrom()
	until, untilSet := m.AgreementValidUntil()
	field := "agreementValidUntil"
	switch {
	case fromSet:
		field = "agreementValidFrom"
	case !untilSet && m.AgreementValidFromCleared():
		field = "clearAgreementValidFrom"
	case !untilSet:
		field = "clearAgreementValidUntil"
	}
	for _, p := range partners {
		newFrom := pick(func() (time.Time, bool) { return from, fromSet }, m.AgreementValidFromCleared(), p.AgreementValidFrom)
		newUntil := pick(func() (time.Time, bool) { return until, untilSet }, m.AgreementValidUntilCleared(), p.AgreementValidUntil)
		live, err := c.Session.Query().
			Where(session.PartnerID(p.ID), session.StatusIn(liveSessions...)).
			Order(session.ByStartsAt(), session.ByID()).
			All(ctx)
		if err != nil {
			return fmt.Errorf("partner rules: reading sessions: %w", err)
		}
		for _, s := range live {
			if err := enrollment.CheckAgreement(newFrom, newUntil, s.StartsAt, s.EndsAt); err != nil {
				f := fault.Newf(fault.Conflict, field, "the %s session %q would no longer be covered: %v", s.Status, s.Name, err)
				f.Err = err
				return f
			}
		}
	}
	return nil
}

// checkFinish refuses to complete or fail an enrollment at time at in
// session s (enrollment.CanFinish): a CONFLICT before the end (before the
// start for a self-paced program) or in a cancelled session. The
// program's form is read only when it matters.
func checkFinish(ctx context.Context, c *gen.Client, s *gen.Session, at time.Time) error {
	err := enrollment.CanFinish(string(s.Status), s.StartsAt, s.EndsAt, false, at)
	if errors.Is(err, enrollment.ErrNotEnded) {
		form, ferr := c.Program.Query().Where(program.ID(s.ProgramID)).Select(program.FieldForm).String(ctx)
		if ferr != nil {
			return fmt.Errorf("enrollment rules: reading the program's form: %w", ferr)
		}
		err = enrollment.CanFinish(string(s.Status), s.StartsAt, s.EndsAt, enrollment.SelfPaced(form), at)
	}
	if err != nil {
		return conflict(err)
	}
	return nil
}

// checkImported keeps imported enrollments (rules.Import, which
// skips the workflow) consistent with their sessions: an ATTENDED,
// COMPLETED or FAILED enrollment belongs to a session that is not
// CANCELLED and had started by the import's clock, and its completedAt,
// when given, is not before the session's end (start, if self-paced).
func checkImported(ctx context.Context, m *gen.EnrollmentMutation) error {
	if !touched(m, entenrollment.FieldStatus, entenrollment.FieldCompletedAt) {
		return nil
	}
	type row struct {
		status      entenrollment.Status
		completedAt *time.Time
		session     int
	}
	status, statusSet := m.Status()
	var rows []row
	if m.Op().Is(ent.OpCreate) {
		sid, _ := m.SessionID()
		rows = append(rows, row{status, pick(m.CompletedAt, false, nil), sid})
	} else {
		ids, err := m.IDs(ctx)
		if err != nil {
			return fmt.Errorf("enrollment rules: %w", err)
		}
		cur, err := m.Client().Enrollment.Query().Where(entenrollment.IDIn(ids...)).All(ctx)
		if err != nil {
			return fmt.Errorf("enrollment rules: reading enrollments: %w", err)
		}
		for _, e := range cur {
			r := row{e.Status, pick(m.CompletedAt, m.CompletedAtCleared(), e.CompletedAt), e.SessionID}
			if statusSet {
				r.status = status
			}
			rows = append(rows, r)
		}
	}
	c := m.Client()
	now := m.Rules.Time()
	for _, r := range rows {
		st := enrollment.Status(r.status)
		if st != enrollment.Attended && st != enrollment.Completed && st != enrollment.Failed {
			continue
		}
		s, err := c.Session.Get(ctx, r.session)
		if gen.IsNotFound(err) {
			continue // the foreign key refuses it
		}
		if err != nil {
			return fmt.Errorf("enrollment rules: reading the session: %w", err)
		}
		if err := enrollment.CanAttend(string(s.Status), s.StartsAt, now); err != nil {
			return conflict(phrase.Errorf("an imported %s enrollment: %w", st, err))
		}
		if r.completedAt != nil {
			if err := checkFinish(ctx, c, s, *r.completedAt); err != nil {
				return fmt.Errorf("an imported %s enrollment completed at %s: %w", st, r.completedAt.UTC().Format(time.RFC3339), err)
			}
		}
	}
	return nil
}

// CheckAssessedOn refuses assessments dated in the future (gap.CheckDate)
// by the clock of the client (rules.Env.Now).
func CheckAssessedOn(next ent.Mutator) ent.Mutator {
	return hook.AssessmentFunc(func(ctx context.Context, m *gen.AssessmentMutation) (ent.Value, error) {
		if on, ok := m.AssessedOn(); ok {
			if err := gap.CheckDate(on, m.Rules.Time()); err != nil {
				return nil, fault.Input("assessedOn", err)
			}
		}
		return next.Mutate(ctx, m)
	})
}
