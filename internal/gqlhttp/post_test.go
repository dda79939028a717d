package gqlhttp

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// echo is an executor whose operations answer with their own query and
// variables; the query "invalid" fails validation, "partial" answers
// with a field error, "ext" with extensions, "nodata" without data (each
// also with anything after that word) and "nil" with no response at all.
type echo struct{}

func (echo) CreateOperationContext(_ context.Context, p *graphql.RawParams) (*graphql.OperationContext, gqlerror.List) {
	rc := &graphql.OperationContext{RawQuery: p.Query, Variables: p.Variables, OperationName: p.OperationName}
	if p.Query == "invalid" {
		return rc, gqlerror.List{{Message: "Cannot query field", Extensions: map[string]any{"code": errcode.ValidationFailed}}}
	}
	return rc, nil
}

func (echo) DispatchOperation(ctx context.Context, rc *graphql.OperationContext) (graphql.ResponseHandler, context.Context) {
	return func(context.Context) *graphql.Response {
		if rc.RawQuery == "nil" {
			return nil
		}
		data, _ := json.Marshal(map[string]any{"query": rc.RawQuery, "vars": rc.Variables, "html": "<a&b>"})
		rsp := &graphql.Response{Data: data}
		switch {
		case strings.HasPrefix(rc.RawQuery, "partial"):
			rsp.Errors = gqlerror.List{{Message: "forbidden", Path: ast.Path{ast.PathName("x")}, Extensions: map[string]any{"code": "FORBIDDEN"}}}
		case strings.HasPrefix(rc.RawQuery, "ext"):
			rsp.Extensions = map[string]any{"cost": 3}
		case strings.HasPrefix(rc.RawQuery, "nodata"):
			rsp.Data = nil
		}
		return rsp
	}, ctx
}

func (echo) DispatchError(_ context.Context, list gqlerror.List) *graphql.Response {
	return &graphql.Response{Errors: list}
}

// TestPost checks that post answers every request as gqlgen's
// transport.POST does: the same status, content type and JSON.
func TestPost(t *testing.T) {
	for _, tc := range []struct {
		name, body, accept string
	}{
		{"query", `{"query":"q","variables":{"n":12345678901234567890,"s":"x"}}`, ""},
		{"operation name", `{"query":"q","operationName":"Op"}`, "application/json"},
		{"partial", `{"query":"partial"}`, ""},
		{"extensions", `{"query":"ext"}`, ""},
		{"no data", `{"query":"nodata"}`, ""},
		{"no response", `{"query":"nil"}`, ""},
		{"invalid", `{"query":"invalid"}`, ""},
		{"invalid graphql-response", `{"query":"invalid"}`, "application/graphql-response+json"},
		{"any type", `{"query":"invalid"}`, "text/html, */*;q=0.8"},
		{"unknown type", `{"query":"q"}`, "text/html"},
		{"bad accept", `{"query":"q"}`, ";;;, application/json"},
		{"not json", `{"query":`, ""},
		{"empty", ``, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want := serve(transport.POST{}, tc.body, tc.accept)
			got := serve(POST{}, tc.body, tc.accept)
			if got.Code != want.Code {
				t.Errorf("status %d, transport.POST %d", got.Code, want.Code)
			}
			if g, w := got.Header().Get("Content-Type"), want.Header().Get("Content-Type"); g != w {
				t.Errorf("Content-Type %q, transport.POST %q", g, w)
			}
			var g, w any
			if err := json.Unmarshal(got.Body.Bytes(), &g); err != nil {
				t.Fatalf("body %q: %v", got.Body, err)
			}
			if err := json.Unmarshal(want.Body.Bytes(), &w); err != nil {
				t.Fatalf("transport.POST body %q: %v", want.Body, err)
			}
			if strings.HasPrefix(tc.name, "not json") || tc.name == "empty" {
				// transport.POST echoes the body in its message; post
				// does not. Both are coded the same way.
				g, w = errorCount(g), errorCount(w)
			}
			if !reflect.DeepEqual(g, w) {
				t.Errorf("body\n%s\ntransport.POST\n%s", got.Body, want.Body)
			}
		})
	}
}

// serve sends body to tr with the given Accept header.
func serve(tr graphql.Transport, body, accept string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/json; charset=utf-8")
	if accept != "" {
		r.Header.Set("Accept", accept)
	}
	w := httptest.NewRecorder()
	if !tr.Supports(r) {
		panic("transport does not support a JSON POST")
	}
	tr.Do(w, r, echo{})
	return w
}

