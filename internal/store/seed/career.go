package seed

import (
	"context"
	"fmt"
	"time"

	"kembang/ent"
	"kembang/ent/changeproject"
	"kembang/ent/educationrecord"
	"kembang/ent/enrollment"
	"kembang/ent/evaluation"
	"kembang/ent/program"
)

// Change projects (aksi perubahan) of the leadership programs, which
// require one: their problems, objectives and outcomes.
var projectThemes = []struct{ title, problem, objective, outcome string }{
	{"Antrean Daring Layanan Puskesmas", "Pasien menunggu rata-rata 75 menit di loket pendaftaran.",
		"Memangkas waktu tunggu pendaftaran di bawah 20 menit.", "Aplikasi antrean daring berjalan dan waktu tunggu tercatat mingguan."},
	{"Satu Data Kepegawaian Perangkat Daerah", "Data pegawai tersebar di lembar kerja tiap bidang dan sering berbeda.",
		"Menyatukan data kepegawaian dalam satu basis data yang dimutakhirkan bulanan.", "Basis data tunggal dipakai untuk laporan bulanan ke BKPSDM."},
	{"Layanan Perizinan Tanpa Tatap Muka", "Pemohon izin harus datang tiga kali ke kantor untuk satu berkas.",
		"Seluruh tahapan perizinan usaha mikro dapat dilakukan daring.", "Persentase izin yang terbit tanpa kunjungan tercatat di dasbor layanan."},
	{"Pengaduan Masyarakat Terintegrasi", "Pengaduan warga masuk lewat banyak kanal dan tidak terlacak.",
		"Satu kanal pengaduan dengan tenggat tindak lanjut lima hari kerja.", "Laporan bulanan ketepatan waktu tindak lanjut pengaduan."},
	{"Arsip Digital Surat Dinas", "Pencarian surat lama memerlukan waktu berhari-hari.",
		"Mengalihmediakan arsip surat tiga tahun terakhir.", "Waktu pencarian arsip turun menjadi kurang dari lima menit."},
}

// Reasons a mentor returns a change project.
var projectReturns = []string{
	"Lengkapi data dasar sebelum perubahan (baseline) dan cara pengukurannya.",
	"Tonggak capaian jangka pendek belum dijabarkan per bulan.",
	"Tambahkan dukungan pemangku kepentingan dan risiko pelaksanaan.",
}

// createCareer marks the leadership programs as requiring a change
// project and writes the change projects of their completed participants
// (accepted ones linked to their signed-off BEHAVIOR evaluation, with
// the mentor as signer), then education records and certifications of
// some employees.
func (g *generator) createCareer(ctx context.Context) error {
	err := g.tx.Program.Update().
		Where(program.FormEQ(program.FormLEADERSHIP_TRAINING)).
		SetRequiresChangeProject(true).
		Exec(ctx)
	if err != nil {
		return err
	}
	if err := g.createChangeProjects(ctx); err != nil {
		return err
	}
	if err := g.createEducation(ctx); err != nil {
		return err
	}
	return g.createCertifications(ctx)
}

// createChangeProjects writes the change projects.
func (g *generator) createChangeProjects(ctx context.Context) error {
	var rows []*enrollRow
	var ids []int
	for _, r := range g.enrolls {
		if r.status == enrollment.StatusCOMPLETED && r.sess.prog.spec.form == string(program.FormLEADERSHIP_TRAINING) && r.emp.sup != nil {
			rows = append(rows, r)
			ids = append(ids, r.id)
		}
	}
	signed, err := g.tx.Evaluation.Query().
		Where(evaluation.EnrollmentIDIn(ids...), evaluation.LevelEQ(evaluation.LevelBEHAVIOR), evaluation.SignedOffOnNotNil()).
		All(ctx)
	if err != nil {
		return err
	}
	byEnrollment := map[int]*ent.Evaluation{}
	for _, e := range signed {
		byEnrollment[*e.EnrollmentID] = e
	}
	var bs []*ent.ChangeProjectCreate
	for _, r := range rows {
		th := pick(g, projectThemes)
		due := midnight(r.sess.end.AddDate(0, 0, 90))
		b := stamp(g.tx.ChangeProject.Create(), g.notAfterNow(r.sess.end.AddDate(0, 0, g.between(3, 14)))).
			SetEnrollmentID(r.id).
			SetEmployeeID(r.emp.id).
			SetMentorID(r.emp.sup.id).
			SetTitle(th.title).
			SetProblem(th.problem).
			SetObjective(th.objective).
			SetPlannedOutcome(th.outcome).
			SetDueOn(due)
		switch ev := byEnrollment[r.id]; {
		case ev != nil:
			decided := *ev.SignedOffOn
			err := g.tx.Evaluation.UpdateOneID(ev.ID).SetSignedOffByID(r.emp.sup.id).Exec(ctx)
			if err != nil {
				return err
			}
			b.SetStatus(changeproject.StatusACCEPTED).
				SetSubmittedAt(decided.AddDate(0, 0, -g.between(3, 20))).
				SetDecidedAt(decided).
				SetUpdatedAt(decided).
				SetEvaluationID(ev.ID).
				SetEvidenceURL(fmt.Sprintf("https://arsip.%s.go.id/aksi-perubahan/%d.pdf", r.sess.host.spec.domain, r.id))
		case due.Before(g.now) && g.chance(0.5):
			submitted := g.notAfterNow(due.AddDate(0, 0, -g.between(1, 10)))
			b.SetStatus(changeproject.StatusRETURNED).
				SetSubmittedAt(submitted).
				SetDecidedAt(g.notAfterNow(submitted.AddDate(0, 0, 3))).
				SetReturnReason(pick(g, projectReturns))
		case due.Before(g.now.AddDate(0, 0, 30)):
			b.SetStatus(changeproject.StatusSUBMITTED).SetSubmittedAt(g.notAfterNow(due.AddDate(0, 0, -7)))
		}
		bs = append(bs, b)
	}
	ps, err := insert(ctx, bs, g.tx.ChangeProject.CreateBulk)
	g.stats.ChangeProjects = len(ps)
	return err
}

