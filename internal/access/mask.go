package access

import (
	"context"
	"slices"
	"strings"

	"kembang/ent"
	"kembang/internal/viewer"
)

// A maskRule is one field that some viewers see masked: the entity and
// the field (GraphQL names) and which viewers see it masked.
type maskRule struct {
	entity, field string
	masked        func(viewer.Viewer) bool
}

// maskRules is the one table of masked fields: the masking interceptors
// mask rows by it ([MaskEmployees], [MaskPartners]) and the GraphQL
// argument guard refuses filters and orders by the fields it masks for
// the viewer ([MaskedField]), since a filter by a masked value would
// reveal it row by row.
//
//   - The personal data of employees (UU 27/2022): the NIP and what it
//     encodes (birth date, TMT CPNS, sex), the e-mail address and the
//     phone number, masked for every viewer but ADMIN, HR officers (of
//     the employee's agency), supervisors (of their direct reports) and
//     employees (themselves); see [Masked].
//   - The rank (golongan) of employees, for partners too, who see a
//     roster's names and agencies only.
//   - The contact person of a partner (a named person's e-mail and
//     phone), for anonymous readers of the public catalogue.
var maskRules = []maskRule{
	{"Employee", "nip", Masked},
	{"Employee", "birthDate", Masked},
	{"Employee", "appointedOn", Masked},
	{"Employee", "sex", Masked},
	{"Employee", "email", Masked},
	{"Employee", "phone", Masked},
	{"Employee", "golongan", func(v viewer.Viewer) bool { return v.Is(viewer.Partner) || v.Anonymous() }},
	{"Partner", "contactName", viewer.Viewer.Anonymous},
	{"Partner", "contactEmail", viewer.Viewer.Anonymous},
	{"Partner", "contactPhone", viewer.Viewer.Anonymous},
}

// How the fields of maskRules are masked in loaded rows: the NIP keeps
// the last three digits (the sequence number, which encodes nothing
// personal; the fourth from the end is the sex), the others become null
// (empty, for a partner's contact, which is text that may be empty).
var (
	employeeMasks = map[string]func(*ent.Employee){
		"nip":         func(e *ent.Employee) { e.Nip = maskedNIP(e.Nip) },
		"birthDate":   func(e *ent.Employee) { e.BirthDate = nil },
		"appointedOn": func(e *ent.Employee) { e.AppointedOn = nil },
		"sex":         func(e *ent.Employee) { e.Sex = nil },
		"email":       func(e *ent.Employee) { e.Email = nil },
		"phone":       func(e *ent.Employee) { e.Phone = nil },
		"golongan":    func(e *ent.Employee) { e.Golongan = nil },
	}
	partnerMasks = map[string]func(*ent.Partner){
		"contactName":  func(p *ent.Partner) { p.ContactName = "" },
		"contactEmail": func(p *ent.Partner) { p.ContactEmail = "" },
		"contactPhone": func(p *ent.Partner) { p.ContactPhone = "" },
	}
)

// Personal lists the personal fields of an employee (UU 27/2022), by
// their GraphQL names: those every viewer of [Masked] sees masked.
var Personal = []string{"nip", "birthDate", "appointedOn", "sex", "email", "phone"}

// Masked reports whether v sees employees with their personal fields
// masked. Only ADMIN, HR officers (of the employees' agency), supervisors
// (of their direct reports) and employees (themselves) see them; since
// those viewers read no other employee, masking depends on the role
// alone: APPROVER, ANALYST and PARTNER viewers see masked records.
func Masked(v viewer.Viewer) bool {
	return !v.Is(viewer.Admin, viewer.HROfficer, viewer.Supervisor, viewer.Employee)
}

// MaskedFields returns the GraphQL names of the fields of entity
// ("Employee") that v sees masked, in the table's order (none for
// viewers who see them all): the fields v may neither filter nor order
// by either.
func MaskedFields(v viewer.Viewer, entity string) []string {
	var out []string
	for _, r := range maskRules {
		if r.entity == entity && r.masked(v) {
			out = append(out, r.field)
		}
	}
	return out
}

// MaskedEntities returns the entities some of whose fields are masked
// for some viewers.
func MaskedEntities() []string {
	var out []string
	for _, r := range maskRules {
		if !slices.Contains(out, r.entity) {
			out = append(out, r.entity)
		}
	}
	return out
}

// MaskedField reports whether v sees the field named field of entity
// (GraphQL spelling: "Employee", "nip") masked.
func MaskedField(v viewer.Viewer, entity, field string) bool {
	for _, r := range maskRules {
		if r.entity == entity && r.field == field {
			return r.masked(v)
		}
	}
	return false
}

// maskedNIP replaces all but the last three digits (the sequence
// number) of a NIP.
func maskedNIP(nip string) string {
	if len(nip) <= 3 {
		return strings.Repeat("*", len(nip))
	}
	return strings.Repeat("*", len(nip)-3) + nip[len(nip)-3:]
}

// Mask masks in place the fields of e that v sees masked.
func Mask(v viewer.Viewer, e *ent.Employee) { apply(MaskedFields(v, "Employee"), employeeMasks, e) }

// MaskPartner masks in place the fields of p that v sees masked.
func MaskPartner(v viewer.Viewer, p *ent.Partner) { apply(MaskedFields(v, "Partner"), partnerMasks, p) }

// apply masks the fields of row with masks.
func apply[T any](fields []string, masks map[string]func(*T), row *T) {
	if row == nil {
		return
	}
	for _, f := range fields {
		masks[f](row)
	}
}

// MaskEmployees is the interceptor of employee queries that masks the
// fields of every employee a viewer sees masked, whatever the path:
// lists, node(id), edges, eager loading. The server's own work
// ([System]) reads them unmasked.
func MaskEmployees() ent.Interceptor { return masking("Employee", employeeMasks) }

// MaskPartners is the interceptor of partner queries that masks the
// fields of every partner a viewer sees masked ([MaskEmployees]).
func MaskPartners() ent.Interceptor { return masking("Partner", partnerMasks) }

// masking returns the interceptor of queries of entity that masks the
// fields of each row its viewer sees masked, with masks.
func masking[T any](entity string, masks map[string]func(*T)) ent.Interceptor {
	return ent.InterceptFunc(func(next ent.Querier) ent.Querier {
		return ent.QuerierFunc(func(ctx context.Context, q ent.Query) (ent.Value, error) {
			val, err := next.Query(ctx, q)
			if err != nil || system(ctx) {
				return val, err
			}
			v, _ := viewer.FromContext(ctx) // none: the anonymous viewer
			fields := MaskedFields(v, entity)
			if len(fields) == 0 {
				return val, nil
			}
			switch rows := val.(type) {
			case []*T:
				for _, r := range rows {
					apply(fields, masks, r)
				}
			case *T:
				apply(fields, masks, rows)
			}
			return val, nil
		})
	})
}
