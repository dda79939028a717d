package importer

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"kembang/ent"
	"kembang/ent/enrollment"
	"kembang/ent/program"
	"kembang/ent/session"
)

// Columns of an enrollment file. An enrollment is known by its employee
// and session; a session by its program's code and its name.
const (
	colProgram     = "program_code"
	colSession     = "session_name"
	colStatus      = "status"
	colJP          = "jp_credited"
	colCompletedAt = "completed_at"
	colCertificate = "certificate_number"
)

var enrollmentColumns = []string{colNIP, colProgram, colSession, colStatus, colJP, colCompletedAt, colCertificate}

var enrollmentAliases = map[string]string{
	"nip_baru":         colNIP,
	"kode_program":     colProgram,
	"program":          colProgram,
	"session":          colSession,
	"sesi":             colSession,
	"angkatan":         colSession,
	"jp":               colJP,
	"tanggal_selesai":  colCompletedAt,
	"nomor_sertifikat": colCertificate,
}

var enrollmentFields = map[string]string{
	"employeeID":        colNIP,
	"sessionID":         colSession,
	"status":            colStatus,
	"jpCredited":        colJP,
	"completedAt":       colCompletedAt,
	"certificateNumber": colCertificate,
}

// enrRow is an enrollment row, parsed.
type enrRow struct {
	line                  int
	nip, program, session string
	status                enrollment.Status
	jp                    float64
	completedAt           *time.Time
	certificate           *string
	employeeID, sessionID int
}

// importEnrollments is Import for enrollments. Statuses, JP, completion
// dates and certificate numbers are stored as given when the client is
// in import mode (rules.Import: the command line); otherwise the
// enrollment rules decide them as for the API.
func importEnrollments(ctx context.Context, j *job, r io.Reader) error {
	t, err := readTable(r, enrollmentColumns, []string{colNIP, colProgram, colSession}, enrollmentAliases)
	if err != nil {
		return err
	}
	sessions := map[string][]int{} // program code and session name → IDs
	return byEmployee(ctx, j, t, recordRows[*enrRow]{
		parse:     func(rec record) *enrRow { return parseEnrollment(j, t, rec) },
		resolve:   func(rows []*enrRow) error { return resolveSessions(ctx, j, rows, sessions) },
		dupColumn: colSession,
		dupWhat:   "enrollment (NIP and session)",
		write:     func(rows []*enrRow) error { return writeEnrollments(ctx, j, rows) },
	})
}

func (r *enrRow) key() string            { return keyOf(strconv.Itoa(r.employeeID), strconv.Itoa(r.sessionID)) }
func (r *enrRow) lineNIP() (int, string) { return r.line, r.nip }
func (r *enrRow) setEmployee(id int)     { r.employeeID = id }

// parseEnrollment reads a row; nil: refused.
func parseEnrollment(j *job, t *table, rec record) *enrRow {
	if !j.required(t, rec, colNIP, colProgram, colSession) {
		return nil
	}
	r := &enrRow{line: rec.line, nip: t.get(rec, colNIP), program: t.get(rec, colProgram), session: t.get(rec, colSession),
		status: enrollment.StatusREGISTERED, certificate: optional(t.get(rec, colCertificate))}
	if s := t.get(rec, colStatus); s != "" {
		r.status = enrollment.Status(strings.ToUpper(s))
		if enrollment.StatusValidator(r.status) != nil {
			j.fail(rec.line, colStatus, fmt.Sprintf("%q is not an enrollment status", s))
			return nil
		}
	}
	if s := t.get(rec, colJP); s != "" {
		v, err := strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64)
		if err != nil {
			j.fail(rec.line, colJP, fmt.Sprintf("%q is not a number", s))
			return nil
		}
		r.jp = v
	}
	if s := t.get(rec, colCompletedAt); s != "" {
		d, ok := parseDate(s)
		if !ok {
			j.fail(rec.line, colCompletedAt, fmt.Sprintf("%q is not a date (YYYY-MM-DD)", s))
			return nil
		}
		r.completedAt = &d
	}
	return r
}

// resolveSessions sets the rows' session IDs.
func resolveSessions(ctx context.Context, j *job, rows []*enrRow, known map[string][]int) error {
	for _, r := range rows {
		k := keyOf(r.program, r.session)
		ids, ok := known[k]
		if !ok {
			var err error
			ids, err = j.c.Session.Query().Where(session.Name(r.session), session.HasProgramWith(program.Code(r.program))).IDs(ctx)
			if err != nil {
				return fmt.Errorf("import: reading sessions: %w", err)
			}
			known[k] = ids
		}
		switch len(ids) {
		case 0:
			j.fail(r.line, colSession, fmt.Sprintf("no session %q of a program with code %s", r.session, r.program))
		case 1:
			r.sessionID = ids[0]
		default:
			j.fail(r.line, colSession, fmt.Sprintf("%d sessions of program %s are named %q", len(ids), r.program, r.session))
		}
	}
	return nil
}

// writeEnrollments creates the new enrollments and updates the changed
// ones.
func writeEnrollments(ctx context.Context, j *job, rows []*enrRow) error {
	if len(rows) == 0 {
		return nil
	}
	emp := make([]int, 0, len(rows))
	for _, r := range rows {
		emp = append(emp, r.employeeID)
	}
	olds, err := j.c.Enrollment.Query().Where(enrollment.EmployeeIDIn(emp...)).All(ctx)
	if err != nil {
		return fmt.Errorf("import: reading enrollments: %w", err)
	}
	byKey := make(map[[2]int]*ent.Enrollment, len(olds))
	for _, o := range olds {
		byKey[[2]int{o.EmployeeID, o.SessionID}] = o
	}
	var (
		creates []*ent.EnrollmentCreate
		lines   []int
	)
	for _, r := range rows {
		old := byKey[[2]int{r.employeeID, r.sessionID}]
		if old == nil {
			creates = append(creates, j.c.Enrollment.Create().SetEmployeeID(r.employeeID).SetSessionID(r.sessionID).
				SetStatus(r.status).SetJpCredited(r.jp).SetNillableCompletedAt(r.completedAt).SetNillableCertificateNumber(r.certificate))
			lines = append(lines, r.line)
			continue
		}
		u := j.c.Enrollment.UpdateOneID(old.ID)
		changed := false
		if old.Status != r.status {
			u.SetStatus(r.status)
			changed = true
		}
		if old.JpCredited != r.jp {
			u.SetJpCredited(r.jp)
			changed = true
		}
		if !sameTime(old.CompletedAt, r.completedAt) {
			u.SetNillableCompletedAt(r.completedAt)
			if r.completedAt == nil {
				u.ClearCompletedAt()
			}
			changed = true
		}
		if !samePtr(old.CertificateNumber, r.certificate) {
			u.SetNillableCertificateNumber(r.certificate)
			if r.certificate == nil {
				u.ClearCertificateNumber()
			}
			changed = true
		}
		if !changed {
			j.rep.Unchanged++
			continue
		}
		if err := j.update(ctx, r.line, enrollmentFields, func() error { return u.Exec(ctx) }); err != nil {
			return err
		}
	}
	n, err := j.writeNew(ctx, lines, enrollmentFields,
		func(ctx context.Context) error { return j.c.Enrollment.CreateBulk(creates...).Exec(ctx) },
		func(i int) error { return creates[i].Exec(ctx) })
	j.rep.Created += n
	return err
}

// sameTime reports whether two optional instants are equal.
func sameTime(a, b *time.Time) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return a.Equal(*b)
}
