package graph

import (
	"bytes"
	"context"
	"math"
	"testing"
	"time"

	"github.com/99designs/gqlgen/graphql"

	"kembang/ent/gid"
	"kembang/internal/calendar"
)

// TestLeafValues checks that each leaf value writes what gqlgen's
// marshaller of its type writes, and allocates nothing on the executor's
// buffer.
func TestLeafValues(t *testing.T) {
	wib := time.FixedZone("WIB", 7*3600)
	type pair struct {
		name      string
		got, want graphql.Marshaler
		allocs    bool // gqlgen's writer allocates for it too
	}
	var pairs []pair
	for _, s := range []string{"", "Siti Rahmawati", "Ni Made \"Ayu\"", "tab\tline\nreturn\r\\", "Ratna Sari Dewi — Kalianda", "😀 ẞ"} {
		s := s
		pairs = append(pairs, pair{name: "string " + s, got: (*stringValue)(&s), want: graphql.MarshalString(s)})
	}
	// Control characters other than tab and line ends: \u00XX, which
	// gqlgen's string writer allocates for.
	ctl := "\x00\x1f\x7f"
	pairs = append(pairs, pair{"control characters", (*stringValue)(&ctl), graphql.MarshalString(ctl), true})
	for _, n := range []int{0, 1, -1, 20, math.MaxInt64, math.MinInt64} {
		n, m := n, int64(n)
		pairs = append(pairs, pair{name: "int", got: (*intValue)(&n), want: graphql.MarshalInt(n)}, pair{name: "int64", got: (*int64Value)(&m), want: graphql.MarshalInt64(m)})
	}
	for _, b := range []bool{true, false} {
		b := b
		pairs = append(pairs, pair{name: "bool", got: (*boolValue)(&b), want: graphql.MarshalBoolean(b)})
	}
	for _, id := range []int{21474836481, 25769803777 + 4294967294, 7} {
		id := id
		pairs = append(pairs, pair{name: "id", got: (*idValue)(&id), want: gid.MarshalID(id)})
	}
	for _, f := range []float64{0, math.Copysign(0, -1), 1, 0.5, 2.25, 1.0 / 3, 24, 1e21, 1e-7, 123456789.125, -3.75, math.MaxFloat64, math.SmallestNonzeroFloat64} {
		f := f
		pairs = append(pairs, pair{name: "float", got: (*floatValue)(&f), want: graphql.WrapContextMarshaler(context.Background(), graphql.MarshalFloatContext(f))})
	}
	for _, tm := range []time.Time{
		time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2025, 12, 31, 23, 59, 59, 999999999, wib),
		time.Date(1968, 6, 30, 8, 5, 3, 120000000, time.FixedZone("", -(3*3600+30*60))),
		time.Date(9999, 1, 1, 0, 0, 0, 1, time.Local),
	} {
		tm := tm
		pairs = append(pairs, pair{name: "time " + tm.String(), got: (*timeValue)(&tm), want: graphql.MarshalTime(tm)},
			pair{name: "date " + tm.String(), got: (*dateValue)(&tm), want: calendar.MarshalDate(tm)})
	}
	for _, p := range pairs {
		var got, want bytes.Buffer
		p.got.MarshalGQL(&got)
		p.want.MarshalGQL(&want)
		if got.String() != want.String() {
			t.Errorf("%s: wrote %s, gqlgen writes %s", p.name, got.String(), want.String())
		}
		// Through a writer without free space too (not the executor's).
		var w writerOnly
		p.got.MarshalGQL(&w)
		if w.String() != want.String() {
			t.Errorf("%s, plain writer: wrote %s, want %s", p.name, w.String(), want.String())
		}
		buf := bytes.NewBuffer(make([]byte, 0, 1<<20))
		if n := testing.AllocsPerRun(100, func() { p.got.MarshalGQL(buf) }); n != 0 && !p.allocs {
			t.Errorf("%s: %v allocations per write, want none", p.name, n)
		}
	}
}

// writerOnly is an io.Writer without AvailableBuffer.
type writerOnly struct{ b bytes.Buffer }

func (w *writerOnly) Write(p []byte) (int, error) { return w.b.Write(p) }
func (w *writerOnly) String() string              { return w.b.String() }
