package seed

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"

	"kembang/ent"
	"kembang/ent/assessment"
	"kembang/ent/developmentplan"
	"kembang/ent/enrollment"
	"kembang/ent/evaluation"
	"kembang/ent/planitem"
	"kembang/ent/program"
	"kembang/ent/session"
	"kembang/ent/trainingneed"
)

// Forms whose participants get a post-training assignment (Kirkpatrick
// level 3) now and then; leadership training always has one.
const behaviourForms = "MENTORING COACHING INTERNSHIP TECHNICAL_TRAINING FUNCTIONAL_TRAINING BIMTEK"

// Forms without a pre-test and post-test.
const untestedForms = "SEMINAR SOCIALIZATION COMMUNITY_OF_PRACTICE TUGAS_BELAJAR IZIN_BELAJAR BENCHMARKING"

// createEvaluations writes reaction and learning evaluations on most
// completed enrollments, behaviour evaluations on some, and results
// evaluations on some completed sessions measured six months later.
func (g *generator) createEvaluations(ctx context.Context) error {
	var bs []*ent.EvaluationCreate
	for _, r := range g.enrolls {
		if r.status != enrollment.StatusCOMPLETED {
			continue
		}
		form := r.sess.prog.spec.form
		end := r.sess.end
		if g.chance(0.85) {
			when := g.notAfterNow(end.AddDate(0, 0, g.between(0, 2)))
			bs = append(bs, g.evalOn(r, evaluation.LevelREACTION, when).
				SetScore(g.real(60, 100)).
				SetInstrument("Kuesioner Evaluasi Penyelenggaraan (Level 1)").
				SetComments(pick(g, reactionComments)).
				SetEvaluator("Peserta"))
		}
		if !strings.Contains(untestedForms, form) && g.chance(0.75) {
			pre := g.real(40, 75)
			bs = append(bs, g.evalOn(r, evaluation.LevelLEARNING, end).
				SetPreScore(pre).
				SetPostScore(math.Min(100, round1(pre+g.real(5, 30)))).
				SetInstrument("Pre-test dan post-test").
				SetEvaluator("Panitia penyelenggara"))
		}
		leadership := form == string(program.FormLEADERSHIP_TRAINING)
		if leadership || (strings.Contains(behaviourForms, form) && g.chance(0.25)) {
			bs = append(bs, g.behaviour(r, leadership))
		}
	}
	for _, s := range g.sessions {
		if s.status != session.StatusCOMPLETED || s.end.After(g.now.AddDate(0, -3, 0)) || !g.chance(0.35) {
			continue
		}
		ind := pick(g, resultIndicators)
		base := round2(ind.baseLo + g.rng.Float64()*(ind.baseH-ind.baseLo))
		when := g.notAfterNow(s.end.AddDate(0, 6, 0))
		bs = append(bs, stamp(g.tx.Evaluation.Create(), when).
			SetLevel(evaluation.LevelRESULTS).
			SetSessionID(s.id).
			SetIndicator(ind.name).
			SetBaseline(base).
			SetResult(round2(base+ind.gain*(g.rng.Float64()*1.2-0.2))).
			SetInstrument("Pengukuran indikator kinerja unit sebelum dan sesudah pelatihan").
			SetComments(fmt.Sprintf("Diukur pada unit kerja peserta, %s.", when.Format("January 2006"))).
			SetEvaluator("Tim Evaluasi Pascapelatihan BKPSDM "+s.host.short))
	}
	es, err := insert(ctx, bs, g.tx.Evaluation.CreateBulk)
	if err != nil {
		return err
	}
	g.stats.Evaluations = len(es)
	return nil
}

// evalOn starts an evaluation of an enrollment.
func (g *generator) evalOn(r *enrollRow, lvl evaluation.Level, when time.Time) *ent.EvaluationCreate {
	return stamp(g.tx.Evaluation.Create(), when).SetLevel(lvl).SetEnrollmentID(r.id)
}

