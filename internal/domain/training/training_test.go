package training

import (
	"strings"
	"testing"
	"time"
)

func TestLevel(t *testing.T) {
	tests := []struct {
		current, target, want int
		ok                    bool
	}{
		{0, 3, 1, true}, // never assessed
		{1, 3, 2, true},
		{2, 3, 3, true},
		{3, 3, 0, false}, // target reached
		{5, 3, 0, false}, // above the target already
		{4, 5, 5, true},
		{0, 1, 1, true},
	}
	for _, tt := range tests {
		got, ok := Level(tt.current, tt.target)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Level(%d, %d) = %d, %v; want %d, %v", tt.current, tt.target, got, ok, tt.want, tt.ok)
		}
		if ok && (got > tt.target || got <= tt.current) {
			t.Errorf("Level(%d, %d) = %d: not one step up within the target", tt.current, tt.target, got)
		}
	}
}

func TestAssessor(t *testing.T) {
	long := strings.Repeat("é", maxAssessor+5)
	tests := []struct{ program, partner, want string }{
		{"Pelatihan Dasar", "", "Pelatihan Dasar"},
		{"Pelatihan Dasar", "LAN RI", "LAN RI"},
		{"Program", long, long[:2*maxAssessor]},
	}
	for _, tt := range tests {
		if got := Assessor(tt.program, tt.partner); got != tt.want {
			t.Errorf("Assessor(%q, %q) = %q; want %q", tt.program, tt.partner, got, tt.want)
		}
	}
}

func TestEvidence(t *testing.T) {
	c := Completion{ProgramTitle: "Latsar", ProgramCode: "LS-1", SessionName: "Angkatan I", CompletedAt: time.Date(2026, 3, 4, 10, 0, 0, 0, time.UTC)}
	if got, want := Evidence(c), "Completed Latsar (LS-1), Angkatan I, 2026-03-04."; got != want {
		t.Errorf("Evidence = %q; want %q", got, want)
	}
	c.CertificateNumber = "2026/000001"
	if got, want := Evidence(c), "Completed Latsar (LS-1), Angkatan I, 2026-03-04. Certificate 2026/000001."; got != want {
		t.Errorf("Evidence = %q; want %q", got, want)
	}
}
