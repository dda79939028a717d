// Package report computes Kembang's reports for analysts and HR: JP
// compliance, monitoring and evaluation figures of programs and
// partners, grouped enrollment counts, JP per competency type, the
// SIASN course-history export, and the compliance, program and partner
// reports as CSV and XLSX files ([ExportHandler]).
//
// Every figure is computed in the database with aggregate SQL (GROUP BY,
// SUM, AVG, COUNT with CASE), built with ent's query builder and its
// Modify hook, and runs unchanged on PostgreSQL and SQLite: years are
// turned into half-open ranges of instants in Go ([YearRange]) rather
// than extracted in SQL, so that the same predicates work on both stores
// and use the indexes on the date columns. The only dialect-specific SQL
// is the year of a session's start when enrollments are grouped by year.
//
// Functions take an *ent.Client and return plain structs; the GraphQL
// resolvers and the CSV endpoint only map them. Errors a client can act
// on (a bad year, an unknown agency) are *fault.Error values.
//
// # Rights
//
// A report counts rows its reader may not read one by one: the program
// report of an organising agency counts the enrollments of every agency's
// employees in its sessions. The caller checks who may read a report
// (package access, the @authorize directive of the GraphQL schema); each
// exported function then runs its own SQL with the server's rights
// ([aggregate]) and returns figures and IDs, never entities. The GraphQL
// layer loads the entities a report names (agencies, sessions,
// employees) as the viewer, with the same privacy rules and masking as a
// direct read (docs/security.md), and so do the file exports, which make
// the check of the report's @authorize directive first. TestNoEntities
// keeps the exported API free of entities.
//
// Years are ledger years (jp.LedgerYear): calendar years in Western
// Indonesian Time (WIB), the time of the national civil-service
// administration. On SQLite, instants are compared as the text the driver
// stored, which orders correctly when every writer stores UTC (as the
// seed, the fixtures and time.Now on a UTC host do).
package report

import (
	"context"
	"fmt"
	"strconv"
	"time"
	_ "time/tzdata" // Asia/Jakarta on hosts without a time zone database (wib)

	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"

	"kembang/ent/gid"
	"kembang/internal/access"
	"kembang/internal/domain/jp"
	"kembang/internal/fault"
	"kembang/internal/queryplan"
)

// Bounds of the years reports accept: those of the JP ledger.
const (
	MinYear = jp.MinLedgerYear
	MaxYear = jp.MaxLedgerYear
)

// tolerance absorbs floating-point noise in sums of JP, as jp.Meets
// does: 6.6 + 6.7 + 6.7 meets a target of 20.
const tolerance = 1e-6

// CheckYear returns a BAD_USER_INPUT error naming field "year" when year
// is outside [MinYear, MaxYear].
func CheckYear(year int) error {
	if _, _, err := jp.LedgerYear(year); err != nil {
		return fault.Input("year", err)
	}
	return nil
}

// YearRange returns the first instant of the ledger year (jp.LedgerYear:
// the calendar year in Western Indonesian Time, WIB) and of the next
// one, in UTC: an instant t is in the year when from <= t < to. year must
// have passed CheckYear.
func YearRange(year int) (from, to time.Time) {
	from, to, err := jp.LedgerYear(year)
	if err != nil {
		// Out-of-range years are refused by CheckYear before any query;
		// an empty range keeps a missed check harmless.
		return time.Time{}, time.Time{}
	}
	return from, to
}

// wib is Western Indonesian Time: Asia/Jakarta from the time zone
// database (embedded in the binary by package time/tzdata, so present on
// any host), or jp.WIB, its fixed UTC+7, should the database lack it.
var wib = func() *time.Location {
	loc, err := time.LoadLocation("Asia/Jakarta")
	if err != nil {
		return jp.WIB
	}
	return loc
}()

// wibOffset is the offset of WIB from UTC, in hours, as it has been since
// 1964 and as ledger years (jp.LedgerYear) count it for every year.
var wibOffset = func() int {
	_, off := time.Date(2000, time.January, 1, 0, 0, 0, 0, wib).Zone()
	return off / 3600
}()

// ratio returns n/d, or nil when d is zero.
func ratio(n, d int) *float64 {
	if d == 0 {
		return nil
	}
	r := float64(n) / float64(d)
	return &r
}

// encode returns the opaque form of an ID, for messages.
func encode(id int) string { return gid.Encode(id) }

// itoa formats an int.
func itoa(n int) string { return strconv.Itoa(n) }

// table returns the table name in the selector's dialect under alias,
// so that its columns are quoted for the right database.
func table(s *sql.Selector, name, alias string) *sql.SelectTable {
	return sql.Dialect(s.Dialect()).Table(name).As(alias)
}

// yearOf returns the SQL expression of the ledger year (WIB calendar
// year) of a time column, as an integer. PostgreSQL extracts it from the
// instant shifted to WIB; on SQLite, where instants are stored as UTC
// text starting "YYYY-MM-DD HH:MM:SS", strftime reads those 19
// characters shifted likewise.
func yearOf(d, column string) string {
	shift := strconv.Itoa(wibOffset) + " hours"
	return sql.Dialect(d).String(func(b *sql.Builder) {
		if d == dialect.Postgres {
			b.WriteString("CAST(EXTRACT(YEAR FROM (").Ident(column).
				WriteString(" AT TIME ZONE 'UTC') + INTERVAL '" + shift + "') AS INTEGER)")
			return
		}
		b.WriteString("CAST(strftime('%Y', substr(").Ident(column).
			WriteString(", 1, 19), '+" + shift + "') AS INTEGER)")
	})
}

// InSubquery returns the predicate "column is one of the values the
// single-column subquery selects", written so that each store uses the
// index that starts with column:
//
//   - PostgreSQL: column = ANY(ARRAY(subquery)). The subquery runs once,
//     first (an InitPlan), and its values become the keys of an index
//     scan. Written as IN (subquery), the planner often prefers a hash
//     semi-join over a full scan of the large table (enrollments of the
//     year, all assessments) when the subquery selects a few thousand
//     rows; the array keeps the report's work proportional to its scope.
//   - SQLite: column IN (subquery), which SQLite already evaluates once
//     into a temporary index and probes the table's index with.
//
// Use it for small scopes (an agency's employees, a program's sessions):
// the array is held in memory.
func InSubquery(column string, subquery *sql.Selector) *sql.Predicate {
	return sql.P(func(b *sql.Builder) {
		if b.Dialect() == dialect.Postgres {
			b.Ident(column).WriteString(" = ANY(ARRAY(").Join(subquery).WriteString("))")
			return
		}
		b.Ident(column).WriteString(" IN (").Join(subquery).WriteString(")")
	})
}

// aggregate returns ctx with the server's rights, and the query plans of
// an aggregate over a scope (queryplan.WithCustom), for a report's own
// SQL. Only the package's figures and IDs leave it (see Rights in the
// package documentation).
func aggregate(ctx context.Context) context.Context {
	return access.System(queryplan.WithCustom(ctx))
}

// wrap adds the package prefix and the report name to err.
func wrap(name string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("report: %s: %w", name, err)
}
