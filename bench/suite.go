// Package bench holds Kembang's performance instruments: the persona
// query suite (queries/*.graphql, with PostGraphile v4 equivalents in
// queries/postgraphile/ and hand-written SQL baselines), the fixture that
// picks the IDs the queries run with, and the shared code of the commands
// in bench/cmd (gen, load, explain). See docs/performance.md.
package bench

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"strings"
	"time"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"kembang/ent"
	"kembang/ent/gid"
	"kembang/internal/cursor"
	"kembang/internal/report"
)

//go:embed queries/*.graphql queries/postgraphile/*.graphql
var files embed.FS

// DeepPage is the page the deep SPA list query starts at (20 rows a
// page), or the last page when there are fewer.
const DeepPage = 500

// FarPage is the page the pageInfo-only deep query starts at (issue 17:
// "pageInfo-only paging at page 1 and page 2000"), or the last page when
// there are fewer.
const FarPage = 2000

// Query is one persona query of the suite.
type Query struct {
	// Name identifies the query on the command line and in reports.
	Name string
	// Kembang is the GraphQL document sent to Kembang.
	Kembang string
	// PostGraphile is the equivalent document for PostGraphile v4 with the
	// connection-filter plugin; empty when there is none (reports).
	PostGraphile string
	// Vars returns Kembang's variables.
	Vars func(f *Fixture) map[string]any
	// PGVars returns PostGraphile's variables.
	PGVars func(f *Fixture) map[string]any
	// Raw fetches the same data with hand-written SQL (PostgreSQL); nil
	// when there is no baseline.
	Raw func(ctx context.Context, db *sql.DB, f *Fixture) error
}