// errorCount replaces a decoded response by its number of errors.
func errorCount(v any) any {
	m, _ := v.(map[string]any)
	errs, _ := m["errors"].([]any)
	return len(errs)
}

// TestPostContentLength checks, through a real HTTP server, that every
// response, short or over net/http's chunking buffer, with data, errors or
// extensions, or refused, is sent with a Content-Length equal to its
// length and without chunking, and has the status, data, number of errors
// and extensions of transport.POST's.
func TestPostContentLength(t *testing.T) {
	long := strings.Repeat("x", 3*chunkingSize)
	for _, tc := range []struct{ name, body string }{
		{"short data", `{"query":"q"}`},
		{"long data", `{"query":"q` + long + `"}`},
		{"long data and errors", `{"query":"partial` + long + `"}`},
		{"long data and extensions", `{"query":"ext` + long + `"}`},
		{"errors without data", `{"query":"nodata` + long + `"}`},
		{"refused", `{"query":"invalid"}`},
		{"not json", `{"query":`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var bodies []string
			for _, tr := range []graphql.Transport{POST{}, transport.POST{}} {
				srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { tr.Do(w, r, echo{}) }))
				resp, err := srv.Client().Post(srv.URL, "application/json", strings.NewReader(tc.body))
				if err != nil {
					t.Fatal(err)
				}
				b, err := io.ReadAll(resp.Body)
				resp.Body.Close()
				srv.Close()
				if err != nil {
					t.Fatal(err)
				}
				if _, ok := tr.(POST); ok && (resp.ContentLength != int64(len(b)) || len(resp.TransferEncoding) > 0) {
					t.Errorf("Content-Length %d, Transfer-Encoding %q; body of %d bytes", resp.ContentLength, resp.TransferEncoding, len(b))
				}
				var v any
				if err := json.Unmarshal(b, &v); err != nil {
					t.Fatalf("body is not JSON: %v: %.200s", err, b)
				}
				m, _ := v.(map[string]any)
				bodies = append(bodies, fmt.Sprint(resp.StatusCode, " ", m["data"], " ", errorCount(v), " ", m["extensions"]))
			}
			if bodies[0] != bodies[1] {
				t.Errorf("POST: %.300s\ntransport.POST: %.300s", bodies[0], bodies[1])
			}
		})
	}
}

// TestPostSupports checks which requests post takes.
func TestPostSupports(t *testing.T) {
	for _, tc := range []struct {
		method, contentType, upgrade string
		want                         bool
	}{
		{http.MethodPost, "application/json", "", true},
		{http.MethodPost, "application/json; charset=utf-8", "", true},
		{http.MethodPost, "application/graphql", "", false},
		{http.MethodPost, "", "", false},
		{http.MethodPost, "application/json", "websocket", false},
		{http.MethodGet, "application/json", "", false},
	} {
		r := httptest.NewRequest(tc.method, "/graphql", nil)
		r.Header.Set("Content-Type", tc.contentType)
		r.Header.Set("Upgrade", tc.upgrade)
		if got, want := (POST{}).Supports(r), (transport.POST{}).Supports(r); got != tc.want || got != want {
			t.Errorf("%s %q upgrade %q: %v, want %v (transport.POST %v)", tc.method, tc.contentType, tc.upgrade, got, tc.want, want)
		}
	}
}

// TestBody checks that the POST transport takes a Body's bytes as they
// are, and reads what is left of one already partly read.
func TestBody(t *testing.T) {
	b := []byte(`{"query":"{ __typename }"}`)
	got, err := readBody(Body(b))
	if err != nil || &got[0] != &b[0] || len(got) != len(b) {
		t.Errorf("readBody(Body(b)) = %q, %v; want b itself", got, err)
	}
	r := Body(b)
	head := make([]byte, 2)
	if _, err := io.ReadFull(r, head); err != nil {
		t.Fatal(err)
	}
	if rest, err := readBody(r); err != nil || string(rest) != string(b[2:]) {
		t.Errorf("partly read: %q, %v; want %q", rest, err, b[2:])
	}
	if rest, err := readBody(strings.NewReader("x")); err != nil || string(rest) != "x" {
		t.Errorf("another reader: %q, %v", rest, err)
	}
}
