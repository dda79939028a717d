package realtime

import "sync"

// Gate counts what each key (a viewer) holds open, up to a maximum.
type Gate struct {
	max  int
	mu   sync.Mutex
	held map[string]int
}

// NewGate returns a gate of at most max per key; max <= 0 means no limit.
func NewGate(max int) *Gate { return &Gate{max: max, held: make(map[string]int)} }

// Acquire takes one of key's places and returns the function that gives
// it back (idempotent), or false when key holds max already.
func (g *Gate) Acquire(key string) (release func(), ok bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.max > 0 && g.held[key] >= g.max {
		return nil, false
	}
	g.held[key]++
	var once sync.Once
	return func() {
		once.Do(func() {
			g.mu.Lock()
			defer g.mu.Unlock()
			if g.held[key]--; g.held[key] <= 0 {
				delete(g.held, key)
			}
		})
	}, true
}
