// Command load runs the persona query suite against Kembang, and
// optionally PostGraphile v4 and a raw-SQL baseline, at a given
// concurrency for a given duration per query, and prints per query:
// requests per second, p50/p95/p99 latency, errors and SQL statements per
// request (Kembang's X-SQL-Statements header).
//
//	go run ./bench/cmd/load --url http://127.0.0.1:8080/graphql \
//	    --database-url postgres://… --concurrency 16 --duration 60s \
//	    [--postgraphile-url http://127.0.0.1:5050/graphql] [--raw] [--queries a,b] [--mixed] \
//	    [--rounds N] [--token JWT] [--server-pid PID] [--floor [--floor-bin PATH]]
//	    [--cold N --kembang-cmd 'exec kembang …' --postgraphile-cmd 'exec postgraphile …']
//
// With --cold N (cold.go) the driver starts a fresh server for each run
// and reports its first N requests apart from the warm run. With --floor
// (floor.go) a floor target answers the same requests with Kembang's
// captured response bytes from a minimal HTTP server.
//
// Each query runs on each target in turn (Kembang, PostGraphile, raw SQL),
// and --rounds repeats that, so that a slow or fast phase of a shared
// machine falls on every target alike; the tables cover all rounds, and the
// ratios (marked "!" when a run had errors) list the throughput ratio of
// each round as well.
//
// The database URL is read to pick the fixture (IDs, cursors) and for the
// raw-SQL baseline. Only loopback targets are accepted. --token (or
// KEMBANG_BENCH_TOKEN) is sent to Kembang, not to PostGraphile, as
// "Authorization: Bearer <token>". With --server-pid, the resident memory
// (VmRSS, VmHWM of /proc/PID/status, Linux) of Kembang's process is
// sampled every 100 ms during Kembang's runs and printed per query: peak
// and end of run, and the process's high-water mark at the end. Each row
// also shows the machine's 1-minute load average at the end of its run
// (load1): on a shared machine, read the figures with it. Without --mixed,
// each row shows the CPU time per request (Linux) spent by Kembang's
// process (with --server-pid), by the driver itself (its HTTP clients, or
// the raw-SQL baseline's database driver) and by the rest of the machine
// (PostgreSQL, PostGraphile, anything else running): CPU per request
// varies far less than throughput on a shared machine.
//
// Before each run the driver waits until PostgreSQL runs no statement of
// another session in the database (at most two minutes), and says how long
// it waited: a server goes on executing the requests the driver abandons at
// the end of a run (Kembang and the raw-SQL baseline cancel them,
// PostGraphile does not), and they must not run inside the next target's
// run.
package main

import (
	"bytes"
	"context"
	"database/sql"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	_ "github.com/lib/pq" // the "postgres" driver

	"kembang/bench"
)

// options are the command-line settings.
type options struct {
	url, pgURL, dbURL string
	raw, mixed        bool
	floor             bool   // also run the floor target (floor.go)
	floorBin          string // the floor server's executable
	rounds            int
	concurrency       int
	duration          time.Duration
	maxRequests       int
	queries           string
	year              int
	token             string
	serverPID         int
	rss               bool // sample serverPID's memory during this target's runs
	cpuProfile        string
	// Cold mode (cold.go): the first cold requests after each fresh start,
	// the commands that start the servers, the file of their output.
	cold              int
	kembangCmd, pgCmd string
	serverLog         string
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
		os.Exit(1)
	}
}

