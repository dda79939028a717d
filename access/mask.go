package access

import (
	"context"
	"strings"

	"kembang/ent"
	"kembang/viewer"
)

// Personal fields of an employee (UU 27/2022): the NIP and what it
// encodes (birth date, TMT CPNS, sex), the e-mail address and the phone
// number.
var Personal = []string{"nip", "birthDate", "appointedOn", "sex", "email", "phone"}

// Masked reports whether v sees employees with their personal fields
// masked. Only ADMIN, HR officers (of the employees' agency), supervisors
// (of their direct reports) and employees (themselves) see them; since
// those viewers read no other employee, masking depends on the role
// alone: APPROVER, ANALYST and PARTNER viewers see masked records.
func Masked(v viewer.Viewer) bool {
	return !v.Is(viewer.Admin, viewer.HROfficer, viewer.Supervisor, viewer.Employee)
}

// maskedNIP replaces all but the last four digits (the sequence number,
// which encodes nothing personal) of a NIP.
func maskedNIP(nip string) string {
	if len(nip) <= 4 {
		return strings.Repeat("*", len(nip))
	}
	return strings.Repeat("*", len(nip)-4) + nip[len(nip)-4:]
}

// Mask masks the personal fields of e in place: the NIP keeps its last
// four digits, the other personal fields become nil. For partners, who
// see a roster's names and agencies only, the rank (golongan) goes too.
func Mask(v viewer.Viewer, e *ent.Employee) {
	if e == nil {
		return
	}
	e.Nip = maskedNIP(e.Nip)
	e.BirthDate, e.AppointedOn, e.Sex, e.Email, e.Phone = nil, nil, nil, nil, nil
	if v.Is(viewer.Partner) {
		e.Golongan = nil
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
