package report

import (
	"context"
	"fmt"
	"slices"

	"entgo.io/ent/dialect/sql"

	"kembang/ent"
	"kembang/ent/changeproject"
	"kembang/ent/enrollment"
	"kembang/ent/evaluation"
	"kembang/ent/gid"
	"kembang/ent/impactindicator"
	"kembang/ent/partner"
	"kembang/ent/predicate"
	"kembang/ent/program"
	"kembang/ent/session"
	"kembang/internal/queryplan"
)

// Thresholds below which a program or partner is flagged for revision
// (Training.NeedsRevision). Reaction scores run from 0 to 100; a learning
// gain is a post-test minus a pre-test score, both 0 to 100.
const (
	// ReactionThreshold is the lowest acceptable average REACTION score:
	// participants rating a training below 70 of 100 are dissatisfied.
	ReactionThreshold = 70.0
	// LearningGainThreshold is the lowest acceptable average LEARNING
	// gain: under 10 points, the tests show little learning.
	LearningGainThreshold = 10.0
)

// Training holds the monitoring and evaluation figures of the sessions of
// a program, or delivered by a partner, that start in a year.
type Training struct {
	Year int
	// Sessions counts the sessions starting in the year.
	Sessions int
	// Enrollments counts their enrollments, whatever the status;
	// Completed, Failed and Withdrawn count those with that status.
	Enrollments, Completed, Failed, Withdrawn int
	// CompletionRate is Completed / (Completed + Failed); nil when no
	// enrollment finished.
	CompletionRate *float64
	// AverageReaction is the mean score of the REACTION evaluations of
	// the enrollments; nil without any.
	AverageReaction *float64
	// AverageLearningGain is the mean post-score minus pre-score of the
	// LEARNING evaluations that have both; nil without any.
	AverageLearningGain *float64
	// BehaviorSignedOffShare is the share of BEHAVIOR evaluations (post-
	// training assignments) signed off; nil without any.
	BehaviorSignedOffShare *float64
	// ChangeProjects counts the change projects (aksi perubahan) of the
	// enrollments, whatever their status, and ChangeProjectsAccepted those
	// the mentor accepted; ChangeProjectAcceptanceRate is their ratio, nil
	// without projects.
	ChangeProjects, ChangeProjectsAccepted int
	ChangeProjectAcceptanceRate            *float64
	// Results are the RESULTS evaluations of the sessions that have an
	// indicator baseline and result, by session start.
	Results []Result
	// NeedsRevision is set when AverageReaction is below
	// ReactionThreshold or AverageLearningGain below
	// LearningGainThreshold, or (program reports) an impact indicator did
	// not improve or missed its target (Indicators); RevisionReasons says
	// which. Missing
	// averages (no evaluations) never flag.
	NeedsRevision   bool
	RevisionReasons []string
	// reasonIndicators holds, for each of RevisionReasons, the impact
	// indicator it names (0: none), for ReasonsFor.
	reasonIndicators []int
	// Indicators are the changes of the impact indicators the program
	// names (program reports only; see indicatorChanges), which flag it
	// for revision too when one did not improve or fell short of its
	// target for the year.
	Indicators []IndicatorChange
}

// Result is the change of an organisational indicator measured by a
// RESULTS evaluation.
type Result struct {
	EvaluationID int
	Indicator    string
	SessionID    int
	Baseline     float64
	Result       float64
	Delta        float64 // Result - Baseline
}

// ProgramReport computes the figures of the sessions of programID that
// start in year, in two statements: the figures ([training]), then the
// RESULTS evaluations with the impact indicators the program names, from
// which the indicator changes are computed ([indicatorChanges]).
func ProgramReport(ctx context.Context, client *ent.Client, programID, year int) (*Training, error) {
	ctx = aggregate(ctx)
	if err := CheckYear(year); err != nil {
		return nil, err
	}
	t, rows, err := training(ctx, client, year, scope{program: true, id: programID})
	if err != nil {
		return nil, err
	}
	indicatorChanges(rows, year, t)
	return t, nil
}

