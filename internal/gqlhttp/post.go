// Package gqlhttp is the GraphQL-over-HTTP POST transport of the API
// server (see POST) and the request body type the HTTP layer hands it.
package gqlhttp

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"kembang/internal/fault"
	"kembang/internal/lang"
)

// Response media types of the GraphQL-over-HTTP specification.
const (
	mediaJSON            = "application/json"
	mediaGraphQLResponse = "application/graphql-response+json"
)

// POST is the POST transport. It behaves as gqlgen's transport.POST
// (content negotiation, status codes, numbers kept as json.Number) but
// writes the response data as the executor produced it: transport.POST
// passes the whole response through json.Marshal, which validates and
// re-compacts the already encoded data, a copy and a scan of every byte
// (4–5 % of the CPU of a 100-node lookup; docs/performance.md).
type POST struct{}

var _ graphql.Transport = POST{}

// Supports reports whether r is a JSON POST that is not an upgrade.
func (POST) Supports(r *http.Request) bool {
	if r.Method != http.MethodPost || r.Header.Get("Upgrade") != "" {
		return false
	}
	ct := r.Header.Get("Content-Type")
	if ct == mediaJSON {
		return true // the common case, without parsing (which allocates)
	}
	mt, _, err := mime.ParseMediaType(ct)
	return err == nil && mt == mediaJSON
}

// Do runs the operation in r's body and writes its response.
func (POST) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	ctx := r.Context()
	media := responseMedia(r.Header.Get("Accept"))
	w.Header().Set("Content-Type", media)
	start := graphql.Now()
	body, err := readBody(r.Body)
	if err != nil {
		writeResponse(w, http.StatusOK, exec.DispatchError(ctx, gqlerror.List{gqlerror.Errorf("could not read request body: %v", err)}))
		return
	}
	var params graphql.RawParams
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(&params); err != nil {
		writeResponse(w, http.StatusBadRequest, exec.DispatchError(ctx, gqlerror.List{gqlerror.Errorf("json request body could not be decoded: %v", err)}))
		return
	}
	params.Headers = r.Header
	params.ReadTime = graphql.TraceTiming{Start: start, End: graphql.Now()}
	rc, errs := exec.CreateOperationContext(ctx, &params)
	if errs != nil {
		writeResponse(w, refusedStatus(media, errs), exec.DispatchError(graphql.WithOperationContext(ctx, rc), errs))
		return
	}
	if rc.Operation != nil && rc.Operation.Operation == ast.Subscription {
		// One response would leave the request waiting for an event.
		writeResponse(w, http.StatusBadRequest, exec.DispatchError(graphql.WithOperationContext(ctx, rc), gqlerror.List{{
			Message:    "a subscription needs a stream: a WebSocket (graphql-transport-ws) or Accept: text/event-stream (graphql-sse)",
			Extensions: map[string]any{"code": "BAD_REQUEST"},
		}}))
		return
	}
	responses, ctx := exec.DispatchOperation(ctx, rc)
	rsp := responses(ctx)
	if rsp == nil && ctx.Err() != nil {
		// The executor gives up on a request whose context ended (its
		// deadline passed, the server is shutting down): say so, instead
		// of a bare null.
		rsp = &graphql.Response{Errors: gqlerror.List{ended(ctx)}}
	}
	writeResponse(w, http.StatusOK, rsp)
}

// ended is the error of a request whose context ended before it was
// answered: UNAVAILABLE, which a client may retry.
func ended(ctx context.Context) *gqlerror.Error {
	msg := "the request was cancelled"
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		msg = "request timed out"
	}
	return &gqlerror.Error{Message: lang.Text(lang.FromContext(ctx), msg), Extensions: map[string]any{"code": string(fault.Unavailable)}}
}

// Body returns a request body reading b, whose bytes the POST transport
// takes as they are instead of reading a copy of them: the server reads
// each body in full before the GraphQL handler (to bound its size), and
// b must stay unchanged until the handler returns.
func Body(b []byte) io.ReadCloser { return &body{Reader: bytes.NewReader(b), b: b} }

// body is a request body held in memory (Body).
type body struct {
	*bytes.Reader
	b []byte
}

// Close implements io.Closer.
func (*body) Close() error { return nil }

