package importer_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"kembang/ent"
	"kembang/ent/auditrecord"
	"kembang/ent/competency"
	"kembang/ent/employee"
	"kembang/ent/enrollment"
	"kembang/ent/position"
	"kembang/ent/program"
	"kembang/internal/access"
	"kembang/internal/importer"
	"kembang/internal/rules"
	"kembang/internal/store/storetest"
	"kembang/internal/viewer"
)

// world is a store with two agencies (Kemuning, KMN, with a unit, a
// position, and Plaju, PLJ, with one employee), a competency and a
// program with a session.
type world struct {
	c        *ent.Client
	kmn, plj *ent.Agency
}

// each runs f on a new world of every test dialect.
func each(t *testing.T, f func(t *testing.T, w *world)) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d, func(t *testing.T) {
			t.Parallel()
			db := storetest.Open(t, d)
			f(t, newWorld(t, db.Client))
		})
	}
}

func newWorld(t *testing.T, c *ent.Client) *world {
	t.Helper()
	w := &world{c: c}
	newWorldB(t, w)
	return w
}

// newWorldB creates the world's rows with w.c.
func newWorldB(t testing.TB, w *world) {
	t.Helper()
	c := w.c
	ctx := access.System(context.Background())
	w.kmn = c.Agency.Create().SetCode("KMN").SetName("Pemerintah Kabupaten Kemuning").SetRegion("Kemuning").SaveX(ctx)
	w.plj = c.Agency.Create().SetCode("PLJ").SetName("Pemerintah Kota Plaju").SetRegion("Plaju").SaveX(ctx)
	c.Unit.Create().SetCode("DINKES").SetName("Dinas Kesehatan").SetAgency(w.kmn).SaveX(ctx)
	c.Position.Create().SetTitle("Kepala Seksi Pelayanan").SetJobType(position.JobTypePENGAWAS).SetAgency(w.kmn).SaveX(ctx)
	c.Employee.Create().SetNip("198203142006041001").SetFullName("Rudi Hartono").
		SetEmploymentType(employee.EmploymentTypePNS).SetAgency(w.plj).SaveX(ctx)
	c.Competency.Create().SetCode("M.01").SetName("Integritas").SetType(competency.TypeMANAGERIAL).SaveX(ctx)
	p := c.Program.Create().SetCode("PKP-01").SetTitle("Pelatihan Kepemimpinan Pengawas").SetRoute(program.RouteCLASSICAL).
		SetForm(program.FormLEADERSHIP_TRAINING).SetDeliveryMode(program.DeliveryModeIN_PERSON).SetJp(40).SaveX(ctx)
	c.Session.Create().SetProgram(p).SetName("Angkatan I").SetCapacity(30).
		SetStartsAt(time.Date(2025, 3, 2, 1, 0, 0, 0, time.UTC)).SetEndsAt(time.Date(2025, 3, 6, 9, 0, 0, 0, time.UTC)).SaveX(ctx)
}

// Viewers of the tests.
func admin() context.Context {
	return viewer.NewContext(context.Background(), viewer.Viewer{Subject: "test:admin", Role: viewer.Admin})
}

func (w *world) hr() context.Context {
	return viewer.NewContext(context.Background(), viewer.Viewer{Subject: "test:hr", Role: viewer.HROfficer, AgencyID: w.kmn.ID})
}

