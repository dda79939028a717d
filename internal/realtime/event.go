// Package realtime carries the events behind GraphQL subscriptions from
// the write that causes them to the subscribers of every server process.
//
// A write announces what it changed, IDs only, through the rules.Notifier
// of the ent client: on PostgreSQL with NOTIFY on the channel Channel in
// the write's own transaction ([Postgres]), which PostgreSQL delivers to
// every listening session only when the transaction commits; on the
// embedded SQLite store in-process, after the commit ([Broker.Notify]).
// Each server process listens on the channel ([Listen]) and hands the
// events to its [Broker], which fans them out to the subscriptions of its
// clients by topic. The events hold no data: a subscription reads the
// current state again as its own viewer before it sends anything
// (package kembang/graph), so an event about a record the viewer may not
// read is never sent.
package realtime

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
)

// Channel is the PostgreSQL NOTIFY channel of Kembang's events.
const Channel = "kembang_events"

// Kind says what changed.
type Kind string

// Kinds of events.
const (
	// EnrollmentChanged: an enrollment was created, changed or deleted;
	// the seats of its session may have changed too.
	EnrollmentChanged Kind = "enrollment"
	// SessionChanged: a session was changed (its capacity, its status).
	SessionChanged Kind = "session"
)

// Event is what a write announces: the kind of change and raw ent IDs.
type Event struct {
	Kind       Kind `json:"kind"`
	Session    int  `json:"session"`
	Enrollment int  `json:"enrollment,omitempty"`
	Employee   int  `json:"employee,omitempty"`
}

// ErrEvent is wrapped by the errors of Decode.
var ErrEvent = errors.New("realtime: not an event")

// Encode returns e as the payload of a notification.
func (e Event) Encode() []byte {
	b, _ := json.Marshal(e) // ints and a string: cannot fail
	return b
}

// Decode parses a notification's payload.
func Decode(b []byte) (Event, error) {
	var e Event
	if err := json.Unmarshal(b, &e); err != nil {
		return Event{}, fmt.Errorf("%w: %v", ErrEvent, err)
	}
	switch {
	case e.Session <= 0:
		return Event{}, fmt.Errorf("%w: no session", ErrEvent)
	case e.Kind == SessionChanged:
	case e.Kind == EnrollmentChanged && e.Enrollment > 0 && e.Employee > 0:
	default:
		return Event{}, fmt.Errorf("%w: kind %q", ErrEvent, e.Kind)
	}
	return e, nil
}

// Topic is what a subscription watches.
type Topic string

// SessionTopic watches the seats of the session with raw ID id: every
// change of the session and of its enrollments.
func SessionTopic(id int) Topic { return Topic("session:" + strconv.Itoa(id)) }

// EmployeeTopic watches the enrollments of the employee with raw ID id.
func EmployeeTopic(id int) Topic { return Topic("employee:" + strconv.Itoa(id)) }

// EnrollmentsTopic watches every enrollment.
const EnrollmentsTopic Topic = "enrollments"

// topics returns the topics e is delivered on.
func (e Event) topics() []Topic {
	t := []Topic{SessionTopic(e.Session)}
	if e.Kind == EnrollmentChanged {
		t = append(t, EmployeeTopic(e.Employee), EnrollmentsTopic)
	}
	return t
}
