package hooks

import (
	"context"
	"fmt"
	"time"

	"entgo.io/ent"
	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"

	gen "kembang/ent"
	"kembang/ent/employee"
	entenrollment "kembang/ent/enrollment"
	"kembang/ent/hook"
	"kembang/ent/predicate"
	"kembang/ent/session"
	"kembang/internal/domain/enrollment"
	"kembang/internal/domain/jp"
	"kembang/internal/fault"
)

// The workflow rules (enrollment life cycle, evaluations, learning
// claims) live in the hooks of this file, claim.go and evaluation.go, so
// that every client path obeys them: the workflow mutations (enroll,
// nominate, withdraw, …), the generic createX/updateX mutations and Go
// code using the ent client.
//
// Error classes: a request that conflicts with the stored state (a status
// change the state machine forbids, a full or closed session, a duplicate
// or overlapping enrollment, a second reaction evaluation, a claim already
// reviewed) is a fault.Conflict, whose message names the current state;
// missing or out-of-range input is a fault.BadInput naming the field.
//
// Concurrency: the rules read the rows they depend on under a row lock
// (lockRow) inside the mutation's transaction, so that two transactions
// cannot both see the last free seat or both see "no reaction yet". Every
// status change of an enrollment locks its session first, then the
// enrollment, so the locks are always taken in the same order.
//
// Writes of a client in import mode (rules.Import) skip these rules.

// rowMask keeps the row number of a global ID: ent's global IDs are
// table × 2^32 + row, with rows numbered from 1 within each table.
const rowMask = 1<<32 - 1

// lockRow is a query predicate that locks the selected rows until the end
// of the transaction. On PostgreSQL it adds FOR NO KEY UPDATE: the lock an
// UPDATE takes, which excludes other lockers and writers of the row but
// not inserts elsewhere that merely refer to it. SQLite has no row locks
// and rejects FOR UPDATE; Kembang gives it a single connection, so a
// transaction there is already serialised with every other and the
// predicate does nothing.
func lockRow(s *sql.Selector) {
	if s.Dialect() == dialect.Postgres {
		s.For(sql.LockNoKeyUpdate)
	}
}

// holding lists the enrollment statuses that hold a seat.
var holding = statusesWhere(enrollment.HoldsSeat)

// active lists the enrollment statuses that are not terminal.
var active = statusesWhere(enrollment.Active)

// statusesWhere returns the ent statuses satisfying keep.
func statusesWhere(keep func(enrollment.Status) bool) []entenrollment.Status {
	var out []entenrollment.Status
	for _, s := range enrollment.Statuses() {
		if keep(s) {
			out = append(out, entenrollment.Status(s))
		}
	}
	return out
}

// enrollmentFields are the fields only the workflow writes.
var enrollmentFields = []string{
	entenrollment.FieldStatus,
	entenrollment.FieldJpCredited,
	entenrollment.FieldCompletedAt,
	entenrollment.FieldCertificateNumber,
}

// EnrollmentLifecycle enforces the enrollment life cycle (the state
// machine is documented in package kembang/internal/domain/enrollment and in
// docs/workflows.md):
//
//   - a new enrollment needs a session that takes enrollments
//     (enrollment.CanEnroll), no other enrollment of the employee in the
//     session and no active one in an overlapping session of the same
//     program; it is NOMINATED when the client nominates
//     (rules.Env.Nominating), otherwise REGISTERED while seats are free and
//     WAITLISTED when the session is full, whatever status the caller
//     asked for;
//   - a status change must be a transition of the state machine; a
//     registration re-checks the seats; attendance needs a session that
//     has started, completion or failure one that has ended (started, for
//     a self-paced program), and neither is recorded in a CANCELLED
//     session; completion credits JP, issues a certificate number and
//     records the TRAINING assessments it earns (unless
//     rules.Env.SkipAssessments); a freed seat goes to the first on the
//     waitlist;
//   - JP, completion time and certificate number are written only by
//     these rules, and statuses are changed one enrollment at a time.
//
// Imports skip these rules but not the consistency of what they write
// with its session (checkImported).
func EnrollmentLifecycle(next ent.Mutator) ent.Mutator {
	return hook.EnrollmentFunc(func(ctx context.Context, m *gen.EnrollmentMutation) (ent.Value, error) {
		if m.Rules.Importing() {
			if err := checkImported(ctx, m); err != nil {
				return nil, err
			}
			return next.Mutate(ctx, m)
		}
		switch op := m.Op(); {
		case op.Is(ent.OpCreate):
			return createEnrollment(ctx, m, next)
		case op.Is(ent.OpUpdateOne):
			return updateEnrollment(ctx, m, next)
		case op.Is(ent.OpUpdate) && touched(m, enrollmentFields...):
			return nil, fault.Input("status", errBulk)
		}
		return next.Mutate(ctx, m)
	})
}

