// Helpers of the change project, education and certification resolvers
// (career.resolvers.go): kept here so that gqlgen never moves them.

package graph

import (
	"context"
	"time"

	"entgo.io/contrib/entgql"

	"kembang/ent"
	"kembang/ent/certification"
	"kembang/ent/employee"
	"kembang/internal/domain/career"
	"kembang/internal/domain/jp"
	"kembang/internal/fault"
	"kembang/internal/viewer"
)

// expiring returns the query of the certifications of an agency's
// employees that expire within days of now (its WIB calendar day), read
// by c as the viewer, and their order: soonest first.
func expiring(c *ent.Client, agencyID, days int, now time.Time) (*ent.CertificationQuery, ent.CertificationPaginateOption, error) {
	if err := career.CheckWithinDays(days); err != nil {
		return nil, nil, fault.Input("withinDays", err)
	}
	from, to := career.ExpiryWindow(now.In(jp.WIB), days)
	q := c.Certification.Query().Where(
		certification.HasEmployeeWith(employee.AgencyID(agencyID)),
		certification.ExpiresOnGTE(from),
		certification.ExpiresOnLTE(to),
	)
	soonest := ent.WithCertificationOrder([]*ent.CertificationOrder{{Field: ent.CertificationOrderFieldExpiresOn, Direction: entgql.OrderDirectionAsc}})
	return q, soonest, nil
}

// approver names the caller approving a record, as the audit trail
// names callers.
func approver(ctx context.Context) string {
	v, _ := viewer.FromContext(ctx)
	return v.Subject
}

// signer returns the caller's own employee record, the signer of a
// sign-off, or nil for callers without one (ADMIN, HR officers without
// an employee record).
func signer(ctx context.Context) *int {
	if v, _ := viewer.FromContext(ctx); v.EmployeeID != 0 {
		return &v.EmployeeID
	}
	return nil
}
