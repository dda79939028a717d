package seed

import (
	"context"
	"fmt"
	"strings"
	"time"

	"kembang/ent"
	entenrollment "kembang/ent/enrollment"
	"kembang/ent/partner"
	"kembang/ent/program"
	"kembang/ent/session"
	"kembang/internal/domain/enrollment"
)

// partnerRow is a created partner with the validity of its agreement
// (from nil: no agreement).
type partnerRow struct {
	id          int
	spec        partnerSpec
	from, until *time.Time
}

// covers reports whether the partner's agreement covers a session from
// start to end, so that the partner may deliver it.
func (p *partnerRow) covers(start, end time.Time) bool {
	return enrollment.CheckAgreement(p.from, p.until, start, end) == nil
}

// programRow is a created program with the employees it is meant for.
type programRow struct {
	id       int
	spec     *programSpec
	partners []*partnerRow
	targets  []stdLine
	pool     []*empRow        // audience
	used     map[*empRow]bool // already enrolled in one of its sessions
	org      *agencyRow       // organising agency; nil for programs of every agency
}

// sessionRow is a created session.
type sessionRow struct {
	id         int
	prog       *programRow
	partner    *partnerRow
	host       *agencyRow
	start, end time.Time
	capacity   int
	status     session.Status
}

// enrollRow is a created enrollment.
type enrollRow struct {
	id        int
	emp       *empRow
	sess      *sessionRow
	status    entenrollment.Status
	completed time.Time // zero unless COMPLETED
	cert      string
}

// createPartners writes the partners with their contacts and agreements.
func (g *generator) createPartners(ctx context.Context) error {
	var rows []*partnerRow
	var bs []*ent.PartnerCreate
	for _, s := range partnerSpecs {
		name, local := g.personName(s.contact+":1", g.chance(0.5))
		row := &partnerRow{spec: s}
		b := stamp(g.tx.Partner.Create(), g.start).
			SetName(s.name).
			SetKind(partner.Kind(s.kind)).
			SetContactName(g.titled(name, eduTrainer, 0.7)).
			SetContactEmail(local + "@" + s.domain).
			SetContactPhone("08" + g.word(phonePrefixes) + g.digits(8))
		if s.agreement != "" {
			from := g.day(g.now.AddDate(0, -s.signedMonthsAgo, 0), g.now.AddDate(0, 1-s.signedMonthsAgo, 0))
			until := from.AddDate(s.years, 0, -1)
			row.from, row.until = &from, &until
			b.SetAgreementNumber(fmt.Sprintf(s.agreement, g.between(10, 250), from.Year())).
				SetAgreementValidFrom(from).
				SetAgreementValidUntil(until)
		}
		rows, bs = append(rows, row), append(bs, b)
	}
	ps, err := insert(ctx, bs, g.tx.Partner.CreateBulk)
	if err != nil {
		return err
	}
	for i, p := range ps {
		rows[i].id = p.ID
		g.partners[rows[i].spec.key] = rows[i]
	}
	g.stats.Partners = len(ps)
	return nil
}

// createPrograms writes the catalogue with partners and target
// competencies, and works out the audience of each program.
func (g *generator) createPrograms(ctx context.Context) error {
	var bs []*ent.ProgramCreate
	for i := range programSpecs {
		s := &programSpecs[i]
		p := &programRow{spec: s, used: map[*empRow]bool{}}
		for _, k := range strings.Fields(s.partners) {
			pr := g.partners[k]
			if pr == nil {
				return fmt.Errorf("program %s: unknown partner %s", s.code, k)
			}
			p.partners = append(p.partners, pr)
		}
		for _, t := range strings.Fields(s.targets) {
			code, lvl, _ := strings.Cut(t, ":")
			if _, ok := g.comps[code]; !ok {
				return fmt.Errorf("program %s: unknown competency %s", s.code, code)
			}
			p.targets = append(p.targets, stdLine{code, atoi(lvl)})
		}
		p.pool = g.audience(s)
		b := stamp(g.tx.Program.Create(), g.start).
			SetCode(s.code).
			SetTitle(s.title).
			SetDescription(s.desc).
			SetRoute(program.Route(s.route)).
			SetForm(program.Form(s.form)).
			SetDeliveryMode(program.DeliveryMode(s.mode)).
			SetJp(s.jp).
			SetInternational(s.intl).
			SetStatus(program.Status(s.status))
		for _, pr := range p.partners {
			b.AddPartnerIDs(pr.id)
		}
		// One program in three is organised by a regional agency, whose HR
		// officers manage it; the others are offered to every agency.
		if i%3 == 0 {
			p.org = g.agencies[(i/3)%len(g.agencies)]
			b.SetAgencyID(p.org.id)
		}
		g.programs, bs = append(g.programs, p), append(bs, b)
	}
	ps, err := insert(ctx, bs, g.tx.Program.CreateBulk)
	if err != nil {
		return err
	}
	var ts []*ent.ProgramCompetencyCreate
	for i, p := range g.programs {
		p.id = ps[i].ID
		for _, t := range p.targets {
			ts = append(ts, stamp(g.tx.ProgramCompetency.Create(), g.start).
				SetProgramID(p.id).
				SetCompetencyID(g.comps[t.comp]).
				SetTargetLevel(t.level))
		}
	}
	if _, err := insert(ctx, ts, g.tx.ProgramCompetency.CreateBulk); err != nil {
		return err
	}
	g.stats.Programs, g.stats.ProgramCompetencies = len(ps), len(ts)
	return nil
}