// createEnrollment checks a new enrollment and decides its status.
func createEnrollment(ctx context.Context, m *gen.EnrollmentMutation, next ent.Mutator) (ent.Value, error) {
	if ids := m.EvaluationsIDs(); len(ids) > 0 {
		return nil, fault.Inputf("evaluationIDs", "evaluations are recorded on an existing enrollment, not attached when it is created")
	}
	if touched(m, entenrollment.FieldCompletedAt, entenrollment.FieldCertificateNumber) {
		return nil, fault.Inputf("status", "a new enrollment has no completion yet")
	}
	if v, _ := m.JpCredited(); v != 0 {
		return nil, fault.Inputf("jpCredited", "JP are credited on completion")
	}
	sid, _ := m.SessionID()
	eid, _ := m.EmployeeID()
	c := m.Client()
	s, err := lockSession(ctx, c, sid)
	if err != nil {
		return nil, err
	}
	// Lock the employee too, so that two enrollments of one employee in
	// overlapping sessions of a program cannot pass the check at once.
	if _, err := c.Employee.Query().Where(employee.ID(eid), predicate.Employee(lockRow)).OnlyID(ctx); err != nil {
		if gen.IsNotFound(err) {
			return nil, fault.Inputf("employeeID", "no such employee")
		}
		return nil, fmt.Errorf("enrollment rules: locking employee: %w", err)
	}
	dup, err := c.Enrollment.Query().
		Where(entenrollment.EmployeeID(eid), entenrollment.SessionID(sid)).
		Select(entenrollment.FieldStatus).
		Strings(ctx)
	if err != nil {
		return nil, fmt.Errorf("enrollment rules: checking duplicates: %w", err)
	}
	if len(dup) > 0 {
		return nil, fault.Conflictf("the employee already has an enrollment in this session (%s)", dup[0])
	}
	now := m.Rules.Time()
	if err := enrollment.CanEnroll(string(s.Status), s.StartsAt, now); err != nil {
		return nil, conflict(err)
	}
	if err := checkOverlap(ctx, c, eid, s); err != nil {
		return nil, err
	}
	status := enrollment.Nominated
	if !m.Rules.Nominating {
		taken, err := seatsTaken(ctx, c, sid)
		if err != nil {
			return nil, err
		}
		status = enrollment.Seat(s.Capacity, taken)
	}
	m.SetStatus(entenrollment.Status(status))
	// Arrival order (the waitlist's order) is the order in which
	// enrollments pass the session lock, not the order of the requests.
	m.SetCreatedAt(now.UTC())
	m.SetUpdatedAt(now.UTC())
	return next.Mutate(ctx, m)
}

// updateEnrollment checks a change of one enrollment.
func updateEnrollment(ctx context.Context, m *gen.EnrollmentMutation, next ent.Mutator) (ent.Value, error) {
	to, set := m.Status()
	if !set {
		if touched(m, enrollmentFields...) {
			return nil, fault.Inputf("status", "JP, completion time and certificate number are set on completion only")
		}
		return next.Mutate(ctx, m)
	}
	if touched(m, enrollmentFields[1:]...) {
		return nil, fault.Inputf("status", "JP, completion time and certificate number are set by the status change itself")
	}
	id, _ := m.ID()
	c := m.Client()
	sid, err := c.Enrollment.Query().Where(entenrollment.ID(id)).Select(entenrollment.FieldSessionID).Int(ctx)
	if err != nil {
		return nil, fmt.Errorf("enrollment rules: finding the session: %w", err)
	}
	s, err := lockSession(ctx, c, sid)
	if err != nil {
		return nil, err
	}
	// Read the status under the session lock: every status change of the
	// session's enrollments holds it, so this is the current one.
	cur, err := c.Enrollment.Get(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("enrollment rules: reading enrollment: %w", err)
	}
	from, want := enrollment.Status(cur.Status), enrollment.Status(to)
	if err := enrollment.Transition(from, want); err != nil {
		return nil, conflict(err)
	}
	now := m.Rules.Time()
	switch want {
	case enrollment.Registered, enrollment.Waitlisted:
		if err := enrollment.CanEnroll(string(s.Status), s.StartsAt, now); err != nil {
			return nil, conflict(err)
		}
		if want == enrollment.Waitlisted {
			break
		}
		taken, err := seatsTaken(ctx, c, sid)
		if err != nil {
			return nil, err
		}
		if enrollment.Seat(s.Capacity, taken) == enrollment.Waitlisted {
			if from != enrollment.Nominated {
				return nil, fault.Conflictf("the session is full (%d of %d seats taken); the enrollment stays %s", taken, s.Capacity, from)
			}
			m.SetStatus(entenrollment.StatusWAITLISTED) // a confirmed nomination queues
		}
	case enrollment.Attended:
		if err := enrollment.CanAttend(string(s.Status), s.StartsAt, now); err != nil {
			return nil, conflict(err)
		}
	case enrollment.Completed, enrollment.Failed:
		if err := checkFinish(ctx, c, s, now); err != nil {
			return nil, err
		}
		if want == enrollment.Failed {
			m.SetCompletedAt(now.UTC())
			break
		}
		if err := complete(ctx, c, m, id, s, now); err != nil {
			return nil, err
		}
	}
	v, err := next.Mutate(ctx, m)
	if err != nil {
		return nil, err
	}
	final, _ := m.Status()
	if enrollment.FreesSeat(from, enrollment.Status(final)) {
		if err := promote(ctx, c, s, now); err != nil {
			return nil, err
		}
	}
	if final == entenrollment.StatusCOMPLETED && !m.Rules.SkipAssessments {
		if err := recordAssessments(ctx, c, v); err != nil {
			return nil, err
		}
	}
	return v, nil
}

