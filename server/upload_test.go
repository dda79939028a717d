package main

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"kembang/internal/store/storetest"
)

// Through the whole HTTP stack: a multipart upload may exceed the body
// limit up to KEMBANG_MAX_UPLOAD_BYTES and reaches importEmployees; a
// JSON body of the same size is still refused; an upload over its own
// limit is refused; browsers may send the CSRF guard's headers
// cross-origin (CORS).
func TestUploadLimitsAndCORS(t *testing.T) {
	cfg := testConfig() // 16 KiB bodies
	cfg.maxUploadBytes = 128 << 10
	a := &app{cfg: cfg, db: storetest.Open(t, storetest.SQLite), log: newLogger(cfg, io.Discard)}
	ts := newTestServer(t, a)

	upload := func(rows int) (*http.Response, []byte) {
		var csv strings.Builder
		csv.WriteString("nip,full_name,employment_type,agency_code\n")
		for range rows {
			csv.WriteString("198609262015051001,Dewi Lestari,PNS,XYZ\n")
		}
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		mw.WriteField("operations", `{"query":"mutation($f: Upload!) { importEmployees(file: $f) { rows failed } }","variables":{"f":null}}`)
		mw.WriteField("map", `{"0":["variables.f"]}`)
		fw, _ := mw.CreateFormFile("0", "pegawai.csv")
		fw.Write([]byte(csv.String()))
		mw.Close()
		req, _ := http.NewRequest(http.MethodPost, ts.URL+"/graphql", &body)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		req.Header.Set("GraphQL-Require-Preflight", "1")
		return do(t, req)
	}
	resp, body := upload(1000) // about 40 KiB
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), `"rows":1000`) {
		t.Errorf("upload over the body limit: status %d, %s", resp.StatusCode, body)
	}
	if resp, body := upload(4000); resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("upload over the upload limit: status %d, %.200s", resp.StatusCode, body)
	}
	req, _ := http.NewRequest(http.MethodPost, ts.URL+"/graphql", strings.NewReader(`{"query":"{ __typename }","x":"`+strings.Repeat("a", 40<<10)+`"}`))
	req.Header.Set("Content-Type", "application/json")
	if resp, _ := do(t, req); resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("JSON over the body limit: status %d", resp.StatusCode)
	}

	req, _ = http.NewRequest(http.MethodOptions, ts.URL+"/graphql", nil)
	req.Header.Set("Origin", "http://localhost:3000")
	req.Header.Set("Access-Control-Request-Method", "POST")
	req.Header.Set("Access-Control-Request-Headers", "authorization,graphql-require-preflight")
	resp, _ = do(t, req)
	if got := strings.ToLower(resp.Header.Get("Access-Control-Allow-Headers")); !strings.Contains(got, "graphql-require-preflight") {
		t.Errorf("CORS preflight: Access-Control-Allow-Headers %q", got)
	}
}
