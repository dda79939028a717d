package importer

import (
	"context"
	"fmt"
	"io"
	"strings"

	"kembang/ent"
	"kembang/ent/agency"
	"kembang/ent/employee"
	"kembang/ent/position"
	"kembang/ent/unit"
	"kembang/internal/viewer"
)

// Columns of an employee file.
const (
	colNIP           = "nip"
	colFullName      = "full_name"
	colTitleBefore   = "title_before"
	colTitleAfter    = "title_after"
	colType          = "employment_type"
	colAgency        = "agency_code"
	colGolongan      = "golongan"
	colUnit          = "unit_code"
	colPosition      = "position_title"
	colEmail         = "email"
	colPhone         = "phone"
	colSupervisorNIP = "supervisor_nip"
)

// employeeColumns are the columns an employee file may have.
var employeeColumns = []string{
	colNIP, colFullName, colTitleBefore, colTitleAfter, colType, colAgency, colGolongan,
	colUnit, colPosition, colEmail, colPhone, colSupervisorNIP,
}

// employeeAliases map other names of the columns, those of the SIASN
// (BKN) employee export among them, to Kembang's.
var employeeAliases = map[string]string{
	"nip_baru":           colNIP,
	"nama":               colFullName,
	"nama_lengkap":       colFullName,
	"name":               colFullName,
	"gelar_depan":        colTitleBefore,
	"gelar_belakang":     colTitleAfter,
	"jenis_pegawai":      colType,
	"jenis_pegawai_nama": colType,
	"kode_instansi":      colAgency,
	"instansi_kode":      colAgency,
	"gol_akhir_nama":     colGolongan,
	"gol_ruang":          colGolongan,
	"golongan_ruang":     colGolongan,
	"unor_kode":          colUnit,
	"kode_unit":          colUnit,
	"jabatan_nama":       colPosition,
	"jabatan":            colPosition,
	"position":           colPosition,
	"email_gov":          colEmail,
	"nomor_hp":           colPhone,
	"no_hp":              colPhone,
	"atasan_nip":         colSupervisorNIP,
	"nip_atasan":         colSupervisorNIP,
}

// employeeFields maps the API's field names, as faults name them, to
// the columns.
var employeeFields = map[string]string{
	"nip":            colNIP,
	"fullName":       colFullName,
	"employmentType": colType,
	"agencyID":       colAgency,
	"golongan":       colGolongan,
	"unitID":         colUnit,
	"positionID":     colPosition,
	"email":          colEmail,
	"phone":          colPhone,
	"supervisorID":   colSupervisorNIP,
}

// empRow is an employee row, parsed and resolved. Optional fields are
// nil when their column is absent (the record keeps its value); with
// the column present, an empty cell clears the field.
type empRow struct {
	line       int
	nip        string
	fullName   string
	typ        employee.EmploymentType
	agency     int
	golongan   **employee.Golongan
	unit       **int
	position   **int
	email      **string
	phone      **string
	supervisor string // NIP; "" with the column present clears
}

// importEmployees is Import for employees.
func importEmployees(ctx context.Context, j *job, r io.Reader) error {
	t, err := readTable(r, employeeColumns, []string{colNIP, colFullName, colType}, employeeAliases)
	if err != nil {
		return err
	}
	if !t.has(colAgency) && j.opts.Agency == "" && j.viewer.Role != viewer.HROfficer {
		return &HeaderError{Msg: "missing column agency_code (or give the agency of every row)"}
	}
	j.rep.Rows = len(t.rows)
	e := &employees{job: j, t: t, agencies: map[string]int{}, units: map[[2]string]int{},
		positions: map[string][]int{}, inFile: map[string]int{}, ids: map[string]int{}}
	for _, rec := range t.rows {
		if nip := t.get(rec, colNIP); nip != "" {
			if _, dup := e.inFile[nip]; !dup {
				e.inFile[nip] = rec.line
			}
		}
	}
	for _, c := range chunks(len(t.rows), j.opts.BatchSize) {
		if err := e.batch(ctx, t.rows[c[0]:c[1]]); err != nil {
			return err
		}
		j.progress(c[1] - c[0])
	}
	return e.supervisors(ctx)
}

// employees is the state of an employee import.
type employees struct {
	*job
	t         *table
	agencies  map[string]int    // code → ID, 0: none
	units     map[[2]string]int // agency ID and code → ID, 0: none
	positions map[string][]int  // agency ID and title → IDs
	inFile    map[string]int    // NIP → first line
	ids       map[string]int    // NIP → ID of the employees the import wrote or found
	deferred  []deferredSup     // supervisors named before they exist
}