// recordAssessments records the TRAINING assessments a completion earns
// (recordTrainingAssessments), in the completion's transaction, unless
// the client's rules say otherwise (rules.Env.SkipAssessments: the
// completeEnrollment mutation with recordAssessments: false).
func recordAssessments(ctx context.Context, c *gen.Client, v ent.Value) error {
	e, ok := v.(*gen.Enrollment)
	if !ok {
		return fmt.Errorf("enrollment rules: a completion returned %T", v)
	}
	if _, err := recordTrainingAssessments(ctx, c, e); err != nil {
		return err
	}
	return nil
}

// complete sets the JP, completion time and certificate number of an
// enrollment being completed.
func complete(ctx context.Context, c *gen.Client, m *gen.EnrollmentMutation, id int, s *gen.Session, now time.Time) error {
	p, err := c.Program.Get(ctx, s.ProgramID)
	if err != nil {
		return fmt.Errorf("enrollment rules: reading program: %w", err)
	}
	credit, err := jp.Credit(jp.Program{
		Form:          string(p.Form),
		International: p.International,
		JP:            p.Jp,
		StartsAt:      s.StartsAt,
		EndsAt:        s.EndsAt,
	})
	if err != nil {
		return fault.Conflictf("cannot credit JP for program %s: %v", p.Code, err)
	}
	cert, err := certificateNumber(id, now)
	if err != nil {
		return err
	}
	m.SetJpCredited(credit)
	m.SetCompletedAt(now.UTC())
	m.SetCertificateNumber(cert)
	return nil
}

// certificateNumber returns the number of the certificate issued when the
// enrollment with the given (global) ID completes at the given time:
// jp.IssuedCertificate of its row number, e.g. KMB/2026/000123.
func certificateNumber(enrollmentID int, completedAt time.Time) (string, error) {
	n, err := jp.IssuedCertificate(enrollmentID&rowMask, completedAt)
	if err != nil {
		return "", fmt.Errorf("enrollment rules: certificate number: %w", err)
	}
	return n, nil
}

// promote gives the seats free in session s to the first enrollments on
// its waitlist, by arrival (created_at, then id), in the transaction of
// the change that freed them. A session that no longer takes enrollments
// promotes nobody: a seat freed after the start stays empty.
func promote(ctx context.Context, c *gen.Client, s *gen.Session, now time.Time) error {
	if enrollment.CanEnroll(string(s.Status), s.StartsAt, now) != nil {
		return nil
	}
	taken, err := seatsTaken(ctx, c, s.ID)
	if err != nil {
		return err
	}
	free := s.Capacity - taken
	if free <= 0 {
		return nil
	}
	first, err := c.Enrollment.Query().
		Where(entenrollment.SessionID(s.ID), entenrollment.StatusEQ(entenrollment.StatusWAITLISTED)).
		Order(entenrollment.ByCreatedAt(), entenrollment.ByID()).
		Limit(free).
		All(ctx)
	if err != nil {
		return fmt.Errorf("enrollment rules: reading the waitlist: %w", err)
	}
	waiting := make([]enrollment.Waiting, len(first))
	for i, e := range first {
		waiting[i] = enrollment.Waiting{ID: e.ID, CreatedAt: e.CreatedAt}
	}
	for _, w := range enrollment.Promotions(s.Capacity, taken, waiting) {
		// Through the hooks again: the promotion is a WAITLISTED ->
		// REGISTERED transition like any other.
		if err := c.Enrollment.UpdateOneID(w.ID).SetStatus(entenrollment.StatusREGISTERED).Exec(ctx); err != nil {
			return fmt.Errorf("enrollment rules: promoting from the waitlist: %w", err)
		}
	}
	return nil
}

