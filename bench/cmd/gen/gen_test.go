package main

import (
	"testing"
	"time"

	"kembang/internal/domain/nip"
)

// TestEmployees checks that generated NIPs are valid and unique and that
// a chunk's rows do not depend on which table is emitted.
func TestEmployees(t *testing.T) {
	starts := map[string]int64{}
	for i, name := range []string{"agencies", "competencies", "units", "positions", "partners", "programs",
		"sessions", "development_plans", "employees", "assessments", "enrollments", "evaluations"} {
		starts[name] = int64(i) << 32
	}
	w := newWorld(3000, 1, time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC), starts)
	seen := map[string]bool{}
	var enrolled int64
	for c := range 3 {
		var base [nChunked]int64
		base[tEmployees] = starts["employees"] + int64(c*1000)
		g := newChunkGen(w, c, tEmployees, func(vals ...any) error {
			num, typ := vals[3].(string), vals[4].(string)
			if seen[num] {
				t.Errorf("duplicate NIP %s", num)
			}
			seen[num] = true
			if err := nip.CheckDigits(num); err != nil {
				t.Errorf("NIP %s: %v", num, err)
			}
			if _, err := nip.Parse(num); typ == "PNS" && err != nil {
				t.Errorf("PNS NIP %s: %v", num, err)
			}
			return nil
		}, base)
		if err := g.run(c*1000, (c+1)*1000); err != nil {
			t.Fatal(err)
		}
		count := newChunkGen(w, c, -1, nil, base)
		if err := count.run(c*1000, (c+1)*1000); err != nil {
			t.Fatal(err)
		}
		if g.counts != count.counts {
			t.Errorf("chunk %d: counts %v emitting, %v counting", c, g.counts, count.counts)
		}
		enrolled += count.counts[tEnrollments]
	}
	if len(seen) != 3000 {
		t.Errorf("%d employees, want 3000", len(seen))
	}
	if per := float64(enrolled) / 3000; per < 7 || per > 9 {
		t.Errorf("%.1f enrollments per employee, want about 8", per)
	}
}

// TestNameStatistics checks that ANALYZE can keep every generated full
// name as a most common value (nameStatistics).
func TestNameStatistics(t *testing.T) {
	if n := names(); n > nameStatistics {
		t.Errorf("%d distinct names, statistics target %d", n, nameStatistics)
	}
}
