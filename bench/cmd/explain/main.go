// Command explain captures the SQL Kembang issues for each persona query
// and prints the EXPLAIN plan of every statement that sequentially scans
// a table of more than --min-rows rows (estimated by the planner's
// statistics: run ANALYZE first; the generator does).
//
//	go run ./bench/cmd/explain --database-url postgres://127.0.0.1/kembang_bench
//
// It serves the API in-process (graph.NewServer, to an ADMIN viewer:
// bench.AsAdmin) on an ent client whose
// driver records every statement, runs each query once, then EXPLAINs the
// recorded statements with their arguments. With --analyze the plans are
// those of EXPLAIN (ANALYZE, BUFFERS), and --slow also flags statements
// that run longer than the given duration (an index walked in order with
// a filter is no Seq Scan, and can still take seconds). Exit status 1
// when a plan is flagged (or a statement fails to EXPLAIN).
//
// With --plan-cache each statement is also prepared on one connection, as
// Kembang's pool prepares it (kembang/internal/store), and executed with
// its arguments as many times as PostgreSQL's plan cache needs to choose
// (planCacheRuns); the line "plans: generic G, custom C" says which plan
// the later executions got. A statement whose every execution got a custom
// plan is planned again at every request: its planning time (printed with
// --analyze) is paid each time.
package main

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/signal"
	"regexp"
	"strings"
	"time"

	entsql "entgo.io/ent/dialect/sql"
	_ "github.com/lib/pq" // the "postgres" driver

	"kembang/bench"
	"kembang/ent"
	_ "kembang/ent/runtime" // schema hooks and defaults
	"kembang/graph"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	flagged, err := run(ctx, os.Args[1:], os.Stdout)
	if err != nil {
		fmt.Fprintln(os.Stderr, "explain:", err)
		os.Exit(1)
	}
	if flagged > 0 {
		os.Exit(1)
	}
}

// seqScan matches a sequential scan node and its table.
var seqScan = regexp.MustCompile(`Seq Scan on (\w+)`)

// execTime matches the execution time line of EXPLAIN ANALYZE.
var execTime = regexp.MustCompile(`Execution Time: [0-9.]+ ms`)

// planTime matches the planning time line of EXPLAIN ANALYZE.
var planTime = regexp.MustCompile(`Planning Time: [0-9.]+ ms`)

// run explains every query and returns the number of flagged plans.
func run(ctx context.Context, args []string, out io.Writer) (int, error) {
	fs := flag.NewFlagSet("explain", flag.ContinueOnError)
	dbURL := fs.String("database-url", os.Getenv("DATABASE_URL"), "PostgreSQL URL of a loaded database")
	queries := fs.String("queries", "", "comma-separated query names (default: all)")
	minRows := fs.Float64("min-rows", 10000, "flag sequential scans of tables larger than this")
	year := fs.Int("year", 2025, "report year")
	verbose := fs.Bool("v", false, "print every statement and plan")
	slow := fs.Duration("slow", 0, "with --analyze, also flag statements whose execution takes longer (0: off)")
	analyze := fs.Bool("analyze", false, "EXPLAIN ANALYZE (runs the statements; every persona query is read-only) and print each statement's execution time")
	planCache := fs.Bool("plan-cache", false, "prepare each statement, run it several times and print how many of its executions PostgreSQL planned generically or for their arguments")
	if err := fs.Parse(args); err != nil {
		return 0, err
	}
	if *dbURL == "" {
		return 0, fmt.Errorf("--database-url is required")
	}
	if err := bench.CheckLoopback(*dbURL); err != nil {
		return 0, err
	}
	suite, err := bench.Select(bench.Suite(), *queries)
	if err != nil {
		return 0, err
	}
	db, err := sql.Open("postgres", *dbURL)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	sizes, err := tableSizes(ctx, db)
	if err != nil {
		return 0, err
	}
	fx, err := bench.LoadFixture(ctx, db, *year)
	if err != nil {
		return 0, err
	}
	capture := &bench.Capture{Driver: entsql.OpenDB("postgres", db)}
	client := ent.NewClient(ent.Driver(capture))
	srv := httptest.NewServer(bench.AsAdmin(graph.NewServer(client, graph.Options{})))
	defer srv.Close()

	flagged := 0
	for _, q := range suite {
		capture.Take()
		_, qerr := bench.Post(ctx, http.DefaultClient, srv.URL, q.Kembang, q.Vars(fx))
		stmts := capture.Take()
		status := "ok"
		if qerr != nil {
			status = "error: " + qerr.Error()
		}
		fmt.Fprintf(out, "%s: %d statements (%s)\n", q.Name, len(stmts), status)
		for i, s := range stmts {
			plan, err := explain(ctx, db, s, *analyze)
			if err != nil {
				flagged++
				fmt.Fprintf(out, "  #%d EXPLAIN failed: %v\n    %s\n", i+1, err, s.SQL)
				continue
			}
			var bad []string
			for _, m := range seqScan.FindAllStringSubmatch(plan, -1) {
				if sizes[m[1]] > *minRows {
					bad = append(bad, fmt.Sprintf("Seq Scan on %s (~%.0f rows)", m[1], sizes[m[1]]))
				}
			}
			if *analyze && *slow > 0 {
				if d, ok := execDuration(plan); ok && d > *slow {
					bad = append(bad, fmt.Sprintf("execution %.1f ms > %v", float64(d.Microseconds())/1000, *slow))
				}
			}
			if len(bad) > 0 {
				flagged++
				fmt.Fprintf(out, "  #%d FLAGGED: %s\n    %s\n%s\n", i+1, strings.Join(bad, ", "), s.SQL, indent(plan))
			} else if *verbose {
				fmt.Fprintf(out, "  #%d %s\n%s\n", i+1, s.SQL, indent(plan))
			} else if *analyze {
				fmt.Fprintf(out, "  #%d %s %s\n", i+1, execTime.FindString(plan), planTime.FindString(plan))
			}
			if *planCache {
				generic, custom, err := cachedPlans(ctx, db, s)
				if err != nil {
					flagged++
					fmt.Fprintf(out, "  #%d plan cache failed: %v\n    %s\n", i+1, err, s.SQL)
					continue
				}
				note := ""
				if generic == 0 {
					note = " (planned at every execution)"
				}
				fmt.Fprintf(out, "  #%d plans: generic %d, custom %d%s\n", i+1, generic, custom, note)
			}
		}
	}
	fmt.Fprintf(out, "explain: %d flagged plans\n", flagged)
	return flagged, nil
}

