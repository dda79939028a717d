// Package gid encodes ent's global IDs as opaque strings for API clients.
//
// Internally every row has an integer ID whose upper 32 bits select its
// table (ent's global-ID feature). Clients see base64url("table:n"),
// where n is the row's number within its table, so IDs carry their type
// and cannot be turned into another row's ID by arithmetic on the raw
// integer. Decoding checks the table name and range, so a malformed or
// foreign ID is a clean input error.
package gid

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/99designs/gqlgen/graphql"

	"kembang/ent/internal"
)

// span is the size of each table's ID range.
const span = 1 << 32

// ErrInvalid is returned for strings that are not Kembang IDs.
var ErrInvalid = errors.New("invalid ID")

var (
	starts = map[string]int{} // table name to first ID of its range
	tables = map[int]string{} // first ID of a range to table name
)

func init() {
	if err := json.Unmarshal([]byte(internal.IncrementStarts), &starts); err != nil {
		panic(fmt.Sprintf("gid: decoding ent's increment starts: %v", err))
	}
	for t, s := range starts {
		tables[s] = t
	}
}

// Table returns the table of a raw ID.
func Table(id int) (string, bool) {
	t, ok := tables[id-id%span]
	return t, ok
}

// Encode returns the opaque form of a raw ID.
func Encode(id int) string {
	start := id - id%span
	t, ok := tables[start]
	if !ok {
		t = "?"
	}
	return base64.RawURLEncoding.EncodeToString([]byte(t + ":" + strconv.Itoa(id-start)))
}

// Decode returns the raw ID of an opaque ID.
func Decode(s string) (int, error) {
	if s == "" || len(s) > 128 || strings.IndexFunc(s, notBase64URL) >= 0 {
		return 0, ErrInvalid // the decoder would skip \r and \n
	}
	b, err := base64.RawURLEncoding.Strict().DecodeString(s)
	if err != nil {
		return 0, ErrInvalid
	}
	t, n, ok := strings.Cut(string(b), ":")
	if !ok {
		return 0, ErrInvalid
	}
	start, ok := starts[t]
	if !ok {
		return 0, ErrInvalid
	}
	local, err := strconv.ParseUint(n, 10, 32)
	if err != nil || local == 0 || strconv.FormatUint(local, 10) != n {
		return 0, ErrInvalid
	}
	return start + int(local), nil
}

// MarshalID writes a raw ID as its opaque GraphQL form.
func MarshalID(id int) graphql.Marshaler {
	return graphql.WriterFunc(func(w io.Writer) {
		_, _ = io.WriteString(w, strconv.Quote(Encode(id)))
	})
}

// UnmarshalID reads an opaque GraphQL ID.
func UnmarshalID(v any) (int, error) {
	s, ok := v.(string)
	if !ok {
		return 0, fmt.Errorf("%w: IDs are strings, got %T", ErrInvalid, v)
	}
	id, err := Decode(s)
	if err != nil {
		return 0, fmt.Errorf("%w %q", err, truncate(s))
	}
	return id, nil
}

// notBase64URL reports whether r is outside the base64url alphabet.
func notBase64URL(r rune) bool {
	return !('A' <= r && r <= 'Z' || 'a' <= r && r <= 'z' || '0' <= r && r <= '9' || r == '-' || r == '_')
}

// truncate keeps error messages short when clients send huge strings.
func truncate(s string) string {
	if len(s) > 40 {
		s = s[:40] + "…"
	}
	return strings.ToValidUTF8(s, "�")
}
