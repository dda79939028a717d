// Package explorer serves Kembang's GraphQL explorer: GraphiQL 3.9.0 on
// React 18.3.1, embedded in the binary so that it works without internet
// access. The page loads only assets of this server and sends its
// queries to /graphql.
//
// The page's own texts (its title, the introduction in the query editor)
// are in English or Indonesian, chosen by the request's Accept-Language
// from the catalog of kembang/internal/lang; GraphiQL's interface stays
// as GraphiQL ships it.
//
// Third-party files in assets/ are the unmodified UMD builds published
// on npm (graphiql@3.9.0, react@18.3.1, react-dom@18.3.1); their
// licences are in assets/LICENSE.*.
package explorer

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"slices"
	"strings"
	"sync"
	"time"

	"golang.org/x/text/language"

	"kembang/internal/lang"
)

//go:embed assets
var files embed.FS

// CSP is the Content-Security-Policy of the explorer's responses, as
// tight as GraphiQL allows (checked in headless Chromium): scripts come
// only from this server, with neither 'unsafe-inline' nor 'unsafe-eval';
// GraphiQL's stylesheet embeds its fonts as data: URIs; its dialogs
// insert a <style> element (react-remove-scroll), which needs
// 'unsafe-inline' for styles. Queries go to the same origin only.
const CSP = "default-src 'none'; " +
	"script-src 'self'; " +
	"style-src 'self' 'unsafe-inline'; " +
	"font-src 'self' data:; " +
	"img-src 'self' data:; " +
	"connect-src 'self'; " +
	"base-uri 'none'; " +
	"form-action 'none'; " +
	"frame-ancestors 'none'"

// Prefix is the URL path under which the assets are served.
const Prefix = "/explorer/"

// contentTypes maps the extensions of the assets to their media types.
var contentTypes = map[string]string{
	".html": "text/html; charset=utf-8",
	".js":   "text/javascript; charset=utf-8",
	".css":  "text/css; charset=utf-8",
}

// asset is one file ready to serve.
type asset struct {
	name  string
	ctype string
	data  []byte
	etag  string
	hash  string // short content hash, the cache-busting ?v= of index.html

	gzipOnce sync.Once
	gzipped  []byte // nil when compression does not pay
}

// Handler serves the explorer page at / and its assets under Prefix.
type Handler struct {
	index  map[language.Tag]*asset // the page in each supported language
	assets map[string]*asset
}

// page holds the texts of index.html in one language.
type page struct {
	Lang     string
	Title    string
	Intro    string        // paragraphs, one a line: the query editor's comment
	NoScript template.HTML // from the catalog, not from a client
}

// pageIn returns the texts of the page in the language tag.
func pageIn(tag language.Tag) page {
	intro := []string{
		lang.Text(tag, "Kembang: the GraphQL API for the competency development of Indonesian civil servants."),
		"",
		lang.Text(tag, "Run: the play button, or Ctrl-Enter."),
		lang.Text(tag, `Token: write {"Authorization": "Bearer ..."} in the Headers tab below (kembang token --role ... mints one; the embedded demo signs you in as ADMIN).`),
		lang.Text(tag, "Schema: the Docs icon, or /schema.graphql."),
		lang.Text(tag, "Errors come in the language of your browser (Accept-Language): English or Indonesian."),
	}
	return page{
		Lang:     tag.String(),
		Title:    lang.Text(tag, "Kembang GraphQL explorer"),
		Intro:    strings.Join(intro, "\n"),
		NoScript: template.HTML(lang.Text(tag, "The Kembang explorer needs JavaScript. The GraphQL endpoint is <code>/graphql</code>; the schema is at")),
	}
}

