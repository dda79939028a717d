package report

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"kembang/ent"
	"kembang/ent/agency"
	"kembang/ent/employee"
	"kembang/ent/evaluation"
	"kembang/ent/gid"
	"kembang/ent/partner"
	"kembang/ent/program"
	"kembang/ent/unit"
	"kembang/internal/access"
	"kembang/internal/domain/jp"
	"kembang/internal/domain/phrase"
	"kembang/internal/fault"
)

// Format is the file format of a report export.
type Format string

// The formats of the report exports.
const (
	CSV  Format = "csv"
	XLSX Format = "xlsx"
)

// Formats lists the export formats, in the order of the routes.
var Formats = []Format{CSV, XLSX}

// contentType returns the media type of files of format f.
func (f Format) contentType() string {
	if f == XLSX {
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	return "text/csv; charset=utf-8"
}

// Exports lists the reports served as files, by the name of their route
// (GET /export/{name}.{csv|xlsx}); see [ExportHandler].
var Exports = []string{"compliance", "program", "partner"}

// A sheet is one table of an export: its name, header row and rows.
// Cells are strings (text) or float64 and int (numbers); a nil cell is
// empty.
type sheet struct {
	name   string
	header []string
	rows   [][]any
}

// An export is what a report export writes: its file name without the
// extension and its tables. CSV files carry the table named by csv
// (one table per file); XLSX files carry every table, one sheet each.
type export struct {
	file   string
	sheets []sheet
	csv    int
}

// ExportHandler returns the handler of GET /export/{name}.{format}, name
// one of [Exports]:
//
//   - compliance?agencyId=&unitId=&year=: the employees below the annual
//     JP target (complianceReport.employeesBelowTarget), by name; the
//     XLSX file adds a Summary sheet with the report's figures.
//   - program?programId=&year=, partner?partnerId=&year=: the figures of
//     programReport or partnerReport; the CSV file holds them in long
//     form (section, indicator, session, measure, value), the XLSX file
//     as a Summary and a Results sheet.
//
// The export runs as the viewer, as the GraphQL field does: the same
// check (that of the field's @authorize directive, in internal/access)
// refuses a viewer who may not run the report (403), the employees,
// units, evaluations and sessions it lists are read with the viewer's
// rights and come masked as on any other path (an ANALYST sees masked
// NIPs). Errors are JSON in the shape of GraphQL errors, with a code
// and a field, as those of [SIASNHandler]. Text cells that a spreadsheet
// would take for a formula (=, +, -, @) are prefixed with ' in CSV files;
// XLSX cells are typed and never formulas.
func ExportHandler(client *ent.Client, targets jp.Targets, name string, f Format, log *slog.Logger) http.Handler {
	if log == nil {
		log = slog.Default()
	}
	build := map[string]func(context.Context, *ent.Client, jp.Targets, *http.Request) (*export, error){
		"compliance": complianceExport,
		"program":    programExport,
		"partner":    partnerExport,
	}[name]
	if build == nil {
		panic("report: no export named " + name)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !readOnly(w, r) {
			return
		}
		ctx := r.Context()
		x, err := build(ctx, client, targets, r)
		if err != nil {
			writeError(ctx, w, log, err)
			return
		}
		h := w.Header()
		h.Set("Content-Type", f.contentType())
		h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s.%s"`, x.file, f))
		h.Set("Cache-Control", "no-store") // lists of employees are personal data
		if r.Method == http.MethodHead {
			w.WriteHeader(http.StatusOK)
			return
		}
		if f == XLSX {
			err = writeXLSX(w, x.sheets)
		} else {
			err = writeCSV(w, x.sheets[x.csv])
		}
		if err != nil {
			log.ErrorContext(ctx, "report: export failed while writing", "err", err, "export", name, "format", f)
			panic(http.ErrAbortHandler)
		}
	})
}

