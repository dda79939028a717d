// Helpers of the enrolment, ledger and claim resolvers
// (enrollment.resolvers.go): kept here so that gqlgen never moves them.

package graph

import (
	"context"
	"fmt"

	"entgo.io/ent/dialect/sql"

	"kembang/enrollment"
	"kembang/ent"
	"kembang/ent/employee"
	entenrollment "kembang/ent/enrollment"
	"kembang/ent/learningclaim"
	"kembang/fault"
	"kembang/jp"
)

// maxNominations caps the employees of one nominate call.
const maxNominations = 500

// clock passes the resolver's clock to the storage hooks, which date
// enrolments, completions and reviews with it.
func (r *Resolver) clock(ctx context.Context) context.Context {
	return enrollment.WithClock(ctx, r.now)
}

// db returns the client of the mutation's transaction when there is one,
// else the root client. Fields of a mutation's result must read through
// the transaction: on SQLite the root client would wait for the single
// connection the transaction holds.
func (r *Resolver) db(ctx context.Context) *ent.Client {
	if c := ent.FromContext(ctx); c != nil {
		return c
	}
	return r.client
}

// setStatus moves an enrollment to status; the enrollment hooks check the
// transition and do what it entails (seats, JP, certificate, waitlist).
func (r *Resolver) setStatus(ctx context.Context, id int, status entenrollment.Status) (*ent.Enrollment, error) {
	ctx = r.clock(ctx)
	return ent.FromContext(ctx).Enrollment.UpdateOneID(id).SetStatus(status).Save(ctx)
}

// atIndex names the list element a client-facing error is about.
func atIndex(err error, field string, i int) error {
	f, ok := fault.As(err)
	if !ok {
		return err
	}
	return &fault.Error{Code: f.Code, Field: field, Msg: fmt.Sprintf("item %d: %s", i, f.Error()), Err: err}
}

// developmentHours returns the JP of an employee in a ledger year
// (jp.LedgerYear): the JP credited to enrolments COMPLETED in the year
// plus the JP of APPROVED learning claims that ended in it. One SQL
// statement, two correlated sums:
//
//	SELECT COALESCE((SELECT SUM(jp_credited) FROM enrollments WHERE …), 0)
//	     + COALESCE((SELECT SUM(jp) FROM learning_claims WHERE …), 0)
//	FROM employees WHERE id = ?
func (r *Resolver) developmentHours(ctx context.Context, employeeID, year int) (float64, error) {
	start, end, err := jp.LedgerYear(year)
	if err != nil {
		return 0, fault.Input("year", err)
	}
	sums, err := r.db(ctx).Employee.Query().
		Where(employee.ID(employeeID)).
		Modify(func(s *sql.Selector) {
			d := sql.Dialect(s.Dialect())
			e := sql.Table(entenrollment.Table).As("credited")
			enrolments := d.Select(sql.Sum(e.C(entenrollment.FieldJpCredited))).From(e).Where(sql.And(
				sql.ColumnsEQ(e.C(entenrollment.FieldEmployeeID), s.C(employee.FieldID)),
				sql.EQ(e.C(entenrollment.FieldStatus), entenrollment.StatusCOMPLETED),
				sql.GTE(e.C(entenrollment.FieldCompletedAt), start),
				sql.LT(e.C(entenrollment.FieldCompletedAt), end),
			))
			c := sql.Table(learningclaim.Table).As("claimed")
			claims := d.Select(sql.Sum(c.C(learningclaim.FieldJp))).From(c).Where(sql.And(
				sql.ColumnsEQ(c.C(learningclaim.FieldEmployeeID), s.C(employee.FieldID)),
				sql.EQ(c.C(learningclaim.FieldStatus), learningclaim.StatusAPPROVED),
				sql.GTE(c.C(learningclaim.FieldEndsOn), start),
				sql.LT(c.C(learningclaim.FieldEndsOn), end),
			))
			s.Select().AppendSelectExprAs(sql.ExprFunc(func(b *sql.Builder) {
				b.WriteString("COALESCE((").Join(enrolments).WriteString("), 0) + COALESCE((").Join(claims).WriteString("), 0)")
			}), "hours")
		}).
		Float64s(ctx)
	if err != nil {
		return 0, fmt.Errorf("development hours: %w", err)
	}
	if len(sums) == 0 {
		return 0, fault.NotFoundf("no such employee")
	}
	return jp.Round(sums[0]), nil
}
