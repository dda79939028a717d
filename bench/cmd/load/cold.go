package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"

	"kembang/bench"
)

// Cold mode (--cold N): before each run of a query on a target the driver
// makes the target fresh, sends the first N requests (at --concurrency)
// and reports their latencies apart, then goes on with the warm run on the
// same process. Fresh means:
//
//   - Kembang and PostGraphile: a new server process, started by the
//     driver with --kembang-cmd / --postgraphile-cmd and stopped after the
//     run: an empty connection pool (every connection a new PostgreSQL
//     session: fork, authentication, no cached plans or prepared
//     statements), the server's own caches and heap empty, and the
//     runtime's code paths not yet exercised.
//   - raw SQL: a new database/sql pool, so that every connection is a new
//     session; there is no server process to restart.
//
// It does not mean a cold database: PostgreSQL's shared buffers and the
// operating system's page cache keep what earlier runs read (restarting
// PostgreSQL or dropping the page cache needs rights the driver should
// not have). An HTTP target without a start command is refused in cold
// mode: closing a running server's idle connections is not a fresh start.

// readyTimeout bounds the wait for a started server to answer.
const readyTimeout = 90 * time.Second

// server is a server process the driver started.
type server struct {
	cmd  *exec.Cmd
	done chan struct{}
}

// startServer runs command with sh -c in its own process group (with the
// driver's environment, its output to log) and waits until endpoint
// answers a GraphQL request through c. The process's id is that of the
// shell, or of the server when command starts with exec.
func startServer(ctx context.Context, command, endpoint string, c *http.Client, log io.Writer) (*server, error) {
	cmd := exec.Command("sh", "-c", command)
	cmd.Stdout, cmd.Stderr = log, log
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting %q: %w", command, err)
	}
	s := &server{cmd: cmd, done: make(chan struct{})}
	go func() { cmd.Wait(); close(s.done) }()
	deadline := time.Now().Add(readyTimeout)
	for {
		if err := bench.PostInto(ctx, c, endpoint, "{__typename}", nil, &struct{}{}); err == nil {
			return s, nil
		}
		select {
		case <-s.done:
			return nil, fmt.Errorf("%q exited before it answered", command)
		case <-ctx.Done():
			s.stop()
			return nil, ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			s.stop()
			return nil, fmt.Errorf("%q did not answer within %s", command, readyTimeout)
		}
	}
}

// pid returns the started process's id.
func (s *server) pid() int { return s.cmd.Process.Pid }

// stop ends the process group: SIGTERM, SIGKILL after ten seconds.
func (s *server) stop() {
	pg := -s.cmd.Process.Pid
	_ = syscall.Kill(pg, syscall.SIGTERM)
	select {
	case <-s.done:
	case <-time.After(10 * time.Second):
		_ = syscall.Kill(pg, syscall.SIGKILL)
		<-s.done
	}
}

// freshener makes a target fresh before a cold run; the function it
// returns ends what it started. pid is the started server's process id (0
// when none).
type freshener func(ctx context.Context) (pid int, end func(), err error)

// freshServer returns the freshener that starts command and waits for
// endpoint.
func freshServer(command, endpoint string, c *http.Client, log io.Writer) freshener {
	return func(ctx context.Context) (int, func(), error) {
		s, err := startServer(ctx, command, endpoint, c, log)
		if err != nil {
			return 0, nil, err
		}
		return s.pid(), s.stop, nil
	}
}

// freshPool returns the freshener of the raw-SQL baseline: *db becomes a
// new pool of the same settings, closed at the end.
func freshPool(url string, conns int, db **sql.DB) freshener {
	return func(context.Context) (int, func(), error) {
		p, err := sql.Open("postgres", url)
		if err != nil {
			return 0, nil, err
		}
		p.SetMaxOpenConns(conns)
		p.SetMaxIdleConns(conns)
		old := *db
		*db = p
		return 0, func() { *db = old; p.Close() }, nil
	}
}

// coldRun makes the target fresh with fresh, sends the first o.cold
// requests of fn into cold and returns the options of the warm run that
// follows (the started server's id for memory and CPU readings) and the
// function that ends the fresh target.
func coldRun(ctx context.Context, o options, fresh freshener, fn func(context.Context) (int, error), cold *queryResult) (options, func(), error) {
	pid, end, err := fresh(ctx)
	if err != nil {
		return o, nil, err
	}
	if pid > 0 && o.rss {
		o.serverPID = pid
	}
	co := o
	co.maxRequests, co.duration = o.cold, maxColdRun
	drive(ctx, co, []func(context.Context) (int, error){fn}, []*queryResult{cold})
	return o, end, nil
}

// maxColdRun bounds the time the first requests of a cold run may take.
const maxColdRun = 5 * time.Minute

// printCold prints a target's cold table: the first requests after each
// fresh start, over all rounds, and their median against the warm one.
func printCold(out io.Writer, name string, cold, warm []*queryResult, n int) {
	fmt.Fprintf(out, "\n%s, cold: the first %d requests after each fresh start\n%-18s %9s %9s %9s %9s %7s %9s  %s\n",
		name, n, "query", "requests", "p50 ms", "p99 ms", "max ms", "errors", "cold/warm", "first error")
	for i, r := range cold {
		if r.skipped {
			fmt.Fprintf(out, "%-18s %9s\n", r.name, "n/a")
			continue
		}
		rel := "-"
		if w := warm[i].pct(0.5); w > 0 && r.requests > 0 {
			rel = fmt.Sprintf("%.2f", ms(r.pct(0.5))/ms(w))
		}
		e := ""
		if r.firstErr != nil {
			e = fmt.Sprintf("%.80s", r.firstErr.Error())
		}
		fmt.Fprintf(out, "%-18s %9d %9.2f %9.2f %9.2f %7d %9s  %s\n", r.name, r.requests, ms(r.pct(0.5)), ms(r.pct(0.99)), ms(r.pct(1)), r.errors, rel, e)
	}
}

// checkCold refuses cold mode for an HTTP target without a start command.
func checkCold(o options) error {
	if o.cold == 0 {
		return nil
	}
	var missing []string
	if o.url != "" && o.kembangCmd == "" {
		missing = append(missing, "--kembang-cmd")
	}
	if o.pgURL != "" && o.pgCmd == "" {
		missing = append(missing, "--postgraphile-cmd")
	}
	if len(missing) > 0 {
		return errors.New("--cold restarts the servers: it needs " + strings.Join(missing, " and "))
	}
	if o.mixed {
		return errors.New("--cold runs the queries one after the other: drop --mixed")
	}
	return nil
}

// serverLog opens the file the started servers write to (stderr when
// name is empty).
func serverLog(name string) (io.Writer, func(), error) {
	if name == "" {
		return os.Stderr, func() {}, nil
	}
	f, err := os.OpenFile(name, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return nil, nil, err
	}
	return f, func() { f.Close() }, nil
}