// PartnerReport computes the figures of the sessions partnerID delivers
// that start in year, in two statements ([training]).
func PartnerReport(ctx context.Context, client *ent.Client, partnerID, year int) (*Training, error) {
	ctx = aggregate(ctx)
	if err := CheckYear(year); err != nil {
		return nil, err
	}
	t, _, err := training(ctx, client, year, scope{id: partnerID})
	return t, err
}

// scope is the program (program set) or the partner (unset) whose
// sessions a training report covers, by ID.
type scope struct {
	program bool
	id      int
}

// sessions selects the sessions of the scope.
func (sc scope) sessions() predicate.Session {
	if sc.program {
		return session.ProgramID(sc.id)
	}
	return session.PartnerID(sc.id)
}

// notFound is the NOT_FOUND error of a scope that does not exist.
func (sc scope) notFound() error {
	if sc.program {
		return gid.NotFound(sc.id, "Program")
	}
	return gid.NotFound(sc.id, "Partner")
}

// name is the report's name in errors ([wrap]).
func (sc scope) name() string {
	if sc.program {
		return "program report"
	}
	return "partner report"
}

// inSessions selects the enrollments of the sessions which selects,
// through the (session_id, status) index ([InSubquery]): a program's or
// partner's year has a few hundred sessions, the country millions of
// enrollments.
func inSessions(which predicate.Session) predicate.Enrollment {
	return func(s *sql.Selector) {
		b := sql.Dialect(s.Dialect())
		t := b.Table(session.Table)
		ids := b.Select(t.C(session.FieldID)).From(t)
		which(ids)
		s.Where(InSubquery(s.C(enrollment.FieldSessionID), ids))
	}
}

// figures is the row of a training report's first statement ([figuresOf]).
type figures struct {
	Sessions    int      `sql:"sessions"`
	Enrollments int      `sql:"enrollments"`
	Completed   int      `sql:"completed"`
	Failed      int      `sql:"failed"`
	Withdrawn   int      `sql:"withdrawn"`
	Reaction    *float64 `sql:"reaction"`
	Gain        *float64 `sql:"gain"`
	Behavior    int      `sql:"behavior"`
	Signed      int      `sql:"signed"`
	Projects    int      `sql:"projects"`
	Accepted    int      `sql:"accepted"`
}

// training computes the figures of the sessions of sc that start in
// year, in two statements: the figures ([figuresOf]), which find no row
// when sc does not exist (a NOT_FOUND error, returned as it is), and the
// RESULTS evaluations ([resultsOf]), returned too for the indicator
// changes of a program. Database errors are wrapped with the report's
// name.
// The enrollments and evaluations are reached from the year's sessions
// ([inSessions]), never by scanning the enrollments of all sessions.
func training(ctx context.Context, client *ent.Client, year int, sc scope) (*Training, []resultRow, error) {
	ctx = queryplan.WithCustom(ctx)
	from, to := YearRange(year)
	sessions := session.And(sc.sessions(), session.StartsAtGTE(from), session.StartsAtLT(to))
	t := &Training{Year: year, Results: []Result{}, RevisionReasons: []string{}, Indicators: []IndicatorChange{}}

	var f []figures
	var err error
	if sc.program {
		err = client.Program.Query().Where(program.ID(sc.id)).Modify(figuresOf(sessions)).Scan(ctx, &f)
	} else {
		err = client.Partner.Query().Where(partner.ID(sc.id)).Modify(figuresOf(sessions)).Scan(ctx, &f)
	}
	if err != nil {
		return nil, nil, wrap(sc.name(), err)
	}
	if len(f) == 0 {
		return nil, nil, sc.notFound()
	}
	c := f[0]
	t.Sessions = c.Sessions
	t.Enrollments, t.Completed, t.Failed, t.Withdrawn = c.Enrollments, c.Completed, c.Failed, c.Withdrawn
	t.CompletionRate = ratio(t.Completed, t.Completed+t.Failed)
	t.AverageReaction, t.AverageLearningGain = c.Reaction, c.Gain
	t.BehaviorSignedOffShare = ratio(c.Signed, c.Behavior)
	t.ChangeProjects, t.ChangeProjectsAccepted = c.Projects, c.Accepted
	t.ChangeProjectAcceptanceRate = ratio(t.ChangeProjectsAccepted, t.ChangeProjects)

	rows, err := resultsOf(ctx, client, sessions, sc)
	if err != nil {
		return nil, nil, wrap(sc.name(), err)
	}
	for _, r := range rows {
		t.Results = append(t.Results, Result{
			EvaluationID: r.ID,
			Indicator:    r.Indicator.String,
			SessionID:    r.SessionID,
			Baseline:     r.Baseline,
			Result:       r.Result,
			Delta:        r.Result - r.Baseline,
		})
	}

	if r := t.AverageReaction; r != nil && *r < ReactionThreshold {
		t.addReason(0, "average reaction score %.1f is below %.0f", *r, ReactionThreshold)
	}
	if g := t.AverageLearningGain; g != nil && *g < LearningGainThreshold {
		t.addReason(0, "average learning gain %.1f is below %.0f", *g, LearningGainThreshold)
	}
	t.NeedsRevision = len(t.RevisionReasons) > 0
	return t, rows, nil
}

