package seed

import (
	"context"
	"fmt"
	"strings"
	"time"

	"kembang/ent"
	"kembang/ent/developmentplan"
	"kembang/ent/evaluation"
	"kembang/ent/forum"
	"kembang/ent/impactindicator"
	"kembang/ent/programrevision"
	"kembang/ent/session"
	"kembang/ent/trainingneed"
	"kembang/internal/domain/indicator"
	"kembang/internal/domain/stakeholder"
)

// The policy cycle's demo rows (issue 20): the forums where needs were
// raised, the impact indicators the agencies' programs aim to move with
// their quarterly measurements and the level-4 evaluations that read
// them, and last year's decisions about programs, carried by this
// year's plans.

// forumSpecs are the forums an agency holds ("%s": its short name, "%d":
// the year).
var forumSpecs = []struct {
	kind, title, place, facilitator, summary string
	groups                                   []stakeholder.Group
}{
	{"STAKEHOLDER_FORUM", "Forum Pemangku Kepentingan Pengembangan Kompetensi ASN %s %d", "Aula BKPSDM %s",
		"Bidang Pengembangan Kompetensi BKPSDM",
		"Forum menghimpun usulan kebutuhan pengembangan kompetensi dari perangkat daerah, perguruan tinggi dan praktisi; disepakati lima prioritas pelatihan.",
		[]stakeholder.Group{stakeholder.Employees, stakeholder.Academics, stakeholder.Practitioners, stakeholder.OtherGovernment}},
	{"WORKSHOP", "Lokakarya Analisis Kebutuhan Pelatihan %s %d", "Balai Pelatihan Aparatur %s",
		"Tim Analisis Kebutuhan Pelatihan",
		"Lokakarya memetakan kesenjangan kompetensi per perangkat daerah dan menyusun rekomendasi program untuk rencana tahun berikutnya.",
		[]stakeholder.Group{stakeholder.Employees, stakeholder.Academics}},
	{"PUBLIC_CONSULTATION", "Forum Konsultasi Publik Pelayanan %s %d", "Gedung Serbaguna Sekretariat Daerah %s",
		"Bagian Organisasi Sekretariat Daerah",
		"Masyarakat dan pelaku usaha menyampaikan keluhan waktu layanan dan keramahan petugas; diusulkan pelatihan pelayanan prima.",
		[]stakeholder.Group{stakeholder.Public, stakeholder.Practitioners, stakeholder.ProfessionalBodies}},
	{"FOCUS_GROUP", "Diskusi Kelompok Terpumpun Kompetensi Digital %s %d", "Ruang Rapat Bappeda %s",
		"Universitas mitra",
		"Diskusi membahas kesiapan aparatur menjalankan layanan digital dan kebutuhan pendampingan teknis.",
		[]stakeholder.Group{stakeholder.Employees, stakeholder.Academics, stakeholder.OtherGovernment}},
	{"SURVEY", "Survei Kebutuhan Pelatihan %s %d", "Daring (formulir elektronik)",
		"Tim Analisis Kebutuhan Pelatihan BKPSDM",
		"Survei daring kepada pegawai; hasil rekapitulasi menjadi bahan analisis kebutuhan pelatihan.",
		[]stakeholder.Group{stakeholder.Employees}},
}

// forumsPerAgency is the number of forums of each agency: two last year,
// one this year.
const forumsPerAgency = 3

