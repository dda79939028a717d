package report

// The program and partner reports as they were at commit 2e83941, before
// change 36 computed them in three statements: the differential test
// (TestTrainingReportsAsBefore) compares the two on the same data.

import (
	"context"
	"fmt"

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
	"kembang/internal/domain/indicator"
	"kembang/internal/queryplan"
)

// ProgramReport computes the figures of the sessions of programID that
// start in year.
func OldProgramReport(ctx context.Context, client *ent.Client, programID, year int) (*Training, error) {
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
	t, err := oldTraining(ctx, client, year, session.ProgramID(programID))
	if err == nil {
		err = oldIndicatorChanges(ctx, client, programID, year, t)
	}
	return t, wrap("program report", err)
}

// PartnerReport computes the figures of the sessions partnerID delivers
// that start in year.
func OldPartnerReport(ctx context.Context, client *ent.Client, partnerID, year int) (*Training, error) {
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
	t, err := oldTraining(ctx, client, year, session.PartnerID(partnerID))
	return t, wrap("partner report", err)
}

// training computes the figures of the sessions selected by which that
// start in year, in four statements: sessions, enrollments by status,
// evaluation averages, results. The enrollments and evaluations are
// reached from the year's sessions ([inSessions]), never by scanning
// the enrollments of all sessions.
func oldTraining(ctx context.Context, client *ent.Client, year int, which predicate.Session) (*Training, error) {
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

	if err := oldChangeProjects(ctx, client, sessions, t); err != nil {
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
func oldChangeProjects(ctx context.Context, client *ent.Client, sessions predicate.Session, t *Training) error {
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

// indicatorChanges computes the changes of the impact indicators that
// programID names, from the RESULTS evaluations of the sessions (which)
// starting in year, and adds a revision reason for each indicator that
// did not improve or falls short of its target for that year.
func oldIndicatorChanges(ctx context.Context, client *ent.Client, programID, year int, t *Training) error {
	from, to := YearRange(year)
	inds, err := client.ImpactIndicator.Query().
		Where(impactindicator.HasProgramsWith(program.ID(programID))).
		Order(impactindicator.ByCode(), impactindicator.ByID()).
		All(ctx)
	if err != nil || len(inds) == 0 {
		return err
	}
	ids := make([]int, len(inds))
	for i, ind := range inds {
		ids[i] = ind.ID
	}
	evals, err := client.Evaluation.Query().
		Where(
			evaluation.LevelEQ(evaluation.LevelRESULTS),
			evaluation.ImpactIndicatorIDIn(ids...),
			evaluation.HasSessionWith(session.ProgramID(programID), session.StartsAtGTE(from), session.StartsAtLT(to)),
			evaluation.BaselineNotNil(),
			evaluation.ResultNotNil(),
		).
		Order(evaluation.BySessionField(session.FieldStartsAt), evaluation.ByID()).
		All(ctx)
	if err != nil {
		return err
	}
	for _, ind := range inds {
		c := IndicatorChange{IndicatorID: ind.ID, Code: ind.Code, Target: ind.Target, TargetYear: ind.TargetYear}
		for _, e := range evals {
			if e.ImpactIndicatorID == nil || *e.ImpactIndicatorID != ind.ID {
				continue
			}
			if c.Evaluations == 0 {
				c.Baseline = *e.Baseline
			}
			c.Result = *e.Result
			c.Evaluations++
		}
		if c.Evaluations == 0 {
			continue
		}
		d := indicator.Direction(ind.Direction)
		c.Change = c.Result - c.Baseline
		c.Improved = indicator.Improved(d, c.Baseline, c.Result)
		if !c.Improved {
			t.RevisionReasons = append(t.RevisionReasons,
				fmt.Sprintf("indicator %s did not improve: %g before, %g after", ind.Code, c.Baseline, c.Result))
		}
		if c.Target != nil {
			met := indicator.Meets(d, c.Result, *c.Target)
			c.TargetMet = &met
			if !met && c.TargetYear != nil && *c.TargetYear == year {
				t.RevisionReasons = append(t.RevisionReasons,
					fmt.Sprintf("indicator %s reached %g, short of its %d target %g", ind.Code, c.Result, year, *c.Target))
			}
		}
		t.Indicators = append(t.Indicators, c)
	}
	t.NeedsRevision = len(t.RevisionReasons) > 0
	return nil
}
