package bench

import (
	"context"
	"database/sql"
	"fmt"

	"kembang/internal/report"
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

// spaDeepCountSQL counts the nation-wide list: the job type's positions
// read once (an InitPlan) as the search keys of one index-only scan of
// the active employees by position (migration 0013), without the join's
// work per row: 23 ms of CPU at 1M against 31 for the join on the same
// index (docs/performance.md, change 52). An agency's list keeps the
// join (spaCountSQL): there the agency's index leads, and the array would
// be searched for every row.
const spaDeepCountSQL = `SELECT count(*) FROM employees e
WHERE e.active AND e.position_id = ANY(ARRAY(SELECT p.id FROM positions p WHERE p.job_type = $1))`

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
	if _, err := drain(ctx, db, 1, spaDeepCountSQL, f.DeepJobType); err != nil {
		return err
	}
	_, err := drain(ctx, db, 6, fmt.Sprintf(spaSQL, "", "AND (e.full_name, e.id) > ($2, $3)"), f.DeepJobType, f.Deep.AfterName, f.Deep.AfterID)
	return err
}

// rawPageInfoFirst is page 1 of all employees by name, without a count.
func rawPageInfoFirst(ctx context.Context, db *sql.DB, _ *Fixture) error {
	_, err := drain(ctx, db, 3, `SELECT e.id, e.nip, e.full_name FROM employees e ORDER BY e.full_name, e.id LIMIT 51`)
	return err
}

// rawPageInfoDeep is spa_list_deep's page by keyset, without a count.
func rawPageInfoDeep(ctx context.Context, db *sql.DB, f *Fixture) error {
	_, err := drain(ctx, db, 6, fmt.Sprintf(spaSQL, "", "AND (e.full_name, e.id) > ($2, $3)"), f.DeepJobType, f.Far.AfterName, f.Far.AfterID)
	return err
}

// rawUnitRoster is the unit roster in one statement: the page, each
// employee's position and unit, and their last three enrolments through
// LATERAL.
func rawUnitRoster(ctx context.Context, db *sql.DB, f *Fixture) error {
	_, err := drain(ctx, db, 7, `SELECT e.id, e.full_name, e.golongan, p.title, u.name, r.status, s.name
FROM (SELECT * FROM employees WHERE unit_id = $1 ORDER BY golongan, full_name, id LIMIT 50) e
LEFT JOIN positions p ON p.id = e.position_id LEFT JOIN units u ON u.id = e.unit_id
LEFT JOIN LATERAL (SELECT * FROM enrollments r WHERE r.employee_id = e.id ORDER BY r.created_at DESC, r.id DESC LIMIT 3) r ON true
LEFT JOIN sessions s ON s.id = r.session_id
ORDER BY e.golongan, e.full_name, e.id, r.created_at DESC, r.id DESC`, f.UnitID)
	return err
}

// rawProfile is the mobile profile: employee, standard, assessments,
// enrollments with session and program, and their evaluations.
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
// each and their enrollment counts.
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

// The report baselines below are the fastest hand-written PostgreSQL
// found for each report at 100,000 employees (docs/performance.md): the
// scope's ids are collected once (= ANY(ARRAY(…)) or a MATERIALIZED
// common table expression) so that every large table is reached by its
// index, never scanned. Years are the WIB ledger year as half-open UTC
// ranges, as in package report.

// rawCompliance is the compliance of the agency in the year: the hours
// distribution with the below-target count and sum of hours per bucket,
// then the first page of the employees below target, by name. Targets:
// PNS 20, PPPK 24 JP, less the 1e-6 tolerance.
func rawCompliance(ctx context.Context, db *sql.DB, f *Fixture) error {
	from, to := report.YearRange(f.Year)
	const hours = `COALESCE((SELECT SUM(r.jp_credited) FROM enrollments r WHERE r.employee_id = e.id AND r.status = 'COMPLETED'
  AND r.completed_at >= $2 AND r.completed_at < $3), 0)
+ COALESCE((SELECT SUM(c.jp) FROM learning_claims c WHERE c.employee_id = e.id AND c.status = 'APPROVED'
  AND c.ends_on >= $2 AND c.ends_on < $3), 0)`
	const limit = `CASE e.employment_type WHEN 'PNS' THEN 19.999999 WHEN 'PPPK' THEN 23.999999 END`
	const scope = `SELECT id FROM employees WHERE agency_id = $1 AND active`
	if _, err := drain(ctx, db, 4, `
WITH h AS MATERIALIZED (
  SELECT COALESCE(r.jp, 0) + COALESCE(c.jp, 0) AS hours, `+limit+` AS lim
  FROM employees e
  LEFT JOIN (SELECT employee_id, SUM(jp_credited) AS jp FROM enrollments WHERE status = 'COMPLETED'
      AND completed_at >= $2 AND completed_at < $3 AND employee_id = ANY(ARRAY(`+scope+`)) GROUP BY employee_id) r
    ON r.employee_id = e.id
  LEFT JOIN (SELECT employee_id, SUM(jp) AS jp FROM learning_claims WHERE status = 'APPROVED'
      AND ends_on >= $2 AND ends_on < $3 AND employee_id = ANY(ARRAY(`+scope+`)) GROUP BY employee_id) c
    ON c.employee_id = e.id
  WHERE e.agency_id = $1 AND e.active)
SELECT CASE WHEN hours < 0.099999 THEN 0 WHEN hours < 9.999999 THEN 1 WHEN hours < 19.999999 THEN 2
            WHEN hours < 39.999999 THEN 3 ELSE 4 END AS bucket,
       count(*), sum(CASE WHEN hours < lim THEN 1 ELSE 0 END), sum(hours)
FROM h GROUP BY bucket ORDER BY bucket`, f.AgencyID, from, to); err != nil {
		return err
	}
	_, err := drain(ctx, db, 3, `SELECT e.id, e.nip, e.full_name FROM employees e
WHERE e.agency_id = $1 AND e.active AND `+hours+` < `+limit+`
ORDER BY e.full_name, e.id LIMIT 21`, f.AgencyID, from, to)
	return err
}

