package seed

import (
	"context"
	"fmt"
	"strings"

	"kembang/ent"
	"kembang/ent/competency"
	"kembang/ent/position"
)

// agencyRow is a created agency and what hangs off it.
type agencyRow struct {
	id     int
	spec   agencySpec
	short  string // name without "Pemerintah", e.g. Kabupaten Kemuning
	units  []*unitRow
	staff  map[string]*positionRow // staff positions by key
	pos    []*positionRow
	emps   []*empRow
	emails map[string]int // local parts used, for unique addresses
}

// unitRow is a created work unit.
type unitRow struct {
	id       int
	agency   *agencyRow
	spec     *unitSpec
	code     string
	name     string
	parent   *unitRow
	head     *positionRow
	deputy   *positionRow
	sections []*positionRow
	headEmp  *empRow
}

// positionRow is a created position with its competency standard.
type positionRow struct {
	id     int
	agency *agencyRow
	title  string
	key    string // staff key; "" for managerial positions
	job    string
	grade  string
	band   band
	edu    edu
	pppk   bool
	std    []stdLine
}

// stdLine is one required competency level of a position.
type stdLine struct {
	comp  string
	level int
}

// bandOf returns the band of a job type and functional grade.
func bandOf(job, grade string) (band, error) {
	key := job
	if job == string(position.JobTypeFUNGSIONAL) {
		key = grade
	}
	for _, b := range bands {
		if b.key == key {
			return b, nil
		}
	}
	return band{}, fmt.Errorf("no band for %s %s", job, grade)
}

// createCompetencies writes the dictionary and its level descriptors.
func (g *generator) createCompetencies(ctx context.Context) error {
	var bs []*ent.CompetencyCreate
	for _, c := range compSpecs {
		bs = append(bs, stamp(g.tx.Competency.Create(), g.start).
			SetCode(c.code).
			SetName(c.name).
			SetType(competency.Type(c.kind)).
			SetDescription(c.desc))
	}
	cs, err := insert(ctx, bs, g.tx.Competency.CreateBulk)
	if err != nil {
		return err
	}
	var ls []*ent.CompetencyLevelCreate
	for i, c := range cs {
		g.comps[c.Code] = c.ID
		spec := compSpecs[i]
		tmpl := indicatorTemplates[0]
		if spec.kind == string(competency.TypeTECHNICAL) {
			tmpl = indicatorTemplates[1]
		}
		for lvl := 1; lvl <= 5; lvl++ {
			desc := spec.levels[lvl-1]
			if desc == "" {
				desc = fmt.Sprintf(levelTemplates[lvl-1], spec.focus)
			}
			var inds []string
			for j, t := range strings.Split(tmpl[lvl-1], "|") {
				if strings.Contains(t, "%s") {
					t = strings.ReplaceAll(t, "%s", spec.focus)
				}
				inds = append(inds, fmt.Sprintf("%d.%d %s", lvl, j+1, t))
			}
			ls = append(ls, stamp(g.tx.CompetencyLevel.Create(), g.start).
				SetCompetencyID(c.ID).
				SetLevel(lvl).
				SetName(levelNames[lvl-1]).
				SetDescription(desc).
				SetIndicators(inds))
		}
	}
	if _, err := insert(ctx, ls, g.tx.CompetencyLevel.CreateBulk); err != nil {
		return err
	}
	g.stats.Competencies, g.stats.CompetencyLevels = len(cs), len(ls)
	return nil
}

// createAgencies writes the five agencies.
func (g *generator) createAgencies(ctx context.Context) error {
	var bs []*ent.AgencyCreate
	for _, s := range agencySpecs {
		bs = append(bs, stamp(g.tx.Agency.Create(), g.start).SetCode(s.code).SetName(s.name).SetRegion(s.region))
		g.agencies = append(g.agencies, &agencyRow{
			spec:   s,
			short:  strings.TrimPrefix(s.name, "Pemerintah "),
			staff:  map[string]*positionRow{},
			emails: map[string]int{},
		})
	}
	as, err := insert(ctx, bs, g.tx.Agency.CreateBulk)
	if err != nil {
		return err
	}
	for i, a := range as {
		g.agencies[i].id = a.ID
	}
	g.stats.Agencies = len(as)
	return nil
}

// createUnits chooses the units of each agency (the core ones, one or
// two optional, a health centre and one or two districts) and writes
// them, parents first.
func (g *generator) createUnits(ctx context.Context) error {
	for _, a := range g.agencies {
		districts := strings.Split(a.spec.districts, "|")
		optional := g.between(1, 2)
		perDistrict := map[string]int{"PKM": 1, "KEC": g.between(1, 3-optional)}
		var optionals []int
		for i, s := range unitSpecs {
			if s.kind == unitOptional {
				optionals = append(optionals, i)
			}
		}
		g.rng.Shuffle(len(optionals), func(i, j int) { optionals[i], optionals[j] = optionals[j], optionals[i] })
		chosen := map[int]bool{}
		for _, i := range optionals[:optional] {
			chosen[i] = true
		}
		for i := range unitSpecs {
			s := &unitSpecs[i]
			switch s.kind {
			case unitCore:
				g.addUnit(a, s, s.code, s.name)
			case unitOptional:
				if chosen[i] {
					g.addUnit(a, s, s.code, s.name)
				}
			case unitDistrict:
				for d := 0; d < perDistrict[s.code]; d++ {
					g.addUnit(a, s, fmt.Sprintf("%s%02d", s.code, d+1), fmt.Sprintf(s.name, districts[d]))
				}
			}
		}
	}
	// Top-level units first, so that nested ones can refer to them.
	for _, nested := range []bool{false, true} {
		var rows []*unitRow
		var bs []*ent.UnitCreate
		for _, a := range g.agencies {
			for _, u := range a.units {
				if (u.parent != nil) != nested {
					continue
				}
				b := stamp(g.tx.Unit.Create(), g.start).SetAgencyID(a.id).SetCode(u.code).SetName(u.name)
				if u.parent != nil {
					b.SetParentID(u.parent.id)
				}
				rows, bs = append(rows, u), append(bs, b)
			}
		}
		us, err := insert(ctx, bs, g.tx.Unit.CreateBulk)
		if err != nil {
			return err
		}
		for i, u := range us {
			rows[i].id = u.ID
		}
		g.stats.Units += len(us)
	}
	return nil
}

