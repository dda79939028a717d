package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"

	"kembang/internal/viewer"
)

// AdminViewer is the viewer of the in-process harnesses (the EXPLAIN
// check, the Go benchmarks): every persona query is allowed to it.
var AdminViewer = viewer.Viewer{Subject: "bench", Role: viewer.Admin}

// AsAdmin serves h with AdminViewer in each request's context, as the
// server's bearer-token middleware does for an ADMIN token.
func AsAdmin(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(w, r.WithContext(viewer.NewContext(r.Context(), AdminViewer)))
	})
}

// Bearer returns a transport that sends token as "Authorization: Bearer
// <token>" on every request over base (http.DefaultTransport when nil);
// an empty token sends nothing.
func Bearer(base http.RoundTripper, token string) http.RoundTripper {
	if base == nil {
		base = http.DefaultTransport
	}
	if token == "" {
		return base
	}
	return bearer{base: base, header: "Bearer " + token}
}

type bearer struct {
	base   http.RoundTripper
	header string
}

func (b bearer) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("Authorization", b.header)
	return b.base.RoundTrip(r)
}

// Post sends one GraphQL request and returns the X-SQL-Statements header
// (-1 when absent). A non-200 status or a response with errors is an
// error.
func Post(ctx context.Context, c *http.Client, endpoint, doc string, vars map[string]any) (int, error) {
	r, err := NewRequest(endpoint, doc, vars)
	if err != nil {
		return -1, err
	}
	return r.Send(ctx, c)
}

// Request is a GraphQL request encoded once, to be sent many times: the
// load driver's requests cost it no encoding, and so take no CPU from the
// servers under test on the same machine.
type Request struct {
	endpoint string
	body     []byte
}

// NewRequest encodes a request of doc with vars to endpoint.
func NewRequest(endpoint, doc string, vars map[string]any) (*Request, error) {
	body, err := json.Marshal(map[string]any{"query": doc, "variables": vars})
	if err != nil {
		return nil, err
	}
	return &Request{endpoint: endpoint, body: body}, nil
}

// Body returns the encoded request body (not to be modified).
func (r *Request) Body() []byte { return r.body }

// Capture posts r once and returns the response body: a non-200 status,
// a body that is not a JSON object or a response with errors is an error.
// The load driver's floor target (floor.go) answers r with these bytes.
func (r *Request) Capture(ctx context.Context, c *http.Client) ([]byte, error) {
	_, data, err := r.exchange(ctx, c)
	return data, err
}

// errorsKey is the key of a GraphQL response's errors.
var errorsKey = []byte(`"errors"`)

// Send posts r and returns the X-SQL-Statements header (-1 when absent).
// A non-200 status, a body that is not a JSON object or a response with
// errors is an error. Only a body holding the bytes "errors" is decoded:
// one without them has no errors, and decoding every response took a
// fifth of the driver's CPU.
func (r *Request) Send(ctx context.Context, c *http.Client) (int, error) {
	stmts, _, err := r.exchange(ctx, c)
	return stmts, err
}

// exchange posts r and returns the X-SQL-Statements header (-1 when
// absent) and the response body, checked as Send says.
func (r *Request) exchange(ctx context.Context, c *http.Client) (int, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, r.endpoint, bytes.NewReader(r.body))
	if err != nil {
		return -1, nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.Do(req)
	if err != nil {
		return -1, nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return -1, nil, err
	}
	stmts := -1
	if h := resp.Header.Get("X-SQL-Statements"); h != "" {
		stmts, _ = strconv.Atoi(h)
	}
	if resp.StatusCode != http.StatusOK {
		return stmts, nil, fmt.Errorf("HTTP %d: %.200s", resp.StatusCode, data)
	}
	if len(data) < 2 || data[0] != '{' || data[len(data)-1] != '}' && data[len(data)-1] != '\n' {
		return stmts, nil, fmt.Errorf("not a JSON object: %.200s", data)
	}
	if !bytes.Contains(data, errorsKey) {
		return stmts, data, nil
	}
	var out struct {
		Errors []struct {
			Message string `json:"message"`
		} `json:"errors"`
	}
	if err := json.Unmarshal(data, &out); err != nil {
		return stmts, nil, fmt.Errorf("decoding the response: %w", err)
	}
	if len(out.Errors) > 0 {
		return stmts, nil, fmt.Errorf("%d GraphQL errors, first: %s", len(out.Errors), out.Errors[0].Message)
	}
	return stmts, data, nil
}

// CheckLoopback returns an error unless raw (an http:// or postgres://
// URL) names a loopback host: the instruments never load other machines.
func CheckLoopback(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("invalid URL")
	}
	host := u.Hostname()
	if host == "localhost" || (host == "" && u.Scheme != "http" && u.Scheme != "https") {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return fmt.Errorf("%s: only loopback hosts (127.0.0.1, ::1, localhost) may be targeted", host)
}

// PostInto sends one GraphQL request and decodes the response into out.
func PostInto(ctx context.Context, c *http.Client, endpoint, doc string, vars map[string]any, out any) error {
	body, err := json.Marshal(map[string]any{"query": doc, "variables": vars})
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("HTTP %d: %.200s", resp.StatusCode, data)
	}
	return json.Unmarshal(data, out)
}
