package main

import (
	"math/rand/v2"
	"strconv"
	"time"

	"kembang/internal/domain/nip"
)

// emitFunc writes one row, its values in the order of the table's columns.
type emitFunc func(vals ...any) error

// columns of every loaded table, in COPY order.
var columns = map[string][]string{
	"agencies":              {"id", "created_at", "updated_at", "code", "name", "region"},
	"competencies":          {"id", "created_at", "updated_at", "code", "name", "type", "description"},
	"competency_levels":     {"id", "created_at", "updated_at", "level", "name", "description", "competency_id"},
	"units":                 {"id", "created_at", "updated_at", "code", "name", "agency_id", "parent_id"},
	"positions":             {"id", "created_at", "updated_at", "title", "job_type", "functional_grade", "agency_id"},
	"position_competencies": {"id", "created_at", "updated_at", "required_level", "position_id", "competency_id"},
	"partners":              {"id", "created_at", "updated_at", "name", "kind", "contact_name", "contact_email", "agreement_number", "agreement_valid_from", "agreement_valid_until"},
	"programs":              {"id", "created_at", "updated_at", "code", "title", "description", "route", "form", "delivery_mode", "jp", "international", "status"},
	"program_partners":      {"program_id", "partner_id"},
	"program_competencies":  {"id", "created_at", "updated_at", "target_level", "program_id", "competency_id"},
	"sessions":              {"id", "created_at", "updated_at", "name", "starts_at", "ends_at", "location", "capacity", "status", "facilitator", "partner_id", "program_id"},
	"training_needs":        {"id", "created_at", "updated_at", "source", "description", "priority", "raised_by", "raised_on", "agency_id", "competency_id", "unit_id"},
	"development_plans":     {"id", "created_at", "updated_at", "year", "status", "agency_id", "submitted_at", "decided_at"},
	"plan_items":            {"id", "created_at", "updated_at", "target_group", "head_count", "route", "form", "planned_quarter", "planned_jp", "budget", "competency_id", "plan_id", "partner_id"},
	"employees":             {"id", "created_at", "updated_at", "nip", "employment_type", "full_name", "golongan", "birth_date", "appointed_on", "sex", "active", "agency_id", "supervisor_id", "position_id", "unit_id"},
	"assessments":           {"id", "created_at", "updated_at", "level", "assessed_on", "source", "competency_id", "employee_id"},
	"enrollments":           {"id", "created_at", "updated_at", "status", "jp_credited", "completed_at", "certificate_number", "employee_id", "session_id"},
	"evaluations":           {"id", "created_at", "updated_at", "level", "score", "pre_score", "post_score", "instrument", "indicator", "baseline", "result", "due_on", "signed_off_on", "evaluator", "enrollment_id", "session_id"},
}

// Tables generated per chunk of employees, in dependency order.
const (
	tEmployees = iota
	tAssessments
	tEnrollments
	tEvaluations
	nChunked
)

// chunkedNames names the chunked tables.
var chunkedNames = [nChunked]string{"employees", "assessments", "enrollments", "evaluations"}

// created is the creation time of the reference data.
func (w *world) created() time.Time { return time.Date(w.years[0]-1, 12, 1, 8, 0, 0, 0, time.UTC) }

