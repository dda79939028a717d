package main

import (
	"context"
	"log/slog"
	"runtime/debug"
)

// tuneRuntime applies the garbage collector settings of cfg.
//
// A GraphQL request allocates many short-lived objects (field contexts,
// result maps, rows) and runs its list elements on goroutines whose
// stacks grow; with Go's default GOGC of 100 the collector ran about
// every 4 MB of allocation and, with stack copying, took a quarter of the
// CPU under load (docs/performance.md, third round). A larger growth
// factor trades heap for CPU; the soft memory limit bounds that trade:
// near it the runtime collects as often as it must, whatever the factor.
func tuneRuntime(ctx context.Context, cfg config, log *slog.Logger) {
	if cfg.gcPercent != 0 {
		debug.SetGCPercent(cfg.gcPercent)
	}
	if cfg.memoryLimit != 0 {
		debug.SetMemoryLimit(cfg.memoryLimit)
	}
	log.DebugContext(ctx, "runtime", "gc_percent", cfg.gcPercent, "memory_limit", cfg.memoryLimit)
}
