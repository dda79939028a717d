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
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/99designs/gqlgen/graphql"

	"kembang/ent/internal"
	"kembang/internal/domain/phrase"
	"kembang/internal/fault"
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
	var buf [maxEncoded]byte
	return string(AppendEncode(buf[:0], id))
}

// maxEncoded bounds the length of an encoded ID: base64 of the longest
// table name, a colon and ten digits.
const maxEncoded = 64

// AppendEncode appends the opaque form of a raw ID to dst.
func AppendEncode(dst []byte, id int) []byte {
	start := id - id%span
	t, ok := tables[start]
	if !ok {
		t = "?"
	}
	var raw [maxEncoded]byte
	b := append(append(raw[:0], t...), ':')
	return base64.RawURLEncoding.AppendEncode(dst, strconv.AppendInt(b, int64(id-start), 10))
}

// Decode returns the raw ID of an opaque ID.
func Decode(s string) (int, error) {
	if s == "" || len(s) > 128 || strings.IndexFunc(s, notBase64URL) >= 0 {
		return 0, ErrInvalid // the decoder would skip \r and \n
	}
	var buf [96]byte
	b, err := base64.RawURLEncoding.Strict().AppendDecode(buf[:0], []byte(s))
	if err != nil {
		return 0, ErrInvalid
	}
	i := bytes.IndexByte(b, ':')
	if i < 0 {
		return 0, ErrInvalid
	}
	start, ok := starts[string(b[:i])]
	if !ok {
		return 0, ErrInvalid
	}
	local, ok := number(b[i+1:])
	if !ok {
		return 0, ErrInvalid
	}
	return start + int(local), nil
}

// number parses the decimal form of a row's number within its table: 1 to
// 2^32-1, digits only, no leading zero, so that each row has one ID.
func number(n []byte) (uint64, bool) {
	if len(n) == 0 || len(n) > 10 || n[0] == '0' {
		return 0, false
	}
	var v uint64
	for _, c := range n {
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + uint64(c-'0')
	}
	return v, v < span
}

// MarshalID writes a raw ID as its opaque GraphQL form.
func MarshalID(id int) graphql.Marshaler {
	return graphql.WriterFunc(func(w io.Writer) { WriteID(w, id) })
}

// WriteID writes the opaque GraphQL form of a raw ID, quoted, to w.
func WriteID(w io.Writer, id int) {
	// The base64url alphabet needs no escaping in a JSON string. The
	// executor writes to a bytes.Buffer: encode into its free space.
	var b []byte
	if buf, ok := w.(interface{ AvailableBuffer() []byte }); ok {
		b = buf.AvailableBuffer()
	}
	_, _ = w.Write(append(AppendEncode(append(b, '"'), id), '"'))
}

// UnmarshalID reads an opaque GraphQL ID.
func UnmarshalID(v any) (int, error) {
	s, ok := v.(string)
	if !ok {
		return 0, phrase.Errorf("%w: IDs are strings, got %T", ErrInvalid, v)
	}
	id, err := Decode(s)
	if err != nil {
		return 0, phrase.Errorf("%w %q", err, truncate(s))
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

// NotFound reports that id, an ID the client sent, names no record of the
// ent type typ ("Agency"): a NOT_FOUND fault whose message shows the ID as
// the client sent it (its opaque form, never the raw integer) and that
// carries the raw ID, so that the API layer can name the argument or input
// field that held it.
func NotFound(id int, typ string) *fault.Error {
	f := fault.Newf(fault.NotFound, "", "no %s with ID %s", phrase.Noun(Words(typ)), Encode(id))
	f.ID = id
	return f
}

// Words turns an ent type name into the words messages use: "Agency" →
// "agency", "PositionCompetency" → "position competency", "APIKey" → "API
// key" (a run of capitals is an acronym and keeps its case).
func Words(typ string) string {
	var words []string
	start := 0
	for i := 1; i <= len(typ); i++ {
		upper := func(j int) bool { return j < len(typ) && 'A' <= typ[j] && typ[j] <= 'Z' }
		// A word ends before a capital that follows a lower-case letter,
		// or before the last capital of a run followed by a lower-case one.
		if i == len(typ) || upper(i) && (!upper(i-1) || i+1 < len(typ) && !upper(i+1)) {
			w := typ[start:i]
			if len(w) == 1 || !upper(start+1) {
				w = strings.ToLower(w)
			}
			words = append(words, w)
			start = i
		}
	}
	return strings.Join(words, " ")
}
