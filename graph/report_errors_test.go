package graph_test

import (
	"strings"
	"testing"

	"kembang/ent/gid"
	"kembang/internal/report/reporttest"
)

// TestTrainingReportErrorsAPI checks the errors of the program and partner
// reports after change 36 (their figures and existence in one statement):
// an unknown or foreign ID is NOT_FOUND, a bad year BAD_USER_INPUT on
// year, each with a message that names no table, column or report
// internals, whatever the selection (results and indicators included).
func TestTrainingReportErrorsAPI(t *testing.T) {
	reportAPI(t, func(t *testing.T, a *api, fx *reporttest.Fixture) {
		const sel = `{ sessions revisionReasons results { indicator } indicators { change indicator { code } } }`
		for _, c := range []struct {
			name, query string
			id          int
			code, field string
		}{
			{"unknown program", `query($id: ID!) { programReport(programId: $id, year: 2025) ` + sel + ` }`, fx.PR3.ID + 1000, "NOT_FOUND", ""},
			{"partner as program", `query($id: ID!) { programReport(programId: $id, year: 2025) ` + sel + ` }`, fx.P1.ID, "NOT_FOUND", ""},
			{"program's bad year", `query($id: ID!) { programReport(programId: $id, year: 99999) ` + sel + ` }`, fx.PR1.ID, "BAD_USER_INPUT", "year"},
			{"unknown partner", `query($id: ID!) { partnerReport(partnerId: $id, year: 2025) ` + sel + ` }`, fx.P2.ID + 1000, "NOT_FOUND", ""},
			{"program as partner", `query($id: ID!) { partnerReport(partnerId: $id, year: 2025) ` + sel + ` }`, fx.PR1.ID, "NOT_FOUND", ""},
			{"partner's bad year", `query($id: ID!) { partnerReport(partnerId: $id, year: 0) ` + sel + ` }`, fx.P1.ID, "BAD_USER_INPUT", "year"},
		} {
			res := a.do(c.query, map[string]any{"id": gid.Encode(c.id)})
			if res.code() != c.code || c.field != "" && res.field() != c.field {
				t.Errorf("%s: %+v, want %s on %q", c.name, res.Errors, c.code, c.field)
				continue
			}
			for _, e := range res.Errors {
				for _, leak := range []string{"SELECT", "report:", "sql", "pq:", "programs", "partners"} {
					if strings.Contains(e.Message, leak) {
						t.Errorf("%s: message %q names %q", c.name, e.Message, leak)
					}
				}
			}
		}
	})
}