// Suite returns the persona queries in a fixed order.
func Suite() []Query {
	doc := func(name string) string {
		b, err := files.ReadFile("queries/" + name + ".graphql")
		if err != nil {
			return ""
		}
		return string(b)
	}
	pg := func(name string) string { return doc("postgraphile/" + name) }
	return []Query{
		{
			Name: "spa_list_p1", Kembang: doc("spa_list"), PostGraphile: pg("spa_list"),
			Vars: func(f *Fixture) map[string]any {
				return map[string]any{"agency": gid.Encode(f.AgencyID), "jobType": f.JobType}
			},
			PGVars: func(f *Fixture) map[string]any {
				return map[string]any{"agency": fmt.Sprint(f.AgencyID), "jobType": f.JobType}
			},
			Raw: rawSpaFirst,
		},
		{
			Name: "spa_list_deep", Kembang: doc("spa_list_deep"), PostGraphile: pg("spa_list_deep"),
			Vars:   func(f *Fixture) map[string]any { return f.Deep.vars(f, false) },
			PGVars: func(f *Fixture) map[string]any { return f.Deep.vars(f, true) },
			Raw:    rawSpaDeep,
		},
		{
			Name: "page_info_p1", Kembang: doc("page_info_p1"), PostGraphile: pg("page_info_p1"),
			Vars:   func(*Fixture) map[string]any { return map[string]any{} },
			PGVars: func(*Fixture) map[string]any { return map[string]any{} },
			Raw:    rawPageInfoFirst,
		},
		{
			Name: "page_info_deep", Kembang: doc("page_info_deep"), PostGraphile: pg("page_info_deep"),
			Vars:   func(f *Fixture) map[string]any { return f.Far.vars(f, false) },
			PGVars: func(f *Fixture) map[string]any { return f.Far.vars(f, true) },
			Raw:    rawPageInfoDeep,
		},
		{
			Name: "unit_roster", Kembang: doc("unit_roster"), PostGraphile: pg("unit_roster"),
			Vars:   func(f *Fixture) map[string]any { return map[string]any{"unit": gid.Encode(f.UnitID)} },
			PGVars: func(f *Fixture) map[string]any { return map[string]any{"unit": fmt.Sprint(f.UnitID)} },
			Raw:    rawUnitRoster,
		},
		{
			Name: "analyst_4level", Kembang: doc("analyst_4level"), PostGraphile: pg("analyst_4level"),
			Vars:   func(f *Fixture) map[string]any { return map[string]any{"form": f.ProgramForm} },
			PGVars: func(f *Fixture) map[string]any { return map[string]any{"form": f.ProgramForm} },
			Raw:    rawAnalyst,
		},
		{
			Name: "edge_filter_year", Kembang: doc("edge_filter_year"), PostGraphile: pg("edge_filter_year"),
			Vars: func(f *Fixture) map[string]any {
				from, to := yearRange(f.Year)
				return map[string]any{"agency": gid.Encode(f.AgencyID), "from": from, "to": to}
			},
			PGVars: func(f *Fixture) map[string]any {
				from, to := yearRange(f.Year)
				return map[string]any{"agency": fmt.Sprint(f.AgencyID), "from": from, "to": to}
			},
			Raw: rawEdgeFilterYear,
		},
		{
			Name: "partner_sessions", Kembang: doc("partner_sessions"), PostGraphile: pg("partner_sessions"),
			Vars:   func(f *Fixture) map[string]any { return map[string]any{"id": gid.Encode(f.OngoingPartnerID)} },
			PGVars: func(f *Fixture) map[string]any { return map[string]any{"id": fmt.Sprint(f.OngoingPartnerID)} },
			Raw:    rawPartnerSessions,
		},
		{
			Name: "mobile_profile", Kembang: doc("mobile_profile"), PostGraphile: pg("mobile_profile"),
			Vars:   func(f *Fixture) map[string]any { return map[string]any{"id": gid.Encode(f.EmployeeID)} },
			PGVars: func(f *Fixture) map[string]any { return map[string]any{"id": fmt.Sprint(f.EmployeeID)} },
			Raw:    rawProfile,
		},
		{
			Name: "partner_listing", Kembang: doc("partner_listing"), PostGraphile: pg("partner_listing"),
			Vars:   func(f *Fixture) map[string]any { return map[string]any{"id": gid.Encode(f.PartnerID)} },
			PGVars: func(f *Fixture) map[string]any { return map[string]any{"id": fmt.Sprint(f.PartnerID)} },
			Raw:    rawPartner,
		},
		{
			Name: "compliance_report", Kembang: doc("compliance_report"),
			Vars: func(f *Fixture) map[string]any {
				return map[string]any{"agency": gid.Encode(f.AgencyID), "year": f.Year}
			},
			Raw: rawCompliance,
		},
		{
			Name: "gap_summary", Kembang: doc("gap_summary"),
			Vars: func(f *Fixture) map[string]any { return map[string]any{"agency": gid.Encode(f.AgencyID)} },
			Raw:  rawGapSummary,
		},
		{
			Name: "program_report", Kembang: doc("program_report"),
			Vars: func(f *Fixture) map[string]any {
				return map[string]any{"program": gid.Encode(f.ProgramID), "year": f.Year}
			},
			Raw: rawProgramReport,
		},
		{
			Name: "name_search", Kembang: doc("name_search"), PostGraphile: pg("name_search"),
			Vars:   func(f *Fixture) map[string]any { return map[string]any{"prefix": f.NamePrefix} },
			PGVars: func(f *Fixture) map[string]any { return map[string]any{"prefix": f.NamePrefix} },
			Raw:    rawNameSearch,
		},
		{
			Name: "nodes_100", Kembang: doc("nodes_100"), PostGraphile: pg("nodes_100"),
			Vars: func(f *Fixture) map[string]any {
				ids := make([]string, 0, len(f.NodeEmployees)+len(f.NodeEnrollments))
				for _, id := range f.NodeEmployees {
					ids = append(ids, gid.Encode(id))
				}
				for _, id := range f.NodeEnrollments {
					ids = append(ids, gid.Encode(id))
				}
				return map[string]any{"ids": ids}
			},
			PGVars: func(f *Fixture) map[string]any {
				return map[string]any{"employees": strs(f.NodeEmployees), "enrollments": strs(f.NodeEnrollments)}
			},
			Raw: rawNodes,
		},
	}
}

// Select returns the queries of suite named in the comma-separated list
// names; all of them when names is empty.
func Select(suite []Query, names string) ([]Query, error) {
	if strings.TrimSpace(names) == "" {
		return suite, nil
	}
	var out []Query
	for _, n := range strings.Split(names, ",") {
		n = strings.TrimSpace(n)
		found := false
		for _, q := range suite {
			if q.Name == n {
				out, found = append(out, q), true
				break
			}
		}
		if !found {
			return nil, fmt.Errorf("unknown query %q", n)
		}
	}
	return out, nil
}

// yearRange returns the report year's bounds (WIB ledger year, half-open)
// as RFC 3339 strings, the form both servers' time scalars take.
func yearRange(year int) (from, to string) {
	f, t := report.YearRange(year)
	return f.Format(time.RFC3339), t.Format(time.RFC3339)
}

// strs formats ids as decimal strings (PostGraphile's BigInt).
func strs(ids []int) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = fmt.Sprint(id)
	}
	return out
}

