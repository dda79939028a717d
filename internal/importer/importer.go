// Package importer loads employees, assessments and enrollments from CSV
// files: the kembang import command and the importEmployees upload.
//
// Every row goes through the ent client as the viewer in the context, so
// the privacy policies and the storage hooks judge it exactly as they
// judge the same change made through the API (field validators, the NIP
// rule, ranks, references inside the agency, assessment dates, the
// enrollment rules). The importer adds only what a file needs: reading
// the header (snake_case names, aliases of the SIASN export), turning
// natural keys (NIP, agency, unit and competency codes, program codes
// and session names) into references, and the upsert:
//
//   - a row whose record already holds the same values is left alone: no
//     write, no audit record, so a rerun of the same file changes nothing;
//   - a row that differs updates only the fields that differ (one audit
//     record, as for the update mutation);
//   - a new row is created (new rows are written in batches of
//     [Options.BatchSize] with CreateBulk: the hooks still run for every
//     row).
//
// Import runs in the transaction of the client it is given (an ent
// client from ent.Tx, or the transaction of a GraphQL mutation): by
// default all or nothing (a savepoint around the whole file, rolled back
// when a row fails), with [Options.Partial] the valid rows (a savepoint
// around each batch and, after a failed batch, around each row of it).
// The caller commits.
package importer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"kembang/ent"
	"kembang/internal/access"
	"kembang/internal/fault"
	"kembang/internal/hooks"
	"kembang/internal/rules"
	"kembang/internal/viewer"
)

// Kind names what a file holds.
type Kind string

// Kinds of files.
const (
	Employees   Kind = "employees"
	Assessments Kind = "assessments"
	Enrollments Kind = "enrollments"
)

// Kinds returns every kind, in the order the command lists them.
func Kinds() []Kind { return []Kind{Employees, Assessments, Enrollments} }

// DefaultBatchSize is the number of new rows written by one CreateBulk.
const DefaultBatchSize = 500

// MaxBatchSize bounds Options.BatchSize: one statement's parameters (a
// column per field of each row) stay below PostgreSQL's 65,535.
const MaxBatchSize = 2000

// MaxListedErrors caps the row errors a report lists; Failed counts them
// all.
const MaxListedErrors = 1000

// Options configure an import.
type Options struct {
	// Partial loads the valid rows and reports the others; otherwise one
	// bad row leaves the database as it was.
	Partial bool
	// Agency is the code of the agency of rows without an agency_code
	// (a SIASN export names the agency in its own terms). Empty: rows
	// must name theirs, except an HR officer's, whose rows default to
	// the officer's agency.
	Agency string
	// BatchSize is the number of new rows per CreateBulk; 0:
	// DefaultBatchSize, at most MaxBatchSize.
	BatchSize int
	// Progress, when set, is called with the rows done and the rows of
	// the file, after each batch.
	Progress func(done, total int)
}

// Report says what an import did.
type Report struct {
	Kind      Kind
	Rows      int // data rows of the file
	Created   int
	Updated   int
	Unchanged int
	Failed    int // rows refused
	// Committed is false when nothing was written: a row failed and the
	// import was all or nothing.
	Committed bool
	// Errors lists the refused rows' errors in line order, at most
	// MaxListedErrors of them.
	Errors []RowError
}

// RowError is why a row was refused.
type RowError struct {
	Line    int    // line of the file (the header is line 1)
	Column  string // snake_case column name, empty when the row as a whole is at fault
	Message string
}

// String formats the error as "line 12, column nip: message".
func (e RowError) String() string {
	if e.Column == "" {
		return fmt.Sprintf("line %d: %s", e.Line, e.Message)
	}
	return fmt.Sprintf("line %d, column %s: %s", e.Line, e.Column, e.Message)
}

// HeaderError is a file that cannot be read as a table: no header, a
// missing or repeated column, broken CSV. Nothing is imported.
type HeaderError struct {
	Line int // 0: the header
	Msg  string
}

