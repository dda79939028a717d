package rules

import "sync"

// Memo remembers, within one transaction, what the storage rules read
// and locked: that a row exists, that an agency's row is locked, which
// agency a unit or a position belongs to. A bulk write whose thousands
// of rows name the same few references then reads and locks each once
// instead of once per row ([Env.Memo]; issue 18, docs/performance.md).
//
// Only a writer that owns its transaction sets one (the importer), and
// only for writes that change none of the remembered rows (an employee
// import changes no agency, unit or position). It must [Memo.Reset] the
// memo whenever it rolls back to a savepoint: the locks taken after the
// savepoint went with it. A nil *Memo remembers nothing.
type Memo struct {
	mu   sync.Mutex
	seen map[MemoKey]int
}

// MemoKey names one remembered fact: what (such as "exists", "locked",
// "agency"), the table and the row's ID.
type MemoKey struct {
	What, Table string
	ID          int
}

// NewMemo returns an empty memo.
func NewMemo() *Memo { return &Memo{seen: map[MemoKey]int{}} }

// Get returns the value remembered under k.
func (m *Memo) Get(k MemoKey) (int, bool) {
	if m == nil {
		return 0, false
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	v, ok := m.seen[k]
	return v, ok
}

// Put remembers v under k.
func (m *Memo) Put(k MemoKey, v int) {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.seen[k] = v
}

// Reset forgets everything.
func (m *Memo) Reset() {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	clear(m.seen)
}