// Further education: institutions and fields of study.
var studies = []struct {
	level       educationrecord.Level
	institution string
	field       string
}{
	{educationrecord.LevelS2, "Universitas Gadjah Mada", "Magister Administrasi Publik"},
	{educationrecord.LevelS2, "Universitas Indonesia", "Magister Kesehatan Masyarakat"},
	{educationrecord.LevelS1, "Universitas Terbuka", "Ilmu Administrasi Negara"},
	{educationrecord.LevelS3, "Universitas Airlangga", "Doktor Ilmu Sosial"},
	{educationrecord.LevelD4, "Politeknik Statistika STIS", "Statistika Terapan"},
	{educationrecord.LevelPROFESSION, "Universitas Sriwijaya", "Pendidikan Profesi Ners"},
	{educationrecord.LevelS2, "Institut Pemerintahan Dalam Negeri", "Magister Manajemen Pemerintahan"},
}

// createEducation writes assigned studies and study permits of about one
// employee in thirty.
func (g *generator) createEducation(ctx context.Context) error {
	var bs []*ent.EducationRecordCreate
	for _, e := range g.emps {
		if !e.active || !g.chance(1.0/30) {
			continue
		}
		s := pick(g, studies)
		starts := midnight(g.day(g.start.AddDate(-2, 0, 0), g.now.AddDate(0, 6, 0)))
		years := 2
		if s.level == educationrecord.LevelS1 || s.level == educationrecord.LevelS3 {
			years = 4
		}
		ends := starts.AddDate(years, 0, -1)
		route, funding := educationrecord.RouteSTUDY_PERMIT, educationrecord.FundingSELF
		if g.chance(0.4) {
			route, funding = educationrecord.RouteASSIGNED_STUDY, pick(g, []educationrecord.Funding{
				educationrecord.FundingAPBD, educationrecord.FundingAPBN, educationrecord.FundingSCHOLARSHIP})
		}
		b := stamp(g.tx.EducationRecord.Create(), g.notAfterNow(starts.AddDate(0, -2, 0))).
			SetEmployeeID(e.id).
			SetRoute(route).
			SetLevel(s.level).
			SetInstitution(s.institution).
			SetFieldOfStudy(s.field).
			SetStartsOn(starts).
			SetEndsOn(ends).
			SetFunding(funding)
		status := educationrecord.StatusPLANNED
		switch {
		case ends.Before(g.now):
			status = educationrecord.StatusGRADUATED
			b.SetDiplomaNumber(fmt.Sprintf("%s/%d/%s", s.level, ends.Year(), g.digits(6)))
		case starts.Before(g.now) && g.chance(0.1):
			status = educationrecord.StatusDISCONTINUED
		case starts.Before(g.now):
			status = educationrecord.StatusONGOING
		}
		if route == educationrecord.RouteASSIGNED_STUDY && (status != educationrecord.StatusPLANNED || g.chance(0.5)) {
			b.SetApprovedAt(g.notAfterNow(starts.AddDate(0, -1, 0))).SetApprovedBy("BKPSDM " + e.agency.short)
		}
		bs = append(bs, b.SetStatus(status))
	}
	rs, err := insert(ctx, bs, g.tx.EducationRecord.CreateBulk)
	g.stats.EducationRecords = len(rs)
	return err
}

// Certificates: name, issuer, the competency attested, validity in years
// (0: does not expire).
var certificateSpecs = []struct {
	name, issuer, comp string
	years              int
}{
	{"Sertifikat Keahlian Pengadaan Barang/Jasa Tingkat Dasar", "LKPP", "T.06", 4},
	{"Sertifikasi Auditor Ahli", "Pusbin JFA BPKP", "T.01", 3},
	{"Sertifikat Kompetensi Perencana Ahli", "Pusbindiklatren Bappenas", "T.02", 3},
	{"Sertifikat Kompetensi Arsiparis", "Arsip Nasional Republik Indonesia", "T.09", 5},
	{"Certified Information Security Officer", "Badan Siber dan Sandi Negara", "T.08", 3},
	{"Sertifikat Kompetensi Pelayanan Publik", "Lembaga Sertifikasi Profesi Pemerintahan", "M.05", 0},
}

// createCertifications writes certificates of about one employee in
// twelve; some expire in the coming months.
func (g *generator) createCertifications(ctx context.Context) error {
	var bs []*ent.CertificationCreate
	for _, e := range g.emps {
		if !e.active || !g.chance(1.0/12) {
			continue
		}
		s := pick(g, certificateSpecs)
		issued := midnight(g.day(g.now.AddDate(-5, 0, 0), g.now.AddDate(0, -1, 0)))
		b := stamp(g.tx.Certification.Create(), issued.Add(48*time.Hour)).
			SetEmployeeID(e.id).
			SetName(s.name).
			SetIssuer(s.issuer).
			SetNumber(fmt.Sprintf("%s-%d-%s", g.word(s.issuer), issued.Year(), g.digits(5))).
			SetIssuedOn(issued)
		if id, ok := g.comps[s.comp]; ok {
			b.SetCompetencyID(id)
		}
		if s.years > 0 {
			b.SetExpiresOn(issued.AddDate(s.years, 0, 0))
		}
		bs = append(bs, b)
	}
	cs, err := insert(ctx, bs, g.tx.Certification.CreateBulk)
	g.stats.Certifications = len(cs)
	return err
}
