package importer

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"kembang/ent"
	"kembang/ent/assessment"
	"kembang/ent/competency"
	"kembang/ent/employee"
	"kembang/internal/domain/jp"
)

// Columns of an assessment file. An assessment is known by its employee,
// competency, date and source: a second row with the same four is the
// same assessment (its level, assessor or evidence updated).
const (
	colCompetency  = "competency_code"
	colLevel       = "level"
	colAssessedOn  = "assessed_on"
	colSource      = "source"
	colAssessor    = "assessor"
	colEvidence    = "evidence"
	colEvidenceURL = "evidence_url"
)

var assessmentColumns = []string{colNIP, colCompetency, colLevel, colAssessedOn, colSource, colAssessor, colEvidence, colEvidenceURL}

var assessmentAliases = map[string]string{
	"nip_baru":          colNIP,
	"kode_kompetensi":   colCompetency,
	"competency":        colCompetency,
	"tingkat":           colLevel,
	"level_kompetensi":  colLevel,
	"tanggal":           colAssessedOn,
	"tanggal_penilaian": colAssessedOn,
	"sumber":            colSource,
	"penilai":           colAssessor,
	"bukti":             colEvidence,
	"tautan_bukti":      colEvidenceURL,
}

var assessmentFields = map[string]string{
	"employeeID":   colNIP,
	"competencyID": colCompetency,
	"level":        colLevel,
	"assessedOn":   colAssessedOn,
	"source":       colSource,
	"assessor":     colAssessor,
	"evidence":     colEvidence,
	"evidenceURL":  colEvidenceURL,
}

// asmRow is an assessment row, parsed.
type asmRow struct {
	line                        int
	nip, competency             string
	level                       int
	on                          time.Time
	source                      assessment.Source
	assessor, evidence, evidURL string
	employeeID, competencyID    int
}

func (r *asmRow) key() string {
	return keyOf(strconv.Itoa(r.employeeID), strconv.Itoa(r.competencyID), r.on.In(jp.WIB).Format(time.DateOnly), string(r.source))
}

func (r *asmRow) lineNIP() (int, string) { return r.line, r.nip }
func (r *asmRow) setEmployee(id int)     { r.employeeID = id }

// importAssessments is Import for assessments.
func importAssessments(ctx context.Context, j *job, r io.Reader) error {
	t, err := readTable(r, assessmentColumns, []string{colNIP, colCompetency, colLevel, colAssessedOn, colSource}, assessmentAliases)
	if err != nil {
		return err
	}
	competencies := map[string]int{}
	return byEmployee(ctx, j, t, recordRows[*asmRow]{
		parse:     func(rec record) *asmRow { return parseAssessment(j, t, rec) },
		resolve:   func(rows []*asmRow) error { return resolveCodes(ctx, j, rows, competencies) },
		dupColumn: colAssessedOn,
		dupWhat:   "assessment (NIP, competency, date and source)",
		write:     func(rows []*asmRow) error { return writeAssessments(ctx, j, rows) },
	})
}

// parseAssessment reads a row; nil: refused.
func parseAssessment(j *job, t *table, rec record) *asmRow {
	if !j.required(t, rec, colNIP, colCompetency, colLevel, colAssessedOn, colSource) {
		return nil
	}
	r := &asmRow{line: rec.line, nip: t.get(rec, colNIP), competency: t.get(rec, colCompetency),
		assessor: t.get(rec, colAssessor), evidence: t.get(rec, colEvidence), evidURL: t.get(rec, colEvidenceURL)}
	lvl, err := strconv.Atoi(t.get(rec, colLevel))
	if err != nil {
		j.fail(rec.line, colLevel, fmt.Sprintf("%q is not a whole number", t.get(rec, colLevel)))
		return nil
	}
	r.level = lvl
	on, ok := parseDate(t.get(rec, colAssessedOn))
	if !ok {
		j.fail(rec.line, colAssessedOn, fmt.Sprintf("%q is not a date (YYYY-MM-DD)", t.get(rec, colAssessedOn)))
		return nil
	}
	r.on = on
	r.source = assessment.Source(strings.ToUpper(strings.ReplaceAll(t.get(rec, colSource), " ", "_")))
	if assessment.SourceValidator(r.source) != nil {
		j.fail(rec.line, colSource, fmt.Sprintf("%q is not SELF, SUPERVISOR, ASSESSMENT_CENTER or TRAINING", t.get(rec, colSource)))
		return nil
	}
	return r
}

