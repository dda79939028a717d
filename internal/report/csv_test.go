package report_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"kembang/internal/access"
	"kembang/internal/viewer"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"entgo.io/ent/dialect/sql/schema"
	"golang.org/x/text/language"

	"kembang/ent"
	"kembang/ent/gid"
	"kembang/ent/migrate"
	"kembang/internal/lang"
	"kembang/internal/report"
	"kembang/internal/report/reporttest"
)

// siasnCSV is agency A's 2025 SIASN export, written out by hand from the
// fixture table: records in the order of siasnOrder; dates are days in
// WIB (a claim starts the day before it ends, both at 07:00 WIB); S3 has
// no partner and PR2 is online.
const siasnCSV = `NIP,Nama Kursus,Institusi Penyelenggara,Jenis Kursus,Jumlah Jam,Lokasi,Nomor Sertifikat,Tahun,Tanggal Mulai,Tanggal Selesai
198811112014021005,Klaim E5 6,Penyelenggara Luar,Lokakarya,6,Jakarta,EXT/E5/6,2025,06-03-2025,07-03-2025
198501152010011001,Pelatihan Kepemimpinan Pengawas,Universitas Kemuning Raya,Pelatihan Kepemimpinan,40,Kemuning,KMB/E1@S1,2025,03-03-2025,07-03-2025
197909092005011006,Pelatihan Kepemimpinan Pengawas,Universitas Kemuning Raya,Pelatihan Kepemimpinan,40,Kemuning,KMB/E6@S1,2025,03-03-2025,07-03-2025
198402282009011008,Klaim E8 6.6,Penyelenggara Luar,Lokakarya,6.6,Jakarta,EXT/E8/6.6,2025,09-04-2025,10-04-2025
198703222012031002,Seminar Pelayanan Publik,Pemerintah Kabupaten Kemuning,Seminar,8,Daring,KMB/E2@S3,2025,20-05-2025,20-05-2025
199104102022212003,Seminar Pelayanan Publik,Pemerintah Kabupaten Kemuning,Seminar,8,Daring,KMB/E3@S3,2025,20-05-2025,20-05-2025
198501152010011001,Klaim E1 4,Penyelenggara Luar,Lokakarya,4,Jakarta,EXT/E1/4,2025,09-06-2025,10-06-2025
198402282009011008,Klaim E8 6.7a,Penyelenggara Luar,Lokakarya,6.7,Jakarta,EXT/E8/6.7a,2025,30-06-2025,01-07-2025
198703222012031002,Klaim E2 6,Penyelenggara Luar,Lokakarya,6,Jakarta,EXT/E2/6,2025,14-08-2025,15-08-2025
199104102022212003,Klaim E3 14,Penyelenggara Luar,Lokakarya,14,Jakarta,EXT/E3/14,2025,30-09-2025,01-10-2025
198402282009011008,Klaim E8 6.7b,Penyelenggara Luar,Lokakarya,6.7,Jakarta,EXT/E8/6.7b,2025,19-11-2025,20-11-2025
`

// get runs a request of an ADMIN against h.
func get(h http.Handler, method, query string) *httptest.ResponseRecorder {
	return getAs(viewer.Viewer{Subject: "test:admin", Role: viewer.Admin}, h, method, query)
}

// getAs runs a request of v against h.
func getAs(v viewer.Viewer, h http.Handler, method, query string) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	r := httptest.NewRequest(method, "/export/siasn.csv?"+query, nil)
	h.ServeHTTP(rec, r.WithContext(viewer.NewContext(r.Context(), v)))
	return rec
}