// behaviour builds a level 3 evaluation: an assignment due some weeks
// after the training, signed off by the supervisor once done.
func (g *generator) behaviour(r *enrollRow, leadership bool) *ent.EvaluationCreate {
	instrument, days := "Penugasan pascapelatihan", 60
	if leadership {
		instrument, days = "Laporan Aksi Perubahan", 90
	}
	due := midnight(r.sess.end.AddDate(0, 0, days))
	evaluator := "Mentor dari unit kerja"
	if r.emp.sup != nil {
		evaluator = r.emp.sup.name
	}
	b := g.evalOn(r, evaluation.LevelBEHAVIOR, r.sess.end).
		SetDueOn(due).
		SetInstrument(instrument).
		SetEvaluator(evaluator)
	if due.After(g.now) || !g.chance(0.85) {
		return b.SetComments("Menunggu laporan implementasi dari peserta.")
	}
	signed := due.AddDate(0, 0, -g.between(0, 20))
	return b.SetSignedOffOn(signed).
		SetUpdatedAt(signed).
		SetScore(g.real(70, 95)).
		SetComments("Penugasan telah diimplementasikan di unit kerja dan disahkan atasan.")
}

// createAssessments rates every employee one to three times on
// competencies of the standard of their position.
func (g *generator) createAssessments(ctx context.Context) error {
	var bs []*ent.AssessmentCreate
	for _, e := range g.emps {
		for range g.between(1, 3) {
			bs = append(bs, g.assess(e))
		}
	}
	as, err := insert(ctx, bs, g.tx.Assessment.CreateBulk)
	if err != nil {
		return err
	}
	g.stats.Assessments = len(as)
	return nil
}

// assess builds one assessment: a level around the required one, from a
// random source; training results cite a completed enrollment.
func (g *generator) assess(e *empRow) *ent.AssessmentCreate {
	src := g.weighted("SELF:30 SUPERVISOR:35 ASSESSMENT_CENTER:15 TRAINING:20")
	if src == "TRAINING" && len(e.completed) == 0 {
		src = "SUPERVISOR"
	}
	line := pick(g, e.pos.std)
	level := line.level + pick(g, []int{-1, 0, 0, 0, 1})
	when := g.day(g.start, g.now)
	var assessor, evidence, url string
	switch src {
	case "SELF":
		assessor = e.name
	case "SUPERVISOR":
		assessor = "Tim Penilai Kinerja " + e.agency.short
		if e.sup != nil {
			assessor = e.sup.name
		}
	case "ASSESSMENT_CENTER":
		assessor = "UPT Penilaian Kompetensi BKPSDM " + e.agency.short
		url = fmt.Sprintf("https://simpeg.%s/dokumen/asesmen/%s.pdf", e.agency.spec.domain, g.digits(10))
	case "TRAINING":
		r := pick(g, e.completed)
		p := r.sess.prog
		line, when = p.targets[0], midnight(r.completed)
		for _, t := range p.targets {
			if hasLine(e.pos.std, t.comp) {
				line = t
				break
			}
		}
		level = line.level - g.between(0, 1)
		assessor = "Panitia " + p.spec.title
		if r.sess.partner != nil {
			assessor = r.sess.partner.spec.name
		}
		evidence = fmt.Sprintf(evidenceText(src), p.spec.title, r.cert)
	}
	if evidence == "" {
		evidence = evidenceText(src)
	}
	b := stamp(g.tx.Assessment.Create(), when).
		SetEmployeeID(e.id).
		SetCompetencyID(g.comps[line.comp]).
		SetLevel(min(5, max(1, level))).
		SetAssessedOn(when).
		SetSource(assessment.Source(src)).
		SetAssessor(assessor).
		SetEvidence(evidence)
	if url != "" {
		b.SetEvidenceURL(url)
	}
	return b
}

// hasLine reports whether a standard names a competency.
func hasLine(std []stdLine, comp string) bool {
	for _, l := range std {
		if l.comp == comp {
			return true
		}
	}
	return false
}

// evidenceText returns the evidence template of an assessment source.
func evidenceText(src string) string {
	for _, a := range assessmentEvidence {
		if a.source == src {
			return a.text
		}
	}
	return ""
}

// Number of training needs created.
const trainingNeeds = 60