// resolveCodes sets the rows' competency IDs, refusing unknown codes.
func resolveCodes(ctx context.Context, j *job, rows []*asmRow, known map[string]int) error {
	var missing []string
	for _, r := range rows {
		if _, ok := known[r.competency]; !ok {
			missing = append(missing, r.competency)
			known[r.competency] = 0
		}
	}
	if len(missing) > 0 {
		found, err := j.c.Competency.Query().Where(competency.CodeIn(missing...)).Select(competency.FieldID, competency.FieldCode).All(ctx)
		if err != nil {
			return fmt.Errorf("import: reading competencies: %w", err)
		}
		for _, c := range found {
			known[c.Code] = c.ID
		}
	}
	for _, r := range rows {
		if r.competencyID = known[r.competency]; r.competencyID == 0 {
			j.fail(r.line, colCompetency, fmt.Sprintf("no competency with code %s", r.competency))
		}
	}
	return nil
}

// employeeRow is a row of a file about employees' records: its line and
// NIP, the employee's ID once found, and its natural key.
type employeeRow interface {
	lineNIP() (int, string)
	setEmployee(id int)
	key() string
}

// recordRows is how byEmployee handles one kind of row R.
type recordRows[R employeeRow] struct {
	parse     func(record) R  // nil-like zero: refused
	resolve   func([]R) error // resolves the rows' other references
	dupColumn string          // column named when a natural key repeats
	dupWhat   string          // what repeats, in the message
	write     func([]R) error // creates and updates the valid rows
}

// byEmployee imports t in batches: parse, resolve the references, find
// the employees by NIP, refuse a natural key given twice, write.
func byEmployee[R employeeRow](ctx context.Context, j *job, t *table, k recordRows[R]) error {
	j.rep.Rows = len(t.rows)
	seen := map[string]int{} // key → line
	for _, c := range chunks(len(t.rows), j.opts.BatchSize) {
		var rows []R
		for _, rec := range t.rows[c[0]:c[1]] {
			if row := k.parse(rec); !isNil(row) {
				rows = append(rows, row)
			}
		}
		if err := k.resolve(rows); err != nil {
			return err
		}
		emps, err := employeeIDs(ctx, j, rows, R.lineNIP)
		if err != nil {
			return err
		}
		var ok []R
		for _, r := range rows {
			line, nip := r.lineNIP()
			if j.failed[line] {
				continue
			}
			r.setEmployee(emps[nip])
			if first, dup := seen[r.key()]; dup {
				j.fail(line, k.dupColumn, fmt.Sprintf("the same %s is also on line %d", k.dupWhat, first))
				continue
			}
			seen[r.key()] = line
			ok = append(ok, r)
		}
		if err := k.write(ok); err != nil {
			return err
		}
		j.progress(c[1] - c[0])
	}
	return nil
}

// isNil reports whether a row pointer is nil.
func isNil[R any](r R) bool {
	var zero R
	return any(r) == any(zero)
}

