package report

import (
	"context"
	"fmt"

	"entgo.io/ent/dialect/sql"

	"kembang/ent"
	"kembang/ent/changeproject"
	"kembang/ent/enrollment"
	"kembang/ent/evaluation"
	"kembang/ent/gid"
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
// start in year.
func ProgramReport(ctx context.Context, client *ent.Client, programID, year int) (*Training, error) {
	ctx = aggregate(ctx)
	if err := CheckYear(year); err != nil {
		return nil, err
	}
	ok, err := client.Program.Query().Where(program.ID(programID)).Exist(ctx)
	if err != nil {
		return nil, wrap("program report", err)
	}
	if !ok {
		return nil, gid.NotFound(programID, "Program")
	}
	t, err := training(ctx, client, year, session.ProgramID(programID))
	if err == nil {
		err = indicatorChanges(ctx, client, programID, year, t)
	}
	return t, wrap("program report", err)
}

// PartnerReport computes the figures of the sessions partnerID delivers
// that start in year.
func PartnerReport(ctx context.Context, client *ent.Client, partnerID, year int) (*Training, error) {
	ctx = aggregate(ctx)
	if err := CheckYear(year); err != nil {
		return nil, err
	}
	ok, err := client.Partner.Query().Where(partner.ID(partnerID)).Exist(ctx)
	if err != nil {
		return nil, wrap("partner report", err)
	}
	if !ok {
		return nil, gid.NotFound(partnerID, "Partner")
	}
	t, err := training(ctx, client, year, session.PartnerID(partnerID))
	return t, wrap("partner report", err)
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

// training computes the figures of the sessions selected by which that
// start in year, in four statements: sessions, enrollments by status,
// evaluation averages, results. The enrollments and evaluations are
// reached from the year's sessions ([inSessions]), never by scanning
// the enrollments of all sessions.
func training(ctx context.Context, client *ent.Client, year int, which predicate.Session) (*Training, error) {
	ctx = queryplan.WithCustom(ctx)
	from, to := YearRange(year)
	sessions := session.And(which, session.StartsAtGTE(from), session.StartsAtLT(to))
	t := &Training{Year: year, Results: []Result{}, RevisionReasons: []string{}, Indicators: []IndicatorChange{}}

	var err error
	if t.Sessions, err = client.Session.Query().Where(sessions).Count(ctx); err != nil {
		return nil, err
	}

	var byStatus []struct {
		Status enrollment.Status `sql:"status"`
		Count  int               `sql:"count"`
	}
	err = client.Enrollment.Query().
		Where(inSessions(sessions)).
		GroupBy(enrollment.FieldStatus).
		Aggregate(ent.As(ent.Count(), "count")).
		Scan(ctx, &byStatus)
	if err != nil {
		return nil, err
	}
	for _, g := range byStatus {
		t.Enrollments += g.Count
		switch g.Status {
		case enrollment.StatusCOMPLETED:
			t.Completed = g.Count
		case enrollment.StatusFAILED:
			t.Failed = g.Count
		case enrollment.StatusWITHDRAWN:
			t.Withdrawn = g.Count
		}
	}
	t.CompletionRate = ratio(t.Completed, t.Completed+t.Failed)

	var avg []struct {
		Reaction *float64 `sql:"reaction"`
		Gain     *float64 `sql:"gain"`
		Behavior int      `sql:"behavior"`
		Signed   int      `sql:"signed"`
	}
	err = client.Evaluation.Query().
		Where(func(s *sql.Selector) {
			b := sql.Dialect(s.Dialect())
			e := b.Table(enrollment.Table)
			ids := b.Select(e.C(enrollment.FieldID)).From(e)
			inSessions(sessions)(ids)
			s.Where(sql.In(s.C(evaluation.FieldEnrollmentID), ids))
		}).
		Modify(func(s *sql.Selector) {
			level, score := s.C(evaluation.FieldLevel), s.C(evaluation.FieldScore)
			pre, post := s.C(evaluation.FieldPreScore), s.C(evaluation.FieldPostScore)
			signed := s.C(evaluation.FieldSignedOffOn)
			s.Select().
				AppendSelectExprAs(sql.ExprFunc(func(b *sql.Builder) {
					b.WriteString("AVG(CASE WHEN ").Ident(level).WriteString(" = ").Arg(evaluation.LevelREACTION.String()).
						WriteString(" THEN ").Ident(score).WriteString(" END)")
				}), "reaction").
				AppendSelectExprAs(sql.ExprFunc(func(b *sql.Builder) {
					b.WriteString("AVG(CASE WHEN ").Ident(level).WriteString(" = ").Arg(evaluation.LevelLEARNING.String()).
						WriteString(" THEN ").Ident(post).WriteString(" - ").Ident(pre).WriteString(" END)")
				}), "gain").
				AppendSelectExprAs(sql.ExprFunc(func(b *sql.Builder) {
					b.WriteString("COUNT(CASE WHEN ").Ident(level).WriteString(" = ").Arg(evaluation.LevelBEHAVIOR.String()).
						WriteString(" THEN 1 END)")
				}), "behavior").
				AppendSelectExprAs(sql.ExprFunc(func(b *sql.Builder) {
					b.WriteString("COUNT(CASE WHEN ").Ident(level).WriteString(" = ").Arg(evaluation.LevelBEHAVIOR.String()).
						WriteString(" AND ").Ident(signed).WriteString(" IS NOT NULL THEN 1 END)")
				}), "signed")
		}).
		Scan(ctx, &avg)
	if err != nil {
		return nil, err
	}
	if len(avg) == 1 {
		t.AverageReaction, t.AverageLearningGain = avg[0].Reaction, avg[0].Gain
		t.BehaviorSignedOffShare = ratio(avg[0].Signed, avg[0].Behavior)
	}

	if err := changeProjects(ctx, client, sessions, t); err != nil {
		return nil, err
	}

	results, err := client.Evaluation.Query().
		Where(
			evaluation.LevelEQ(evaluation.LevelRESULTS),
			evaluation.HasSessionWith(sessions),
			evaluation.BaselineNotNil(),
			evaluation.ResultNotNil(),
		).
		Order(evaluation.BySessionField(session.FieldStartsAt), evaluation.ByID()).
		All(ctx)
	if err != nil {
		return nil, err
	}
	for _, e := range results {
		t.Results = append(t.Results, Result{
			EvaluationID: e.ID,
			Indicator:    e.Indicator,
			SessionID:    *e.SessionID, // set: the query asks for a session
			Baseline:     *e.Baseline,
			Result:       *e.Result,
			Delta:        *e.Result - *e.Baseline,
		})
	}

	if r := t.AverageReaction; r != nil && *r < ReactionThreshold {
		t.RevisionReasons = append(t.RevisionReasons,
			fmt.Sprintf("average reaction score %.1f is below %.0f", *r, ReactionThreshold))
	}
	if g := t.AverageLearningGain; g != nil && *g < LearningGainThreshold {
		t.RevisionReasons = append(t.RevisionReasons,
			fmt.Sprintf("average learning gain %.1f is below %.0f", *g, LearningGainThreshold))
	}
	t.NeedsRevision = len(t.RevisionReasons) > 0
	return t, nil
}

// changeProjects counts the change projects of the enrollments of the
// sessions which selects, and those accepted, into t.
func changeProjects(ctx context.Context, client *ent.Client, sessions predicate.Session, t *Training) error {
	var byStatus []struct {
		Status changeproject.Status `sql:"status"`
		Count  int                  `sql:"count"`
	}
	err := client.ChangeProject.Query().
		Where(func(s *sql.Selector) {
			b := sql.Dialect(s.Dialect())
			e := b.Table(enrollment.Table)
			ids := b.Select(e.C(enrollment.FieldID)).From(e)
			inSessions(sessions)(ids)
			s.Where(sql.In(s.C(changeproject.FieldEnrollmentID), ids))
		}).
		GroupBy(changeproject.FieldStatus).
		Aggregate(ent.As(ent.Count(), "count")).
		Scan(ctx, &byStatus)
	if err != nil {
		return err
	}
	for _, g := range byStatus {
		t.ChangeProjects += g.Count
		if g.Status == changeproject.StatusACCEPTED {
			t.ChangeProjectsAccepted = g.Count
		}
	}
	t.ChangeProjectAcceptanceRate = ratio(t.ChangeProjectsAccepted, t.ChangeProjects)
	return nil
}
