package fault_test

import (
	"errors"
	"fmt"
	"testing"

	"kembang/internal/domain/phrase"
	"kembang/internal/fault"
	"kembang/internal/lang"
)

func TestMessageIn(t *testing.T) {
	nip := errors.New("NIP must be exactly 18 digits")
	tests := []struct {
		name   string
		err    *fault.Error
		en, id string
	}{
		{"format and args", fault.Inputf("employeeIds", "at most %d employees at a time, not %d", 100, 120),
			"at most 100 employees at a time, not 120", "paling banyak 100 pegawai sekaligus, bukan 120"},
		{"a sentinel cause", fault.Input("nip", nip),
			"NIP must be exactly 18 digits", "NIP harus tepat 18 digit"},
		{"a domain cause keeps its template", fault.Input("nip", phrase.Errorf("%w (got %d characters)", nip, 16)),
			"NIP must be exactly 18 digits (got 16 characters)", "NIP harus tepat 18 digit (diterima 16 karakter)"},
		{"a wrapped domain cause", &fault.Error{Code: fault.Conflict, Msg: "NIP must be exactly 18 digits (got 2 characters)",
			Err: fmt.Errorf("hooks: %w", phrase.Errorf("%w (got %d characters)", nip, 2))},
			"NIP must be exactly 18 digits (got 2 characters)", "NIP harus tepat 18 digit (diterima 2 karakter)"},
		{"a literal message", &fault.Error{Code: fault.Unavailable, Msg: "request timed out"},
			"request timed out", "waktu permintaan habis"},
		{"no translation: English", fault.Conflictf("a message nobody translated (%d)", 1),
			"a message nobody translated (1)", "a message nobody translated (1)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.err.MessageIn(lang.English); got != tt.en || tt.err.Msg != tt.en {
				t.Errorf("English = %q (Msg %q), want %q", got, tt.err.Msg, tt.en)
			}
			if got := tt.err.MessageIn(lang.Indonesian); got != tt.id {
				t.Errorf("Indonesian = %q, want %q", got, tt.id)
			}
		})
	}
}