// emitWorld writes the rows of the small table name.
func (w *world) emitWorld(name string, emit emitFunc) error {
	t := w.created()
	r := rand.New(rand.NewPCG(w.seed, uint64(len(name))*7919+3))
	switch name {
	case "agencies":
		for i, a := range w.agencies {
			kind := "Kabupaten "
			if i%4 == 3 {
				kind = "Kota "
			}
			nm := kind + places[i%len(places)] + " " + strconv.Itoa(i/len(places)+1)
			if err := emit(a.id, t, t, a.code, nm, provinces[i%len(provinces)]); err != nil {
				return err
			}
		}
	case "competencies":
		for _, c := range w.comps {
			if err := emit(c.id, t, t, c.code, c.name, c.typ, "Kompetensi "+c.name); err != nil {
				return err
			}
		}
	case "competency_levels":
		id := w.ids[name]
		for _, c := range w.comps {
			for l := 1; l <= 5; l++ {
				id++
				if err := emit(id, t, t, l, "Level "+strconv.Itoa(l), "", c.id); err != nil {
					return err
				}
			}
		}
	case "units":
		for _, a := range w.agencies {
			for u := range a.units {
				var parent any
				if u > 0 {
					parent = a.firstUnit
				}
				nm := unitNames[u%len(unitNames)]
				if u >= len(unitNames) {
					nm += " " + strconv.Itoa(u/len(unitNames)+1)
				}
				if err := emit(a.firstUnit+int64(u), t, t, "U"+pad(u+1, 3), nm, a.id, parent); err != nil {
					return err
				}
			}
		}
	case "positions":
		for _, a := range w.agencies {
			for i, p := range a.positions {
				jt := jobTypes[p.jobType].name
				var grade any
				title := positionTitle(jt, i)
				if jt == "FUNGSIONAL" {
					grade = []string{"AHLI_PERTAMA", "AHLI_MUDA", "AHLI_MADYA", "TERAMPIL"}[i%4]
				}
				if err := emit(p.id, t, t, title, jt, grade, a.id); err != nil {
					return err
				}
			}
		}
	case "position_competencies":
		id := w.ids[name]
		for _, a := range w.agencies {
			for _, p := range a.positions {
				for k, c := range p.comps {
					id++
					if err := emit(id, t, t, p.levels[k], p.id, w.comps[c].id); err != nil {
						return err
					}
				}
			}
		}
	case "partners":
		for i, id := range w.partners {
			kind := partnerKinds[i%len(partnerKinds)]
			nm := partnerName(kind, i)
			from := time.Date(w.years[0], 1, 1, 0, 0, 0, 0, time.UTC)
			until := time.Date(w.years[2]+1+i%3, 12, 31, 0, 0, 0, 0, time.UTC)
			if err := emit(id, t, t, nm, kind, "Narahubung "+strconv.Itoa(i+1), "mitra"+strconv.Itoa(i+1)+"@example.ac.id",
				"PKS/"+strconv.Itoa(i+1)+"/"+strconv.Itoa(w.years[0]), from, until); err != nil {
				return err
			}
		}
	case "programs":
		for _, p := range w.programs {
			rf := routeForms[p.rf]
			mode := []string{"IN_PERSON", "ONLINE", "BLENDED"}[int(p.id%3)]
			if err := emit(p.id, t, t, p.code, p.title, "", rf.route, rf.form, mode, p.jp, p.id%17 == 0, "ACTIVE"); err != nil {
				return err
			}
		}
	case "program_partners":
		for _, p := range w.programs {
			for _, q := range p.partners {
				if err := emit(p.id, w.partners[q]); err != nil {
					return err
				}
			}
		}
	case "program_competencies":
		id := w.ids[name]
		for _, p := range w.programs {
			for _, c := range p.comps {
				id++
				if err := emit(id, t, t, 3, p.id, w.comps[c].id); err != nil {
					return err
				}
			}
		}
	case "sessions":
		for i, s := range w.sessions {
			p := &w.programs[s.program]
			created := s.start.AddDate(0, -2, 0)
			var loc any = places[i%len(places)]
			if err := emit(s.id, created, created, p.title+" Angkatan "+strconv.Itoa(i/len(w.programs)+1), s.start, s.end,
				loc, s.capacity, s.status, "Widyaiswara "+strconv.Itoa(i%97+1), w.partners[s.partner], p.id); err != nil {
				return err
			}
		}
	case "training_needs":
		id := w.ids[name]
		for _, a := range w.agencies {
			k := 10 + a.employees/40
			for range k {
				id++
				y := w.years[r.IntN(3)]
				raised := time.Date(y, time.Month(1+r.IntN(6)), 1+r.IntN(28), 9, 0, 0, 0, time.UTC)
				c := w.comps[r.IntN(len(w.comps))]
				if err := emit(id, raised, raised, needSources[r.IntN(len(needSources))], "Kebutuhan pengembangan "+c.name,
					priorities[r.IntN(len(priorities))], "Forum OPD", raised, a.id, c.id, a.firstUnit+int64(r.IntN(a.units))); err != nil {
					return err
				}
			}
		}
	case "development_plans":
		for _, a := range w.agencies {
			for k, y := range w.years {
				created := time.Date(y-1, 10, 1, 9, 0, 0, 0, time.UTC)
				status, sub, dec := "APPROVED", any(created.AddDate(0, 1, 0)), any(created.AddDate(0, 2, 0))
				if k == 2 {
					status, dec = "SUBMITTED", nil
				}
				if err := emit(a.firstPlanID+int64(k), created, created, y, status, a.id, sub, dec); err != nil {
					return err
				}
			}
		}
	case "plan_items":
		id := w.ids[name]
		for _, a := range w.agencies {
			for k := range w.years {
				plan := a.firstPlanID + int64(k)
				created := time.Date(w.years[k]-1, 10, 2, 9, 0, 0, 0, time.UTC)
				for range 6 {
					id++
					rf := routeForms[r.IntN(len(routeForms))]
					c := w.comps[r.IntN(len(w.comps))]
					if err := emit(id, created, created, "Pegawai "+c.name, 10+r.IntN(60), rf.route, rf.form, 1+r.IntN(4),
						float64(8*(1+r.IntN(6))), int64(5_000_000*(1+r.IntN(40))), c.id, plan, w.partners[r.IntN(len(w.partners))]); err != nil {
						return err
					}
				}
			}
		}
	case "evaluations":
		// Level 4 (RESULTS) evaluations of sessions; the enrollment
		// evaluations are chunked.
		id := w.ids[name]
		for _, s := range w.sessions {
			if !w.hasResults(&s) {
				continue
			}
			id++
			base := 60 + r.Float64()*20
			due := s.end.AddDate(0, 6, 0)
			if err := emit(id, due, due, "RESULTS", nil, nil, nil, "Survei kepuasan", "Indeks Kepuasan Masyarakat",
				round1(base), round1(base+r.Float64()*10-2), due, nil, "Tim evaluator", nil, s.id); err != nil {
				return err
			}
		}
	}
	return nil
}