// audience returns the employees a program is for: those whose job type,
// functional grade, staff position key or unit code is listed (everyone
// when none is). Only PNS are sent to the education route.
func (g *generator) audience(s *programSpec) []*empRow {
	want := strings.Fields(s.audience)
	var out []*empRow
	for _, e := range g.emps {
		if s.route == string(program.RouteEDUCATION) && !e.pns {
			continue
		}
		match := len(want) == 0
		for _, w := range want {
			if w == e.pos.job || w == e.pos.grade || w == e.pos.key || w == e.unit.spec.code {
				match = true
				break
			}
		}
		if match {
			out = append(out, e)
		}
	}
	return out
}

// createSessions schedules the active programs over the two years. The
// status follows the dates: completed before Now, ongoing across it,
// open within six weeks after it, planned later; a few are cancelled.
func (g *generator) createSessions(ctx context.Context) error {
	var bs []*ent.SessionCreate
	for _, p := range g.programs {
		s := p.spec
		if s.status != string(program.StatusACTIVE) {
			continue
		}
		for _, year := range []int{g.now.Year() - 1, g.now.Year()} {
			for k := range s.perYear {
				row := g.schedule(p, year, k)
				g.sessions = append(g.sessions, row)
				bs = append(bs, g.sessionBuilder(row, year, k))
			}
		}
	}
	ss, err := insert(ctx, bs, g.tx.Session.CreateBulk)
	if err != nil {
		return err
	}
	for i, s := range ss {
		g.sessions[i].id = s.ID
	}
	g.stats.Sessions = len(ss)
	return nil
}

// schedule picks the dates, host, partner, capacity and status of the
// k-th session of a program in a year.
func (g *generator) schedule(p *programRow, year, k int) *sessionRow {
	s := p.spec
	month := 2 + k*9/s.perYear + g.rng.IntN(max(1, 9/s.perYear))
	if s.route == string(program.RouteEDUCATION) {
		month = 9 // academic year
	}
	start := time.Date(year, time.Month(month), g.between(1, 24), 1, 0, 0, 0, time.UTC) // 08:00 WIB
	row := &sessionRow{
		prog:     p,
		host:     pick(g, g.agencies),
		start:    start,
		end:      at(start.AddDate(0, 0, s.days-1), 9), // 16:00 WIB
		capacity: 5 * g.between(4, 8),
	}
	if s.form == string(program.FormE_LEARNING) {
		row.capacity = 40
	}
	// A partner delivers the session only under an agreement in force over
	// its dates; without one, the host agency runs it in-house.
	var covering []*partnerRow
	for _, pr := range p.partners {
		if pr.covers(row.start, row.end) {
			covering = append(covering, pr)
		}
	}
	if len(covering) > 0 {
		row.partner = pick(g, covering)
	}
	switch {
	case s.route != string(program.RouteEDUCATION) && g.chance(0.05):
		row.status = session.StatusCANCELLED
	case row.end.Before(g.now):
		row.status = session.StatusCOMPLETED
	case !row.start.After(g.now):
		row.status = session.StatusONGOING
	case row.start.Before(g.now.AddDate(0, 0, 45)):
		row.status = session.StatusOPEN
	default:
		row.status = session.StatusPLANNED
	}
	return row
}

// sessionBuilder names and locates a session.
func (g *generator) sessionBuilder(r *sessionRow, year, k int) *ent.SessionCreate {
	s := r.prog.spec
	name := fmt.Sprintf("Angkatan %s Tahun %d", roman(k+1), year)
	if s.form == string(program.FormE_LEARNING) {
		name = fmt.Sprintf("Gelombang %d Tahun %d", k+1, year)
	}
	facilitator, _ := g.personName(r.host.spec.mix, g.chance(0.4))
	b := stamp(g.tx.Session.Create(), g.notAfterNow(r.start.AddDate(0, -2, 0))).
		SetProgramID(r.prog.id).
		SetName(name).
		SetStartsAt(r.start).
		SetEndsAt(r.end).
		SetCapacity(r.capacity).
		SetStatus(r.status).
		SetFacilitator(g.titled(facilitator, eduTrainer, 1))
	if r.partner != nil {
		b.SetPartnerID(r.partner.id)
	}
	slug := strings.ToLower(s.code)
	switch {
	case s.form == string(program.FormE_LEARNING):
		b.SetOnlineURL(fmt.Sprintf("https://lms.%s/kelas/%s-%d-%d", r.host.spec.domain, slug, year, k+1))
	case s.mode == string(program.DeliveryModeONLINE):
		b.SetOnlineURL(fmt.Sprintf("https://vicon.%s/ruang/%s-%d-%d", r.host.spec.domain, slug, year, k+1))
	default:
		loc := fmt.Sprintf(pick(g, venues), r.host.short)
		campus := r.partner != nil && r.partner.spec.kind == string(partner.KindUNIVERSITY)
		if campus && (s.route == string(program.RouteEDUCATION) || g.chance(0.5)) {
			loc = "Kampus " + r.partner.spec.name
		}
		b.SetLocation(loc)
		if s.mode == string(program.DeliveryModeBLENDED) {
			b.SetOnlineURL(fmt.Sprintf("https://lms.%s/kelas/%s-%d-%d", r.host.spec.domain, slug, year, k+1))
		}
	}
	return b
}

