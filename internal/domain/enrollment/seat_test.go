package enrollment

import (
	"slices"
	"testing"
	"time"
)

func TestSeat(t *testing.T) {
	tests := []struct {
		capacity, taken int
		want            Status
	}{
		{10, 0, Registered},
		{10, 9, Registered},
		{10, 10, Waitlisted},
		{10, 11, Waitlisted},
		{1, 0, Registered},
		{0, 0, Waitlisted},
	}
	for _, tt := range tests {
		if got := Seat(tt.capacity, tt.taken); got != tt.want {
			t.Errorf("Seat(%d, %d) = %s, want %s", tt.capacity, tt.taken, got, tt.want)
		}
	}
}

// TestSeatSequence enrols 100 employees one after another in a 10-seat
// session, counting seats as a store would.
func TestSeatSequence(t *testing.T) {
	counts := map[Status]int{}
	taken := 0
	for range 100 {
		s := Seat(10, taken)
		counts[s]++
		if HoldsSeat(s) {
			taken++
		}
	}
	if counts[Registered] != 10 || counts[Waitlisted] != 90 {
		t.Errorf("counts = %v, want 10 REGISTERED and 90 WAITLISTED", counts)
	}
}

func TestPromotions(t *testing.T) {
	t0 := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	w := func(id int, minutes int) Waiting {
		return Waiting{ID: id, CreatedAt: t0.Add(time.Duration(minutes) * time.Minute)}
	}
	waitlist := []Waiting{w(7, 5), w(3, 1), w(9, 1), w(2, 3), w(1, 10)}
	tests := []struct {
		name            string
		capacity, taken int
		waitlist        []Waiting
		want            []int
	}{
		{"full", 10, 10, waitlist, nil},
		{"over capacity", 10, 12, waitlist, nil},
		{"one seat: earliest, lower id on a tie", 10, 9, waitlist, []int{3}},
		{"two seats: the tie in id order", 10, 8, waitlist, []int{3, 9}},
		{"three seats", 10, 7, waitlist, []int{3, 9, 2}},
		{"more seats than waiting", 10, 0, waitlist, []int{3, 9, 2, 7, 1}},
		{"empty waitlist", 10, 0, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := slices.Clone(tt.waitlist)
			var got []int
			for _, p := range Promotions(tt.capacity, tt.taken, tt.waitlist) {
				got = append(got, p.ID)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("Promotions(%d, %d) = %v, want %v", tt.capacity, tt.taken, got, tt.want)
			}
			if !slices.Equal(tt.waitlist, before) {
				t.Errorf("Promotions modified its input: %v", tt.waitlist)
			}
		})
	}
}

func TestCompare(t *testing.T) {
	t0 := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	tests := []struct {
		a, b Waiting
		want int
	}{
		{Waiting{1, t0}, Waiting{2, t0.Add(time.Second)}, -1},
		{Waiting{2, t0}, Waiting{1, t0.Add(time.Second)}, -1},
		{Waiting{1, t0}, Waiting{2, t0}, -1},
		{Waiting{2, t0}, Waiting{1, t0}, 1},
		{Waiting{1, t0}, Waiting{1, t0}, 0},
		// The same instant in another zone is a tie on time.
		{Waiting{1, t0.In(time.FixedZone("WIB", 7*3600))}, Waiting{2, t0}, -1},
	}
	for _, tt := range tests {
		if got := Compare(tt.a, tt.b); got != tt.want {
			t.Errorf("Compare(%v, %v) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}