// rawGapSummary is the competency gap summary of the agency: each active
// employee's position standard against the latest rating of each
// required competency (latest WIB date, then most trusted source, then
// latest instant, then lowest level), counted per competency with its
// code and name.
func rawGapSummary(ctx context.Context, db *sql.DB, f *Fixture) error {
	_, err := drain(ctx, db, 7, `
SELECT c.code, c.name, count(*),
       sum(CASE WHEN COALESCE(la.level, 0) < pc.required_level THEN 1 ELSE 0 END),
       sum(CASE WHEN la.level IS NULL THEN 1 ELSE 0 END),
       sum(CASE WHEN COALESCE(la.level, 0) < pc.required_level THEN pc.required_level - COALESCE(la.level, 0) ELSE 0 END),
       pc.competency_id
FROM employees e
JOIN position_competencies pc ON pc.position_id = e.position_id
JOIN competencies c ON c.id = pc.competency_id
LEFT JOIN (
  SELECT a.employee_id, a.competency_id, a.level,
         row_number() OVER (PARTITION BY a.employee_id, a.competency_id ORDER BY
           CAST((a.assessed_on AT TIME ZONE 'UTC') + INTERVAL '7 hours' AS DATE) DESC,
           CASE a.source WHEN 'ASSESSMENT_CENTER' THEN 4 WHEN 'SUPERVISOR' THEN 3 WHEN 'TRAINING' THEN 2 WHEN 'SELF' THEN 1 ELSE 0 END DESC,
           a.assessed_on DESC, a.level) AS rn
  FROM assessments a
  WHERE a.employee_id = ANY(ARRAY(SELECT id FROM employees WHERE agency_id = $1 AND active AND position_id IS NOT NULL))
) la ON la.employee_id = e.id AND la.competency_id = pc.competency_id AND la.rn = 1
WHERE e.agency_id = $1 AND e.active AND e.position_id IS NOT NULL
GROUP BY pc.competency_id, c.code, c.name`, f.AgencyID)
	return err
}

// rawProgramReport is the monitoring and evaluation report of the
// program in the year: sessions and enrollments by status, evaluation
// averages, and the RESULTS evaluations by session start.
func rawProgramReport(ctx context.Context, db *sql.DB, f *Fixture) error {
	from, to := report.YearRange(f.Year)
	const sessions = `SELECT id FROM sessions WHERE program_id = $1 AND starts_at >= $2 AND starts_at < $3`
	if _, err := drain(ctx, db, 3, `
SELECT (SELECT count(*) FROM sessions WHERE program_id = $1 AND starts_at >= $2 AND starts_at < $3), r.status, count(*)
FROM enrollments r WHERE r.session_id = ANY(ARRAY(`+sessions+`))
GROUP BY r.status`, f.ProgramID, from, to); err != nil {
		return err
	}
	if _, err := drain(ctx, db, 4, `
SELECT AVG(CASE WHEN v.level = 'REACTION' THEN v.score END),
       AVG(CASE WHEN v.level = 'LEARNING' THEN v.post_score - v.pre_score END),
       COUNT(CASE WHEN v.level = 'BEHAVIOR' THEN 1 END),
       COUNT(CASE WHEN v.level = 'BEHAVIOR' AND v.signed_off_on IS NOT NULL THEN 1 END)
FROM evaluations v
WHERE v.enrollment_id IN (SELECT r.id FROM enrollments r WHERE r.session_id = ANY(ARRAY(`+sessions+`)))`, f.ProgramID, from, to); err != nil {
		return err
	}
	_, err := drain(ctx, db, 3, `
SELECT v.indicator, v.baseline, v.result FROM evaluations v JOIN sessions s ON s.id = v.session_id
WHERE v.level = 'RESULTS' AND v.baseline IS NOT NULL AND v.result IS NOT NULL
  AND s.program_id = $1 AND s.starts_at >= $2 AND s.starts_at < $3
ORDER BY s.starts_at, v.id`, f.ProgramID, from, to)
	return err
}

