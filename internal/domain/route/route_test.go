package route

import (
	"errors"
	"testing"
)

func TestCheckForm(t *testing.T) {
	tests := []struct {
		route, form string
		want        error
	}{
		{"CLASSICAL", "SEMINAR", nil},
		{"NON_CLASSICAL", "COACHING", nil},
		{"EDUCATION", "SEMINAR", ErrForm},
		{"ELSEWHERE", "SEMINAR", ErrUnknownRoute},
	}
	for _, tt := range tests {
		if err := CheckForm(tt.route, tt.form); !errors.Is(err, tt.want) || (err == nil) != (tt.want == nil) {
			t.Errorf("CheckForm(%s, %s) = %v, want %v", tt.route, tt.form, err, tt.want)
		}
	}
	if got, want := CheckForm("EDUCATION", "SEMINAR").Error(), "SEMINAR is not a form of the EDUCATION route (allowed: TUGAS_BELAJAR, IZIN_BELAJAR)"; got != want {
		t.Errorf("message %q, want %q", got, want)
	}
}

func TestFormsUnique(t *testing.T) {
	seen := map[string]bool{}
	for _, f := range Forms() {
		if seen[f] {
			t.Errorf("form %s in two routes", f)
		}
		seen[f] = true
	}
	if len(seen) != 25 {
		t.Errorf("%d forms, want 25", len(seen))
	}
}