// employeeIDs returns the IDs of the rows' employees by NIP, refusing
// rows whose employee the viewer cannot see.
func employeeIDs[R any](ctx context.Context, j *job, rows []R, of func(R) (int, string)) (map[string]int, error) {
	nips := make([]string, 0, len(rows))
	for _, r := range rows {
		_, nip := of(r)
		nips = append(nips, nip)
	}
	found, err := j.c.Employee.Query().Where(employee.NipIn(nips...)).Select(employee.FieldID, employee.FieldNip).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("import: reading employees: %w", err)
	}
	ids := make(map[string]int, len(found))
	for _, e := range found {
		ids[e.Nip] = e.ID
	}
	for _, r := range rows {
		if line, nip := of(r); ids[nip] == 0 {
			j.fail(line, colNIP, fmt.Sprintf("no employee with NIP %s", nip))
		}
	}
	return ids, nil
}

// writeAssessments creates the new assessments and updates the changed
// ones.
func writeAssessments(ctx context.Context, j *job, rows []*asmRow) error {
	if len(rows) == 0 {
		return nil
	}
	emp, comp := make([]int, 0, len(rows)), make([]int, 0, len(rows))
	for _, r := range rows {
		emp, comp = append(emp, r.employeeID), append(comp, r.competencyID)
	}
	olds, err := j.c.Assessment.Query().Where(assessment.EmployeeIDIn(emp...), assessment.CompetencyIDIn(comp...)).All(ctx)
	if err != nil {
		return fmt.Errorf("import: reading assessments: %w", err)
	}
	byKey := make(map[string]*ent.Assessment, len(olds))
	for _, o := range olds {
		k := keyOf(strconv.Itoa(o.EmployeeID), strconv.Itoa(o.CompetencyID), o.AssessedOn.In(jp.WIB).Format(time.DateOnly), string(o.Source))
		byKey[k] = o
	}
	var (
		creates []*ent.AssessmentCreate
		lines   []int
	)
	for _, r := range rows {
		old := byKey[r.key()]
		if old == nil {
			creates = append(creates, j.c.Assessment.Create().SetEmployeeID(r.employeeID).SetCompetencyID(r.competencyID).
				SetLevel(r.level).SetAssessedOn(r.on).SetSource(r.source).
				SetNillableAssessor(optional(r.assessor)).SetNillableEvidence(optional(r.evidence)).SetNillableEvidenceURL(optional(r.evidURL)))
			lines = append(lines, r.line)
			continue
		}
		if old.Level == r.level && old.Assessor == r.assessor && old.Evidence == r.evidence && old.EvidenceURL == r.evidURL {
			j.rep.Unchanged++
			continue
		}
		u := j.c.Assessment.UpdateOneID(old.ID)
		if old.Level != r.level {
			u.SetLevel(r.level)
		}
		if old.Assessor != r.assessor {
			u.SetAssessor(r.assessor)
			if r.assessor == "" {
				u.ClearAssessor()
			}
		}
		if old.Evidence != r.evidence {
			u.SetEvidence(r.evidence)
			if r.evidence == "" {
				u.ClearEvidence()
			}
		}
		if old.EvidenceURL != r.evidURL {
			u.SetEvidenceURL(r.evidURL)
			if r.evidURL == "" {
				u.ClearEvidenceURL()
			}
		}
		if err := j.update(ctx, r.line, assessmentFields, func() error { return u.Exec(ctx) }); err != nil {
			return err
		}
	}
	n, err := j.writeNew(ctx, lines, assessmentFields,
		func(ctx context.Context) error { return j.c.Assessment.CreateBulk(creates...).Exec(ctx) },
		func(i int) error { return creates[i].Exec(ctx) })
	j.rep.Created += n
	return err
}

// parseDate reads a date as YYYY-MM-DD (or DD/MM/YYYY, DD-MM-YYYY as
// Indonesian spreadsheets write it), as the start of that day in WIB,
// the day the rules judge dates by, or an RFC 3339 timestamp.
func parseDate(s string) (time.Time, bool) {
	for _, layout := range []string{time.DateOnly, "02/01/2006", "02-01-2006", time.RFC3339} {
		if d, err := time.ParseInLocation(layout, s, jp.WIB); err == nil {
			return d, true
		}
	}
	return time.Time{}, false
}
