package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"strings"
	"syscall"

	entsql "entgo.io/ent/dialect/sql/schema"
	"github.com/lib/pq"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"kembang/ent"
	"kembang/ent/gid"
	"kembang/ent/migrate"
	"kembang/internal/domain/phrase"
	"kembang/internal/fault"
)

// Classify maps a database error to a client-safe *fault.Error:
//
//   - a unique-constraint violation becomes a fault.Conflict naming the
//     record and fields in API terms ("an employee with this nip already
//     exists");
//   - a foreign-key violation becomes a fault.Conflict when a deleted row
//     is still referenced ("the agency is still referenced by
//     employees"), a fault.BadInput when a written row refers to a
//     missing one;
//   - not-null and check violations, values the database refuses
//     (PostgreSQL's data exceptions) and ent's validation errors become
//     fault.BadInput, naming the field as the type's GraphQL inputs do
//     (ent.InputName) when it is known;
//   - lost or refused connections, timeouts and lock contention become
//     fault.Unavailable.
//
// The message never contains SQL or driver text; the driver error stays
// available as the cause (errors.As, ent.IsConstraintError still work).
// Errors that already are *fault.Error, and all other errors, are returned
// unchanged. Classify(nil) is nil.
//
// Mutations of the client returned by Open are classified already, with
// the knowledge of the operation, which gives better messages on SQLite
// (whose foreign-key errors do not say which constraint failed).
func Classify(err error) error {
	return classify(err, hint{})
}

// hint is what the caller knows of the statement that failed.
type hint struct {
	typ string // ent type of the mutation, e.g. "Employee"
	op  ent.Op // 0 when unknown
}

func (h hint) deleting() bool { return h.op.Is(ent.OpDelete | ent.OpDeleteOne) }
func (h hint) writing() bool {
	return h.op.Is(ent.OpCreate | ent.OpUpdate | ent.OpUpdateOne)
}

// classifyHook classifies the errors of every mutation, knowing its type
// and operation.
func classifyHook(next ent.Mutator) ent.Mutator {
	return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
		v, err := next.Mutate(ctx, m)
		if err != nil {
			return v, classify(err, hint{typ: m.Type(), op: m.Op()})
		}
		return v, nil
	})
}

func classify(err error, h hint) error {
	if err == nil {
		return nil
	}
	if _, ok := fault.As(err); ok {
		return err
	}
	var verr *ent.ValidationError
	if errors.As(err, &verr) {
		// Named as the type's GraphQL inputs name the field, when the
		// mutation's type is known.
		f := &fault.Error{Code: fault.BadInput, Msg: validationMessage(verr), Err: err}
		f.Field, _ = ent.InputName(h.typ, verr.Name)
		return f
	}
	if pe := pq.As(err); pe != nil {
		if f := classifyPostgres(pe, h); f != nil {
			f.Err = err
			return f
		}
		return err
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		if f := classifySQLite(se, h); f != nil {
			f.Err = err
			return f
		}
		return err
	}
	if connectionLost(err) {
		return unavailable(err)
	}
	if errors.Is(err, context.Canceled) {
		// The caller went away (a client that disconnected, a server
		// shutting down): not an internal error, and nobody reads the
		// answer.
		return &fault.Error{Code: fault.Unavailable, Msg: msgCanceled, Err: err}
	}
	return err
}

// Messages of unavailability.
const (
	msgUnavailable = "the database is unavailable, try again later"
	msgTimeout     = "the database took too long to answer"
	msgBusy        = "the database is busy, try again"
	msgCanceled    = "the request was cancelled"
)

// validationMessage is the client-safe text of an ent validation error:
// the validator's own message, without ent's prefix naming the Go type and
// field.
func validationMessage(verr *ent.ValidationError) string {
	if inner := errors.Unwrap(verr.Unwrap()); inner != nil {
		return inner.Error()
	}
	if strings.Contains(verr.Error(), "missing required") {
		return "is required"
	}
	return "is not valid"
}

func unavailable(err error) *fault.Error {
	return &fault.Error{Code: fault.Unavailable, Msg: msgUnavailable, Err: err}
}

