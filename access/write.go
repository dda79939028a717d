package access

import (
	"context"
	"slices"

	nomination "kembang/enrollment"
	"kembang/ent"
	"kembang/ent/developmentplan"
	"kembang/ent/enrollment"
	"kembang/ent/evaluation"
	"kembang/ent/learningclaim"
	"kembang/ent/privacy"
	"kembang/ent/trainingneed"
	"kembang/viewer"
)

// mutation is what the write rules need of a generated mutation.
type mutation interface {
	ent.Mutation
	ID() (int, bool)
	Client() *ent.Client
}

// writeRule returns the mutation rule of entity typ (plural, as in
// messages). ADMIN may do everything; anonymous viewers nothing; changes
// of several rows at once are the server's own (they run with [System]);
// otherwise allowed decides, returning nil to allow.
func writeRule[M mutation](typ string, allowed func(ctx context.Context, v viewer.Viewer, m M) error) privacy.MutationRule {
	return privacy.MutationRuleFunc(func(ctx context.Context, m ent.Mutation) error {
		v, err := viewerOf(ctx)
		if err != nil {
			return err
		}
		if v.Is(viewer.Admin) {
			return privacy.Allow
		}
		if v.Anonymous() || v.Is(viewer.Analyst) {
			return forbidden(v, "%s %s", verb(m.Op()), typ)
		}
		if m.Op().Is(ent.OpUpdate | ent.OpDelete) {
			return forbidden(v, "%s several %s at once", verb(m.Op()), typ)
		}
		tm, ok := m.(M)
		if !ok {
			return forbidden(v, "%s %s", verb(m.Op()), typ)
		}
		if err := allowed(ctx, v, tm); err != nil {
			return err
		}
		return privacy.Allow
	})
}

// verb names an operation in refusals.
func verb(op ent.Op) string {
	switch {
	case op.Is(ent.OpCreate):
		return "create"
	case op.Is(ent.OpDelete | ent.OpDeleteOne):
		return "delete"
	}
	return "change"
}

// adminOnly is the write rule of entities only ADMIN changes.
func adminOnly[M mutation](typ string) privacy.MutationRule {
	return writeRule(typ, func(_ context.Context, v viewer.Viewer, m M) error {
		return forbidden(v, "%s %s", verb(m.Op()), typ)
	})
}

// old loads the row a single-row update or delete is about, with the
// server's privileges (the viewer may not see it: that is what the rule
// decides). It returns nil for creates.
func old[M mutation, T any](ctx context.Context, m M, get func(context.Context, *ent.Client, int) (T, error)) (*T, error) {
	id, ok := m.ID()
	if !ok || m.Op().Is(ent.OpCreate) {
		return nil, nil
	}
	row, err := get(System(ctx), m.Client(), id)
	if err != nil {
		return nil, err
	}
	return &row, nil
}

// values returns the distinct values a field has before and after a
// mutation: the new one if set, the stored one of an existing row.
func values[T comparable](set T, isSet bool, stored *T) []T {
	var out []T
	if isSet {
		out = append(out, set)
	}
	if stored != nil && !slices.Contains(out, *stored) {
		out = append(out, *stored)
	}
	return out
}

// hrOf reports whether v is an HR officer of every agency in agencies
// (and there is at least one).
func hrOf(v viewer.Viewer, agencies []int) bool {
	if !v.Is(viewer.HROfficer) || len(agencies) == 0 {
		return false
	}
	for _, a := range agencies {
		if a != v.AgencyID {
			return false
		}
	}
	return true
}

// onlyFields reports whether m changes no field but those named (and
// updated_at) and no edge.
func onlyFields(m ent.Mutation, names ...string) bool {
	names = append(names, "updated_at")
	for _, f := range append(m.Fields(), m.ClearedFields()...) {
		if !slices.Contains(names, f) {
			return false
		}
	}
	return len(m.AddedEdges()) == 0 && len(m.RemovedEdges()) == 0 && len(m.ClearedEdges()) == 0
}

// Loaders of the rows rules look at.
func getEmployee(ctx context.Context, c *ent.Client, id int) (*ent.Employee, error) {
	return c.Employee.Get(ctx, id)
}

func getProgram(ctx context.Context, c *ent.Client, id int) (*ent.Program, error) {
	return c.Program.Get(ctx, id)
}

