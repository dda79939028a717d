package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"

	"kembang/graph"
	"kembang/internal/operations"
)

// registerOperations stores the .graphql documents of cfg.operationsDir in
// the allow-list, after validating every one against the schema, and
// lists what it stored on out.
func registerOperations(ctx context.Context, cfg config, log *slog.Logger, out io.Writer) (err error) {
	db, err := openStore(ctx, cfg, log, nil)
	if err != nil {
		return fmt.Errorf("operations: %w", err)
	}
	defer func() {
		if cerr := db.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("operations: %w", cerr)
		}
	}()
	schema := graph.NewExecutableSchema(graph.Config{}).Schema()
	reg, err := operations.Register(ctx, db.Client, schema, cfg.operationsDir)
	if err != nil {
		return fmt.Errorf("operations register: %w", err)
	}
	for _, f := range reg.Added {
		fmt.Fprintln(out, "registered", f)
	}
	for _, f := range reg.Known {
		fmt.Fprintln(out, "already registered", f)
	}
	fmt.Fprintf(out, "%d new, %d already registered\n", len(reg.Added), len(reg.Known))
	return nil
}
