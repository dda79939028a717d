package report

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"entgo.io/ent/dialect/sql"

	"kembang/ent"
	"kembang/ent/agency"
	"kembang/ent/employee"
	"kembang/ent/enrollment"
	"kembang/ent/learningclaim"
	"kembang/ent/partner"
	"kembang/ent/program"
	"kembang/ent/session"
	"kembang/internal/fault"
	"kembang/internal/queryplan"
)

// Sources of SIASN course records.
const (
	SourceEnrollment = "ENROLLMENT" // a completed enrollment in a Kembang session
	SourceClaim      = "CLAIM"      // an approved learning claim
)

// Online is the location SIASN records for online learning.
const Online = "Daring"

// courseTypes maps the forms of development (program.Form and
// learningclaim.Form share their values) to the Indonesian names of
// Peraturan LAN 10/2018, used as the SIASN course type ("jenis kursus").
// SIASN's own code list is not confirmed: the names are the regulation's,
// and an unknown form is exported as is.
var courseTypes = map[string]string{
	"TUGAS_BELAJAR":          "Tugas Belajar",
	"IZIN_BELAJAR":           "Izin Belajar",
	"LEADERSHIP_TRAINING":    "Pelatihan Kepemimpinan",
	"MANAGERIAL_TRAINING":    "Pelatihan Manajerial",
	"TECHNICAL_TRAINING":     "Pelatihan Teknis",
	"FUNCTIONAL_TRAINING":    "Pelatihan Fungsional",
	"SOCIOCULTURAL_TRAINING": "Pelatihan Sosial Kultural",
	"SEMINAR":                "Seminar",
	"WORKSHOP":               "Lokakarya",
	"COURSE":                 "Kursus",
	"PENATARAN":              "Penataran",
	"BIMTEK":                 "Bimbingan Teknis",
	"SOCIALIZATION":          "Sosialisasi",
	"COACHING":               "Coaching",
	"MENTORING":              "Mentoring",
	"E_LEARNING":             "E-Learning",
	"DISTANCE_LEARNING":      "Pelatihan Jarak Jauh",
	"SECONDMENT":             "Detasering",
	"OUTDOOR_LEARNING":       "Pembelajaran Alam Terbuka",
	"BENCHMARKING":           "Patok Banding",
	"EXCHANGE":               "Pertukaran PNS dengan Pegawai Swasta",
	"SELF_STUDY":             "Belajar Mandiri",
	"COMMUNITY_OF_PRACTICE":  "Komunitas Belajar",
	"ON_THE_JOB":             "Bimbingan di Tempat Kerja",
	"INTERNSHIP":             "Magang",
}

// CourseType returns the SIASN course type of a form of development: its
// Indonesian name (Pelatihan Kepemimpinan, Seminar, Lokakarya, Kursus,
// ...), or the form itself when it has none.
func CourseType(form string) string {
	if t, ok := courseTypes[form]; ok {
		return t
	}
	return form
}

// CourseTypes returns the table of [CourseType], form to name.
func CourseTypes() map[string]string {
	m := make(map[string]string, len(courseTypes))
	for k, v := range courseTypes {
		m[k] = v
	}
	return m
}

// Course is one record of an employee's course history in the layout of
// SIASN, the national civil-service system.
type Course struct {
	// ID is the enrollment's or the claim's ID, by Source.
	ID         int
	Source     string // SourceEnrollment or SourceClaim
	EmployeeID int
	NIP        string
	// CourseName is the program title or the claim title.
	CourseName string
	// Organizer is the partner delivering the session, else the
	// employee's agency (in-house training); the claim's organiser.
	Organizer string
	// CourseType is the form's Indonesian name ([CourseType]).
	CourseType string
	// Hours are the JP credited (jp_credited; a claim's jp).
	Hours float64
	// Location is the session's venue, or "Daring" when the program is
	// delivered online or the session has only an online link; the
	// claim's location.
	Location          string
	CertificateNumber string
	// Year is the ledger year the record counts in.
	Year       int
	Start, End time.Time
}

// Cursor returns the keyset cursor of the record: its ID, end date and
// source.
func (c Course) Cursor() ent.Cursor {
	return ent.Cursor{ID: c.ID, Value: c.End.UTC().Format(time.RFC3339Nano) + " " + c.Source}
}

// key is a position in the order of SIASN records: end date, source,
// ID.
type key struct {
	end    time.Time
	source string
	id     int
}

