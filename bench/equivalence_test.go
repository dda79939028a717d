package bench

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"slices"
	"testing"

	"kembang/ent/gid"
	"kembang/internal/report"
	"kembang/internal/store/storetest"
)

// TestRawEquivalence checks, on PostgreSQL (the baselines' dialect), that
// the raw-SQL baselines of the issue-17 personas read the same rows as
// Kembang: the same IDs in the same order at every level, and the same
// counts. Each side is reduced to lines of keys ("P1 S2 N3 R4 E5").
func TestRawEquivalence(t *testing.T) {
	if !slices.Contains(storetest.Dialects(t), "postgres") {
		t.Skip("the raw-SQL baselines are PostgreSQL")
	}
	srv, fx, db := setup(t, "postgres")
	suite := map[string]Query{}
	for _, q := range Suite() {
		suite[q.Name] = q
	}
	from, to := report.YearRange(fx.Year)
	for _, tc := range []struct {
		name    string
		kembang func(t *testing.T, data *node) []string
		raw     func(t *testing.T) []string
	}{
		{
			name: "analyst_4level",
			kembang: func(t *testing.T, data *node) []string {
				var out []string
				for _, p := range data.Programs.Edges {
					pid := id(t, p.Node.ID)
					for _, pa := range p.Node.Partners {
						out = append(out, fmt.Sprintf("P%d partner %d", pid, id(t, pa.ID)))
					}
					if len(p.Node.Sessions.Edges) == 0 {
						out = append(out, fmt.Sprintf("P%d S- N- R- E-", pid))
					}
					for _, s := range p.Node.Sessions.Edges {
						head := fmt.Sprintf("P%d S%d N%d", pid, id(t, s.Node.ID), *s.Node.Enrollments.TotalCount)
						if len(s.Node.Enrollments.Edges) == 0 {
							out = append(out, head+" R- E-")
						}
						for _, r := range s.Node.Enrollments.Edges {
							out = append(out, fmt.Sprintf("%s R%d E%d", head, id(t, r.Node.ID), id(t, r.Node.Employee.ID)))
						}
					}
				}
				return out
			},
			raw: func(t *testing.T) []string {
				out := lines(t, db, func(v []any) string {
					return fmt.Sprintf("P%s partner %s", key(v[0]), key(v[1]))
				}, analystPartnersSQL, fx.ProgramForm)
				return append(out, lines(t, db, func(v []any) string {
					return fmt.Sprintf("P%s S%s N%s R%s E%s", key(v[0]), key(v[3]), key(v[6]), key(v[7]), key(v[9]))
				}, analystSQL, fx.ProgramForm)...)
			},
		},
		{
			name: "edge_filter_year",
			kembang: func(t *testing.T, data *node) []string {
				out := []string{fmt.Sprintf("N%d", *data.Enrollments.TotalCount)}
				for _, r := range data.Enrollments.Edges {
					out = append(out, fmt.Sprintf("R%d E%d", id(t, r.Node.ID), id(t, r.Node.Employee.ID)))
				}
				return out
			},
			raw: func(t *testing.T) []string {
				out := lines(t, db, func(v []any) string { return "N" + key(v[0]) }, edgeFilterCountSQL, fx.AgencyID, from, to)
				page := lines(t, db, func(v []any) string {
					return fmt.Sprintf("R%s E%s", key(v[0]), key(v[3]))
				}, edgeFilterSQL, fx.AgencyID, from, to)
				return append(out, page[:min(len(page), 20)]...)
			},
		},
		{
			name: "spa_list_deep",
			kembang: func(t *testing.T, data *node) []string {
				out := []string{fmt.Sprintf("N%d", *data.Employees.TotalCount)}
				for _, e := range data.Employees.Edges {
					out = append(out, fmt.Sprintf("E%d", id(t, e.Node.ID)))
				}
				return out
			},
			raw: func(t *testing.T) []string {
				out := lines(t, db, func(v []any) string { return "N" + key(v[0]) }, spaDeepCountSQL, fx.DeepJobType)
				page := lines(t, db, func(v []any) string { return "E" + key(v[0]) },
					fmt.Sprintf(spaSQL, "", "AND (e.full_name, e.id) > ($2, $3)"), fx.DeepJobType, fx.Deep.AfterName, fx.Deep.AfterID)
				return append(out, page[:min(len(page), 20)]...)
			},
		},
		{
			name: "partner_sessions",
			kembang: func(t *testing.T, data *node) []string {
				var out []string
				for _, s := range data.Node.Sessions.Edges {
					sid := id(t, s.Node.ID)
					if len(s.Node.Enrollments.Edges) == 0 {
						out = append(out, fmt.Sprintf("S%d R- E- A-", sid))
					}
					for _, r := range s.Node.Enrollments.Edges {
						out = append(out, fmt.Sprintf("S%d R%d E%d A%s", sid, id(t, r.Node.ID), id(t, r.Node.Employee.ID), r.Node.Employee.Agency.Name))
					}
				}
				return out
			},
			raw: func(t *testing.T) []string {
				return lines(t, db, func(v []any) string {
					return fmt.Sprintf("S%s R%s E%s A%s", key(v[0]), key(v[3]), key(v[5]), key(v[8]))
				}, partnerSessionsSQL, fx.OngoingPartnerID)
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q := suite[tc.name]
			if err := q.Raw(t.Context(), db, fx); err != nil {
				t.Fatalf("raw baseline: %v", err)
			}
			var resp struct {
				Data   node  `json:"data"`
				Errors []any `json:"errors"`
			}
			if err := PostInto(t.Context(), http.DefaultClient, srv.URL, q.Kembang, q.Vars(fx), &resp); err != nil {
				t.Fatal(err)
			}
			if len(resp.Errors) > 0 {
				t.Fatalf("errors: %v", resp.Errors)
			}
			got, want := tc.kembang(t, &resp.Data), tc.raw(t)
			t.Logf("%d lines, first %q", len(want), want[:min(2, len(want))])
			if len(want) < 2 {
				t.Fatalf("the baseline read %d rows: the seed does not exercise the query", len(want))
			}
			if tc.name == "analyst_4level" {
				// Partners are a list without an order: compare them as a set.
				slices.Sort(got)
				slices.Sort(want)
			}
			if !slices.Equal(got, want) {
				t.Errorf("Kembang and raw SQL differ:\nKembang %q\nraw SQL %q", got, want)
			}
		})
	}
}

