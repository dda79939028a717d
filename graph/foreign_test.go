package graph_test

import (
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"

	"kembang/ent/gid"
	"kembang/graph"
)

// apiSchema is the executable schema the server runs.
func apiSchema() *ast.Schema { return graph.NewExecutableSchema(graph.Config{}).Schema() }

// An idSlot is a place of a mutation that takes IDs: an argument, or a
// field of an input-object argument. name is its name as the schema
// spells it (what extensions.field must say); typ the entity type its IDs
// must name.
type idSlot struct {
	arg, field string // field is "" for an argument
	list       bool
	typ        string
}

// name is the slot's name as the schema spells it.
func (s idSlot) name() string {
	if s.field != "" {
		return s.field
	}
	return s.arg
}

// idSlots returns the ID slots of a mutation field, with the entity type
// each names, inferred from the schema as its names tell: an argument
// "id" names the entity the mutation returns (or, for a delete returning
// an ID, the one it names); "xID", "xId", "xIDs", "xIds" (and an update
// input's "addXIDs", "removeXIDs") name the type of field x (or xs) of
// the entity, or the entity itself when x is its name.
func idSlots(t *testing.T, s *ast.Schema, f *ast.FieldDefinition) []idSlot {
	t.Helper()
	owner := entityOf(s, f)
	var out []idSlot
	add := func(arg, field string, typ *ast.Type, on string) {
		if typ.Name() != "ID" {
			return
		}
		name := arg
		if field != "" {
			name = field
		}
		slot := idSlot{arg: arg, field: field, list: typ.Elem != nil, typ: targetOf(s, on, name)}
		if slot.typ == "" {
			t.Errorf("%s: cannot tell which entity %s names: name ID arguments and input fields after a field of the entity (xID, xIds)", f.Name, name)
			return
		}
		out = append(out, slot)
	}
	for _, a := range f.Arguments {
		def := s.Types[a.Type.Name()]
		if def.Kind != ast.InputObject {
			add(a.Name, "", a.Type, owner)
			continue
		}
		on := inputEntity(s, def, owner)
		for _, fd := range def.Fields {
			add(a.Name, fd.Name, fd.Type, on)
		}
	}
	return out
}

// inputEntity returns the entity an input object of a mutation about
// owner describes: X for CreateXInput and UpdateXInput, else owner.
func inputEntity(s *ast.Schema, def *ast.Definition, owner string) string {
	on := strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(def.Name, "Create"), "Update"), "Input")
	if s.Types[on] == nil {
		return owner
	}
	return on
}

// entityOf returns the entity type a mutation is about: the object it
// returns, else the type its name ends with (deleteAgency → Agency).
func entityOf(s *ast.Schema, f *ast.FieldDefinition) string {
	if d := s.Types[f.Type.Name()]; d != nil && d.Kind == ast.Object && slices.Contains(d.Interfaces, "Node") {
		return d.Name
	}
	if d := s.Types[f.Type.Name()]; d != nil && d.Kind == ast.Object {
		// A payload (CreatedAPIKey): its one Node field.
		for _, fd := range d.Fields {
			if n := s.Types[fd.Type.Name()]; n != nil && slices.Contains(n.Interfaces, "Node") {
				return n.Name
			}
		}
	}
	for i := 1; i < len(f.Name); i++ {
		if d := s.Types[f.Name[i:]]; d != nil && d.Kind == ast.Object {
			return d.Name
		}
	}
	return ""
}

// targetOf returns the entity type an ID slot named name of entity on
// names.
func targetOf(s *ast.Schema, on, name string) string {
	if name == "id" {
		return on
	}
	base := name
	for _, suffix := range []string{"IDs", "Ids", "ID", "Id"} {
		if b, ok := strings.CutSuffix(name, suffix); ok {
			base = b
			break
		}
	}
	for _, prefix := range []string{"add", "remove"} {
		if b, ok := strings.CutPrefix(base, prefix); ok && b != "" && b[0] >= 'A' && b[0] <= 'Z' {
			base = strings.ToLower(b[:1]) + b[1:]
		}
	}
	if strings.EqualFold(base, on) {
		return on
	}
	d := s.Types[on]
	if d == nil {
		return ""
	}
	for _, cand := range []string{base, base + "s", strings.TrimSuffix(base, "y") + "ies"} {
		fd := d.Fields.ForName(cand)
		if fd == nil {
			continue
		}
		typ := s.Types[fd.Type.Name()]
		if strings.HasSuffix(typ.Name, "Connection") {
			typ = s.Types[strings.TrimSuffix(typ.Name, "Connection")]
		}
		if typ != nil && slices.Contains(typ.Interfaces, "Node") {
			return typ.Name
		}
	}
	return ""
}

