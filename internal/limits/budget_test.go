package limits

import (
	"context"
	"sync/atomic"
	"testing"
	"time"
)

// TestBudgetWeight checks what an operation takes of a budget: nothing
// up to the free weight, its node bound above it, and the whole budget at
// most.
func TestBudgetWeight(t *testing.T) {
	b := NewBudget(12_000, FreeNodes, nil)
	tests := []struct {
		name  string
		nodes int64
		want  int64
	}{
		{"no connection (program_report)", 0, 0},
		{"mobile_profile", 15, 0},
		{"partner_sessions", 510, 0},
		{"at the free weight", FreeNodes, 0},
		{"just over it", FreeNodes + 1, FreeNodes + 1},
		{"analyst_4level", 5275, 5275},
		{"the whole budget", 12_000, 12_000},
		{"over the budget: capped", 50_000, 12_000},
	}
	for _, tt := range tests {
		if got := b.Weight(Usage{Nodes: tt.nodes}); got != tt.want {
			t.Errorf("%s: Weight(%d nodes) = %d, want %d", tt.name, tt.nodes, got, tt.want)
		}
	}
	var none *Budget
	if got := none.Weight(Usage{Nodes: 50_000}); got != 0 {
		t.Errorf("nil budget: Weight = %d, want 0", got)
	}
	if NewBudget(0, FreeNodes, nil) != nil {
		t.Error("NewBudget(0) is not nil")
	}
}

// observer counts what a budget tells it.
type observer struct{ held, waiting atomic.Int64 }

func (o *observer) BudgetHeld(d int64)  { o.held.Add(d) }
func (o *observer) BudgetWaiting(d int) { o.waiting.Add(int64(d)) }

// waitFor polls cond for up to a second.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(time.Second); !cond(); {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