// addReason adds a revision reason, naming the impact indicator
// indicatorID (0: none).
func (t *Training) addReason(indicatorID int, format string, args ...any) {
	t.RevisionReasons = append(t.RevisionReasons, fmt.Sprintf(format, args...))
	t.reasonIndicators = append(t.reasonIndicators, indicatorID)
}

// IndicatorsQuery returns the query of the impact indicators of t's
// indicator changes, for its caller to run as the viewer: their privacy
// rules then decide which the viewer reads (a partner reads no agency's
// indicators). Every revision reason that names an indicator names one of
// these changes (indicatorChanges), so what the query returns also decides
// which reasons the viewer reads ([Training.ReasonsFor]). The GraphQL
// report and its export both use it; a query, not entities, because this
// package reads with the server's rights (TestNoEntities).
func (t *Training) IndicatorsQuery(client *ent.Client) *ent.ImpactIndicatorQuery {
	ids := make([]int, len(t.Indicators))
	for i, c := range t.Indicators {
		ids[i] = c.IndicatorID
	}
	slices.Sort(ids)
	return client.ImpactIndicator.Query().Where(impactindicator.IDIn(slices.Compact(ids)...))
}

// ReasonsFor returns the revision reasons a viewer may read: those that
// name no impact indicator, and those whose indicator readable reports
// true. The figures are computed with the server's rights (aggregate),
// but an indicator the viewer may not read (a partner reads no agency's
// indicators) is left out of the report's indicators, and so out of its
// reasons.
func (t *Training) ReasonsFor(readable func(indicatorID int) bool) []string {
	out := make([]string, 0, len(t.RevisionReasons))
	for i, r := range t.RevisionReasons {
		id := 0
		if i < len(t.reasonIndicators) {
			id = t.reasonIndicators[i]
		}
		if id == 0 || readable(id) {
			out = append(out, r)
		}
	}
	return out
}