// createNeeds writes training needs from every source, round robin.
func (g *generator) createNeeds(ctx context.Context) error {
	var bs []*ent.TrainingNeedCreate
	for i := range trainingNeeds {
		src := needSources[i%len(needSources)]
		a := pick(g, g.agencies)
		e := pick(g, a.emps)
		when := g.day(g.start, g.now)
		code := pick(g, e.pos.std).comp
		if src.source == "FORUM" || src.source == "SURVEY" {
			code = pick(g, compSpecs).code
		}
		b := stamp(g.tx.TrainingNeed.Create(), when).
			SetCompetencyID(g.comps[code]).
			SetAgencyID(a.id).
			SetSource(trainingneed.Source(src.source)).
			SetDescription(fmt.Sprintf(src.text, compFocus(code))).
			SetPriority(trainingneed.Priority(g.weighted("LOW:2 MEDIUM:5 HIGH:3 CRITICAL:1"))).
			SetRaisedOn(when)
		raisedBy := src.raisedBy
		switch src.source {
		case "EMPLOYEE":
			raisedBy = e.name
		case "SUPERVISOR":
			raisedBy = e.name
			if e.sup != nil {
				raisedBy = e.sup.name
			}
		}
		if src.source != "FORUM" && g.chance(0.7) {
			b.SetUnitID(e.unit.id)
		}
		if src.event != "" {
			seat := strings.TrimPrefix(strings.TrimPrefix(a.short, "Kabupaten "), "Kota ")
			b.SetEventName(fmt.Sprintf(src.event, seat, when.Year()))
		}
		bs = append(bs, b.SetRaisedBy(raisedBy))
	}
	ns, err := insert(ctx, bs, g.tx.TrainingNeed.CreateBulk)
	if err != nil {
		return err
	}
	g.stats.TrainingNeeds = len(ns)
	return nil
}

// compFocus returns the noun phrase describing a competency.
func compFocus(code string) string {
	for _, c := range compSpecs {
		if c.code == code {
			return c.focus
		}
	}
	return code
}

// createPlans writes a development plan per agency and year, approved
// for last year and drafted or submitted for this one, with four to
// eight items drawn from the active programs.
func (g *generator) createPlans(ctx context.Context) error {
	var active []*programRow
	for _, p := range g.programs {
		if p.spec.status == string(program.StatusACTIVE) {
			active = append(active, p)
		}
	}
	type planned struct {
		agency *agencyRow
		year   int
	}
	var plans []planned
	var bs []*ent.DevelopmentPlanCreate
	for _, a := range g.agencies {
		for _, year := range []int{g.now.Year() - 1, g.now.Year()} {
			drafted := time.Date(year-1, time.November, g.between(1, 28), 2, 0, 0, 0, time.UTC)
			status, changed := developmentplan.StatusAPPROVED, time.Date(year, time.January, g.between(5, 25), 3, 0, 0, 0, time.UTC)
			if year == g.now.Year() {
				status = developmentplan.Status(g.alt("DRAFT|SUBMITTED"))
				changed = g.day(drafted, g.now).Add(3 * time.Hour)
			}
			plans = append(plans, planned{a, year})
			bs = append(bs, stamp(g.tx.DevelopmentPlan.Create(), drafted).
				SetAgencyID(a.id).
				SetYear(year).
				SetStatus(status).
				SetUpdatedAt(changed))
		}
	}
	ps, err := insert(ctx, bs, g.tx.DevelopmentPlan.CreateBulk)
	if err != nil {
		return err
	}
	var items []*ent.PlanItemCreate
	for i, pl := range plans {
		perm := g.rng.Perm(len(active))
		for _, j := range perm[:g.between(4, min(8, len(active)))] {
			items = append(items, g.planItem(ps[i], pl.agency, active[j]))
		}
	}
	if _, err := insert(ctx, items, g.tx.PlanItem.CreateBulk); err != nil {
		return err
	}
	g.stats.DevelopmentPlans, g.stats.PlanItems = len(ps), len(items)
	return nil
}

// planItem builds one line of a plan from a program: its first target
// competency, route, form, JP and first partner, for a head count.
func (g *generator) planItem(plan *ent.DevelopmentPlan, a *agencyRow, p *programRow) *ent.PlanItemCreate {
	s := p.spec
	heads := g.between(10, 40)
	if s.route == string(program.RouteEDUCATION) {
		heads = g.between(2, 5)
	}
	b := stamp(g.tx.PlanItem.Create(), plan.CreatedAt).
		SetPlanID(plan.ID).
		SetCompetencyID(g.comps[p.targets[0].comp]).
		SetTargetGroup(s.group + " di lingkungan " + a.spec.name).
		SetHeadCount(heads).
		SetRoute(planitem.Route(s.route)).
		SetForm(planitem.Form(s.form)).
		SetPlannedQuarter(g.between(1, 4)).
		SetPlannedJp(s.jp).
		SetBudget(int64(heads) * s.cost)
	if len(p.partners) > 0 {
		b.SetPartnerID(p.partners[0].id)
	}
	return b
}

// notAfterNow caps t at the reference date.
func (g *generator) notAfterNow(t time.Time) time.Time {
	if t.After(g.now) {
		return g.now
	}
	return t
}

// round2 rounds to two decimals.
func round2(f float64) float64 { return math.Round(f*100) / 100 }