// run parses the flags, picks the fixture and runs every target.
func run(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("load", flag.ContinueOnError)
	var o options
	fs.StringVar(&o.url, "url", "http://127.0.0.1:8080/graphql", "Kembang's GraphQL endpoint (empty: skip Kembang)")
	fs.StringVar(&o.pgURL, "postgraphile-url", "", "PostGraphile v4's GraphQL endpoint, to compare")
	fs.StringVar(&o.dbURL, "database-url", os.Getenv("DATABASE_URL"), "PostgreSQL URL of the served data (fixture and raw baseline)")
	fs.BoolVar(&o.raw, "raw", false, "also run the hand-written SQL baseline")
	fs.BoolVar(&o.floor, "floor", false, "also run the floor target: Kembang's captured responses served by a minimal HTTP server (bench/cmd/floor)")
	fs.StringVar(&o.floorBin, "floor-bin", "", "the floor server's executable (default: floor beside the driver's executable)")
	fs.BoolVar(&o.mixed, "mixed", false, "run all queries at once (workers rotate) instead of one after the other")
	fs.IntVar(&o.rounds, "rounds", 1, "rounds: each runs every query on each target in turn (interleaved), and the figures cover all rounds")
	fs.IntVar(&o.concurrency, "concurrency", 16, "concurrent clients (1 to 256)")
	fs.DurationVar(&o.duration, "duration", 10*time.Second, "duration of each query's run (at most 10m)")
	fs.IntVar(&o.maxRequests, "max-requests", 1_000_000, "requests per query's run at most")
	fs.StringVar(&o.queries, "queries", "", "comma-separated query names (default: all)")
	fs.IntVar(&o.year, "year", 2025, "report year")
	fs.StringVar(&o.token, "token", os.Getenv("KEMBANG_BENCH_TOKEN"), "bearer token sent to Kembang (env KEMBANG_BENCH_TOKEN)")
	fs.IntVar(&o.serverPID, "server-pid", 0, "Kembang's process id, to sample its resident memory (Linux /proc)")
	fs.StringVar(&o.cpuProfile, "cpuprofile", "", "write the driver's own CPU profile to this file")
	fs.IntVar(&o.cold, "cold", 0, "cold mode: report the first N requests after a fresh start of the target apart (see --kembang-cmd)")
	fs.StringVar(&o.kembangCmd, "kembang-cmd", "", "cold mode: shell command starting Kembang at --url (begin it with exec); run and stopped for each query's run")
	fs.StringVar(&o.pgCmd, "postgraphile-cmd", "", "cold mode: shell command starting PostGraphile at --postgraphile-url (begin it with exec)")
	fs.StringVar(&o.serverLog, "server-log", "", "cold mode: file the started servers' output is appended to (default: stderr)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	switch {
	case o.concurrency < 1 || o.concurrency > 256:
		return fmt.Errorf("--concurrency must be between 1 and 256")
	case o.rounds < 1 || o.rounds > 100:
		return fmt.Errorf("--rounds must be between 1 and 100")
	case o.mixed && o.rounds > 1:
		return fmt.Errorf("--mixed runs all queries at once: use --rounds 1")
	case o.duration <= 0 || o.duration > 10*time.Minute:
		return fmt.Errorf("--duration must be positive and at most 10m")
	case o.maxRequests < 1:
		return fmt.Errorf("--max-requests must be positive")
	case o.dbURL == "":
		return fmt.Errorf("--database-url is required (fixture)")
	case o.cold < 0 || o.cold > 100_000:
		return fmt.Errorf("--cold must be between 0 and 100000")
	case o.floor && o.url == "":
		return fmt.Errorf("--floor captures Kembang's responses: --url is required")
	case o.floor && o.cold > 0:
		return fmt.Errorf("--floor has no cold mode: drop --cold")
	}
	if err := checkCold(o); err != nil {
		return err
	}
	serverOut, closeLog, err := serverLog(o.serverLog)
	if err != nil {
		return err
	}
	defer closeLog()
	for _, u := range []string{o.url, o.pgURL, o.dbURL} {
		if u == "" {
			continue
		}
		if err := bench.CheckLoopback(u); err != nil {
			return err
		}
	}
	if o.cpuProfile != "" {
		f, err := os.Create(o.cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	queries, err := bench.Select(bench.Suite(), o.queries)
	if err != nil {
		return err
	}
	db, err := sql.Open("postgres", o.dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(o.concurrency)
	db.SetMaxIdleConns(o.concurrency)
	fx, err := bench.LoadFixture(ctx, db, o.year)
	if err != nil {
		return err
	}
	transport := &http.Transport{MaxIdleConnsPerHost: o.concurrency, MaxConnsPerHost: o.concurrency}
	client := &http.Client{Timeout: 30 * time.Second, Transport: transport}
	kclient := &http.Client{Timeout: 30 * time.Second, Transport: bench.Bearer(transport, o.token)}
	fmt.Fprintf(out, "load: %d queries, %d clients, %s each; fixture: agency %d, employee %d, partner %d, program %d, deep pages %d and %d\n",
		len(queries), o.concurrency, o.duration, fx.AgencyID, fx.EmployeeID, fx.PartnerID, fx.ProgramID, fx.Deep.Page, fx.Far.Page)

	var targets []target
	if o.url != "" {
		ko := o
		ko.rss = o.serverPID > 0 || o.cold > 0
		tg := target{name: "kembang", o: ko, do: func(q bench.Query) func(context.Context) (int, error) {
			return send(kclient, o.url, q.Kembang, q.Vars(fx))
		}}
		if o.cold > 0 {
			tg.fresh = freshServer(o.kembangCmd, o.url, kclient, serverOut)
		}
		targets = append(targets, tg)
	}
	if o.floor {
		tg, stop, err := floorTarget(ctx, o, queries, fx, kclient, serverOut)
		if err != nil {
			return err
		}
		defer stop()
		targets = append(targets, tg)
	}
	if o.pgURL != "" {
		tg := target{name: "postgraphile", o: o, do: func(q bench.Query) func(context.Context) (int, error) {
			if q.PostGraphile == "" {
				return nil
			}
			return send(client, o.pgURL, q.PostGraphile, q.PGVars(fx))
		}}
		end := func() {}
		if o.cold > 0 {
			// The deep cursor is asked of an instance started for it.
			tg.fresh = freshServer(o.pgCmd, o.pgURL, client, serverOut)
			_, stop, err := tg.fresh(ctx)
			if err != nil {
				return fmt.Errorf("postgraphile: %w", err)
			}
			end = stop
		}
		for _, k := range []*bench.DeepPageKey{&fx.Deep, &fx.Far} {
			if err := pgCursor(ctx, client, o.pgURL, fx.DeepJobType, k); err != nil {
				fmt.Fprintf(out, "load: postgraphile cursor of deep page %d: %v\n", k.Page, err)
			}
		}
		end()
		targets = append(targets, tg)
	}
	if o.raw {
		rawDB := db
		tg := target{name: "raw-sql", o: o, do: func(q bench.Query) func(context.Context) (int, error) {
			if q.Raw == nil {
				return nil
			}
			return func(ctx context.Context) (int, error) { return -1, q.Raw(ctx, rawDB, fx) }
		}}
		if o.cold > 0 {
			tg.fresh = freshPool(o.dbURL, o.concurrency, &rawDB)
		}
		targets = append(targets, tg)
	}
	waits := &waits{db: db}
	results, err := runTargets(ctx, queries, targets, o, waits)
	if err != nil {
		return err
	}
	for i, tr := range results {
		printTarget(out, tr, targets[i].o)
		if o.cold > 0 {
			printCold(out, tr.name, tr.cold, tr.results, o.cold)
		}
		if tr.name == "kembang" && o.serverPID > 0 && o.cold == 0 {
			if m, err := readMemory(o.serverPID); err == nil {
				fmt.Fprintf(out, "kembang process %d: VmRSS %.1f MB, VmHWM (peak since start) %.1f MB\n", o.serverPID, m.rss, m.hwm)
			}
		}
	}
	if len(results) > 1 {
		ratios(out, queries, results)
	}
	waits.print(out)
	return ctx.Err()
}

// floorTarget captures Kembang's response to each query, starts the floor
// server with them and returns the floor target, measured like Kembang
// (its process's CPU and memory sampled), and the function stopping the
// server.
func floorTarget(ctx context.Context, o options, queries []bench.Query, fx *bench.Fixture, c *http.Client, log io.Writer) (target, func(), error) {
	bin, err := floorBinary(o.floorBin)
	if err != nil {
		return target{}, nil, err
	}
	reqs := make([]*bench.Request, len(queries))
	for i, q := range queries {
		if reqs[i], err = bench.NewRequest(o.url, q.Kembang, q.Vars(fx)); err != nil {
			return target{}, nil, fmt.Errorf("floor: %s: %w", q.Name, err)
		}
	}
	entries, err := captureFloor(ctx, c, reqs)
	if err != nil {
		return target{}, nil, fmt.Errorf("floor: capturing Kembang's responses: %w", err)
	}
	s, err := startFloor(bin, entries, log)
	if err != nil {
		return target{}, nil, err
	}
	fo := o
	fo.serverPID, fo.rss = s.pid(), true
	return target{name: "floor", o: fo, do: func(q bench.Query) func(context.Context) (int, error) {
		return send(c, s.url, q.Kembang, q.Vars(fx))
	}}, s.stop, nil
}

// send returns the request function of a GraphQL query, encoded once; a
// query that cannot be encoded fails every request.
func send(c *http.Client, endpoint, doc string, vars map[string]any) func(context.Context) (int, error) {
	r, err := bench.NewRequest(endpoint, doc, vars)
	if err != nil {
		return func(context.Context) (int, error) { return -1, err }
	}
	return func(ctx context.Context) (int, error) { return r.Send(ctx, c) }
}

// pgCursor asks PostGraphile for the cursor of the row before deep page k
// of the jobType list (v4 accepts offset) and sets k.PGCursor.
func pgCursor(ctx context.Context, c *http.Client, endpoint, jobType string, k *bench.DeepPageKey) error {
	const doc = `query($jobType: String!, $offset: Int!) { allEmployees(first: 1, offset: $offset,
  filter: { active: { equalTo: true }, positionByPositionId: { jobType: { equalTo: $jobType } } },
  orderBy: [FULL_NAME_ASC, ID_ASC]) { edges { cursor } } }`
	body := map[string]any{"jobType": jobType, "offset": (k.Page-1)*20 - 1}
	var out struct {
		Data struct {
			AllEmployees struct {
				Edges []struct{ Cursor string } `json:"edges"`
			} `json:"allEmployees"`
		} `json:"data"`
	}
	if err := bench.PostInto(ctx, c, endpoint, doc, body, &out); err != nil {
		return err
	}
	if len(out.Data.AllEmployees.Edges) != 1 {
		return fmt.Errorf("no row at the deep offset")
	}
	k.PGCursor = out.Data.AllEmployees.Edges[0].Cursor
	return nil
}

// queryResult holds one query's figures on one target.
type queryResult struct {
	name      string
	skipped   bool
	requests  int
	errors    int
	firstErr  error
	stmts     int64 // sum of X-SQL-Statements; -1 when none sent
	latencies []time.Duration
	elapsed   time.Duration // summed over rounds
	// rounds holds the requests per second of each round; counted is the
	// number of requests already in rounds.
	rounds  []float64
	counted int
	// Resident memory of the server (MB) during the run, when sampled:
	// the highest sample and the last one; 0 when not sampled.
	rssPeak, rssEnd float64
	// load is the machine's 1-minute load average at the end of the run
	// (Linux /proc/loadavg; -1 when unknown): the machine may be shared.
	load float64
	// CPU time spent during the runs (Linux), summed over rounds: by
	// Kembang's process (with --server-pid, on Kembang's runs), by the
	// driver itself (its HTTP clients, or the raw-SQL baseline's driver),
	// and by the whole machine, over cpuRuns runs; cpuFailed is set when
	// a reading failed. Not measured with --mixed.
	cpuServer, cpuDriver, cpuMachine time.Duration
	cpuRuns                          int
	cpuFailed                        bool
}

// cpuPerRequest formats the CPU time per request of the server, the
// driver and the rest of the machine (the database, PostGraphile, other
// work) in milliseconds, or dashes when unknown.
func (r *queryResult) cpuPerRequest(server bool) string {
	if r.cpuRuns == 0 || r.cpuFailed || r.requests == 0 {
		return fmt.Sprintf("%6s %6s %6s", "-", "-", "-")
	}
	per := func(d time.Duration) float64 { return ms(d) / float64(r.requests) }
	srv := "-"
	if server {
		srv = fmt.Sprintf("%.3f", per(r.cpuServer))
	}
	return fmt.Sprintf("%6s %6.3f %6.3f", srv, per(r.cpuDriver), per(r.cpuMachine-r.cpuServer-r.cpuDriver))
}

func (r *queryResult) rps() float64 { return float64(r.requests) / max(r.elapsed.Seconds(), 1e-9) }

// pct returns the p-th percentile latency (latencies sorted).
func (r *queryResult) pct(p float64) time.Duration {
	if len(r.latencies) == 0 {
		return 0
	}
	i := min(len(r.latencies)-1, int(p*float64(len(r.latencies))))
	return r.latencies[i]
}

// targetResult holds a target's results, in suite order: the warm runs'
// and, in cold mode, the first requests after each fresh start.
type targetResult struct {
	name          string
	results, cold []*queryResult
}

// target is one system under load: do returns the request function of a
// query, or nil for a query the target lacks.
type target struct {
	name string
	o    options
	do   func(bench.Query) func(context.Context) (int, error)
	// fresh makes the target fresh before each run in cold mode.
	fresh freshener
}

// runTargets runs the queries on every target and returns the results, in
// the order of targets and, within each, of queries. Without --mixed, each
// of o.rounds rounds runs every query on each target in turn, so that a
// slow or fast phase of a shared machine falls on all targets alike; the
// figures cover all rounds. With --mixed, each target runs all queries at
// once, one target after the other.
func runTargets(ctx context.Context, queries []bench.Query, targets []target, o options, w *waits) ([]targetResult, error) {
	trs := make([]targetResult, len(targets))
	fns := make([][]func(context.Context) (int, error), len(targets))
	for t, tg := range targets {
		trs[t].name = tg.name
		for _, q := range queries {
			fn := tg.do(q)
			fns[t] = append(fns[t], fn)
			trs[t].results = append(trs[t].results, &queryResult{name: q.Name, skipped: fn == nil, stmts: -1})
			trs[t].cold = append(trs[t].cold, &queryResult{name: q.Name, skipped: fn == nil, stmts: -1})
		}
	}
	if o.mixed {
		for t, tg := range targets {
			w.settle(ctx, tg.name+" (mixed)")
			stop := sampleMemory(tg.o, trs[t].results)
			drive(ctx, tg.o, fns[t], trs[t].results)
			stop()
		}
		return trs, nil
	}
	for range o.rounds {
		for i := range queries {
			for t, tg := range targets {
				if fns[t][i] == nil || ctx.Err() != nil {
					continue
				}
				one := trs[t].results[i : i+1]
				w.settle(ctx, tg.name+" "+queries[i].Name)
				to, end := tg.o, func() {}
				if tg.fresh != nil {
					var err error
					if to, end, err = coldRun(ctx, tg.o, tg.fresh, fns[t][i], trs[t].cold[i]); err != nil {
						return trs, fmt.Errorf("%s %s: %w", tg.name, queries[i].Name, err)
					}
				}
				stop := sampleMemory(to, one)
				done := measureCPU(to, one[0])
				drive(ctx, to, fns[t][i:i+1], one)
				done()
				stop()
				end()
			}
		}
	}
	return trs, nil
}

// waits makes each run wait for the database to settle, and keeps count.
type waits struct {
	db          *sql.DB
	total       time.Duration
	longest     time.Duration
	longestRun  string // the run that waited longest
	unsettled   []string
	errReported bool
}

// maxSettle bounds the wait before a run.
const maxSettle = 2 * time.Minute

// activeOthers counts the statements other client sessions are running in
// the database (not idle ones, nor autovacuum).
const activeOthers = `SELECT count(*) FROM pg_stat_activity
WHERE datname = current_database() AND pid <> pg_backend_pid()
  AND backend_type = 'client backend' AND state = 'active'`

// settle waits until no other session runs a statement in the database,
// or maxSettle has passed, before run.
func (w *waits) settle(ctx context.Context, run string) {
	start := time.Now()
	for {
		var n int
		if err := w.db.QueryRowContext(ctx, activeOthers).Scan(&n); err != nil {
			if !w.errReported && ctx.Err() == nil {
				w.errReported = true
				w.unsettled = append(w.unsettled, fmt.Sprintf("%s (pg_stat_activity: %v)", run, err))
			}
			return
		}
		waited := time.Since(start)
		if n == 0 || waited > maxSettle || ctx.Err() != nil {
			if n > 0 {
				w.unsettled = append(w.unsettled, fmt.Sprintf("%s (%d statements still running after %s)", run, n, maxSettle))
			}
			w.total += waited
			if waited > w.longest {
				w.longest, w.longestRun = waited, run
			}
			return
		}
		select {
		case <-ctx.Done():
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// print says how long the runs waited for the database to settle.
func (w *waits) print(out io.Writer) {
	fmt.Fprintf(out, "\nwaits for earlier runs' statements to end: %.1f s in all", w.total.Seconds())
	if w.longest >= 100*time.Millisecond {
		fmt.Fprintf(out, ", longest %.1f s before %s", w.longest.Seconds(), w.longestRun)
	}
	fmt.Fprintln(out)
	for _, u := range w.unsettled {
		fmt.Fprintf(out, "  started before the database settled: %s\n", u)
	}
}

// printTarget prints a target's table.
func printTarget(out io.Writer, tr targetResult, o options) {
	rss := ""
	if o.rss {
		rss = fmt.Sprintf(" %9s %9s", "RSS max", "RSS end")
	}
	fmt.Fprintf(out, "\n%s (CPU ms per request: server, driver, rest of the machine)\n%-18s %9s %9s %9s %9s %7s %9s %6s %6s %6s %6s%s  %s\n", tr.name, "query", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors", "stmts/req", "load1", "server", "driver", "rest", rss, "first error")
	for _, r := range tr.results {
		if r.skipped {
			fmt.Fprintf(out, "%-18s %9s\n", r.name, "n/a")
			continue
		}
		st := "-"
		if r.stmts >= 0 && r.requests > 0 {
			st = fmt.Sprintf("%.1f", float64(r.stmts)/float64(r.requests))
		}
		e := ""
		if r.firstErr != nil {
			e = fmt.Sprintf("%.80s", r.firstErr.Error())
		}
		m := ""
		if o.rss {
			m = fmt.Sprintf(" %9.1f %9.1f", r.rssPeak, r.rssEnd)
		}
		fmt.Fprintf(out, "%-18s %9.1f %9.2f %9.2f %9.2f %7d %9s %6.2f %s%s  %s\n", r.name, r.rps(), ms(r.pct(0.50)), ms(r.pct(0.95)), ms(r.pct(0.99)), r.errors, st, r.load, r.cpuPerRequest(o.rss), m, e)
	}
}

// memory is a reading of a process's resident memory, in MB.
type memory struct{ rss, hwm float64 }

// readMemory reads VmRSS and VmHWM of /proc/pid/status (Linux).
func readMemory(pid int) (memory, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return memory{}, err
	}
	var m memory
	for _, line := range strings.Split(string(b), "\n") {
		var kb float64
		switch {
		case strings.HasPrefix(line, "VmRSS:"):
			fmt.Sscanf(strings.TrimPrefix(line, "VmRSS:"), "%f", &kb)
			m.rss = kb / 1024
		case strings.HasPrefix(line, "VmHWM:"):
			fmt.Sscanf(strings.TrimPrefix(line, "VmHWM:"), "%f", &kb)
			m.hwm = kb / 1024
		}
	}
	return m, nil
}

// sampleMemory samples the resident memory of o.serverPID every 100 ms
// until the returned function is called, which records the peak and the
// last reading into res. It does nothing unless o.rss.
func sampleMemory(o options, res []*queryResult) (stop func()) {
	if !o.rss {
		return func() {}
	}
	done := make(chan struct{})
	var peak, last float64
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		for {
			if m, err := readMemory(o.serverPID); err == nil {
				peak, last = max(peak, m.rss), m.rss
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() {
		close(done)
		wg.Wait()
		for _, r := range res {
			r.rssPeak, r.rssEnd = max(r.rssPeak, peak), last
		}
	}
}

// cpu is a reading of CPU time spent so far.
type cpu struct{ server, driver, machine time.Duration }

// clockTick is the unit of /proc's CPU times (USER_HZ, 100 on Linux).
const clockTick = 10 * time.Millisecond

// readCPU reads the CPU time of the server (when pid > 0; utime and stime
// of /proc/pid/stat), of this process (getrusage) and of the machine (the
// busy fields of /proc/stat's first line: user, nice, system, irq,
// softirq).
func readCPU(pid int) (cpu, error) {
	var c cpu
	if pid > 0 {
		b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
		if err != nil {
			return c, err
		}
		// The fields after the command name, which is in parentheses.
		f := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+1:]))
		if len(f) < 13 {
			return c, fmt.Errorf("short /proc/%d/stat", pid)
		}
		ut, _ := strconv.ParseInt(f[11], 10, 64)
		st, _ := strconv.ParseInt(f[12], 10, 64)
		c.server = time.Duration(ut+st) * clockTick
	}
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return c, err
	}
	c.driver = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	b, err := os.ReadFile("/proc/stat")
	if err != nil {
		return c, err
	}
	line, _, _ := strings.Cut(string(b), "\n")
	f := strings.Fields(line)
	if len(f) < 8 || f[0] != "cpu" {
		return c, fmt.Errorf("unexpected /proc/stat")
	}
	for _, i := range []int{1, 2, 3, 6, 7} {
		v, _ := strconv.ParseInt(f[i], 10, 64)
		c.machine += time.Duration(v) * clockTick
	}
	return c, nil
}

// measureCPU reads the CPU times now and, when the returned function is
// called, adds what was spent since to r, the one query of the run. The
// server's time is read on the target that samples its memory (o.rss).
func measureCPU(o options, r *queryResult) (done func()) {
	pid := 0
	if o.rss {
		pid = o.serverPID
	}
	start, err := readCPU(pid)
	return func() {
		end, err2 := readCPU(pid)
		r.cpuRuns++
		if err != nil || err2 != nil {
			r.cpuFailed = true
			return
		}
		r.cpuServer += end.server - start.server
		r.cpuDriver += end.driver - start.driver
		r.cpuMachine += end.machine - start.machine
	}
}

// loadAverage returns the 1-minute load average, or -1.
func loadAverage() float64 {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return -1
	}
	var l float64
	if _, err := fmt.Sscanf(string(b), "%f", &l); err != nil {
		return -1
	}
	return l
}

// ms converts d to milliseconds.
func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// drive runs fns with o.concurrency workers for o.duration (or until
// o.maxRequests per function) and records into res (parallel to fns;
// nil functions are skipped).
func drive(ctx context.Context, o options, fns []func(context.Context) (int, error), res []*queryResult) {
	ctx, cancel := context.WithTimeout(ctx, o.duration)
	defer cancel()
	var mu sync.Mutex
	var wg sync.WaitGroup
	budget := make([]int, len(fns))
	start := time.Now()
	for w := range o.concurrency {
		wg.Add(1)
		go func() {
			defer wg.Done()
			local := make([][]time.Duration, len(fns))
			var errs, reqs []int
			var stmts []int64
			errs, reqs, stmts = make([]int, len(fns)), make([]int, len(fns)), make([]int64, len(fns))
			counted := make([]bool, len(fns))
			var firstErr = make([]error, len(fns))
			for k := w; ctx.Err() == nil; k++ {
				i := k % len(fns)
				if fns[i] == nil {
					continue
				}
				mu.Lock()
				ok := budget[i] < o.maxRequests
				budget[i]++
				mu.Unlock()
				if !ok {
					break
				}
				t := time.Now()
				n, err := fns[i](ctx)
				if ctx.Err() != nil {
					break // cut off by the deadline: not counted
				}
				local[i] = append(local[i], time.Since(t))
				reqs[i]++
				if n >= 0 {
					stmts[i] += int64(n)
					counted[i] = true
				}
				if err != nil {
					errs[i]++
					if firstErr[i] == nil {
						firstErr[i] = err
					}
				}
			}
			mu.Lock()
			defer mu.Unlock()
			for i := range fns {
				r := res[i]
				r.latencies = append(r.latencies, local[i]...)
				r.requests += reqs[i]
				r.errors += errs[i]
				if counted[i] {
					r.stmts = max(r.stmts, 0) + stmts[i]
				}
				if r.firstErr == nil {
					r.firstErr = firstErr[i]
				}
			}
		}()
	}
	wg.Wait()
	el := time.Since(start)
	load := loadAverage()
	for _, r := range res {
		r.rounds = append(r.rounds, float64(r.requests-r.counted)/max(el.Seconds(), 1e-9))
		r.counted = r.requests
		r.elapsed += el
		r.load = load
		slices.Sort(r.latencies)
	}
}

// ratios prints, per query, Kembang/PostGraphile throughput and p99
// latency, Kembang/raw-SQL median latency and, with several rounds, the
// throughput ratio of each round (its spread shows the machine's noise).
func ratios(out io.Writer, queries []bench.Query, results []targetResult) {
	find := func(name string) *targetResult {
		for i := range results {
			if results[i].name == name {
				return &results[i]
			}
		}
		return nil
	}
	k, pg, raw, fl := find("kembang"), find("postgraphile"), find("raw-sql"), find("floor")
	if k == nil {
		return
	}
	floorHead := ""
	if fl != nil {
		floorHead = fmt.Sprintf(" %12s %13s", "K/floor p50", "floor/raw p50")
	}
	fmt.Fprintf(out, "\n%-18s %12s %12s %12s%s  %s\n", "ratios", "K/PG req/s", "K/PG p99", "K/raw p50", floorHead, "K/PG req/s by round")
	for i, q := range queries {
		kr := k.results[i]
		tp, p99, p50, byRound := "n/a", "n/a", "n/a", ""
		if pg != nil && !pg.results[i].skipped && pg.results[i].rps() > 0 && !kr.skipped {
			pr := pg.results[i]
			tp = ratio(kr.rps(), pr.rps(), kr, pr)
			p99 = ratio(ms(kr.pct(0.99)), ms(pr.pct(0.99)), kr, pr)
			if len(kr.rounds) > 1 && len(kr.rounds) == len(pr.rounds) {
				for j := range kr.rounds {
					byRound += fmt.Sprintf(" %.2f", kr.rounds[j]/max(pr.rounds[j], 1e-9))
				}
			}
		}
		if raw != nil {
			p50 = p50Ratio(kr, raw.results[i])
		}
		floorCols := ""
		if fl != nil {
			floorCols = fmt.Sprintf(" %12s %13s", p50Ratio(kr, fl.results[i]), p50Ratio(fl.results[i], rawResult(raw, i)))
		}
		fmt.Fprintf(out, "%-18s %12s %12s %12s%s %s\n", q.Name, tp, p99, p50, floorCols, byRound)
	}
	for _, r := range k.cold {
		if r.requests > 0 { // cold mode
			coldRatios(out, queries, k, pg, raw)
			break
		}
	}
}

// rawResult returns raw's i-th result, or nil without a raw target.
func rawResult(raw *targetResult, i int) *queryResult {
	if raw == nil {
		return nil
	}
	return raw.results[i]
}

// p50Ratio formats x's median over y's, or "n/a" when either is missing.
func p50Ratio(x, y *queryResult) string {
	if x == nil || y == nil || x.skipped || y.skipped || x.pct(0.5) <= 0 || y.pct(0.5) <= 0 {
		return "n/a"
	}
	return ratio(ms(x.pct(0.5)), ms(y.pct(0.5)), x, y)
}

// coldRatios prints, per query, the cold runs' Kembang/PostGraphile p50
// and p99 and Kembang/raw-SQL p50.
func coldRatios(out io.Writer, queries []bench.Query, k, pg, raw *targetResult) {
	fmt.Fprintf(out, "\n%-18s %12s %12s %12s\n", "cold ratios", "K/PG p50", "K/PG p99", "K/raw p50")
	for i, q := range queries {
		kr := k.cold[i]
		p50, p99, rp50 := "n/a", "n/a", "n/a"
		if pg != nil && !pg.cold[i].skipped && pg.cold[i].requests > 0 && kr.requests > 0 {
			pr := pg.cold[i]
			p50 = ratio(ms(kr.pct(0.5)), ms(pr.pct(0.5)), kr, pr)
			p99 = ratio(ms(kr.pct(0.99)), ms(pr.pct(0.99)), kr, pr)
		}
		if raw != nil && !raw.cold[i].skipped && raw.cold[i].requests > 0 && kr.requests > 0 {
			rp50 = ratio(ms(kr.pct(0.5)), ms(raw.cold[i].pct(0.5)), kr, raw.cold[i])
		}
		fmt.Fprintf(out, "%-18s %12s %12s %12s\n", q.Name, p50, p99, rp50)
	}
}

// ratio formats a/b, marked when either run had errors.
func ratio(a, b float64, x, y *queryResult) string {
	s := fmt.Sprintf("%.2f", a/max(b, 1e-9))
	if x.errors > 0 || y.errors > 0 {
		s += "!"
	}
	return s
}
