package graph_test

import "testing"

func TestSessionCapacity(t *testing.T) {
	const resize = `mutation($s: ID!, $c: Int!) { updateSession(id: $s, input: {capacity: $c}) { capacity } }`
	forEachStore(t, func(t *testing.T, a *api) {
		b := newBench(t, a)
		s := b.session(b.program("COURSE", 20, false), 3, 2)
		for _, e := range b.employees(5) {
			b.enroll(s, e)
		}
		if st := b.statuses(s); count(st, "REGISTERED") != 2 || count(st, "WAITLISTED") != 3 {
			t.Fatalf("before: %v", st)
		}

		// Below the seats taken: refused, nothing changes.
		r := a.do(resize, map[string]any{"s": s, "c": 1})
		refused(t, r, "CONFLICT", "below the 2 seats already taken")

		// More seats go to the waitlist in arrival order.
		a.ok(resize, map[string]any{"s": s, "c": 4}, nil)
		if st := b.statuses(s); count(st, "REGISTERED") != 4 || count(st, "WAITLISTED") != 1 {
			t.Errorf("after raising the capacity to 4: %v", st)
		}
	})
}
