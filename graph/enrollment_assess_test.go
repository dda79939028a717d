package graph_test

import (
	"fmt"
	"testing"
	"time"

	"kembang/internal/calendar"
)

// assessment is a TRAINING assessment as the test reads it.
type assessment struct {
	Level      int
	AssessedOn string
	Assessor   string
	Competency struct{ Code string }
}

func TestCompletionRecordsTrainingAssessments(t *testing.T) {
	forEachStore(t, func(t *testing.T, a *api) {
		b := newBench(t, a)
		comp := map[string]string{"M.01": b.f.competency}
		for _, c := range []struct{ code, name string }{{"M.02", "Kerja Sama"}, {"M.03", "Komunikasi"}} {
			comp[c.code] = a.id(`mutation($c: String!, $n: String!) { createCompetency(input: {code: $c, name: $n, type: MANAGERIAL}) { id } }`,
				map[string]any{"c": c.code, "n": c.name})
		}
		// A program targeting M.01 up to level 3, M.02 and M.03 up to 2.
		targeted := func() string {
			p := b.program("MANAGERIAL_TRAINING", 40, false)
			for code, level := range map[string]int{"M.01": 3, "M.02": 2, "M.03": 2} {
				a.id(`mutation($p: ID!, $c: ID!, $l: Int!) { createProgramCompetency(input: {programID: $p, competencyID: $c, targetLevel: $l}) { id } }`,
					map[string]any{"p": p, "c": comp[code], "l": level})
			}
			return p
		}
		e := b.employees(1)[0]
		// History: M.01 was 4 in 2024 but 1 at the latest assessment; M.02
		// never assessed; M.03 already at the program's target.
		for _, h := range []struct {
			code  string
			level int
			on    string
		}{{"M.01", 4, "2024-01-10"}, {"M.01", 1, "2025-06-01"}, {"M.03", 2, "2025-06-01"}} {
			a.id(`mutation($e: ID!, $c: ID!, $l: Int!, $on: Date!) { createAssessment(input: {employeeID: $e, competencyID: $c, level: $l, assessedOn: $on, source: SUPERVISOR}) { id } }`,
				map[string]any{"e": e, "c": comp[h.code], "l": h.level, "on": h.on})
		}
		training := func() []assessment {
			t.Helper()
			var out struct {
				Assessments struct{ Edges []struct{ Node assessment } }
			}
			a.ok(`query($e: ID!) { assessments(first: 50, where: {source: TRAINING, hasEmployeeWith: {id: $e}}, orderBy: [{field: ASSESSED_ON}]) {
				edges { node { level assessedOn assessor competency { code } } } } }`, map[string]any{"e": e}, &out)
			var as []assessment
			for _, ed := range out.Assessments.Edges {
				as = append(as, ed.Node)
			}
			return as
		}
		levels := func(as []assessment) string {
			s := ""
			for _, x := range as {
				s += fmt.Sprintf("%s=%d ", x.Competency.Code, x.Level)
			}
			return s
		}

		// Failing, or completing without recordAssessments, records nothing.
		b.complete(b.enroll(b.session(targeted(), 3, 5), e).ID, false)
		no := b.enroll(b.session(targeted(), 3, 5), e).ID
		b.attend(no)
		b.run(completeQ, map[string]any{"id": no, "passed": true, "assess": false})
		if as := training(); len(as) != 0 {
			t.Fatalf("assessments after a failure and an opt-out: %v", levels(as))
		}

		// First completion: one level up from the latest, from 0 when never
		// assessed; none where the target is reached.
		done := b.complete(b.enroll(b.session(targeted(), 3, 5), e).ID, true)
		as := training()
		if got := levels(as); got != "M.01=2 M.02=1 " && got != "M.02=1 M.01=2 " {
			t.Fatalf("after one completion: %s, want M.01=2 M.02=1", got)
		}
		for _, x := range as {
			if x.Assessor != "Universitas Kemuning Raya" {
				t.Errorf("assessor %q, want the session's partner", x.Assessor)
			}
			// A Date: the day of completion in WIB.
			completed, err := time.Parse(time.RFC3339Nano, *done.CompletedAt)
			if err != nil || x.AssessedOn != calendar.Format(completed) {
				t.Errorf("assessedOn %s, want the day of completion %s", x.AssessedOn, *done.CompletedAt)
			}
		}
		// Two more completions: up to the target level, never above.
		b.complete(b.enroll(b.session(targeted(), 3, 5), e).ID, true)
		b.complete(b.enroll(b.session(targeted(), 3, 5), e).ID, true)
		highest := map[string]int{}
		for _, x := range training() {
			highest[x.Competency.Code] = x.Level
		}
		if fmt.Sprint(highest) != "map[M.01:3 M.02:2]" {
			t.Errorf("highest TRAINING levels %v, want M.01 at 3 and M.02 at 2 (the targets), M.03 untouched", highest)
		}
		if n := len(training()); n != 4 {
			t.Errorf("%d TRAINING assessments, want 4 (M.01 2 and 3, M.02 1 and 2)", n)
		}
	})
}
