package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"runtime"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"kembang/internal/store/storetest"
)

// childEnv names the environment variable that makes the test binary
// run the server (see TestMain) instead of the tests.
const childEnv = "KEMBANG_TEST_CHILD"

// foreverPath is the path of the child server's request that never ends.
const foreverPath = "/test/forever"

// TestMain runs the tests, or, in a child process started by
// TestSIGTERMDuringEndlessRequest, the server itself.
func TestMain(m *testing.M) {
	if os.Getenv(childEnv) == "serve" {
		childServe()
		return
	}
	os.Exit(m.Run())
}

// sink keeps the endless computation's allocations alive.
var sink atomic.Pointer[[]byte]

// childServe runs main, configured by the environment, with a request
// at foreverPath that computes forever and never looks at its context,
// as the unit cycle of issue #15 made competencyGapSummary do.
func childServe() {
	wrapHandler = func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path != foreverPath {
				next.ServeHTTP(w, r)
				return
			}
			fmt.Println("forever: started")
			// Keep what it allocates, as the walk of a cyclic unit tree
			// did, up to 512 MiB: far over the soft memory limit, so that
			// the collector works hard too.
			var kept [][]byte
			for i := 0; ; i++ {
				b := make([]byte, 64<<10)
				b[i%len(b)] = byte(i)
				if len(kept) < 8192 {
					kept = append(kept, b)
				}
				sink.Store(&b)
				if i%16 == 0 {
					time.Sleep(time.Millisecond / 2)
					runtime.Gosched()
				}
			}
		})
	}
	os.Args = []string{"kembang", "serve"}
	main()
}

// TestSIGTERMDuringEndlessRequest starts the server as a process (this
// test binary, see TestMain), sends it a request that computes forever
// without looking at its context, then SIGTERM: the process must exit
// once the shutdown grace period is over, within exitMargin (issue #15,
// finding 7, process side).
func TestSIGTERMDuringEndlessRequest(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a process")
	}
	const grace = time.Second
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(),
		childEnv+"=serve",
		"KEMBANG_ADDR=127.0.0.1:0",
		"KEMBANG_DATA_DIR="+t.TempDir(),
		"KEMBANG_SEED=false",
		"KEMBANG_DEMO_TOKENS=false",
		"KEMBANG_LOG_LEVEL=info",
		"KEMBANG_SHUTDOWN_GRACE="+grace.String(),
		"DATABASE_URL=",
	)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = cmd.Stdout
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	lines := make(chan string, 100)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
		exited <- cmd.Wait()
	}()
	t.Cleanup(func() {
		cmd.Process.Kill()
	})
	var logs strings.Builder
	await := func(re *regexp.Regexp) []string {
		t.Helper()
		deadline := time.After(60 * time.Second)
		for {
			select {
			case l, ok := <-lines:
				if !ok {
					t.Fatalf("the server ended before %v:\n%s", re, &logs)
				}
				logs.WriteString(l + "\n")
				if m := re.FindStringSubmatch(l); m != nil {
					return m
				}
			case <-deadline:
				t.Fatalf("no %v in:\n%s", re, &logs)
			}
		}
	}
	base := await(regexp.MustCompile(`explorer=(http://127\.0\.0\.1:\d+)/`))[1]

	reqDone := make(chan error, 1)
	go func() {
		resp, err := http.Get(base + foreverPath)
		if err == nil {
			resp.Body.Close()
			err = errors.New("the endless request got a response: " + resp.Status)
		}
		reqDone <- err
	}()
	await(regexp.MustCompile(`^forever: started`))

	start := time.Now()
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	limit := grace + exitMargin + 3*time.Second // scheduling slack on a loaded machine
	var waitErr error
	func() {
		for {
			select {
			case l, ok := <-lines:
				if ok {
					logs.WriteString(l + "\n")
					continue
				}
				waitErr = <-exited
				return
			case <-time.After(limit - time.Since(start)):
				t.Fatalf("the process still runs %v after SIGTERM (grace %v):\n%s", time.Since(start), grace, &logs)
			}
		}
	}()
	took := time.Since(start)
	t.Logf("exited %v after SIGTERM: %v", took.Round(time.Millisecond), waitErr)
	if took < grace {
		t.Errorf("exited after %v, before the grace period of %v", took, grace)
	}
	var ee *exec.ExitError
	if !errors.As(waitErr, &ee) || ee.ExitCode() != 1 {
		t.Errorf("exit: %v, want status 1 (the grace period was exceeded)", waitErr)
	}
	for _, want := range []string{"shutting down", "grace period over"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("no %q in the logs:\n%s", want, &logs)
		}
	}
	select {
	case err := <-reqDone:
		if err == nil || strings.Contains(err.Error(), "got a response") {
			t.Errorf("the endless request: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Error("the endless request's connection was not closed")
	}
}

// startServeOn runs serveOn of a and h on a loopback port; cancel starts
// the shutdown, and done yields what serveOn returns.
func startServeOn(t *testing.T, a *app, h http.Handler) (ln net.Listener, cancel context.CancelFunc, done <-chan error) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	errc := make(chan error, 1)
	go func() { errc <- serveOn(ctx, ln, a, h) }()
	return ln, cancel, errc
}