// hasResults reports whether s gets a RESULTS evaluation: one completed
// session in ten.
func (w *world) hasResults(s *session) bool {
	return s.status == "COMPLETED" && s.id%10 == 0 && s.end.AddDate(0, 6, 0).Before(w.now)
}

// resultsCount returns how many RESULTS evaluations emitWorld writes.
func (w *world) resultsCount() int64 {
	var n int64
	for i := range w.sessions {
		if w.hasResults(&w.sessions[i]) {
			n++
		}
	}
	return n
}

// positionTitle names position i of job type jt.
func positionTitle(jt string, i int) string {
	n := strconv.Itoa(i + 1)
	switch jt {
	case "JPT_PRATAMA":
		return "Kepala Dinas " + n
	case "ADMINISTRATOR":
		return "Kepala Bidang " + n
	case "PENGAWAS":
		return "Kepala Seksi " + n
	case "FUNGSIONAL":
		return "Analis Kebijakan " + n
	default:
		return "Pengadministrasi Umum " + n
	}
}

// partnerName names partner i of kind.
func partnerName(kind string, i int) string {
	p := places[i%len(places)]
	switch kind {
	case "UNIVERSITY":
		return "Universitas " + p + " " + strconv.Itoa(i+1)
	case "TRAINING_INSTITUTE":
		return "BPSDM " + p + " " + strconv.Itoa(i+1)
	case "GOVERNMENT":
		return "Lembaga Administrasi Negara " + strconv.Itoa(i+1)
	case "PROFESSIONAL_BODY":
		return "Asosiasi Profesi " + p + " " + strconv.Itoa(i+1)
	default:
		return "PT Mitra " + p + " " + strconv.Itoa(i+1)
	}
}

// round1 rounds f to one decimal.
func round1(f float64) float64 { return float64(int(f*10+0.5)) / 10 }

// chunkGen generates the per-employee tables of one chunk. It draws the
// same random numbers whatever it emits, so a counting pass and each
// table's COPY pass see the same rows.
type chunkGen struct {
	w      *world
	r      *rand.Rand
	want   int      // chunked table to emit, or -1 to count only
	emit   emitFunc // receives the rows of want
	next   [nChunked]int64
	counts [nChunked]int64
	picked []int // sessions of the current employee
}