// analystSQL is analyst_4level's tree in one statement: the form's first 25
// programs by title, each one's first 10 sessions by start, each session's
// enrollment count and first 20 enrollments (by ID) with the employee.
const analystSQL = `
SELECT p.id, p.code, p.title, s.id, s.name, s.starts_at,
       (SELECT count(*) FROM enrollments c WHERE c.session_id = s.id), r.id, r.status, e.id, e.full_name, e.nip
FROM (SELECT * FROM programs WHERE form = $1 ORDER BY title, id LIMIT 25) p
LEFT JOIN LATERAL (SELECT * FROM sessions s WHERE s.program_id = p.id ORDER BY s.starts_at, s.id LIMIT 10) s ON true
LEFT JOIN LATERAL (SELECT * FROM enrollments r WHERE r.session_id = s.id ORDER BY r.id LIMIT 20) r ON true
LEFT JOIN employees e ON e.id = r.employee_id
ORDER BY p.title, p.id, s.starts_at, s.id, r.id`

// analystPartnersSQL is the partners of analyst_4level's programs.
const analystPartnersSQL = `
SELECT pp.program_id, pa.id, pa.name FROM program_partners pp JOIN partners pa ON pa.id = pp.partner_id
WHERE pp.program_id IN (SELECT id FROM programs WHERE form = $1 ORDER BY title, id LIMIT 25)`

// rawAnalyst is the analyst query: the tree, then the programs' partners.
func rawAnalyst(ctx context.Context, db *sql.DB, f *Fixture) error {
	if _, err := drain(ctx, db, 12, analystSQL, f.ProgramForm); err != nil {
		return err
	}
	_, err := drain(ctx, db, 3, analystPartnersSQL, f.ProgramForm)
	return err
}

// edgeFilterWhere selects the enrollments completed in [$2, $3) by the
// employees of agency $1, whose IDs are collected once (by the employees'
// agency index) so that the enrollments are reached by their employee
// index.
const edgeFilterWhere = `WHERE r.status = 'COMPLETED' AND r.completed_at >= $2 AND r.completed_at < $3
  AND r.employee_id = ANY(ARRAY(SELECT id FROM employees WHERE agency_id = $1))`

// edgeFilterCountSQL counts edge_filter_year's set; edgeFilterSQL is its
// first page and the row after it.
const (
	edgeFilterCountSQL = `SELECT count(*) FROM enrollments r ` + edgeFilterWhere
	edgeFilterSQL      = `SELECT r.id, r.completed_at, r.jp_credited, e.id, e.full_name
FROM enrollments r JOIN employees e ON e.id = r.employee_id ` + edgeFilterWhere + `
ORDER BY r.completed_at, r.id LIMIT 21`
)

// rawEdgeFilterYear is the agency's enrollments completed in the year:
// the count, then page 1.
func rawEdgeFilterYear(ctx context.Context, db *sql.DB, f *Fixture) error {
	from, to := report.YearRange(f.Year)
	if _, err := drain(ctx, db, 1, edgeFilterCountSQL, f.AgencyID, from, to); err != nil {
		return err
	}
	_, err := drain(ctx, db, 5, edgeFilterSQL, f.AgencyID, from, to)
	return err
}

// partnerSessionsSQL is partner_sessions' rosters in one statement: the
// partner's first 10 ONGOING sessions by start, the first 50 enrollments
// (by ID) of each, with the employee and the employee's agency.
const partnerSessionsSQL = `
SELECT s.id, s.name, s.starts_at, r.id, r.status, e.id, e.full_name, e.nip, a.name
FROM (SELECT * FROM sessions WHERE partner_id = $1 AND status = 'ONGOING' ORDER BY starts_at, id LIMIT 10) s
LEFT JOIN LATERAL (SELECT * FROM enrollments r WHERE r.session_id = s.id ORDER BY r.id LIMIT 50) r ON true
LEFT JOIN employees e ON e.id = r.employee_id LEFT JOIN agencies a ON a.id = e.agency_id
ORDER BY s.starts_at, s.id, r.id`

// rawPartnerSessions is the partner's name, then its ongoing sessions'
// rosters.
func rawPartnerSessions(ctx context.Context, db *sql.DB, f *Fixture) error {
	if _, err := drain(ctx, db, 1, `SELECT name FROM partners WHERE id = $1`, f.OngoingPartnerID); err != nil {
		return err
	}
	_, err := drain(ctx, db, 9, partnerSessionsSQL, f.OngoingPartnerID)
	return err
}
