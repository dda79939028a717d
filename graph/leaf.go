package graph

import (
	"io"
	"math"
	"strconv"
	"time"

	"github.com/99designs/gqlgen/graphql"

	"kembang/ent/gid"
	"kembang/internal/calendar"
	"kembang/internal/domain/jp"
)

// finite reports whether f is neither NaN nor infinite: the floats that
// leaf fields marshal without a field context (gqlplugin.LeafField).
func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }

// leavesDirect reports whether the functions of leaf fields read straight
// off a model (gqlplugin.LeafField) may return the leaf values below
// without a field context, and so without running field middleware: only
// while no field middleware that must see every field is installed
// (Server.AroundFields, Server.Use). The server's own asViewer need not
// see them: a leaf reads its model, not the context, and the field that
// loaded the model went through asViewer.
func (ec *executionContext) leavesDirect() bool {
	r, ok := ec.Resolvers.(*Resolver)
	return ok && !r.fieldHooks.Load()
}

// The leaf values below are pointers into a model's fields that write the
// field as gqlgen's marshaller of its type does (graph.MarshalString, …),
// byte for byte (TestLeafValues). The generated executor returns them from
// the functions of fields read straight off a model (gqlplugin.LeafField,
// the carried template tools/codegen/gqlplugin/templates/exec): a pointer converted to graphql.Marshaler costs no
// allocation, where gqlgen's marshallers allocate a closure, or three for
// a float, for every field of every object. The field is read when the
// response is written, after every field is resolved; models are not
// changed in between.
type (
	stringValue string
	intValue    int
	int64Value  int64
	boolValue   bool
	idValue     int
	// floatValue is finite.
	floatValue float64
	// timeValue is not zero.
	timeValue time.Time
	// dateValue is a Date: a time written as its calendar day in WIB.
	dateValue time.Time
)

// MarshalGQL implements graphql.Marshaler as graphql.MarshalString.
func (v *stringValue) MarshalGQL(w io.Writer) {
	graphql.MarshalString(string(*v)).MarshalGQL(w) // inlined: no allocation
}

// MarshalGQL implements graphql.Marshaler as graphql.MarshalInt.
func (v *intValue) MarshalGQL(w io.Writer) { writeInt(w, int64(*v)) }

// MarshalGQL implements graphql.Marshaler as graphql.MarshalInt64.
func (v *int64Value) MarshalGQL(w io.Writer) { writeInt(w, int64(*v)) }

// MarshalGQL implements graphql.Marshaler as graphql.MarshalBoolean.
func (v *boolValue) MarshalGQL(w io.Writer) {
	if *v {
		io.WriteString(w, "true")
	} else {
		io.WriteString(w, "false")
	}
}

// MarshalGQL implements graphql.Marshaler as gid.MarshalID.
func (v *idValue) MarshalGQL(w io.Writer) { gid.WriteID(w, int(*v)) }

// MarshalGQL implements graphql.Marshaler as graphql.MarshalFloatContext
// does for a finite float (%g).
func (v *floatValue) MarshalGQL(w io.Writer) {
	w.Write(strconv.AppendFloat(scratch(w), float64(*v), 'g', -1, 64))
}

// MarshalGQL implements graphql.Marshaler as graphql.MarshalTime does for
// a time that is not zero: quoted RFC 3339 with nanoseconds, which has
// nothing to escape.
func (v *timeValue) MarshalGQL(w io.Writer) {
	b := append(scratch(w), '"')
	w.Write(append((*time.Time)(v).AppendFormat(b, time.RFC3339Nano), '"'))
}

// MarshalGQL implements graphql.Marshaler as calendar.MarshalDate: the
// quoted day of the time in WIB, YYYY-MM-DD.
func (v *dateValue) MarshalGQL(w io.Writer) {
	b := append(scratch(w), '"')
	w.Write(append((*time.Time)(v).In(jp.WIB).AppendFormat(b, calendar.Layout), '"'))
}

// writeInt writes n in decimal.
func writeInt(w io.Writer, n int64) {
	w.Write(strconv.AppendInt(scratch(w), n, 10))
}

// scratch returns the free space of w to append to and then write, when
// w is a buffer that has it (the executor writes to a bytes.Buffer), so
// that writing a number or a time allocates nothing; else nil.
func scratch(w io.Writer) []byte {
	if b, ok := w.(interface{ AvailableBuffer() []byte }); ok {
		return b.AvailableBuffer()
	}
	return nil
}