// node is the part of the issue-17 personas' responses the equivalence
// test reads.
type node struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Programs conn   `json:"programs"`
	Partners []node `json:"partners"`
	Sessions conn   `json:"sessions"`
	// Enrollments is the connection of a session, or the root's.
	Enrollments conn `json:"enrollments"`
	// Employees is the root's employees connection (spa_list_deep).
	Employees conn  `json:"employees"`
	Employee  *node `json:"employee"`
	Agency    *node `json:"agency"`
	// Node is the root's node(id:).
	Node *node `json:"node"`
}

// conn is a connection of node.
type conn struct {
	TotalCount *int `json:"totalCount"`
	Edges      []struct {
		Node node `json:"node"`
	} `json:"edges"`
}

// id decodes a global ID.
func id(t *testing.T, s string) int {
	t.Helper()
	n, err := gid.Decode(s)
	if err != nil {
		t.Fatalf("ID %q: %v", s, err)
	}
	return n
}

// key formats a scanned value, "-" for NULL.
func key(v any) string {
	if v == nil {
		return "-"
	}
	if b, ok := v.([]byte); ok {
		return string(b)
	}
	return fmt.Sprint(v)
}

// lines runs q and formats each row with format.
func lines(t *testing.T, db *sql.DB, format func([]any) string, q string, args ...any) []string {
	t.Helper()
	rows, err := db.QueryContext(context.Background(), q, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		out = append(out, format(vals))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
