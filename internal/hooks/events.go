package hooks

import (
	"context"
	"fmt"

	"entgo.io/ent"

	gen "kembang/ent"
	entenrollment "kembang/ent/enrollment"
	"kembang/ent/hook"
	"kembang/internal/realtime"
	"kembang/internal/rules"
)

// EnrollmentEvents announces every change of an enrollment (created,
// status changed, deleted) to the subscriptions, through the client's
// notifier (rules.Env.Notifier), with the write: on PostgreSQL in its
// transaction, so that a rolled-back change announces nothing. The event
// holds IDs only (package kembang/internal/realtime).
func EnrollmentEvents(next ent.Mutator) ent.Mutator {
	return hook.EnrollmentFunc(func(ctx context.Context, m *gen.EnrollmentMutation) (ent.Value, error) {
		n := m.Rules.Notifier
		if n == nil {
			return next.Mutate(ctx, m)
		}
		// A created or updated enrollment is the write's value; those of
		// the other operations are read before the write (a deleted one is
		// gone after it).
		one := m.Op().Is(ent.OpCreate | ent.OpUpdateOne)
		var events []realtime.Event
		if !one {
			ids, err := m.IDs(ctx)
			if err != nil {
				return nil, fmt.Errorf("enrollment events: %w", err)
			}
			rows, err := m.Client().Enrollment.Query().Where(entenrollment.IDIn(ids...)).
				Select(entenrollment.FieldSessionID, entenrollment.FieldEmployeeID).All(ctx)
			if err != nil {
				return nil, fmt.Errorf("enrollment events: %w", err)
			}
			for _, e := range rows {
				events = append(events, enrollmentEvent(e))
			}
		}
		v, err := next.Mutate(ctx, m)
		if err != nil {
			return v, err
		}
		if e, ok := v.(*gen.Enrollment); ok && one {
			if e.SessionID == 0 || e.EmployeeID == 0 { // an UpdateOne that selected fewer columns
				if e, err = m.Client().Enrollment.Get(ctx, e.ID); err != nil {
					return nil, fmt.Errorf("enrollment events: %w", err)
				}
			}
			events = append(events, enrollmentEvent(e))
		}
		return v, notify(ctx, n, m, afterCommit(m), events)
	})
}

// enrollmentEvent returns the event of a change of e.
func enrollmentEvent(e *gen.Enrollment) realtime.Event {
	return realtime.Event{Kind: realtime.EnrollmentChanged, Session: e.SessionID, Enrollment: e.ID, Employee: e.EmployeeID}
}

// SessionEvents announces every change of a session (its capacity, its
// status) to the subscriptions of its seats, as EnrollmentEvents does.
func SessionEvents(next ent.Mutator) ent.Mutator {
	return hook.SessionFunc(func(ctx context.Context, m *gen.SessionMutation) (ent.Value, error) {
		n := m.Rules.Notifier
		if n == nil || !m.Op().Is(ent.OpUpdate|ent.OpUpdateOne) {
			return next.Mutate(ctx, m)
		}
		ids, err := m.IDs(ctx)
		if err != nil {
			return nil, fmt.Errorf("session events: %w", err)
		}
		v, err := next.Mutate(ctx, m)
		if err != nil {
			return v, err
		}
		events := make([]realtime.Event, len(ids))
		for i, id := range ids {
			events[i] = realtime.Event{Kind: realtime.SessionChanged, Session: id}
		}
		return v, notify(ctx, n, m, afterCommit(m), events)
	})
}

// notify announces events with the write whose statements exec runs.
func notify(ctx context.Context, n rules.Notifier, exec rules.Execer, after func(func()), events []realtime.Event) error {
	for _, e := range events {
		if err := n.Notify(ctx, exec, after, e.Encode()); err != nil {
			return fmt.Errorf("announcing the change: %w", err)
		}
	}
	return nil
}

// afterCommit returns the function that runs f once the write of m has
// committed: at commit of m's transaction, or at once when m has none
// (its write is done).
func afterCommit(m interface{ Tx() (*gen.Tx, error) }) func(f func()) {
	return func(f func()) {
		tx, err := m.Tx()
		if err != nil {
			f()
			return
		}
		tx.OnCommit(func(next gen.Committer) gen.Committer {
			return gen.CommitFunc(func(ctx context.Context, tx *gen.Tx) error {
				if err := next.Commit(ctx, tx); err != nil {
					return err
				}
				f()
				return nil
			})
		})
	}
}