// connectionLost reports errors of a connection that failed or was
// refused, whatever the driver: a refused or timed-out dial (*net.OpError),
// a connection the driver found broken (driver.ErrBadConn), or a socket
// closed under a statement (io.EOF, a reset or broken pipe), as lib/pq
// reports a PostgreSQL server that stopped.
func connectionLost(err error) bool {
	var ne net.Error
	return errors.Is(err, driver.ErrBadConn) ||
		errors.Is(err, sql.ErrConnDone) ||
		errors.Is(err, io.EOF) ||
		errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNREFUSED) ||
		errors.Is(err, syscall.ECONNRESET) ||
		errors.Is(err, syscall.ECONNABORTED) ||
		errors.Is(err, syscall.EPIPE) ||
		errors.Is(err, net.ErrClosed) ||
		errors.As(err, &ne) ||
		strings.HasSuffix(err.Error(), errDBClosed)
}

// errDBClosed ends the text of database/sql's unexported error for a
// statement on a closed pool, as while the server shuts down.
const errDBClosed = "sql: database is closed"

// unreachable reports whether err, classified, means that the database
// could not be reached or lost the connection (as opposed to a timeout
// or lock contention, which are Unavailable too but say nothing of the
// connections in the pool).
func unreachable(err error) bool {
	f, ok := fault.As(classify(err, hint{}))
	return ok && f.Code == fault.Unavailable && f.Msg == msgUnavailable
}

// classifyPostgres returns nil for errors it leaves alone.
func classifyPostgres(e *pq.Error, h hint) *fault.Error {
	code := string(e.Code)
	switch {
	case code == "23505": // unique_violation
		return duplicate(e.Table, postgresUniqueColumns(e))
	case code == "23503": // foreign_key_violation
		fk := foreignKey(e.Table, e.Constraint)
		switch {
		case h.deleting() || h.op == 0 && strings.HasPrefix(e.Message, "update or delete"):
			if fk != nil {
				// The table of the error is the referencing one.
				return fault.Conflictf("the %s is still referenced by %s", phrase.Noun(singular(fk.RefTable.Name)), phrase.Noun(words(e.Table)))
			}
			return stillReferenced(h)
		case h.writing() || h.op == 0 && strings.HasPrefix(e.Message, "insert or update"):
			if fk != nil && len(fk.Columns) == 1 {
				return missingReference(e.Table, fk.Columns[0].Name, fk.RefTable.Name)
			}
			return &fault.Error{Code: fault.BadInput, Msg: "a referenced record does not exist"}
		}
		return fault.Conflictf("a related record is missing or still refers to this one")
	case code == "23502": // not_null_violation
		return required(e.Table, e.Column)
	case code == "23514": // check_violation
		return fault.Newf(fault.BadInput, "", "a value of the %s is not allowed", phrase.Noun(recordName(e.Table, h)))
	case strings.HasPrefix(code, "22"): // data_exception: a value the column's type refuses
		f := &fault.Error{Code: fault.BadInput, Msg: "a value is not valid for the database"}
		if e.Table != "" && e.Column != "" {
			f.Field = apiField(e.Table, e.Column)
		}
		return f
	case code == "57014": // query_canceled: statement_timeout or cancelled request
		return &fault.Error{Code: fault.Unavailable, Msg: msgTimeout}
	case code == "40001", code == "40P01", code == "55P03": // serialization, deadlock, lock_not_available
		return &fault.Error{Code: fault.Unavailable, Msg: msgBusy}
	case strings.HasPrefix(code, "08"), // connection_exception
		strings.HasPrefix(code, "53"),                                      // insufficient_resources, e.g. too_many_connections
		code == "57P01", code == "57P02", code == "57P03", code == "57P05": // shutdown, cannot_connect_now, idle_session_timeout
		return &fault.Error{Code: fault.Unavailable, Msg: msgUnavailable}
	}
	return nil
}

