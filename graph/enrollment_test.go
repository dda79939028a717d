package graph_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"kembang/ent/gid"
	"kembang/internal/domain/jp"
)

// Workflow mutations, returning what the tests check.
const (
	enrollQ   = `mutation($s: ID!, $e: ID!) { enroll(sessionId: $s, employeeId: $e) { id status } }`
	createQ   = `mutation($s: ID!, $e: ID!) { createEnrollment(input: {sessionID: $s, employeeID: $e}) { id status } }`
	nominateQ = `mutation($s: ID!, $es: [ID!]!) { nominate(sessionId: $s, employeeIds: $es) { id status } }`
	registerQ = `mutation($id: ID!) { register(enrollmentId: $id) { id status } }`
	withdrawQ = `mutation($id: ID!) { withdraw(enrollmentId: $id) { id status } }`
	attendQ   = `mutation($id: ID!) { markAttendance(enrollmentId: $id) { id status } }`
	completeQ = `mutation($id: ID!, $passed: Boolean!, $assess: Boolean) {
		completeEnrollment(enrollmentId: $id, passed: $passed, recordAssessments: $assess) {
			id status jpCredited completedAt certificateNumber } }`
)

// enrollment is an enrollment as the workflow mutations return it.
type enrollmentResult struct {
	ID                string  `json:"id"`
	Status            string  `json:"status"`
	JPCredited        float64 `json:"jpCredited"`
	CompletedAt       *string `json:"completedAt"`
	CertificateNumber *string `json:"certificateNumber"`
}

// bench extends the fixture with what the workflow tests need: programs
// and sessions relative to the wall clock (the API refuses enrollments in
// started sessions), and more employees.
type bench struct {
	t *testing.T
	a *api
	f fixture
}

// newBench builds the fixture.
func newBench(t *testing.T, a *api) *bench {
	t.Helper()
	return &bench{t: t, a: a, f: build(t, a)}
}

// on returns a copy of b reporting to t, for use in a subtest.
func (b *bench) on(t *testing.T) *bench {
	c := *b
	c.t = t
	c.a = b.a.on(t)
	return &c
}

// on returns a copy of a reporting to t, for use in a subtest.
func (a *api) on(t testing.TB) *api {
	c := *a
	c.t = t
	return &c
}

// program creates a program of the CLASSICAL route.
func (b *bench) program(form string, jpHours float64, international bool) string {
	b.t.Helper()
	m := b.f.m.on(b.a)
	return m.mk(createProgramQ, with(m.programIn("", b.f.partner), map[string]any{ // the sessions' partner delivers the program
		"agencyID": nil, "form": form, "deliveryMode": "IN_PERSON", "jp": jpHours, "international": international,
	}))
}

// sessionAt creates an OPEN session of program, at 08:00 WIB from the day
// starting in `in` from now, over days calendar days (to 16:00 WIB).
func (b *bench) sessionAt(program string, in time.Duration, days, capacity int) string {
	b.t.Helper()
	return b.sessionIn(program, in, days, capacity, "OPEN")
}

// sessionIn is sessionAt for a session created with the given status.
func (b *bench) sessionIn(program string, in time.Duration, days, capacity int, status string) string {
	b.t.Helper()
	y, m, d := time.Now().Add(in).In(jp.WIB).Date()
	start := time.Date(y, m, d, 8, 0, 0, 0, jp.WIB)
	end := time.Date(y, m, d+days-1, 16, 0, 0, 0, jp.WIB)
	mk := b.f.m.on(b.a)
	return mk.mk(createSessionQ, with(mk.sessionIn(program, b.f.partner), map[string]any{
		// In UTC: SQLite cannot read back times stored with another offset.
		"startsAt": start.UTC().Format(time.RFC3339), "endsAt": end.UTC().Format(time.RFC3339), "capacity": capacity, "status": status,
	}))
}

// session creates an OPEN session of program a month from now.
func (b *bench) session(program string, days, capacity int) string {
	b.t.Helper()
	return b.sessionAt(program, 30*24*time.Hour, days, capacity)
}

// employees creates n PNS employees of the fixture's agency.
func (b *bench) employees(n int) []string {
	b.t.Helper()
	return b.employeesOf("PNS", n)
}

