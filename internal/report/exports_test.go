package report_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"kembang/ent"
	"kembang/ent/gid"
	"kembang/internal/access"
	"kembang/internal/domain/jp"
	"kembang/internal/report"
	"kembang/internal/report/reporttest"
	"kembang/internal/viewer"
)

// exportAs runs GET /export/{name}.{f}?q as v.
func exportAs(t *testing.T, client *ent.Client, v viewer.Viewer, name string, f report.Format, q url.Values) *httptest.ResponseRecorder {
	t.Helper()
	h := report.ExportHandler(client, jp.DefaultTargets(), name, f, slog.New(slog.NewTextHandler(io.Discard, nil)))
	rec := httptest.NewRecorder()
	r := httptest.NewRequest(http.MethodGet, "/export/"+name+"."+string(f)+"?"+q.Encode(), nil)
	h.ServeHTTP(rec, r.WithContext(viewer.NewContext(r.Context(), v)))
	return rec
}

// sheets reads an export back: the CSV file's one table under the name
// "csv", or every sheet of the XLSX workbook by name.
func sheets(t *testing.T, f report.Format, body []byte) map[string][][]string {
	t.Helper()
	if f == report.CSV {
		rows, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
		if err != nil {
			t.Fatalf("csv: %v", err)
		}
		return map[string][][]string{"csv": rows}
	}
	x, err := excelize.OpenReader(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("xlsx: %v", err)
	}
	defer x.Close()
	out := map[string][][]string{}
	for _, name := range x.GetSheetList() {
		rows, err := x.GetRows(name)
		if err != nil {
			t.Fatalf("xlsx sheet %s: %v", name, err)
		}
		out[name] = rows
	}
	return out
}

