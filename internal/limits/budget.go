package limits

import (
	"context"
	"errors"
	"sync"

	"github.com/vektah/gqlparser/v2/gqlerror"
	"golang.org/x/sync/semaphore"

	"kembang/internal/fault"
)

// FreeNodes is the node bound (Usage.Nodes) at or under which an
// operation is admitted without taking any of a Budget: the lists,
// profiles and searches of the personas bound at most a few hundred
// nodes, and such an operation holds well under a megabyte while it runs.
const FreeNodes = 1000

// Budget admits the large operations a few at a time, by their size, so
// that the memory the server holds at once is bounded by what the
// operations in flight may return rather than by how many there are.
//
// An operation's weight is its node bound (Usage.Nodes, the nodes all its
// connections together may return), capped at the capacity: one that may
// return more than the whole budget runs alone among the weighed ones.
// Operations whose bound is at most the free weight take nothing and
// never wait. The weight is held from the measurement of the operation
// (guard.MutateOperationContext) until its response has been written
// (Ticket.Release, called by the HTTP layer), since the encoded response
// is part of what the operation holds.
//
// Waiting operations are served first in, first out
// (semaphore.Weighted); one whose context ends while it waits is refused
// with UNAVAILABLE.
type Budget struct {
	sem      *semaphore.Weighted
	capacity int64
	free     int64
	obs      BudgetObserver
}

// BudgetObserver is told what a Budget holds and who waits for it (the
// server's metrics). Its methods must be safe for concurrent use.
type BudgetObserver interface {
	// BudgetHeld adds delta to the weight held by operations in flight.
	BudgetHeld(delta int64)
	// BudgetWaiting adds delta to the operations waiting for weight.
	BudgetWaiting(delta int)
}

// NewBudget returns a Budget of capacity nodes in which operations bound
// to at most free nodes take nothing. obs, if not nil, is told the weight
// held and the operations waiting. A capacity of 0 or less returns nil:
// no budget, every operation admitted at once.
func NewBudget(capacity, free int64, obs BudgetObserver) *Budget {
	if capacity <= 0 {
		return nil
	}
	return &Budget{sem: semaphore.NewWeighted(capacity), capacity: capacity, free: max(free, 0), obs: obs}
}

// Capacity returns the nodes the budget admits at once.
func (b *Budget) Capacity() int64 { return b.capacity }

// Weight returns what an operation of usage u takes of b: nothing when
// its node bound is at most the free weight, else the bound capped at the
// capacity. A nil Budget weighs nothing.
func (b *Budget) Weight(u Usage) int64 {
	if b == nil || u.Nodes <= b.free {
		return 0
	}
	return min(u.Nodes, b.capacity)
}

// Ticket is one request's claim on a Budget: the HTTP layer puts it in the
// request's context (NewTicketContext) and releases it once the response
// is written; the limits guard fills it with the weight of the request's
// operation once it has measured it.
type Ticket struct {
	budget *Budget
	pause  func() (resume func(context.Context) error)

	mu     sync.Mutex
	weight int64 // held, given back by Release
}

// NewTicketContext returns ctx with a new Ticket on b, and the ticket.
// pause, if not nil, is called before the operation waits for weight,
// and the function it returns once the weight is held: the HTTP admission
// gives up its slot while a request waits here, so that small operations
// do not queue behind large ones waiting for the budget, and takes one
// again before the operation runs. When the wait or the resume fails
// (the context ended) the request goes on without a slot, to write its
// error. With a nil b the ticket admits every operation at once.
func NewTicketContext(ctx context.Context, b *Budget, pause func() (resume func(context.Context) error)) (context.Context, *Ticket) {
	t := &Ticket{budget: b, pause: pause}
	return context.WithValue(ctx, ticketKey{}, t), t
}

// ticketKey is the context key of a request's Ticket.
type ticketKey struct{}

// ticketFrom returns the Ticket of ctx, if the HTTP layer put one there.
// Subscriptions have none: they run outside the admission control.
func ticketFrom(ctx context.Context) (*Ticket, bool) {
	t, ok := ctx.Value(ticketKey{}).(*Ticket)
	return t, ok && t.budget != nil
}

// Held returns the weight the ticket holds.
func (t *Ticket) Held() int64 {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.weight
}

// Release gives back the weight the ticket holds, if any. It may be
// called more than once.
func (t *Ticket) Release() {
	t.mu.Lock()
	w := t.weight
	t.weight = 0
	t.mu.Unlock()
	if w > 0 {
		t.budget.sem.Release(w)
		t.budget.observeHeld(-w)
	}
}

// admit takes weight w of the ticket's budget for the request's operation,
// waiting for it first in, first out until ctx ends. A ticket that already
// holds weight (a request runs one operation) takes no more.
func (t *Ticket) admit(ctx context.Context, w int64) error {
	if w <= 0 || t.Held() > 0 {
		return nil
	}
	b := t.budget
	if !b.sem.TryAcquire(w) {
		var resume func(context.Context) error
		if t.pause != nil {
			resume = t.pause()
		}
		b.observeWaiting(1)
		err := b.sem.Acquire(ctx, w)
		b.observeWaiting(-1)
		if err != nil {
			return err
		}
		if resume != nil {
			if err := resume(ctx); err != nil {
				b.sem.Release(w)
				return err
			}
		}
	}
	t.mu.Lock()
	t.weight = w
	t.mu.Unlock()
	b.observeHeld(w)
	return nil
}

// observeHeld tells the observer of b that delta more weight is held.
func (b *Budget) observeHeld(delta int64) {
	if b.obs != nil {
		b.obs.BudgetHeld(delta)
	}
}

// observeWaiting tells the observer of b that delta more operations wait.
func (b *Budget) observeWaiting(delta int) {
	if b.obs != nil {
		b.obs.BudgetWaiting(delta)
	}
}

// admitError is the GraphQL error of an operation whose context ended
// while it waited for its weight of the budget: UNAVAILABLE, as the HTTP
// admission refuses a request that times out waiting for a slot.
func admitError(err error) *gqlerror.Error {
	f := fault.Newf(fault.Unavailable, "", "the server is busy: the request timed out waiting for its turn")
	if errors.Is(err, context.Canceled) {
		f = fault.Newf(fault.Unavailable, "", "the request was cancelled")
	}
	return &gqlerror.Error{
		Message:    f.Msg,
		Err:        f, // the presenter renders it in the client's language
		Extensions: map[string]any{"code": string(fault.Unavailable)},
	}
}