// employeesOf creates n employees of an employment type.
func (b *bench) employeesOf(kind string, n int) []string {
	b.t.Helper()
	m := b.f.m.on(b.a)
	fields := map[string]any{"employmentType": kind, "golongan": nil, "email": nil, "phone": nil}
	if kind == "PPPK" {
		fields["golongan"] = "PPPK_IX"
	}
	ids := make([]string, n)
	for i := range ids {
		ids[i] = m.mk(createEmpQ, with(m.employeeIn(b.f.agency, ""), fields))
	}
	return ids
}

// run runs a workflow mutation that must succeed and returns the
// enrollment (or the first of a list) it returns.
func (b *bench) run(query string, vars map[string]any) enrollmentResult {
	b.t.Helper()
	var out map[string]any
	b.a.ok(query, vars, &out)
	for _, v := range out {
		return decodeEnrollment(b.t, v)
	}
	b.t.Fatalf("no data for %s", query)
	return enrollmentResult{}
}

// enroll enrols an employee and returns the enrollment.
func (b *bench) enroll(session, employee string) enrollmentResult {
	b.t.Helper()
	return b.run(enrollQ, map[string]any{"s": session, "e": employee})
}

// step runs a workflow mutation on one enrollment.
func (b *bench) step(query, id string) enrollmentResult {
	b.t.Helper()
	return b.run(query, map[string]any{"id": id})
}

// attend holds the session of an enrollment (see held) and marks the
// attendance.
func (b *bench) attend(id string) enrollmentResult {
	b.t.Helper()
	b.a.heldFor(id)
	return b.step(attendQ, id)
}

// complete runs an enrollment through attendance to completion, once its
// session has run (see held).
func (b *bench) complete(id string, passed bool) enrollmentResult {
	b.t.Helper()
	b.attend(id)
	return b.run(completeQ, map[string]any{"id": id, "passed": passed})
}

// held moves a session into the past, as if it had run: it now ends
// before the present, shifted by whole days so that its calendar days, and
// the JP it credits, stay the same. The API takes enrollments only before
// a session starts, attendance once it has started and outcomes once it
// has ended: tests enrol first, then hold the session.
func (a *api) held(session string) {
	a.t.Helper()
	ctx := admin()
	c := a.db.Client
	s := c.Session.GetX(ctx, rawID(a.t, session))
	if d := time.Until(s.EndsAt); d >= 0 {
		days := int(d/(24*time.Hour)) + 1
		c.Session.UpdateOneID(s.ID).
			SetStartsAt(s.StartsAt.AddDate(0, 0, -days).UTC()).
			SetEndsAt(s.EndsAt.AddDate(0, 0, -days).UTC()).
			ExecX(ctx)
	}
}

// heldFor holds the session of an enrollment (see held).
func (a *api) heldFor(enrollment string) {
	a.t.Helper()
	e := a.db.Client.Enrollment.GetX(admin(), rawID(a.t, enrollment))
	a.held(gid.Encode(e.SessionID))
}

// statuses returns the status of each enrollment of a session, by ID.
func (b *bench) statuses(session string) map[string]string {
	b.t.Helper()
	var out struct {
		Node struct {
			Enrollments struct {
				Edges []struct{ Node enrollmentResult }
			}
		}
	}
	b.a.ok(`query($s: ID!) { node(id: $s) { ... on Session { enrollments(first: 100) { edges { node { id status } } } } } }`,
		map[string]any{"s": session}, &out)
	m := map[string]string{}
	for _, e := range out.Node.Enrollments.Edges {
		m[e.Node.ID] = e.Node.Status
	}
	return m
}

// decodeEnrollment converts a decoded JSON object (or list of them) to an
// enrollment.
func decodeEnrollment(t testing.TB, v any) enrollmentResult {
	t.Helper()
	if l, ok := v.([]any); ok {
		if len(l) == 0 {
			t.Fatal("empty list")
		}
		v = l[0]
	}
	m, ok := v.(map[string]any)
	if !ok {
		t.Fatalf("unexpected value %#v", v)
	}
	var e enrollmentResult
	e.ID, _ = m["id"].(string)
	e.Status, _ = m["status"].(string)
	e.JPCredited, _ = m["jpCredited"].(float64)
	if s, ok := m["completedAt"].(string); ok {
		e.CompletedAt = &s
	}
	if s, ok := m["certificateNumber"].(string); ok {
		e.CertificateNumber = &s
	}
	return e
}

