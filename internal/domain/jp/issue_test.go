package jp

import (
	"errors"
	"testing"
	"time"
)

func TestIssuedCertificate(t *testing.T) {
	tests := []struct {
		row  int
		at   time.Time
		want string
	}{
		{1, time.Date(2026, 3, 6, 9, 0, 0, 0, time.UTC), "KMB/2026/000001"},
		{123, time.Date(2026, 12, 31, 16, 59, 0, 0, time.UTC), "KMB/2026/000123"},
		// 31 December 17:00 UTC is 1 January in WIB.
		{123, time.Date(2026, 12, 31, 17, 0, 0, 0, time.UTC), "KMB/2027/000123"},
		{1234567, time.Date(2030, 1, 1, 0, 0, 0, 0, WIB), "KMB/2030/1234567"},
	}
	for _, tt := range tests {
		got, err := IssuedCertificate(tt.row, tt.at)
		if err != nil || got != tt.want {
			t.Errorf("IssuedCertificate(%d, %v) = %q, %v; want %q", tt.row, tt.at, got, err, tt.want)
		}
		if _, err := ParseCertificateNumber(got); err != nil {
			t.Errorf("%q does not parse: %v", got, err)
		}
	}
	for _, row := range []int{0, -1, MaxSequence + 1} {
		if _, err := IssuedCertificate(row, time.Now()); !errors.Is(err, ErrCertificateNumber) {
			t.Errorf("IssuedCertificate(%d) error = %v, want ErrCertificateNumber", row, err)
		}
	}
}