// postgresUniqueColumns finds the columns of the violated unique index in
// the ent schema, or else in the error detail.
func postgresUniqueColumns(e *pq.Error) []string {
	if t := table(e.Table); t != nil {
		for _, idx := range t.Indexes {
			if idx.Unique && idx.Name == e.Constraint {
				return columnNames(idx.Columns)
			}
		}
		for _, c := range t.Columns {
			// Atlas names a unique column's index <table>_<column>_key.
			if c.Unique && e.Constraint == t.Name+"_"+c.Name+"_key" {
				return []string{c.Name}
			}
		}
		if e.Constraint == t.Name+"_pkey" {
			return []string{"id"}
		}
	}
	// Detail: Key (a, b)=(...) already exists.
	if rest, ok := strings.CutPrefix(e.Detail, "Key ("); ok {
		if list, _, ok := strings.Cut(rest, ")="); ok {
			cols := strings.Split(list, ", ")
			if identifiers(cols) {
				return cols
			}
		}
	}
	return nil
}

// identifiers reports whether every name is a plain SQL identifier, so
// that it is a column name and not part of a value.
func identifiers(names []string) bool {
	for _, n := range names {
		if n == "" || strings.Trim(n, "abcdefghijklmnopqrstuvwxyz0123456789_") != "" {
			return false
		}
	}
	return true
}

// classifySQLite returns nil for errors it leaves alone.
func classifySQLite(e *sqlite.Error, h hint) *fault.Error {
	code := e.Code()
	if code&0xff == sqlite3.SQLITE_CONSTRAINT && strings.Contains(e.Error(), "FOREIGN KEY constraint failed") {
		// ON DELETE RESTRICT fails as SQLITE_CONSTRAINT_TRIGGER.
		code = sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY
	}
	switch code {
	case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
		t, cols := sqliteColumns(e)
		return duplicate(t, cols)
	case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
		// SQLite does not say which constraint failed.
		switch {
		case h.deleting():
			return stillReferenced(h)
		case h.writing():
			return fault.Newf(fault.BadInput, "", "the %s refers to a record that does not exist", phrase.Noun(recordName("", h)))
		}
		return fault.Conflictf("a related record is missing or still refers to this one")
	case sqlite3.SQLITE_CONSTRAINT_NOTNULL:
		t, cols := sqliteColumns(e)
		if len(cols) == 1 {
			return required(t, cols[0])
		}
		return &fault.Error{Code: fault.BadInput, Msg: "a required value is missing"}
	case sqlite3.SQLITE_CONSTRAINT_CHECK:
		return fault.Newf(fault.BadInput, "", "a value of the %s is not allowed", phrase.Noun(recordName("", h)))
	default:
		switch code & 0xff {
		case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
			return &fault.Error{Code: fault.Unavailable, Msg: msgBusy}
		case sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_IOERR, sqlite3.SQLITE_FULL, sqlite3.SQLITE_READONLY:
			return &fault.Error{Code: fault.Unavailable, Msg: msgUnavailable}
		case sqlite3.SQLITE_INTERRUPT:
			return &fault.Error{Code: fault.Unavailable, Msg: msgTimeout}
		}
	}
	return nil
}

// sqliteColumns parses the table and columns out of a constraint message
// such as "UNIQUE constraint failed: units.agency_id, units.code (2067)".
func sqliteColumns(e *sqlite.Error) (string, []string) {
	// modernc's text is "constraint failed: <SQLite's message> (code)".
	msg := e.Error()
	i := strings.LastIndex(msg, "constraint failed: ")
	if i < 0 {
		return "", nil
	}
	list, _, _ := strings.Cut(msg[i+len("constraint failed: "):], " (")
	var (
		tbl  string
		cols []string
	)
	for _, tc := range strings.Split(list, ", ") {
		t, c, ok := strings.Cut(tc, ".")
		if !ok || tbl != "" && t != tbl || !identifiers([]string{t, c}) {
			return "", nil
		}
		tbl = t
		cols = append(cols, c)
	}
	return tbl, cols
}

