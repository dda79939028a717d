package realtime

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/lib/pq"

	"kembang/internal/rules"
)

// Postgres is the rules.Notifier of a PostgreSQL store: NOTIFY in the
// write's transaction, which PostgreSQL delivers to the listeners of
// every server process when, and only when, the transaction commits.
type Postgres struct{}

// Notify runs pg_notify(Channel, payload) with exec.
func (Postgres) Notify(ctx context.Context, exec rules.Execer, _ func(func()), payload []byte) error {
	if _, err := exec.ExecContext(ctx, "SELECT pg_notify($1, $2)", Channel, string(payload)); err != nil {
		return fmt.Errorf("realtime: notify: %w", err)
	}
	return nil
}

var _ rules.Notifier = Postgres{}

// Reconnection delays of the listener's connection.
const (
	minReconnect = 100 * time.Millisecond
	maxReconnect = 10 * time.Second
	// pingEvery checks an idle listener's connection.
	pingEvery = time.Minute
	// listenWait bounds the wait for the first LISTEN.
	listenWait = 30 * time.Second
)

// Listen opens a connection of its own to the PostgreSQL database at dsn
// (github.com/lib/pq's Listener, which reconnects by itself), listens on
// Channel and publishes every event it receives to b until ctx is done.
// It returns once the database has acknowledged the LISTEN, or with the
// error that kept it from doing so within 30 seconds.
//
// Events sent while the connection was lost are lost; a reconnection is
// logged.
func Listen(ctx context.Context, dsn string, b *Broker, log *slog.Logger) error {
	l := pq.NewListener(dsn, minReconnect, maxReconnect, func(ev pq.ListenerEventType, err error) {
		switch ev {
		case pq.ListenerEventDisconnected:
			log.Warn("realtime: listener disconnected; events are lost until it reconnects", "err", err)
		case pq.ListenerEventReconnected:
			log.Info("realtime: listener reconnected")
		case pq.ListenerEventConnectionAttemptFailed:
			log.Debug("realtime: listener connection attempt failed", "err", err)
		}
	})
	listening := make(chan error, 1)
	go func() { listening <- l.Listen(Channel) }()
	select {
	case err := <-listening:
		if err != nil {
			l.Close()
			return fmt.Errorf("realtime: listen: %w", err)
		}
	case <-ctx.Done():
		l.Close()
		return fmt.Errorf("realtime: listen: %w", ctx.Err())
	case <-time.After(listenWait):
		l.Close()
		return fmt.Errorf("realtime: listen: no connection to the database within %v", listenWait)
	}
	go receive(context.WithoutCancel(ctx), ctx.Done(), l, b, log)
	return nil
}

// receive publishes l's notifications to b until done is closed.
func receive(ctx context.Context, done <-chan struct{}, l *pq.Listener, b *Broker, log *slog.Logger) {
	defer l.Close()
	ping := time.NewTicker(pingEvery)
	defer ping.Stop()
	for {
		select {
		case <-done:
			return
		case n := <-l.Notify:
			if n == nil { // reconnected: see Listen
				continue
			}
			e, err := Decode([]byte(n.Extra))
			if err != nil {
				log.WarnContext(ctx, "realtime: ignoring a notification", "err", err)
				continue
			}
			b.Publish(e)
		case <-ping.C:
			if err := l.Ping(); err != nil && !errors.Is(err, pq.ErrChannelNotOpen) {
				log.DebugContext(ctx, "realtime: listener ping", "err", err)
			}
		}
	}
}