// parseCursor decodes a cursor of [Course.Cursor]; arg names the
// argument for errors.
func parseCursor(c *ent.Cursor, arg string) (*key, error) {
	if c == nil {
		return nil, nil
	}
	bad := fault.Inputf(arg, "not a SIASN course cursor")
	v, ok := c.Value.(string)
	if !ok {
		return nil, bad
	}
	ts, source, ok := strings.Cut(v, " ")
	if !ok || (source != SourceEnrollment && source != SourceClaim) {
		return nil, bad
	}
	end, err := time.Parse(time.RFC3339Nano, ts)
	if err != nil {
		return nil, bad
	}
	return &key{end: end.UTC(), source: source, id: c.ID}, nil
}

// Page selects a page of SIASN records, as a Relay connection does:
// First records after After, or Last records before Before.
type Page struct {
	After  *ent.Cursor
	First  *int
	Before *ent.Cursor
	Last   *int
}

// Courses is a page of SIASN records.
type Courses struct {
	Courses         []Course
	HasNextPage     bool
	HasPreviousPage bool
}

// SIASNCourses returns a page of the SIASN course history of the
// employees of agencyID (active or not) for year: their enrollments that
// count in the year's ledger ([CompletedIn]) and their approved claims
// that do ([ApprovedIn]), as one UNION ALL statement ordered by end date,
// source and ID, read with keyset conditions (no OFFSET). A page without
// First or Last has every record.
func SIASNCourses(ctx context.Context, client *ent.Client, agencyID, year int, page Page) (*Courses, error) {
	ctx = aggregate(ctx)
	if err := CheckYear(year); err != nil {
		return nil, err
	}
	if page.First != nil && page.Last != nil {
		return nil, fault.Inputf("last", "first and last cannot be used together")
	}
	for arg, n := range map[string]*int{"first": page.First, "last": page.Last} {
		if n != nil && *n < 0 {
			return nil, fault.Inputf(arg, "%s must not be negative", arg)
		}
	}
	after, err := parseCursor(page.After, "after")
	if err != nil {
		return nil, err
	}
	before, err := parseCursor(page.Before, "before")
	if err != nil {
		return nil, err
	}
	if err := checkAgency(ctx, client, agencyID); err != nil {
		return nil, wrap("siasn", err)
	}
	out := &Courses{Courses: []Course{}}
	limit, backward := page.First, false
	if page.Last != nil {
		limit, backward = page.Last, true
	}
	if limit != nil && *limit == 0 {
		return out, nil
	}
	rows, err := siasnRows(ctx, client, agencyID, year, after, before, limit, backward)
	if err != nil {
		return nil, wrap("siasn", err)
	}
	more := limit != nil && len(rows) > *limit
	if more {
		rows = rows[:*limit]
	}
	// As ent's connections: a cursor on the other side means there are
	// records beyond it.
	out.HasNextPage, out.HasPreviousPage = before != nil, after != nil
	if backward {
		slices.Reverse(rows)
		out.HasPreviousPage = out.HasPreviousPage || more
	} else {
		out.HasNextPage = out.HasNextPage || more
	}
	for _, r := range rows {
		out.Courses = append(out.Courses, r.course(year))
	}
	return out, nil
}

// SIASNCount counts the SIASN records of agencyID for year, in two COUNT
// statements (enrollments, claims).
func SIASNCount(ctx context.Context, client *ent.Client, agencyID, year int) (int, error) {
	ctx = aggregate(ctx)
	if err := CheckYear(year); err != nil {
		return 0, err
	}
	n, err := client.Enrollment.Query().
		Where(CompletedIn(year), enrollment.HasEmployeeWith(employee.AgencyID(agencyID))).
		Count(ctx)
	if err != nil {
		return 0, wrap("siasn count", err)
	}
	m, err := client.LearningClaim.Query().
		Where(ApprovedIn(year), learningclaim.HasEmployeeWith(employee.AgencyID(agencyID))).
		Count(ctx)
	if err != nil {
		return 0, wrap("siasn count", err)
	}
	return n + m, nil
}

// siasnRow is a row of the SIASN statement.
type siasnRow struct {
	ID                int      `sql:"id"`
	Source            string   `sql:"source"`
	EmployeeID        int      `sql:"employee_id"`
	NIP               string   `sql:"nip"`
	CourseName        string   `sql:"course_name"`
	Organizer         string   `sql:"organizer"`
	Form              string   `sql:"form"`
	DeliveryMode      *string  `sql:"delivery_mode"`
	Hours             float64  `sql:"hours"`
	Location          *string  `sql:"location"`
	OnlineURL         *string  `sql:"online_url"`
	CertificateNumber *string  `sql:"certificate_number"`
	Start             scanTime `sql:"start_date"`
	End               scanTime `sql:"end_date"`
}