// run imports file in a transaction of its own and commits it.
func (w *world) run(t *testing.T, ctx context.Context, c *ent.Client, kind importer.Kind, file string, opts importer.Options) *importer.Report {
	t.Helper()
	tx, err := c.Tx(ctx)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := importer.Import(ctx, tx.Client(), kind, strings.NewReader(file), opts)
	if err != nil {
		tx.Rollback()
		t.Fatalf("import: %v", err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	return rep
}

// counts returns the numbers of employees and audit records.
func (w *world) counts(t *testing.T) (employees, audits int) {
	t.Helper()
	ctx := access.System(context.Background())
	return w.c.Employee.Query().CountX(ctx), w.c.AuditRecord.Query().CountX(ctx)
}

// errs formats a report's errors, one per element.
func errs(r *importer.Report) []string {
	var out []string
	for _, e := range r.Errors {
		out = append(out, e.String())
	}
	return out
}

const validEmployees = `nip,full_name,employment_type,agency_code,golongan,unit_code,position_title,email,phone,supervisor_nip
198609262015051001,Dewi Lestari,PNS,KMN,III/a,DINKES,Kepala Seksi Pelayanan,dewi@kemuningkab.go.id,081234567890,197512172000121003
199202292019032002,Ahmad Fauzi,PNS,KMN,III_B,DINKES,,,,198609262015051001
197512172000121003,"Rina Marpaung, S.Kep.",PNS,KMN,IV/a,DINKES,,,,
199005052014022005,Citra Ayu,PPPK,KMN,IX,,,,,
`

func TestEmployeesValid(t *testing.T) {
	each(t, func(t *testing.T, w *world) {
		emps0, audits0 := w.counts(t)
		rep := w.run(t, admin(), w.c, importer.Employees, validEmployees, importer.Options{BatchSize: 2})
		if rep.Rows != 4 || rep.Created != 4 || rep.Failed != 0 || !rep.Committed {
			t.Fatalf("report = %+v, errors %v", rep, errs(rep))
		}
		ctx := access.System(context.Background())
		// Four creates (their records written in one statement per batch)
		// and two supervisors set after their rows were created.
		if n, a := w.counts(t); n != emps0+4 || a != audits0+6 {
			t.Errorf("employees = %d, audit records = %d; want %d, %d", n, a, emps0+4, audits0+6)
		}
		created := w.c.AuditRecord.Query().Where(auditrecord.EntityType("Employee"), auditrecord.ActionEQ(auditrecord.ActionCREATE),
			auditrecord.Subject("test:admin")).CountX(ctx)
		if created != 4 {
			t.Errorf("%d CREATE audit records of the import, want 4", created)
		}
		dewi := w.c.Employee.Query().Where(employee.Nip("198609262015051001")).WithSupervisor().OnlyX(ctx)
		if dewi.Golongan == nil || *dewi.Golongan != employee.GolonganIII_A || dewi.UnitID == nil || dewi.PositionID == nil ||
			dewi.Email == nil || dewi.BirthDate == nil || dewi.Edges.Supervisor == nil || dewi.Edges.Supervisor.Nip != "197512172000121003" {
			t.Errorf("Dewi = %+v (supervisor %+v)", dewi, dewi.Edges.Supervisor)
		}
		citra := w.c.Employee.Query().Where(employee.Nip("199005052014022005")).OnlyX(ctx)
		if citra.Golongan == nil || *citra.Golongan != employee.GolonganPPPK_IX || citra.BirthDate != nil {
			t.Errorf("Citra = %+v, want PPPK_IX and no NIP decoding", citra)
		}
	})
}

// badEmployees has one valid row (line 2) and one fault per other line.
const badEmployees = `nip,full_name,employment_type,agency_code,golongan,unit_code,supervisor_nip
198609262015051001,Dewi Lestari,PNS,KMN,III/a,DINKES,
198613262015051001,Bad Date,PNS,KMN,,,
199202292019032002,,PNS,KMN,,,
199202292019032003,Ahmad Fauzi,HONORER,KMN,,,
199202292019032004,Budi,PNS,XYZ,,,
199202292019032005,Budi,PNS,KMN,IX,,
199202292019032006,Budi,PNS,KMN,,NOPE,
199202292019032007,Budi,PNS,KMN,,,198001012000011001
198609262015051001,Dewi Lagi,PNS,KMN,,,
199202292019032008,Budi,PNS,KMN,,,198203142006041001
`

var badEmployeeErrors = []string{
	"line 3, column nip: ",
	"line 4, column full_name: is required",
	"line 5, column employment_type: \"HONORER\" is not PNS or PPPK",
	"line 6, column agency_code: no agency with code XYZ",
	"line 7, column golongan: ",
	"line 8, column unit_code: no unit with code NOPE in agency KMN",
	"line 9, column supervisor_nip: no employee with NIP 198001012000011001",
	"line 10, column nip: NIP 198609262015051001 is also on line 2",
	"line 11, column supervisor_nip: ",
}

func checkErrors(t *testing.T, rep *importer.Report, want []string) {
	t.Helper()
	got := errs(rep)
	if len(got) != len(want) {
		t.Fatalf("errors:\n%s\nwant %d", strings.Join(got, "\n"), len(want))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("error %d = %q, want it to start with %q", i, got[i], want[i])
		}
	}
}

func TestEmployeesBadRowsRollBack(t *testing.T) {
	each(t, func(t *testing.T, w *world) {
		emps0, audits0 := w.counts(t)
		rep := w.run(t, admin(), w.c, importer.Employees, badEmployees, importer.Options{BatchSize: 3})
		checkErrors(t, rep, badEmployeeErrors)
		if rep.Committed || rep.Created != 0 || rep.Failed != len(badEmployeeErrors) {
			t.Errorf("report = %+v, want nothing committed", rep)
		}
		if emps, audits := w.counts(t); emps != emps0 || audits != audits0 {
			t.Errorf("after a refused import: %d employees, %d audit records; want %d, %d", emps, audits, emps0, audits0)
		}
	})
}

func TestEmployeesPartial(t *testing.T) {
	each(t, func(t *testing.T, w *world) {
		emps0, _ := w.counts(t)
		rep := w.run(t, admin(), w.c, importer.Employees, badEmployees, importer.Options{Partial: true, BatchSize: 3})
		checkErrors(t, rep, badEmployeeErrors)
		if !rep.Committed || rep.Created != 1 {
			t.Errorf("report = %+v, want the valid row committed", rep)
		}
		if emps, _ := w.counts(t); emps != emps0+1 {
			t.Errorf("employees = %d, want %d", emps, emps0+1)
		}
	})
}

func TestEmployeesRerunAndChange(t *testing.T) {
	each(t, func(t *testing.T, w *world) {
		w.run(t, admin(), w.c, importer.Employees, validEmployees, importer.Options{})
		emps, audits := w.counts(t)
		rep := w.run(t, admin(), w.c, importer.Employees, validEmployees, importer.Options{})
		if rep.Unchanged != 4 || rep.Created != 0 || rep.Updated != 0 || rep.Failed != 0 {
			t.Errorf("rerun report = %+v, errors %v; want 4 unchanged", rep, errs(rep))
		}
		if e, a := w.counts(t); e != emps || a != audits {
			t.Errorf("rerun wrote: %d employees, %d audit records; want %d, %d", e, a, emps, audits)
		}
		changed := strings.Replace(validEmployees, "Ahmad Fauzi,PNS,KMN,III_B", "Ahmad Fauzi S.E.,PNS,KMN,III_C", 1)
		rep = w.run(t, admin(), w.c, importer.Employees, changed, importer.Options{})
		if rep.Unchanged != 3 || rep.Updated != 1 {
			t.Errorf("change report = %+v, errors %v; want 1 updated", rep, errs(rep))
		}
		if _, a := w.counts(t); a != audits+1 {
			t.Errorf("audit records = %d, want %d (one update)", a, audits+1)
		}
		ahmad := w.c.Employee.Query().Where(employee.Nip("199202292019032002")).OnlyX(access.System(context.Background()))
		if ahmad.FullName != "Ahmad Fauzi S.E." || *ahmad.Golongan != employee.GolonganIII_C {
			t.Errorf("Ahmad = %+v", ahmad)
		}
	})
}

func TestEmployeesHROwnAgency(t *testing.T) {
	each(t, func(t *testing.T, w *world) {
		file := `nip,full_name,employment_type,agency_code
198609262015051001,Dewi Lestari,PNS,KMN
199202292019032002,Ahmad Fauzi,PNS,PLJ
198203142006041001,Rudi Hartono,PNS,
`
		// Line 4 leaves the agency to the default (the HR's, KMN), but
		// the NIP is Plaju's employee, whom Kemuning's HR cannot see:
		// the unique NIP refuses it, and the savepoint keeps the rest.
		rep := w.run(t, w.hr(), w.c, importer.Employees, file, importer.Options{Partial: true, Agency: "KMN", BatchSize: 10})
		checkErrors(t, rep, []string{
			"line 3, column agency_code: agency PLJ is not yours",
			"line 4, column nip: ",
		})
		if rep.Created != 1 || !rep.Committed {
			t.Errorf("report = %+v", rep)
		}
		ctx := access.System(context.Background())
		if n := w.c.Employee.Query().Where(employee.AgencyID(w.plj.ID)).CountX(ctx); n != 1 {
			t.Errorf("Plaju has %d employees, want 1", n)
		}
	})
}

func TestEmployeesSIASNHeader(t *testing.T) {
	each(t, func(t *testing.T, w *world) {
		file := "\ufeffNIP_BARU;NAMA;GELAR_DEPAN;GELAR_BELAKANG;JENIS_PEGAWAI_NAMA;GOL_AKHIR_NAMA;NOMOR_HP\n"
		file = strings.ReplaceAll(file, ";", ",") +
			"198609262015051001,Dewi Lestari,dr.,M.Kes.,PNS Daerah,III/d,+6281234567890\n"
		rep := w.run(t, admin(), w.c, importer.Employees, file, importer.Options{Agency: "KMN"})
		if rep.Created != 1 {
			t.Fatalf("report = %+v, errors %v", rep, errs(rep))
		}
		d := w.c.Employee.Query().Where(employee.Nip("198609262015051001")).OnlyX(access.System(context.Background()))
		if d.FullName != "dr. Dewi Lestari, M.Kes." || *d.Golongan != employee.GolonganIII_D || *d.Phone != "+6281234567890" || d.AgencyID != w.kmn.ID {
			t.Errorf("employee = %+v", d)
		}
	})
}

func TestHeaderErrors(t *testing.T) {
	for _, tc := range []struct{ name, file, want string }{
		{"empty", "", "header: the file is empty"},
		{"missing", "nip,full_name\n", "header: missing column employment_type"},
		{"twice", "nip,nip_baru,full_name,employment_type,agency_code\n", "header: columns 1 and 2 are both nip"},
		{"broken", "nip,full_name,employment_type,agency_code\n1,\"a,PNS,KMN\n", "line 2: not valid CSV"},
		{"latin1", "nip,full_name,employment_type,agency_code\n198609262015051001,Sri Rah\xe2yu,PNS,KMN\n", "line 2: not UTF-8 text"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := storetest.Open(t, storetest.SQLite)
			tx, _ := db.Client.Tx(admin())
			defer tx.Rollback()
			_, err := importer.Import(admin(), tx.Client(), importer.Employees, strings.NewReader(tc.file), importer.Options{})
			var herr *importer.HeaderError
			if !errors.As(err, &herr) || !strings.HasPrefix(herr.Error(), tc.want) {
				t.Errorf("err = %v, want %q…", err, tc.want)
			}
		})
	}
}