// planCacheRuns is how many times --plan-cache executes a prepared
// statement: PostgreSQL plans the first five executions for their
// arguments, then compares the generic plan's cost with theirs.
const planCacheRuns = 8

// cachedPlans prepares s on one connection, executes it planCacheRuns
// times and returns how many of the executions PostgreSQL ran on a
// generic plan and on a custom one (pg_prepared_statements).
func cachedPlans(ctx context.Context, db *sql.DB, s bench.Statement) (generic, custom int, err error) {
	conn, err := db.Conn(ctx)
	if err != nil {
		return 0, 0, err
	}
	defer conn.Close()
	stmt, err := conn.PrepareContext(ctx, s.SQL)
	if err != nil {
		return 0, 0, err
	}
	defer stmt.Close()
	for range planCacheRuns {
		rows, err := stmt.QueryContext(ctx, s.Args...)
		if err != nil {
			return 0, 0, err
		}
		for rows.Next() {
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return 0, 0, err
		}
	}
	err = conn.QueryRowContext(ctx, `SELECT generic_plans, custom_plans FROM pg_prepared_statements
WHERE statement = $1`, s.SQL).Scan(&generic, &custom)
	if err != nil {
		return 0, 0, fmt.Errorf("pg_prepared_statements: %w", err)
	}
	return generic, custom, nil
}

// execDuration returns the execution time of an EXPLAIN ANALYZE plan.
func execDuration(plan string) (time.Duration, bool) {
	var ms float64
	m := execTime.FindString(plan)
	if m == "" {
		return 0, false
	}
	if _, err := fmt.Sscanf(m, "Execution Time: %f ms", &ms); err != nil {
		return 0, false
	}
	return time.Duration(ms * float64(time.Millisecond)), true
}

// explain returns the plan of s as text; with analyze, the plan as run,
// with actual rows, times and buffers.
func explain(ctx context.Context, db *sql.DB, s bench.Statement, analyze bool) (string, error) {
	cmd := "EXPLAIN "
	if analyze {
		cmd = "EXPLAIN (ANALYZE, BUFFERS) "
	}
	rows, err := db.QueryContext(ctx, cmd+s.SQL, s.Args...)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return "", err
		}
		b.WriteString(line)
		b.WriteByte('\n')
	}
	return b.String(), rows.Err()
}

// tableSizes returns the planner's row estimate of every table.
func tableSizes(ctx context.Context, db *sql.DB) (map[string]float64, error) {
	rows, err := db.QueryContext(ctx, `SELECT c.relname, c.reltuples FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'r' AND n.nspname = current_schema()`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]float64{}
	for rows.Next() {
		var name string
		var n float64
		if err := rows.Scan(&name, &n); err != nil {
			return nil, err
		}
		out[name] = n
	}
	return out, rows.Err()
}

// indent indents every line of s by six spaces.
func indent(s string) string {
	return "      " + strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n      ")
}
