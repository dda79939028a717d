package graph

// inputOrder is the order of an input object type's fields, by name: the
// position of each in the schema. The carried template input.gotpl of
// tools/codegen/gqlplugin declares one per input type.
//
// gqlgen's unmarshaller of an input object looks up every field of the
// type in the object the client sent, in the schema's order, to
// unmarshal those given in that order: 200 map lookups for an
// EmployeeWhereInput of one field, on every request that filters
// employees. With an inputOrder it visits the fields given, in the same
// order.
type inputOrder map[string]int

// newInputOrder returns the order of fields.
func newInputOrder(fields ...string) inputOrder {
	o := make(inputOrder, len(fields))
	for i, f := range fields {
		o[f] = i
	}
	return o
}

// given appends to buf the keys of obj that name a field of the type, in
// the order of the type's fields, and returns the extended buf. Keys that
// name no field (which validation refuses before any unmarshalling) are
// left out, as gqlgen's loop over the type's fields leaves them.
func (o inputOrder) given(obj map[string]any, buf []string) []string {
	for k := range obj {
		if _, ok := o[k]; !ok {
			continue
		}
		// Insertion by position: an input object has few fields given.
		i := len(buf)
		buf = append(buf, k)
		for ; i > 0 && o[buf[i-1]] > o[k]; i-- {
			buf[i] = buf[i-1]
		}
		buf[i] = k
	}
	return buf
}