// agenciesOf returns the agencies of the employees with the given IDs.
func agenciesOf(ctx context.Context, c *ent.Client, ids []int) ([]int, error) {
	var out []int
	for _, id := range ids {
		e, err := getEmployee(System(ctx), c, id)
		if err != nil {
			return nil, err
		}
		out = append(out, e.AgencyID)
	}
	return out, nil
}

// organisers returns the organising agencies of the programs with the
// given IDs (0 for programs of every agency, which only ADMIN manages).
func organisers(ctx context.Context, c *ent.Client, ids []int) ([]int, error) {
	var out []int
	for _, id := range ids {
		p, err := getProgram(System(ctx), c, id)
		if err != nil {
			return nil, err
		}
		out = append(out, deref(p.AgencyID))
	}
	return out, nil
}

func deref(p *int) int {
	if p == nil {
		return 0
	}
	return *p
}

// byAgency is the write rule of the entities HR officers manage within
// their agency, given how to find the agencies a mutation touches.
func byAgency[M mutation](typ string, agencies func(context.Context, M) ([]int, error)) privacy.MutationRule {
	return writeRule(typ, func(ctx context.Context, v viewer.Viewer, m M) error {
		if !v.Is(viewer.HROfficer) {
			return forbidden(v, "%s %s", verb(m.Op()), typ)
		}
		as, err := agencies(ctx, m)
		if err != nil {
			return err
		}
		if !hrOf(v, as) {
			return forbidden(v, "%s %s outside its agency", verb(m.Op()), typ)
		}
		return nil
	})
}

