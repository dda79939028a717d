// Command gen fills a PostgreSQL database with a national-shaped Kembang
// data set through COPY, for benchmarks.
//
//	go run ./bench/cmd/gen --database-url postgres://… --employees 1000000
//
// N employees are spread over max(5, N/2000) agencies with their units,
// positions and competency standards, the competency dictionary, partners,
// programs and sessions over three years, about three assessments and eight
// enrollments per employee, evaluations on most finished enrollments,
// training needs and annual development plans with items.
//
// The database is migrated first (kembang/internal/store); every row gets an
// explicit ID inside its table's global-ID range (start+1, start+2, …),
// and the identity sequences are moved past the loaded rows afterwards, so
// the server can insert more. The same flags always produce the same rows.
// Tables are loaded by parallel COPY streams, each in its own transaction;
// by default secondary indexes are dropped before the load and rebuilt
// after it, and foreign-key triggers are skipped (the generator only
// writes consistent references), which needs a superuser.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"time"
)

// options are the command-line settings.
type options struct {
	databaseURL  string
	employees    int
	seed         uint64
	workers      int
	chunk        int
	force        bool
	fkChecks     bool
	keepIndexes  bool
	now          time.Time
	analyze      bool
	progressTick time.Duration
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

// run parses args and loads the data set.
func run(ctx context.Context, args []string, out io.Writer) error {
	o, err := parseFlags(args)
	if err != nil {
		return err
	}
	return load(ctx, o, out)
}

// parseFlags reads the command line; DATABASE_URL is the default URL.
func parseFlags(args []string) (options, error) {
	fs := flag.NewFlagSet("gen", flag.ContinueOnError)
	var o options
	var now string
	fs.StringVar(&o.databaseURL, "database-url", os.Getenv("DATABASE_URL"), "postgres:// URL of the target database (default $DATABASE_URL)")
	fs.IntVar(&o.employees, "employees", 10000, "number of employees (1 to 10,000,000)")
	fs.Uint64Var(&o.seed, "seed", 20260630, "seed of the random generator: the same seed gives the same data")
	fs.IntVar(&o.workers, "workers", max(2, runtime.GOMAXPROCS(0)), "parallel COPY streams")
	fs.IntVar(&o.chunk, "chunk", 5000, "employees per COPY stream task (fixed, so data do not depend on --workers)")
	fs.BoolVar(&o.force, "force", false, "truncate every table first when the database holds data")
	fs.BoolVar(&o.fkChecks, "fk-checks", false, "keep foreign-key triggers during COPY (slower; no superuser needed)")
	fs.BoolVar(&o.keepIndexes, "keep-indexes", false, "keep secondary indexes during COPY instead of rebuilding them after")
	fs.StringVar(&now, "now", "2026-06-30", "reference date: sessions before it are finished, after it open or planned")
	fs.BoolVar(&o.analyze, "analyze", true, "run VACUUM (ANALYZE) at the end (statistics and the visibility map of a database in service)")
	fs.DurationVar(&o.progressTick, "progress", 10*time.Second, "interval of progress lines (0: none)")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	if o.databaseURL == "" {
		return o, fmt.Errorf("--database-url (or DATABASE_URL) is required: the generator only targets PostgreSQL")
	}
	if o.employees < 1 || o.employees > 10_000_000 {
		return o, fmt.Errorf("--employees must be between 1 and 10,000,000")
	}
	if o.workers < 1 || o.workers > 64 {
		return o, fmt.Errorf("--workers must be between 1 and 64")
	}
	if o.chunk < 100 || o.chunk > 1_000_000 {
		return o, fmt.Errorf("--chunk must be between 100 and 1,000,000")
	}
	t, err := time.Parse("2006-01-02", now)
	if err != nil {
		return o, fmt.Errorf("--now: %w", err)
	}
	o.now = t.UTC()
	return o, nil
}