// filler returns a valid value of a required argument or input field of
// type typ, other than an ID: only the ID under test is at fault.
func filler(s *ast.Schema, typ *ast.Type, ids func(*ast.Type) any) any {
	if typ.Elem != nil {
		return []any{filler(s, typ.Elem, ids)}
	}
	d := s.Types[typ.Name()]
	switch {
	case d.Name == "ID":
		return ids(typ)
	case d.Kind == ast.Enum:
		return d.EnumValues[0].Name
	case d.Kind == ast.InputObject:
		obj := map[string]any{}
		for _, fd := range d.Fields {
			if fd.Type.NonNull && fd.DefaultValue == nil {
				obj[fd.Name] = filler(s, fd.Type, ids)
			}
		}
		return obj
	}
	switch d.Name {
	case "String":
		return "Uji"
	case "Int":
		return 1
	case "Float":
		return 1.5
	case "Boolean":
		return false
	case "Time":
		return "2026-05-04T08:00:00Z"
	case "Date":
		return "2026-05-04"
	}
	panic("no filler for " + d.Name)
}

// samples returns an API ID of a row of every entity type the scene
// holds, by GraphQL type name.
func samples(t *testing.T, s *scene) map[string]string {
	t.Helper()
	out := map[string]string{}
	var ids []string
	v := reflect.ValueOf(*s)
	for i := range v.NumField() {
		if f := v.Field(i); f.Kind() == reflect.String && f.String() != "" {
			ids = append(ids, f.String())
		}
	}
	ids = append(ids, s.comp) // the maker's
	for _, id := range ids {
		var r struct {
			Node struct {
				Typename string `json:"__typename"`
			}
		}
		s.a.ok(`query($id: ID!) { node(id: $id) { __typename } }`, map[string]any{"id": id}, &r)
		if _, ok := out[r.Node.Typename]; !ok {
			out[r.Node.Typename] = id
		}
	}
	return out
}

// absent returns a well-formed ID of the type of the row id names that
// names no row: the row number 2^31 further.
func absent(t testing.TB, id string) string {
	t.Helper()
	return gid.Encode(rawID(t, id) + 1<<31)
}

// A foreignCase is a mutation with one ID at fault.
type foreignCase struct {
	mutation string
	slot     idSlot
	sent     string // the ID at fault
	query    string
	vars     map[string]any
}

// foreignCases generates, from the schema, a case for every mutation, every
// ID slot and every entity type but the slot's own, and one with an ID of
// the slot's type that names no row.
func foreignCases(t *testing.T, s *ast.Schema, sample map[string]string) []foreignCase {
	var types []string
	for typ := range sample {
		types = append(types, typ)
	}
	sort.Strings(types)
	var out []foreignCase
	for _, f := range s.Mutation.Fields {
		for _, slot := range idSlots(t, s, f) {
			own, ok := sample[slot.typ]
			if !ok {
				t.Errorf("%s.%s: no %s in the scene", f.Name, slot.name(), slot.typ)
				continue
			}
			var sends []string
			for _, typ := range types {
				if typ != slot.typ {
					sends = append(sends, sample[typ])
				}
			}
			sends = append(sends, absent(t, own))
			for _, sent := range sends {
				out = append(out, foreignCase{mutation: f.Name, slot: slot, sent: sent})
				c := &out[len(out)-1]
				c.query, c.vars = foreignCall(t, s, f, slot, sent, sample)
			}
		}
	}
	return out
}

