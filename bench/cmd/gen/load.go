package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/lib/pq"

	"kembang/ent/gid"
	"kembang/internal/store"
)

// phases lists the tables in load order: a table only refers to tables of
// earlier phases (or to itself), so foreign-key checks pass when enabled.
var phases = [][]string{
	{"agencies", "competencies", "partners", "programs"},
	{"units", "positions", "competency_levels", "program_partners", "program_competencies", "sessions", "development_plans"},
	{"position_competencies", "training_needs", "plan_items", "employees"},
	{"assessments", "enrollments"},
	{"evaluations"},
}

// task is one COPY stream: a small table whole, or one chunk of a chunked
// table (chunk >= 0).
type task struct {
	table string
	chunk int
}

// tableStat collects the load figures of one table.
type tableStat struct {
	rows  atomic.Int64
	mu    sync.Mutex
	first time.Time
	last  time.Time
}

// loader runs the load.
type loader struct {
	o      options
	db     *store.DB
	w      *world
	starts map[string]int64
	chunks int
	base   [][nChunked]int64 // last ID before each chunk's rows, per table
	stats  map[string]*tableStat
}

// load migrates the database, generates the data set and loads it.
func load(ctx context.Context, o options, out io.Writer) (err error) {
	begin := time.Now()
	db, err := store.Open(ctx, store.Config{DatabaseURL: o.databaseURL, MaxOpenConns: o.workers + 2})
	if err != nil {
		return err
	}
	defer db.Close()
	if db.Dialect != "postgres" {
		return errors.New("the generator only targets PostgreSQL")
	}
	if err := db.Migrate(ctx); err != nil {
		return err
	}
	l := &loader{o: o, db: db, stats: map[string]*tableStat{}}
	if err := l.prepare(ctx); err != nil {
		return err
	}
	l.w = newWorld(o.employees, o.seed, o.now, l.starts)
	if err := l.plan(ctx); err != nil {
		return err
	}
	fmt.Fprintf(out, "gen: %d employees, %d agencies, %d sessions, %d COPY tasks of up to %d employees, %d streams (planned in %s)\n",
		o.employees, len(l.w.agencies), len(l.w.sessions), l.chunks, o.chunk, o.workers, time.Since(begin).Round(time.Millisecond))

	var indexes []indexDef
	if !o.keepIndexes {
		if indexes, err = l.dropIndexes(ctx); err != nil {
			return err
		}
		defer func() {
			// Put the indexes back even when the load failed.
			if err != nil {
				if rerr := l.createIndexes(context.WithoutCancel(ctx), indexes); rerr != nil {
					err = errors.Join(err, rerr)
				}
			}
		}()
	}

	loadStart := time.Now()
	stopProgress := l.progress(out, loadStart)
	for _, phase := range phases {
		if err = l.runPhase(ctx, phase); err != nil {
			stopProgress()
			return err
		}
	}
	stopProgress()
	copyTime := time.Since(loadStart)

	idxStart := time.Now()
	if err = l.createIndexes(ctx, indexes); err != nil {
		indexes = nil // nothing left to restore
		return err
	}
	idxTime := time.Since(idxStart)

	if err = l.resetSequences(ctx); err != nil {
		return err
	}
	anaStart := time.Now()
	// Every full name in the statistics (nameStatistics), before ANALYZE
	// and for the later ones of autovacuum: see nameStatistics.
	if _, err = db.SQL.ExecContext(ctx, fmt.Sprintf(
		`ALTER TABLE "employees" ALTER COLUMN "full_name" SET STATISTICS %d`, nameStatistics)); err != nil {
		return fmt.Errorf("name statistics: %w", err)
	}
	if o.analyze {
		// VACUUM as well: freshly COPYed pages are not marked all-visible,
		// so until autovacuum gets to them every index-only scan fetches
		// the heap and the planner prices index plans as if it had to.
		// A database in service has been vacuumed; measure that state.
		if _, err = db.SQL.ExecContext(ctx, "VACUUM (ANALYZE)"); err != nil {
			return fmt.Errorf("vacuum analyze: %w", err)
		}
	}
	anaTime := time.Since(anaStart)
	l.report(out, copyTime, idxTime, anaTime, len(indexes), time.Since(begin))
	return nil
}

