package training

import "testing"

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
