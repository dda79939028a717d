package main

import (
	"context"
	"go/ast"
	goparser "go/parser"
	"go/token"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
)

// TestTuneRuntime checks that --gc-percent and --memory-limit reach the
// runtime, and that 0 leaves the runtime's own settings as they are.
func TestTuneRuntime(t *testing.T) {
	oldGC := debug.SetGCPercent(100)
	oldLimit := debug.SetMemoryLimit(1 << 40)
	oldRate := runtime.MemProfileRate
	t.Cleanup(func() {
		debug.SetGCPercent(oldGC)
		debug.SetMemoryLimit(oldLimit)
		runtime.MemProfileRate = oldRate
	})
	log := slog.New(slog.DiscardHandler)
	tuneRuntime(context.Background(), config{}, log)
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("--gc-percent 0: GC percent %d, want the runtime's 100", got)
	}
	if got := debug.SetMemoryLimit(-1); got != 1<<40 {
		t.Errorf("--memory-limit 0: memory limit %d, want the runtime's %d", got, int64(1<<40))
	}
	tuneRuntime(context.Background(), config{gcPercent: 400, memoryLimit: 200 << 20}, log)
	if got := debug.SetGCPercent(100); got != 400 {
		t.Errorf("--gc-percent 400: GC percent %d", got)
	}
	if got := debug.SetMemoryLimit(-1); got != 200<<20 {
		t.Errorf("--memory-limit 200MiB: memory limit %d", got)
	}
}

// TestTuneRuntimeMemProfile checks that the heap profile's sampling is
// off without the pprof listener, which alone could read it, and keeps
// the runtime's rate with it.
func TestTuneRuntimeMemProfile(t *testing.T) {
	old := runtime.MemProfileRate
	t.Cleanup(func() { runtime.MemProfileRate = old })
	log := slog.New(slog.DiscardHandler)
	for _, tc := range []struct {
		name string
		cfg  config
		want int
	}{
		{"pprof off", config{}, 0},
		{"pprof on", config{pprofAddr: "127.0.0.1:6060"}, 512 * 1024},
	} {
		t.Run(tc.name, func(t *testing.T) {
			runtime.MemProfileRate = 512 * 1024
			tuneRuntime(context.Background(), tc.cfg, log)
			if runtime.MemProfileRate != tc.want {
				t.Errorf("MemProfileRate %d, want %d", runtime.MemProfileRate, tc.want)
			}
		})
	}
}

// TestGCTunedOnce checks that the program sets the garbage collector in
// one place (tuneRuntime, from the configuration) and nowhere else: a
// second place that ran first once turned --gc-percent 0 into 200.
func TestGCTunedOnce(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	var calls []string
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := goparser.ParseFile(fset, name, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			sel, ok := n.(*ast.SelectorExpr)
			if ok && (sel.Sel.Name == "SetGCPercent" || sel.Sel.Name == "SetMemoryLimit") {
				calls = append(calls, fset.Position(sel.Pos()).String())
			}
			return true
		})
	}
	for _, c := range calls {
		if !strings.HasPrefix(c, "runtime.go:") {
			t.Errorf("garbage collector set outside runtime.go (tuneRuntime): %s", c)
		}
	}
	if len(calls) != 2 {
		t.Errorf("%d calls of SetGCPercent/SetMemoryLimit, want 2 (tuneRuntime): %v", len(calls), calls)
	}
}
