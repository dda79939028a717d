package access

import (
	"context"

	"kembang/ent"
	"kembang/ent/partner"
	"kembang/ent/program"
	"kembang/internal/viewer"
)

// The checks below guard what the row policies cannot: aggregates
// computed in SQL over many rows (reports, the SIASN export) and
// computed fields of an employee. The GraphQL schema names the check of
// each such field with the @authorize directive.

// AgencyReport allows the reports of one agency (compliance, gap
// summary, needs ranking): ADMIN and ANALYST for every agency, HR
// officers and approvers for their own.
func AgencyReport(ctx context.Context, agencyID int) error {
	v, err := viewerOf(ctx)
	if err != nil {
		return err
	}
	if readsAll(v) || v.InAgency(agencyID) {
		return nil
	}
	return forbidden(v, "read reports of this agency")
}

// Aggregates allows grouped counts, for one agency when agencyID is set
// (as [AgencyReport]) or across agencies (ADMIN and ANALYST).
func Aggregates(ctx context.Context, agencyID *int) error {
	if agencyID != nil {
		return AgencyReport(ctx, *agencyID)
	}
	v, err := viewerOf(ctx)
	if err != nil {
		return err
	}
	if readsAll(v) {
		return nil
	}
	return forbidden(v, "read aggregates across agencies (pass its agencyId)")
}

// ProgramReport allows the monitoring and evaluation report of a
// program: ADMIN and ANALYST, the partners delivering it, and the HR
// officers and approvers of its organising agency.
func ProgramReport(ctx context.Context, c *ent.Client, programID int) error {
	v, err := viewerOf(ctx)
	if err != nil {
		return err
	}
	if readsAll(v) {
		return nil
	}
	p, err := c.Program.Query().Where(program.ID(programID)).WithPartners(func(q *ent.PartnerQuery) {
		q.Where(partner.ID(v.PartnerID))
	}).Only(System(ctx))
	if err != nil {
		if ent.IsNotFound(err) {
			return nil // the report says the program does not exist
		}
		return err
	}
	if v.InAgency(deref(p.AgencyID)) || v.Is(viewer.Partner) && len(p.Edges.Partners) > 0 {
		return nil
	}
	return forbidden(v, "read the report of this program")
}

// PartnerReport allows the report of a partner's programs: ADMIN and
// ANALYST, and the partner itself.
func PartnerReport(ctx context.Context, partnerID int) error {
	v, err := viewerOf(ctx)
	if err != nil {
		return err
	}
	if readsAll(v) || v.ForPartner(partnerID) {
		return nil
	}
	return forbidden(v, "read the report of this partner")
}

// Export allows exports that carry personal data (the SIASN course
// history, with NIPs): ADMIN and the HR officers of the agency.
func Export(ctx context.Context, agencyID int) error {
	v, err := viewerOf(ctx)
	if err != nil {
		return err
	}
	if v.Is(viewer.Admin) || hrOf(v, []int{agencyID}) {
		return nil
	}
	return forbidden(v, "export personal data of this agency")
}

// Records allows the development records computed for an employee
// (JP ledger, gaps): those who read the employee's records, but not
// partners, who see rosters only.
func Records(ctx context.Context, e *ent.Employee) error {
	v, err := viewerOf(ctx)
	if err != nil {
		return err
	}
	switch {
	case readsAll(v), agencyWide(v) && v.InAgency(e.AgencyID), v.Self(e.ID),
		v.Is(viewer.Supervisor) && e.SupervisorID != nil && v.Self(*e.SupervisorID):
		return nil
	}
	return forbidden(v, "read the development records of this employee")
}

// Hidden returns the FORBIDDEN error of a lookup by ID (node(id:),
// nodes(ids:)) that came back empty when the row exists but the viewer
// may not read it, and nil when no row has the ID (or the viewer has the
// server's rights, for which nothing is hidden).
func Hidden(ctx context.Context, c *ent.Client, id int) error {
	if system(ctx) {
		return nil
	}
	sctx, cancel := detached(ctx)
	defer cancel()
	if _, err := c.Noder(sctx, id); err != nil {
		return nil
	}
	v, err := viewerOf(ctx)
	if err != nil {
		return err
	}
	return forbidden(v, "read this record")
}