// createForums writes the forums of each agency and links the agency's
// training needs raised at a forum to the latest forum held by then.
func (g *generator) createForums(ctx context.Context) error {
	var bs []*ent.ForumCreate
	for ai, a := range g.agencies {
		seat := strings.TrimPrefix(strings.TrimPrefix(a.short, "Kabupaten "), "Kota ")
		for k := range forumsPerAgency {
			spec := forumSpecs[(ai+k)%len(forumSpecs)]
			year := g.now.Year() - 1
			if k == forumsPerAgency-1 {
				year = g.now.Year()
			}
			held := time.Date(year, time.Month(2+4*(k%2)), g.between(3, 25), 0, 0, 0, 0, time.UTC)
			bs = append(bs, stamp(g.tx.Forum.Create(), held).
				SetKind(forum.Kind(spec.kind)).
				SetAgencyID(a.id).
				SetTitle(fmt.Sprintf(spec.title, seat, year)).
				SetHeldOn(held).
				SetPlace(placeOf(spec.place, seat)).
				SetFacilitator(spec.facilitator).
				SetStakeholderGroups(spec.groups).
				SetParticipants(g.between(25, 120)).
				SetSummary(spec.summary).
				SetDocumentURL(fmt.Sprintf("https://bkpsdm.%s/dokumen/forum-%d-%d.pdf", a.spec.domain, year, k+1)))
		}
	}
	fs, err := insert(ctx, bs, g.tx.Forum.CreateBulk)
	if err != nil {
		return err
	}
	g.stats.Forums = len(fs)
	for _, a := range g.agencies {
		needs, err := g.tx.TrainingNeed.Query().
			Where(trainingneed.AgencyID(a.id), trainingneed.SourceEQ(trainingneed.SourceFORUM)).
			All(ctx)
		if err != nil {
			return err
		}
		for _, n := range needs {
			var at *ent.Forum
			for _, f := range fs {
				if f.AgencyID == a.id && !f.HeldOn.After(n.RaisedOn) && (at == nil || f.HeldOn.After(at.HeldOn)) {
					at = f
				}
			}
			if at == nil {
				continue // raised before the agency's first recorded forum: eventName only
			}
			if err := g.tx.TrainingNeed.UpdateOne(n).SetForumID(at.ID).Exec(ctx); err != nil {
				return err
			}
		}
	}
	return nil
}

// indicatorSpecs are the impact indicators of each agency; unit says
// whether it belongs to the agency's first unit.
var indicatorSpecs = []struct {
	code, name, measure, desc string
	direction                 impactindicator.Direction
	unit                      bool
	base, step, spread        float64 // first value, change per quarter, noise
	target                    float64 // change from the first value to this year's target
	source                    string  // "%s": quarter, "%d": year
}{
	{"IKM", "Indeks Kepuasan Masyarakat %s", "indeks (0-100)",
		"Survei kepuasan masyarakat atas layanan unit (Permenpan RB 14/2017), dihitung per triwulan.",
		impactindicator.DirectionHIGHER_IS_BETTER, true, 76, 0.8, 1.2, 5,
		"Survei Kepuasan Masyarakat triwulan %s %d"},
	{"WAKTU-IZIN", "Rata-rata Waktu Penyelesaian Perizinan", "hari",
		"Rata-rata hari kerja dari berkas lengkap hingga izin terbit.",
		impactindicator.DirectionLOWER_IS_BETTER, false, 9, -0.35, 0.6, -3,
		"Laporan Sistem Informasi Perizinan triwulan %s %d"},
}