// nameStatistics is the statistics target of employees.full_name: at
// least the number of distinct names the generator writes (names, 912),
// so that ANALYZE keeps every one of them with its frequency as a most
// common value. With the default target (100: 100 histogram buckets and a
// few common values) a prefix's estimate depended on where ANALYZE's
// random sample put the bounds: "Nur K%" (1,169 rows at 1M) was estimated
// at 99 rows, and a prepared LIKE $1 ORDER BY full_name LIMIT 10
// (PostGraphile's startsWith) then took the generic plan, which walks the
// name index from its start (633,540 rows, 3.9 s), while another sample of
// the same data kept the custom plans (docs/performance.md, change 52).
// Real names are many more; this makes the benchmark database's plans
// the same at every generation, not one server's.
const nameStatistics = 1000

// names is the number of distinct full names the generator writes.
func names() int { return (len(givenMale) + len(givenFemale)) * len(surnames) }

// prepare reads each table's ID range from its identity and empties the
// database when --force is given.
func (l *loader) prepare(ctx context.Context) error {
	l.starts = map[string]int64{}
	var nonEmpty []string
	for name, cols := range columns {
		l.stats[name] = &tableStat{}
		if cols[0] != "id" {
			continue
		}
		var start int64
		err := l.db.SQL.QueryRowContext(ctx,
			"SELECT s.seqstart FROM pg_sequence s WHERE s.seqrelid = pg_get_serial_sequence($1, 'id')::regclass", name).Scan(&start)
		if err != nil {
			return fmt.Errorf("reading the ID range of %s: %w", name, err)
		}
		base := start - start%(1<<32)
		if t, ok := gid.Table(int(base + 1)); !ok || t != name {
			return fmt.Errorf("the identity of %s starts at %d, outside its global-ID range (migrations out of date?)", name, start)
		}
		l.starts[name] = base
		var held bool
		if err := l.db.SQL.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM "+pq.QuoteIdentifier(name)+")").Scan(&held); err != nil {
			return err
		}
		if held {
			nonEmpty = append(nonEmpty, name)
		}
	}
	if len(nonEmpty) == 0 {
		return nil
	}
	if !l.o.force {
		slices.Sort(nonEmpty)
		return fmt.Errorf("the database holds data (%s); pass --force to truncate it", strings.Join(nonEmpty, ", "))
	}
	names := make([]string, 0, len(columns))
	for name := range columns {
		names = append(names, pq.QuoteIdentifier(name))
	}
	slices.Sort(names)
	if _, err := l.db.SQL.ExecContext(ctx, "TRUNCATE "+strings.Join(names, ", ")+" CASCADE"); err != nil {
		return fmt.Errorf("truncate: %w", err)
	}
	return nil
}

// plan counts the rows of every chunk (a generation pass that writes
// nothing) so that each chunk knows the IDs it starts from.
func (l *loader) plan(ctx context.Context) error {
	n := l.o.employees
	l.chunks = (n + l.o.chunk - 1) / l.o.chunk
	counts := make([][nChunked]int64, l.chunks)
	err := l.parallel(ctx, l.chunks, func(c int) error {
		g := newChunkGen(l.w, c, -1, nil, [nChunked]int64{})
		if err := g.run(c*l.o.chunk, min(n, (c+1)*l.o.chunk)); err != nil {
			return err
		}
		counts[c] = g.counts
		return nil
	})
	if err != nil {
		return err
	}
	l.base = make([][nChunked]int64, l.chunks)
	var next [nChunked]int64
	for t, name := range chunkedNames {
		next[t] = l.starts[name]
	}
	next[tEvaluations] += l.w.resultsCount()
	for c := range l.chunks {
		l.base[c] = next
		for t := range nChunked {
			next[t] += counts[c][t]
		}
	}
	return nil
}