// Error implements error.
func (e *HeaderError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("line %d: %s", e.Line, e.Msg)
	}
	return "header: " + e.Msg
}

// ErrKind is returned for a kind Import does not know.
var ErrKind = errors.New("unknown import kind")

// Import reads the CSV file r of the kind and writes its rows through
// client, which must be transactional (see the package doc), as the
// viewer of ctx. The error is nil when the file was read, whatever its
// rows: row errors are in the report. A *HeaderError means the file
// could not be read; other errors (the database failed) leave the
// transaction to be rolled back.
func Import(ctx context.Context, client *ent.Client, kind Kind, r io.Reader, opts Options) (*Report, error) {
	if opts.BatchSize <= 0 {
		opts.BatchSize = DefaultBatchSize
	}
	opts.BatchSize = min(opts.BatchSize, MaxBatchSize)
	var run func(context.Context, *job, io.Reader) error
	switch kind {
	case Employees:
		run = importEmployees
	case Assessments:
		run = importAssessments
	case Enrollments:
		run = importEnrollments
	default:
		return nil, fmt.Errorf("%w %q (want employees, assessments or enrollments)", ErrKind, kind)
	}
	if err := access.Import(ctx); err != nil {
		return nil, err
	}
	v, _ := viewer.FromContext(ctx)
	// The rows of a file name the same few agencies, units and positions:
	// the storage rules read and lock each once per import (rules.Memo),
	// forgotten at each rollback to a savepoint.
	env := client.Rules
	env.Memo = rules.NewMemo()
	client = client.WithRules(env)
	j := &job{memo: env.Memo, c: client, opts: opts, viewer: v, rep: &Report{Kind: kind}, failed: map[int]bool{}}
	if err := j.savepoint(ctx, spFile); err != nil {
		return nil, err
	}
	if err := run(ctx, j, r); err != nil {
		var herr *HeaderError
		if errors.As(err, &herr) {
			// The file as a whole is unreadable: the client's mistake.
			return nil, &fault.Error{Code: fault.BadInput, Field: "file", Msg: herr.Error(), Err: herr}
		}
		return nil, err
	}
	sort.SliceStable(j.rep.Errors, func(a, b int) bool { return j.rep.Errors[a].Line < j.rep.Errors[b].Line })
	if len(j.rep.Errors) > MaxListedErrors {
		j.rep.Errors = j.rep.Errors[:MaxListedErrors]
	}
	if j.rep.Failed > 0 && !opts.Partial {
		if err := j.rollbackTo(ctx, spFile); err != nil {
			return nil, err
		}
		j.rep.Created, j.rep.Updated = 0, 0
		return j.rep, nil
	}
	if err := j.release(ctx, spFile); err != nil {
		return nil, err
	}
	j.rep.Committed = true
	return j.rep, nil
}

// Savepoint names: around the whole file, a batch, a row.
const (
	spFile  = "kembang_import"
	spBatch = "kembang_import_batch"
	spRow   = "kembang_import_row"
)

// job is the state of one import.
type job struct {
	memo   *rules.Memo
	c      *ent.Client
	opts   Options
	viewer viewer.Viewer
	rep    *Report
	failed map[int]bool // lines refused
	done   int
}

func (j *job) savepoint(ctx context.Context, name string) error {
	if _, err := j.c.ExecContext(ctx, "SAVEPOINT "+name); err != nil {
		return fmt.Errorf("import: savepoint: %w", err)
	}
	return nil
}

func (j *job) rollbackTo(ctx context.Context, name string) error {
	// The locks and reads since the savepoint are undone with it.
	j.memo.Reset()
	if _, err := j.c.ExecContext(ctx, "ROLLBACK TO SAVEPOINT "+name); err != nil {
		return fmt.Errorf("import: rollback to savepoint: %w", err)
	}
	return j.release(ctx, name)
}

func (j *job) release(ctx context.Context, name string) error {
	if _, err := j.c.ExecContext(ctx, "RELEASE SAVEPOINT "+name); err != nil {
		return fmt.Errorf("import: release savepoint: %w", err)
	}
	return nil
}