// createIndicators writes the impact indicators of each agency with a
// measurement per quarter up to the reference date, names them in the
// programs the agency organises, and records level-4 evaluations of
// those programs' completed sessions from the measurements before and
// after them (indicator.Around), as the evaluation rules would.
func (g *generator) createIndicators(ctx context.Context) error {
	type planned struct {
		agency *agencyRow
		spec   int
		ms     []indicator.Measurement
	}
	var (
		plans []planned
		bs    []*ent.ImpactIndicatorCreate
	)
	for _, a := range g.agencies {
		for si, s := range indicatorSpecs {
			name, code := s.name, s.code
			b := stamp(g.tx.ImpactIndicator.Create(), g.start).
				SetAgencyID(a.id).
				SetUnitOfMeasure(s.measure).
				SetDescription(s.desc).
				SetDirection(s.direction).
				SetTarget(round2(s.base + s.target)).
				SetTargetYear(g.now.Year())
			if s.unit && len(a.units) > 0 {
				u := a.units[0]
				name, code = fmt.Sprintf(name, u.name), code+"-"+u.code
				b.SetUnitID(u.id)
			}
			bs = append(bs, b.SetName(name).SetCode(code))
			plans = append(plans, planned{agency: a, spec: si})
		}
	}
	inds, err := insert(ctx, bs, g.tx.ImpactIndicator.CreateBulk)
	if err != nil {
		return err
	}
	var ms []*ent.IndicatorMeasurementCreate
	for i, ind := range inds {
		s := indicatorSpecs[plans[i].spec]
		for q := 0; ; q++ {
			start := g.start.AddDate(0, 3*q, 0)
			end := start.AddDate(0, 3, -1)
			if end.After(g.now) {
				break
			}
			v := round2(s.base + s.step*float64(q) + s.spread*(g.rng.Float64()*2-1))
			quarter := []string{"I", "II", "III", "IV"}[int(start.Month()-1)/3]
			plans[i].ms = append(plans[i].ms, indicator.Measurement{ID: len(ms), Start: start, End: end, Value: v})
			ms = append(ms, stamp(g.tx.IndicatorMeasurement.Create(), end.AddDate(0, 0, 10)).
				SetIndicatorID(ind.ID).
				SetPeriodStart(start).
				SetPeriodEnd(end).
				SetValue(v).
				SetSource(fmt.Sprintf(s.source, quarter, start.Year())))
		}
	}
	rows, err := insert(ctx, ms, g.tx.IndicatorMeasurement.CreateBulk)
	if err != nil {
		return err
	}
	g.stats.ImpactIndicators, g.stats.IndicatorMeasurements = len(inds), len(rows)

	var evals []*ent.EvaluationCreate
	for _, p := range g.programs {
		if p.org == nil {
			continue
		}
		var mine []int
		for i, pl := range plans {
			if pl.agency == p.org {
				mine = append(mine, i)
			}
		}
		upd := g.tx.Program.UpdateOneID(p.id)
		for _, i := range mine {
			upd.AddIndicatorIDs(inds[i].ID)
		}
		if err := upd.Exec(ctx); err != nil {
			return err
		}
		for _, s := range g.sessions {
			if s.prog != p || s.status != session.StatusCOMPLETED {
				continue
			}
			i := mine[0] // the unit's satisfaction index
			before, after := indicator.Around(plans[i].ms, s.start, s.end)
			if before == nil || after == nil {
				continue
			}
			when := g.notAfterNow(after.End.AddDate(0, 0, 14))
			evals = append(evals, stamp(g.tx.Evaluation.Create(), when).
				SetLevel(evaluation.LevelRESULTS).
				SetSessionID(s.id).
				SetImpactIndicatorID(inds[i].ID).
				SetIndicator(inds[i].Name).
				SetBaseline(before.Value).
				SetResult(after.Value).
				SetInstrument("Pengukuran indikator dampak sebelum dan sesudah pelatihan").
				SetEvaluator("Tim Evaluasi Pascapelatihan BKPSDM "+s.host.short))
		}
	}
	es, err := insert(ctx, evals, g.tx.Evaluation.CreateBulk)
	if err != nil {
		return err
	}
	g.stats.Evaluations += len(es)
	return nil
}

// createRevisions decides last year's first program of each organising
// agency (REVISE or CONTINUE, in turn), in January, on the program
// report's figures (the revision rules record them), and carries each
// decision into the agency's plan of this year with one more item. The
// agencies' other programs flagged by the report await a decision.
func (g *generator) createRevisions(ctx context.Context) error {
	year := g.now.Year() - 1
	decided := map[*agencyRow]bool{}
	var revs []*ent.ProgramRevision
	var progs []*programRow
	for _, p := range g.programs {
		if p.org == nil || decided[p.org] {
			continue
		}
		decided[p.org] = true
		d, changes := programrevision.DecisionREVISE, "Menambah sesi praktik lapangan dan studi kasus layanan publik; memperbarui modul sesuai hasil evaluasi."
		if len(revs)%2 == 1 {
			d, changes = programrevision.DecisionCONTINUE, "Tidak ada perubahan materi; kuota peserta ditambah."
		}
		r, err := stamp(g.tx.ProgramRevision.Create(), time.Date(year+1, time.January, 15, 2, 0, 0, 0, time.UTC)).
			SetProgramID(p.id).
			SetYear(year).
			SetDecision(d).
			SetChanges(changes).
			SetDecidedBy("Kepala BKPSDM " + p.org.short).
			SetDecidedAt(time.Date(year+1, time.January, 15, 2, 0, 0, 0, time.UTC)).
			Save(ctx)
		if err != nil {
			return err
		}
		revs, progs = append(revs, r), append(progs, p)
	}
	for i, r := range revs {
		p := progs[i]
		plan, err := g.tx.DevelopmentPlan.Query().
			Where(developmentplan.AgencyID(p.org.id), developmentplan.Year(g.now.Year())).
			Only(ctx)
		if err != nil {
			return err
		}
		if err := g.planItem(plan, p.org, p).SetRevisionID(r.ID).Exec(ctx); err != nil {
			return err
		}
		g.stats.PlanItems++
	}
	g.stats.ProgramRevisions = len(revs)
	return nil
}

// placeOf fills the agency's short name into a place with "%s".
func placeOf(place, seat string) string {
	if strings.Contains(place, "%s") {
		return fmt.Sprintf(place, seat)
	}
	return place
}