// TestTicketWaits checks that an operation that does not fit waits, with
// the HTTP slot given up meanwhile and taken again before it runs, until
// the one before it releases its weight; that free operations never wait;
// and that a waiting operation whose context ends (deadline or
// cancellation) is refused with UNAVAILABLE, holding nothing.
func TestTicketWaits(t *testing.T) {
	obs := &observer{}
	b := NewBudget(10_000, FreeNodes, obs)
	heavy := Usage{Nodes: 6_000}

	first, t1 := NewTicketContext(context.Background(), b, nil)
	if err := admit(first, heavy); err != nil {
		t.Fatalf("first heavy operation: %v", err)
	}
	if t1.Held() != 6_000 || obs.held.Load() != 6_000 {
		t.Fatalf("held %d (observed %d), want 6000", t1.Held(), obs.held.Load())
	}

	// A free operation passes while the budget cannot take another heavy one.
	small, ts := NewTicketContext(context.Background(), b, func() func(context.Context) error {
		t.Error("a free operation paused")
		return nil
	})
	if err := admit(small, Usage{Nodes: 510}); err != nil || ts.Held() != 0 {
		t.Fatalf("free operation: %v, held %d", err, ts.Held())
	}

	// Waiting operations whose context ends are refused.
	for _, tc := range []struct {
		name string
		ctx  func() (context.Context, context.CancelFunc)
		msg  string
	}{
		{"deadline", func() (context.Context, context.CancelFunc) {
			return context.WithTimeout(context.Background(), 20*time.Millisecond)
		}, "the server is busy: the request timed out waiting for its turn"},
		{"cancelled", func() (context.Context, context.CancelFunc) {
			ctx, cancel := context.WithCancel(context.Background())
			time.AfterFunc(20*time.Millisecond, cancel)
			return ctx, cancel
		}, "the request was cancelled"},
	} {
		ctx, cancel := tc.ctx()
		paused := 0
		ctx, tk := NewTicketContext(ctx, b, func() func(context.Context) error {
			paused++
			return func(context.Context) error { t.Errorf("%s: resumed after its context ended", tc.name); return nil }
		})
		err := admit(ctx, heavy)
		cancel()
		if err == nil || err.Extensions["code"] != "UNAVAILABLE" || err.Message != tc.msg {
			t.Errorf("%s: got %v (%v), want UNAVAILABLE %q", tc.name, err, err.Extensions, tc.msg)
		}
		if paused != 1 || tk.Held() != 0 {
			t.Errorf("%s: paused %d times, held %d; want 1, 0", tc.name, paused, tk.Held())
		}
	}

	// A second heavy operation waits, its slot given up, until the first
	// releases; then it takes its slot back.
	var paused, resumed atomic.Int32
	second, t2 := NewTicketContext(context.Background(), b, func() func(context.Context) error {
		paused.Add(1)
		return func(context.Context) error { resumed.Add(1); return nil }
	})
	done := make(chan error, 1)
	go func() {
		if err := admit(second, heavy); err != nil {
			done <- err
			return
		}
		done <- nil
	}()
	waitFor(t, "the second operation to wait", func() bool { return obs.waiting.Load() == 1 })
	if paused.Load() != 1 || resumed.Load() != 0 {
		t.Fatalf("waiting: paused %d, resumed %d; want 1, 0", paused.Load(), resumed.Load())
	}
	select {
	case err := <-done:
		t.Fatalf("the second operation ran beside the first: %v", err)
	case <-time.After(30 * time.Millisecond):
	}
	t1.Release()
	t1.Release() // twice: no effect
	if err := <-done; err != nil {
		t.Fatalf("second heavy operation: %v", err)
	}
	if resumed.Load() != 1 || t2.Held() != 6_000 || obs.held.Load() != 6_000 || obs.waiting.Load() != 0 {
		t.Errorf("after the first released: resumed %d, held %d (observed %d), waiting %d", resumed.Load(), t2.Held(), obs.held.Load(), obs.waiting.Load())
	}

	// A request runs one operation: a second admit takes no more.
	if err := admit(second, heavy); err != nil || t2.Held() != 6_000 {
		t.Errorf("admitted twice: %v, held %d", err, t2.Held())
	}
	t2.Release()
	if obs.held.Load() != 0 {
		t.Errorf("after every release the observer counts %d held", obs.held.Load())
	}
}

// TestTicketResumeFails checks that an operation whose context ends while
// it waits for its HTTP slot again, its weight already taken, gives the
// weight back.
func TestTicketResumeFails(t *testing.T) {
	b := NewBudget(10_000, FreeNodes, nil)
	_, t1 := NewTicketContext(context.Background(), b, nil)
	if err := t1.admit(context.Background(), 8_000); err != nil {
		t.Fatal(err)
	}
	ctx, t2 := NewTicketContext(context.Background(), b, func() func(context.Context) error {
		return func(context.Context) error { return context.DeadlineExceeded }
	})
	time.AfterFunc(10*time.Millisecond, t1.Release)
	err := admit(ctx, Usage{Nodes: 8_000})
	if err == nil || err.Extensions["code"] != "UNAVAILABLE" {
		t.Fatalf("got %v, want UNAVAILABLE", err)
	}
	if t2.Held() != 0 || !b.sem.TryAcquire(10_000) {
		t.Errorf("the weight of the refused operation was not given back (held %d)", t2.Held())
	}
}

// TestNoTicket checks that operations without a ticket (subscriptions)
// or with a ticket on no budget are not weighed.
func TestNoTicket(t *testing.T) {
	if err := admit(context.Background(), Usage{Nodes: 50_000}); err != nil {
		t.Errorf("no ticket: %v", err)
	}
	ctx, tk := NewTicketContext(context.Background(), nil, nil)
	if err := admit(ctx, Usage{Nodes: 50_000}); err != nil || tk.Held() != 0 {
		t.Errorf("nil budget: %v, held %d", err, tk.Held())
	}
	tk.Release()
}