// guarded runs write inside the savepoint name: when write fails, what it
// wrote is undone and its error returned; the transaction stays usable
// (PostgreSQL aborts a transaction on a failed statement otherwise).
func (j *job) guarded(ctx context.Context, name string, write func() error) error {
	if err := j.savepoint(ctx, name); err != nil {
		return err
	}
	if werr := write(); werr != nil {
		if err := j.rollbackTo(ctx, name); err != nil {
			return errors.Join(werr, err)
		}
		return werr
	}
	return j.release(ctx, name)
}

// fail records that the row on line was refused.
func (j *job) fail(line int, column, msg string) {
	if j.failed[line] {
		return
	}
	j.failed[line] = true
	j.rep.Failed++
	j.rep.Errors = append(j.rep.Errors, RowError{Line: line, Column: column, Message: msg})
}

// refuse records a write's error against the row on line when it is a
// client-facing fault (bad input, a conflict, a refusal); columns maps the
// API's field names to the file's columns. It returns other errors
// (the database failed), which end the import.
func (j *job) refuse(line int, err error, columns map[string]string) error {
	f, ok := fault.As(err)
	if !ok || f.Code == fault.Internal || f.Code == fault.Unavailable {
		return err
	}
	col := columns[f.Field]
	if col == "" && f.Field != "" {
		col = snake(f.Field)
	}
	msg := f.Msg
	if f.Code == fault.Forbidden {
		msg = "not permitted: " + msg
	}
	j.fail(line, col, msg)
	return nil
}

// progress reports n more rows done.
func (j *job) progress(n int) {
	j.done += n
	if j.opts.Progress != nil {
		j.opts.Progress(j.done, j.rep.Rows)
	}
}

// writeNew writes new rows: all of them in one savepoint with bulk; when
// that fails, each row in its own savepoint with one, so that the
// failing rows are found and, with Partial, the others kept. lines are
// the rows' lines, in the order bulk and one take them.
//
// The bulk write queues its audit records and writes them in one
// statement after it (hooks.WithTrailBatch): the same records, a
// statement less per row.
func (j *job) writeNew(ctx context.Context, lines []int, columns map[string]string, bulk func(context.Context) error, one func(i int) error) (int, error) {
	if len(lines) == 0 {
		return 0, nil
	}
	bctx, flush := hooks.WithTrailBatch(ctx, j.c)
	err := j.guarded(ctx, spBatch, func() error {
		if err := bulk(bctx); err != nil {
			hooks.DropTrailBatch(bctx)
			return err
		}
		return flush()
	})
	if err == nil {
		return len(lines), nil
	} else if _, ok := fault.As(err); !ok {
		return 0, err
	}
	n := 0
	for i, line := range lines {
		err := j.guarded(ctx, spRow, func() error { return one(i) })
		if err == nil {
			n++
			continue
		}
		if err := j.refuse(line, err, columns); err != nil {
			return n, err
		}
	}
	return n, nil
}

// update writes one changed row in its own savepoint.
func (j *job) update(ctx context.Context, line int, columns map[string]string, write func() error) error {
	err := j.guarded(ctx, spRow, write)
	if err == nil {
		j.rep.Updated++
		return nil
	}
	return j.refuse(line, err, columns)
}

// chunks splits n rows into batches of size.
func chunks(n, size int) [][2]int {
	var out [][2]int
	for lo := 0; lo < n; lo += size {
		out = append(out, [2]int{lo, min(lo+size, n)})
	}
	return out
}

// required records an error for each named column left empty in the
// row; it reports whether all had a value.
func (j *job) required(t *table, rec record, cols ...string) bool {
	for _, c := range cols {
		if t.get(rec, c) == "" {
			j.fail(rec.line, c, "is required")
			return false
		}
	}
	return true
}

// keyOf joins parts of a natural key.
func keyOf(parts ...string) string { return strings.Join(parts, "\x00") }