// newChunkGen returns the generator of chunk c; base holds the last ID
// before the chunk's rows of each table.
func newChunkGen(w *world, c int, want int, emit emitFunc, base [nChunked]int64) *chunkGen {
	return &chunkGen{w: w, r: rand.New(rand.NewPCG(w.seed^0x9e3779b97f4a7c15, uint64(c)+1)), want: want, emit: emit, next: base}
}

// id allocates the next ID of table t.
func (g *chunkGen) id(t int) int64 {
	g.next[t]++
	g.counts[t]++
	return g.next[t]
}

// birth span of employees: aged 22 to 58 at the reference date.
const birthDays = 36 * 365

// run generates employees lo to hi-1 and what hangs off them.
func (g *chunkGen) run(lo, hi int) error {
	w, r := g.w, g.r
	birthBase := w.now.AddDate(-58, 0, 0)
	var supervisor int64
	var agencyID int64 = -1
	for e := lo; e < hi; e++ {
		ag := w.agencyOf(e)
		id := g.id(tEmployees)
		// Position: the agency's first employee heads it.
		jt := 0
		if e != ag.firstEmp {
			x, acc := r.IntN(1000), 0
			for k, spec := range jobTypes {
				acc += spec.permille
				if x < acc {
					jt = k
					break
				}
				jt = k
			}
		}
		pi := ag.byType[jt][r.IntN(len(ag.byType[jt]))]
		pos := &ag.positions[pi]
		unit := ag.firstUnit + int64(r.IntN(ag.units))
		q, seq := e/999, e%999+1
		birth := birthBase.AddDate(0, 0, (q*7919)%birthDays)
		age := w.now.Year() - birth.Year() - 1
		appointed := time.Date(birth.Year()+19+r.IntN(max(1, age-19)), time.Month(1+r.IntN(12)), 1, 0, 0, 0, 0, time.UTC)
		if appointed.After(w.now) {
			appointed = time.Date(w.now.Year()-1, appointed.Month(), 1, 0, 0, 0, 0, time.UTC)
		}
		sex := nip.Sex(1 + r.IntN(2))
		pppk := r.IntN(100) < 15
		var given string
		if sex == nip.Male {
			given = givenMale[r.IntN(len(givenMale))]
		} else {
			given = givenFemale[r.IntN(len(givenFemale))]
		}
		sur := surnames[r.IntN(len(surnames))]
		gol := jobTypes[jt].golongan[r.IntN(len(jobTypes[jt].golongan))]
		if pppk {
			gol = pppkGrades[r.IntN(len(pppkGrades))]
		}
		active := r.IntN(100) < 97
		if ag.id != agencyID {
			agencyID, supervisor = ag.id, 0
		}
		if g.want == tEmployees {
			var sup any
			if supervisor != 0 {
				sup = supervisor
			}
			var (
				num        string
				typ        = "PNS"
				bd, ap, sx any
				created    = appointed
				nameTxt    = given + " " + sur
			)
			if pppk {
				typ = "PPPK"
				// PPPK numbers follow another layout; digits 13-14 are
				// never a month, so they cannot clash with a PNS NIP.
				num = birth.Format("20060102") + strconv.Itoa(appointed.Year()) + "21" + strconv.Itoa(int(sex)) + pad(seq, 3)
			} else {
				num = nip.Format(nip.PNS{BirthDate: birth, Appointed: appointed, Sex: sex, Sequence: seq})
				bd, ap, sx = birth, appointed, sex.String()
			}
			if err := g.emit(id, created, created, num, typ, nameTxt, gol, bd, ap, sx, active, ag.id, sup, pos.id, unit); err != nil {
				return err
			}
		}
		if supervisor == 0 {
			supervisor = id
		}
		if err := g.assessments(id, pos); err != nil {
			return err
		}
		if err := g.enrollments(id); err != nil {
			return err
		}
	}
	return nil
}

