package seed_test

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"fmt"
	"kembang/internal/access"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	"modernc.org/sqlite"

	"kembang/ent"
	"kembang/ent/assessment"
	"kembang/ent/changeproject"
	"kembang/ent/employee"
	"kembang/ent/enrollment"
	"kembang/ent/evaluation"
	"kembang/ent/session"
	"kembang/internal/domain/nip"
	"kembang/internal/store/seed"
)

// openClient opens an ent client on a fresh SQLite file with the schema
// created.
func openClient(t *testing.T) *ent.Client {
	t.Helper()
	if !slices.Contains(sql.Drivers(), "sqlite3") {
		sql.Register("sqlite3", &sqlite.Driver{})
	}
	dsn := "file:" + filepath.Join(t.TempDir(), "t.db") + "?_pragma=foreign_keys(1)&_pragma=busy_timeout(5000)"
	db, err := sql.Open("sqlite3", dsn)
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	client := ent.NewClient(ent.Driver(entsql.OpenDB(dialect.SQLite, db)))
	t.Cleanup(func() { client.Close() })
	if err := client.Schema.Create(access.System(context.Background())); err != nil {
		t.Fatalf("creating schema: %v", err)
	}
	return client
}

// seeded runs the seed with default options on a fresh database.
func seeded(t *testing.T) (*ent.Client, seed.Stats) {
	t.Helper()
	client := openClient(t)
	start := time.Now()
	stats, err := seed.Run(access.System(context.Background()), client, seed.Options{})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	t.Logf("seeded in %v: %v", time.Since(start).Round(time.Millisecond), stats)
	return client, stats
}

