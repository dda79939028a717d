package access

import (
	"context"
	"reflect"
	"slices"

	"kembang/ent"
	"kembang/ent/developmentplan"
	"kembang/ent/enrollment"
	"kembang/ent/evaluation"
	"kembang/ent/gid"
	"kembang/ent/learningclaim"
	"kembang/ent/privacy"
	"kembang/ent/trainingneed"
	"kembang/internal/viewer"
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

// old loads the row (of type T, such as *ent.Unit) a single-row update
// or delete is about, with the server's privileges: the viewer may not
// see it, that is what the rule decides. It returns the zero T (nil) for
// creates.
func old[T ent.Noder](ctx context.Context, m mutation) (T, error) {
	var zero T
	id, ok := m.ID()
	if !ok || m.Op().Is(ent.OpCreate) {
		return zero, nil
	}
	return load[T](ctx, m.Client(), id)
}

// load reads the row with raw ID id as a T, with the server's privileges,
// through c (the mutation's transaction). A row that does not exist, or is
// not a T, is a NOT_FOUND fault (gid.NotFound).
func load[T ent.Noder](ctx context.Context, c *ent.Client, id int) (T, error) {
	var zero T
	rctx, cancel := detached(ctx)
	defer cancel()
	n, err := c.Noder(rctx, id)
	if ent.IsNotFound(err) {
		return zero, gid.NotFound(id, typeName[T]())
	}
	if err != nil {
		return zero, err
	}
	t, ok := n.(T)
	if !ok {
		// An ID of another type: the store refuses those before the rules
		// run (store.refsHook), other clients get the same answer here.
		return zero, gid.NotFound(id, typeName[T]())
	}
	return t, nil
}

// detached returns a context with the server's rights that is cancelled
// with ctx but holds none of its values: under a GraphQL field, a noder
// would read only the columns the caller selected, and load the edges it
// selected too. A mutation's client, which holds the transaction, is
// passed apart from the context.
func detached(ctx context.Context) (context.Context, context.CancelFunc) {
	rctx, cancel := context.WithCancel(System(context.Background()))
	stop := context.AfterFunc(ctx, cancel)
	return rctx, func() { stop(); cancel() }
}

// typeName returns the ent type name of T, such as Employee for
// *ent.Employee.
func typeName[T ent.Noder]() string {
	t := reflect.TypeFor[T]()
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t.Name()
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

// refs returns the values a reference field has before and after m: the
// new one if m sets it, the stored one of the row a single-row change is
// about (a row of type T, read by stored).
func refs[T ent.Noder](ctx context.Context, m mutation, set func() (int, bool), stored func(T) int) ([]int, error) {
	var out []int
	if v, ok := set(); ok {
		out = append(out, v)
	}
	if id, ok := m.ID(); ok && !m.Op().Is(ent.OpCreate) {
		o, err := load[T](ctx, m.Client(), id)
		if err != nil {
			return nil, err
		}
		if v := stored(o); !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out, nil
}

// through returns the agencies of the rows (of type T) with the given
// IDs, as agency reads them.
func through[T ent.Noder](ctx context.Context, c *ent.Client, ids []int, agency func(T) int) ([]int, error) {
	out := make([]int, 0, len(ids))
	for _, id := range ids {
		r, err := load[T](ctx, c, id)
		if err != nil {
			return nil, err
		}
		out = append(out, agency(r))
	}
	return out, nil
}

// agenciesOf returns the agencies of the employees with the given IDs.
func agenciesOf(ctx context.Context, c *ent.Client, ids []int) ([]int, error) {
	return through(ctx, c, ids, func(e *ent.Employee) int { return e.AgencyID })
}

// organisers returns the organising agencies of the programs with the
// given IDs (0 for programs of every agency, which only ADMIN manages).
func organisers(ctx context.Context, c *ent.Client, ids []int) ([]int, error) {
	return through(ctx, c, ids, func(p *ent.Program) int { return deref(p.AgencyID) })
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
		return refs(ctx, m, m.AgencyID, func(u *ent.Unit) int { return u.AgencyID })
	})
	WritePosition = byAgency("positions", func(ctx context.Context, m *ent.PositionMutation) ([]int, error) {
		return refs(ctx, m, m.AgencyID, func(p *ent.Position) int { return p.AgencyID })
	})
	WritePositionCompetency = byAgency("position standards", func(ctx context.Context, m *ent.PositionCompetencyMutation) ([]int, error) {
		ids, err := refs(ctx, m, m.PositionID, func(pc *ent.PositionCompetency) int { return pc.PositionID })
		if err != nil {
			return nil, err
		}
		return through(ctx, m.Client(), ids, func(p *ent.Position) int { return p.AgencyID })
	})
	WriteProgram = byAgency("programs", func(ctx context.Context, m *ent.ProgramMutation) ([]int, error) {
		// A program without an organiser is one of every agency (0).
		return refs(ctx, m, func() (int, bool) {
			a, ok := m.AgencyID()
			return a, ok || m.AgencyIDCleared() || m.Op().Is(ent.OpCreate)
		}, func(p *ent.Program) int { return deref(p.AgencyID) })
	})
	WriteProgramCompetency = byAgency("program targets", func(ctx context.Context, m *ent.ProgramCompetencyMutation) ([]int, error) {
		ids, err := refs(ctx, m, m.ProgramID, func(pc *ent.ProgramCompetency) int { return pc.ProgramID })
		if err != nil {
			return nil, err
		}
		return organisers(ctx, m.Client(), ids)
	})
	WriteSession = byAgency("sessions", func(ctx context.Context, m *ent.SessionMutation) ([]int, error) {
		ids, err := refs(ctx, m, m.ProgramID, func(s *ent.Session) int { return s.ProgramID })
		if err != nil {
			return nil, err
		}
		return organisers(ctx, m.Client(), ids)
	})
	WriteAssessment = byAgency("assessments", func(ctx context.Context, m *ent.AssessmentMutation) ([]int, error) {
		ids, err := refs(ctx, m, m.EmployeeID, func(a *ent.Assessment) int { return a.EmployeeID })
		if err != nil {
			return nil, err
		}
		return agenciesOf(ctx, m.Client(), ids)
	})
	WritePlanItem = byAgency("plan items", func(ctx context.Context, m *ent.PlanItemMutation) ([]int, error) {
		ids, err := refs(ctx, m, m.PlanID, func(i *ent.PlanItem) int { return i.PlanID })
		if err != nil {
			return nil, err
		}
		return through(ctx, m.Client(), ids, func(p *ent.DevelopmentPlan) int { return p.AgencyID })
	})

	WriteEmployee        = writeRule("employees", employeeWrite)
	WriteEnrollment      = writeRule("enrollments", enrollmentWrite)
	WriteEvaluation      = writeRule("evaluations", evaluationWrite)
	WriteLearningClaim   = writeRule("learning claims", claimWrite)
	WriteTrainingNeed    = writeRule("training needs", needWrite)
	WriteDevelopmentPlan = writeRule("development plans", planWrite)
)

// field returns a pointer to f of the row o, or nil when o is nil.
func field[R, T any](o *R, f func(*R) T) *T {
	if o == nil {
		return nil
	}
	v := f(o)
	return &v
}

// employeeWrite: HR officers manage the employees of their agency;
// everyone updates their own e-mail and phone.
func employeeWrite(ctx context.Context, v viewer.Viewer, m *ent.EmployeeMutation) error {
	o, err := old[*ent.Employee](ctx, m)
	if err != nil {
		return err
	}
	a, ok := m.AgencyID()
	if hrOf(v, values(a, ok, field(o, func(e *ent.Employee) int { return e.AgencyID }))) {
		return nil
	}
	if o != nil && m.Op().Is(ent.OpUpdateOne) && v.Self(o.ID) && onlyFields(m, "email", "phone") {
		return nil
	}
	if v.Is(viewer.HROfficer) {
		return forbidden(v, "%s employees outside its agency", verb(m.Op()))
	}
	if o != nil && v.Self(o.ID) {
		return forbidden(v, "change own fields other than email and phone")
	}
	return forbidden(v, "%s employees", verb(m.Op()))
}

// enrollmentWrite: HR officers run every step for their agency's
// employees; employees enroll, confirm and withdraw themselves; partners
// mark attendance in their sessions.
func enrollmentWrite(ctx context.Context, v viewer.Viewer, m *ent.EnrollmentMutation) error {
	o, err := old[*ent.Enrollment](ctx, m)
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
	case len(emps) == 1 && v.Self(emps[0]) && o == nil && !m.Rules.Nominating:
		return nil // enroll self (nominating is HR's)
	case len(emps) == 1 && v.Self(emps[0]) && set && onlyFields(m, "status") &&
		(status == enrollment.StatusWITHDRAWN || status == enrollment.StatusREGISTERED):
		return nil // withdraw, or confirm a nomination
	case v.Is(viewer.Partner) && o != nil && set && status == enrollment.StatusATTENDED && onlyFields(m, "status"):
		s, err := load[*ent.Session](ctx, m.Client(), o.SessionID)
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
	o, err := old[*ent.Evaluation](ctx, m)
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
			s, err := load[*ent.Session](ctx, c, id)
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
	enr, err := load[*ent.Enrollment](ctx, c, enrollments[0])
	if err != nil {
		return err
	}
	emp, err := load[*ent.Employee](ctx, c, enr.EmployeeID)
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
		s, err := load[*ent.Session](ctx, c, enr.SessionID)
		if err != nil {
			return err
		}
		if v.ForPartner(deref(s.PartnerID)) {
			return nil
		}
	case only(evaluation.LevelBEHAVIOR) && v.Is(viewer.Supervisor) && m.Op().Is(ent.OpUpdateOne) &&
		emp.SupervisorID != nil && v.Self(*emp.SupervisorID) && signingOff(v, m):
		return nil
	}
	return forbidden(v, "%s this evaluation", verb(m.Op()))
}

// claimWrite: employees claim and edit or delete their own claims (the
// claim rules keep that to pending ones); HR officers of the agency
// review them.
func claimWrite(ctx context.Context, v viewer.Viewer, m *ent.LearningClaimMutation) error {
	o, err := old[*ent.LearningClaim](ctx, m)
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
	o, err := old[*ent.TrainingNeed](ctx, m)
	if err != nil {
		return err
	}
	a, ok := m.AgencyID()
	as := values(a, ok, field(o, func(n *ent.TrainingNeed) int { return n.AgencyID }))
	if hrOf(v, as) {
		return nil
	}
	if m.Op().Is(ent.OpCreate) && personal(v) && len(as) == 1 {
		me, err := load[*ent.Employee](ctx, m.Client(), v.EmployeeID)
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
	o, err := old[*ent.DevelopmentPlan](ctx, m)
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