// assessments generates two to four assessments of employee emp against
// its position's standard.
func (g *chunkGen) assessments(emp int64, pos *position) error {
	w, r := g.w, g.r
	k := 2 + r.IntN(3)
	start := time.Date(w.years[0], 1, 1, 0, 0, 0, 0, time.UTC)
	days := int(w.now.Sub(start).Hours()/24) - 1
	for range k {
		c := pos.comps[r.IntN(len(pos.comps))]
		level := 1 + r.IntN(5)
		src := assessSrc[r.IntN(len(assessSrc))]
		on := start.AddDate(0, 0, r.IntN(days))
		id := g.id(tAssessments)
		if g.want == tAssessments {
			if err := g.emit(id, on, on, level, on, src, w.comps[c].id, emp); err != nil {
				return err
			}
		}
	}
	return nil
}

// enrollments generates four to twelve enrollments of employee emp in
// distinct sessions, and their evaluations.
func (g *chunkGen) enrollments(emp int64) error {
	w, r := g.w, g.r
	k := 4 + r.IntN(9)
	g.picked = g.picked[:0]
	for range k {
		si := r.IntN(len(w.sessions))
		dup := false
		for _, p := range g.picked {
			dup = dup || p == si
		}
		if dup {
			continue
		}
		g.picked = append(g.picked, si)
		s := &w.sessions[si]
		p := &w.programs[s.program]
		x := r.IntN(100)
		var status string
		switch s.status {
		case "COMPLETED":
			switch {
			case x < 85:
				status = "COMPLETED"
			case x < 93:
				status = "FAILED"
			default:
				status = "WITHDRAWN"
			}
		case "ONGOING":
			status = "ATTENDED"
		case "CANCELLED":
			status = "WITHDRAWN"
		default:
			switch {
			case x < 60:
				status = "REGISTERED"
			case x < 90:
				status = "NOMINATED"
			default:
				status = "WAITLISTED"
			}
		}
		created := s.start.AddDate(0, 0, -10-r.IntN(35))
		if created.After(w.now) {
			created = w.now.AddDate(0, 0, -1)
		}
		id := g.id(tEnrollments)
		if g.want == tEnrollments {
			var (
				jp        float64
				completed any
				cert      any
			)
			if status == "COMPLETED" {
				jp, completed, cert = p.jp, s.end, "SRT-"+strconv.FormatInt(id, 36)
			}
			if err := g.emit(id, created, created, status, jp, completed, cert, emp, s.id); err != nil {
				return err
			}
		}
		if err := g.evaluations(id, s, status); err != nil {
			return err
		}
	}
	return nil
}

// evaluations generates the Kirkpatrick evaluations of a finished
// enrollment: reaction on most, learning on many, behaviour on some.
func (g *chunkGen) evaluations(enr int64, s *session, status string) error {
	if status != "COMPLETED" && status != "FAILED" {
		return nil
	}
	r := g.r
	reaction := r.IntN(100) < 90
	learning := r.IntN(100) < 60
	behavior := status == "COMPLETED" && r.IntN(100) < 25
	score := round1(55 + r.Float64()*45)
	pre := round1(30 + r.Float64()*40)
	post := round1(min(100, pre+r.Float64()*35))
	signed := r.IntN(100) < 70
	at := s.end.Add(2 * time.Hour)
	emit := g.want == tEvaluations
	if reaction {
		id := g.id(tEvaluations)
		if emit {
			if err := g.emit(id, at, at, "REACTION", score, nil, nil, "Kuesioner reaksi", nil, nil, nil, nil, nil, "Peserta", enr, nil); err != nil {
				return err
			}
		}
	}
	if learning {
		id := g.id(tEvaluations)
		if emit {
			if err := g.emit(id, at, at, "LEARNING", nil, pre, post, "Pre-test dan post-test", nil, nil, nil, nil, nil, "Widyaiswara", enr, nil); err != nil {
				return err
			}
		}
	}
	if behavior {
		id := g.id(tEvaluations)
		due := s.end.AddDate(0, 2, 0)
		var off any
		if signed && due.Before(g.w.now) {
			off = due.AddDate(0, 0, -3)
		}
		if emit {
			if err := g.emit(id, at, at, "BEHAVIOR", score, nil, nil, "Proyek perubahan", nil, nil, nil, due, off, "Atasan langsung", enr, nil); err != nil {
				return err
			}
		}
	}
	return nil
}