// Write rules of each entity, by the list in the package documentation.
var (
	WriteAgency          = adminOnly[*ent.AgencyMutation]("agencies")
	WriteCompetency      = adminOnly[*ent.CompetencyMutation]("competencies")
	WriteCompetencyLevel = adminOnly[*ent.CompetencyLevelMutation]("competency levels")
	WritePartner         = adminOnly[*ent.PartnerMutation]("partners")
	WriteAPIKey          = adminOnly[*ent.APIKeyMutation]("API keys")

	WriteUnit = byAgency("units", func(ctx context.Context, m *ent.UnitMutation) ([]int, error) {
		o, err := old(ctx, m, func(ctx context.Context, c *ent.Client, id int) (*ent.Unit, error) { return c.Unit.Get(ctx, id) })
		if err != nil {
			return nil, err
		}
		a, ok := m.AgencyID()
		return values(a, ok, field(o, func(u *ent.Unit) int { return u.AgencyID })), nil
	})

	WritePosition = byAgency("positions", func(ctx context.Context, m *ent.PositionMutation) ([]int, error) {
		o, err := old(ctx, m, func(ctx context.Context, c *ent.Client, id int) (*ent.Position, error) {
			return c.Position.Get(ctx, id)
		})
		if err != nil {
			return nil, err
		}
		a, ok := m.AgencyID()
		return values(a, ok, field(o, func(p *ent.Position) int { return p.AgencyID })), nil
	})

	WritePositionCompetency = byAgency("position standards", func(ctx context.Context, m *ent.PositionCompetencyMutation) ([]int, error) {
		o, err := old(ctx, m, func(ctx context.Context, c *ent.Client, id int) (*ent.PositionCompetency, error) {
			return c.PositionCompetency.Get(ctx, id)
		})
		if err != nil {
			return nil, err
		}
		p, ok := m.PositionID()
		var out []int
		for _, id := range values(p, ok, field(o, func(pc *ent.PositionCompetency) int { return pc.PositionID })) {
			pos, err := m.Client().Position.Get(System(ctx), id)
			if err != nil {
				return nil, err
			}
			out = append(out, pos.AgencyID)
		}
		return out, nil
	})

	WriteProgram = byAgency("programs", func(ctx context.Context, m *ent.ProgramMutation) ([]int, error) {
		o, err := old(ctx, m, getProgram)
		if err != nil {
			return nil, err
		}
		var out []int
		if a, ok := m.AgencyID(); ok {
			out = append(out, a)
		} else if m.AgencyIDCleared() || o == nil {
			out = append(out, 0) // a program of every agency
		}
		if o != nil {
			out = append(out, deref((*o).AgencyID))
		}
		return out, nil
	})

	WriteProgramCompetency = byAgency("program targets", func(ctx context.Context, m *ent.ProgramCompetencyMutation) ([]int, error) {
		o, err := old(ctx, m, func(ctx context.Context, c *ent.Client, id int) (*ent.ProgramCompetency, error) {
			return c.ProgramCompetency.Get(ctx, id)
		})
		if err != nil {
			return nil, err
		}
		p, ok := m.ProgramID()
		return organisers(ctx, m.Client(), values(p, ok, field(o, func(pc *ent.ProgramCompetency) int { return pc.ProgramID })))
	})

	WriteSession = byAgency("sessions", func(ctx context.Context, m *ent.SessionMutation) ([]int, error) {
		o, err := old(ctx, m, func(ctx context.Context, c *ent.Client, id int) (*ent.Session, error) { return c.Session.Get(ctx, id) })
		if err != nil {
			return nil, err
		}
		p, ok := m.ProgramID()
		return organisers(ctx, m.Client(), values(p, ok, field(o, func(s *ent.Session) int { return s.ProgramID })))
	})

	WriteAssessment = byAgency("assessments", func(ctx context.Context, m *ent.AssessmentMutation) ([]int, error) {
		o, err := old(ctx, m, func(ctx context.Context, c *ent.Client, id int) (*ent.Assessment, error) {
			return c.Assessment.Get(ctx, id)
		})
		if err != nil {
			return nil, err
		}
		e, ok := m.EmployeeID()
		return agenciesOf(ctx, m.Client(), values(e, ok, field(o, func(a *ent.Assessment) int { return a.EmployeeID })))
	})

	WritePlanItem = byAgency("plan items", func(ctx context.Context, m *ent.PlanItemMutation) ([]int, error) {
		o, err := old(ctx, m, func(ctx context.Context, c *ent.Client, id int) (*ent.PlanItem, error) {
			return c.PlanItem.Get(ctx, id)
		})
		if err != nil {
			return nil, err
		}
		p, ok := m.PlanID()
		var out []int
		for _, id := range values(p, ok, field(o, func(i *ent.PlanItem) int { return i.PlanID })) {
			plan, err := m.Client().DevelopmentPlan.Get(System(ctx), id)
			if err != nil {
				return nil, err
			}
			out = append(out, plan.AgencyID)
		}
		return out, nil
	})

	WriteEmployee        = writeRule("employees", employeeWrite)
	WriteEnrollment      = writeRule("enrollments", enrollmentWrite)
	WriteEvaluation      = writeRule("evaluations", evaluationWrite)
	WriteLearningClaim   = writeRule("learning claims", claimWrite)
	WriteTrainingNeed    = writeRule("training needs", needWrite)
	WriteDevelopmentPlan = writeRule("development plans", planWrite)
)

// field returns a pointer to f of the row o points to, or nil.
func field[R, T any](o *R, f func(R) T) *T {
	if o == nil {
		return nil
	}
	v := f(*o)
	return &v
}

// employeeWrite: HR officers manage the employees of their agency;
// everyone updates their own e-mail and phone.
func employeeWrite(ctx context.Context, v viewer.Viewer, m *ent.EmployeeMutation) error {
	o, err := old(ctx, m, getEmployee)
	if err != nil {
		return err
	}
	a, ok := m.AgencyID()
	if hrOf(v, values(a, ok, field(o, func(e *ent.Employee) int { return e.AgencyID }))) {
		return nil
	}
	if o != nil && m.Op().Is(ent.OpUpdateOne) && v.Self((*o).ID) && onlyFields(m, "email", "phone") {
		return nil
	}
	if v.Is(viewer.HROfficer) {
		return forbidden(v, "%s employees outside its agency", verb(m.Op()))
	}
	if o != nil && v.Self((*o).ID) {
		return forbidden(v, "change own fields other than email and phone")
	}
	return forbidden(v, "%s employees", verb(m.Op()))
}

