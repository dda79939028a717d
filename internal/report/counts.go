package report

import (
	"context"
	"slices"

	"entgo.io/ent/dialect/sql"

	"kembang/ent"
	"kembang/ent/competency"
	"kembang/ent/employee"
	"kembang/ent/enrollment"
	"kembang/ent/program"
	"kembang/ent/programcompetency"
	"kembang/ent/session"
	"kembang/internal/fault"
)

// Grouping is a dimension enrollments are counted by.
type Grouping string

// Groupings, as in the API's EnrollmentGrouping.
const (
	ByAgency Grouping = "AGENCY"       // the employee's agency
	ByStatus Grouping = "STATUS"       // the enrollment's status
	ByYear   Grouping = "YEAR"         // the ledger year (WIB) the session starts
	ByForm   Grouping = "PROGRAM_FORM" // the form of the session's program
)

// Count is the size of one group of enrollments. Keys not grouped by are
// nil.
type Count struct {
	AgencyID *int
	Status   *enrollment.Status
	Year     *int
	Form     *program.Form
	Count    int
}

// EnrollmentCounts counts enrollments grouped by the dimensions of
// groupBy (duplicates ignored; none: one group of all), optionally only
// those of employees of agencyID and of sessions starting in year, in one
// GROUP BY statement. Groups come ordered by their keys, in the order of
// groupBy.
func EnrollmentCounts(ctx context.Context, client *ent.Client, groupBy []Grouping, agencyID, year *int) ([]Count, error) {
	ctx = aggregate(ctx)
	var dims []Grouping
	for _, g := range groupBy {
		switch g {
		case ByAgency, ByStatus, ByYear, ByForm:
		default:
			return nil, fault.Inputf("groupBy", "unknown grouping %q", g)
		}
		if !slices.Contains(dims, g) {
			dims = append(dims, g)
		}
	}
	q := client.Enrollment.Query()
	if agencyID != nil {
		q.Where(enrollment.HasEmployeeWith(employee.AgencyID(*agencyID)))
	}
	if year != nil {
		if err := CheckYear(*year); err != nil {
			return nil, err
		}
		from, to := YearRange(*year)
		q.Where(enrollment.HasSessionWith(session.StartsAtGTE(from), session.StartsAtLT(to)))
	}
	var rows []struct {
		AgencyID *int    `sql:"agency_id"`
		Status   *string `sql:"status"`
		Year     *int    `sql:"year"`
		Form     *string `sql:"form"`
		Count    int     `sql:"count"`
	}
	err := q.Modify(func(s *sql.Selector) {
		s.Select()
		var ses *sql.SelectTable
		joinSession := func() *sql.SelectTable {
			if ses == nil {
				ses = table(s, session.Table, "count_session")
				s.Join(ses).On(s.C(enrollment.FieldSessionID), ses.C(session.FieldID))
			}
			return ses
		}
		var keys []string
		for _, g := range dims {
			var key, as string
			switch g {
			case ByAgency:
				emp := table(s, employee.Table, "count_employee")
				s.Join(emp).On(s.C(enrollment.FieldEmployeeID), emp.C(employee.FieldID))
				key, as = emp.C(employee.FieldAgencyID), "agency_id"
			case ByStatus:
				key, as = s.C(enrollment.FieldStatus), "status"
			case ByYear:
				key, as = yearOf(s.Dialect(), joinSession().C(session.FieldStartsAt)), "year"
			case ByForm:
				prog := table(s, program.Table, "count_program")
				s.Join(prog).On(joinSession().C(session.FieldProgramID), prog.C(program.FieldID))
				key, as = prog.C(program.FieldForm), "form"
			}
			s.AppendSelectAs(key, as)
			keys = append(keys, key)
		}
		s.AppendSelectExprAs(sql.Raw("COUNT(*)"), "count")
		if len(keys) > 0 {
			s.GroupBy(keys...).OrderBy(keys...)
		}
	}).Scan(ctx, &rows)
	if err != nil {
		return nil, wrap("enrollment counts", err)
	}
	out := make([]Count, 0, len(rows))
	for _, r := range rows {
		c := Count{AgencyID: r.AgencyID, Year: r.Year, Count: r.Count}
		if r.Status != nil {
			st := enrollment.Status(*r.Status)
			c.Status = &st
		}
		if r.Form != nil {
			f := program.Form(*r.Form)
			c.Form = &f
		}
		out = append(out, c)
	}
	return out, nil
}

// TypeJP is the JP credited in a year for one competency type.
type TypeJP struct {
	Type competency.Type
	// JP sums the jp_credited of the enrollments attributed to the type.
	JP float64
	// Enrollments counts them.
	Enrollments int
}

// JPByCompetencyType returns, for each competency type (MANAGERIAL,
// SOCIOCULTURAL, TECHNICAL, all three, in that order), the JP credited in
// year by the enrollments that count in the ledger ([CompletedIn]),
// optionally only those of employees of agencyID, in one GROUP BY
// statement.
//
// Attribution: an enrollment counts once, with its full jp_credited, for
// each distinct type among the competencies its program targets. A
// program targeting two managerial competencies and a technical one adds
// its JP once to MANAGERIAL and once to TECHNICAL, so the types overlap
// and their sum can exceed the JP credited; enrollments in programs that
// target no competency count for no type.
func JPByCompetencyType(ctx context.Context, client *ent.Client, year int, agencyID *int) ([]TypeJP, error) {
	ctx = aggregate(ctx)
	if err := CheckYear(year); err != nil {
		return nil, err
	}
	q := client.Enrollment.Query().Where(CompletedIn(year))
	if agencyID != nil {
		q.Where(enrollment.HasEmployeeWith(employee.AgencyID(*agencyID)))
	}
	var rows []struct {
		Type        competency.Type `sql:"type"`
		JP          float64         `sql:"jp"`
		Enrollments int             `sql:"enrollments"`
	}
	err := q.Modify(func(s *sql.Selector) {
		b := sql.Dialect(s.Dialect())
		ses := table(s, session.Table, "jp_session")
		pc := table(s, programcompetency.Table, "jp_target")
		c := table(s, competency.Table, "jp_competency")
		types := b.Select(
			sql.As(pc.C(programcompetency.FieldProgramID), "program_id"),
			sql.As(c.C(competency.FieldType), "type"),
		).
			Distinct().
			From(pc).
			Join(c).On(pc.C(programcompetency.FieldCompetencyID), c.C(competency.FieldID)).
			As("jp_program_types")
		s.Join(ses).On(s.C(enrollment.FieldSessionID), ses.C(session.FieldID)).
			Join(types).On(ses.C(session.FieldProgramID), types.C("program_id"))
		s.Select().
			AppendSelectAs(types.C("type"), "type").
			AppendSelectExprAs(sql.Raw(sql.Sum(s.C(enrollment.FieldJpCredited))), "jp").
			AppendSelectExprAs(sql.Raw("COUNT(*)"), "enrollments").
			GroupBy(types.C("type"))
	}).Scan(ctx, &rows)
	if err != nil {
		return nil, wrap("jp by competency type", err)
	}
	all := []competency.Type{competency.TypeMANAGERIAL, competency.TypeSOCIOCULTURAL, competency.TypeTECHNICAL}
	out := make([]TypeJP, len(all))
	for i, t := range all {
		out[i].Type = t
		for _, r := range rows {
			if r.Type == t {
				out[i].JP, out[i].Enrollments = r.JP, r.Enrollments
			}
		}
	}
	return out, nil
}
