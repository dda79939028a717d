package access

import (
	"context"
	"slices"

	"kembang/ent"
	"kembang/ent/changeproject"
	"kembang/ent/evaluation"
	"kembang/internal/viewer"
)

// Write rules of the career records: change projects, education records
// and certifications.
var (
	WriteChangeProject   = writeRule("change projects", changeProjectWrite)
	WriteEducationRecord = writeRule("education records", educationWrite)
	WriteCertification   = writeRule("certifications", certificationWrite)
)

// changeProjectWrite: the employee drafts, edits and submits own
// projects; HR officers of the employee's agency do the same for them and
// name or change the mentor; only the mentor accepts or returns a
// submitted project (ADMIN aside). The mentor's decision changes the
// status and the reason only.
func changeProjectWrite(ctx context.Context, v viewer.Viewer, m *ent.ChangeProjectMutation) error {
	c := m.Client()
	o, err := old[*ent.ChangeProject](ctx, m)
	if err != nil {
		return err
	}
	var emp int
	if o != nil {
		emp = o.EmployeeID
	} else if id, ok := m.EnrollmentID(); ok {
		enr, err := load[*ent.Enrollment](ctx, c, id)
		if err != nil {
			return err
		}
		emp = enr.EmployeeID
	}
	status, set := m.Status()
	if set && (status == changeproject.StatusACCEPTED || status == changeproject.StatusRETURNED) {
		if o != nil && o.MentorID != nil && v.Self(*o.MentorID) && m.Op().Is(ent.OpUpdateOne) &&
			onlyFields(m, changeproject.FieldStatus, changeproject.FieldReturnReason) {
			return nil
		}
		return forbidden(v, "accept or return change projects it does not mentor")
	}
	if emp == 0 {
		return forbidden(v, "%s change projects", verb(m.Op()))
	}
	e, err := load[*ent.Employee](ctx, c, emp)
	if err != nil {
		return err
	}
	_, mentor := m.MentorID()
	mentor = mentor || m.MentorCleared()
	switch {
	case hrOf(v, []int{e.AgencyID}):
		return nil
	case v.Self(emp) && mentor:
		return forbidden(v, "name the mentor of own change project (the supervisor, unless HR names another)")
	case v.Self(emp) && !m.Op().Is(ent.OpDeleteOne):
		return nil
	}
	return forbidden(v, "%s change projects of this employee", verb(m.Op()))
}

// educationWrite: HR officers of the employee's agency manage education
// records and approve assigned studies; employees record their own but
// do not approve them.
func educationWrite(ctx context.Context, v viewer.Viewer, m *ent.EducationRecordMutation) error {
	emps, as, err := owners(ctx, m, m.EmployeeID, func(r *ent.EducationRecord) int { return r.EmployeeID })
	if err != nil {
		return err
	}
	_, approving := m.ApprovedAt()
	switch {
	case hrOf(v, as):
		return nil
	case len(emps) == 1 && v.Self(emps[0]) && approving:
		return forbidden(v, "approve own education records")
	case len(emps) == 1 && v.Self(emps[0]) && !m.Op().Is(ent.OpDeleteOne):
		return nil
	}
	return forbidden(v, "%s education records of this employee", verb(m.Op()))
}

// certificationWrite: HR officers of the employee's agency and the
// employee manage the employee's certifications.
func certificationWrite(ctx context.Context, v viewer.Viewer, m *ent.CertificationMutation) error {
	emps, as, err := owners(ctx, m, m.EmployeeID, func(c *ent.Certification) int { return c.EmployeeID })
	if err != nil {
		return err
	}
	if hrOf(v, as) || len(emps) == 1 && v.Self(emps[0]) {
		return nil
	}
	return forbidden(v, "%s certifications of this employee", verb(m.Op()))
}

// owners returns the employees a record (a T) belongs to before and
// after m (see refs), and their agencies.
func owners[T ent.Noder](ctx context.Context, m mutation, set func() (int, bool), stored func(T) int) (emps, agencies []int, err error) {
	if emps, err = refs(ctx, m, set, stored); err != nil {
		return nil, nil, err
	}
	agencies, err = agenciesOf(ctx, m.Client(), emps)
	return emps, agencies, err
}

// signingOff reports whether m only signs a behaviour evaluation off
// (the sign-off, the grade, comments, the evaluator) with v as the signer
// if it names one.
func signingOff(v viewer.Viewer, m *ent.EvaluationMutation) bool {
	if s, ok := m.SignedOffByID(); ok && !v.Self(s) || m.SignedOffByCleared() {
		return false
	}
	fields := []string{evaluation.FieldSignedOffOn, evaluation.FieldSignedOffByID, evaluation.FieldScore, evaluation.FieldComments, evaluation.FieldEvaluator, evaluation.FieldUpdatedAt}
	for _, f := range append(m.Fields(), m.ClearedFields()...) {
		if !slices.Contains(fields, f) {
			return false
		}
	}
	added := m.AddedEdges()
	return len(m.RemovedEdges()) == 0 && len(m.ClearedEdges()) == 0 &&
		(len(added) == 0 || len(added) == 1 && added[0] == evaluation.EdgeSignedOffBy)
}