// figuresOf turns the statement of the program or partner row (one row
// when it exists, none otherwise) into that of the figures of the
// sessions which selects ([figures]): the sessions counted by a scalar
// subquery, and three one-row aggregates over the enrollments of those
// sessions, their evaluations and their change projects, each reached
// through the sessions' IDs as its statement of its own was:
//
//	SELECT (SELECT COUNT(*) FROM sessions WHERE …) AS sessions, e.enrollments, …, v.reaction, …, c.projects, …
//	FROM programs,
//	     (SELECT COUNT(*) AS enrollments, COUNT(CASE WHEN status = 'COMPLETED' THEN 1 END) AS completed, …
//	      FROM enrollments WHERE session_id = ANY(ARRAY(SELECT id FROM sessions WHERE …))) AS e,
//	     (SELECT AVG(…) AS reaction, … FROM evaluations WHERE enrollment_id IN (SELECT id FROM enrollments WHERE …)) AS v,
//	     (SELECT COUNT(*) AS projects, … FROM change_projects WHERE enrollment_id IN (…)) AS c
//	WHERE programs.id = $1
//
// An aggregate without GROUP BY has one row, so the statement has the
// program's (or partner's) row count: one or none.
func figuresOf(which predicate.Session) func(*sql.Selector) {
	return func(s *sql.Selector) {
		b := sql.Dialect(s.Dialect())
		// count is COUNT(CASE WHEN cond THEN 1 END): the rows for which
		// cond holds.
		count := func(cond func(*sql.Builder)) sql.Querier {
			return sql.ExprFunc(func(b *sql.Builder) {
				b.WriteString("COUNT(CASE WHEN ")
				cond(b)
				b.WriteString(" THEN 1 END)")
			})
		}
		// is is the condition "column = value", value an argument.
		is := func(column, value string) func(*sql.Builder) {
			return func(b *sql.Builder) { b.Ident(column).WriteString(" = ").Arg(value) }
		}
		// enrollments returns the IDs of the enrollments of the sessions.
		enrollments := func() *sql.Selector {
			e := b.Table(enrollment.Table)
			ids := b.Select(e.C(enrollment.FieldID)).From(e)
			inSessions(which)(ids)
			return ids
		}

		sessions := b.Select().Count().From(b.Table(session.Table))
		which(sessions)

		en := b.Table(enrollment.Table)
		status := en.C(enrollment.FieldStatus)
		byStatus := b.Select().From(en).
			AppendSelectExprAs(sql.Raw("COUNT(*)"), "enrollments").
			AppendSelectExprAs(count(is(status, enrollment.StatusCOMPLETED.String())), "completed").
			AppendSelectExprAs(count(is(status, enrollment.StatusFAILED.String())), "failed").
			AppendSelectExprAs(count(is(status, enrollment.StatusWITHDRAWN.String())), "withdrawn")
		inSessions(which)(byStatus)
		byStatus.As("report_enrollments")

		ev := b.Table(evaluation.Table)
		level, score := ev.C(evaluation.FieldLevel), ev.C(evaluation.FieldScore)
		pre, post := ev.C(evaluation.FieldPreScore), ev.C(evaluation.FieldPostScore)
		signed := ev.C(evaluation.FieldSignedOffOn)
		averages := b.Select().From(ev).
			AppendSelectExprAs(sql.ExprFunc(func(b *sql.Builder) {
				b.WriteString("AVG(CASE WHEN ").Ident(level).WriteString(" = ").Arg(evaluation.LevelREACTION.String()).
					WriteString(" THEN ").Ident(score).WriteString(" END)")
			}), "reaction").
			AppendSelectExprAs(sql.ExprFunc(func(b *sql.Builder) {
				b.WriteString("AVG(CASE WHEN ").Ident(level).WriteString(" = ").Arg(evaluation.LevelLEARNING.String()).
					WriteString(" THEN ").Ident(post).WriteString(" - ").Ident(pre).WriteString(" END)")
			}), "gain").
			AppendSelectExprAs(count(is(level, evaluation.LevelBEHAVIOR.String())), "behavior").
			AppendSelectExprAs(count(func(b *sql.Builder) {
				is(level, evaluation.LevelBEHAVIOR.String())(b)
				b.WriteString(" AND ").Ident(signed).WriteString(" IS NOT NULL")
			}), "signed").
			Where(sql.In(ev.C(evaluation.FieldEnrollmentID), enrollments())).
			As("report_evaluations")

		cp := b.Table(changeproject.Table)
		projects := b.Select().From(cp).
			AppendSelectExprAs(sql.Raw("COUNT(*)"), "projects").
			AppendSelectExprAs(count(is(cp.C(changeproject.FieldStatus), changeproject.StatusACCEPTED.String())), "accepted").
			Where(sql.In(cp.C(changeproject.FieldEnrollmentID), enrollments())).
			As("report_change_projects")

		s.Select().AppendSelectExprAs(sessions, "sessions")
		for _, c := range []string{"enrollments", "completed", "failed", "withdrawn"} {
			s.AppendSelectAs(byStatus.C(c), c)
		}
		for _, c := range []string{"reaction", "gain", "behavior", "signed"} {
			s.AppendSelectAs(averages.C(c), c)
		}
		for _, c := range []string{"projects", "accepted"} {
			s.AppendSelectAs(projects.C(c), c)
		}
		s.AppendFrom(byStatus).AppendFrom(averages).AppendFrom(projects)
	}
}

