package access

import (
	"context"
	"slices"
	"strings"

	"kembang/ent"
	"kembang/internal/viewer"
)

// A maskRule is one field of an employee that some viewers see masked:
// its GraphQL name, whether it is masked for partners only, and how to
// mask it in a loaded row.
type maskRule struct {
	field       string
	partnerOnly bool
	mask        func(*ent.Employee)
}

// employeeMask is the one table of masked employee fields: [Mask] masks
// rows by it and [MaskedFields] gives the filter guard the fields that
// masked viewers may neither filter nor order by. The personal fields
// (UU 27/2022) are the NIP and what it encodes (birth date, TMT CPNS,
// sex), the e-mail address and the phone number; partners, who see a
// roster's names and agencies only, do not see the rank (golongan)
// either.
var employeeMask = []maskRule{
	{field: "nip", mask: func(e *ent.Employee) { e.Nip = maskedNIP(e.Nip) }},
	{field: "birthDate", mask: func(e *ent.Employee) { e.BirthDate = nil }},
	{field: "appointedOn", mask: func(e *ent.Employee) { e.AppointedOn = nil }},
	{field: "sex", mask: func(e *ent.Employee) { e.Sex = nil }},
	{field: "email", mask: func(e *ent.Employee) { e.Email = nil }},
	{field: "phone", mask: func(e *ent.Employee) { e.Phone = nil }},
	{field: "golongan", partnerOnly: true, mask: func(e *ent.Employee) { e.Golongan = nil }},
}

// Personal lists the personal fields of an employee (UU 27/2022), by
// their GraphQL names: those every masked viewer sees masked.
var Personal = func() []string {
	var out []string
	for _, r := range employeeMask {
		if !r.partnerOnly {
			out = append(out, r.field)
		}
	}
	return out
}()

// Masked reports whether v sees employees with their personal fields
// masked. Only ADMIN, HR officers (of the employees' agency), supervisors
// (of their direct reports) and employees (themselves) see them; since
// those viewers read no other employee, masking depends on the role
// alone: APPROVER, ANALYST and PARTNER viewers see masked records.
func Masked(v viewer.Viewer) bool {
	return !v.Is(viewer.Admin, viewer.HROfficer, viewer.Supervisor, viewer.Employee)
}

// MaskedFields returns the GraphQL names of the employee fields v sees
// masked (none for viewers who see them): the fields v may not filter or
// order employees by either, since a filter by a masked value would
// reveal it.
func MaskedFields(v viewer.Viewer) []string {
	if !Masked(v) {
		return nil
	}
	var out []string
	for _, r := range employeeMask {
		if !r.partnerOnly || v.Is(viewer.Partner) {
			out = append(out, r.field)
		}
	}
	return out
}

// MaskedField reports whether v sees the field named field of entity
// (GraphQL spelling: "Employee", "nip") masked. Employees are the only
// entity with masked fields.
func MaskedField(v viewer.Viewer, entity, field string) bool {
	return entity == "Employee" && slices.Contains(MaskedFields(v), field)
}

// maskedNIP replaces all but the last four digits (the sequence number,
// which encodes nothing personal) of a NIP.
func maskedNIP(nip string) string {
	if len(nip) <= 4 {
		return strings.Repeat("*", len(nip))
	}
	return strings.Repeat("*", len(nip)-4) + nip[len(nip)-4:]
}

// Mask masks in place the fields of e that v sees masked
// ([MaskedFields]): the NIP keeps its last four digits, the other fields
// become nil.
func Mask(v viewer.Viewer, e *ent.Employee) {
	if e == nil || !Masked(v) {
		return
	}
	for _, r := range employeeMask {
		if !r.partnerOnly || v.Is(viewer.Partner) {
			r.mask(e)
		}
	}
}

// MaskEmployees is the interceptor of employee queries that masks the
// personal fields of every employee a masked viewer reads (see [Masked]),
// whatever the path: lists, node(id), edges, eager loading. The server's
// own work ([System]) reads them unmasked.
func MaskEmployees() ent.Interceptor {
	return ent.InterceptFunc(func(next ent.Querier) ent.Querier {
		return ent.QuerierFunc(func(ctx context.Context, q ent.Query) (ent.Value, error) {
			val, err := next.Query(ctx, q)
			if err != nil || system(ctx) {
				return val, err
			}
			v, ok := viewer.FromContext(ctx)
			if ok && !Masked(v) {
				return val, nil
			}
			switch es := val.(type) {
			case []*ent.Employee:
				for _, e := range es {
					Mask(v, e)
				}
			case *ent.Employee:
				Mask(v, es)
			}
			return val, nil
		})
	})
}
