package report

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"kembang/internal/access"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"kembang/ent"
	"kembang/ent/agency"
	"kembang/ent/gid"
	"kembang/internal/domain/jp"
	"kembang/internal/fault"
	"kembang/internal/lang"
)

// SIASNHeader is the header row of the SIASN CSV export, in the column
// order of [SIASNRecord]: the course-history fields of SIASN (riwayat
// kursus), with NIP first to identify the employee.
var SIASNHeader = []string{
	"NIP",
	"Nama Kursus",
	"Institusi Penyelenggara",
	"Jenis Kursus",
	"Jumlah Jam",
	"Lokasi",
	"Nomor Sertifikat",
	"Tahun",
	"Tanggal Mulai",
	"Tanggal Selesai",
}

// DateLayout is the layout of dates in the CSV export: dd-mm-yyyy, the
// order SIASN shows, as calendar days in Western Indonesia Time (WIB).
const DateLayout = "02-01-2006"

// csvBatch is the number of records the CSV export reads per statement:
// the connection is released between batches, so a slow download never
// holds it (SQLite has only one).
const csvBatch = 500

// SIASNRecord returns the CSV fields of c, in the order of SIASNHeader.
// Hours are written with a decimal point and no trailing zeros.
func SIASNRecord(c Course) []string {
	return []string{
		c.NIP,
		c.CourseName,
		c.Organizer,
		c.CourseType,
		strconv.FormatFloat(c.Hours, 'f', -1, 64),
		c.Location,
		c.CertificateNumber,
		strconv.Itoa(c.Year),
		c.Start.In(jp.WIB).Format(DateLayout),
		c.End.In(jp.WIB).Format(DateLayout),
	}
}

// WriteSIASNCSV writes the SIASN course history of agencyID for year as
// CSV (UTF-8, header row first) to w, reading the records in batches
// with keyset paging. It stops at the first error, which may come after
// part of the file was written.
func WriteSIASNCSV(ctx context.Context, w io.Writer, client *ent.Client, agencyID, year int) error {
	return writeSIASN(ctx, w, client, agencyID, year, nil, csvBatch)
}

// writeSIASN is WriteSIASNCSV reading n records per statement, starting
// with page, the first batch, when it was already read.
func writeSIASN(ctx context.Context, w io.Writer, client *ent.Client, agencyID, year int, page *Courses, n int) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(SIASNHeader); err != nil {
		return wrap("siasn csv", err)
	}
	var err error
	if page == nil {
		if page, err = SIASNCourses(ctx, client, agencyID, year, Page{First: &n}); err != nil {
			return err
		}
	}
	for {
		for _, c := range page.Courses {
			if err := cw.Write(SIASNRecord(c)); err != nil {
				return wrap("siasn csv", err)
			}
		}
		cw.Flush()
		if err := cw.Error(); err != nil {
			return wrap("siasn csv", err)
		}
		if f, ok := w.(http.Flusher); ok {
			f.Flush()
		}
		if !page.HasNextPage || len(page.Courses) == 0 {
			return nil
		}
		last := page.Courses[len(page.Courses)-1].Cursor()
		if page, err = SIASNCourses(ctx, client, agencyID, year, Page{First: &n, After: &last}); err != nil {
			return err
		}
	}
}

