package enrollment

import (
	"cmp"
	"slices"
	"time"
)

// Seat returns the status of a new enrollment, or of a nomination being
// accepted, in a session with capacity seats of which taken are held
// ([HoldsSeat]): REGISTERED while a seat is free, WAITLISTED otherwise. To
// keep the capacity rule under concurrency the caller must count taken in
// the same transaction that writes the enrollment, with the session row
// locked.
func Seat(capacity, taken int) Status {
	if taken < capacity {
		return Registered
	}
	return Waitlisted
}

// Waiting is a waitlisted enrollment, as [Promotions] needs it.
type Waiting struct {
	ID        int
	CreatedAt time.Time
}

// Compare orders waiting enrollments by arrival: earlier CreatedAt first,
// then lower ID. It matches ORDER BY created_at, id and is meant for
// slices.SortFunc.
func Compare(a, b Waiting) int {
	if c := a.CreatedAt.Compare(b.CreatedAt); c != 0 {
		return c
	}
	return cmp.Compare(a.ID, b.ID)
}

// Promotions returns the waitlisted enrollments to promote to REGISTERED
// in a session with capacity seats of which taken are held: as many as
// there are free seats, first by arrival ([Compare]). It does not modify
// waitlist. The result is empty when no seat is free.
//
// Call it, in the same transaction, after a change that frees a seat
// ([FreesSeat]) or raises the capacity. A session that no longer takes
// enrollments ([CanEnroll]) should not promote either: a seat freed after
// the start is better left empty than given to someone who missed it.
func Promotions(capacity, taken int, waitlist []Waiting) []Waiting {
	free := capacity - taken
	if free <= 0 || len(waitlist) == 0 {
		return nil
	}
	sorted := slices.Clone(waitlist)
	slices.SortFunc(sorted, Compare)
	return sorted[:min(free, len(sorted))]
}
