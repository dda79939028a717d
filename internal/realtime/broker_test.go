package realtime

import (
	"errors"
	"testing"
)

func TestDecode(t *testing.T) {
	for _, tc := range []struct {
		name    string
		payload string
		ok      bool
	}{
		{"enrollment", `{"kind":"enrollment","session":1,"enrollment":2,"employee":3}`, true},
		{"session", `{"kind":"session","session":1}`, true},
		{"no session", `{"kind":"session"}`, false},
		{"enrollment without employee", `{"kind":"enrollment","session":1,"enrollment":2}`, false},
		{"unknown kind", `{"kind":"plan","session":1}`, false},
		{"not JSON", `NOTIFY`, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e, err := Decode([]byte(tc.payload))
			if (err == nil) != tc.ok || err != nil && !errors.Is(err, ErrEvent) {
				t.Fatalf("Decode(%s) = %v, %v", tc.payload, e, err)
			}
			if tc.ok {
				if back, _ := Decode(e.Encode()); back != e {
					t.Errorf("round trip: %v, want %v", back, e)
				}
			}
		})
	}
}

func TestBrokerTopics(t *testing.T) {
	b := NewBroker(4, nil)
	seats, stopSeats := b.Subscribe(SessionTopic(1))
	mine, stopMine := b.Subscribe(EmployeeTopic(7))
	all, stopAll := b.Subscribe(EnrollmentsTopic)
	defer stopSeats()
	defer stopMine()
	defer stopAll()

	enrol := Event{Kind: EnrollmentChanged, Session: 1, Enrollment: 5, Employee: 8}
	capacity := Event{Kind: SessionChanged, Session: 1}
	b.Publish(enrol)
	b.Publish(capacity)
	b.Publish(Event{Kind: EnrollmentChanged, Session: 2, Enrollment: 6, Employee: 7})

	for _, tc := range []struct {
		name string
		ch   <-chan Event
		want []Event
	}{
		{"session 1", seats, []Event{enrol, capacity}},
		{"employee 7", mine, []Event{{Kind: EnrollmentChanged, Session: 2, Enrollment: 6, Employee: 7}}},
		{"every enrollment", all, []Event{enrol, {Kind: EnrollmentChanged, Session: 2, Enrollment: 6, Employee: 7}}},
	} {
		for i, w := range tc.want {
			if got := <-tc.ch; got != w {
				t.Errorf("%s: event %d = %v, want %v", tc.name, i, got, w)
			}
		}
		if len(tc.ch) != 0 {
			t.Errorf("%s: %d events more than expected", tc.name, len(tc.ch))
		}
	}
}

// A subscriber that falls more than its buffer behind is dropped (its
// channel closed); the others go on. Close ends every subscription and
// refuses new ones; the gauge follows.
func TestBrokerDropAndClose(t *testing.T) {
	open := 0.0
	b := NewBroker(2, func(d float64) { open += d })
	slow, _ := b.Subscribe(SessionTopic(1))
	fast, stopFast := b.Subscribe(SessionTopic(1))
	e := Event{Kind: SessionChanged, Session: 1}
	for range 3 {
		b.Publish(e)
		<-fast
	}
	n := 0
	for range slow {
		n++
	}
	if n != 2 || b.Open() != 1 || open != 1 {
		t.Errorf("slow subscriber: %d events before the close, %d open (gauge %v), want 2 and 1", n, b.Open(), open)
	}
	stopFast()
	stopFast() // idempotent
	if b.Open() != 0 || open != 0 {
		t.Errorf("after cancel: %d open (gauge %v)", b.Open(), open)
	}
	last, _ := b.Subscribe(EnrollmentsTopic)
	b.Close()
	if _, ok := <-last; ok || b.Open() != 0 || open != 0 {
		t.Errorf("after Close: channel open or %d subscriptions (gauge %v)", b.Open(), open)
	}
	if _, ok := <-b.Done(); ok {
		t.Error("Done not closed")
	}
	late, _ := b.Subscribe(EnrollmentsTopic)
	if _, ok := <-late; ok {
		t.Error("a subscription after Close is open")
	}
}

func TestGate(t *testing.T) {
	g := NewGate(2)
	r1, ok1 := g.Acquire("a")
	_, ok2 := g.Acquire("a")
	_, ok3 := g.Acquire("a")
	_, okB := g.Acquire("b")
	if !ok1 || !ok2 || ok3 || !okB {
		t.Fatalf("acquire: %v %v %v %v, want true true false true", ok1, ok2, ok3, okB)
	}
	r1()
	r1() // idempotent
	if _, ok := g.Acquire("a"); !ok {
		t.Error("a place given back is not free")
	}
	if _, ok := g.Acquire("a"); ok {
		t.Error("a released twice freed two places")
	}
}
