// Package cursor writes and reads the cursors of the API's connections so
// that each carries the list it was made for.
//
// A cursor is what entgql makes of a row (its ID and the values of the
// order fields, ent.Cursor) plus a tag: a hash of the connection field it
// was written by (Query.employees, Agency.employees) and of that field's
// orderBy (each order field and direction). A cursor given back to another
// connection field, or to the same one under another order, names a
// position in another list: it is refused, as is a string that is not a
// cursor at all, with a BAD_USER_INPUT fault naming the argument ("after"
// or "before"), never a driver error or a silently wrong page.
//
// The wire format is entgql's (base64 of a MessagePack map with the keys
// "i" and "v") with the tag under the key "k", so that entgql's own
// decoding, which ent's eager loading of nested connections uses, reads
// the same cursors; the GraphQL layer checks every cursor of an operation
// with Check before any of it runs.
package cursor

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vmihailenco/msgpack/v5"

	"kembang/internal/fault"
)

// Cursor is a connection's cursor as ent and entgql read it.
type Cursor = entgql.Cursor[int]

// maxLen bounds the length of a cursor string: the longest order (a few
// fields, a text value each) is far shorter.
const maxLen = 2048

// Errors of Decode and Check, shown to clients.
var (
	// ErrInvalid is the error of a string that is not a cursor.
	ErrInvalid = errors.New("is not a cursor: pass a cursor of this list (edges.cursor, pageInfo.startCursor or endCursor) as it was returned")
	// ErrOtherList is the error of a cursor of another connection or
	// order.
	ErrOtherList = errors.New("is a cursor of another list or order: pass a cursor this field returned with the same orderBy")
)

// wire is a cursor as written: entgql.Cursor's fields and the tag.
type wire struct {
	ID    int       `msgpack:"i"`
	Value ent.Value `msgpack:"v,omitempty"`
	Tag   uint32    `msgpack:"k"`
}

// Encode returns the string form of c, tagged with tag.
func Encode(c Cursor, tag uint32) string {
	return string(appendEncoded(nil, c, tag))
}

// appendEncoded appends the string form of c, tagged with tag, to dst.
func appendEncoded(dst []byte, c Cursor, tag uint32) []byte {
	b := buffers.Get().(*bytes.Buffer)
	defer buffers.Put(b)
	b.Reset()
	enc := msgpack.GetEncoder()
	defer msgpack.PutEncoder(enc)
	enc.Reset(b)
	if err := enc.Encode(wire{c.ID, c.Value, tag}); err != nil {
		// Order values are scalars, which always encode.
		panic(fmt.Sprintf("cursor: encoding %v: %v", c, err))
	}
	return base64.RawStdEncoding.AppendEncode(dst, b.Bytes())
}

// buffers holds the buffers cursors are encoded in.
var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// Decode reads a cursor string and returns the cursor and its tag. It
// refuses, with ErrInvalid, anything Encode did not write: a string that is
// not base64 or not one MessagePack map of the cursor's keys, or whose
// values are not scalars (order values are strings, numbers, booleans,
// times or null).
func Decode(s string) (Cursor, uint32, error) {
	if len(s) > maxLen {
		return Cursor{}, 0, ErrInvalid
	}
	b, err := base64.RawStdEncoding.Strict().DecodeString(s)
	if err != nil {
		return Cursor{}, 0, ErrInvalid
	}
	r := bytes.NewReader(b)
	dec := msgpack.NewDecoder(r)
	dec.DisallowUnknownFields(true)
	var w wire
	if err := dec.Decode(&w); err != nil || r.Len() > 0 || !scalars(w.Value) {
		return Cursor{}, 0, ErrInvalid
	}
	return Cursor{ID: w.ID, Value: w.Value}, w.Tag, nil
}

// scalars reports whether v is a scalar or a list of scalars.
func scalars(v any) bool {
	if l, ok := v.([]any); ok {
		for _, x := range l {
			if !scalar(x) {
				return false
			}
		}
		return true
	}
	return scalar(v)
}

// scalar reports whether v is a value an order field may hold.
func scalar(v any) bool {
	switch v.(type) {
	case nil, string, bool, int8, int16, int32, int64, int, uint8, uint16, uint32, uint64, uint, float32, float64, time.Time:
		return true
	}
	return false
}

// Tag returns the tag of the cursors connection field f writes under the
// variables vars: a hash of the field's object type and name and of its
// orderBy argument, each order field with its direction (ASC when left
// out), in order. A field without orderBy, or with an empty one, has the
// tag of its default order.
func Tag(f *ast.Field, vars map[string]any) uint32 {
	h := hashString(offset32, "")
	if f.ObjectDefinition != nil {
		h = hashString(h, f.ObjectDefinition.Name)
	}
	h = hashString(hashString(h, "."), f.Name)
	eachOrder(f, vars, func(field, dir string) {
		h = hashString(hashString(hashString(hashString(h, "|"), field), " "), dir)
	})
	return h
}

// TagFor returns the tag of the cursors the connection field object.field
// (Query.employees) writes under orders, each "FIELD DIRECTION"
// ("FULL_NAME ASC"): what Tag computes from a query, for clients that make
// a cursor themselves (the benchmarks).
func TagFor(object, field string, orders ...string) uint32 {
	h := hashString(hashString(hashString(offset32, object), "."), field)
	for _, o := range orders {
		h = hashString(hashString(h, "|"), o)
	}
	return h
}