// refused checks that r failed with code and a message containing each
// of parts.
func refused(t testing.TB, r response, code string, parts ...string) {
	t.Helper()
	if len(r.Errors) == 0 {
		t.Fatalf("succeeded (%s), want %s", r.Data, code)
	}
	if r.code() != code {
		t.Fatalf("code = %q, want %q; errors: %+v", r.code(), code, r.Errors)
	}
	for _, p := range parts {
		if !strings.Contains(r.Errors[0].Message, p) {
			t.Errorf("message %q does not contain %q", r.Errors[0].Message, p)
		}
	}
}

// count returns how many values of m equal v.
func count(m map[string]string, v string) int {
	n := 0
	for _, s := range m {
		if s == v {
			n++
		}
	}
	return n
}

func TestEnrollSeatsAndWaitlist(t *testing.T) {
	forEachStore(t, func(t *testing.T, a *api) {
		b := newBench(t, a)
		s := b.session(b.program("COURSE", 20, false), 3, 2)
		emps := b.employees(5)

		var ids []string
		for i, e := range emps[:4] {
			q := enrollQ
			if i == 3 {
				q = createQ // the generic mutation behaves like enroll
			}
			got := b.run(q, map[string]any{"s": s, "e": e})
			want := "REGISTERED"
			if i >= 2 {
				want = "WAITLISTED"
			}
			if got.Status != want {
				t.Fatalf("enrollment %d: status %s, want %s", i, got.Status, want)
			}
			ids = append(ids, got.ID)
		}

		// Withdrawing a waitlisted enrollment frees no seat.
		if got := b.step(withdrawQ, ids[3]); got.Status != "WITHDRAWN" {
			t.Fatalf("withdraw waitlisted: %s", got.Status)
		}
		if st := b.statuses(s); st[ids[2]] != "WAITLISTED" {
			t.Fatalf("after a waitlisted withdrawal: %v", st)
		}
		// A registered withdrawal promotes the first on the waitlist in the
		// same transaction.
		b.enroll(s, emps[4]) // joins the waitlist after ids[2]
		b.step(withdrawQ, ids[0])
		st := b.statuses(s)
		if st[ids[2]] != "REGISTERED" || count(st, "REGISTERED") != 2 || count(st, "WAITLISTED") != 1 {
			t.Fatalf("after a registered withdrawal: %v, want %s promoted and 2 seats held", st, ids[2])
		}
		// A seat, once granted, is not lost when the session fills again.
		if r := a.do(registerQ, map[string]any{"id": ids[1]}); r.code() != "CONFLICT" {
			t.Errorf("register of a REGISTERED enrollment: %+v", r.Errors)
		}
	})
}

func TestEnrollRefusals(t *testing.T) {
	forEachStore(t, func(t *testing.T, a *api) {
		b := newBench(t, a)
		prog := b.program("COURSE", 20, false)
		other := b.program("COURSE", 20, false)
		emps := b.employees(6)
		setStatus := func(s, status string) string {
			a.ok(`mutation($id: ID!, $st: SessionStatus!) { updateSession(id: $id, input: {status: $st}) { id } }`,
				map[string]any{"id": s, "st": status}, nil)
			return s
		}
		// Employee 0 holds an active enrollment in a 3-day session of prog;
		// employee 1 held one but withdrew.
		held := b.session(prog, 3, 10)
		b.enroll(held, emps[0])
		gone := b.enroll(held, emps[1])
		b.step(withdrawQ, gone.ID)
		overlapping := b.sessionAt(prog, 31*24*time.Hour, 3, 10) // a day later, overlaps
		later := b.sessionAt(prog, 60*24*time.Hour, 3, 10)
		otherProg := b.sessionAt(other, 31*24*time.Hour, 3, 10)

		tests := []struct {
			name, session, employee string
			code                    string
			parts                   []string
		}{
			{"cancelled session", setStatus(b.session(prog, 1, 10), "CANCELLED"), emps[2], "CONFLICT", []string{"cancelled"}},
			{"completed session", setStatus(b.session(prog, 1, 10), "COMPLETED"), emps[2], "CONFLICT", []string{"completed"}},
			{"ongoing session", setStatus(b.session(prog, 1, 10), "ONGOING"), emps[2], "CONFLICT", []string{"already started"}},
			{"started session", b.sessionAt(prog, -time.Hour*24, 3, 10), emps[2], "CONFLICT", []string{"already started"}},
			{"session started in the fixture", b.f.session, emps[2], "CONFLICT", []string{"already started"}},
			{"twice in a session", held, emps[0], "CONFLICT", []string{"already has an enrollment in this session (REGISTERED)"}},
			{"overlapping session of the program", overlapping, emps[0], "CONFLICT", []string{"overlaps", "REGISTERED"}},
			{"unknown session", b.f.program, emps[2], "NOT_FOUND", []string{"sessionId: no session with ID " + b.f.program}},
			{"unknown employee", held, b.f.agency, "NOT_FOUND", []string{"employeeId: no employee with ID " + b.f.agency}},
			{"later session of the program", later, emps[0], "", nil},
			{"overlapping session after a withdrawal", overlapping, emps[1], "", nil},
			{"overlapping session of another program", otherProg, emps[0], "", nil},
			{"planned session", b.sessionIn(prog, 30*24*time.Hour, 1, 10, "PLANNED"), emps[3], "", nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				r := a.on(t).do(enrollQ, map[string]any{"s": tt.session, "e": tt.employee})
				if tt.code == "" {
					if len(r.Errors) > 0 {
						t.Fatalf("refused: %+v", r.Errors)
					}
					return
				}
				refused(t, r, tt.code, tt.parts...)
			})
		}
	})
}