// course maps a row to its SIASN record.
func (r siasnRow) course(year int) Course {
	c := Course{
		ID:         r.ID,
		Source:     r.Source,
		EmployeeID: r.EmployeeID,
		NIP:        r.NIP,
		CourseName: r.CourseName,
		Organizer:  r.Organizer,
		CourseType: CourseType(r.Form),
		Hours:      r.Hours,
		Year:       year,
		Start:      time.Time(r.Start),
		End:        time.Time(r.End),
	}
	if r.CertificateNumber != nil {
		c.CertificateNumber = *r.CertificateNumber
	}
	location := ""
	if r.Location != nil {
		location = strings.TrimSpace(*r.Location)
	}
	online := r.OnlineURL != nil && *r.OnlineURL != ""
	switch {
	case r.Source == SourceEnrollment && r.DeliveryMode != nil && *r.DeliveryMode == program.DeliveryModeONLINE.String():
		location = Online
	case r.Source == SourceEnrollment && location == "" && online:
		location = Online
	}
	c.Location = location
	return c
}

// siasnRows runs the SIASN statement: enrollments UNION ALL claims, each
// branch with its keyset conditions, ordered by (end_date, source, id),
// descending when backward, limited to limit+1 rows when limit is set.
func siasnRows(ctx context.Context, client *ent.Client, agencyID, year int, after, before *key, limit *int, backward bool) ([]siasnRow, error) {
	ctx = queryplan.WithCustom(ctx)
	var rows []siasnRow
	err := client.Enrollment.Query().
		Where(CompletedIn(year)).
		Modify(func(s *sql.Selector) {
			emp := table(s, employee.Table, "siasn_employee")
			ses := table(s, session.Table, "siasn_session")
			prog := table(s, program.Table, "siasn_program")
			part := table(s, partner.Table, "siasn_partner")
			ag := table(s, agency.Table, "siasn_agency")
			s.Join(emp).On(s.C(enrollment.FieldEmployeeID), emp.C(employee.FieldID)).
				Join(ses).On(s.C(enrollment.FieldSessionID), ses.C(session.FieldID)).
				Join(prog).On(ses.C(session.FieldProgramID), prog.C(program.FieldID)).
				LeftJoin(part).On(ses.C(session.FieldPartnerID), part.C(partner.FieldID)).
				Join(ag).On(emp.C(employee.FieldAgencyID), ag.C(agency.FieldID))
			s.Where(sql.EQ(emp.C(employee.FieldAgencyID), agencyID))
			end := ses.C(session.FieldEndsAt)
			keyset(s, end, SourceEnrollment, s.C(enrollment.FieldID), after, before)
			s.Select().
				AppendSelectAs(s.C(enrollment.FieldID), "id").
				AppendSelectExprAs(sql.Raw("'"+SourceEnrollment+"'"), "source").
				AppendSelectAs(emp.C(employee.FieldID), "employee_id").
				AppendSelectAs(emp.C(employee.FieldNip), "nip").
				AppendSelectAs(prog.C(program.FieldTitle), "course_name").
				AppendSelectExprAs(sql.ExprFunc(func(b *sql.Builder) {
					b.WriteString("COALESCE(").Ident(part.C(partner.FieldName)).Comma().Ident(ag.C(agency.FieldName)).WriteString(")")
				}), "organizer").
				AppendSelectAs(prog.C(program.FieldForm), "form").
				AppendSelectAs(prog.C(program.FieldDeliveryMode), "delivery_mode").
				AppendSelectAs(s.C(enrollment.FieldJpCredited), "hours").
				AppendSelectAs(ses.C(session.FieldLocation), "location").
				AppendSelectAs(ses.C(session.FieldOnlineURL), "online_url").
				AppendSelectAs(s.C(enrollment.FieldCertificateNumber), "certificate_number").
				AppendSelectAs(ses.C(session.FieldStartsAt), "start_date").
				AppendSelectAs(end, "end_date")

			b := sql.Dialect(s.Dialect())
			lc := b.Table(learningclaim.Table).As("siasn_claim")
			cemp := b.Table(employee.Table).As("siasn_claimant")
			claims := b.Select().From(lc).Join(cemp).On(lc.C(learningclaim.FieldEmployeeID), cemp.C(employee.FieldID))
			ApprovedIn(year)(claims)
			claims.Where(sql.EQ(cemp.C(employee.FieldAgencyID), agencyID))
			keyset(claims, lc.C(learningclaim.FieldEndsOn), SourceClaim, lc.C(learningclaim.FieldID), after, before)
			claims.
				AppendSelectAs(lc.C(learningclaim.FieldID), "id").
				AppendSelectExprAs(sql.Raw("'"+SourceClaim+"'"), "source").
				AppendSelectAs(cemp.C(employee.FieldID), "employee_id").
				AppendSelectAs(cemp.C(employee.FieldNip), "nip").
				AppendSelectAs(lc.C(learningclaim.FieldTitle), "course_name").
				AppendSelectAs(lc.C(learningclaim.FieldOrganizer), "organizer").
				AppendSelectAs(lc.C(learningclaim.FieldForm), "form").
				AppendSelectExprAs(sql.Raw("NULL"), "delivery_mode").
				AppendSelectAs(lc.C(learningclaim.FieldJp), "hours").
				AppendSelectAs(lc.C(learningclaim.FieldLocation), "location").
				AppendSelectExprAs(sql.Raw("NULL"), "online_url").
				AppendSelectAs(lc.C(learningclaim.FieldCertificateNumber), "certificate_number").
				AppendSelectAs(lc.C(learningclaim.FieldStartsOn), "start_date").
				AppendSelectAs(lc.C(learningclaim.FieldEndsOn), "end_date")
			s.UnionAll(claims)

			s.OrderExprFunc(func(b *sql.Builder) {
				for i, c := range []string{"end_date", "source", "id"} {
					if i > 0 {
						b.Comma()
					}
					b.Ident(c)
					if backward {
						b.WriteString(" DESC")
					}
				}
			})
			if limit != nil {
				s.Limit(*limit + 1)
			}
		}).
		Scan(ctx, &rows)
	return rows, err
}