func TestAssessments(t *testing.T) {
	each(t, func(t *testing.T, w *world) {
		w.run(t, admin(), w.c, importer.Employees, validEmployees, importer.Options{})
		future := time.Now().AddDate(0, 0, 3).Format(time.DateOnly)
		file := "nip,competency_code,level,assessed_on,source,assessor\n" +
			"198609262015051001,M.01,3,2025-01-15,ASSESSMENT_CENTER,UPT Penilaian Kompetensi\n" +
			"198609262015051001,M.01,4,15/06/2025,supervisor,\n" +
			"199202292019032002,M.01,7,2025-01-15,SELF,\n" +
			"199202292019032002,M.01,2," + future + ",SELF,\n" +
			"199202292019032002,M.99,2,2025-01-15,SELF,\n" +
			"198203142006041001,M.01,2,2025-01-15,SELF,\n"
		rep := w.run(t, w.hr(), w.c, importer.Assessments, file, importer.Options{Partial: true})
		checkErrors(t, rep, []string{
			"line 4, column level: ",
			"line 5, column assessed_on: ",
			"line 6, column competency_code: no competency with code M.99",
			"line 7, column nip: no employee with NIP 198203142006041001",
		})
		if rep.Created != 2 {
			t.Errorf("report = %+v", rep)
		}
		_, audits := w.counts(t)
		rep = w.run(t, w.hr(), w.c, importer.Assessments, file, importer.Options{Partial: true})
		if rep.Unchanged != 2 || rep.Created != 0 {
			t.Errorf("rerun report = %+v", rep)
		}
		if _, a := w.counts(t); a != audits {
			t.Errorf("rerun wrote %d audit records", a-audits)
		}
		rep = w.run(t, w.hr(), w.c, importer.Assessments, strings.Replace(file, ",3,2025-01-15", ",4,2025-01-15", 1), importer.Options{Partial: true})
		if rep.Updated != 1 || rep.Unchanged != 1 {
			t.Errorf("change report = %+v", rep)
		}
	})
}