// duplicate is the conflict of a unique violation on table's columns.
func duplicate(tbl string, cols []string) *fault.Error {
	what := "record"
	if tbl != "" {
		what = singular(tbl)
	}
	if len(cols) == 0 {
		return fault.Conflictf("%s %s with these values already exists", article(what), phrase.Noun(what))
	}
	ws := make([]string, len(cols))
	for i, c := range cols {
		ws[i] = columnWords(c)
	}
	f := fault.Conflictf("%s %s with this %s already exists", article(what), phrase.Noun(what), joinAnd(ws))
	// The field at fault, in API spelling, is the one column that is not
	// a foreign key (employee.nip, unit.code of the agency).
	for _, c := range cols {
		if !strings.HasSuffix(c, "_id") {
			f.Field = apiField(tbl, c)
		}
	}
	return f
}

// stillReferenced is the conflict of a delete whose referrer is unknown.
func stillReferenced(h hint) *fault.Error {
	return fault.Conflictf("the %s is still referenced by other records", phrase.Noun(recordName("", h)))
}

// missingReference is the error of a column of table tbl referring to a
// missing row of table ref (one deleted while the mutation ran: the store
// checks the rows a mutation names before it runs, see refsHook).
func missingReference(tbl, col, ref string) *fault.Error {
	return fault.Newf(fault.NotFound, apiField(tbl, col), "the %s does not exist", phrase.Noun(singular(ref)))
}

// required is the input error of a missing value of column col of table
// tbl.
func required(tbl, col string) *fault.Error {
	if f := apiField(tbl, col); f != "" {
		return fault.Inputf(f, "is required")
	}
	return fault.Newf(fault.BadInput, "", "a value of the %s is missing", phrase.Noun(recordName(tbl, hint{})))
}

// recordName names the record of a table or, failing that, of a hint.
func recordName(tbl string, h hint) string {
	switch {
	case tbl != "":
		return singular(tbl)
	case h.typ != "":
		return gid.Words(h.typ) // APIKey: API key
	}
	return "record"
}

// table returns the ent table named name, or nil.
func table(name string) *entsql.Table {
	for _, t := range migrate.Tables {
		if t.Name == name {
			return t
		}
	}
	return nil
}

// foreignKey returns the foreign key named symbol of the ent schema. The
// table of PostgreSQL's error is the referencing one.
func foreignKey(tbl, symbol string) *entsql.ForeignKey {
	for _, t := range migrate.Tables {
		if tbl != "" && t.Name != tbl {
			continue
		}
		for _, fk := range t.ForeignKeys {
			if fk.Symbol == symbol {
				return fk
			}
		}
	}
	return nil
}

func columnNames(cs []*entsql.Column) []string {
	names := make([]string, len(cs))
	for i, c := range cs {
		names[i] = c.Name
	}
	return names
}

// singular turns a table name into words naming one row:
// competency_levels → competency level.
func singular(tbl string) string {
	switch {
	case strings.HasSuffix(tbl, "ies"):
		tbl = strings.TrimSuffix(tbl, "ies") + "y"
	case strings.HasSuffix(tbl, "s"):
		tbl = strings.TrimSuffix(tbl, "s")
	}
	return words(tbl)
}

// words turns snake_case into space-separated words.
func words(s string) string { return strings.ReplaceAll(s, "_", " ") }

// columnWords names a column in a message: agency_id → agency.
func columnWords(c string) string {
	if c == "id" {
		return "ID"
	}
	return words(strings.TrimSuffix(c, "_id"))
}

// apiField returns the name of column col of table tbl in the GraphQL
// inputs of its type, as entgql writes them (ent.InputName, generated from
// the schema): target_position_id → targetPositionID, evidence_url →
// evidenceURL; "" for a column no input sets.
func apiField(tbl, col string) string {
	if col == "id" {
		return "id" // every type's ID field
	}
	typ, ok := ent.TableType(tbl)
	if !ok {
		return ""
	}
	name, _ := ent.InputName(typ, col)
	return name
}

// article returns the indefinite article for words.
func article(w string) string {
	if w != "" && strings.ContainsRune("aeio", rune(w[0])) {
		return "an"
	}
	return "a"
}

// joinAnd joins words with commas and a final "and".
func joinAnd(ws []string) string {
	switch len(ws) {
	case 0:
		return ""
	case 1:
		return ws[0]
	}
	return strings.Join(ws[:len(ws)-1], ", ") + " and " + ws[len(ws)-1]
}