// enrollmentWrite: HR officers run every step for their agency's
// employees; employees enroll, confirm and withdraw themselves; partners
// mark attendance in their sessions.
func enrollmentWrite(ctx context.Context, v viewer.Viewer, m *ent.EnrollmentMutation) error {
	o, err := old(ctx, m, func(ctx context.Context, c *ent.Client, id int) (*ent.Enrollment, error) {
		return c.Enrollment.Get(ctx, id)
	})
	if err != nil {
		return err
	}
	e, ok := m.EmployeeID()
	emps := values(e, ok, field(o, func(en *ent.Enrollment) int { return en.EmployeeID }))
	if v.Is(viewer.HROfficer) {
		as, err := agenciesOf(ctx, m.Client(), emps)
		if err != nil {
			return err
		}
		if hrOf(v, as) {
			return nil
		}
		return forbidden(v, "%s enrollments of employees outside its agency", verb(m.Op()))
	}
	status, set := m.Status()
	switch {
	case m.Op().Is(ent.OpDeleteOne):
		return forbidden(v, "delete enrollments")
	case len(emps) == 1 && v.Self(emps[0]) && o == nil && !nomination.Nominating(ctx):
		return nil // enroll self (nominating is HR's)
	case len(emps) == 1 && v.Self(emps[0]) && set && onlyFields(m, "status") &&
		(status == enrollment.StatusWITHDRAWN || status == enrollment.StatusREGISTERED):
		return nil // withdraw, or confirm a nomination
	case v.Is(viewer.Partner) && o != nil && set && status == enrollment.StatusATTENDED && onlyFields(m, "status"):
		s, err := m.Client().Session.Get(System(ctx), (*o).SessionID)
		if err != nil {
			return err
		}
		if v.ForPartner(deref(s.PartnerID)) {
			return nil
		}
		return forbidden(v, "mark attendance in another partner's session")
	}
	if set {
		return forbidden(v, "move enrollments to %s", status)
	}
	return forbidden(v, "%s enrollments", verb(m.Op()))
}

// evaluationWrite: HR officers manage the evaluations of their agency's
// employees and the results evaluations of their programs' sessions;
// participants give their reaction; partners record learning in their
// sessions; supervisors sign off their reports' behaviour assignments.
func evaluationWrite(ctx context.Context, v viewer.Viewer, m *ent.EvaluationMutation) error {
	c := m.Client()
	o, err := old(ctx, m, func(ctx context.Context, c *ent.Client, id int) (*ent.Evaluation, error) {
		return c.Evaluation.Get(ctx, id)
	})
	if err != nil {
		return err
	}
	level, set := m.Level()
	levels := values(level, set, field(o, func(e *ent.Evaluation) evaluation.Level { return e.Level }))
	enrID, ok := m.EnrollmentID()
	enrollments := values(enrID, ok, field(o, func(e *ent.Evaluation) int { return deref(e.EnrollmentID) }))
	sessID, ok := m.SessionID()
	sessions := values(sessID, ok, field(o, func(e *ent.Evaluation) int { return deref(e.SessionID) }))
	if len(enrollments) != 1 || enrollments[0] == 0 {
		// A results evaluation of a session: the organiser's HR.
		var progs []int
		for _, id := range sessions {
			if id == 0 {
				continue
			}
			s, err := c.Session.Get(System(ctx), id)
			if err != nil {
				return err
			}
			progs = append(progs, s.ProgramID)
		}
		as, err := organisers(ctx, c, progs)
		if err != nil {
			return err
		}
		if hrOf(v, as) {
			return nil
		}
		return forbidden(v, "%s evaluations of this session", verb(m.Op()))
	}
	enr, err := c.Enrollment.Get(System(ctx), enrollments[0])
	if err != nil {
		return err
	}
	emp, err := getEmployee(System(ctx), c, enr.EmployeeID)
	if err != nil {
		return err
	}
	only := func(l evaluation.Level) bool { return len(levels) == 1 && levels[0] == l }
	switch {
	case hrOf(v, []int{emp.AgencyID}):
		return nil
	case only(evaluation.LevelREACTION) && v.Self(emp.ID) && !m.Op().Is(ent.OpDeleteOne):
		return nil
	case only(evaluation.LevelLEARNING) && v.Is(viewer.Partner) && !m.Op().Is(ent.OpDeleteOne):
		s, err := c.Session.Get(System(ctx), enr.SessionID)
		if err != nil {
			return err
		}
		if v.ForPartner(deref(s.PartnerID)) {
			return nil
		}
	case only(evaluation.LevelBEHAVIOR) && v.Is(viewer.Supervisor) && m.Op().Is(ent.OpUpdateOne) &&
		emp.SupervisorID != nil && v.Self(*emp.SupervisorID) && onlyFields(m, "signed_off_on", "score", "comments", "evaluator"):
		return nil
	}
	return forbidden(v, "%s this evaluation", verb(m.Op()))
}