// complianceExport is the compliance export of the request's agency (or
// unit) and year.
func complianceExport(ctx context.Context, client *ent.Client, targets jp.Targets, r *http.Request) (*export, error) {
	q := r.URL.Query()
	agencyID, err := idParam(q.Get("agencyId"), "agencyId", agency.Table, "agency")
	if err != nil {
		return nil, err
	}
	var unitID *int
	if raw := q.Get("unitId"); raw != "" {
		id, err := idParam(raw, "unitId", unit.Table, "unit")
		if err != nil {
			return nil, err
		}
		unitID = &id
	}
	year, err := yearParam(q.Get("year"))
	if err != nil {
		return nil, err
	}
	// @authorize(check: AGENCY_REPORT) of complianceReport.
	if err := access.AgencyReport(ctx, agencyID); err != nil {
		return nil, err
	}
	c, err := ComplianceOf(ctx, client, agencyID, unitID, year, targets)
	if err != nil {
		return nil, err
	}
	// Read as the viewer, like complianceReport's agency, unit and
	// employeesBelowTarget: privacy decides the rows, the mask the fields.
	a, err := client.Agency.Get(ctx, agencyID)
	if err != nil {
		return nil, err
	}
	file := fmt.Sprintf("compliance-%s-%d", fileSafe(a.Code), year)
	scope := a.Code
	if unitID != nil {
		u, err := client.Unit.Get(ctx, *unitID)
		if err != nil {
			return nil, err
		}
		file = fmt.Sprintf("compliance-%s-%s-%d", fileSafe(a.Code), fileSafe(u.Code), year)
		scope += " / " + u.Code
	}
	below, err := BelowTargetQuery(client, agencyID, unitID, year, targets).
		WithUnit().
		Order(ent.Asc(employee.FieldFullName), ent.Asc(employee.FieldID)).
		All(ctx)
	if err != nil {
		return nil, err
	}
	list := sheet{
		name:   "Below target",
		header: []string{"nip", "fullName", "employmentType", "golongan", "unitCode", "unitName"},
	}
	for _, e := range below {
		var gol, uc, un any
		if e.Golongan != nil {
			gol = e.Golongan.String()
		}
		if u := e.Edges.Unit; u != nil {
			uc, un = u.Code, u.Name
		}
		list.rows = append(list.rows, []any{e.Nip, e.FullName, e.EmploymentType.String(), gol, uc, un})
	}
	summary := sheet{name: "Summary", header: []string{"measure", "value"}, rows: [][]any{
		{"agency", scope},
		{"year", c.Year},
		{"employees", c.Employees},
		{"belowTarget", c.BelowTarget},
		{"belowTargetShare", c.BelowTargetShare},
		{"averageHours", c.AverageHours},
	}}
	for _, b := range c.Buckets {
		label := "hours " + strconv.FormatFloat(b.From, 'f', -1, 64) + "+"
		if b.To != nil {
			label = "hours " + strconv.FormatFloat(b.From, 'f', -1, 64) + "-" + strconv.FormatFloat(*b.To, 'f', -1, 64)
		}
		summary.rows = append(summary.rows, []any{label, b.Employees})
	}
	return &export{file: file, sheets: []sheet{summary, list}, csv: 1}, nil
}

// programExport is the export of programReport.
func programExport(ctx context.Context, client *ent.Client, _ jp.Targets, r *http.Request) (*export, error) {
	id, year, err := idAndYear(r, "programId", program.Table, "program")
	if err != nil {
		return nil, err
	}
	// @authorize(check: PROGRAM_REPORT) of programReport.
	if err := access.ProgramReport(ctx, client, id); err != nil {
		return nil, err
	}
	t, err := ProgramReport(ctx, client, id, year)
	if err != nil {
		return nil, err
	}
	// The file is named by the program's code when the viewer reads the
	// program, by its ID otherwise.
	name := gid.Encode(id)
	if p, err := client.Program.Get(ctx, id); err == nil {
		name = fileSafe(p.Code)
	}
	return trainingExport(ctx, client, fmt.Sprintf("program-%s-%d", name, year), t)
}

// partnerExport is the export of partnerReport.
func partnerExport(ctx context.Context, client *ent.Client, _ jp.Targets, r *http.Request) (*export, error) {
	id, year, err := idAndYear(r, "partnerId", partner.Table, "partner")
	if err != nil {
		return nil, err
	}
	// @authorize(check: PARTNER_REPORT) of partnerReport.
	if err := access.PartnerReport(ctx, id); err != nil {
		return nil, err
	}
	t, err := PartnerReport(ctx, client, id, year)
	if err != nil {
		return nil, err
	}
	return trainingExport(ctx, client, fmt.Sprintf("partner-%s-%d", gid.Encode(id), year), t)
}

// trainingExport lays out a program or partner report. Its results are
// those whose evaluation and session the viewer reads, as in the
// GraphQL report (graph/report.go, trainingReport).
func trainingExport(ctx context.Context, client *ent.Client, file string, t *Training) (*export, error) {
	evals := make([]int, len(t.Results))
	for i, x := range t.Results {
		evals[i] = x.EvaluationID
	}
	// One statement: the evaluations the viewer reads, with their
	// sessions joined as the viewer reads them (internal/entx/tojoin).
	readable, err := client.Evaluation.Query().Where(evaluation.IDIn(evals...)).WithSession().All(ctx)
	if err != nil {
		return nil, err
	}
	sessions := make(map[int]*ent.Session, len(readable)) // by evaluation ID
	for _, e := range readable {
		if e.Edges.Session != nil {
			sessions[e.ID] = e.Edges.Session
		}
	}
	// The reasons that name an impact indicator the viewer may not read
	// are left out, as in the GraphQL report.
	var shown []int
	if len(t.Indicators) > 0 {
		if shown, err = t.IndicatorsQuery(client).IDs(ctx); err != nil {
			return nil, err
		}
	}
	reasons := t.ReasonsFor(func(id int) bool { return slices.Contains(shown, id) })
	opt := func(p *float64) any {
		if p == nil {
			return nil
		}
		return *p
	}
	figures := [][]any{
		{"year", t.Year},
		{"sessions", t.Sessions},
		{"enrollments", t.Enrollments},
		{"completed", t.Completed},
		{"failed", t.Failed},
		{"withdrawn", t.Withdrawn},
		{"completionRate", opt(t.CompletionRate)},
		{"averageReaction", opt(t.AverageReaction)},
		{"averageLearningGain", opt(t.AverageLearningGain)},
		{"behaviorSignedOffShare", opt(t.BehaviorSignedOffShare)},
		{"needsRevision", strconv.FormatBool(t.NeedsRevision)},
		{"revisionReasons", strings.Join(reasons, "; ")},
	}
	summary := sheet{name: "Summary", header: []string{"measure", "value"}, rows: figures}
	results := sheet{name: "Results", header: []string{"indicator", "session", "baseline", "result", "delta"}}
	long := sheet{name: "Report", header: []string{"section", "indicator", "session", "measure", "value"}}
	for _, f := range figures {
		long.rows = append(long.rows, []any{"summary", nil, nil, f[0], f[1]})
	}
	for _, x := range t.Results {
		s, ok := sessions[x.EvaluationID]
		if !ok {
			continue
		}
		results.rows = append(results.rows, []any{x.Indicator, s.Name, x.Baseline, x.Result, x.Delta})
		for _, m := range []struct {
			name string
			v    float64
		}{{"baseline", x.Baseline}, {"result", x.Result}, {"delta", x.Delta}} {
			long.rows = append(long.rows, []any{"result", x.Indicator, s.Name, m.name, m.v})
		}
	}
	return &export{file: file, sheets: []sheet{summary, results, long}, csv: 2}, nil
}

