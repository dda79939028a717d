package hooks

import (
	"context"
	"fmt"
	"slices"
	"time"
	"unicode/utf8"

	"entgo.io/ent"

	gen "kembang/ent"
	"kembang/ent/changeproject"
	"kembang/ent/educationrecord"
	entenrollment "kembang/ent/enrollment"
	"kembang/ent/evaluation"
	"kembang/ent/predicate"
	"kembang/ent/session"
	"kembang/internal/domain/career"
	project "kembang/internal/domain/changeproject"
	"kembang/internal/fault"
	"kembang/internal/rules"
)

// ChangeProjectWorkflow enforces the change project rules of package
// changeproject on every write, whatever the caller:
//
//   - a project follows a COMPLETED enrollment in a program that requires
//     one, at most one per enrollment (the enrollment row is locked while
//     that is checked); its employee is the enrollment's participant;
//   - the mentor is the employee's supervisor unless one is named; an
//     employee of the same agency, not the employee;
//   - a new project is DRAFT; the status changes only along the state
//     machine, one project at a time; returning needs a reason;
//     submitted_at, decided_at and the evaluation are set here, never by
//     callers;
//   - the content changes only while DRAFT or RETURNED (the mentor may be
//     changed until the project is accepted);
//   - acceptance signs off the enrollment's BEHAVIOR (level 3) evaluation,
//     creating it when none is open, with the mentor as signer, by the
//     update signOffBehavior makes (so the evaluation rules apply), and
//     links it to the project.
//
// Writes of a client in import mode (rules.Import) skip the rules.
func ChangeProjectWorkflow(next ent.Mutator) ent.Mutator {
	return workflow(func(m *gen.ChangeProjectMutation) rules.Env { return m.Rules }, checkChangeProject)(next)
}

// projectWorkflowFields are the fields only the workflow sets.
var projectWorkflowFields = []string{
	changeproject.FieldSubmittedAt, changeproject.FieldDecidedAt, changeproject.FieldEvaluationID,
}

// checkChangeProject applies the change project rules to a write.
func checkChangeProject(ctx context.Context, m *gen.ChangeProjectMutation) error {
	switch op := m.Op(); {
	case op.Is(ent.OpCreate):
		return checkNewProject(ctx, m)
	case op.Is(ent.OpUpdateOne):
		return checkProjectUpdate(ctx, m)
	case op.Is(ent.OpUpdate) && slices.ContainsFunc(append(m.Fields(), m.ClearedFields()...), func(f string) bool { return f != changeproject.FieldUpdatedAt }):
		return fault.Input("status", errBulk)
	}
	return nil
}

// checkNewProject checks a new project and fills its employee and mentor.
func checkNewProject(ctx context.Context, m *gen.ChangeProjectMutation) error {
	if touched(m, projectWorkflowFields...) {
		return fault.Inputf("status", "the workflow fields of a change project are set by its workflow")
	}
	if s, ok := m.Status(); ok {
		if err := project.Machine.CheckNew(project.Status(s)); err != nil {
			return fault.Input("status", err)
		}
	}
	if touched(m, changeproject.FieldReturnReason) {
		return fault.Inputf("returnReason", "is set only when the project is returned (returnChangeProject)")
	}
	c := m.Client()
	id, ok := m.EnrollmentID()
	if !ok {
		return nil // refused by ent: the enrollment is required
	}
	// Locked, so that two projects of one enrollment are not both created.
	enr, err := c.Enrollment.Query().
		Where(entenrollment.ID(id), predicate.Enrollment(lockRow)).
		Only(ctx)
	if gen.IsNotFound(err) {
		return fault.Inputf("enrollmentID", "no such enrollment")
	}
	if err != nil {
		return fmt.Errorf("change project rules: locking enrollment: %w", err)
	}
	prog, err := c.Session.Query().Where(session.ID(enr.SessionID)).QueryProgram().Only(ctx)
	if err != nil {
		return fmt.Errorf("change project rules: reading program: %w", err)
	}
	if err := project.Eligible(prog.RequiresChangeProject, string(enr.Status)); err != nil {
		return &fault.Error{Code: fault.Conflict, Msg: err.Error(), Err: err}
	}
	exists, err := c.ChangeProject.Query().Where(changeproject.EnrollmentID(id)).Exist(ctx)
	if err != nil {
		return fmt.Errorf("change project rules: looking for a project: %w", err)
	}
	if exists {
		return fault.Conflictf("the enrollment already has a change project (one per enrollment)")
	}
	m.SetEmployeeID(enr.EmployeeID)
	emp, err := c.Employee.Get(ctx, enr.EmployeeID)
	if err != nil {
		return fmt.Errorf("change project rules: reading employee: %w", err)
	}
	mentor, named := m.MentorID()
	if !named {
		if emp.SupervisorID == nil {
			return fault.Inputf("mentorID", "the employee has no supervisor to mentor the change project; name a mentor")
		}
		m.SetMentorID(*emp.SupervisorID)
		return nil
	}
	return checkMentor(ctx, c, emp, mentor)
}

