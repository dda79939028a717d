package store_test

import (
	"context"
	"database/sql/driver"
	"fmt"
	"io"
	"kembang/internal/access"
	"net"
	"os"
	"syscall"
	"testing"

	"github.com/lib/pq"

	"kembang/internal/fault"
	"kembang/internal/store"
	"kembang/internal/store/storetest"
)

// TestClassifyConnectionErrors checks that every way lib/pq and
// database/sql report a stopped or unreachable PostgreSQL becomes
// UNAVAILABLE with a client-safe message.
func TestClassifyConnectionErrors(t *testing.T) {
	refused := &net.OpError{Op: "dial", Net: "tcp", Addr: &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 5432},
		Err: &os.SyscallError{Syscall: "connect", Err: syscall.ECONNREFUSED}}
	for name, err := range map[string]error{
		"bad connection":           driver.ErrBadConn,
		"wrapped bad connection":   fmt.Errorf("querying: %w", driver.ErrBadConn),
		"dial refused":             refused,
		"connection refused":       syscall.ECONNREFUSED,
		"reset":                    &net.OpError{Op: "read", Net: "tcp", Err: &os.SyscallError{Syscall: "read", Err: syscall.ECONNRESET}},
		"broken pipe":              &net.OpError{Op: "write", Net: "tcp", Err: &os.SyscallError{Syscall: "write", Err: syscall.EPIPE}},
		"EOF on a dead socket":     io.EOF,
		"unexpected EOF":           fmt.Errorf("pq: %w", io.ErrUnexpectedEOF),
		"admin shutdown 57P01":     &pq.Error{Severity: "FATAL", Code: "57P01", Message: "terminating connection due to administrator command"},
		"shutting down 57P03":      &pq.Error{Severity: "FATAL", Code: "57P03", Message: "the database system is shutting down"},
		"starting up 57P03":        &pq.Error{Severity: "FATAL", Code: "57P03", Message: "the database system is starting up"},
		"connection failure 08006": &pq.Error{Severity: "FATAL", Code: "08006", Message: "connection failure"},
		"too many connections":     &pq.Error{Severity: "FATAL", Code: "53300", Message: "sorry, too many clients already"},
	} {
		wantFault(t, name, store.Classify(err), fault.Unavailable, "", "the database is unavailable, try again later")
	}
}

// TestClassifyCanceled checks that a statement cancelled because its
// caller went away is not an internal error.
func TestClassifyCanceled(t *testing.T) {
	wantFault(t, "cancelled", store.Classify(fmt.Errorf("query: %w", context.Canceled)), fault.Unavailable, "", "the request was cancelled")
}

// TestTransactionBeginsLazily checks that a transaction of the ent client
// opens even when the database is down, and that its first statement
// fails with UNAVAILABLE instead: entgql reports a failure to open a
// transaction with driver text and no code.
func TestTransactionBeginsLazily(t *testing.T) {
	ctx := access.System(context.Background())
	for _, d := range storetest.Dialects(t) {
		t.Run(d, func(t *testing.T) {
			db := storetest.Open(t, d)
			tx, err := db.Client.Tx(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if err := tx.Rollback(); err != nil {
				t.Errorf("Rollback of a transaction that ran nothing: %v", err)
			}

			tx, err = db.Client.Tx(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := tx.Agency.Create().SetCode("LZY").SetName("Lazy").SetRegion("Bali").Save(ctx); err != nil {
				t.Fatal(err)
			}
			if err := tx.Commit(); err != nil {
				t.Fatal(err)
			}
			if n := db.Client.Agency.Query().CountX(ctx); n != 1 {
				t.Errorf("agencies after commit = %d, want 1", n)
			}
			if err := tx.Commit(); err == nil {
				t.Error("second Commit succeeded")
			}

			// The pool is closed: opening still works, the statement fails.
			db.SQL.Close()
			tx, err = db.Client.Tx(ctx)
			if err != nil {
				t.Fatalf("Tx on a closed pool: %v, want the failure deferred to the first statement", err)
			}
			_, err = tx.Agency.Query().Count(ctx)
			f, ok := fault.As(err)
			if !ok || f.Code != fault.Unavailable {
				t.Errorf("first statement on a closed pool: %v, want UNAVAILABLE", err)
			}
			if err := tx.Rollback(); err != nil {
				t.Errorf("Rollback after a failed begin: %v", err)
			}
		})
	}
}
