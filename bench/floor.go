package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"time"
)

// The floor (issue 17, docs/performance.md change 58): what any HTTP
// server on this machine pays per request before doing any work of its
// own. The load driver's --floor target captures Kembang's response to
// each persona request once and has the floor server (bench/cmd/floor, a
// separate process) answer the same requests with those bytes: the
// loopback exchange, net/http on both sides, reading and decoding the
// JSON request body, and writing the same response bytes. Kembang's
// median over the floor's is what our own work costs; the floor's over
// raw SQL's is what no HTTP server can avoid.

// FloorEntry is one captured exchange: the request body the client sends
// and the response body the floor server answers it with.
type FloorEntry struct {
	Request  []byte `json:"request"`
	Response []byte `json:"response"`
}

// maxFloorBody bounds a request body read by the floor server (Kembang's
// own default limit is of the same order).
const maxFloorBody = 1 << 20

// floorParams is a GraphQL POST body as a server decodes it.
type floorParams struct {
	Query         string         `json:"query"`
	OperationName string         `json:"operationName"`
	Variables     map[string]any `json:"variables"`
	Extensions    map[string]any `json:"extensions"`
}

// floorKey decodes a GraphQL POST body as a real server does (numbers
// kept as written, like gqlgen's transport) and returns the key of its
// request: the document, the operation name and the variables encoded
// again (keys sorted), so that any encoding of the same request finds
// the same response.
func floorKey(body []byte) (string, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var p floorParams
	if err := dec.Decode(&p); err != nil {
		return "", fmt.Errorf("decoding the request body: %w", err)
	}
	if p.Query == "" {
		return "", fmt.Errorf("the request has no query")
	}
	vars, err := json.Marshal(p.Variables)
	if err != nil {
		return "", err
	}
	return p.Query + "\x00" + p.OperationName + "\x00" + string(vars), nil
}

// Floor is the floor server's handler: it answers a POSTed GraphQL
// request with the response captured for it.
type Floor struct {
	responses map[string][]byte
}

// NewFloor returns the handler answering entries' requests.
func NewFloor(entries []FloorEntry) (*Floor, error) {
	f := &Floor{responses: make(map[string][]byte, len(entries))}
	for i, e := range entries {
		k, err := floorKey(e.Request)
		if err != nil {
			return nil, fmt.Errorf("entry %d: %w", i, err)
		}
		f.responses[k] = e.Response
	}
	return f, nil
}

// jsonType is the Content-Type of every floor response.
var jsonType = []string{"application/json"}

// floorError writes a GraphQL error response.
func floorError(w http.ResponseWriter, status int, msg string) {
	b, _ := json.Marshal(map[string]any{"errors": []map[string]string{{"message": msg}}})
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(b)
}

// ServeHTTP reads and decodes the request body and writes the captured
// response with its Content-Length.
func (f *Floor) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		floorError(w, http.StatusMethodNotAllowed, "POST only")
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxFloorBody+1))
	if err != nil || len(body) > maxFloorBody {
		floorError(w, http.StatusBadRequest, "request body unreadable or too large")
		return
	}
	k, err := floorKey(body)
	if err != nil {
		floorError(w, http.StatusBadRequest, err.Error())
		return
	}
	resp, ok := f.responses[k]
	if !ok {
		floorError(w, http.StatusNotFound, "no response captured for this request")
		return
	}
	h := w.Header()
	h["Content-Type"] = jsonType // never written in place
	h.Set("Content-Length", strconv.Itoa(len(resp)))
	w.WriteHeader(http.StatusOK)
	w.Write(resp)
}

// FloorListening starts the line the floor server prints, followed by its
// endpoint, once it listens.
const FloorListening = "floor: listening on "

// ServeFloor reads the entries (a JSON array of FloorEntry) from in,
// listens on addr (loopback only), prints FloorListening and the endpoint
// as a line to out and serves until ctx ends (bench/cmd/floor).
func ServeFloor(ctx context.Context, addr string, in io.Reader, out io.Writer) error {
	if err := CheckLoopback("http://" + addr); err != nil {
		return err
	}
	var entries []FloorEntry
	if err := json.NewDecoder(in).Decode(&entries); err != nil {
		return fmt.Errorf("reading the entries: %w", err)
	}
	h, err := NewFloor(entries)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(out, "%shttp://%s/graphql\n", FloorListening, ln.Addr())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return nil
}
