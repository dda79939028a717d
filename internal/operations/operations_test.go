package operations_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"

	"kembang/ent"
	"kembang/graph"
	"kembang/internal/access"
	"kembang/internal/operations"
	"kembang/internal/store/storetest"
	"kembang/internal/viewer"
)

const (
	query     = "query Name { __typename }"
	otherDoc  = "query Other { __typename }"
	badSchema = "query Bad { noSuchField }"
)

// response is the part of a GraphQL response the tests read.
type response struct {
	Data   map[string]any `json:"data"`
	Errors []struct {
		Message    string         `json:"message"`
		Extensions map[string]any `json:"extensions"`
	} `json:"errors"`
}

// code returns the extensions.code of the first error, or "" with none.
func (r response) code() string {
	if len(r.Errors) == 0 {
		return ""
	}
	c, _ := r.Errors[0].Extensions["code"].(string)
	return c
}

// forEachStore runs f on a fresh store of each dialect (SQLite, and
// PostgreSQL where it answers: storetest.Dialects), in parallel: the
// persisted operations are shared rows, and both stores must keep them.
func forEachStore(t *testing.T, f func(t *testing.T, dialect string)) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d, func(t *testing.T) {
			t.Parallel()
			f(t, d)
		})
	}
}

// newServer returns a GraphQL server on a fresh store of dialect,
// serving anonymous viewers.
func newServer(t *testing.T, dialect string, cfg operations.Config) (*httptest.Server, *ent.Client) {
	t.Helper()
	db := storetest.Open(t, dialect)
	srv := graph.NewServer(db.Client, graph.Options{Operations: cfg})
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		srv.ServeHTTP(w, r.WithContext(viewer.NewContext(r.Context(), viewer.Viewer{})))
	})
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	return ts, db.Client
}

