package store

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"entgo.io/ent/dialect"
	"github.com/lib/pq"

	entmigrate "kembang/ent/migrate"
)

// WarmTimeout bounds Warm: a pool that is not ready by then is left to
// dial the rest of its connections when requests need them.
const WarmTimeout = 3 * time.Second

// Warmed is what Warm made ready.
type Warmed struct {
	// Ready is how many connections answered, over the primary's pool
	// and the read replicas'.
	Ready int
	// Want is how many connections those pools keep idle.
	Want int
}

// Warm opens the connections the PostgreSQL pools keep idle (idleConns:
// all of them), those of the read replicas too, and makes each ready for
// work, as production pools do before they take traffic (pgx's
// MinConns, HikariCP's minimumIdle). Without it the first requests after
// a start pay for the pool: each dials its own connection, a new
// PostgreSQL backend (a fork, authentication), whose first statement on
// each table loads that table's and its indexes' catalogue entries.
//
// Each connection answers a round trip (Ping) and then plans, without
// running, one statement that reads every table of the schema by its
// primary key (catalogueWarmup), which loads those entries; figures in
// docs/performance.md (issue 17, third session).
//
// Warm is bounded by WarmTimeout and ctx. It returns how many
// connections are ready and, if any pool fell short or a statement
// failed, the first error: the caller logs it and goes on, since the
// pools still dial lazily. On SQLite it does nothing.
func (db *DB) Warm(ctx context.Context) (Warmed, error) {
	if db.Dialect != dialect.Postgres {
		return Warmed{}, nil
	}
	ctx, cancel := context.WithTimeout(ctx, WarmTimeout)
	defer cancel()
	pools := []*pool{db.drv.pool}
	if db.rt != nil {
		for _, rep := range db.rt.replicas {
			pools = append(pools, rep.drv.pool)
		}
	}
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		out   Warmed
		first error
	)
	for _, p := range pools {
		wg.Go(func() {
			ready, err := p.warm(ctx, catalogueWarmup())
			mu.Lock()
			defer mu.Unlock()
			out.Ready += ready
			out.Want += p.maxIdle
			if first == nil {
				first = err
			}
		})
	}
	wg.Wait()
	if first != nil {
		return out, fmt.Errorf("store: warm: %d of %d connections ready: %w", out.Ready, out.Want, first)
	}
	return out, nil
}

// warm opens p.maxIdle connections at once, runs a Ping and then
// catalogue on each, and returns them to the pool, which keeps them
// idle. Every connection is held until all have been warmed (or failed
// to open), so that no two goroutines warm the same one. It returns how
// many answered the Ping and the first error.
func (p *pool) warm(ctx context.Context, catalogue string) (int, error) {
	var (
		wg, held sync.WaitGroup
		mu       sync.Mutex
		ready    int
		first    error
	)
	fail := func(err error) {
		mu.Lock()
		defer mu.Unlock()
		if first == nil {
			first = err
		}
	}
	held.Add(p.maxIdle)
	for range p.maxIdle {
		wg.Go(func() {
			c, err := p.db.Conn(ctx)
			if err == nil {
				err = c.PingContext(ctx)
			}
			if err == nil {
				mu.Lock()
				ready++
				mu.Unlock()
				if _, cerr := c.ExecContext(ctx, catalogue); cerr != nil {
					fail(fmt.Errorf("catalogue: %w", cerr))
				}
			} else {
				fail(fmt.Errorf("connect: %w", err))
			}
			held.Done()
			held.Wait()
			if c != nil {
				// Back to the pool, idle; a broken connection is
				// discarded by database/sql.
				c.Close()
			}
		})
	}
	wg.Wait()
	return ready, first
}

// catalogueWarmup is the statement a warmed connection plans: EXPLAIN
// (planning only, nothing runs) of one look-up by primary key in every
// table of the schema. Opening a table and planning a look-up load the
// table's catalogue entries, its indexes' and its key's statistics into
// the backend's caches; a new backend otherwise loads them in its first
// statement on each table (0.53 against 0.11 ms of planning for the
// first employees page at 1M).
var catalogueWarmup = sync.OnceValue(func() string {
	arms := make([]string, 0, len(entmigrate.Tables))
	for _, t := range entmigrate.Tables {
		if len(t.PrimaryKey) == 0 {
			continue
		}
		arms = append(arms, fmt.Sprintf("SELECT 1 FROM %s WHERE %s = 0",
			pq.QuoteIdentifier(t.Name), pq.QuoteIdentifier(t.PrimaryKey[0].Name)))
	}
	return "EXPLAIN " + strings.Join(arms, " UNION ALL ")
})