// deferredSup is a row whose supervisor is created by the same import.
type deferredSup struct {
	line           int
	nip, superNIP  string
	counted        bool // the row is already counted as created or updated
	currentSuperID *int
}

// batch imports one batch of rows.
func (e *employees) batch(ctx context.Context, recs []record) error {
	rows := make([]*empRow, 0, len(recs))
	for _, rec := range recs {
		row, err := e.parse(ctx, rec)
		if err != nil {
			return err
		}
		if row != nil {
			rows = append(rows, row)
		}
	}
	nips := make([]string, 0, len(rows)*2)
	for _, r := range rows {
		nips = append(nips, r.nip)
		if r.supervisor != "" {
			nips = append(nips, r.supervisor)
		}
	}
	found, err := e.c.Employee.Query().Where(employee.NipIn(nips...)).All(ctx)
	if err != nil {
		return fmt.Errorf("import: reading employees: %w", err)
	}
	byNIP := make(map[string]*ent.Employee, len(found))
	for _, f := range found {
		byNIP[f.Nip] = f
		e.ids[f.Nip] = f.ID
	}
	var (
		creates []*ent.EmployeeCreate
		lines   []int
		newRows []*empRow
	)
	for _, r := range rows {
		superID, deferred, ok := e.supervisorOf(r)
		if !ok {
			continue
		}
		old := byNIP[r.nip]
		if old == nil {
			c := e.c.Employee.Create().SetNip(r.nip).SetFullName(r.fullName).SetEmploymentType(r.typ).SetAgencyID(r.agency)
			if r.golongan != nil {
				c.SetNillableGolongan(*r.golongan)
			}
			if r.unit != nil {
				c.SetNillableUnitID(*r.unit)
			}
			if r.position != nil {
				c.SetNillablePositionID(*r.position)
			}
			if r.email != nil {
				c.SetNillableEmail(*r.email)
			}
			if r.phone != nil {
				c.SetNillablePhone(*r.phone)
			}
			c.SetNillableSupervisorID(superID)
			creates = append(creates, c)
			lines = append(lines, r.line)
			newRows = append(newRows, r)
			if deferred {
				e.deferred = append(e.deferred, deferredSup{line: r.line, nip: r.nip, superNIP: r.supervisor, counted: true})
			}
			continue
		}
		u := e.c.Employee.UpdateOneID(old.ID)
		changed := e.diff(u, old, r, superID, deferred)
		if deferred {
			e.deferred = append(e.deferred, deferredSup{line: r.line, nip: r.nip, superNIP: r.supervisor, counted: changed, currentSuperID: old.SupervisorID})
		}
		if !changed {
			e.rep.Unchanged++
			continue
		}
		if err := e.update(ctx, r.line, employeeFields, func() error { return u.Exec(ctx) }); err != nil {
			return err
		}
	}
	var made []*ent.Employee
	n, err := e.writeNew(ctx, lines, employeeFields,
		func(ctx context.Context) error {
			var err error
			made, err = e.c.Employee.CreateBulk(creates...).Save(ctx)
			return err
		},
		func(i int) error {
			m, err := creates[i].Save(ctx)
			if err == nil {
				e.ids[m.Nip] = m.ID
			}
			return err
		})
	if err != nil {
		return err
	}
	for _, m := range made {
		e.ids[m.Nip] = m.ID
	}
	e.rep.Created += n
	return nil
}

// diff sets on u the fields of r that differ from old and reports
// whether there was any.
func (e *employees) diff(u *ent.EmployeeUpdateOne, old *ent.Employee, r *empRow, superID *int, deferred bool) bool {
	changed := false
	if old.FullName != r.fullName {
		u.SetFullName(r.fullName)
		changed = true
	}
	if old.EmploymentType != r.typ {
		u.SetEmploymentType(r.typ)
		changed = true
	}
	if old.AgencyID != r.agency {
		u.SetAgencyID(r.agency)
		changed = true
	}
	if r.golongan != nil && !samePtr(old.Golongan, *r.golongan) {
		if *r.golongan == nil {
			u.ClearGolongan()
		} else {
			u.SetGolongan(**r.golongan)
		}
		changed = true
	}
	if r.unit != nil && !samePtr(old.UnitID, *r.unit) {
		if *r.unit == nil {
			u.ClearUnitID()
		} else {
			u.SetUnitID(**r.unit)
		}
		changed = true
	}
	if r.position != nil && !samePtr(old.PositionID, *r.position) {
		if *r.position == nil {
			u.ClearPositionID()
		} else {
			u.SetPositionID(**r.position)
		}
		changed = true
	}
	if r.email != nil && !samePtr(old.Email, *r.email) {
		if *r.email == nil {
			u.ClearEmail()
		} else {
			u.SetEmail(**r.email)
		}
		changed = true
	}
	if r.phone != nil && !samePtr(old.Phone, *r.phone) {
		if *r.phone == nil {
			u.ClearPhone()
		} else {
			u.SetPhone(**r.phone)
		}
		changed = true
	}
	if e.t.has(colSupervisorNIP) && !deferred && !samePtr(old.SupervisorID, superID) {
		if superID == nil {
			u.ClearSupervisorID()
		} else {
			u.SetSupervisorID(*superID)
		}
		changed = true
	}
	return changed
}