// keyset restricts one branch of the SIASN statement, whose rows all have
// the given source, to the rows strictly after after and strictly before
// before in the order (end, source, id). The source comparison is
// settled in Go, so each branch compares only its end date and ID:
// conditions an index on the date can serve.
func keyset(s *sql.Selector, end, source, id string, after, before *key) {
	for _, k := range []struct {
		at   *key
		sign int // +1: rows after at; -1: rows before at
	}{{after, 1}, {before, -1}} {
		if k.at == nil {
			continue
		}
		strict, loose := sql.GT, sql.GTE
		if k.sign < 0 {
			strict, loose = sql.LT, sql.LTE
		}
		switch cmp := strings.Compare(source, k.at.source) * k.sign; {
		case cmp > 0: // every row of this branch at the same end date qualifies
			s.Where(loose(end, k.at.end))
		case cmp < 0: // none at the same end date does
			s.Where(strict(end, k.at.end))
		default:
			s.Where(sql.Or(
				strict(end, k.at.end),
				sql.And(sql.EQ(end, k.at.end), strict(id, k.at.id)),
			))
		}
	}
}

// scanTime scans a timestamp, whether the driver returns a time.Time
// (PostgreSQL; SQLite for declared datetime columns) or the text SQLite
// stores (for columns of a compound SELECT, which may lose their
// declared type).
type scanTime time.Time

// timeLayouts are the text forms of timestamps SQLite may hold: Go's
// time.Time.String (modernc's default), SQLite's and RFC 3339.
var timeLayouts = []string{
	"2006-01-02 15:04:05.999999999 -0700 MST",
	"2006-01-02 15:04:05.999999999-07:00",
	"2006-01-02T15:04:05.999999999-07:00",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02",
}

// Scan implements sql.Scanner.
func (t *scanTime) Scan(v any) error {
	switch v := v.(type) {
	case time.Time:
		*t = scanTime(v)
		return nil
	case []byte:
		return t.parse(string(v))
	case string:
		return t.parse(v)
	}
	return fmt.Errorf("report: cannot scan %T as a time", v)
}

// parse reads a text timestamp.
func (t *scanTime) parse(s string) error {
	if i := strings.Index(s, " m="); i > 0 {
		s = s[:i] // monotonic clock reading of time.Time.String
	}
	for _, layout := range timeLayouts {
		if v, err := time.Parse(layout, s); err == nil {
			*t = scanTime(v)
			return nil
		}
	}
	return fmt.Errorf("report: cannot parse time %q", s)
}
