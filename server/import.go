package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"slices"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"kembang/internal/importer"
	"kembang/internal/rules"
	"kembang/internal/viewer"
)

// importViewer is who the command line imports as: an ADMIN (the
// operator on the server), named so in the audit trail.
var importViewer = viewer.Viewer{Subject: "cli:import", Role: viewer.Admin}

// importFile loads cfg.importFile into the database in one transaction
// (internal/importer), prints the report on out and shows a progress
// bar on progress when that is a terminal. It returns an error when a
// row was refused, so that scripts see it in the exit status.
func importFile(ctx context.Context, cfg config, log *slog.Logger, out io.Writer, progress *os.File) (err error) {
	kind := importer.Kind(cfg.importKind)
	if !slices.Contains(importer.Kinds(), kind) {
		return fmt.Errorf("%w: kembang import: unknown kind %q (want employees, assessments or enrollments)", errUsage, cfg.importKind)
	}
	f, err := os.Open(cfg.importFile)
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	defer f.Close()
	db, err := openStore(ctx, cfg, log, nil)
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	defer func() {
		if cerr := db.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("import: %w", cerr)
		}
	}()
	ctx = viewer.NewContext(ctx, importViewer)
	// Import mode stores the statuses, completions and certificates of
	// enrollments as given (history from another system), still
	// consistent with their sessions; employees and assessments have no
	// workflow it would relax.
	tx, err := db.Client.WithRules(rules.Importer(nil)).Tx(ctx)
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	defer tx.Rollback()
	opts := importer.Options{Partial: cfg.importPartial, Agency: cfg.importAgency}
	if term.IsTerminal(int(progress.Fd())) {
		opts.Progress = progressBar(progress, string(kind))
	}
	start := time.Now()
	rep, err := importer.Import(ctx, tx.Client(), kind, f, opts)
	if err != nil {
		var herr *importer.HeaderError
		if errors.As(err, &herr) {
			return fmt.Errorf("import %s: %s: %w", cfg.importFile, herr.Error(), errUsage)
		}
		return fmt.Errorf("import: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("import: committing: %w", err)
	}
	writeReport(out, rep)
	log.InfoContext(ctx, "import done", "kind", kind, "file", cfg.importFile, "rows", rep.Rows, "created", rep.Created,
		"updated", rep.Updated, "unchanged", rep.Unchanged, "refused", rep.Failed, "committed", rep.Committed,
		"duration", time.Since(start).Round(time.Millisecond))
	switch {
	case rep.Failed > 0 && !rep.Committed:
		return fmt.Errorf("import: nothing imported: %d of %d rows refused (--partial loads the valid rows)", rep.Failed, rep.Rows)
	case rep.Failed > 0:
		return fmt.Errorf("import: %d of %d rows refused, the others loaded", rep.Failed, rep.Rows)
	}
	return nil
}

// writeReport prints what an import did and every listed row error.
func writeReport(out io.Writer, rep *importer.Report) {
	for _, e := range rep.Errors {
		fmt.Fprintln(out, e.String())
	}
	if rep.Failed > len(rep.Errors) {
		fmt.Fprintf(out, "… and %d more refused rows\n", rep.Failed-len(rep.Errors))
	}
	fmt.Fprintf(out, "%s: %d rows: %d created, %d updated, %d unchanged, %d refused", rep.Kind, rep.Rows, rep.Created, rep.Updated, rep.Unchanged, rep.Failed)
	if !rep.Committed {
		fmt.Fprint(out, "; nothing imported")
	}
	fmt.Fprintln(out)
}

// progressBar returns a progress callback drawing a bar on w; the bar is
// made on the first call, when the number of rows is known.
func progressBar(w io.Writer, what string) func(done, total int) {
	var bar *progressbar.ProgressBar
	return func(done, total int) {
		if bar == nil {
			bar = progressbar.NewOptions(total,
				progressbar.OptionSetWriter(w),
				progressbar.OptionSetDescription("importing "+what),
				progressbar.OptionShowCount(),
				progressbar.OptionThrottle(100*time.Millisecond),
				progressbar.OptionOnCompletion(func() { fmt.Fprintln(w) }),
			)
		}
		_ = bar.Set(done)
	}
}
