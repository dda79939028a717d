package bench

import (
	"context"
	"database/sql"
	"fmt"
)

// The raw-SQL baselines fetch the same rows as the GraphQL queries, in
// the fewest hand-written statements, and scan every column.

// drain scans every row of q into n columns and returns the row count.
func drain(ctx context.Context, db *sql.DB, n int, q string, args ...any) (int, error) {
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	vals := make([]any, n)
	ptrs := make([]any, n)
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	count := 0
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return count, err
		}
		count++
	}
	return count, rows.Err()
}

const spaSQL = `
SELECT e.id, e.nip, e.full_name, e.golongan, u.name, p.title
FROM employees e
JOIN positions p ON p.id = e.position_id
LEFT JOIN units u ON u.id = e.unit_id
WHERE %s p.job_type = $1 AND e.active %s
ORDER BY e.full_name, e.id
LIMIT 21`

const spaCountSQL = `SELECT count(*) FROM employees e JOIN positions p ON p.id = e.position_id WHERE %s p.job_type = $1 AND e.active`

// rawSpaFirst is page 1 of an agency's list with its total count.
func rawSpaFirst(ctx context.Context, db *sql.DB, f *Fixture) error {
	if _, err := drain(ctx, db, 1, fmt.Sprintf(spaCountSQL, "e.agency_id = $2 AND"), f.JobType, f.AgencyID); err != nil {
		return err
	}
	_, err := drain(ctx, db, 6, fmt.Sprintf(spaSQL, "e.agency_id = $2 AND", ""), f.JobType, f.AgencyID)
	return err
}

// rawSpaDeep is the deep page by keyset with the total count.
func rawSpaDeep(ctx context.Context, db *sql.DB, f *Fixture) error {
	if _, err := drain(ctx, db, 1, fmt.Sprintf(spaCountSQL, ""), f.DeepJobType); err != nil {
		return err
	}
	_, err := drain(ctx, db, 6, fmt.Sprintf(spaSQL, "", "AND (e.full_name, e.id) > ($2, $3)"), f.DeepJobType, f.DeepAfterName, f.DeepAfterID)
	return err
}

// rawProfile is the mobile profile: employee, standard, assessments,
// enrolments with session and program, and their evaluations.
func rawProfile(ctx context.Context, db *sql.DB, f *Fixture) error {
	steps := []struct {
		n int
		q string
	}{
		{8, `SELECT e.full_name, e.nip, e.golongan, a.name, u.name, p.title, p.job_type, p.id
FROM employees e JOIN agencies a ON a.id = e.agency_id LEFT JOIN units u ON u.id = e.unit_id
LEFT JOIN positions p ON p.id = e.position_id WHERE e.id = $1`},
		{3, `SELECT pc.required_level, c.code, c.name FROM employees e
JOIN position_competencies pc ON pc.position_id = e.position_id JOIN competencies c ON c.id = pc.competency_id WHERE e.id = $1`},
		{4, `SELECT a.level, a.source, a.assessed_on, c.code FROM assessments a JOIN competencies c ON c.id = a.competency_id
WHERE a.employee_id = $1 ORDER BY a.assessed_on DESC, a.id DESC LIMIT 5`},
		{6, `SELECT r.status, r.jp_credited, r.certificate_number, s.name, s.starts_at, p.title
FROM enrollments r JOIN sessions s ON s.id = r.session_id JOIN programs p ON p.id = s.program_id
WHERE r.employee_id = $1 ORDER BY r.created_at DESC, r.id DESC LIMIT 10`},
		{5, `SELECT v.enrollment_id, v.level, v.score, v.pre_score, v.post_score FROM evaluations v
WHERE v.enrollment_id IN (SELECT r.id FROM enrollments r WHERE r.employee_id = $1 ORDER BY r.created_at DESC, r.id DESC LIMIT 10)`},
	}
	for _, s := range steps {
		if _, err := drain(ctx, db, s.n, s.q, f.EmployeeID); err != nil {
			return err
		}
	}
	return nil
}

// rawPartner is the partner listing: programs, up to ten open sessions
// each and their enrolment counts.
func rawPartner(ctx context.Context, db *sql.DB, f *Fixture) error {
	if _, err := drain(ctx, db, 2, `SELECT name, kind FROM partners WHERE id = $1`, f.PartnerID); err != nil {
		return err
	}
	_, err := drain(ctx, db, 7, `
SELECT p.code, p.title, s.name, s.starts_at, s.capacity, s.id,
       (SELECT count(*) FROM enrollments r WHERE r.session_id = s.id)
FROM (SELECT p.* FROM programs p JOIN program_partners pp ON pp.program_id = p.id
      WHERE pp.partner_id = $1 ORDER BY p.title, p.id LIMIT 20) p
LEFT JOIN LATERAL (SELECT * FROM sessions s WHERE s.program_id = p.id AND s.status = 'OPEN'
      ORDER BY s.starts_at, s.id LIMIT 10) s ON true`, f.PartnerID)
	return err
}

// rawNameSearch is the prefix search.
func rawNameSearch(ctx context.Context, db *sql.DB, f *Fixture) error {
	_, err := drain(ctx, db, 4, `SELECT e.id, e.nip, e.full_name, a.code FROM employees e JOIN agencies a ON a.id = e.agency_id
WHERE e.full_name LIKE $1 || '%' ORDER BY e.full_name, e.id LIMIT 10`, f.NamePrefix)
	return err
}

// rawNodes fetches the 100 nodes by id.
func rawNodes(ctx context.Context, db *sql.DB, f *Fixture) error {
	if _, err := drain(ctx, db, 3, `SELECT id, full_name, nip FROM employees WHERE id = ANY($1)`, int64s(f.NodeEmployees)); err != nil {
		return err
	}
	_, err := drain(ctx, db, 3, `SELECT id, status, jp_credited FROM enrollments WHERE id = ANY($1)`, int64s(f.NodeEnrollments))
	return err
}