// idAndYear reads the query parameters of an export of one row's report
// for a year: the row's ID (parameter name, of table; what names it in
// messages) and year.
func idAndYear(r *http.Request, name, tbl, what string) (id, year int, err error) {
	q := r.URL.Query()
	if id, err = idParam(q.Get(name), name, tbl, what); err != nil {
		return 0, 0, err
	}
	if year, err = yearParam(q.Get("year")); err != nil {
		return 0, 0, err
	}
	return id, year, nil
}

// idParam decodes raw, the API ID of a row of table (what names it in
// messages, "agency"), from the query parameter name.
func idParam(raw, name, tbl, what string) (int, error) {
	if raw == "" {
		return 0, fault.Inputf(name, "is required")
	}
	id, err := gid.Decode(raw)
	if err != nil {
		return 0, fault.Inputf(name, "invalid ID")
	}
	if t, _ := gid.Table(id); t != tbl {
		return 0, fault.Inputf(name, "is not the ID of %s", phrase.Noun(what))
	}
	return id, nil
}

// yearParam reads the year query parameter.
func yearParam(raw string) (int, error) {
	if raw == "" {
		return 0, fault.Inputf("year", "year is required")
	}
	year, err := strconv.Atoi(raw)
	if err != nil {
		return 0, fault.Inputf("year", "year must be a whole number, got %q", truncate(raw))
	}
	if err := CheckYear(year); err != nil {
		return 0, err
	}
	return year, nil
}

// writeCSV writes t as CSV: the header row, then the rows. Text that a
// spreadsheet would read as a formula gets a leading '.
func writeCSV(w io.Writer, t sheet) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(t.header); err != nil {
		return wrap("export csv", err)
	}
	rec := make([]string, len(t.header))
	for _, row := range t.rows {
		for i, c := range row {
			rec[i] = cellText(c)
		}
		if err := cw.Write(rec); err != nil {
			return wrap("export csv", err)
		}
	}
	cw.Flush()
	return wrap("export csv", cw.Error())
}

// cellText formats a cell for CSV.
func cellText(c any) string {
	switch c := c.(type) {
	case nil:
		return ""
	case int:
		return strconv.Itoa(c)
	case float64:
		return strconv.FormatFloat(c, 'f', -1, 64)
	case string:
		if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
			return "'" + c
		}
		return c
	}
	panic(fmt.Sprintf("report: export cell of type %T", c))
}

// writeXLSX writes the sheets of an XLSX workbook, header
// rows in bold and frozen.
func writeXLSX(w io.Writer, sheets []sheet) error {
	f := excelize.NewFile()
	defer f.Close()
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return wrap("export xlsx", err)
	}
	for i, t := range sheets {
		if i == 0 {
			err = f.SetSheetName("Sheet1", t.name)
		} else {
			_, err = f.NewSheet(t.name)
		}
		if err != nil {
			return wrap("export xlsx", err)
		}
		header := make([]any, len(t.header))
		for j, h := range t.header {
			header[j] = h
		}
		if err := f.SetSheetRow(t.name, "A1", &header); err != nil {
			return wrap("export xlsx", err)
		}
		last, _ := excelize.CoordinatesToCellName(len(t.header), 1)
		if err := f.SetCellStyle(t.name, "A1", last, bold); err != nil {
			return wrap("export xlsx", err)
		}
		if err := f.SetPanes(t.name, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
			return wrap("export xlsx", err)
		}
		for j, row := range t.rows {
			cell, _ := excelize.CoordinatesToCellName(1, j+2)
			if err := f.SetSheetRow(t.name, cell, &row); err != nil {
				return wrap("export xlsx", err)
			}
		}
	}
	return wrap("export xlsx", f.Write(w))
}