// Fixture holds the raw IDs and values the queries run with, picked from
// the database.
type Fixture struct {
	AgencyID   int
	JobType    string
	EmployeeID int
	PartnerID  int
	ProgramID  int
	Year       int
	NamePrefix string
	// ProgramForm is the analyst query's program form: the form whose
	// programs have the most sessions.
	ProgramForm string
	// OngoingPartnerID is the partner with the most ONGOING sessions
	// (partner_sessions).
	OngoingPartnerID int
	// UnitID is the unit of the roster: the fixture agency's unit with
	// the most employees.
	UnitID          int
	NodeEmployees   []int
	NodeEnrollments []int
	// DeepJobType filters the deep SPA page: one job type nation-wide (an
	// agency alone rarely has DeepPage pages).
	DeepJobType string
	// Deep is spa_list_deep's page (DeepPage) of that list.
	Deep DeepPageKey
	// Far is page_info_deep's page (FarPage) of the same list.
	Far DeepPageKey
}

// A DeepPageKey locates one deep page of the nation-wide DeepJobType list
// (20 rows a page, by name) for each target.
type DeepPageKey struct {
	// Page is the page Cursor starts (1-based).
	Page int
	// Cursor is Kembang's cursor of the row before that page.
	Cursor string
	// PGCursor is PostGraphile v4's cursor of the same row; the load
	// driver asks PostGraphile for it (first: 1, offset:).
	PGCursor string
	// AfterName and AfterID are that row's key (raw SQL keyset).
	AfterName string
	AfterID   int
}

// LoadFixture picks the fixture from db (PostgreSQL or SQLite): the
// agency with the most employees, its PELAKSANA list, an employee with
// enrollments, the partner and program with the most sessions, and the
// cursor of the deep page. year is the report year.
func LoadFixture(ctx context.Context, db *sql.DB, year int) (*Fixture, error) {
	f := &Fixture{Year: year, JobType: "PELAKSANA", DeepJobType: "PELAKSANA"}
	one := func(q string, dst ...any) error {
		if err := db.QueryRowContext(ctx, q).Scan(dst...); err != nil {
			return fmt.Errorf("fixture: %s: %w", strings.Fields(q)[3], err)
		}
		return nil
	}
	if err := one(`SELECT agency_id FROM employees GROUP BY agency_id ORDER BY count(*) DESC, agency_id LIMIT 1`, &f.AgencyID); err != nil {
		return nil, err
	}
	if err := one(`SELECT e.id FROM employees e WHERE e.agency_id = `+fmt.Sprint(f.AgencyID)+
		` AND EXISTS (SELECT 1 FROM enrollments r WHERE r.employee_id = e.id) ORDER BY e.id LIMIT 1`, &f.EmployeeID); err != nil {
		return nil, err
	}
	if err := one(`SELECT unit_id FROM employees WHERE agency_id = `+fmt.Sprint(f.AgencyID)+
		` AND unit_id IS NOT NULL GROUP BY unit_id ORDER BY count(*) DESC, unit_id LIMIT 1`, &f.UnitID); err != nil {
		return nil, err
	}
	if err := one(`SELECT partner_id FROM sessions WHERE partner_id IS NOT NULL GROUP BY partner_id ORDER BY count(*) DESC, partner_id LIMIT 1`, &f.PartnerID); err != nil {
		return nil, err
	}
	if err := one(`SELECT partner_id FROM sessions WHERE partner_id IS NOT NULL GROUP BY partner_id
ORDER BY sum(CASE WHEN status = 'ONGOING' THEN 1 ELSE 0 END) DESC, count(*) DESC, partner_id LIMIT 1`, &f.OngoingPartnerID); err != nil {
		return nil, err
	}
	if err := one(`SELECT p.form FROM programs p JOIN sessions s ON s.program_id = p.id GROUP BY p.form ORDER BY count(*) DESC, p.form LIMIT 1`, &f.ProgramForm); err != nil {
		return nil, err
	}
	if err := one(`SELECT program_id FROM sessions GROUP BY program_id ORDER BY count(*) DESC, program_id LIMIT 1`, &f.ProgramID); err != nil {
		return nil, err
	}
	var name string
	if err := one(`SELECT full_name FROM employees WHERE id = `+fmt.Sprint(f.EmployeeID), &name); err != nil {
		return nil, err
	}
	f.NamePrefix = name
	if i := strings.LastIndexByte(name, ' '); i > 0 && i+2 <= len(name) {
		f.NamePrefix = name[:i+2] // "Agus S"
	}
	var err error
	if f.NodeEmployees, err = ids(ctx, db, `SELECT id FROM employees ORDER BY id LIMIT 50`); err != nil {
		return nil, err
	}
	if f.NodeEnrollments, err = ids(ctx, db, `SELECT id FROM enrollments ORDER BY id LIMIT 50`); err != nil {
		return nil, err
	}
	var n int
	if err := db.QueryRowContext(ctx, `SELECT count(*) `+deepList, f.DeepJobType).Scan(&n); err != nil {
		return nil, fmt.Errorf("fixture: deep page: %w", err)
	}
	for _, d := range []struct {
		key  *DeepPageKey
		page int
	}{{&f.Deep, DeepPage}, {&f.Far, FarPage}} {
		if *d.key, err = f.deepKey(ctx, db, d.page, n); err != nil {
			return nil, err
		}
	}
	return f, nil
}

