package gid

import (
	"bytes"
	"encoding/base64"
	"errors"
	"strconv"
	"strings"
	"testing"
)

func TestRoundTrip(t *testing.T) {
	for table, start := range starts {
		for _, n := range []int{1, 2, 1 << 20, span - 1} {
			id := start + n
			s := Encode(id)
			got, err := Decode(s)
			if err != nil || got != id {
				t.Errorf("Decode(Encode(%d)) = %d, %v (table %s, %q)", id, got, err, table, s)
			}
			if tb, ok := Table(id); !ok || tb != table {
				t.Errorf("Table(%d) = %q, %v, want %q", id, tb, ok, table)
			}
		}
	}
}

func TestDecodeRejects(t *testing.T) {
	for _, s := range []string{
		"", "%%%", "aGVsbG8", // "hello"
		"ZW1wbG95ZWVzOjA",             // employees:0
		"ZW1wbG95ZWVzOi0x",            // employees:-1
		"ZW1wbG95ZWVzOjAx",            // employees:01
		"ZW1wbG95ZWVzOjQyOTQ5NjcyOTY", // employees:4294967296
		"dXNlcnM6MQ",                  // users:1
		"ZW1wbG95ZWVzOjE=",            // padded
	} {
		if id, err := Decode(s); !errors.Is(err, ErrInvalid) {
			t.Errorf("Decode(%q) = %d, %v; want ErrInvalid", s, id, err)
		}
	}
	for _, raw := range []string{"employees:", "employees:+1", "employees:1a", "employees:١", "employees:99999999999", "employees1", ":1"} {
		s := base64.RawURLEncoding.EncodeToString([]byte(raw))
		if id, err := Decode(s); !errors.Is(err, ErrInvalid) {
			t.Errorf("Decode(%q) = %d, %v; want ErrInvalid", s, id, err)
		}
	}
	if _, err := UnmarshalID(12); !errors.Is(err, ErrInvalid) {
		t.Errorf("UnmarshalID(12) error = %v", err)
	}
}

func TestMarshalID(t *testing.T) {
	for _, id := range []int{starts["employees"] + 1, starts["agencies"] + span - 1, 7} {
		var b bytes.Buffer
		MarshalID(id).MarshalGQL(&b)
		if want := strconv.Quote(Encode(id)); b.String() != want {
			t.Errorf("MarshalID(%d) = %s, want %s", id, b.String(), want)
		}
	}
}

func FuzzDecode(f *testing.F) {
	f.Add("ZW1wbG95ZWVzOjE")
	f.Add("YWdlbmNpZXM6MQ")
	f.Add("ZW1wbG95ZWVzOjQyOTQ5NjcyOTU")
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		id, err := Decode(s)
		if err != nil {
			return
		}
		if Encode(id) != s {
			t.Fatalf("Encode(Decode(%q)) = %q", s, Encode(id))
		}
	})
}

// BenchmarkMarshalID measures writing an opaque ID into a response, as the
// executor does for every id field.
func BenchmarkMarshalID(b *testing.B) {
	id := starts["employees"] + 123456
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		MarshalID(id).MarshalGQL(&buf)
	}
}

// BenchmarkDecode measures reading an opaque ID from a request (node,
// nodes, idIn filters, mutation inputs).
func BenchmarkDecode(b *testing.B) {
	s := Encode(starts["enrollments"] + 7654321)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Decode(s); err != nil {
			b.Fatal(err)
		}
	}
}

func TestWords(t *testing.T) {
	for typ, want := range map[string]string{
		"Agency":             "agency",
		"PositionCompetency": "position competency",
		"APIKey":             "API key",
		"AuditRecord":        "audit record",
		"X":                  "x",
		"HTTPServer":         "HTTP server",
		"UsesAPI":            "uses API",
	} {
		if got := Words(typ); got != want {
			t.Errorf("Words(%q) = %q, want %q", typ, got, want)
		}
	}
}

func TestNotFound(t *testing.T) {
	id := starts["agencies"] + 7
	f := NotFound(id, "Agency")
	if f.ID != id || f.Msg != "no agency with ID "+Encode(id) || strings.Contains(f.Msg, strconv.Itoa(id)) {
		t.Errorf("NotFound = %+v", f)
	}
}