// foreignCall writes a call of mutation f with sent in slot and valid
// values in every other required argument and input field.
func foreignCall(t *testing.T, s *ast.Schema, f *ast.FieldDefinition, slot idSlot, sent string, sample map[string]string) (string, map[string]any) {
	owner := entityOf(s, f)
	idFor := func(on, name string) func(*ast.Type) any {
		return func(typ *ast.Type) any {
			id := sample[targetOf(s, on, name)]
			if typ.Elem != nil {
				return []any{id}
			}
			return id
		}
	}
	var params, args []string
	vars := map[string]any{}
	for i, a := range f.Arguments {
		v := "v" + strconv.Itoa(i)
		def := s.Types[a.Type.Name()]
		var val any
		switch {
		case a.Name == slot.arg && slot.field == "":
			val = sent
			if slot.list {
				val = []any{sent}
			}
		case def.Kind == ast.InputObject:
			on := inputEntity(s, def, owner)
			obj := map[string]any{}
			for _, fd := range def.Fields {
				switch {
				case a.Name == slot.arg && fd.Name == slot.field:
					obj[fd.Name] = sent
					if slot.list {
						obj[fd.Name] = []any{sent}
					}
				case fd.Type.NonNull && fd.DefaultValue == nil:
					obj[fd.Name] = filler(s, fd.Type, idFor(on, fd.Name))
				}
			}
			val = obj
		case a.Type.NonNull && a.DefaultValue == nil:
			val = filler(s, a.Type, idFor(owner, a.Name))
		default:
			continue
		}
		params = append(params, fmt.Sprintf("$%s: %s", v, a.Type.String()))
		args = append(args, fmt.Sprintf("%s: $%s", a.Name, v))
		vars[v] = val
	}
	sel := ""
	if d := s.Types[f.Type.Name()]; d.Kind == ast.Object {
		sel = " { __typename }"
	}
	q := fmt.Sprintf("mutation(%s) { %s(%s)%s }", strings.Join(params, ", "), f.Name, strings.Join(args, ", "), sel)
	return q, vars
}

// TestForeignIDs sends every mutation, for every ID it takes, an ID of
// every other entity type and an ID of its own type that names no row:
// each is refused with NOT_FOUND naming the argument or input field as the
// schema spells it, in a message that shows the ID as sent and not the raw
// integer, never with INTERNAL_SERVER_ERROR. The cases are generated from
// the executable schema: a new mutation or input field is covered as soon
// as it exists. Each runs as ADMIN and as an HR officer, whose write rules
// load the rows named, and as one of the other viewers in turn.
func TestForeignIDs(t *testing.T) {
	forEachStore(t, func(t *testing.T, a *api) {
		sc := newScene(t, a)
		sample := samples(t, sc)
		cases := foreignCases(t, apiSchema(), sample)
		if len(cases) < 2000 {
			t.Fatalf("only %d cases generated", len(cases))
		}
		others := everyViewer()[2:]
		bad := map[string]int{}
		for i, c := range cases {
			for _, v := range []viewers{vAdmin, vHR, others[i%len(others)]} {
				r := sc.as(v, c.query, c.vars)
				slot := fmt.Sprintf("%s.%s", c.mutation, c.slot.name())
				var problem string
				switch {
				case len(r.Errors) == 0:
					problem = fmt.Sprintf("accepted: %s", r.Data)
				case r.code() != "NOT_FOUND" || r.field() != c.slot.name():
					problem = fmt.Sprintf("code %s, field %q: %q", r.code(), r.field(), r.Errors[0].Message)
				case !strings.Contains(r.Errors[0].Message, c.sent) || strings.Contains(r.Errors[0].Message, strconv.Itoa(rawID(t, c.sent))):
					problem = fmt.Sprintf("the message does not show the ID as sent: %q", r.Errors[0].Message)
				default:
					continue
				}
				if bad[slot]++; bad[slot] <= 2 {
					t.Errorf("%s as %s, %s = %s: %s", c.mutation, v, c.slot.name(), c.sent, problem)
				}
			}
		}
		if len(bad) > 0 {
			t.Errorf("%d of %d slots answer wrongly", len(bad), len(cases))
		}
	})
}