func TestSIASNHandler(t *testing.T) {
	setup(t, func(t *testing.T, client *ent.Client, fx *reporttest.Fixture) {
		h := report.SIASNHandler(client, slog.New(slog.NewTextHandler(io.Discard, nil)))
		q := url.Values{"agencyId": {gid.Encode(fx.AgencyA.ID)}, "year": {"2025"}}
		// NIPs are personal data: analysts and other agencies' HR may
		// not export them.
		for _, v := range []viewer.Viewer{
			{Subject: "an", Role: viewer.Analyst},
			{Subject: "hr", Role: viewer.HROfficer, AgencyID: fx.AgencyB.ID},
			{},
		} {
			if rec := getAs(v, h, http.MethodGet, q.Encode()); rec.Code != http.StatusForbidden || !strings.Contains(rec.Body.String(), "FORBIDDEN") {
				t.Errorf("%s: status %d, want 403 FORBIDDEN: %s", v, rec.Code, rec.Body)
			}
		}
		hr := viewer.Viewer{Subject: "hr", Role: viewer.HROfficer, AgencyID: fx.AgencyA.ID}
		if rec := getAs(hr, h, http.MethodGet, q.Encode()); rec.Code != http.StatusOK {
			t.Errorf("HR officer of the agency: status %d: %s", rec.Code, rec.Body)
		}
		rec := get(h, http.MethodGet, q.Encode())
		if rec.Code != http.StatusOK {
			t.Fatalf("status %d: %s", rec.Code, rec.Body)
		}
		hd := rec.Header()
		if hd.Get("Content-Type") != "text/csv; charset=utf-8" ||
			hd.Get("Content-Disposition") != `attachment; filename="siasn-KMN-2025.csv"` ||
			hd.Get("Cache-Control") != "no-store" {
			t.Errorf("headers = %v", hd)
		}
		if got := rec.Body.String(); got != siasnCSV {
			t.Errorf("body:\n%s\nwant:\n%s", got, siasnCSV)
		}

		// Batches of 3 records: four keyset statements, the same file.
		var b bytes.Buffer
		if err := report.WriteSIASNCSVBatch(access.System(context.Background()), &b, client, fx.AgencyA.ID, 2025, 3); err != nil {
			t.Fatal(err)
		}
		if b.String() != siasnCSV {
			t.Errorf("batched body:\n%s", b.String())
		}

		// Agency B in 2024: nothing, only the header.
		q.Set("agencyId", gid.Encode(fx.AgencyB.ID))
		q.Set("year", "2024")
		if rec := get(h, http.MethodGet, q.Encode()); rec.Code != http.StatusOK || rec.Body.String() != strings.SplitAfter(siasnCSV, "\n")[0] {
			t.Errorf("empty export: %d %q", rec.Code, rec.Body)
		}
		if rec := get(h, http.MethodHead, q.Encode()); rec.Code != http.StatusOK || rec.Body.Len() != 0 {
			t.Errorf("HEAD: %d %q", rec.Code, rec.Body)
		}

		for _, c := range []struct {
			method, query string
			status        int
			code, field   string
		}{
			{"GET", "year=2025", 400, "BAD_USER_INPUT", "agencyId"},
			{"GET", "agencyId=nonsense&year=2025", 400, "BAD_USER_INPUT", "agencyId"},
			{"GET", "agencyId=" + gid.Encode(fx.E1.ID) + "&year=2025", 400, "BAD_USER_INPUT", "agencyId"},
			{"GET", "agencyId=" + gid.Encode(fx.AgencyA.ID), 400, "BAD_USER_INPUT", "year"},
			{"GET", "agencyId=" + gid.Encode(fx.AgencyA.ID) + "&year=dua", 400, "BAD_USER_INPUT", "year"},
			{"GET", "agencyId=" + gid.Encode(fx.AgencyA.ID) + "&year=20250", 400, "BAD_USER_INPUT", "year"},
			{"GET", "agencyId=" + gid.Encode(fx.AgencyB.ID+1000) + "&year=2025", 404, "NOT_FOUND", ""},
			{"POST", "agencyId=" + gid.Encode(fx.AgencyA.ID) + "&year=2025", 405, "METHOD_NOT_ALLOWED", ""},
		} {
			wantError(t, get(h, c.method, c.query), c.status, c.code, c.field)
		}

		// The message in the language of the request; code and field
		// unchanged.
		for tag, want := range map[language.Tag]string{
			lang.English:    `"message":"year: year must be a whole number, got \"dua\""`,
			lang.Indonesian: `"message":"year: year harus bilangan bulat, diterima \"dua\""`,
		} {
			rec := httptest.NewRecorder()
			r := httptest.NewRequest(http.MethodGet, "/export/siasn.csv?agencyId="+gid.Encode(fx.AgencyA.ID)+"&year=dua", nil)
			ctx := lang.NewContext(viewer.NewContext(r.Context(), viewer.Viewer{Subject: "test:admin", Role: viewer.Admin}), tag)
			h.ServeHTTP(rec, r.WithContext(ctx))
			if rec.Code != 400 || !strings.Contains(rec.Body.String(), want) || !strings.Contains(rec.Body.String(), `"field":"year"`) {
				t.Errorf("%v: %d %s, want %s", tag, rec.Code, rec.Body, want)
			}
		}
	})
}

func TestCourseType(t *testing.T) {
	for form, want := range map[string]string{
		"LEADERSHIP_TRAINING": "Pelatihan Kepemimpinan",
		"SEMINAR":             "Seminar",
		"WORKSHOP":            "Lokakarya",
		"COURSE":              "Kursus",
		"SOMETHING_NEW":       "SOMETHING_NEW",
	} {
		if got := report.CourseType(form); got != want {
			t.Errorf("CourseType(%s) = %q, want %q", form, got, want)
		}
	}
}

// TestCourseTypesComplete checks that every form of the catalogue and of
// learning claims has an Indonesian name, and nothing else has.
func TestCourseTypesComplete(t *testing.T) {
	types := report.CourseTypes()
	for _, cols := range [][]*schema.Column{migrate.ProgramsColumns, migrate.LearningClaimsColumns} {
		for _, c := range cols {
			if c.Name != "form" {
				continue
			}
			if len(c.Enums) != len(types) {
				t.Errorf("%d forms, %d course types", len(c.Enums), len(types))
			}
			for _, f := range c.Enums {
				if types[f] == "" {
					t.Errorf("form %s has no course type", f)
				}
			}
		}
	}
}

// wantError checks that rec is a JSON error of one fault with status,
// extensions.code code and extensions.field field.
func wantError(t *testing.T, rec *httptest.ResponseRecorder, status int, code, field string) {
	t.Helper()
	var body struct {
		Errors []struct {
			Message    string
			Extensions map[string]string
		}
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || rec.Code != status ||
		rec.Header().Get("Content-Type") != "application/json" || len(body.Errors) != 1 ||
		body.Errors[0].Extensions["code"] != code || body.Errors[0].Extensions["field"] != field {
		t.Errorf("%d %s, want %d %s on %q", rec.Code, rec.Body, status, code, field)
	}
}