func TestEnrollmentsImportMode(t *testing.T) {
	each(t, func(t *testing.T, w *world) {
		w.run(t, admin(), w.c, importer.Employees, validEmployees, importer.Options{})
		file := "nip,program_code,session_name,status,jp_credited,completed_at,certificate_number\n" +
			"198609262015051001,PKP-01,Angkatan I,COMPLETED,40,2025-03-07,SERT/2025/001\n" +
			"199202292019032002,PKP-01,Angkatan I,ATTENDED,,,\n" +
			"197512172000121003,PKP-01,Angkatan IX,COMPLETED,40,2025-03-06,\n" +
			"199005052014022005,PKP-01,Angkatan I,DONE,,,\n"
		imp := w.c.WithRules(rules.Importer(nil))
		rep := w.run(t, admin(), imp, importer.Enrollments, file, importer.Options{Partial: true})
		checkErrors(t, rep, []string{
			"line 4, column session_name: no session \"Angkatan IX\" of a program with code PKP-01",
			"line 5, column status: \"DONE\" is not an enrollment status",
		})
		if rep.Created != 2 {
			t.Fatalf("report = %+v", rep)
		}
		ctx := access.System(context.Background())
		st := w.c.Enrollment.Query().Select(enrollment.FieldStatus).StringsX(ctx)
		slices.Sort(st)
		if !slices.Equal(st, []string{"ATTENDED", "COMPLETED"}) {
			t.Errorf("statuses = %v", st)
		}
		rep = w.run(t, admin(), imp, importer.Enrollments, file, importer.Options{Partial: true})
		if rep.Unchanged != 2 || rep.Created != 0 || rep.Updated != 0 {
			t.Errorf("rerun report = %+v", rep)
		}
		// Without import mode the enrollment rules refuse a completed
		// enrollment at creation, as the API does.
		rep = w.run(t, admin(), w.c, importer.Enrollments,
			"nip,program_code,session_name,status,completed_at\n199005052014022005,PKP-01,Angkatan I,COMPLETED,2025-03-06\n", importer.Options{})
		if rep.Failed != 1 || rep.Committed {
			t.Errorf("workflow-mode report = %+v, want the row refused", rep)
		}
	})
}