// checkMentor refuses a mentor who is the employee or works in another
// agency.
func checkMentor(ctx context.Context, c *gen.Client, emp *gen.Employee, mentor int) error {
	if mentor == emp.ID {
		return fault.Inputf("mentorID", "an employee does not mentor their own change project")
	}
	mt, err := c.Employee.Get(ctx, mentor)
	if gen.IsNotFound(err) {
		return fault.Inputf("mentorID", "no such employee")
	}
	if err != nil {
		return fmt.Errorf("change project rules: reading mentor: %w", err)
	}
	if mt.AgencyID != emp.AgencyID {
		return fault.Inputf("mentorID", "the mentor works in another agency")
	}
	return nil
}

// checkProjectUpdate checks an update of one project and does what a
// status change entails.
func checkProjectUpdate(ctx context.Context, m *gen.ChangeProjectMutation) error {
	if touched(m, projectWorkflowFields...) {
		return fault.Inputf("status", "the workflow fields of a change project are set by its workflow")
	}
	to, changing := m.Status()
	if touched(m, changeproject.FieldReturnReason) && to != changeproject.StatusRETURNED {
		return fault.Inputf("returnReason", "is set only when the project is returned (returnChangeProject)")
	}
	c := m.Client()
	id, _ := m.ID()
	cur, err := c.ChangeProject.Query().
		Where(changeproject.ID(id), predicate.ChangeProject(lockRow)).
		Only(ctx)
	if gen.IsNotFound(err) {
		return fault.NotFoundf("change project not found")
	}
	if err != nil {
		return fmt.Errorf("change project rules: locking project: %w", err)
	}
	from := project.Status(cur.Status)
	if m.MentorCleared() {
		return fault.Inputf("mentorID", "a change project keeps a mentor")
	}
	if mentor, ok := m.MentorID(); ok {
		emp, err := c.Employee.Get(ctx, cur.EmployeeID)
		if err != nil {
			return fmt.Errorf("change project rules: reading employee: %w", err)
		}
		if err := checkMentor(ctx, c, emp, mentor); err != nil {
			return err
		}
	}
	if !changing {
		content := slices.ContainsFunc(append(m.Fields(), m.ClearedFields()...), func(f string) bool {
			return f != changeproject.FieldMentorID && f != changeproject.FieldUpdatedAt
		})
		if from == project.Accepted || content && !project.Editable(from) {
			return fault.Conflictf("cannot change a change project that is %s (it is edited while DRAFT or RETURNED)", from)
		}
		return nil
	}
	if err := project.Machine.Transition(from, project.Status(to)); err != nil {
		return &fault.Error{Code: fault.Conflict, Msg: err.Error(), Err: err}
	}
	now := m.Rules.Time().UTC()
	switch project.Status(to) {
	case project.Submitted:
		m.SetSubmittedAt(now)
	case project.Returned:
		reason, _ := m.ReturnReason()
		reason, err := project.Reason(reason)
		if err != nil {
			return fault.Input("reason", err)
		}
		m.SetReturnReason(reason)
		m.SetDecidedAt(now)
	case project.Accepted:
		ev, err := signOffProject(ctx, c, cur, now)
		if err != nil {
			return err
		}
		m.SetDecidedAt(now)
		m.SetEvaluationID(ev)
	}
	return nil
}

// instrumentMax is the length of an evaluation's instrument.
const instrumentMax = 200

// signOffProject signs off the BEHAVIOR evaluation of the project's
// enrollment at now, with the mentor as signer: the oldest open one, or a
// new one due on the project's due date. It returns its ID.
func signOffProject(ctx context.Context, c *gen.Client, p *gen.ChangeProject, now time.Time) (int, error) {
	if p.MentorID == nil {
		return 0, fault.Inputf("mentorID", "a change project keeps a mentor")
	}
	mentor, err := c.Employee.Get(ctx, *p.MentorID)
	if err != nil {
		return 0, fmt.Errorf("change project rules: reading mentor: %w", err)
	}
	ev, err := c.Evaluation.Query().
		Where(evaluation.EnrollmentID(p.EnrollmentID), evaluation.LevelEQ(evaluation.LevelBEHAVIOR), evaluation.SignedOffOnIsNil()).
		Order(evaluation.ByID()).
		First(ctx)
	if gen.IsNotFound(err) {
		instrument := "Aksi perubahan: " + p.Title
		for utf8.RuneCountInString(instrument) > instrumentMax {
			r := []rune(instrument)
			instrument = string(r[:instrumentMax])
		}
		ev, err = c.Evaluation.Create().
			SetLevel(evaluation.LevelBEHAVIOR).
			SetEnrollmentID(p.EnrollmentID).
			SetDueOn(p.DueOn).
			SetInstrument(instrument).
			SetEvaluator(mentor.FullName).
			Save(ctx)
	}
	if err != nil {
		return 0, fmt.Errorf("change project rules: the level-3 evaluation: %w", err)
	}
	// The update signOffBehavior makes, with the signer.
	if err := c.Evaluation.UpdateOneID(ev.ID).SetSignedOffOn(now).SetSignedOffByID(mentor.ID).Exec(ctx); err != nil {
		return 0, err
	}
	return ev.ID, nil
}