// addUnit adds a unit to an agency in memory, linking it to its parent.
func (g *generator) addUnit(a *agencyRow, s *unitSpec, code, name string) {
	u := &unitRow{agency: a, spec: s, code: code, name: name}
	for _, p := range a.units {
		if p.spec.code == s.parent {
			u.parent = p
			break
		}
	}
	a.units = append(a.units, u)
}

// createPositions writes each unit's managerial positions, the agency's
// staff positions, and the competency standard of every position.
func (g *generator) createPositions(ctx context.Context) error {
	var all []*positionRow
	for _, a := range g.agencies {
		for _, u := range a.units {
			s := u.spec
			var err error
			if u.head, err = g.managerial(a, u, s.head, s.headJob); err != nil {
				return err
			}
			if s.deputy != "" {
				if u.deputy, err = g.managerial(a, u, s.deputy, string(position.JobTypeADMINISTRATOR)); err != nil {
					return err
				}
			}
			for _, sec := range strings.Split(s.sections, "|") {
				if sec == "" {
					continue
				}
				p, err := g.managerial(a, u, sec+" %s", string(position.JobTypePENGAWAS))
				if err != nil {
					return err
				}
				u.sections = append(u.sections, p)
			}
			for _, key := range strings.Fields(s.staff) {
				if err := g.staffPosition(a, key); err != nil {
					return err
				}
			}
		}
		all = append(all, a.pos...)
	}
	var bs []*ent.PositionCreate
	for _, p := range all {
		b := stamp(g.tx.Position.Create(), g.start).
			SetAgencyID(p.agency.id).
			SetTitle(p.title).
			SetJobType(position.JobType(p.job))
		if p.grade != "" {
			b.SetFunctionalGrade(position.FunctionalGrade(p.grade))
		}
		bs = append(bs, b)
	}
	ps, err := insert(ctx, bs, g.tx.Position.CreateBulk)
	if err != nil {
		return err
	}
	var std []*ent.PositionCompetencyCreate
	for i, p := range all {
		p.id = ps[i].ID
		for _, l := range p.std {
			std = append(std, stamp(g.tx.PositionCompetency.Create(), g.start).
				SetPositionID(p.id).
				SetCompetencyID(g.comps[l.comp]).
				SetRequiredLevel(l.level))
		}
	}
	if _, err := insert(ctx, std, g.tx.PositionCompetency.CreateBulk); err != nil {
		return err
	}
	g.stats.Positions, g.stats.PositionCompetencies = len(ps), len(std)
	return nil
}

// managerial adds a managerial position of a unit; "%s" in the title
// stands for the unit name.
func (g *generator) managerial(a *agencyRow, u *unitRow, title, job string) (*positionRow, error) {
	if strings.Contains(title, "%s") {
		title = fmt.Sprintf(title, u.name)
	}
	return g.addPosition(a, &positionRow{title: title, job: job, edu: u.spec.edu}, u.spec.tech)
}

// staffPosition adds the staff position key to the agency once.
func (g *generator) staffPosition(a *agencyRow, key string) error {
	if a.staff[key] != nil {
		return nil
	}
	for _, s := range staffSpecs {
		if s.key == key {
			p, err := g.addPosition(a, &positionRow{title: s.title, key: key, job: s.job, grade: s.grade, edu: s.edu, pppk: s.pppk}, s.tech)
			a.staff[key] = p
			return err
		}
	}
	return fmt.Errorf("unknown staff position %q", key)
}

// addPosition completes a position with its band and standard: the eight
// managerial competencies and the sociocultural one at the band's
// minimum level, and the technical ones at the band's technical level.
func (g *generator) addPosition(a *agencyRow, p *positionRow, tech string) (*positionRow, error) {
	b, err := bandOf(p.job, p.grade)
	if err != nil {
		return nil, err
	}
	p.agency, p.band = a, b
	for _, c := range compSpecs {
		if c.kind != string(competency.TypeTECHNICAL) {
			p.std = append(p.std, stdLine{c.code, b.level})
		}
	}
	for _, code := range strings.Fields(tech) {
		if _, ok := g.comps[code]; !ok {
			return nil, fmt.Errorf("position %q: unknown competency %s", p.title, code)
		}
		p.std = append(p.std, stdLine{code, b.techLevel})
	}
	a.pos = append(a.pos, p)
	return p, nil
}
