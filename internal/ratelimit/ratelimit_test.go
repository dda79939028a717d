package ratelimit

import (
	"sync"
	"testing"
	"time"
)

func TestTake(t *testing.T) {
	t0 := time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC)
	l := New(10, time.Hour, 100)
	steps := []struct {
		key       string
		cost      int
		at        time.Duration
		ok        bool
		remaining int
	}{
		{"a", 4, 0, true, 6},
		{"a", 6, time.Minute, true, 0},
		{"a", 1, 2 * time.Minute, false, 0}, // refused, nothing spent
		{"b", 3, 2 * time.Minute, true, 7},  // other clients unaffected
		{"a", 0, 3 * time.Minute, true, 0},  // a free request still passes
		{"a", 5, time.Hour, true, 5},        // the window restarts whole
	}
	for i, s := range steps {
		st, ok := l.Take(s.key, s.cost, t0.Add(s.at))
		if ok != s.ok || st.Remaining != s.remaining || st.Limit != 10 {
			t.Errorf("step %d: Take(%s, %d) = %+v, %v; want ok %v, remaining %d", i, s.key, s.cost, st, ok, s.ok, s.remaining)
		}
	}
	if st, _ := l.Take("a", 0, t0.Add(time.Hour)); !st.ResetAt.Equal(t0.Add(2 * time.Hour)) {
		t.Errorf("reset at %v", st.ResetAt)
	}
}

func TestEvict(t *testing.T) {
	t0 := time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC)
	l := New(10, time.Hour, 2)
	l.Take("a", 10, t0)
	l.Take("b", 10, t0.Add(time.Minute))
	l.Take("c", 1, t0.Add(2*time.Minute)) // full: a, ending soonest, goes
	if len(l.clients) != 2 || l.clients["a"] != nil {
		t.Errorf("clients after eviction: %v", l.clients)
	}
	if _, ok := l.Take("b", 1, t0.Add(3*time.Minute)); ok {
		t.Error("b's spent budget was forgotten")
	}
}

func TestConcurrent(t *testing.T) {
	l := New(1000, time.Hour, 10)
	now := time.Now()
	var wg sync.WaitGroup
	var mu sync.Mutex
	granted := 0
	for range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 40 {
				if _, ok := l.Take("k", 1, now); ok {
					mu.Lock()
					granted++
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	if granted != 1000 {
		t.Errorf("granted %d of 2000 requests, want exactly 1000", granted)
	}
}