// EducationRules enforces the rules of package career on every write of
// an education record: the status moves along its state machine (a new
// record is PLANNED, ONGOING or GRADUATED); an ASSIGNED_STUDY is ONGOING
// or GRADUATED only once approved; a GRADUATED record has a diploma
// number; the study ends on or after its start; approvedAt and approvedBy
// are set together, once, on an ASSIGNED_STUDY (approveEducationRecord).
// Writes of a client in import mode (rules.Import) skip the rules.
func EducationRules(next ent.Mutator) ent.Mutator {
	return workflow(func(m *gen.EducationRecordMutation) rules.Env { return m.Rules }, checkEducation)(next)
}

// educationFields are the fields the education rules depend on.
var educationFields = []string{
	educationrecord.FieldRoute, educationrecord.FieldStatus, educationrecord.FieldDiplomaNumber,
	educationrecord.FieldStartsOn, educationrecord.FieldEndsOn,
	educationrecord.FieldApprovedAt, educationrecord.FieldApprovedBy,
}

// checkEducation applies the education rules to a write.
func checkEducation(ctx context.Context, m *gen.EducationRecordMutation) error {
	var cur gen.EducationRecord // the zero record on create
	switch op := m.Op(); {
	case op.Is(ent.OpUpdate):
		if touched(m, educationFields...) {
			return fault.Input("status", errBulk)
		}
		return nil
	case op.Is(ent.OpUpdateOne):
		id, _ := m.ID()
		r, err := m.Client().EducationRecord.Query().
			Where(educationrecord.ID(id), predicate.EducationRecord(lockRow)).
			Only(ctx)
		if err != nil {
			return fmt.Errorf("education rules: locking record: %w", err)
		}
		cur = *r
	case !op.Is(ent.OpCreate):
		return nil
	}
	create := m.Op().Is(ent.OpCreate)
	route, status, diploma := cur.Route, cur.Status, cur.DiplomaNumber
	if create {
		status = educationrecord.DefaultStatus
	}
	if v, ok := m.Route(); ok {
		route = v
	}
	if v, ok := m.Status(); ok {
		status = v
	}
	if v, ok := m.DiplomaNumber(); ok {
		diploma = v
	} else if m.DiplomaNumberCleared() {
		diploma = ""
	}
	starts := cur.StartsOn
	if v, ok := m.StartsOn(); ok {
		starts = v
	}
	ends := pick(m.EndsOn, m.EndsOnCleared(), cur.EndsOn)
	_, approving := m.ApprovedAt()
	_, naming := m.ApprovedBy()
	switch {
	case m.ApprovedAtCleared() || m.ApprovedByCleared():
		return fault.Inputf("approvedAt", "an approval is not withdrawn")
	case naming && !approving:
		return fault.Inputf("approvedBy", "is set with the approval (approveEducationRecord)")
	case approving && create:
		return fault.Inputf("approvedAt", "a new education record is approved afterwards, with approveEducationRecord")
	case approving && cur.ApprovedAt != nil:
		return fault.Conflictf("the education record was already approved on %s", day(*cur.ApprovedAt))
	case approving && route != educationrecord.RouteASSIGNED_STUDY:
		return fault.Conflictf("only an ASSIGNED_STUDY is approved, and this record is a %s", route)
	}
	if create {
		if err := career.Machine.CheckNew(career.Status(status)); err != nil {
			return fault.Input("status", err)
		}
	} else if status != cur.Status {
		if err := career.Machine.Transition(career.Status(cur.Status), career.Status(status)); err != nil {
			return &fault.Error{Code: fault.Conflict, Field: "status", Msg: err.Error(), Err: err}
		}
	}
	approved := cur.ApprovedAt != nil || approving
	if err := career.CheckApproval(string(route), career.Status(status), approved); err != nil {
		return &fault.Error{Code: fault.Conflict, Field: "status", Msg: err.Error(), Err: err}
	}
	if err := career.CheckDiploma(career.Status(status), diploma); err != nil {
		return fault.Input("diplomaNumber", err)
	}
	if err := career.CheckStudyDates(starts, ends); err != nil {
		return fault.Input("endsOn", err)
	}
	return nil
}

// CheckCertificationDates keeps a certification's expiry after its issue.
func CheckCertificationDates(next ent.Mutator) ent.Mutator {
	return workflow(func(m *gen.CertificationMutation) rules.Env { return m.Rules }, checkCertification)(next)
}

// checkCertification refuses an expiry on or before the issue date.
func checkCertification(ctx context.Context, m *gen.CertificationMutation) error {
	issued, expires, ok, err := pair(ctx, m, valueOf("issuedOn", m.IssuedOn, m.OldIssuedOn),
		nillableOf("expiresOn", m.ExpiresOn, m.ExpiresOnCleared(), m.OldExpiresOn))
	if err != nil || !ok || expires.IsZero() {
		return err
	}
	if err := career.CheckExpiry(issued, &expires); err != nil {
		return fault.Input("expiresOn", err)
	}
	return nil
}