func TestTransitionsNameTheCurrentState(t *testing.T) {
	forEachStore(t, func(t *testing.T, a *api) {
		b := newBench(t, a)
		s := b.session(b.program("COURSE", 20, false), 3, 1)
		emps := b.employees(4)
		registered := b.enroll(s, emps[0]).ID
		waitlisted := b.enroll(s, emps[1]).ID
		nominated := b.run(nominateQ, map[string]any{"s": s, "es": []string{emps[2]}}).ID
		done := b.enroll(b.session(b.program("COURSE", 20, false), 3, 5), emps[3]).ID
		b.complete(done, true)

		tests := []struct {
			name, query, id, want string
		}{
			{"attend a waitlisted", attendQ, waitlisted, "cannot mark attendance for an enrollment that is WAITLISTED (allowed from REGISTERED)"},
			{"attend a nominated", attendQ, nominated, "cannot mark attendance for an enrollment that is NOMINATED"},
			{"complete a registered", completeQ, registered, "cannot complete an enrollment that is REGISTERED (allowed from ATTENDED)"},
			{"register a registered", registerQ, registered, "the enrollment is already REGISTERED"},
			{"withdraw a completed", withdrawQ, done, "cannot withdraw an enrollment that is COMPLETED (COMPLETED is final"},
			{"complete a completed", completeQ, done, "the enrollment is already COMPLETED"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				refused(t, a.on(t).do(tt.query, map[string]any{"id": tt.id, "passed": true}), "CONFLICT", tt.want)
			})
		}
		// Attended enrollments cannot be withdrawn.
		b.attend(registered)
		refused(t, a.do(withdrawQ, map[string]any{"id": registered}), "CONFLICT", "cannot withdraw an enrollment that is ATTENDED")
		// Failing records the time, no JP and no certificate.
		failed := b.run(completeQ, map[string]any{"id": registered, "passed": false})
		if failed.Status != "FAILED" || failed.CompletedAt == nil || failed.JPCredited != 0 || failed.CertificateNumber != nil {
			t.Errorf("failed enrollment = %+v", failed)
		}
		refused(t, a.do(nominateQ, map[string]any{"s": s, "es": []string{}}), "BAD_USER_INPUT")
	})
}

