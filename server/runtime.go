package main

import (
	"context"
	"log/slog"
	"runtime/debug"
)

// tuneRuntime applies the garbage collector settings of cfg.
//
// A GraphQL request allocates many short-lived objects (field contexts,
// result maps, rows); under load, allocation took a quarter of the CPU
// and the collector's mark workers 7 % more (docs/performance.md, third
// round, before the list plugin of the fourth removed the goroutine per
// list element).
// A larger growth factor trades heap for fewer collections; the soft
// memory limit bounds that trade: near it the runtime collects as often
// as it must, whatever the factor.
func tuneRuntime(ctx context.Context, cfg config, log *slog.Logger) {
	if cfg.gcPercent != 0 {
		debug.SetGCPercent(cfg.gcPercent)
	}
	if cfg.memoryLimit != 0 {
		debug.SetMemoryLimit(cfg.memoryLimit)
	}
	log.DebugContext(ctx, "runtime", "gc_percent", cfg.gcPercent, "memory_limit", cfg.memoryLimit)
}
