package report

import (
	"context"

	"kembang/ent"
	"kembang/ent/enrollment"
	domain "kembang/internal/domain/enrollment"
)

// Seats are the figures of a session's seats.
type Seats struct {
	Registered int // enrollments holding a seat (domain enrollment.HoldsSeat)
	Waitlisted int // enrollments waiting for one
}

// SessionSeats counts the enrollments of the session with raw ID id that
// hold a seat and those on its waitlist, whoever the reader may read: the
// caller has read the session as its viewer (the sessionSeatsChanged
// subscription).
func SessionSeats(ctx context.Context, c *ent.Client, id int) (Seats, error) {
	var rows []struct {
		Status enrollment.Status `json:"status"`
		Count  int               `json:"count"`
	}
	err := c.Enrollment.Query().
		Where(enrollment.SessionID(id)).
		GroupBy(enrollment.FieldStatus).
		Aggregate(ent.Count()).
		Scan(aggregate(ctx), &rows)
	if err != nil {
		return Seats{}, wrap("session seats", err)
	}
	var s Seats
	for _, r := range rows {
		switch st := domain.Status(r.Status); {
		case domain.HoldsSeat(st):
			s.Registered += r.Count
		case st == domain.Waitlisted:
			s.Waitlisted += r.Count
		}
	}
	return s, nil
}
