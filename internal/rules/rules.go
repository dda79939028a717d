// Package rules defines what the storage rules (package
// kembang/internal/hooks) take from the program that runs them, instead
// of reading it from the context of each write: the clock, and whether
// writes follow the workflows or are imports of history.
//
// An [Env] is a dependency of the generated ent client (ent's
// entc.Dependency, field and option "Rules"): the store builds its
// client with one, every transaction of the client inherits it, and
// [kembang/ent.Client.WithRules] returns a client over the same
// connections with another. The package imports nothing of the data
// model, so that the generated client can carry it.
package rules

import (
	"context"
	"database/sql"
	"time"
)

// Mode says how the storage rules treat a write.
type Mode int

const (
	// Workflow is the mode of the API and of every ordinary writer:
	// enrollments, evaluations, learning claims and plans follow their life
	// cycles and workflows.
	Workflow Mode = iota
	// Import stores enrollments, evaluations, learning claims, plans and
	// plan items as given, without their life-cycle and workflow rules:
	// historical statuses, completion dates, JP and certificate numbers,
	// approved plans. The rules that keep records consistent with each
	// other still run: an imported ATTENDED, COMPLETED or FAILED enrollment
	// belongs to a session that had started by the clock, organisation
	// references stay in their agency, sessions keep their partners and
	// dates. Only trusted loaders use it (the demo-data seeder, test
	// fixtures); the API never does.
	Import
)

// Env is the environment of the storage rules. Its zero value is the
// production one: the system clock and the workflows.
type Env struct {
	// Now is the clock the rules date and judge writes by: enrollment
	// arrival, completion, reviews, plan decisions, "not in the future".
	// Nil means time.Now.
	Now func() time.Time
	// Mode is Workflow or Import.
	Mode Mode
	// Nominating makes new enrollments HR's nominations (the nominate
	// mutation): they start NOMINATED and hold no seat. Otherwise a new
	// enrollment is an employee's own registration, REGISTERED while seats
	// are free and WAITLISTED when the session is full.
	Nominating bool
	// SkipAssessments keeps a completion from recording the TRAINING
	// assessments it earns (the completeEnrollment mutation with
	// recordAssessments: false).
	SkipAssessments bool
	// Memo, when set, lets the rules read and lock each reference once
	// per transaction (see [Memo]); nil: every write reads its own.
	Memo *Memo
	// Notifier announces the changes that subscriptions watch (package
	// kembang/internal/realtime). Nil announces nothing: imports, tests and
	// the commands that do not serve.
	Notifier Notifier
}

// Execer runs a statement as part of a write: in its transaction when
// it has one (ent's ExecQuery feature on a mutation).
type Execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// Notifier announces a change to the subscribers of every server process.
type Notifier interface {
	// Notify announces payload (the IDs of what changed) with the write
	// whose statements exec runs, so that it is delivered if and only if
	// the write commits: in the write's own transaction (PostgreSQL's
	// NOTIFY), or through afterCommit, which runs a function once the
	// write has committed (at once when it has no transaction).
	Notify(ctx context.Context, exec Execer, afterCommit func(func()), payload []byte) error
}

// Time returns the current time of the clock.
func (e Env) Time() time.Time {
	if e.Now == nil {
		return time.Now()
	}
	return e.Now()
}

// Importing reports whether writes are imports ([Import]).
func (e Env) Importing() bool { return e.Mode == Import }

// Nomination returns e for nominations ([Env.Nominating]).
func (e Env) Nomination() Env {
	e.Nominating = true
	return e
}

// WithoutAssessments returns e for completions that record no
// assessment ([Env.SkipAssessments]).
func (e Env) WithoutAssessments() Env {
	e.SkipAssessments = true
	return e
}

// Importer returns the environment of an import judged as of now (nil:
// the system clock).
func Importer(now func() time.Time) Env { return Env{Now: now, Mode: Import} }
