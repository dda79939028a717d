package lang

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/text/language"

	"kembang/internal/domain/phrase"
)

func TestMatch(t *testing.T) {
	tests := []struct {
		header string
		want   language.Tag
	}{
		{"", English},
		{"id", Indonesian},
		{"id-ID", Indonesian},
		{"ID-id", Indonesian},
		{"en-US", English},
		{"fr", English},
		{"fr, de;q=0.8", English},
		{"en;q=0.5, id;q=0.9", Indonesian},
		{"id;q=0.5, en;q=0.9", English},
		{"fr, en;q=0.1, id;q=0.5", Indonesian},
		{"id;q=0, en", English},
		{"*", English},
		{"not a header;;;", English},
	}
	for _, tt := range tests {
		if got := Match(tt.header); got != tt.want {
			t.Errorf("Match(%q) = %v, want %v", tt.header, got, tt.want)
		}
	}
}

func TestMiddleware(t *testing.T) {
	var got language.Tag
	h := Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { got = FromContext(r.Context()) }))
	r := httptest.NewRequest("GET", "/", nil)
	r.Header.Set("Accept-Language", "id-ID,id;q=0.9,en;q=0.8")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if got != Indonesian {
		t.Errorf("language = %v, want id", got)
	}
	if v := w.Header().Get("Vary"); v != "Accept-Language" {
		t.Errorf("Vary = %q", v)
	}
	if FromContext(context.Background()) != English {
		t.Error("a context without a language is not English")
	}
}

func TestSprintf(t *testing.T) {
	sentinel := errors.New("NIP must be exactly 18 digits")
	tests := []struct {
		name   string
		tag    language.Tag
		format string
		args   []any
		want   string
	}{
		{"English as it is", English, "at most %d employees at a time, not %d", []any{100, 2025}, "at most 100 employees at a time, not 2025"},
		{"no digit grouping", Indonesian, "at most %d employees at a time, not %d", []any{100, 2025}, "paling banyak 100 pegawai sekaligus, bukan 2025"},
		{"finished message not interpreted", Indonesian, "100% sure", nil, "100% sure"},
		{"no translation: English", Indonesian, "no line for %d", []any{3}, "no line for 3"},
		{"nouns translated", Indonesian, "no %s with ID %s", []any{phrase.Noun("training need"), "VHJhaW5pbmdOZWVkOjE"}, "tidak ada kebutuhan pelatihan dengan ID VHJhaW5pbmdOZWVkOjE"},
		{"plain strings kept", Indonesian, "no %s with ID %s", []any{"training need", "x"}, "tidak ada training need dengan ID x"},
		{"wrapped sentinel translated", Indonesian, "%w (got %d characters)", []any{sentinel, 16}, "NIP harus tepat 18 digit (diterima 16 karakter)"},
		{"reordered, article left out", Indonesian, "%s %s with this %s already exists", []any{"an", phrase.Noun("employee"), "nip"}, "pegawai dengan nip ini sudah ada"},
		{"nested template", Indonesian, "%s may not %v", []any{"AGENCY_HR", testText{"%s %s", []any{phrase.Noun("create"), phrase.Noun("agencies")}}}, "AGENCY_HR tidak boleh membuat instansi"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Sprintf(tt.tag, tt.format, tt.args...); got != tt.want {
				t.Errorf("Sprintf = %q, want %q", got, tt.want)
			}
		})
	}
}

// testText is a Templater that is not an error (as fault.Text).
type testText struct {
	format string
	args   []any
}

func (t testText) Template() (string, []any) { return t.format, t.args }

func TestError(t *testing.T) {
	nip := errors.New("NIP must be exactly 18 digits")
	err := phrase.Errorf("%w (got %d characters)", nip, 16)
	if got := Error(English, err); got != "NIP must be exactly 18 digits (got 16 characters)" {
		t.Errorf("English = %q", got)
	}
	if got := Error(Indonesian, err); got != "NIP harus tepat 18 digit (diterima 16 karakter)" {
		t.Errorf("Indonesian = %q", got)
	}
	if got := Error(Indonesian, nip); got != "NIP harus tepat 18 digit" {
		t.Errorf("sentinel = %q", got)
	}
	if got := Error(Indonesian, errors.New("not in the catalog")); got != "not in the catalog" {
		t.Errorf("unknown = %q", got)
	}
}

func TestGraphQL(t *testing.T) {
	tests := []struct{ in, want string }{
		{`Cannot query field "nam" on type "Agency".`, `Field "nam" tidak ada pada tipe "Agency".`},
		{`Cannot query field "nam" on type "Agency". Did you mean "name"?`, `Field "nam" tidak ada pada tipe "Agency". Apakah maksud Anda "name"?`},
		{`Field "node" argument "id" of type "ID!" is required, but it was not provided.`, `Argumen "id" bertipe "ID!" pada field "node" wajib diisi, tetapi tidak diberikan.`},
		{`Unknown argument "frist" on field "Query.employees".`, `Argumen "frist" tidak dikenal pada field "Query.employees".`},
		{`Expected Name, found <EOF>`, `Diharapkan Name, ditemukan <EOF>`},
		{`must be defined`, `wajib diisi`},
		{`"ABC" is not a valid EmployeeEmploymentType`, `"ABC" bukan EmployeeEmploymentType yang valid`},
		{`Some rule nobody translated.`, `Some rule nobody translated.`},
	}
	for _, tt := range tests {
		if got := GraphQL(Indonesian, tt.in); got != tt.want {
			t.Errorf("GraphQL(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if got := GraphQL(English, tt.in); got != tt.in {
			t.Errorf("English changed %q to %q", tt.in, got)
		}
	}
}

// verbs returns the verbs of a format by argument index (from 1): %w
// counts as %v, flags and widths are left out.
func verbs(format string) (map[int]rune, bool) {
	out := map[int]rune{}
	next := 1
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		i++
		for i < len(format) && strings.ContainsRune("+-# 0123456789.", rune(format[i])) {
			i++
		}
		if i >= len(format) {
			return nil, false
		}
		if format[i] == '%' {
			continue
		}
		if format[i] == '[' {
			end := strings.IndexByte(format[i:], ']')
			if end < 0 {
				return nil, false
			}
			n, err := strconv.Atoi(format[i+1 : i+end])
			if err != nil {
				return nil, false
			}
			next = n
			i += end + 1
			if i >= len(format) {
				return nil, false
			}
		}
		v := rune(format[i])
		if v == 'w' {
			v = 'v'
		}
		if old, ok := out[next]; ok && old != v {
			return nil, false
		}
		out[next] = v
		next++
	}
	return out, true
}

// articles are keys whose first argument is an English article, which
// the translation leaves out.
var articles = map[string]bool{
	"%s %s with these values already exists": true,
	"%s %s with this %s already exists":      true,
}

// TestCatalogVerbs checks that every translation takes its key's
// arguments with the same verbs.
func TestCatalogVerbs(t *testing.T) {
	for en, id := range indonesian {
		want, ok1 := verbs(en)
		got, ok2 := verbs(id)
		if !ok1 || !ok2 {
			t.Errorf("%q → %q: malformed verbs", en, id)
			continue
		}
		for i, v := range got {
			if want[i] != v {
				t.Errorf("%q → %q: argument %d is %%%c, want %%%c", en, id, i, v, want[i])
			}
		}
		for i := range want {
			if _, ok := got[i]; !ok && !(articles[en] && i == 1) {
				t.Errorf("%q → %q: argument %d is left out", en, id, i)
			}
		}
	}
}
