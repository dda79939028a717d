package graph

import (
	"context"
	"slices"
	"testing"

	"kembang/ent"
)

// TestInputOrderGiven checks that an input's unmarshaller visits the
// fields given in the order of the type's fields, as gqlgen's loop over
// every field did, and leaves out keys that name no field.
func TestInputOrderGiven(t *testing.T) {
	o := newInputOrder("not", "and", "or", "id", "nip", "fullName", "fullNameHasPrefix")
	all := map[string]any{"fullName": 1, "not": 2, "nip": 3, "and": 4, "id": 5, "or": 6, "fullNameHasPrefix": 7}
	for _, tc := range []struct {
		name string
		obj  map[string]any
		buf  int
		want []string
	}{
		{"none", map[string]any{}, 8, nil},
		{"one", map[string]any{"fullNameHasPrefix": "a"}, 8, []string{"fullNameHasPrefix"}},
		{"schema order", all, 8, []string{"not", "and", "or", "id", "nip", "fullName", "fullNameHasPrefix"}},
		{"unknown keys left out", map[string]any{"nope": 1, "nip": 2, "NIP": 3}, 8, []string{"nip"}},
		{"more than the buffer", all, 2, []string{"not", "and", "or", "id", "nip", "fullName", "fullNameHasPrefix"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// Many runs: map iteration order is random.
			for range 50 {
				if got := o.given(tc.obj, make([]string, 0, tc.buf)); !slices.Equal(got, tc.want) {
					t.Fatalf("given = %q, want %q", got, tc.want)
				}
			}
		})
	}
}

// TestUnmarshalInputFields checks the generated unmarshallers of an input
// type of many fields and of one with a default: the fields given are
// set, the default applies when its field is not given, a value of the
// wrong type is refused, and the client's object is left unchanged.
func TestUnmarshalInputFields(t *testing.T) {
	ec := executionContext{}
	ctx := context.Background()
	obj := map[string]any{"fullNameHasPrefix": "Sit", "nipNEQ": "1", "active": true}
	w, err := ec.unmarshalInputEmployeeWhereInput(ctx, obj)
	if err != nil {
		t.Fatal(err)
	}
	if w.FullNameHasPrefix == nil || *w.FullNameHasPrefix != "Sit" || w.NipNEQ == nil || *w.NipNEQ != "1" || w.Active == nil || !*w.Active {
		t.Errorf("where = prefix %v, nipNEQ %v, active %v; want Sit, 1, true", w.FullNameHasPrefix, w.NipNEQ, w.Active)
	}
	if len(obj) != 3 {
		t.Errorf("the client's object changed: %v", obj)
	}
	order := map[string]any{"field": "FULL_NAME"}
	o, err := ec.unmarshalInputEmployeeOrder(ctx, order)
	if err != nil {
		t.Fatal(err)
	}
	if o.Direction != "ASC" || o.Field == nil || o.Field.String() != ent.EmployeeOrderFieldFullName.String() {
		t.Errorf("order = %v %v, want ASC by FULL_NAME", o.Direction, o.Field)
	}
	if len(order) != 1 {
		t.Errorf("the client's object changed: %v", order)
	}
	if _, err := ec.unmarshalInputEmployeeWhereInput(ctx, map[string]any{"fullNameHasPrefix": "a", "birthDate": "not a date"}); err == nil {
		t.Error("a birth date that is not a date: no error")
	}
}