// TestServeOnCancelsAfterGrace checks, in process, what happens to
// requests still running when the grace period is over: serveOn cancels
// their contexts (not before the grace period), closes their
// connections and returns at once, even while a handler that ignores its
// context still runs.
func TestServeOnCancelsAfterGrace(t *testing.T) {
	cfg := testConfig()
	cfg.shutdownGrace = 500 * time.Millisecond
	a := &app{cfg: cfg, db: storetest.Open(t, storetest.SQLite), log: slog.New(slog.DiscardHandler)}
	started := make(chan string, 2)
	cancelled := make(chan time.Time, 1)
	stuck := make(chan struct{})
	defer close(stuck)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		started <- r.URL.Path
		switch r.URL.Path {
		case "/waits": // like a database query: stops when cancelled
			<-r.Context().Done()
			cancelled <- time.Now()
		case "/stuck": // ignores its context
			<-stuck
		}
	})
	ln, cancel, done := startServeOn(t, a, h)
	for _, path := range []string{"/waits", "/stuck"} {
		go func() {
			if resp, err := http.Get("http://" + ln.Addr().String() + path); err == nil {
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
		}()
		<-started
	}

	stop := time.Now()
	cancel()
	select {
	case err := <-done:
		took := time.Since(stop)
		if err == nil || took < cfg.shutdownGrace || took > cfg.shutdownGrace+time.Second {
			t.Errorf("serveOn returned %v after %v, want an error after the grace period of %v", err, took, cfg.shutdownGrace)
		}
	case <-time.After(cfg.shutdownGrace + 5*time.Second):
		t.Fatal("serveOn did not return after the grace period")
	}
	select {
	case at := <-cancelled:
		if at.Sub(stop) < cfg.shutdownGrace {
			t.Errorf("the request was cancelled %v after the shutdown began, before its grace period", at.Sub(stop))
		}
	case <-time.After(5 * time.Second):
		t.Error("the waiting request's context was not cancelled")
	}
}

// TestHardStop checks the watchdog of serve: it does nothing until its
// context is done, then exits with status 1 after its delay unless
// disarmed first.
func TestHardStop(t *testing.T) {
	log := slog.New(slog.DiscardHandler)
	const after = 200 * time.Millisecond
	t.Run("fires", func(t *testing.T) {
		exited := make(chan int, 1)
		ctx, cancel := context.WithCancel(context.Background())
		disarm := hardStop(ctx, after, log, func(code int) { exited <- code })
		defer disarm()
		select {
		case <-exited:
			t.Fatal("exited before the context was done")
		case <-time.After(2 * after):
		}
		start := time.Now()
		cancel()
		select {
		case code := <-exited:
			if took := time.Since(start); code != 1 || took < after {
				t.Errorf("exit(%d) after %v, want exit(1) after %v", code, took, after)
			}
		case <-time.After(after + 5*time.Second):
			t.Fatal("did not exit")
		}
	})
	t.Run("disarmed", func(t *testing.T) {
		exited := make(chan int, 1)
		ctx, cancel := context.WithCancel(context.Background())
		disarm := hardStop(ctx, after, log, func(code int) { exited <- code })
		cancel()
		time.Sleep(after / 2)
		disarm()
		select {
		case code := <-exited:
			t.Fatalf("exit(%d) after being disarmed", code)
		case <-time.After(2 * after):
		}
	})
}