// FNV-1a, 32 bits, over strings without allocating.
const (
	offset32 = 2166136261
	prime32  = 16777619
)

func hashString(h uint32, s string) uint32 {
	for i := 0; i < len(s); i++ {
		h ^= uint32(s[i])
		h *= prime32
	}
	return h
}

// eachOrder calls fn with each order field and direction (ASC when left
// out) of f's orderBy argument, given inline or as variables (a list, or
// one object where the list is expected, coerced to a list or not).
func eachOrder(f *ast.Field, vars map[string]any, fn func(field, dir string)) {
	a := f.Arguments.ForName("orderBy")
	if a == nil || a.Value == nil {
		return
	}
	orderOf := func(field, dir string) {
		if dir == "" {
			dir = string(entgql.OrderDirectionAsc)
		}
		fn(field, dir)
	}
	switch v := a.Value; v.Kind {
	case ast.Variable:
		switch o := vars[v.Raw].(type) {
		case []any:
			for _, x := range o {
				m, _ := x.(map[string]any)
				orderOf(mapOrder(m))
			}
		case []map[string]any:
			for _, m := range o {
				orderOf(mapOrder(m))
			}
		case map[string]any:
			orderOf(mapOrder(o))
		}
	case ast.ListValue:
		for _, c := range v.Children {
			orderOf(valueOrder(c.Value, vars))
		}
	case ast.ObjectValue:
		orderOf(valueOrder(v, vars))
	}
}

// mapOrder returns the field and direction of an order given as a
// variable.
func mapOrder(m map[string]any) (field, dir string) {
	field, _ = m["field"].(string)
	dir, _ = m["direction"].(string)
	return field, dir
}

// valueOrder returns the field and direction of an order given inline
// (whose field and direction may be variables).
func valueOrder(v *ast.Value, vars map[string]any) (field, dir string) {
	if v == nil {
		return "", ""
	}
	if v.Kind == ast.Variable {
		m, _ := vars[v.Raw].(map[string]any)
		return mapOrder(m)
	}
	for _, c := range v.Children {
		s := c.Value.Raw
		if c.Value.Kind == ast.Variable {
			s, _ = vars[c.Value.Raw].(string)
		}
		switch c.Name {
		case "field":
			field = s
		case "direction":
			dir = s
		}
	}
	return field, dir
}

// Check decodes s, given as the argument arg ("after" or "before") of the
// connection field f under the variables vars, and returns the cursor, or
// a BAD_USER_INPUT fault naming arg when s is not a cursor (ErrInvalid) or
// is one of another connection field or order (ErrOtherList).
func Check(f *ast.Field, vars map[string]any, arg, s string) (Cursor, error) {
	c, tag, err := Decode(s)
	if err != nil {
		return Cursor{}, fault.Input(arg, err)
	}
	if tag != Tag(f, vars) {
		return Cursor{}, fault.Input(arg, ErrOtherList)
	}
	n := 0
	eachOrder(f, vars, func(string, string) { n++ })
	if n > 0 {
		if values, ok := c.Value.([]any); !ok || len(values) != n {
			return Cursor{}, fault.Input(arg, ErrInvalid)
		}
	}
	return c, nil
}

// connection returns the nearest connection field in ctx (the field
// itself, or the one above an edge's or page info's cursor field), and the
// operation's variables.
func connection(ctx context.Context) (*ast.Field, map[string]any) {
	var vars map[string]any
	if graphql.HasOperationContext(ctx) {
		vars = graphql.GetOperationContext(ctx).Variables
	}
	for fc := graphql.GetFieldContext(ctx); fc != nil; fc = fc.Parent {
		if f := fc.Field.Field; f != nil && f.Definition != nil && f.Definition.Arguments.ForName("first") != nil &&
			strings.HasSuffix(f.Definition.Type.Name(), "Connection") {
			return f, vars
		}
	}
	return nil, vars
}

// MarshalCursor writes c for the GraphQL executor, tagged with the
// connection field it is written under.
func MarshalCursor(c Cursor) graphql.ContextMarshaler {
	return graphql.ContextWriterFunc(func(ctx context.Context, w io.Writer) error {
		var tag uint32
		if f, vars := connection(ctx); f != nil {
			tag = Tag(f, vars)
		}
		var buf [128]byte
		b := append(appendEncoded(append(buf[:0], '"'), c, tag), '"') // base64 needs no JSON escaping
		_, err := w.Write(b)
		return err
	})
}

// UnmarshalCursor reads a cursor argument for the GraphQL executor, which
// parses it with the connection field's context: a cursor of another
// field or order is refused as Check refuses it.
func UnmarshalCursor(ctx context.Context, v any) (Cursor, error) {
	s, ok := v.(string)
	if !ok {
		return Cursor{}, &fault.Error{Code: fault.BadInput, Msg: ErrInvalid.Error()}
	}
	arg := ""
	if p := graphql.GetPath(ctx); len(p) > 0 {
		if name, ok := p[len(p)-1].(ast.PathName); ok {
			arg = string(name)
		}
	}
	f, vars := connection(ctx)
	if f == nil {
		c, _, err := Decode(s)
		if err != nil {
			return Cursor{}, fault.Input(arg, err)
		}
		return c, nil
	}
	return Check(f, vars, arg, s)
}
