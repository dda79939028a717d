package cursor

import (
	"bytes"
	"encoding/base64"
	"errors"
	"strings"
	"testing"
	"time"

	"entgo.io/contrib/entgql"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vmihailenco/msgpack/v5"

	"kembang/internal/fault"
)

func TestRoundTrip(t *testing.T) {
	at := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	for _, c := range []Cursor{
		{ID: 1},
		{ID: 1<<32 + 5, Value: []any{"Budi Santoso"}},
		{ID: 7, Value: []any{"IV_A", "Citra Ayu"}},
		{ID: 9, Value: []any{at, int64(30), nil, true, 1.5}},
		{ID: 3, Value: "2026-03-02T08:00:00Z SIASN"},
	} {
		s := Encode(c, 42)
		got, tag, err := Decode(s)
		if err != nil || tag != 42 || got.ID != c.ID {
			t.Errorf("Decode(Encode(%v)) = %v, %d, %v", c, got, tag, err)
		}
		// entgql's own decoding, which ent's eager loading of nested
		// connections uses, reads the same cursor.
		var e entgql.Cursor[int]
		if err := e.UnmarshalGQL(s); err != nil || e.ID != c.ID {
			t.Errorf("entgql reads %q as %v, %v", s, e, err)
		}
	}
}

func TestDecodeRejects(t *testing.T) {
	raw := func(v any) string {
		var b bytes.Buffer
		if err := msgpack.NewEncoder(&b).Encode(v); err != nil {
			t.Fatal(err)
		}
		return base64.RawStdEncoding.EncodeToString(b.Bytes())
	}
	good := Encode(Cursor{ID: 1, Value: []any{"a"}}, 1)
	for name, s := range map[string]string{
		"empty":           "",
		"garbage":         "garbage",
		"not base64":      "%%%",
		"padded":          good + "==",
		"URL alphabet":    strings.NewReplacer("+", "-", "/", "_").Replace(Encode(Cursor{ID: 1 << 60, Value: []any{"???>>>"}}, 1)) + "-_",
		"trailing bytes":  raw(wire{ID: 1, Tag: 1}) + "AA",
		"unknown key":     raw(map[string]any{"i": 1, "k": 1, "x": 2}),
		"ID not a number": raw(map[string]any{"i": "1", "k": 1}),
		"nested value":    raw(map[string]any{"i": 1, "k": 1, "v": []any{map[string]any{"a": 1}}}),
		"list in a list":  raw(map[string]any{"i": 1, "k": 1, "v": []any{[]any{1}}}),
		"too long":        raw(map[string]any{"i": 1, "k": 1, "v": []any{strings.Repeat("x", 3000)}}),
		"an array":        raw([]any{1, 2}),
	} {
		if c, _, err := Decode(s); !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: Decode(%q) = %v, %v; want ErrInvalid", name, s, c, err)
		}
	}
}

// field parses the one field of a query against a small schema.
func field(t *testing.T, query string) *ast.Field {
	t.Helper()
	schema := gqlparser.MustLoadSchema(&ast.Source{Input: `
		type Query { employees(after: String, first: Int, orderBy: [Order!]): EmployeeConnection! sessions(after: String, first: Int, orderBy: [Order!]): SessionConnection! }
		type EmployeeConnection { totalCount: Int! }
		type SessionConnection { totalCount: Int! }
		input Order { field: String!, direction: Direction = ASC }
		enum Direction { ASC DESC }`})
	doc, err := gqlparser.LoadQuery(schema, query)
	if err != nil {
		t.Fatal(err)
	}
	return doc.Operations[0].SelectionSet[0].(*ast.Field)
}

