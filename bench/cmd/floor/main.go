// Command floor is the load driver's floor server (--floor, bench/floor.go):
// a minimal net/http server that answers each GraphQL request with the
// response captured for it, measuring what any HTTP server on this
// machine pays per request.
//
//	floor [--addr 127.0.0.1:0] < entries.json
//
// It reads the captured exchanges from its standard input (a JSON array of
// bench.FloorEntry), listens on --addr (loopback only), prints
// "floor: listening on http://ADDR/graphql" as its first line of output
// and serves until interrupted or terminated.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"kembang/bench"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdin, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "floor:", err)
		os.Exit(1)
	}
}

// run parses the flags and serves the floor until ctx ends.
func run(ctx context.Context, args []string, in io.Reader, out io.Writer) error {
	fs := flag.NewFlagSet("floor", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:0", "loopback address to listen on (port 0: any free port)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	return bench.ServeFloor(ctx, *addr, in, out)
}