// post sends a POST request with the query (omitted when empty) and the
// APQ extension of hash (omitted when empty).
func post(t *testing.T, ts *httptest.Server, query, hash string) (int, response) {
	t.Helper()
	body := map[string]any{}
	if query != "" {
		body["query"] = query
	}
	if hash != "" {
		body["extensions"] = map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": hash}}
	}
	b, _ := json.Marshal(body)
	rsp, err := http.Post(ts.URL, "application/json", bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer rsp.Body.Close()
	var out response
	if err := json.NewDecoder(rsp.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	return rsp.StatusCode, out
}

// get sends the hash-only APQ request as Apollo's GET links do.
func get(t *testing.T, ts *httptest.Server, hash string) response {
	t.Helper()
	ext := `{"persistedQuery":{"version":1,"sha256Hash":"` + hash + `"}}`
	rsp, err := http.Get(ts.URL + "?extensions=" + strings.ReplaceAll(ext, `"`, "%22"))
	if err != nil {
		t.Fatal(err)
	}
	defer rsp.Body.Close()
	var out response
	if err := json.NewDecoder(rsp.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestAPQ(t *testing.T) { forEachStore(t, testAPQ) }

func testAPQ(t *testing.T, dialect string) {
	ts, _ := newServer(t, dialect, operations.Config{})
	hash := operations.Hash(query)

	status, r := post(t, ts, "", hash)
	if status != http.StatusOK || r.code() != operations.CodeNotFound || r.Errors[0].Message != "PersistedQueryNotFound" {
		t.Fatalf("hash only, unknown: %d %+v", status, r)
	}
	if _, r = post(t, ts, query, hash); r.code() != "" || r.Data["__typename"] != "Query" {
		t.Fatalf("hash and query: %+v", r)
	}
	if _, r = post(t, ts, "", hash); r.code() != "" || r.Data["__typename"] != "Query" {
		t.Fatalf("hash only, known: %+v", r)
	}
	if r = get(t, ts, hash); r.code() != "" || r.Data["__typename"] != "Query" {
		t.Fatalf("GET hash only, known: %+v", r)
	}
	if _, r = post(t, ts, otherDoc, hash); r.code() != "BAD_USER_INPUT" || !strings.Contains(r.Errors[0].Message, "sha256Hash") {
		t.Fatalf("hash mismatch: %+v", r)
	}
	if _, r = post(t, ts, otherDoc, ""); r.code() != "" {
		t.Fatalf("plain query: %+v", r)
	}
}

func TestAllowList(t *testing.T) { forEachStore(t, testAllowList) }

func testAllowList(t *testing.T, dialect string) {
	ts, client := newServer(t, dialect, operations.Config{AllowList: true})
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "name.graphql"), []byte(query), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := operations.Register(context.Background(), client, schema(), dir); err != nil {
		t.Fatal(err)
	}
	hash := operations.Hash(query)
	// Registered: by hash alone (no first round trip), in full, or both.
	if _, r := post(t, ts, "", hash); r.code() != "" || r.Data["__typename"] != "Query" {
		t.Fatalf("registered hash: %+v", r)
	}
	if _, r := post(t, ts, query, ""); r.code() != "" || r.Data["__typename"] != "Query" {
		t.Fatalf("registered document: %+v", r)
	}
	if _, r := post(t, ts, query, hash); r.code() != "" {
		t.Fatalf("registered hash and document: %+v", r)
	}
	// Anything else is refused, with APQ or without.
	if status, r := post(t, ts, otherDoc, ""); status != http.StatusOK || r.code() != operations.CodeNotAllowed || r.Data != nil {
		t.Fatalf("other document: %d %+v", status, r)
	}
	other := operations.Hash(otherDoc)
	if _, r := post(t, ts, "", other); r.code() != operations.CodeNotFound {
		t.Fatalf("other hash: %+v", r)
	}
	if _, r := post(t, ts, otherDoc, other); r.code() != operations.CodeNotAllowed {
		t.Fatalf("other hash and document: %+v", r)
	}
}

func TestRegister(t *testing.T) { forEachStore(t, testRegister) }

func testRegister(t *testing.T, dialect string) {
	db := storetest.Open(t, dialect)
	ctx := context.Background()
	dir := t.TempDir()
	write := func(name, doc string) {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(doc), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("a.graphql", query)
	write("sub/b.graphql", otherDoc)
	write("notes.txt", "not a document")

	reg, err := operations.Register(ctx, db.Client, schema(), dir)
	if err != nil || strings.Join(reg.Added, ",") != "a.graphql,sub/b.graphql" || len(reg.Known) != 0 {
		t.Fatalf("Register = %+v, %v", reg, err)
	}
	reg, err = operations.Register(ctx, db.Client, schema(), dir)
	if err != nil || len(reg.Added) != 0 || len(reg.Known) != 2 {
		t.Fatalf("again: Register = %+v, %v", reg, err)
	}

	write("c.graphql", "query C { __typename }")
	write("bad.graphql", badSchema)
	write("broken.graphql", "query {")
	_, err = operations.Register(ctx, db.Client, schema(), dir)
	if !errors.Is(err, operations.ErrInvalid) {
		t.Fatalf("invalid documents: err = %v", err)
	}
	for _, want := range []string{`bad.graphql:1:13: Cannot query field "noSuchField"`, "broken.graphql:1:8: "} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not contain %q", err, want)
		}
	}
	if strings.Contains(err.Error(), "c.graphql") {
		t.Errorf("error %q names a valid file", err)
	}
	// All or nothing: c.graphql was not stored.
	n, err := db.Client.PersistedOperation.Query().Count(access.System(ctx))
	if err != nil || n != 2 {
		t.Errorf("stored %d, %v; want 2", n, err)
	}

	if _, err := operations.Register(ctx, db.Client, schema(), t.TempDir()); err == nil {
		t.Error("empty folder: no error")
	}
}

// schema is the GraphQL schema of the API.
func schema() *ast.Schema { return graph.NewExecutableSchema(graph.Config{}).Schema() }