// supervisorOf resolves the row's supervisor: its ID when the supervisor
// exists, deferred when the supervisor is created later by this import.
// ok is false when the row was refused.
func (e *employees) supervisorOf(r *empRow) (id *int, deferred, ok bool) {
	if r.supervisor == "" {
		return nil, false, true
	}
	if r.supervisor == r.nip {
		e.fail(r.line, colSupervisorNIP, "an employee is not their own supervisor")
		return nil, false, false
	}
	if sid, found := e.ids[r.supervisor]; found {
		return &sid, false, true
	}
	if _, later := e.inFile[r.supervisor]; later {
		return nil, true, true
	}
	e.fail(r.line, colSupervisorNIP, fmt.Sprintf("no employee with NIP %s", r.supervisor))
	return nil, false, false
}

// supervisors sets the supervisors that the import itself created.
func (e *employees) supervisors(ctx context.Context) error {
	for _, d := range e.deferred {
		if e.failed[d.line] {
			continue
		}
		id, sid := e.ids[d.nip], e.ids[d.superNIP]
		if sline := e.inFile[d.superNIP]; sid == 0 || e.failed[sline] {
			e.fail(d.line, colSupervisorNIP, fmt.Sprintf("the supervisor's row (line %d) was refused", sline))
			continue
		}
		if id == 0 || d.currentSuperID != nil && *d.currentSuperID == sid {
			continue
		}
		err := e.guarded(ctx, spRow, func() error {
			return e.c.Employee.UpdateOneID(id).SetSupervisorID(sid).Exec(ctx)
		})
		if err == nil {
			if !d.counted {
				e.rep.Updated++
				e.rep.Unchanged--
			}
			continue
		}
		if err := e.refuse(d.line, err, employeeFields); err != nil {
			return err
		}
	}
	return nil
}

// parse reads a row; nil means the row was refused (its errors are
// recorded).
func (e *employees) parse(ctx context.Context, rec record) (*empRow, error) {
	t := e.t
	if !e.required(t, rec, colNIP, colFullName, colType) {
		return nil, nil
	}
	r := &empRow{line: rec.line, nip: t.get(rec, colNIP), fullName: fullName(t, rec)}
	if first := e.inFile[r.nip]; first != rec.line {
		e.fail(rec.line, colNIP, fmt.Sprintf("NIP %s is also on line %d", r.nip, first))
		return nil, nil
	}
	typ, ok := employmentType(t.get(rec, colType))
	if !ok {
		e.fail(rec.line, colType, fmt.Sprintf("%q is not PNS or PPPK", t.get(rec, colType)))
		return nil, nil
	}
	r.typ = typ
	code := t.get(rec, colAgency)
	if code == "" {
		code = e.opts.Agency
	}
	var aid int
	switch {
	case code != "":
		var err error
		if aid, err = e.agency(ctx, code); err != nil {
			return nil, err
		}
	case e.viewer.Role == viewer.HROfficer:
		aid, code = e.viewer.AgencyID, "of your own"
	default:
		e.fail(rec.line, colAgency, "is required")
		return nil, nil
	}
	if aid == 0 {
		e.fail(rec.line, colAgency, fmt.Sprintf("no agency with code %s", code))
		return nil, nil
	}
	if e.viewer.Role == viewer.HROfficer && aid != e.viewer.AgencyID {
		e.fail(rec.line, colAgency, fmt.Sprintf("agency %s is not yours: HR officers import employees of their own agency only", code))
		return nil, nil
	}
	r.agency = aid
	if t.has(colGolongan) {
		g, ok := golongan(t.get(rec, colGolongan), typ)
		if !ok {
			e.fail(rec.line, colGolongan, fmt.Sprintf("%q is not a golongan (III/a) or PPPK grade (IX)", t.get(rec, colGolongan)))
			return nil, nil
		}
		r.golongan = &g
	}
	if t.has(colUnit) {
		var id *int
		if c := t.get(rec, colUnit); c != "" {
			uid, err := e.unit(ctx, aid, c)
			if err != nil {
				return nil, err
			}
			if uid == 0 {
				e.fail(rec.line, colUnit, fmt.Sprintf("no unit with code %s in agency %s", c, code))
				return nil, nil
			}
			id = &uid
		}
		r.unit = &id
	}
	if t.has(colPosition) {
		var id *int
		if title := t.get(rec, colPosition); title != "" {
			ids, err := e.position(ctx, aid, title)
			if err != nil {
				return nil, err
			}
			switch len(ids) {
			case 0:
				e.fail(rec.line, colPosition, fmt.Sprintf("no position titled %q in agency %s", title, code))
				return nil, nil
			case 1:
				id = &ids[0]
			default:
				e.fail(rec.line, colPosition, fmt.Sprintf("%d positions are titled %q in agency %s", len(ids), title, code))
				return nil, nil
			}
		}
		r.position = &id
	}
	if t.has(colEmail) {
		v := optional(t.get(rec, colEmail))
		r.email = &v
	}
	if t.has(colPhone) {
		v := optional(t.get(rec, colPhone))
		r.phone = &v
	}
	r.supervisor = t.get(rec, colSupervisorNIP)
	return r, nil
}

