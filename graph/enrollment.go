// Helpers of the enrollment, ledger and claim resolvers
// (enrollment.resolvers.go): kept here so that gqlgen never moves them.

package graph

import (
	"context"

	"kembang/internal/report"

	"kembang/ent"
	entenrollment "kembang/ent/enrollment"
	"kembang/internal/fault"
)

// maxNominations caps the employees of one nominate call.
const maxNominations = 500

// setStatus moves an enrollment to status; the enrollment hooks check the
// transition and do what it entails (seats, JP, certificate, waitlist).
func (r *Resolver) setStatus(ctx context.Context, id int, status entenrollment.Status) (*ent.Enrollment, error) {
	return setStatus(ctx, ent.FromContext(ctx), id, status)
}

// setStatus moves an enrollment to status with client c.
func setStatus(ctx context.Context, c *ent.Client, id int, status entenrollment.Status) (*ent.Enrollment, error) {
	return c.Enrollment.UpdateOneID(id).SetStatus(status).Save(ctx)
}

// atIndex names the list element a client-facing error is about. A fault
// about an ID that names no record stays as it is: the API layer names the
// argument the client sent that ID in, the list or another one.
func atIndex(err error, field string, i int) error {
	f, ok := fault.As(err)
	if !ok || f.ID != 0 {
		return err
	}
	out := fault.Newf(f.Code, field, "item %d: %s", i, f.Error())
	if f.Field != "" {
		out.Format, out.Args = "item %d: %s: %v", []any{i, f.Field, f}
	} else {
		out.Format, out.Args = "item %d: %v", []any{i, f}
	}
	out.Err = err
	return out
}

// developmentHours returns the JP of an employee in a ledger year, by
// the one rule of report.Hours (completed enrollments plus approved
// claims, WIB calendar year), read through the mutation's transaction
// when there is one. It is not rounded: the compliance report compares
// the same unrounded sum with the target.
func (r *Resolver) developmentHours(ctx context.Context, employeeID, year int) (float64, error) {
	return report.Hours(ctx, r.db(ctx), employeeID, year)
}