func TestExports(t *testing.T) {
	setup(t, func(t *testing.T, client *ent.Client, fx *reporttest.Fixture) {
		admin := viewer.Viewer{Subject: "admin", Role: viewer.Admin}
		analyst := viewer.Viewer{Subject: "an", Role: viewer.Analyst}
		hrA := viewer.Viewer{Subject: "hr", Role: viewer.HROfficer, AgencyID: fx.AgencyA.ID}
		hrB := viewer.Viewer{Subject: "hr", Role: viewer.HROfficer, AgencyID: fx.AgencyB.ID}
		p1 := viewer.Viewer{Subject: "p1", Role: viewer.Partner, PartnerID: fx.P1.ID}
		p2 := viewer.Viewer{Subject: "p2", Role: viewer.Partner, PartnerID: fx.P2.ID}

		year := "2025"
		compliance := url.Values{"agencyId": {gid.Encode(fx.AgencyA.ID)}, "year": {year}}
		program := url.Values{"programId": {gid.Encode(fx.PR1.ID)}, "year": {year}}
		partner := url.Values{"partnerId": {gid.Encode(fx.P1.ID)}, "year": {year}}

		// The employees of agency A below 20 JP in 2025 (TestBelowTargetQuery), by name.
		below := func(nip func(string) string) [][]string {
			return [][]string{
				{"nip", "fullName", "employmentType", "golongan", "unitCode", "unitName"},
				{nip(fx.E2.Nip), "Budi Santoso", "PNS", "", "PUSKESMAS", "Puskesmas Kemuning"},
				{nip(fx.E3.Nip), "Citra Ayu", "PPPK", "", "DINKES", "Dinas Kesehatan"},
				{nip(fx.E4.Nip), "Dewi Lestari", "PNS", "", "BKPSDM", "Badan Kepegawaian"},
				{nip(fx.E5.Nip), "Eko Prasetyo", "PNS", "", "BKPSDM", "Badan Kepegawaian"},
			}
		}
		clear := func(s string) string { return s }
		masked := func(s string) string { return strings.Repeat("*", 15) + s[15:] }
		// PR1 in 2025 (TestProgramReport) and P1 in 2025: sessions S1 and S2.
		results := [][]string{
			{"indicator", "session", "baseline", "result", "delta"},
			{"Indeks Kepuasan Masyarakat", fx.S1.Name, "76.5", "81", "4.5"},
			{"Waktu layanan (hari)", fx.S2.Name, "5", "3", "-2"},
		}

		for _, c := range []struct {
			name      string
			v         viewer.Viewer
			export    string
			q         url.Values
			file      string
			check     func(t *testing.T, f report.Format, got map[string][][]string)
			forbidden bool
		}{
			{name: "compliance ADMIN", v: admin, export: "compliance", q: compliance, file: "compliance-KMN-2025",
				check: func(t *testing.T, f report.Format, got map[string][][]string) {
					sheet := map[report.Format]string{report.CSV: "csv", report.XLSX: "Below target"}[f]
					if !slices.EqualFunc(got[sheet], below(clear), slices.Equal) {
						t.Errorf("list = %q", got[sheet])
					}
					if f == report.XLSX && (len(got["Summary"]) < 5 || !slices.Equal(got["Summary"][3], []string{"employees", "6"}) ||
						!slices.Equal(got["Summary"][4], []string{"belowTarget", "4"})) {
						t.Errorf("summary = %q", got["Summary"])
					}
				}},
			{name: "compliance HR of the agency", v: hrA, export: "compliance", q: compliance, file: "compliance-KMN-2025",
				check: func(t *testing.T, f report.Format, got map[string][][]string) {
					if f == report.CSV && !slices.EqualFunc(got["csv"], below(clear), slices.Equal) {
						t.Errorf("list = %q", got["csv"])
					}
				}},
			// An analyst runs the report but sees NIPs masked, as in the API.
			{name: "compliance ANALYST masked", v: analyst, export: "compliance", q: compliance, file: "compliance-KMN-2025",
				check: func(t *testing.T, f report.Format, got map[string][][]string) {
					sheet := map[report.Format]string{report.CSV: "csv", report.XLSX: "Below target"}[f]
					if !slices.EqualFunc(got[sheet], below(masked), slices.Equal) {
						t.Errorf("list = %q", got[sheet])
					}
					for _, rows := range got {
						for _, row := range rows {
							for _, cell := range row {
								for _, e := range []*ent.Employee{fx.E2, fx.E3, fx.E4, fx.E5} {
									if strings.Contains(cell, e.Nip) {
										t.Errorf("NIP %s in an analyst's export", e.Nip)
									}
								}
							}
						}
					}
				}},
			{name: "compliance HR of another agency", v: hrB, export: "compliance", q: compliance, forbidden: true},
			{name: "compliance partner", v: p1, export: "compliance", q: compliance, forbidden: true},
			{name: "program ADMIN", v: admin, export: "program", q: program, file: "program-PR1-2025",
				check: func(t *testing.T, f report.Format, got map[string][][]string) {
					if f == report.XLSX {
						if !slices.EqualFunc(got["Results"], results, slices.Equal) {
							t.Errorf("results = %q", got["Results"])
						}
						if s := got["Summary"]; len(s) != 13 || !slices.Equal(s[2], []string{"sessions", "2"}) ||
							!slices.Equal(s[7], []string{"completionRate", "0.6"}) || !slices.Equal(s[11], []string{"needsRevision", "true"}) {
							t.Errorf("summary = %q", s)
						}
						return
					}
					rows := got["csv"]
					if len(rows) != 1+12+6 || !slices.Equal(rows[0], []string{"section", "indicator", "session", "measure", "value"}) ||
						!slices.Equal(rows[2], []string{"summary", "", "", "sessions", "2"}) ||
						!slices.Equal(rows[18], []string{"result", "Waktu layanan (hari)", fx.S2.Name, "delta", "-2"}) {
						t.Errorf("csv = %q", rows)
					}
				}},
			// P2 delivers PR1 too, but reads the results of its own
			// sessions only (S4, of 2024): none, as in programReport.
			{name: "program partner sees its own results", v: p2, export: "program", q: program, file: "program-PR1-2025",
				check: func(t *testing.T, f report.Format, got map[string][][]string) {
					if f == report.XLSX && len(got["Results"]) != 1 {
						t.Errorf("results = %q", got["Results"])
					}
					if f == report.CSV && len(got["csv"]) != 1+12 {
						t.Errorf("csv = %q", got["csv"])
					}
				}},
			{name: "program HR of another agency", v: hrB, export: "program", q: program, forbidden: true},
			{name: "partner itself", v: p1, export: "partner", q: partner, file: "partner-" + gid.Encode(fx.P1.ID) + "-2025",
				check: func(t *testing.T, f report.Format, got map[string][][]string) {
					if f == report.XLSX && !slices.EqualFunc(got["Results"], results, slices.Equal) {
						t.Errorf("results = %q", got["Results"])
					}
				}},
			{name: "partner ANALYST", v: analyst, export: "partner", q: partner, file: "partner-" + gid.Encode(fx.P1.ID) + "-2025"},
			{name: "partner another partner", v: p2, export: "partner", q: partner, forbidden: true},
			{name: "partner HR", v: hrA, export: "partner", q: partner, forbidden: true},
		} {
			for _, f := range report.Formats {
				t.Run(c.name+" "+string(f), func(t *testing.T) {
					rec := exportAs(t, client, c.v, c.export, f, c.q)
					if c.forbidden {
						if rec.Code != http.StatusForbidden || !strings.Contains(rec.Body.String(), `"code":"FORBIDDEN"`) {
							t.Errorf("status %d, want 403 FORBIDDEN: %s", rec.Code, rec.Body)
						}
						return
					}
					if rec.Code != http.StatusOK {
						t.Fatalf("status %d: %s", rec.Code, rec.Body)
					}
					h := rec.Header()
					want := map[report.Format]string{report.CSV: "text/csv; charset=utf-8", report.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}[f]
					if h.Get("Content-Type") != want || h.Get("Cache-Control") != "no-store" ||
						h.Get("Content-Disposition") != `attachment; filename="`+c.file+"."+string(f)+`"` {
						t.Errorf("headers = %v", h)
					}
					got := sheets(t, f, rec.Body.Bytes())
					if c.check != nil {
						c.check(t, f, got)
					}
				})
			}
		}

		// Bad requests: JSON errors naming the parameter.
		for _, c := range []struct {
			export string
			query  string
			status int
			code   string
			field  string
		}{
			{"compliance", "year=2025", 400, "BAD_USER_INPUT", "agencyId"},
			{"compliance", "agencyId=" + gid.Encode(fx.AgencyA.ID) + "&unitId=x&year=2025", 400, "BAD_USER_INPUT", "unitId"},
			{"compliance", "agencyId=" + gid.Encode(fx.E1.ID) + "&year=2025", 400, "BAD_USER_INPUT", "agencyId"},
			{"compliance", "agencyId=" + gid.Encode(fx.AgencyA.ID) + "&year=dua", 400, "BAD_USER_INPUT", "year"},
			{"compliance", "agencyId=" + gid.Encode(fx.AgencyA.ID) + "&unitId=" + gid.Encode(fx.Dinkes.ID+1000) + "&year=2025", 404, "NOT_FOUND", ""},
			{"program", "programId=" + gid.Encode(fx.PR1.ID), 400, "BAD_USER_INPUT", "year"},
			{"program", "programId=" + gid.Encode(fx.PR1.ID+1000) + "&year=2025", 404, "NOT_FOUND", ""},
			{"partner", "partnerId=" + gid.Encode(fx.PR1.ID) + "&year=2025", 400, "BAD_USER_INPUT", "partnerId"},
		} {
			q, _ := url.ParseQuery(c.query)
			t.Run(c.export+"?"+c.query, func(t *testing.T) {
				wantError(t, exportAs(t, client, admin, c.export, report.XLSX, q), c.status, c.code, c.field)
			})
		}
	})
}

// TestExportCSVFormula checks that text a spreadsheet would run as a
// formula is written as text.
func TestExportCSVFormula(t *testing.T) {
	setup(t, func(t *testing.T, client *ent.Client, fx *reporttest.Fixture) {
		if _, err := client.Employee.UpdateOne(fx.E2).SetFullName("=HYPERLINK(\"x\")").Save(systemCtx()); err != nil {
			t.Fatal(err)
		}
		rec := exportAs(t, client, viewer.Viewer{Subject: "admin", Role: viewer.Admin}, "compliance", report.CSV,
			url.Values{"agencyId": {gid.Encode(fx.AgencyA.ID)}, "year": {"2025"}})
		if !strings.Contains(rec.Body.String(), `'=HYPERLINK(""x"")`) {
			t.Errorf("body = %s", rec.Body)
		}
	})
}

// systemCtx is a context with the server's rights, for test set-up.
func systemCtx() context.Context { return access.System(context.Background()) }
