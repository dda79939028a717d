// Command kembang runs Kembang, the headless GraphQL platform for the
// competency development of Indonesian civil servants (ASN).
//
// Usage:
//
//	kembang [serve] [flags]     serve the API and the explorer (default)
//	kembang migrate [flags]     apply database migrations and exit
//	kembang seed [flags]        load demo data into an empty database
//	kembang import [flags] employees|assessments|enrollments FILE
//	                            load a CSV file (see docs/server.md)
//	kembang operations register [flags] DIR
//	                            store the .graphql documents of DIR in the
//	                            allow-list (KEMBANG_ALLOWLIST)
//
// Every flag has an environment variable; flags win. Run kembang
// COMMAND -h for the list, or see README.md.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"
)

// main runs the command line. It exits with status 1 on error, 2 on a
// command line that cannot be parsed.
func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		// A second signal during the shutdown grace period kills at once.
		<-ctx.Done()
		stop()
	}()
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "kembang:", err)
		if errors.Is(err, errUsage) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}

// run executes the command named by args[0] (serve when args is empty or
// starts with a flag), with settings from args and getenv. Logs and
// help go to stdout. It returns when the command is done or, for serve,
// when ctx is cancelled and the server has shut down.
func run(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	name := "serve"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		name, args = args[0], args[1:]
	}
	if name == "operations" {
		if len(args) == 0 || args[0] != "register" {
			return fmt.Errorf("%w: want kembang operations register DIR", errUsage)
		}
		args = args[1:]
	}
	if name == "help" {
		fmt.Fprintln(stdout, "Usage: kembang [serve|migrate|seed|token|import KIND FILE|operations register DIR] [flags]")
		fmt.Fprintln(stdout, "Run kembang COMMAND -h for the flags of a command.")
		return nil
	}
	var cmd func(context.Context, config, *slog.Logger) error
	switch name {
	case "serve":
		cmd = serve
	case "migrate":
		cmd = migrate
	case "seed":
		cmd = seedData
	case "token":
		cmd = func(ctx context.Context, cfg config, _ *slog.Logger) error { return mintToken(ctx, cfg, stdout) }
	case "operations":
		cmd = func(ctx context.Context, cfg config, log *slog.Logger) error {
			return registerOperations(ctx, cfg, log, stdout)
		}
	case "import":
		cmd = func(ctx context.Context, cfg config, log *slog.Logger) error {
			return importFile(ctx, cfg, log, stdout, os.Stderr)
		}
	default:
		return fmt.Errorf("unknown command %q (want serve, migrate, seed, token, import or operations)", name)
	}
	cfg, err := parseConfig(name, args, getenv, stdout)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	return cmd(ctx, cfg, newLogger(cfg, stdout))
}
