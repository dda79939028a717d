package gap

import (
	"errors"
	"testing"
	"time"

	"kembang/internal/domain/jp"
)

func TestCheckDate(t *testing.T) {
	now := time.Date(2026, 5, 6, 18, 30, 0, 0, time.UTC) // 7 May 01:30 WIB
	tests := []struct {
		name   string
		on     time.Time
		future bool
	}{
		{"now", now, false},
		{"yesterday", now.AddDate(0, 0, -1), false},
		{"long ago", time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC), false},
		{"today as midnight UTC", time.Date(2026, 5, 7, 0, 0, 0, 0, time.UTC), false},
		{"today as midnight WIB", time.Date(2026, 5, 7, 0, 0, 0, 0, jp.WIB), false},
		{"later today", time.Date(2026, 5, 7, 23, 0, 0, 0, jp.WIB), false},
		{"tomorrow as midnight WIB", time.Date(2026, 5, 8, 0, 0, 0, 0, jp.WIB), true},
		{"tomorrow as midnight UTC", time.Date(2026, 5, 8, 0, 0, 0, 0, time.UTC), true},
		{"next year", time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), true},
	}
	for _, tt := range tests {
		err := CheckDate(tt.on, now)
		if got := errors.Is(err, ErrFutureRating); got != tt.future || (err != nil) != tt.future {
			t.Errorf("%s: CheckDate(%v) = %v, want future %v", tt.name, tt.on, err, tt.future)
		}
	}
	if err := CheckDate(time.Date(2026, 5, 9, 0, 0, 0, 0, time.UTC), now); err == nil ||
		err.Error() != "an assessment is not dated in the future: 2026-05-09 is after today (2026-05-07, WIB)" {
		t.Errorf("message: %v", err)
	}
}
