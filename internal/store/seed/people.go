package seed

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"kembang/ent"
	"kembang/ent/employee"
	"kembang/internal/domain/nip"
)

// empRow is a planned or created employee.
type empRow struct {
	id        int
	agency    *agencyRow
	unit      *unitRow
	pos       *positionRow
	sup       *empRow
	target    *positionRow
	name      string // with titles
	email     string
	phone     string
	nip       string
	pns       bool
	female    bool
	gol       string
	active    bool
	tier      int // depth in the supervision tree; supervisors are inserted first
	completed []*enrollRow
}

// Share of PPPK among holders of positions open to them; about 15 % of
// all employees end up PPPK.
const pppkShare = 0.25

// createEmployees plans every agency's staff and writes it, one level of
// the supervision tree after the other so that supervisors have IDs.
func (g *generator) createEmployees(ctx context.Context) error {
	shares := apportion(g.opts.Employees, len(g.agencies), func(int) int { return 1 })
	for i, a := range g.agencies {
		g.planAgency(a, shares[i])
	}
	if g.err != nil {
		return g.err
	}
	for tier := 0; ; tier++ {
		var rows []*empRow
		var bs []*ent.EmployeeCreate
		for _, e := range g.emps {
			if e.tier != tier {
				continue
			}
			rows, bs = append(rows, e), append(bs, g.employeeBuilder(e))
		}
		if len(rows) == 0 {
			break
		}
		es, err := insert(ctx, bs, g.tx.Employee.CreateBulk)
		if err != nil {
			return err
		}
		for i, e := range es {
			rows[i].id = e.ID
		}
	}
	g.stats.Employees = len(g.emps)
	return nil
}

// employeeBuilder turns a planned employee into a create builder.
func (g *generator) employeeBuilder(e *empRow) *ent.EmployeeCreate {
	typ := employee.EmploymentTypePNS
	if !e.pns {
		typ = employee.EmploymentTypePPPK
	}
	b := stamp(g.tx.Employee.Create(), g.start).
		SetNip(e.nip).
		SetEmploymentType(typ).
		SetFullName(e.name).
		SetEmail(e.email).
		SetPhone(e.phone).
		SetGolongan(employee.Golongan(e.gol)).
		SetActive(e.active).
		SetAgencyID(e.agency.id).
		SetUnitID(e.unit.id).
		SetPositionID(e.pos.id)
	if e.sup != nil {
		b.SetSupervisorID(e.sup.id)
	}
	if e.target != nil {
		b.SetTargetPositionID(e.target.id)
	}
	return b
}

// planAgency plans n employees of an agency (more if the managerial
// positions need them): every managerial position filled, staff spread
// over the units by weight. Heads of nested units report to the parent's
// head; deputies to the head; section heads to the deputy; staff to a
// section head.
func (g *generator) planAgency(a *agencyRow, n int) {
	managers := 0
	for _, u := range a.units {
		managers += 1 + len(u.sections)
		if u.deputy != nil {
			managers++
		}
	}
	staff := apportion(max(n-managers, len(a.units)), len(a.units), func(i int) int { return a.units[i].spec.weight })
	for i, u := range a.units {
		var sup *empRow
		if u.parent != nil {
			sup = u.parent.headEmp
		}
		u.headEmp = g.plan(a, u, u.head, sup)
		top := u.headEmp
		if u.deputy != nil {
			top = g.plan(a, u, u.deputy, u.headEmp)
		}
		var leads []*empRow
		for _, p := range u.sections {
			leads = append(leads, g.plan(a, u, p, top))
		}
		for range staff[i] {
			sup := top
			if len(leads) > 0 {
				sup = pick(g, leads)
			}
			g.plan(a, u, a.staff[g.word(u.spec.staff)], sup)
		}
	}
}

// plan creates one employee in memory.
func (g *generator) plan(a *agencyRow, u *unitRow, p *positionRow, sup *empRow) *empRow {
	e := &empRow{agency: a, unit: u, pos: p, sup: sup, active: true}
	if sup != nil {
		e.tier = sup.tier + 1
	}
	e.female = g.chance(femaleShare(p))
	e.pns = !p.pppk || !g.chance(pppkShare)
	b := p.band
	age := g.between(b.ageMin, b.ageMax)
	birth := g.day(g.now.AddDate(-age-1, 0, 1), g.now.AddDate(-age, 0, 0))
	sex := nip.Male
	if e.female {
		sex = nip.Female
	}
	if e.pns {
		apAge := g.between(b.minAppoint, max(b.minAppoint, min(35, age-b.service)))
		tmt := firstOfMonth(birth.AddDate(apAge, g.rng.IntN(12), 0))
		if tmt.After(g.now) {
			tmt = firstOfMonth(g.now)
		}
		e.nip = g.uniqueNIP(nip.Format(nip.PNS{BirthDate: birth, Appointed: tmt, Sex: sex, Sequence: 1})[:15])
		e.gol = strings.Fields(pnsRanks)[g.between(b.golMin, b.golMax)]
	} else {
		// PPPK: appointment month, birth date, sex, sequence (this
		// project's layout; see domain.md).
		earliest := firstOfMonth(g.now.AddDate(-5, 0, 0))
		if adult := firstOfMonth(birth.AddDate(20, 1, 0)); adult.After(earliest) {
			earliest = adult
		}
		tmt := firstOfMonth(g.day(earliest, g.now))
		e.nip = g.uniqueNIP(tmt.Format("200601") + birth.Format("20060102") + strconv.Itoa(int(sex)))
		e.gol = "PPPK_" + roman(g.between(b.pppkMin, b.pppkMax))
	}
	bare, local := g.personName(a.spec.mix, e.female)
	e.name = g.titled(bare, p.edu, b.masters)
	if n := a.emails[local]; n > 0 {
		a.emails[local] = n + 1
		local += strconv.Itoa(n + 1)
	} else {
		a.emails[local] = 1
	}
	e.email = local + "@" + a.spec.domain
	e.phone = "08" + g.word(phonePrefixes) + g.digits(g.between(7, 8))
	switch {
	case p.key != "" && sup != nil && g.chance(0.025):
		e.active = false
	case p.key != "" && g.chance(0.12):
		e.target = a.staff[promoted(p.key)]
	case p.key == "" && sup != nil && sup.pos != p && g.chance(0.2):
		e.target = sup.pos
	}
	a.emps = append(a.emps, e)
	g.emps = append(g.emps, e)
	return e
}