// fingerprint hashes every employee's NIP and name in ID order, with
// the row counts of the busiest tables.
func fingerprint(t *testing.T, client *ent.Client) string {
	t.Helper()
	ctx := access.System(context.Background())
	emps, err := client.Employee.Query().Order(ent.Asc(employee.FieldID)).All(ctx)
	if err != nil {
		t.Fatal(err)
	}
	h := sha256.New()
	for _, e := range emps {
		fmt.Fprintf(h, "%d|%s|%s|%d\n", e.ID, e.Nip, e.FullName, deref(e.SupervisorID))
	}
	ens, err := client.Enrollment.Query().Order(ent.Asc(enrollment.FieldID)).All(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ens {
		fmt.Fprintf(h, "%d|%d|%d|%s|%s\n", e.ID, e.EmployeeID, e.SessionID, e.Status, deref(e.CertificateNumber))
	}
	return fmt.Sprintf("%x employees=%d enrollments=%d", h.Sum(nil), len(emps), len(ens))
}

func TestRun(t *testing.T) {
	ctx := access.System(context.Background())
	client, stats := seeded(t)

	if stats.Employees < seed.DefaultEmployees {
		t.Errorf("Employees = %d, want at least %d", stats.Employees, seed.DefaultEmployees)
	}
	if n := client.Employee.Query().CountX(ctx); n != stats.Employees {
		t.Errorf("employee rows = %d, Stats says %d", n, stats.Employees)
	}
	if stats.Agencies != 5 || stats.Competencies != 21 || stats.CompetencyLevels != 105 {
		t.Errorf("reference data: %v", stats)
	}
	if stats.Enrollments < 2000 {
		t.Errorf("Enrollments = %d, want several thousand", stats.Enrollments)
	}

	t.Run("career", func(t *testing.T) {
		if stats.ChangeProjects == 0 || stats.EducationRecords == 0 || stats.Certifications == 0 {
			t.Fatalf("career records: %v", stats)
		}
		accepted := client.ChangeProject.Query().Where(changeproject.StatusEQ(changeproject.StatusACCEPTED)).AllX(ctx)
		if len(accepted) == 0 {
			t.Fatal("no accepted change project")
		}
		for _, p := range accepted {
			if p.EvaluationID == nil {
				t.Fatalf("accepted project %d has no evaluation", p.ID)
			}
			ev := client.Evaluation.GetX(ctx, *p.EvaluationID)
			if ev.SignedOffOn == nil || ev.SignedOffByID == nil || p.MentorID == nil || *ev.SignedOffByID != *p.MentorID || *ev.EnrollmentID != p.EnrollmentID {
				t.Fatalf("accepted project %+v: evaluation %+v not signed off by the mentor", p, ev)
			}
		}
	})

	t.Run("NIPs", func(t *testing.T) {
		emps := client.Employee.Query().AllX(ctx)
		pppk := 0
		for _, e := range emps {
			if err := nip.CheckDigits(e.Nip); err != nil {
				t.Errorf("%s: %v", e.Nip, err)
			}
			if e.EmploymentType == employee.EmploymentTypePPPK {
				pppk++
				continue
			}
			p, err := nip.Parse(e.Nip)
			if err != nil {
				t.Errorf("PNS %s: %v", e.Nip, err)
				continue
			}
			if e.BirthDate == nil || !e.BirthDate.Equal(p.BirthDate) || e.AppointedOn == nil || !e.AppointedOn.Equal(p.Appointed) ||
				e.Sex == nil || string(*e.Sex) != p.Sex.String() {
				t.Errorf("PNS %s: stored birth %v, appointed %v, sex %v disagree with %+v", e.Nip, e.BirthDate, e.AppointedOn, e.Sex, p)
			}
			age := seed.DefaultNow().Year() - p.BirthDate.Year()
			if age < 21 || age > 59 {
				t.Errorf("PNS %s: age about %d", e.Nip, age)
			}
			if p.Appointed.After(seed.DefaultNow()) || p.Appointed.Before(p.BirthDate.AddDate(17, 0, 0)) {
				t.Errorf("PNS %s: TMT %v out of range", e.Nip, p.Appointed)
			}
			if e.Golongan == nil || len(*e.Golongan) > 5 {
				t.Errorf("PNS %s: golongan %v", e.Nip, e.Golongan)
			}
		}
		if share := float64(pppk) / float64(len(emps)); share < 0.08 || share > 0.22 {
			t.Errorf("PPPK share = %.2f, want about 0.15", share)
		}
	})

	t.Run("capacity", func(t *testing.T) {
		seated := []enrollment.Status{enrollment.StatusREGISTERED, enrollment.StatusATTENDED, enrollment.StatusCOMPLETED, enrollment.StatusFAILED}
		for _, s := range client.Session.Query().WithEnrollments().AllX(ctx) {
			n := 0
			for _, e := range s.Edges.Enrollments {
				if slices.Contains(seated, e.Status) {
					n++
				}
				if s.Status == session.StatusCOMPLETED && !slices.Contains([]enrollment.Status{enrollment.StatusCOMPLETED, enrollment.StatusFAILED, enrollment.StatusWITHDRAWN}, e.Status) {
					t.Errorf("session %d COMPLETED has enrollment %s", s.ID, e.Status)
				}
			}
			if n > s.Capacity {
				t.Errorf("session %d: %d seats taken, capacity %d", s.ID, n, s.Capacity)
			}
		}
	})

	t.Run("certificates", func(t *testing.T) {
		ens := client.Enrollment.Query().Where(enrollment.StatusEQ(enrollment.StatusCOMPLETED)).AllX(ctx)
		seen := map[string]bool{}
		for _, e := range ens {
			if e.CertificateNumber == nil || e.CompletedAt == nil || e.JpCredited <= 0 {
				t.Errorf("completed enrollment %d lacks certificate, date or JP", e.ID)
				continue
			}
			if seen[*e.CertificateNumber] {
				t.Errorf("certificate %s issued twice", *e.CertificateNumber)
			}
			seen[*e.CertificateNumber] = true
		}
		if len(seen) == 0 {
			t.Error("no certificates")
		}
	})

	t.Run("evaluations", func(t *testing.T) {
		for _, lvl := range []evaluation.Level{evaluation.LevelREACTION, evaluation.LevelLEARNING, evaluation.LevelBEHAVIOR, evaluation.LevelRESULTS} {
			if n := client.Evaluation.Query().Where(evaluation.LevelEQ(lvl)).CountX(ctx); n == 0 {
				t.Errorf("no %s evaluations", lvl)
			}
		}
	})

	t.Run("not empty", func(t *testing.T) {
		if _, err := seed.Run(ctx, client, seed.Options{}); !errors.Is(err, seed.ErrNotEmpty) {
			t.Errorf("second Run error = %v, want ErrNotEmpty", err)
		}
	})
}

func TestRunOptions(t *testing.T) {
	ctx := access.System(context.Background())
	client := openClient(t)
	now := time.Date(2025, time.February, 10, 0, 0, 0, 0, time.UTC)
	var steps []string
	progress := func(step string, n, total int) {
		if n != len(steps)+1 {
			t.Errorf("progress %q numbered %d after %d steps", step, n, len(steps))
		}
		steps = append(steps, fmt.Sprintf("%s %d/%d", step, n, total))
	}
	stats, err := seed.Run(ctx, client, seed.Options{Employees: 150, Seed: 7, Now: now, Progress: progress})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	last := "change projects, education, certifications"
	if len(steps) == 0 || steps[len(steps)-1] != fmt.Sprintf("%s %d/%d", last, len(steps), len(steps)) {
		t.Errorf("progress = %q, want every step numbered up to the last (%s)", steps, last)
	}
	if stats.Employees < 150 {
		t.Errorf("Employees = %d, want at least 150", stats.Employees)
	}
	for _, s := range client.Session.Query().AllX(ctx) {
		var ok bool
		switch s.Status {
		case session.StatusCOMPLETED:
			ok = s.EndsAt.Before(now)
		case session.StatusONGOING:
			ok = !s.StartsAt.After(now) && !s.EndsAt.Before(now)
		case session.StatusOPEN, session.StatusPLANNED:
			ok = s.StartsAt.After(now)
		default:
			ok = true
		}
		if !ok {
			t.Errorf("session %d %s runs %v to %v, Now %v", s.ID, s.Status, s.StartsAt, s.EndsAt, now)
		}
	}
	if n := client.Enrollment.Query().Where(enrollment.CompletedAtGT(now)).CountX(ctx); n > 0 {
		t.Errorf("%d enrollments completed after Now", n)
	}
	if n := client.Assessment.Query().Where(assessment.AssessedOnGT(now)).CountX(ctx); n > 0 {
		t.Errorf("%d assessments after Now", n)
	}
}

func TestRunDeterministic(t *testing.T) {
	a, statsA := seeded(t)
	b, statsB := seeded(t)
	if statsA != statsB {
		t.Errorf("stats differ:\n%v\n%v", statsA, statsB)
	}
	if fa, fb := fingerprint(t, a), fingerprint(t, b); fa != fb {
		t.Errorf("data differ:\n%s\n%s", fa, fb)
	}
}

// deref returns *p, or the zero value for nil.
func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