func TestNominate(t *testing.T) {
	forEachStore(t, func(t *testing.T, a *api) {
		b := newBench(t, a)
		s := b.session(b.program("COURSE", 20, false), 3, 2)
		emps := b.employees(5)
		b.enroll(s, emps[0])

		// All or none: one employee already enrolled refuses the whole list.
		r := a.do(nominateQ, map[string]any{"s": s, "es": []string{emps[1], emps[0]}})
		refused(t, r, "CONFLICT", "item 1", "already has an enrollment")
		if st := b.statuses(s); len(st) != 1 {
			t.Fatalf("a refused nomination left %d enrollments, want 1", len(st))
		}

		var out struct{ Nominate []enrollmentResult }
		a.ok(nominateQ, map[string]any{"s": s, "es": emps[1:4]}, &out)
		if len(out.Nominate) != 3 {
			t.Fatalf("nominated %d, want 3", len(out.Nominate))
		}
		for _, e := range out.Nominate {
			if e.Status != "NOMINATED" {
				t.Errorf("nomination status %s", e.Status)
			}
		}
		// Nominations hold no seat: one seat is still free.
		if got := b.step(registerQ, out.Nominate[0].ID); got.Status != "REGISTERED" {
			t.Errorf("confirming a nomination with a seat free: %s", got.Status)
		}
		// The session is full: a confirmed nomination joins the waitlist.
		if got := b.step(registerQ, out.Nominate[1].ID); got.Status != "WAITLISTED" {
			t.Errorf("confirming a nomination in a full session: %s", got.Status)
		}
		// A promotion is refused while the session is full.
		refused(t, a.do(registerQ, map[string]any{"id": out.Nominate[1].ID}), "CONFLICT", "the session is full (2 of 2 seats taken)", "stays WAITLISTED")
		// A nomination is withdrawn freely.
		if got := b.step(withdrawQ, out.Nominate[2].ID); got.Status != "WITHDRAWN" {
			t.Errorf("withdrawing a nomination: %s", got.Status)
		}
		// Cancelling a session withdraws its nominations: they cannot be
		// confirmed.
		other := b.session(b.program("COURSE", 20, false), 3, 2)
		var more struct{ Nominate []enrollmentResult }
		a.ok(nominateQ, map[string]any{"s": other, "es": emps[4:5]}, &more)
		a.ok(`mutation($id: ID!) { updateSession(id: $id, input: {status: CANCELLED}) { id } }`, map[string]any{"id": other}, nil)
		refused(t, a.do(registerQ, map[string]any{"id": more.Nominate[0].ID}), "CONFLICT", "WITHDRAWN is final")
	})
}

func TestCompletionCreditsJP(t *testing.T) {
	forEachStore(t, func(t *testing.T, a *api) {
		b := newBench(t, a)
		tests := []struct {
			name          string
			form          string
			jp            float64
			international bool
			days          int
			want          float64
		}{
			{"seminar, 2 days, national", "SEMINAR", 3, false, 2, 8},
			{"seminar, 2 days, international", "SEMINAR", 3, true, 2, 12},
			{"workshop, 1 day, national", "WORKSHOP", 3, false, 1, 5},
			{"workshop, 3 days, international", "WORKSHOP", 3, true, 3, 21},
			{"structured training, national", "TECHNICAL_TRAINING", 40, false, 5, 40},
			{"structured training, international", "TECHNICAL_TRAINING", 40, true, 5, 48},
			{"structured training, 24.5 JP international", "COURSE", 24.5, true, 2, 29.4},
		}
		emps := b.employees(len(tests))
		certs := map[string]bool{}
		year := time.Now().In(jp.WIB).Year()
		pattern := regexp.MustCompile(fmt.Sprintf(`^KMB/%d/\d{6,}$`, year))
		for i, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				b := b.on(t)
				s := b.session(b.program(tt.form, tt.jp, tt.international), tt.days, 5)
				e := b.enroll(s, emps[i])
				before := time.Now().Add(-time.Second)
				got := b.complete(e.ID, true)
				if got.Status != "COMPLETED" || got.JPCredited != tt.want {
					t.Errorf("completed %s with %v JP, want COMPLETED with %v", got.Status, got.JPCredited, tt.want)
				}
				if got.CompletedAt == nil {
					t.Fatal("no completedAt")
				}
				if at, err := time.Parse(time.RFC3339Nano, *got.CompletedAt); err != nil || at.Before(before) || at.After(time.Now().Add(time.Second)) {
					t.Errorf("completedAt = %s (%v), want now", *got.CompletedAt, err)
				}
				// The certificate number is KMB/<year>/<row number>.
				cert := *got.CertificateNumber
				if !pattern.MatchString(cert) {
					t.Fatalf("certificate number %q does not match %s", cert, pattern)
				}
				c, err := jp.ParseCertificateNumber(cert)
				if err != nil || c.Seq != rawID(t, e.ID)&(1<<32-1) {
					t.Errorf("certificate %q: sequence %d, want the enrollment's row number %d (%v)", cert, c.Seq, rawID(t, e.ID)&(1<<32-1), err)
				}
				if certs[cert] {
					t.Errorf("certificate %q issued twice", cert)
				}
				certs[cert] = true
			})
		}
	})
}