// SIASNHandler returns the handler of GET /export/siasn.csv?agencyId=<ID>
// &year=<year>: the SIASN course history of the agency's employees for
// the year, streamed as a CSV attachment (text/csv, UTF-8). agencyId is
// the agency's opaque API ID. A missing or malformed parameter is a 400,
// an unknown agency a 404, both with a JSON body in the shape of GraphQL
// errors ({"errors":[{"message":…,"extensions":{"code":…,"field":…}}]}).
// Internal errors are logged to log (slog.Default() when nil) and masked;
// one that happens after the first rows were sent aborts the response,
// so that a truncated file is not mistaken for a complete one.
func SIASNHandler(client *ent.Client, log *slog.Logger) http.Handler {
	if log == nil {
		log = slog.Default()
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !readOnly(w, r) {
			return
		}
		ctx := r.Context()
		agencyID, year, err := siasnParams(r)
		if err != nil {
			writeError(ctx, w, log, err)
			return
		}
		// The export carries NIPs: ADMIN and the agency's HR officers
		// only; once allowed, it reads every row it exports (its
		// functions aggregate with the server's rights).
		if err := access.Export(ctx, agencyID); err != nil {
			writeError(ctx, w, log, err)
			return
		}
		a, err := client.Agency.Query().Where(agency.ID(agencyID)).Only(ctx)
		if ent.IsNotFound(err) {
			err = gid.NotFound(agencyID, "Agency")
		}
		if err != nil {
			writeError(ctx, w, log, err)
			return
		}
		n := csvBatch
		first, err := SIASNCourses(ctx, client, agencyID, year, Page{First: &n})
		if err != nil {
			writeError(ctx, w, log, err)
			return
		}
		h := w.Header()
		h.Set("Content-Type", "text/csv; charset=utf-8")
		h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="siasn-%s-%d.csv"`, fileSafe(a.Code), year))
		h.Set("Cache-Control", "no-store") // NIPs are personal data
		w.WriteHeader(http.StatusOK)
		if r.Method == http.MethodHead {
			return
		}
		if err := writeSIASN(ctx, w, client, agencyID, year, first, n); err != nil {
			log.ErrorContext(ctx, "report: siasn csv export failed after the header was sent", "err", err,
				"agency", agencyID, "year", year)
			panic(http.ErrAbortHandler)
		}
	})
}

// siasnParams reads and checks the query parameters of the CSV export.
func siasnParams(r *http.Request) (agencyID, year int, err error) {
	return idAndYear(r, "agencyId", agency.Table, "an agency")
}

// readOnly answers 405 to a request other than GET or HEAD and reports
// whether the handler may go on.
func readOnly(w http.ResponseWriter, r *http.Request) bool {
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		return true
	}
	w.Header().Set("Allow", "GET, HEAD")
	writeFault(r.Context(), w, http.StatusMethodNotAllowed, &fault.Error{Code: "METHOD_NOT_ALLOWED", Msg: "use GET"})
	return false
}

// writeError writes err as a JSON error: a fault with its status, any
// other error logged and masked as a 500.
func writeError(ctx context.Context, w http.ResponseWriter, log *slog.Logger, err error) {
	f, ok := fault.As(err)
	if !ok {
		log.ErrorContext(ctx, "report: export failed", "err", err)
		writeFault(ctx, w, http.StatusInternalServerError, &fault.Error{Code: fault.Internal, Msg: "internal error"})
		return
	}
	status := http.StatusInternalServerError
	switch f.Code {
	case fault.BadInput:
		status = http.StatusBadRequest
	case fault.NotFound:
		status = http.StatusNotFound
	case fault.Forbidden:
		status = http.StatusForbidden
	case fault.Unauthenticated:
		status = http.StatusUnauthorized
	case fault.Unavailable:
		status = http.StatusServiceUnavailable
	case fault.Conflict:
		status = http.StatusConflict
	}
	writeFault(ctx, w, status, f)
}

// writeFault writes f as {"errors":[{"message":…,"extensions":{…}}]}, the
// message in the language of ctx.
func writeFault(ctx context.Context, w http.ResponseWriter, status int, f *fault.Error) {
	ext := map[string]any{"code": string(f.Code)}
	msg := f.MessageIn(lang.FromContext(ctx))
	if f.Field != "" {
		ext["field"] = f.Field
		msg = f.Field + ": " + msg
	}
	body, err := json.Marshal(map[string]any{
		"errors": []map[string]any{{"message": msg, "extensions": ext}},
	})
	if err != nil {
		body = []byte(`{"errors":[{"message":"internal error"}]}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(append(body, '\n'))
}

// fileSafe keeps the characters of s that are safe in a file name.
func fileSafe(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.' {
			return r
		}
		return -1
	}, s)
}

// truncate shortens s for error messages.
func truncate(s string) string {
	if len(s) > 20 {
		return s[:20] + "…"
	}
	return s
}
