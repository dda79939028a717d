package realtime

import (
	"context"
	"sync"

	"kembang/internal/rules"
)

// DefaultBuffer is the number of events a subscriber may fall behind
// before it is dropped.
const DefaultBuffer = 64

// Broker fans events out to the subscribers of one server process. Its
// methods are safe for concurrent use.
type Broker struct {
	buffer int
	ctx    context.Context // done once the broker is closed
	stop   context.CancelFunc

	mu     sync.Mutex
	subs   map[Topic]map[*subscriber]struct{}
	closed bool
	open   int
	gauge  func(delta float64) // the open-subscriptions metric; never nil
}

// subscriber is one subscription's channel.
type subscriber struct {
	topic Topic
	ch    chan Event
}

// NewBroker returns a broker whose subscribers may fall buffer events
// behind (DefaultBuffer when buffer <= 0). gauge, when not nil, is told
// of every subscription opened (+1) and closed (-1).
func NewBroker(buffer int, gauge func(delta float64)) *Broker {
	if buffer <= 0 {
		buffer = DefaultBuffer
	}
	if gauge == nil {
		gauge = func(float64) {}
	}
	ctx, stop := context.WithCancel(context.Background())
	return &Broker{buffer: buffer, ctx: ctx, stop: stop, subs: make(map[Topic]map[*subscriber]struct{}), gauge: gauge}
}

// Subscribe returns the events of topic, and the function that ends the
// subscription (idempotent). The channel is closed when the subscription
// ends: by cancel, when the subscriber falls more than the buffer behind
// (it has lost events and must read the state again), or when the broker
// is closed.
func (b *Broker) Subscribe(topic Topic) (events <-chan Event, cancel func()) {
	s := &subscriber{topic: topic, ch: make(chan Event, b.buffer)}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		close(s.ch)
		return s.ch, func() {}
	}
	m := b.subs[topic]
	if m == nil {
		m = make(map[*subscriber]struct{})
		b.subs[topic] = m
	}
	m[s] = struct{}{}
	b.open++
	b.gauge(1)
	return s.ch, func() {
		b.mu.Lock()
		defer b.mu.Unlock()
		b.drop(s)
	}
}

// drop ends s's subscription, if it has not ended. b.mu is held.
func (b *Broker) drop(s *subscriber) {
	m := b.subs[s.topic]
	if _, ok := m[s]; !ok {
		return
	}
	delete(m, s)
	if len(m) == 0 {
		delete(b.subs, s.topic)
	}
	close(s.ch)
	b.open--
	b.gauge(-1)
}

// Publish delivers e to the subscribers of its topics without waiting:
// a subscriber whose buffer is full is dropped.
func (b *Broker) Publish(e Event) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, t := range e.topics() {
		for s := range b.subs[t] {
			select {
			case s.ch <- e:
			default:
				b.drop(s)
			}
		}
	}
}

// Open returns the number of open subscriptions.
func (b *Broker) Open() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.open
}

// Done is closed once the broker is closed.
func (b *Broker) Done() <-chan struct{} { return b.ctx.Done() }

// Context returns a context cancelled once the broker is closed.
func (b *Broker) Context() context.Context { return b.ctx }

// Close ends every subscription and refuses new ones: the server is
// shutting down.
func (b *Broker) Close() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return
	}
	b.closed = true
	for _, m := range b.subs {
		for s := range m {
			b.drop(s)
		}
	}
	b.stop()
}

// Notify implements rules.Notifier for the embedded store: the event is
// published to b once the write commits.
func (b *Broker) Notify(_ context.Context, _ rules.Execer, afterCommit func(func()), payload []byte) error {
	e, err := Decode(payload)
	if err != nil {
		return err
	}
	afterCommit(func() { b.Publish(e) })
	return nil
}

var _ rules.Notifier = (*Broker)(nil)