// readBody returns the bytes of a request body: those of a Body as they
// are, else all it reads.
func readBody(r io.Reader) ([]byte, error) {
	if b, ok := r.(*body); ok && b.Len() == len(b.b) {
		return b.b, nil
	}
	return io.ReadAll(r)
}

// responseMedia picks the response media type for an Accept header as
// transport.POST does: application/json when the client names it, any
// type or nothing, else application/graphql-response+json.
func responseMedia(accept string) string {
	if accept == "" || accept == mediaJSON || accept == "*/*" {
		return mediaJSON
	}
	for part := range strings.SplitSeq(accept, ",") {
		mt, _, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		switch mt {
		case "*/*", "application/*", mediaJSON:
			return mediaJSON
		case mediaGraphQLResponse:
			return mediaGraphQLResponse
		}
	}
	return mediaGraphQLResponse
}

// refusedStatus is the HTTP status of a request refused before it ran:
// 422 for application/json and 400 for application/graphql-response+json
// when the request itself is at fault (it does not parse or validate),
// else 200.
func refusedStatus(media string, errs gqlerror.List) int {
	if errcode.GetErrorKind(errs) != errcode.KindProtocol {
		return http.StatusOK
	}
	if media == mediaGraphQLResponse {
		return http.StatusBadRequest
	}
	return http.StatusUnprocessableEntity
}

// writeResponse writes rsp as JSON with status code. The data is written
// as it is: the executor encoded it and it is valid JSON. The errors and
// extensions are encoded here. Incremental parts (label, path, hasNext),
// which this transport never delivers, and a nil response take
// json.Marshal's path.
//
// A body longer than net/http's chunking buffer is sent with its
// Content-Length, not chunked (the response's pieces are written to the
// connection's buffer as they are, without chunk headers); a shorter one
// gets its Content-Length from net/http, which counts it when the handler
// returns, at no cost.
func writeResponse(w http.ResponseWriter, code int, rsp *graphql.Response) {
	if rsp == nil || rsp.Label != "" || rsp.Path != nil || rsp.HasNext != nil {
		b, err := json.Marshal(rsp)
		if err != nil {
			b = internalResponse
		}
		writeBody(w, code, b, nil, nil)
		return
	}
	var head, tail []byte
	var err error
	if len(rsp.Errors) > 0 {
		head, err = json.Marshal(rsp.Errors)
	}
	if err == nil && len(rsp.Extensions) > 0 {
		tail, err = json.Marshal(rsp.Extensions)
	}
	if err != nil {
		writeBody(w, code, internalResponse, nil, nil)
		return
	}
	data := []byte(rsp.Data)
	if len(data) == 0 {
		data = null
	}
	prefix := dataOpening
	if head != nil {
		prefix = make([]byte, 0, len(`{"errors":,"data":`)+len(head))
		prefix = append(prefix, `{"errors":`...)
		prefix = append(prefix, head...)
		prefix = append(prefix, `,"data":`...)
	}
	suffix := closing
	if tail != nil {
		suffix = make([]byte, 0, len(`,"extensions":}`)+len(tail))
		suffix = append(suffix, `,"extensions":`...)
		suffix = append(suffix, tail...)
		suffix = append(suffix, '}')
	}
	writeBody(w, code, prefix, data, suffix)
}

// chunkingSize is the size of net/http's buffer of a response body
// (bufferBeforeChunkingSize): a handler that writes more without a
// Content-Length has its response chunked.
const chunkingSize = 2048

// writeBody writes the header with status code and then a body of the
// pieces a, b and c, declaring its length when it is over chunkingSize.
func writeBody(w http.ResponseWriter, code int, a, b, c []byte) {
	if n := len(a) + len(b) + len(c); n > chunkingSize {
		w.Header().Set("Content-Length", strconv.Itoa(n))
	}
	if code != http.StatusOK {
		w.WriteHeader(code)
	}
	for _, p := range [3][]byte{a, b, c} {
		if len(p) > 0 {
			if _, err := w.Write(p); err != nil {
				return // the client has gone
			}
		}
	}
}

var (
	null        = []byte("null")
	dataOpening = []byte(`{"data":`)
	closing     = []byte("}")
	// internalResponse stands in for a response that cannot be encoded
	// (an extension value that is not JSON), which the error presenter
	// and the operation hooks never produce.
	internalResponse = []byte(`{"errors":[{"message":"internal error","extensions":{"code":"INTERNAL"}}],"data":null}`)
)
