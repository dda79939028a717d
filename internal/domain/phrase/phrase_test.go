package phrase_test

import (
	"errors"
	"testing"

	"kembang/internal/domain/phrase"
)

func TestErrorf(t *testing.T) {
	a, b := errors.New("a"), errors.New("b")
	tests := []struct {
		name   string
		err    error
		msg    string
		wraps  []error
		format string
	}{
		{"no wrap", phrase.Errorf("%d seats", 3), "3 seats", nil, "%d seats"},
		{"one wrap", phrase.Errorf("%w (got %d)", a, 2), "a (got 2)", []error{a}, "%w (got %d)"},
		{"two wraps", phrase.Errorf("%w: %w", a, b), "a: b", []error{a, b}, "%w: %w"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.err.Error() != tt.msg {
				t.Errorf("Error() = %q, want %q", tt.err.Error(), tt.msg)
			}
			for _, w := range tt.wraps {
				if !errors.Is(tt.err, w) {
					t.Errorf("errors.Is(%v) = false", w)
				}
			}
			var p *phrase.Error
			if !errors.As(tt.err, &p) {
				t.Fatal("not a *phrase.Error")
			}
			if f, _ := p.Template(); f != tt.format {
				t.Errorf("format = %q, want %q", f, tt.format)
			}
		})
	}
}