// claimWrite: employees claim and edit or delete their own claims (the
// claim rules keep that to pending ones); HR officers of the agency
// review them.
func claimWrite(ctx context.Context, v viewer.Viewer, m *ent.LearningClaimMutation) error {
	o, err := old(ctx, m, func(ctx context.Context, c *ent.Client, id int) (*ent.LearningClaim, error) {
		return c.LearningClaim.Get(ctx, id)
	})
	if err != nil {
		return err
	}
	e, ok := m.EmployeeID()
	emps := values(e, ok, field(o, func(lc *ent.LearningClaim) int { return lc.EmployeeID }))
	as, err := agenciesOf(ctx, m.Client(), emps)
	if err != nil {
		return err
	}
	switch {
	case hrOf(v, as):
		return nil
	case len(emps) == 1 && v.Self(emps[0]):
		review := []string{learningclaim.FieldStatus, learningclaim.FieldReviewedAt, learningclaim.FieldReviewNote}
		if status, _ := m.Status(); m.Op().Is(ent.OpCreate) && status == learningclaim.StatusPENDING {
			review = review[1:] // a new claim is PENDING (the field's default)
		}
		if slices.ContainsFunc(append(m.Fields(), m.ClearedFields()...), func(f string) bool { return slices.Contains(review, f) }) {
			return forbidden(v, "review own learning claims")
		}
		return nil
	}
	return forbidden(v, "%s learning claims of this employee", verb(m.Op()))
}

// needWrite: HR officers manage the agency's training needs; employees
// and supervisors raise needs for their own agency.
func needWrite(ctx context.Context, v viewer.Viewer, m *ent.TrainingNeedMutation) error {
	o, err := old(ctx, m, func(ctx context.Context, c *ent.Client, id int) (*ent.TrainingNeed, error) {
		return c.TrainingNeed.Get(ctx, id)
	})
	if err != nil {
		return err
	}
	a, ok := m.AgencyID()
	as := values(a, ok, field(o, func(n *ent.TrainingNeed) int { return n.AgencyID }))
	if hrOf(v, as) {
		return nil
	}
	if m.Op().Is(ent.OpCreate) && personal(v) && len(as) == 1 {
		me, err := getEmployee(System(ctx), m.Client(), v.EmployeeID)
		if err != nil {
			return err
		}
		src, _ := m.Source()
		if me.AgencyID == as[0] && (src == trainingneed.SourceEMPLOYEE || src == trainingneed.SourceSUPERVISOR && v.Is(viewer.Supervisor)) {
			return nil
		}
		return forbidden(v, "raise training needs other than its own (source %s) for its own agency", personalSource(v))
	}
	return forbidden(v, "%s training needs", verb(m.Op()))
}

// personalSource is the training-need source a personal viewer raises.
func personalSource(v viewer.Viewer) trainingneed.Source {
	if v.Is(viewer.Supervisor) {
		return trainingneed.SourceSUPERVISOR
	}
	return trainingneed.SourceEMPLOYEE
}

// planWrite: HR officers draft, submit and delete their agency's plans;
// approvers approve or return them.
func planWrite(ctx context.Context, v viewer.Viewer, m *ent.DevelopmentPlanMutation) error {
	o, err := old(ctx, m, func(ctx context.Context, c *ent.Client, id int) (*ent.DevelopmentPlan, error) {
		return c.DevelopmentPlan.Get(ctx, id)
	})
	if err != nil {
		return err
	}
	a, ok := m.AgencyID()
	as := values(a, ok, field(o, func(p *ent.DevelopmentPlan) int { return p.AgencyID }))
	status, set := m.Status()
	decision := set && (status == developmentplan.StatusAPPROVED || status == developmentplan.StatusRETURNED)
	switch {
	case decision && v.Is(viewer.Approver) && len(as) == 1 && v.InAgency(as[0]):
		return nil
	case decision:
		return forbidden(v, "approve or return development plans")
	case hrOf(v, as):
		return nil
	}
	return forbidden(v, "%s development plans", verb(m.Op()))
}
