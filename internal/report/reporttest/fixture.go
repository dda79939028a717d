// Package reporttest builds the small data set the report tests check by
// hand, directly with the ent client (history is written by a client in
// import mode, rules.Import, as an import of past training would be).
//
// Two agencies: A (KMN) with units DINKES, PUSKESMAS (nested under
// DINKES) and BKPSDM; B (PLJ). Competencies M.01 and M.02 (MANAGERIAL),
// T.01 (TECHNICAL), S.01 (SOCIOCULTURAL). Partners P1 (Universitas
// Kemuning Raya, agreement 2024-01-01 to 2027-12-31) and P2 (Lembaga
// Pelatihan Nusantara, agreement from 2024-06-01, open-ended). Programs:
//
//	PR1 Pelatihan Kepemimpinan Pengawas  LEADERSHIP_TRAINING BLENDED  40 JP  targets M.01, M.02, T.01  partners P1, P2
//	PR2 Seminar Pelayanan Publik         SEMINAR             ONLINE    8 JP  targets S.01
//	PR3 Kursus Analisis Data             COURSE              IN_PERSON 12 JP targets nothing           partner P2
//
// Sessions (times UTC; WIB is UTC+7):
//
//	S1 PR1 P1 2025-03-03 01:00 – 2025-03-07 09:00  "Kemuning"
//	S2 PR1 P1 2025-09-01 01:00 – 2025-09-05 09:00  "Hotel Melati, Kemuning"
//	S3 PR2 –  2025-05-20 01:00 – 2025-05-20 09:00  online link only
//	S4 PR1 P2 2024-11-04 01:00 – 2024-11-08 09:00  "Kemuning"
//	S5 PR3 P2 2025-12-29 01:00 – 2026-01-02 09:00  "Plaju"
//	S6 PR3 P2 2025-12-31 18:00 – 2026-01-02 09:00  "Plaju" (2026-01-01 01:00 WIB: ledger year 2026)
//
// Employees (A unless noted; PNS unless noted; active unless noted):
//
//	E1 Ahmad Fauzi    DINKES
//	E2 Budi Santoso   PUSKESMAS
//	E3 Citra Ayu      DINKES, PPPK
//	E4 Dewi Lestari   BKPSDM
//	E5 Eko Prasetyo   BKPSDM
//	E6 Fajar Nugroho  DINKES, inactive
//	E7 Gita Permata   agency B
//	E8 Hadi Wijaya    BKPSDM
//
// Enrollments (status, JP credited, completed at):
//
//	S1: E1 COMPLETED 40 2025-03-07 09:00; E6 COMPLETED 40 same; E4 WITHDRAWN; E7 COMPLETED 40 same
//	S2: E4 FAILED; E3 WAITLISTED; E8 FAILED
//	S3: E2 COMPLETED 8 2025-05-20 09:00; E3 COMPLETED 8 same; E5 WITHDRAWN
//	S4: E5 COMPLETED 40 2024-11-08 09:00; E1 FAILED
//	S5: E1 COMPLETED 12 2026-01-02 09:00
//	S6: E2 REGISTERED
//
// Learning claims (status, JP, ends on):
//
//	E1 APPROVED 4 2025-06-10
//	E2 APPROVED 6 2025-08-15
//	E3 APPROVED 14 2025-10-01
//	E4 PENDING 10 2025-05-01; REJECTED 5 2025-06-01; APPROVED 3 2025-12-31 18:00 (ledger year 2026)
//	E5 APPROVED 6 2025-03-07 09:00 (the instant S1 ends); APPROVED 6 2024-12-31 00:00 (2024)
//	E8 APPROVED 6.6 2025-04-10; 6.7 2025-07-01; 6.7 2025-11-20
//
// Evaluations:
//
//	REACTION  E1@S1 80, E6@S1 60, E7@S1 55, E1@S5 90, E5@S4 95
//	LEARNING  E1@S1 50→70, E6@S1 60→65, E7@S1 40→52, E1@S5 70→75
//	BEHAVIOR  E1@S1 signed off, E6@S1 not signed off, E7@S1 signed off
//	RESULTS   S1 "Indeks Kepuasan Masyarakat" 76.5→81; S2 "Waktu layanan (hari)" 5→3
package reporttest

import (
	"context"
	"kembang/internal/access"
	"testing"
	"time"

	"kembang/ent"
	"kembang/ent/competency"
	"kembang/ent/employee"
	entenrollment "kembang/ent/enrollment"
	"kembang/ent/evaluation"
	"kembang/ent/learningclaim"
	"kembang/ent/partner"
	"kembang/ent/program"
	"kembang/internal/rules"
)

// Year is the year the fixture's reports are checked for.
const Year = 2025