// parallel runs f(0) … f(n-1) on the configured number of workers and
// returns the first error; the others are cancelled through ctx.
func (l *loader) parallel(ctx context.Context, n int, f func(i int) error) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range min(l.o.workers, n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				if ctx.Err() != nil {
					continue
				}
				if err := f(i); err != nil {
					cancel(err)
				}
			}
		}()
	}
	for i := range n {
		if ctx.Err() != nil {
			break
		}
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	return context.Cause(ctx)
}

// runPhase loads the tables of one phase concurrently, chunked tables in
// one task per chunk.
func (l *loader) runPhase(ctx context.Context, tables []string) error {
	var tasks []task
	for _, name := range tables {
		chunked := slices.Contains(chunkedNames[:], name)
		if !chunked || name == "evaluations" {
			tasks = append(tasks, task{name, -1})
		}
		if chunked {
			for c := range l.chunks {
				tasks = append(tasks, task{name, c})
			}
		}
	}
	return l.parallel(ctx, len(tasks), func(i int) error { return l.copy(ctx, tasks[i]) })
}

// copy runs one COPY stream in its own transaction.
func (l *loader) copy(ctx context.Context, t task) (err error) {
	st := l.stats[t.table]
	st.mu.Lock()
	if st.first.IsZero() {
		st.first = time.Now()
	}
	st.mu.Unlock()
	defer func() {
		st.mu.Lock()
		st.last = time.Now()
		st.mu.Unlock()
		if err != nil {
			err = fmt.Errorf("copy %s (chunk %d): %w", t.table, t.chunk, err)
		}
	}()

	tx, err := l.db.SQL.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tx.Rollback()
		}
	}()
	if !l.o.fkChecks {
		// Skips the foreign-key triggers of this transaction's rows;
		// needs a superuser (or --fk-checks).
		if _, err := tx.ExecContext(ctx, "SET LOCAL session_replication_role = replica"); err != nil {
			return fmt.Errorf("%w (run as a superuser or pass --fk-checks)", err)
		}
	}
	stmt, err := tx.PrepareContext(ctx, copySQL(t.table))
	if err != nil {
		return err
	}
	var n int64
	emit := func(vals ...any) error {
		n++
		if n%4096 == 0 {
			st.rows.Add(4096)
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		_, err := stmt.Exec(vals...)
		return err
	}
	if t.chunk < 0 {
		err = l.w.emitWorld(t.table, emit)
	} else {
		idx := slices.Index(chunkedNames[:], t.table)
		g := newChunkGen(l.w, t.chunk, idx, emit, l.base[t.chunk])
		err = g.run(t.chunk*l.o.chunk, min(l.o.employees, (t.chunk+1)*l.o.chunk))
	}
	if err != nil {
		stmt.Close()
		return err
	}
	if _, err := stmt.Exec(); err != nil {
		stmt.Close()
		return err
	}
	if err := stmt.Close(); err != nil {
		return err
	}
	st.rows.Add(n % 4096)
	return tx.Commit()
}

// copySQL is the COPY statement of table, as pq.CopyIn builds it.
func copySQL(table string) string {
	cols := make([]string, len(columns[table]))
	for i, c := range columns[table] {
		cols[i] = pq.QuoteIdentifier(c)
	}
	return "COPY " + pq.QuoteIdentifier(table) + " (" + strings.Join(cols, ", ") + ") FROM STDIN"
}

// indexDef is a secondary index to rebuild after the load.
type indexDef struct{ name, def string }

