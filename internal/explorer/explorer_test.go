package explorer

import (
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

// get serves a GET request for target.
func get(h http.Handler, target string, header ...string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(http.MethodGet, target, nil)
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func TestIndexLoadsOnlyLocalAssets(t *testing.T) {
	h := New()
	w := get(h, "/")
	if w.Code != 200 || w.Header().Get("Content-Security-Policy") != CSP {
		t.Fatalf("got %d, CSP %q", w.Code, w.Header().Get("Content-Security-Policy"))
	}
	page := w.Body.String()
	if strings.Contains(page, "//") && regexp.MustCompile(`(src|href)="(https?:)?//`).MatchString(page) {
		t.Errorf("the page loads from another origin:\n%s", page)
	}
	refs := regexp.MustCompile(`(?:src|href)="(/explorer/[^"]+)"`).FindAllStringSubmatch(page, -1)
	if len(refs) != 6 {
		t.Errorf("found %d asset references, want 6 (2 stylesheets, 4 scripts)", len(refs))
	}
	for _, ref := range refs {
		w := get(h, ref[1])
		if w.Code != 200 || w.Body.Len() == 0 {
			t.Errorf("%s: got %d, %d bytes", ref[1], w.Code, w.Body.Len())
		}
		if cc := w.Header().Get("Cache-Control"); !strings.Contains(cc, "immutable") {
			t.Errorf("%s: Cache-Control %q", ref[1], cc)
		}
		ct := w.Header().Get("Content-Type")
		if strings.Contains(ref[1], ".js?") && !strings.HasPrefix(ct, "text/javascript") ||
			strings.Contains(ref[1], ".css?") && !strings.HasPrefix(ct, "text/css") {
			t.Errorf("%s: Content-Type %q", ref[1], ct)
		}
	}
}

func TestLicensesServed(t *testing.T) {
	h := New()
	for _, name := range []string{"LICENSE.graphiql", "LICENSE.react", "LICENSE.react-dom"} {
		w := get(h, Prefix+name)
		if w.Code != 200 || !strings.Contains(w.Body.String(), "MIT") || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/plain") {
			t.Errorf("%s: got %d %q", name, w.Code, w.Header().Get("Content-Type"))
		}
	}
}

func TestMethodNotAllowed(t *testing.T) {
	w := httptest.NewRecorder()
	New().ServeHTTP(w, httptest.NewRequest(http.MethodPost, "/", nil))
	if w.Code != http.StatusMethodNotAllowed {
		t.Errorf("got %d", w.Code)
	}
}

func TestAcceptsGzip(t *testing.T) {
	for v, want := range map[string]bool{
		"":                     false,
		"gzip":                 true,
		"deflate, gzip;q=0.5":  true,
		"br, GZIP":             true,
		"gzip;q=0":             false,
		"gzip; q=0.000":        false,
		"identity, deflate, x": false,
	} {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		if v != "" {
			r.Header.Set("Accept-Encoding", v)
		}
		if got := acceptsGzip(r); got != want {
			t.Errorf("acceptsGzip(%q) = %v, want %v", v, got, want)
		}
	}
}

func TestIndexLanguage(t *testing.T) {
	h := New()
	tests := []struct {
		accept      string
		lang, title string
	}{
		{"", `lang="en"`, "<title>Kembang GraphQL explorer</title>"},
		{"en-GB,en;q=0.9", `lang="en"`, "<title>Kembang GraphQL explorer</title>"},
		{"id-ID,id;q=0.9", `lang="id"`, "<title>Penjelajah GraphQL Kembang</title>"},
		{"fr, id;q=0.5", `lang="id"`, "<title>Penjelajah GraphQL Kembang</title>"},
	}
	etags := map[string]string{}
	for _, tt := range tests {
		w := get(h, "/", "Accept-Language", tt.accept)
		page := w.Body.String()
		if w.Code != 200 || !strings.Contains(page, tt.lang) || !strings.Contains(page, tt.title) {
			t.Errorf("Accept-Language %q: got %d, want %s and %s:\n%s", tt.accept, w.Code, tt.lang, tt.title, page)
		}
		if !strings.Contains(w.Header().Get("Vary"), "Accept-Language") {
			t.Errorf("Accept-Language %q: Vary %q", tt.accept, w.Header().Get("Vary"))
		}
		if !strings.Contains(page, `data-intro="`) {
			t.Errorf("Accept-Language %q: no introduction", tt.accept)
		}
		etags[tt.lang] = w.Header().Get("ETag")
	}
	if etags[`lang="en"`] == etags[`lang="id"`] {
		t.Errorf("both languages have the ETag %s", etags[`lang="en"`])
	}
}