// agency returns the ID of the agency with the code, 0 if none.
func (e *employees) agency(ctx context.Context, code string) (int, error) {
	if id, ok := e.agencies[code]; ok {
		return id, nil
	}
	ids, err := e.c.Agency.Query().Where(agency.Code(code)).IDs(ctx)
	if err != nil {
		return 0, fmt.Errorf("import: reading agencies: %w", err)
	}
	id := 0
	if len(ids) == 1 {
		id = ids[0]
	}
	e.agencies[code] = id
	return id, nil
}

// unit returns the ID of the agency's unit with the code, 0 if none.
func (e *employees) unit(ctx context.Context, agencyID int, code string) (int, error) {
	k := [2]string{fmt.Sprint(agencyID), code}
	if id, ok := e.units[k]; ok {
		return id, nil
	}
	ids, err := e.c.Unit.Query().Where(unit.AgencyID(agencyID), unit.Code(code)).IDs(ctx)
	if err != nil {
		return 0, fmt.Errorf("import: reading units: %w", err)
	}
	id := 0
	if len(ids) == 1 {
		id = ids[0]
	}
	e.units[k] = id
	return id, nil
}

// position returns the IDs of the agency's positions with the title.
func (e *employees) position(ctx context.Context, agencyID int, title string) ([]int, error) {
	k := keyOf(fmt.Sprint(agencyID), title)
	if ids, ok := e.positions[k]; ok {
		return ids, nil
	}
	ids, err := e.c.Position.Query().Where(position.AgencyID(agencyID), position.Title(title)).IDs(ctx)
	if err != nil {
		return nil, fmt.Errorf("import: reading positions: %w", err)
	}
	e.positions[k] = ids
	return ids, nil
}

// fullName is the row's name, with the academic titles of a SIASN
// export's own columns around it.
func fullName(t *table, rec record) string {
	name := t.get(rec, colFullName)
	if before := t.get(rec, colTitleBefore); before != "" {
		name = before + " " + name
	}
	if after := t.get(rec, colTitleAfter); after != "" {
		name += ", " + after
	}
	return name
}

// employmentType reads PNS or PPPK, also as SIASN spells them ("PNS
// Daerah", "CPNS", "PPPK Pusat").
func employmentType(s string) (employee.EmploymentType, bool) {
	u := strings.ToUpper(s)
	switch {
	case strings.Contains(u, "PPPK"):
		return employee.EmploymentTypePPPK, true
	case strings.Contains(u, "PNS"):
		return employee.EmploymentTypePNS, true
	}
	return "", false
}

// golongan reads a rank: "III/a", "III_A" or "iii/a" for a PNS, "IX" or
// "PPPK_IX" for a PPPK. "" is no rank. Whether the rank fits the
// employment type is the storage rule's to say.
func golongan(s string, typ employee.EmploymentType) (*employee.Golongan, bool) {
	if s == "" {
		return nil, true
	}
	u := strings.Map(func(r rune) rune {
		switch r {
		case '/', ' ', '-', '.':
			return '_'
		}
		return r
	}, strings.ToUpper(s))
	if typ == employee.EmploymentTypePPPK && !strings.HasPrefix(u, "PPPK_") && !strings.Contains(u, "_") {
		u = "PPPK_" + u
	}
	g := employee.Golongan(u)
	if employee.GolonganValidator(g) != nil {
		return nil, false
	}
	return &g, true
}

// optional is nil for "", a pointer to s otherwise.
func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// samePtr reports whether two optional values are equal.
func samePtr[T comparable](a, b *T) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return *a == *b
}