// resultRow is a RESULTS evaluation of a training report ([resultsOf]),
// with, in a program report, the impact indicator it measures when the
// program names it (IndicatorID set).
type resultRow struct {
	ID          int            `sql:"id"`
	Indicator   sql.NullString `sql:"indicator"`
	SessionID   int            `sql:"session_id"`
	Baseline    float64        `sql:"baseline"`
	Result      float64        `sql:"result"`
	IndicatorID *int           `sql:"indicator_id"`
	Code        *string        `sql:"indicator_code"`
	Direction   *string        `sql:"indicator_direction"`
	Target      *float64       `sql:"indicator_target"`
	TargetYear  *int           `sql:"indicator_target_year"`
	Rank        int            `sql:"indicator_rank"` // the indicator's place by code and ID (program reports)
}

// resultsOf returns the RESULTS evaluations of the sessions which selects
// that have an indicator baseline and result, by session start, in one
// statement. In a program report (sc.program), each comes with the impact
// indicator it measures when the program names that indicator, LEFT
// JOINed through program_indicators: those are the evaluations of the
// indicator changes ([indicatorChanges]).
func resultsOf(ctx context.Context, client *ent.Client, which predicate.Session, sc scope) ([]resultRow, error) {
	var rows []resultRow
	err := client.Evaluation.Query().
		Where(
			evaluation.LevelEQ(evaluation.LevelRESULTS),
			evaluation.HasSessionWith(which),
			evaluation.BaselineNotNil(),
			evaluation.ResultNotNil(),
		).
		Order(evaluation.BySessionField(session.FieldStartsAt), evaluation.ByID()).
		Modify(func(s *sql.Selector) {
			s.Select(
				s.C(evaluation.FieldID), s.C(evaluation.FieldIndicator), s.C(evaluation.FieldSessionID),
				s.C(evaluation.FieldBaseline), s.C(evaluation.FieldResult),
			)
			if !sc.program {
				return
			}
			pi := table(s, program.IndicatorsTable, "report_program_indicators")
			ind := table(s, impactindicator.Table, "report_indicators")
			s.LeftJoin(pi).OnP(sql.And(
				sql.ColumnsEQ(pi.C(program.IndicatorsPrimaryKey[1]), s.C(evaluation.FieldImpactIndicatorID)),
				sql.EQ(pi.C(program.IndicatorsPrimaryKey[0]), sc.id),
			)).
				LeftJoin(ind).On(pi.C(program.IndicatorsPrimaryKey[1]), ind.C(impactindicator.FieldID))
			s.AppendSelectAs(ind.C(impactindicator.FieldID), "indicator_id").
				AppendSelectAs(ind.C(impactindicator.FieldCode), "indicator_code").
				AppendSelectAs(ind.C(impactindicator.FieldDirection), "indicator_direction").
				AppendSelectAs(ind.C(impactindicator.FieldTarget), "indicator_target").
				AppendSelectAs(ind.C(impactindicator.FieldTargetYear), "indicator_target_year").
				// The indicators' order by code as the database collates
				// codes (its locale's order on PostgreSQL, not bytes):
				// indicatorChanges orders them by it, as the statement of
				// the indicators did before (ORDER BY code, id).
				AppendSelectExprAs(sql.ExprFunc(func(b *sql.Builder) {
					b.WriteString("DENSE_RANK() OVER (ORDER BY ").Ident(ind.C(impactindicator.FieldCode)).
						WriteString(", ").Ident(ind.C(impactindicator.FieldID)).WriteString(")")
				}), "indicator_rank")
		}).
		Scan(ctx, &rows)
	return rows, err
}