// promoted returns the staff key of the next grade, e.g. ak1 → ak2; the
// agency may not have it.
func promoted(key string) string {
	last := key[len(key)-1]
	if last < '1' || last > '8' {
		return ""
	}
	return key[:len(key)-1] + string(last+1)
}

// uniqueNIP appends the lowest free sequence, starting from a small
// random one, to a 15-digit prefix. If all 999 are taken it records an
// error in g.err, reported once planning ends.
func (g *generator) uniqueNIP(prefix string) string {
	for seq := g.between(1, 4); seq <= 999; seq++ {
		n := fmt.Sprintf("%s%03d", prefix, seq)
		if !g.nips[n] {
			g.nips[n] = true
			return n
		}
	}
	if g.err == nil {
		g.err = fmt.Errorf("no NIP sequence left for %s", prefix)
	}
	return prefix + "999"
}

// femaleShare returns the chance that a holder of p is a woman.
func femaleShare(p *positionRow) float64 {
	for _, f := range femaleShares {
		if strings.Contains(p.title, f.word) {
			return f.share
		}
	}
	if p.key == "" {
		return 0.3
	}
	return 0.45
}

// personName returns a name from one of the traditions of mix, and the
// local part of an e-mail address: given name and last name.
func (g *generator) personName(mix string, female bool) (name, local string) {
	key := g.weighted(mix)
	var grp nameGroup
	for _, n := range nameGroups {
		if n.key == key {
			grp = n
		}
	}
	prefix, given, surnames := g.alt(grp.malePrefix), g.word(grp.male), grp.maleSurname
	if female {
		prefix, given = g.alt(grp.femalePrefix), g.word(grp.female)
		if grp.femaleSurname != "" {
			surnames = grp.femaleSurname
		}
	}
	surname := g.word(surnames)
	for i := 0; i < 3 && surname == given; i++ {
		surname = g.word(surnames)
	}
	parts := strings.Fields(strings.Join([]string{prefix, given, surname}, " "))
	name = strings.Join(parts, " ")
	for len(parts) > 2 && (parts[0] == "I" || parts[0] == "Ni" || parts[0] == "Andi") {
		parts = parts[1:]
	}
	return name, strings.ToLower(parts[0] + "." + parts[len(parts)-1])
}

// titled adds a name prefix and degrees: "dr. Andi Latif, M.Kes.".
// A medical doctor's "dr." replaces the bachelor's degree; a doctorate
// comes with a master's.
func (g *generator) titled(name string, e edu, masters float64) string {
	prefix := g.alt(e.prefix)
	bachelor := g.alt(e.bachelor)
	if prefix == "dr." {
		bachelor = ""
	}
	if prefix != "" {
		name = prefix + " " + name
	}
	if bachelor != "" {
		name += ", " + bachelor
	}
	if e.master != "" && (prefix == "Dr." || g.chance(masters)) {
		name += ", " + g.alt(e.master)
	}
	return name
}

// firstOfMonth returns the first day of t's month, UTC.
func firstOfMonth(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
}

// apportion splits total over n parts by weight (largest remainder),
// giving every part at least one when total allows.
func apportion(total, n int, weight func(int) int) []int {
	out := make([]int, n)
	if n == 0 {
		return out
	}
	base := 0
	if total >= n {
		base = 1
	}
	rest := total - base*n
	sum := 0
	for i := range n {
		sum += weight(i)
	}
	given := 0
	rems := make([]int, n)
	for i := range n {
		out[i] = base + rest*weight(i)/sum
		given += out[i] - base
		rems[i] = rest * weight(i) % sum
	}
	for ; given < rest; given++ {
		best := 0
		for i := range n {
			if rems[i] > rems[best] {
				best = i
			}
		}
		out[best]++
		rems[best] = -1
	}
	return out
}
