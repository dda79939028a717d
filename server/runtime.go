package main

import (
	"context"
	"log/slog"
	"runtime"
	"runtime/debug"
)

// tuneRuntime applies the garbage collector settings of cfg, and turns
// the heap profile's sampling off unless the pprof listener is on.
//
// A GraphQL request allocates many short-lived objects (field contexts,
// result maps, rows); under load, allocation took a quarter of the CPU
// and the collector's mark workers 7 % more (docs/performance.md, third
// round, before the list plugin of the fourth removed the goroutine per
// list element).
// A larger growth factor trades heap for fewer collections; the soft
// memory limit bounds that trade: near it the runtime collects as often
// as it must, whatever the factor.
//
// The limit counts the runtime's own memory, not the binary's mapped
// code, which adds about 60 MB of resident memory under load. At 16
// clients on the largest persona responses the defaults peak at 220-240
// MB; --gc-percent 200 --memory-limit 100MiB keeps that under 150 MB but
// costs a quarter to a half of the heavy queries' throughput
// (docs/performance.md, change 26), so it is an operator's choice, not
// the default.
//
// The runtime samples an allocation every 512 KiB by default for the heap
// profile, recording its whole stack: on a 50-row page (about 135 KB
// allocated per request) that is one stack walk every four requests, 4 %
// of the server's CPU at 1 client (docs/performance.md, change 58). Only
// the pprof listener (--pprof-addr) can read that profile, so without it
// the sampling is off (runtime.MemProfileRate 0, set before serving, as
// the runtime asks); with it the default stays, so that /debug/pprof/allocs
// and /heap keep their meaning.
func tuneRuntime(ctx context.Context, cfg config, log *slog.Logger) {
	if cfg.pprofAddr == "" {
		runtime.MemProfileRate = 0
	}
	if cfg.gcPercent != 0 {
		debug.SetGCPercent(cfg.gcPercent)
	}
	if cfg.memoryLimit != 0 {
		debug.SetMemoryLimit(cfg.memoryLimit)
	}
	log.DebugContext(ctx, "runtime", "gc_percent", cfg.gcPercent, "memory_limit", cfg.memoryLimit,
		"mem_profile_rate", runtime.MemProfileRate)
}