// New returns the explorer's handler. It panics if the embedded files
// are missing, which the build would have caught.
func New() *Handler {
	h := &Handler{index: map[language.Tag]*asset{}, assets: map[string]*asset{}}
	entries, err := fs.ReadDir(files, "assets")
	if err != nil {
		panic("explorer: " + err.Error())
	}
	var index []byte
	for _, e := range entries {
		data, err := files.ReadFile("assets/" + e.Name())
		if err != nil {
			panic("explorer: " + err.Error())
		}
		if e.Name() == "index.html" {
			index = data
			continue
		}
		h.assets[e.Name()] = newAsset(e.Name(), data)
	}
	// Give every asset URL of the page its content hash, so that browsers
	// may cache the assets for good and still see a new release at once.
	for name, a := range h.assets {
		index = bytes.ReplaceAll(index, []byte(`"`+Prefix+name+`"`), []byte(`"`+Prefix+name+"?v="+a.hash+`"`))
	}
	tmpl := template.Must(template.New("index.html").Parse(string(index)))
	for _, tag := range lang.Supported() {
		var buf bytes.Buffer
		if err := tmpl.Execute(&buf, pageIn(tag)); err != nil {
			panic("explorer: " + err.Error())
		}
		h.index[tag] = newAsset("index.html", buf.Bytes())
	}
	return h
}

// newAsset prepares data, the content of the file name.
func newAsset(name string, data []byte) *asset {
	sum := sha256.Sum256(data)
	hash := hex.EncodeToString(sum[:8])
	ctype, ok := contentTypes[path.Ext(name)]
	switch {
	case strings.HasPrefix(name, "LICENSE"):
		ctype = "text/plain; charset=utf-8"
	case !ok:
		ctype = "application/octet-stream"
	}
	return &asset{name: name, ctype: ctype, data: data, etag: `"` + hash + `"`, hash: hash}
}

// ServeHTTP serves GET and HEAD requests for / and Prefix+name.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	var (
		a     *asset
		cache = "no-cache" // revalidate with the ETag
	)
	switch {
	case r.URL.Path == "/" || r.URL.Path == "/index.html" || r.URL.Path == strings.TrimSuffix(Prefix, "/") || r.URL.Path == Prefix:
		a = h.index[lang.OfRequest(r)]
		if !slices.Contains(w.Header().Values("Vary"), "Accept-Language") { // lang.Middleware adds it
			w.Header().Add("Vary", "Accept-Language")
		}
	case strings.HasPrefix(r.URL.Path, Prefix):
		a = h.assets[strings.TrimPrefix(r.URL.Path, Prefix)]
		if a != nil && r.URL.Query().Get("v") == a.hash {
			cache = "public, max-age=31536000, immutable"
		}
	}
	if a == nil {
		http.NotFound(w, r)
		return
	}
	hd := w.Header()
	hd.Set("Content-Type", a.ctype)
	hd.Set("Cache-Control", cache)
	hd.Set("Content-Security-Policy", CSP)
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Referrer-Policy", "no-referrer")
	hd.Set("X-Frame-Options", "DENY")
	body, etag := a.data, a.etag
	if z := a.gzip(); z != nil {
		hd.Add("Vary", "Accept-Encoding")
		if acceptsGzip(r) {
			hd.Set("Content-Encoding", "gzip")
			body, etag = z, `"`+a.hash+`-gzip"`
		}
	}
	hd.Set("ETag", etag)
	// ServeContent answers If-None-Match with 304 and handles HEAD.
	http.ServeContent(w, r, a.name, time.Time{}, bytes.NewReader(body))
}

// gzip returns the compressed content, computed on first use, or nil if
// compression would not save at least a tenth.
func (a *asset) gzip() []byte {
	a.gzipOnce.Do(func() {
		if len(a.data) < 1024 {
			return
		}
		var buf bytes.Buffer
		zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		if err != nil {
			return
		}
		if _, err := zw.Write(a.data); err != nil {
			return
		}
		if err := zw.Close(); err != nil {
			return
		}
		if buf.Len() < len(a.data)*9/10 {
			a.gzipped = buf.Bytes()
		}
	})
	return a.gzipped
}

// acceptsGzip reports whether the client accepts a gzip-encoded response.
func acceptsGzip(r *http.Request) bool {
	for _, v := range r.Header.Values("Accept-Encoding") {
		for part := range strings.SplitSeq(v, ",") {
			coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
			if !strings.EqualFold(strings.TrimSpace(coding), "gzip") {
				continue
			}
			q := strings.ReplaceAll(params, " ", "")
			return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
		}
	}
	return false
}
