package jp

import (
	"errors"
	"testing"
	"time"
)

func TestLedgerYear(t *testing.T) {
	start, end, err := LedgerYear(2026)
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2025, 12, 31, 17, 0, 0, 0, time.UTC); !start.Equal(want) || start.Location() != time.UTC {
		t.Errorf("start = %v, want %v in UTC", start, want)
	}
	if want := time.Date(2026, 12, 31, 17, 0, 0, 0, time.UTC); !end.Equal(want) {
		t.Errorf("end = %v, want %v", end, want)
	}
	// 31 December 23:30 WIB is still 2026; 1 January 00:00 WIB is not.
	if in := time.Date(2026, 12, 31, 23, 30, 0, 0, WIB); in.Before(start) || !in.Before(end) {
		t.Errorf("%v outside the 2026 ledger year", in)
	}
	if in := time.Date(2027, 1, 1, 0, 0, 0, 0, WIB); in.Before(end) {
		t.Errorf("%v inside the 2026 ledger year", in)
	}
	for _, y := range []int{0, 1899, 10000} {
		if _, _, err := LedgerYear(y); !errors.Is(err, ErrYear) {
			t.Errorf("LedgerYear(%d) error = %v, want ErrYear", y, err)
		}
	}
}
