package graph_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"kembang/ent/employee"
	"kembang/internal/access"
	"kembang/internal/viewer"
)

// importQ is an upload mutation (%s: importEmployees, importAssessments,
// importEnrollments), with its file in the variables.
const importQ = `mutation($file: Upload!, $partial: Boolean!) { %s(file: $file, partial: $partial) {
  rows created updated unchanged failed committed errors { line column message } } }`

// upload posts importQ with file as a multipart request (the GraphQL
// multipart request specification) as the viewer of ctx; preflight adds
// the CSRF guard's header.
func (a *api) upload(ctx context.Context, file string, partial, preflight bool) (int, response) {
	a.t.Helper()
	return a.uploadTo(ctx, "importEmployees", file, partial, preflight)
}

// uploadTo is upload through the named import mutation.
func (a *api) uploadTo(ctx context.Context, mutation, file string, partial, preflight bool) (int, response) {
	a.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	ops, _ := json.Marshal(map[string]any{"query": fmt.Sprintf(importQ, mutation), "variables": map[string]any{"file": nil, "partial": partial}})
	mw.WriteField("operations", string(ops))
	mw.WriteField("map", `{"0": ["variables.file"]}`)
	fw, _ := mw.CreateFormFile("0", "pegawai.csv")
	fw.Write([]byte(file))
	mw.Close()
	req := httptest.NewRequestWithContext(ctx, http.MethodPost, "/graphql", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	if preflight {
		req.Header.Set("GraphQL-Require-Preflight", "1")
	}
	rec := httptest.NewRecorder()
	a.h.ServeHTTP(rec, req)
	var r response
	if err := json.Unmarshal(rec.Body.Bytes(), &r); err != nil {
		a.t.Fatalf("decoding %q: %v", rec.Body, err)
	}
	return rec.Code, r
}

// importReport is the data of importQ.
type importReport struct {
	ImportEmployees struct {
		Rows, Created, Updated, Unchanged, Failed int
		Committed                                 bool
		Errors                                    []struct {
			Line            int
			Column, Message string
		}
	}
}

// The upload path: HR imports employees of its own agency (the default
// of rows without agency_code), rows of another agency are refused per
// row, all or nothing unless partial, a rerun changes nothing; the CSRF
// guard refuses a multipart request without a preflight header; roles
// other than ADMIN and HR are refused.
func TestImportEmployeesUpload(t *testing.T) {
	forEachStore(t, func(t *testing.T, a *api) {
		f := build(t, a)
		newRival(t, a)
		hr := viewer.NewContext(context.Background(), viewer.Viewer{Subject: "test:hr", Role: viewer.HROfficer, AgencyID: rawID(t, f.agency)})
		file := "nip,full_name,employment_type,agency_code,golongan,unit_code\n" +
			"199107142015032001,Sri Wahyuni,PNS,KMN,III/b,DINKES\n" +
			"198912302014021001,Joko Susilo,PNS,PLJ,III/c,\n" +
			"199304162018011001,Eko Prasetyo,PNS,,II/c,DINKES\n"

		code, r := a.upload(hr, file, false, false)
		if code != http.StatusBadRequest || r.code() != "CSRF_PREFLIGHT_REQUIRED" {
			t.Errorf("without a preflight header: status %d, code %q, want 400 CSRF_PREFLIGHT_REQUIRED", code, r.code())
		}

		sys := access.System(context.Background())
		before := a.db.Client.Employee.Query().CountX(sys)
		var rep importReport
		_, r = a.upload(hr, file, false, true)
		if len(r.Errors) > 0 {
			t.Fatalf("errors: %+v", r.Errors)
		}
		json.Unmarshal(r.Data, &rep)
		got := rep.ImportEmployees
		if got.Committed || got.Failed != 1 || len(got.Errors) != 1 || got.Errors[0].Line != 3 || got.Errors[0].Column != "agency_code" ||
			!strings.Contains(got.Errors[0].Message, "not yours") {
			t.Errorf("all or nothing: report %+v", got)
		}
		if n := a.db.Client.Employee.Query().CountX(sys); n != before {
			t.Errorf("a refused import wrote %d employees", n-before)
		}

		_, r = a.upload(hr, file, true, true)
		json.Unmarshal(r.Data, &rep)
		if got := rep.ImportEmployees; !got.Committed || got.Created != 2 || got.Failed != 1 {
			t.Errorf("partial: report %+v, errors %+v", got, r.Errors)
		}
		eko := a.db.Client.Employee.Query().Where(employee.Nip("199304162018011001")).OnlyX(sys)
		if eko.AgencyID != rawID(t, f.agency) {
			t.Errorf("a row without agency_code went to agency %d, want the HR's", eko.AgencyID)
		}
		_, r = a.upload(hr, file, true, true)
		json.Unmarshal(r.Data, &rep)
		if got := rep.ImportEmployees; got.Unchanged != 2 || got.Created+got.Updated != 0 {
			t.Errorf("rerun: report %+v", got)
		}

		emp := viewer.NewContext(context.Background(), viewer.Viewer{Subject: "test:emp", Role: viewer.Employee, EmployeeID: eko.ID})
		if _, r = a.upload(emp, file, true, true); r.code() != "FORBIDDEN" {
			t.Errorf("as an employee: %+v, want FORBIDDEN", r.Errors)
		}
		if _, r = a.upload(hr, "nip,full_name\n", true, true); r.code() != "BAD_USER_INPUT" || r.field() != "file" {
			t.Errorf("file without the required columns: %+v, want BAD_USER_INPUT on file", r.Errors)
		}
	})
}

// The other uploads: HR imports assessments of its own agency's employees
// (another agency's NIP is no employee it can see) and enrollments in the
// workflow mode of the API (a session that has started takes no
// registration), with the same report, rerun and role rules.
func TestImportAssessmentsAndEnrollmentsUpload(t *testing.T) {
	forEachStore(t, func(t *testing.T, a *api) {
		f := build(t, a)
		rv := newRival(t, a)
		hr := viewer.NewContext(context.Background(), viewer.Viewer{Subject: "test:hr", Role: viewer.HROfficer, AgencyID: rawID(t, f.agency)})
		report := func(r response, field string) (got struct {
			Rows, Created, Updated, Unchanged, Failed int
			Committed                                 bool
			Errors                                    []struct {
				Line            int
				Column, Message string
			}
		}) {
			t.Helper()
			if len(r.Errors) > 0 {
				t.Fatalf("%s: errors %+v", field, r.Errors)
			}
			var data map[string]json.RawMessage
			json.Unmarshal(r.Data, &data)
			json.Unmarshal(data[field], &got)
			return got
		}
		rivalNIP := a.db.Client.Employee.GetX(access.System(context.Background()), rawID(t, rv.employee)).Nip
		assessments := "nip,competency_code,level,assessed_on,source\n" +
			nips[0] + ",M.01,3,2025-01-15,ASSESSMENT_CENTER\n" +
			rivalNIP + ",M.01,2,2025-01-15,SELF\n"
		got := report(second(a.uploadTo(hr, "importAssessments", assessments, true, true)), "importAssessments")
		if !got.Committed || got.Created != 1 || got.Failed != 1 || len(got.Errors) != 1 || got.Errors[0].Line != 3 || got.Errors[0].Column != "nip" {
			t.Errorf("assessments: report %+v", got)
		}
		if got := report(second(a.uploadTo(hr, "importAssessments", assessments, true, true)), "importAssessments"); got.Unchanged != 1 || got.Created != 0 {
			t.Errorf("assessments rerun: report %+v", got)
		}

		// The fixture's session started in March 2026: no registration.
		enrollments := "nip,program_code,session_name\n" + nips[3] + ",PKP-01,Angkatan I\n"
		got = report(second(a.uploadTo(hr, "importEnrollments", enrollments, false, true)), "importEnrollments")
		if got.Committed || got.Failed != 1 || len(got.Errors) != 1 || got.Errors[0].Line != 2 {
			t.Errorf("enrollments: report %+v, want the started session refused on line 2", got)
		}

		emp := viewer.NewContext(context.Background(), viewer.Viewer{Subject: "test:emp", Role: viewer.Employee, EmployeeID: rawID(t, f.employees[0]), AgencyID: rawID(t, f.agency)})
		for _, m := range []string{"importAssessments", "importEnrollments"} {
			if _, r := a.uploadTo(emp, m, assessments, true, true); r.code() != "FORBIDDEN" {
				t.Errorf("%s as an employee: %+v, want FORBIDDEN", m, r.Errors)
			}
			if code, r := a.uploadTo(hr, m, assessments, true, false); code != http.StatusBadRequest || r.code() != "CSRF_PREFLIGHT_REQUIRED" {
				t.Errorf("%s without a preflight header: status %d, code %q", m, code, r.code())
			}
		}
	})
}

// second returns its second argument.
func second[A, B any](_ A, b B) B { return b }