// lockSession reads session id under a row lock.
func lockSession(ctx context.Context, c *gen.Client, id int) (*gen.Session, error) {
	s, err := c.Session.Query().Where(session.ID(id), predicate.Session(lockRow)).Only(ctx)
	if gen.IsNotFound(err) {
		return nil, fault.Inputf("sessionID", "no such session")
	}
	if err != nil {
		return nil, fmt.Errorf("enrollment rules: locking session: %w", err)
	}
	return s, nil
}

// seatsTaken counts the enrollments holding a seat in session id.
func seatsTaken(ctx context.Context, c *gen.Client, id int) (int, error) {
	n, err := c.Enrollment.Query().
		Where(entenrollment.SessionID(id), entenrollment.StatusIn(holding...)).
		Count(ctx)
	if err != nil {
		return 0, fmt.Errorf("enrollment rules: counting seats: %w", err)
	}
	return n, nil
}

// checkOverlap refuses a new enrollment of employee eid in session s when
// the employee holds an active enrollment in another session of the same
// program whose dates overlap s's.
func checkOverlap(ctx context.Context, c *gen.Client, eid int, s *gen.Session) error {
	others, err := c.Enrollment.Query().
		Where(
			entenrollment.EmployeeID(eid),
			entenrollment.StatusIn(active...),
			entenrollment.HasSessionWith(session.ProgramID(s.ProgramID), session.IDNEQ(s.ID)),
		).
		WithSession().
		All(ctx)
	if err != nil {
		return fmt.Errorf("enrollment rules: checking overlaps: %w", err)
	}
	for _, o := range others {
		os := o.Edges.Session
		if enrollment.Overlaps(s.StartsAt, s.EndsAt, os.StartsAt, os.EndsAt) {
			return fault.Conflictf("the employee already holds an active enrollment (%s) in %q of the same program, from %s to %s, which overlaps this session",
				o.Status, os.Name, day(os.StartsAt.In(jp.WIB)), day(os.EndsAt.In(jp.WIB)))
		}
	}
	return nil
}

// touched reports whether m sets, clears or adds to any of fields.
func touched(m ent.Mutation, fields ...string) bool {
	for _, f := range fields {
		if _, ok := m.Field(f); ok || m.FieldCleared(f) {
			return true
		}
		if _, ok := m.AddedField(f); ok {
			return true
		}
	}
	return false
}

// conflict turns a domain error, whose message is safe to show, into a
// fault.Conflict.
func conflict(err error) error {
	return &fault.Error{Code: fault.Conflict, Msg: err.Error(), Err: err}
}

// sessionCapacity keeps a session's seats consistent when its capacity
// changes: it may not fall below the seats already taken, and seats it
// adds go to the waitlist in arrival order, in the same transaction.
func sessionCapacity(next ent.Mutator) ent.Mutator {
	return hook.SessionFunc(func(ctx context.Context, m *gen.SessionMutation) (ent.Value, error) {
		capacity, ok := m.Capacity()
		if !ok {
			return next.Mutate(ctx, m)
		}
		id, isOne := m.ID()
		if !isOne || !m.Op().Is(ent.OpUpdateOne) {
			return nil, fault.Input("capacity", errBulk)
		}
		c := m.Client()
		if _, err := lockSession(ctx, c, id); err != nil {
			return nil, err
		}
		taken, err := seatsTaken(ctx, c, id)
		if err != nil {
			return nil, err
		}
		if capacity < taken {
			return nil, fault.Newf(fault.Conflict, "capacity", "capacity %d is below the %d seats already taken; withdraw enrollments first", capacity, taken)
		}
		v, err := next.Mutate(ctx, m)
		if err != nil {
			return nil, err
		}
		s, ok := v.(*gen.Session)
		if !ok {
			return v, nil
		}
		if err := promote(ctx, c, s, m.Rules.Time()); err != nil {
			return nil, err
		}
		return v, nil
	})
}