// Fixture holds the IDs of the fixture's rows.
type Fixture struct {
	AgencyA, AgencyB               *ent.Agency
	Dinkes, Puskesmas, BKPSDM      *ent.Unit
	P1, P2                         *ent.Partner
	PR1, PR2, PR3                  *ent.Program
	S1, S2, S3, S4, S5, S6         *ent.Session
	E1, E2, E3, E4, E5, E6, E7, E8 *ent.Employee
	// Enrollments by "E<n>@S<m>".
	Enrollments map[string]*ent.Enrollment
	// Claims by "E<n>:<JP>" for approved claims, e.g. "E8:6.6".
	Claims map[string]*ent.LearningClaim
	// ResultsS1 and ResultsS2 are the RESULTS evaluations.
	ResultsS1, ResultsS2 *ent.Evaluation
}

// at returns a UTC instant.
func at(y int, m time.Month, d, h int) time.Time {
	return time.Date(y, m, d, h, 0, 0, 0, time.UTC)
}

// Build creates the fixture with client, failing t on any error.
func Build(t testing.TB, client *ent.Client) *Fixture {
	t.Helper()
	client = client.WithRules(rules.Importer(nil))
	ctx := access.System(context.Background())
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("reporttest: %v", err)
		}
	}
	var err error
	f := &Fixture{Enrollments: map[string]*ent.Enrollment{}, Claims: map[string]*ent.LearningClaim{}}

	f.AgencyA, err = client.Agency.Create().SetCode("KMN").SetName("Pemerintah Kabupaten Kemuning").SetRegion("Kemuning").Save(ctx)
	must(err)
	f.AgencyB, err = client.Agency.Create().SetCode("PLJ").SetName("Pemerintah Kota Plaju").SetRegion("Plaju").Save(ctx)
	must(err)
	f.Dinkes, err = client.Unit.Create().SetCode("DINKES").SetName("Dinas Kesehatan").SetAgency(f.AgencyA).Save(ctx)
	must(err)
	f.Puskesmas, err = client.Unit.Create().SetCode("PUSKESMAS").SetName("Puskesmas Kemuning").SetAgency(f.AgencyA).SetParent(f.Dinkes).Save(ctx)
	must(err)
	f.BKPSDM, err = client.Unit.Create().SetCode("BKPSDM").SetName("Badan Kepegawaian").SetAgency(f.AgencyA).Save(ctx)
	must(err)

	comp := func(code, name string, typ competency.Type) *ent.Competency {
		c, err := client.Competency.Create().SetCode(code).SetName(name).SetType(typ).Save(ctx)
		must(err)
		return c
	}
	m01 := comp("M.01", "Integritas", competency.TypeMANAGERIAL)
	m02 := comp("M.02", "Kerja Sama", competency.TypeMANAGERIAL)
	t01 := comp("T.01", "Analisis Kebijakan", competency.TypeTECHNICAL)
	s01 := comp("S.01", "Perekat Bangsa", competency.TypeSOCIOCULTURAL)

	f.P1, err = client.Partner.Create().SetName("Universitas Kemuning Raya").SetKind(partner.KindUNIVERSITY).
		SetAgreementNumber("PKS/012/UKR-BKPSDM/2024").SetAgreementValidFrom(at(2024, 1, 1, 0)).SetAgreementValidUntil(at(2027, 12, 31, 0)).Save(ctx)
	must(err)
	f.P2, err = client.Partner.Create().SetName("Lembaga Pelatihan Nusantara").SetKind(partner.KindTRAINING_INSTITUTE).
		SetAgreementNumber("PKS/045/LPN/2024").SetAgreementValidFrom(at(2024, 6, 1, 0)).Save(ctx)
	must(err)

	prog := func(code, title string, form program.Form, mode program.DeliveryMode, jp float64, partners []*ent.Partner, targets ...*ent.Competency) *ent.Program {
		p, err := client.Program.Create().SetCode(code).SetTitle(title).SetRoute(program.RouteCLASSICAL).
			SetForm(form).SetDeliveryMode(mode).SetJp(jp).SetStatus(program.StatusACTIVE).AddPartners(partners...).Save(ctx)
		must(err)
		for _, c := range targets {
			must(client.ProgramCompetency.Create().SetProgram(p).SetCompetency(c).SetTargetLevel(3).Exec(ctx))
		}
		return p
	}
	f.PR1 = prog("PR1", "Pelatihan Kepemimpinan Pengawas", program.FormLEADERSHIP_TRAINING, program.DeliveryModeBLENDED, 40, []*ent.Partner{f.P1, f.P2}, m01, m02, t01)
	f.PR2 = prog("PR2", "Seminar Pelayanan Publik", program.FormSEMINAR, program.DeliveryModeONLINE, 8, nil, s01)
	f.PR3 = prog("PR3", "Kursus Analisis Data", program.FormCOURSE, program.DeliveryModeIN_PERSON, 12, []*ent.Partner{f.P2})

	sess := func(name string, p *ent.Program, pa *ent.Partner, start, end time.Time, location string) *ent.Session {
		c := client.Session.Create().SetName(name).SetProgram(p).SetStartsAt(start).SetEndsAt(end).SetCapacity(30)
		if pa != nil {
			c.SetPartner(pa)
		}
		if location != "" {
			c.SetLocation(location)
		} else {
			c.SetOnlineURL("https://meet.example.go.id/seminar")
		}
		s, err := c.Save(ctx)
		must(err)
		return s
	}
	f.S1 = sess("S1", f.PR1, f.P1, at(2025, 3, 3, 1), at(2025, 3, 7, 9), "Kemuning")
	f.S2 = sess("S2", f.PR1, f.P1, at(2025, 9, 1, 1), at(2025, 9, 5, 9), "Hotel Melati, Kemuning")
	f.S3 = sess("S3", f.PR2, nil, at(2025, 5, 20, 1), at(2025, 5, 20, 9), "")
	f.S4 = sess("S4", f.PR1, f.P2, at(2024, 11, 4, 1), at(2024, 11, 8, 9), "Kemuning")
	f.S5 = sess("S5", f.PR3, f.P2, at(2025, 12, 29, 1), at(2026, 1, 2, 9), "Plaju")
	f.S6 = sess("S6", f.PR3, f.P2, at(2025, 12, 31, 18), at(2026, 1, 2, 9), "Plaju")

	emp := func(nip, name string, typ employee.EmploymentType, a *ent.Agency, u *ent.Unit, active bool) *ent.Employee {
		c := client.Employee.Create().SetNip(nip).SetFullName(name).SetEmploymentType(typ).SetAgency(a).SetActive(active)
		if u != nil {
			c.SetUnit(u)
		}
		e, err := c.Save(ctx)
		must(err)
		return e
	}
	pns, pppk := employee.EmploymentTypePNS, employee.EmploymentTypePPPK
	f.E1 = emp("198501152010011001", "Ahmad Fauzi", pns, f.AgencyA, f.Dinkes, true)
	f.E2 = emp("198703222012031002", "Budi Santoso", pns, f.AgencyA, f.Puskesmas, true)
	f.E3 = emp("199104102022212003", "Citra Ayu", pppk, f.AgencyA, f.Dinkes, true)
	f.E4 = emp("199006302015042004", "Dewi Lestari", pns, f.AgencyA, f.BKPSDM, true)
	f.E5 = emp("198811112014021005", "Eko Prasetyo", pns, f.AgencyA, f.BKPSDM, true)
	f.E6 = emp("197909092005011006", "Fajar Nugroho", pns, f.AgencyA, f.Dinkes, false)
	f.E7 = emp("199212122019032007", "Gita Permata", pns, f.AgencyB, nil, true)
	f.E8 = emp("198402282009011008", "Hadi Wijaya", pns, f.AgencyA, f.BKPSDM, true)

	names := map[*ent.Employee]string{f.E1: "E1", f.E2: "E2", f.E3: "E3", f.E4: "E4", f.E5: "E5", f.E6: "E6", f.E7: "E7", f.E8: "E8"}
	sessions := map[*ent.Session]string{f.S1: "S1", f.S2: "S2", f.S3: "S3", f.S4: "S4", f.S5: "S5", f.S6: "S6"}
	enrol := func(e *ent.Employee, s *ent.Session, st entenrollment.Status, jp float64, done time.Time) {
		key := names[e] + "@" + sessions[s]
		c := client.Enrollment.Create().SetEmployee(e).SetSession(s).SetStatus(st)
		if st == entenrollment.StatusCOMPLETED {
			c.SetJpCredited(jp).SetCompletedAt(done).SetCertificateNumber("KMB/" + key)
		}
		en, err := c.Save(ctx)
		must(err)
		f.Enrollments[key] = en
	}
	var none time.Time
	done, failed, out := entenrollment.StatusCOMPLETED, entenrollment.StatusFAILED, entenrollment.StatusWITHDRAWN
	enrol(f.E1, f.S1, done, 40, at(2025, 3, 7, 9))
	enrol(f.E6, f.S1, done, 40, at(2025, 3, 7, 9))
	enrol(f.E4, f.S1, out, 0, none)
	enrol(f.E7, f.S1, done, 40, at(2025, 3, 7, 9))
	enrol(f.E4, f.S2, failed, 0, none)
	enrol(f.E3, f.S2, entenrollment.StatusWAITLISTED, 0, none)
	enrol(f.E8, f.S2, failed, 0, none)
	enrol(f.E2, f.S3, done, 8, at(2025, 5, 20, 9))
	enrol(f.E3, f.S3, done, 8, at(2025, 5, 20, 9))
	enrol(f.E5, f.S3, out, 0, none)
	enrol(f.E5, f.S4, done, 40, at(2024, 11, 8, 9))
	enrol(f.E1, f.S4, failed, 0, none)
	enrol(f.E1, f.S5, done, 12, at(2026, 1, 2, 9))
	enrol(f.E2, f.S6, entenrollment.StatusREGISTERED, 0, none)

	claim := func(e *ent.Employee, st learningclaim.Status, jp float64, end time.Time, key string) {
		c, err := client.LearningClaim.Create().SetEmployee(e).
			SetTitle("Klaim " + names[e] + " " + key).SetOrganizer("Penyelenggara Luar").
			SetForm(learningclaim.FormWORKSHOP).SetLocation("Jakarta").
			SetStartsOn(end.AddDate(0, 0, -1)).SetEndsOn(end).SetJp(jp).
			SetCertificateNumber("EXT/" + names[e] + "/" + key).SetStatus(st).Save(ctx)
		must(err)
		f.Claims[names[e]+":"+key] = c
	}
	approved := learningclaim.StatusAPPROVED
	claim(f.E1, approved, 4, at(2025, 6, 10, 0), "4")
	claim(f.E2, approved, 6, at(2025, 8, 15, 0), "6")
	claim(f.E3, approved, 14, at(2025, 10, 1, 0), "14")
	claim(f.E4, learningclaim.StatusPENDING, 10, at(2025, 5, 1, 0), "pending")
	claim(f.E4, learningclaim.StatusREJECTED, 5, at(2025, 6, 1, 0), "rejected")
	claim(f.E4, approved, 3, at(2025, 12, 31, 18), "3")
	claim(f.E5, approved, 6, at(2025, 3, 7, 9), "6")
	claim(f.E5, approved, 6, at(2024, 12, 31, 0), "2024")
	claim(f.E8, approved, 6.6, at(2025, 4, 10, 0), "6.6")
	claim(f.E8, approved, 6.7, at(2025, 7, 1, 0), "6.7a")
	claim(f.E8, approved, 6.7, at(2025, 11, 20, 0), "6.7b")

	eval := func(key string, level evaluation.Level, set func(*ent.EvaluationCreate)) {
		c := client.Evaluation.Create().SetLevel(level).SetEnrollment(f.Enrollments[key])
		set(c)
		must(c.Exec(ctx))
	}
	score := func(v float64) func(*ent.EvaluationCreate) {
		return func(c *ent.EvaluationCreate) { c.SetScore(v) }
	}
	tests := func(pre, post float64) func(*ent.EvaluationCreate) {
		return func(c *ent.EvaluationCreate) { c.SetPreScore(pre).SetPostScore(post) }
	}
	behavior := func(signed bool) func(*ent.EvaluationCreate) {
		return func(c *ent.EvaluationCreate) {
			c.SetDueOn(at(2025, 6, 1, 0))
			if signed {
				c.SetSignedOffOn(at(2025, 5, 28, 0))
			}
		}
	}
	reaction, learning := evaluation.LevelREACTION, evaluation.LevelLEARNING
	eval("E1@S1", reaction, score(80))
	eval("E6@S1", reaction, score(60))
	eval("E7@S1", reaction, score(55))
	eval("E1@S5", reaction, score(90))
	eval("E5@S4", reaction, score(95))
	eval("E1@S1", learning, tests(50, 70))
	eval("E6@S1", learning, tests(60, 65))
	eval("E7@S1", learning, tests(40, 52))
	eval("E1@S5", learning, tests(70, 75))
	eval("E1@S1", evaluation.LevelBEHAVIOR, behavior(true))
	eval("E6@S1", evaluation.LevelBEHAVIOR, behavior(false))
	eval("E7@S1", evaluation.LevelBEHAVIOR, behavior(true))

	results := func(s *ent.Session, indicator string, baseline, result float64) *ent.Evaluation {
		e, err := client.Evaluation.Create().SetLevel(evaluation.LevelRESULTS).SetSession(s).
			SetIndicator(indicator).SetBaseline(baseline).SetResult(result).Save(ctx)
		must(err)
		return e
	}
	// Created S2 first, so that ordering by session start is checked.
	f.ResultsS2 = results(f.S2, "Waktu layanan (hari)", 5, 3)
	f.ResultsS1 = results(f.S1, "Indeks Kepuasan Masyarakat", 76.5, 81)
	return f
}
