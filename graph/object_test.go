package graph

import (
	"bytes"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
)

// TestObjectMarshal checks that object writes what graphql.FieldSet
// writes for the same fields and values, duplicate aliases included.
func TestObjectMarshal(t *testing.T) {
	field := func(alias string) graphql.CollectedField {
		return graphql.CollectedField{Field: &ast.Field{Alias: alias, Name: alias}}
	}
	for _, tc := range []struct {
		name   string
		fields []graphql.CollectedField
	}{
		{"none", nil},
		{"one", []graphql.CollectedField{field("id")}},
		{"several", []graphql.CollectedField{field("id"), field("fullName"), field("__typename")}},
		{"a repeated alias", []graphql.CollectedField{field("a"), field("b"), field("a"), field("c"), field("b")}},
		{"a repeated first alias", []graphql.CollectedField{field("a"), field("a")}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want := graphql.NewFieldSet(tc.fields)
			got := newObject(tc.fields)
			for i := range tc.fields {
				v := graphql.MarshalInt(i)
				want.Values[i], got.Values[i] = v, v
			}
			var w, g bytes.Buffer
			want.MarshalGQL(&w)
			got.MarshalGQL(&g)
			if g.String() != w.String() {
				t.Errorf("object = %s, graphql.FieldSet = %s", g.String(), w.String())
			}
		})
	}
}

// BenchmarkObjectMarshal compares object with graphql.FieldSet, which it
// replaces, on an employee-sized object of six fields.
func BenchmarkObjectMarshal(b *testing.B) {
	var fields []graphql.CollectedField
	for _, alias := range []string{"id", "nip", "fullName", "jobType", "active", "__typename"} {
		fields = append(fields, graphql.CollectedField{Field: &ast.Field{Alias: alias, Name: alias}})
	}
	v := graphql.MarshalString("Siti Rahmawati")
	var buf bytes.Buffer
	for _, bc := range []struct {
		name string
		set  func() graphql.Marshaler
	}{
		{"object", func() graphql.Marshaler {
			o := newObject(fields)
			for i := range o.Values {
				o.Values[i] = v
			}
			return o
		}},
		{"FieldSet", func() graphql.Marshaler {
			o := graphql.NewFieldSet(fields)
			for i := range o.Values {
				o.Values[i] = v
			}
			return o
		}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				buf.Reset()
				bc.set().MarshalGQL(&buf)
			}
		})
	}
}
