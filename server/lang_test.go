package main

import (
	"bytes"
	"io"
	"net/http"
	"testing"

	"kembang/internal/store/storetest"
)

// TestHTTPMessagesInIndonesian checks the messages of the HTTP layer (a
// body over the limit, refused credentials, a refusal of an anonymous
// caller) through the whole server: English without Accept-Language,
// Indonesian with Accept-Language: id, the same status and code.
func TestHTTPMessagesInIndonesian(t *testing.T) {
	cfg := testConfig() // a 16 KiB limit
	ts := newTestServer(t, &app{cfg: cfg, db: storetest.Open(t, storetest.SQLite), log: newLogger(cfg, io.Discard)})
	tests := []struct {
		name   string
		body   []byte
		header []string
		status int
		code   string
		en, id string
	}{
		{
			"body too large", bigBody(32 << 10), nil,
			http.StatusRequestEntityTooLarge, "PAYLOAD_TOO_LARGE",
			"request body too large: the limit is 16384 bytes",
			"badan permintaan terlalu besar: batasnya 16384 byte",
		},
		{
			"malformed token", []byte(`{"query":"{ __typename }"}`), []string{"Authorization", "Bearer not-a-token"},
			http.StatusUnauthorized, "UNAUTHENTICATED",
			"malformed token",
			"token tidak berbentuk benar",
		},
		{
			"anonymous refusal", []byte(`{"query":"{ employees(first: 1) { totalCount } }"}`), []string{anonymousHeader, "1"},
			http.StatusOK, "FORBIDDEN",
			"sign in: read employees needs credentials",
			"masuk terlebih dahulu: membaca pegawai memerlukan kredensial",
		},
	}
	for _, tt := range tests {
		for _, accept := range []string{"", "id-ID,id;q=0.9"} {
			t.Run(tt.name+"/"+accept, func(t *testing.T) {
				req, err := http.NewRequest(http.MethodPost, ts.URL+"/graphql", bytes.NewReader(tt.body))
				if err != nil {
					t.Fatal(err)
				}
				req.Header.Set("Content-Type", "application/json")
				for i := 0; i+1 < len(tt.header); i += 2 {
					req.Header.Set(tt.header[i], tt.header[i+1])
				}
				want := tt.en
				if accept != "" {
					req.Header.Set("Accept-Language", accept)
					want = tt.id
				}
				resp, body := do(t, req)
				g := decode(t, body)
				if resp.StatusCode != tt.status || len(g.Errors) == 0 || g.Errors[0].Extensions["code"] != tt.code {
					t.Fatalf("status %d, body %s; want %d and %s", resp.StatusCode, body, tt.status, tt.code)
				}
				if g.Errors[0].Message != want {
					t.Errorf("message %q, want %q", g.Errors[0].Message, want)
				}
			})
		}
	}
}