// deepList is the FROM and WHERE of the nation-wide DeepJobType list.
const deepList = `FROM employees e JOIN positions p ON p.id = e.position_id WHERE p.job_type = $1 AND e.active`

// deepKey finds the row before page of the nation-wide DeepJobType list
// of n rows (or before its last page) and encodes its Kembang cursor.
func (f *Fixture) deepKey(ctx context.Context, db *sql.DB, page, n int) (DeepPageKey, error) {
	var k DeepPageKey
	k.Page = min(page, (n+19)/20)
	if k.Page < 2 {
		return k, fmt.Errorf("fixture: deep page: only %d %s employees", n, f.DeepJobType)
	}
	offset := (k.Page-1)*20 - 1
	err := db.QueryRowContext(ctx, `SELECT e.id, e.full_name `+deepList+` ORDER BY e.full_name, e.id LIMIT 1 OFFSET `+fmt.Sprint(offset),
		f.DeepJobType).Scan(&k.AfterID, &k.AfterName)
	if err != nil {
		return k, fmt.Errorf("fixture: deep page: %w", err)
	}
	k.Cursor = cursor.Encode(ent.Cursor{ID: k.AfterID, Value: []any{k.AfterName}}, cursor.TagFor("Query", "employees", "FULL_NAME ASC"))
	return k, nil
}

// vars returns the variables of a deep page's query: Kembang's cursor, or
// PostGraphile's when pg is set (none until the driver asked for it).
func (k DeepPageKey) vars(f *Fixture, pg bool) map[string]any {
	v := map[string]any{"jobType": f.DeepJobType, "after": k.Cursor}
	if pg {
		delete(v, "after")
		if k.PGCursor != "" {
			v["after"] = k.PGCursor
		}
	}
	return v
}

// ids runs q and returns the single integer column.
func ids(ctx context.Context, db *sql.DB, q string) ([]int, error) {
	rows, err := db.QueryContext(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("fixture: %w", err)
	}
	defer rows.Close()
	var out []int
	for rows.Next() {
		var id int
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// Depth returns the nesting depth of a GraphQL document against schema:
// the most levels of objects on any path of its selections, the bound of
// issue 17 on the statements a query may run being Depth + 1 (one per
// level, and one for a count or a report).
//
// Every field that selects into an object (or interface) type is a level,
// except the wrappers of a connection: a …Connection, its …Edge and its
// PageInfo add none, so that a connection counts as one level, its node's.
// Fragments count at the level they are spread. For example
// employees(first: 50) { edges { node { position { title } enrollments {
// edges { node { session { name } } } } } } } is 3 deep: the employee (1),
// its position and its enrollment (2), the enrollment's session (3).
func Depth(schema *ast.Schema, doc string) (int, error) {
	q, errs := gqlparser.LoadQuery(schema, doc)
	if len(errs) > 0 {
		return 0, fmt.Errorf("parsing the document: %w", errs)
	}
	depth := 0
	for _, op := range q.Operations {
		depth = max(depth, selectionDepth(op.SelectionSet))
	}
	return depth, nil
}

// selectionDepth is the depth of a selection set (see Depth).
func selectionDepth(set ast.SelectionSet) int {
	depth := 0
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			if len(s.SelectionSet) == 0 || s.Definition == nil {
				continue
			}
			level := 1
			if name := s.Definition.Type.Name(); strings.HasSuffix(name, "Connection") || strings.HasSuffix(name, "Edge") || name == "PageInfo" {
				level = 0
			}
			depth = max(depth, level+selectionDepth(s.SelectionSet))
		case *ast.InlineFragment:
			depth = max(depth, selectionDepth(s.SelectionSet))
		case *ast.FragmentSpread:
			if s.Definition != nil {
				depth = max(depth, selectionDepth(s.Definition.SelectionSet))
			}
		}
	}
	return depth
}