func TestTag(t *testing.T) {
	q := func(args string) string {
		if strings.Contains(args, "$o") {
			return `query($o: [Order!]) { ` + args + ` { totalCount } }`
		}
		return `{ ` + args + ` { totalCount } }`
	}
	base := Tag(field(t, q(`employees(first: 1, orderBy: [{field: "FULL_NAME"}])`)), nil)
	same := map[string]struct {
		query string
		vars  map[string]any
	}{
		"direction given":        {q(`employees(first: 1, orderBy: [{field: "FULL_NAME", direction: ASC}])`), nil},
		"other arguments":        {q(`employees(first: 9, after: "x", orderBy: [{field: "FULL_NAME"}])`), nil},
		"alias":                  {q(`e: employees(orderBy: [{field: "FULL_NAME"}])`), nil},
		"variable":               {q(`employees(orderBy: $o)`), map[string]any{"o": []any{map[string]any{"field": "FULL_NAME"}}}},
		"variable of one object": {q(`employees(orderBy: $o)`), map[string]any{"o": map[string]any{"field": "FULL_NAME"}}},
		"coerced variable":       {q(`employees(orderBy: $o)`), map[string]any{"o": []map[string]any{{"field": "FULL_NAME", "direction": "ASC"}}}},
		"one object inline":      {q(`employees(orderBy: {field: "FULL_NAME"})`), nil},
	}
	for name, c := range same {
		if got := Tag(field(t, c.query), c.vars); got != base {
			t.Errorf("%s: tag %d, want %d", name, got, base)
		}
	}
	other := map[string]string{
		"no order":        q(`employees(first: 1)`),
		"other order":     q(`employees(orderBy: [{field: "NIP"}])`),
		"other direction": q(`employees(orderBy: [{field: "FULL_NAME", direction: DESC}])`),
		"two orders":      q(`employees(orderBy: [{field: "FULL_NAME"}, {field: "NIP"}])`),
		"other field":     q(`sessions(orderBy: [{field: "FULL_NAME"}])`),
	}
	for name, query := range other {
		if got := Tag(field(t, query), nil); got == base {
			t.Errorf("%s: same tag as FULL_NAME", name)
		}
	}
}

func TestCheck(t *testing.T) {
	byName := field(t, `{ employees(orderBy: [{field: "FULL_NAME"}]) { totalCount } }`)
	byID := field(t, `{ employees { totalCount } }`)
	good := Encode(Cursor{ID: 1, Value: []any{"Budi"}}, Tag(byName, nil))
	if c, err := Check(byName, nil, "after", good); err != nil || c.ID != 1 {
		t.Errorf("Check(good) = %v, %v", c, err)
	}
	for name, c := range map[string]struct {
		f    *ast.Field
		s    string
		want error
	}{
		"garbage":                  {byName, "garbage", ErrInvalid},
		"another order":            {byID, good, ErrOtherList},
		"values of another length": {byName, Encode(Cursor{ID: 1, Value: []any{"a", "b"}}, Tag(byName, nil)), ErrInvalid},
		"no values":                {byName, Encode(Cursor{ID: 1}, Tag(byName, nil)), ErrInvalid},
	} {
		_, err := Check(c.f, nil, "before", c.s)
		f, ok := fault.As(err)
		if !ok || f.Code != fault.BadInput || f.Field != "before" || !errors.Is(err, c.want) {
			t.Errorf("%s: Check = %v, want a BAD_USER_INPUT fault on before: %v", name, err, c.want)
		}
	}
}

// FuzzDecode: Decode never panics, and what it accepts encodes back to a
// cursor it reads alike.
func FuzzDecode(f *testing.F) {
	f.Add(Encode(Cursor{ID: 1, Value: []any{"Budi", int64(3)}}, 7))
	f.Add(Encode(Cursor{ID: 1 << 40}, 0))
	f.Add("garbage")
	f.Fuzz(func(t *testing.T, s string) {
		c, tag, err := Decode(s)
		if err != nil {
			return
		}
		again, tag2, err := Decode(Encode(c, tag))
		if err != nil || again.ID != c.ID || tag2 != tag {
			t.Errorf("Decode(%q) = %v, %d; re-encoded: %v, %d, %v", s, c, tag, again, tag2, err)
		}
	})
}

func BenchmarkEncode(b *testing.B) {
	c := Cursor{ID: 1 << 33, Value: []any{"Budi Santoso"}}
	for b.Loop() {
		Encode(c, 7)
	}
}

func BenchmarkTag(b *testing.B) {
	t := &testing.T{}
	f := field(t, `{ employees(first: 100, orderBy: [{field: "FULL_NAME"}]) { totalCount } }`)
	for b.Loop() {
		Tag(f, nil)
	}
}
