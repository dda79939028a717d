package gqlhttp

import (
	"net/http"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"kembang/internal/fault"
	"kembang/internal/viewer"
)

// CodePreflightRequired is the extensions.code of a multipart request
// refused by the CSRF guard of [Multipart].
const CodePreflightRequired = "CSRF_PREFLIGHT_REQUIRED"

// PreflightHeaders are the request headers, any one of which (with any
// value) lets a multipart request through [Multipart]'s CSRF guard: the
// headers Apollo's CSRF prevention accepts.
var PreflightHeaders = []string{"GraphQL-Require-Preflight", "X-Apollo-Operation-Name"}

// Multipart is gqlgen's multipart transport (the GraphQL multipart
// request specification: file uploads) behind a CSRF guard.
//
// A multipart/form-data POST is a "simple" request: a browser sends it
// cross-origin without a CORS preflight, with the user's cookies, from any
// site's form. Kembang authenticates with bearer tokens, which a form
// cannot send, but a reverse proxy or a future cookie session could
// change that; as Apollo Server does, the transport refuses a multipart
// request that carries none of [PreflightHeaders]: a header a browser
// only sends cross-origin after the server's CORS policy allowed it. JSON
// POSTs need no such header: their content type already requires a
// preflight.
type Multipart struct {
	// MaxUploadSize is the largest request body; MaxMemory, the part of
	// it kept in memory (the rest goes to temporary files).
	MaxUploadSize, MaxMemory int64
}

var _ graphql.Transport = Multipart{}

// Supports reports whether r is a multipart/form-data POST.
func (m Multipart) Supports(r *http.Request) bool { return m.inner().Supports(r) }

// Do refuses a request without a preflight header, and one without
// credentials (401, unread), and runs the others as gqlgen's
// transport.MultipartForm does.
func (m Multipart) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	if !Preflighted(r) {
		w.Header().Set("Content-Type", mediaJSON)
		err := &gqlerror.Error{
			Message:    "a multipart request must carry a GraphQL-Require-Preflight or X-Apollo-Operation-Name header (CSRF protection)",
			Extensions: map[string]any{"code": CodePreflightRequired},
		}
		writeResponse(w, http.StatusBadRequest, &graphql.Response{Errors: gqlerror.List{err}})
		return
	}
	// Only signed-in callers upload (the one upload, importEmployees, is
	// for ADMIN and HR): an anonymous caller's body is refused unread
	// rather than parsed up to MaxUploadSize, partly into temporary files.
	if v, _ := viewer.FromContext(r.Context()); v.Anonymous() {
		w.Header().Set("Content-Type", mediaJSON)
		w.Header().Set("WWW-Authenticate", "Bearer")
		writeResponse(w, http.StatusUnauthorized, &graphql.Response{Errors: gqlerror.List{{
			Message:    "file uploads need credentials",
			Extensions: map[string]any{"code": string(fault.Unauthenticated)},
		}}})
		return
	}
	m.inner().Do(w, r, exec)
}

func (m Multipart) inner() transport.MultipartForm {
	return transport.MultipartForm{MaxUploadSize: m.MaxUploadSize, MaxMemory: m.MaxMemory}
}

// Preflighted reports whether r carries one of [PreflightHeaders] with a
// value.
func Preflighted(r *http.Request) bool {
	for _, h := range PreflightHeaders {
		if r.Header.Get(h) != "" {
			return true
		}
	}
	return false
}