// dropIndexes drops the secondary indexes of the loaded tables and
// returns their definitions. Primary keys stay.
func (l *loader) dropIndexes(ctx context.Context) ([]indexDef, error) {
	names := make([]string, 0, len(columns))
	for name := range columns {
		names = append(names, name)
	}
	rows, err := l.db.SQL.QueryContext(ctx, `
SELECT i.relname, pg_get_indexdef(i.oid)
FROM pg_index x
JOIN pg_class i ON i.oid = x.indexrelid
JOIN pg_class t ON t.oid = x.indrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
WHERE n.nspname = current_schema() AND t.relname = ANY($1) AND NOT x.indisprimary
  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.oid)
ORDER BY 1`, pq.Array(names))
	if err != nil {
		return nil, fmt.Errorf("listing indexes: %w", err)
	}
	var defs []indexDef
	for rows.Next() {
		var d indexDef
		if err := rows.Scan(&d.name, &d.def); err != nil {
			rows.Close()
			return nil, err
		}
		defs = append(defs, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i, d := range defs {
		if _, err := l.db.SQL.ExecContext(ctx, "DROP INDEX "+pq.QuoteIdentifier(d.name)); err != nil {
			return nil, errors.Join(fmt.Errorf("drop index %s: %w", d.name, err), l.createIndexes(ctx, defs[:i]))
		}
	}
	return defs, nil
}

// createIndexes rebuilds the indexes, several at a time.
func (l *loader) createIndexes(ctx context.Context, defs []indexDef) error {
	return l.parallel(ctx, len(defs), func(i int) error {
		conn, err := l.db.SQL.Conn(ctx)
		if err != nil {
			return err
		}
		defer conn.Close()
		if _, err := conn.ExecContext(ctx, "SET maintenance_work_mem = '256MB'"); err != nil {
			return err
		}
		if _, err := conn.ExecContext(ctx, defs[i].def); err != nil {
			return fmt.Errorf("create index %s: %w", defs[i].name, err)
		}
		return nil
	})
}

// resetSequences moves each identity past the highest loaded ID.
func (l *loader) resetSequences(ctx context.Context) error {
	for name := range l.starts {
		q := fmt.Sprintf("SELECT setval(pg_get_serial_sequence('%s', 'id'), max(id)) FROM %s HAVING max(id) IS NOT NULL",
			name, pq.QuoteIdentifier(name))
		rows, err := l.db.SQL.QueryContext(ctx, q)
		if err != nil {
			return fmt.Errorf("reset sequence of %s: %w", name, err)
		}
		rows.Close()
	}
	return nil
}

// progress prints the rows loaded so far every o.progressTick until the
// returned function is called.
func (l *loader) progress(out io.Writer, start time.Time) func() {
	if l.o.progressTick <= 0 {
		return func() {}
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(l.o.progressTick)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				var total int64
				for _, st := range l.stats {
					total += st.rows.Load()
				}
				el := time.Since(start)
				fmt.Fprintf(out, "gen: %s: %d rows (%.0f rows/s)\n", el.Round(time.Second), total, float64(total)/el.Seconds())
			}
		}
	}()
	return func() { close(done); wg.Wait() }
}

// report prints rows and rows per second per table and the totals.
func (l *loader) report(out io.Writer, copyTime, idxTime, anaTime time.Duration, nIdx int, total time.Duration) {
	fmt.Fprintf(out, "%-24s %12s %10s %12s\n", "table", "rows", "seconds", "rows/s")
	var rows int64
	for _, phase := range phases {
		for _, name := range phase {
			st := l.stats[name]
			n := st.rows.Load()
			rows += n
			d := st.last.Sub(st.first).Seconds()
			fmt.Fprintf(out, "%-24s %12d %10.2f %12.0f\n", name, n, d, float64(n)/max(d, 1e-3))
		}
	}
	fmt.Fprintf(out, "%-24s %12d %10.2f %12.0f\n", "COPY total", rows, copyTime.Seconds(), float64(rows)/copyTime.Seconds())
	fmt.Fprintf(out, "index rebuild: %d indexes in %.2f s; VACUUM (ANALYZE) %.2f s; total %.2f s\n", nIdx, idxTime.Seconds(), anaTime.Seconds(), total.Seconds())
}