// createEnrollments fills the sessions from their program's audience.
// Seat holders (registered, attended, completed, failed) never exceed
// the capacity; statuses follow the session's.
func (g *generator) createEnrollments(ctx context.Context) error {
	var bs []*ent.EnrollmentCreate
	for _, s := range g.sessions {
		for _, r := range g.participants(s) {
			g.enrolls = append(g.enrolls, r)
			bs = append(bs, g.enrollmentBuilder(r))
		}
	}
	es, err := insert(ctx, bs, g.tx.Enrollment.CreateBulk)
	if err != nil {
		return err
	}
	for i, e := range es {
		g.enrolls[i].id = e.ID
	}
	g.stats.Enrollments = len(es)
	return nil
}

// participants draws the enrollments of a session: how many seats are
// taken, and with which statuses, depends on the session's status.
func (g *generator) participants(s *sessionRow) []*enrollRow {
	fill := s.prog.spec.fill
	seats := min(s.capacity, max(1, s.capacity*g.between(fill-15, fill)/100))
	type group struct {
		n      int
		status entenrollment.Status
	}
	var groups []group
	switch s.status {
	case session.StatusCOMPLETED:
		failed := 0
		for range seats {
			if g.chance(0.05) {
				failed++
			}
		}
		groups = []group{{seats - failed, entenrollment.StatusCOMPLETED}, {failed, entenrollment.StatusFAILED}, {g.between(0, 2), entenrollment.StatusWITHDRAWN}}
	case session.StatusONGOING:
		groups = []group{{seats, entenrollment.StatusATTENDED}, {g.between(0, 1), entenrollment.StatusWITHDRAWN}}
	case session.StatusOPEN:
		demand := s.capacity * g.between(fill-30, fill+20) / 100
		registered := min(demand, s.capacity)
		groups = []group{{registered, entenrollment.StatusREGISTERED}, {demand - registered, entenrollment.StatusWAITLISTED}, {g.between(0, 3), entenrollment.StatusNOMINATED}}
	case session.StatusPLANNED:
		groups = []group{{g.between(s.capacity/4, s.capacity*3/4), entenrollment.StatusNOMINATED}}
	case session.StatusCANCELLED:
		groups = []group{{g.between(0, 5), entenrollment.StatusWITHDRAWN}}
	}
	past := s.end.Before(g.now)
	perm := g.rng.Perm(len(s.prog.pool))
	var out []*enrollRow
	for _, grp := range groups {
		for n := 0; n < grp.n && len(perm) > 0; {
			e := s.prog.pool[perm[0]]
			perm = perm[1:]
			if s.prog.used[e] || (!past && !e.active) {
				continue
			}
			s.prog.used[e] = true
			out = append(out, g.enroll(e, s, grp.status))
			n++
		}
	}
	return out
}

// enroll records one enrollment, with its completion and certificate.
func (g *generator) enroll(e *empRow, s *sessionRow, st entenrollment.Status) *enrollRow {
	r := &enrollRow{emp: e, sess: s, status: st}
	if st == entenrollment.StatusCOMPLETED {
		r.completed = s.end
		y := r.completed.Year()
		g.certSeq[y]++
		r.cert = fmt.Sprintf("ARSIP/%d/%06d", y, g.certSeq[y]) // archive numbers: never collide with issued KMB/… ones
		e.completed = append(e.completed, r)
	}
	return r
}

// enrollmentBuilder turns an enrollment into a create builder.
func (g *generator) enrollmentBuilder(r *enrollRow) *ent.EnrollmentCreate {
	created := r.sess.start.AddDate(0, 0, -g.between(10, 45))
	if latest := g.now.AddDate(0, 0, -g.between(0, 14)); created.After(latest) {
		created = latest
	}
	b := stamp(g.tx.Enrollment.Create(), created).
		SetEmployeeID(r.emp.id).
		SetSessionID(r.sess.id).
		SetStatus(r.status)
	if r.status == entenrollment.StatusCOMPLETED {
		b.SetJpCredited(r.sess.prog.spec.jp).
			SetCompletedAt(r.completed).
			SetCertificateNumber(r.cert).
			SetUpdatedAt(r.completed)
	}
	return b
}
