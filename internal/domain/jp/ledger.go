package jp

import (
	"errors"
	"time"

	"kembang/internal/domain/phrase"
)

// Bounds of the years the ledger accepts.
const (
	MinLedgerYear = 1900
	MaxLedgerYear = 9999
)

// ErrYear is returned by [LedgerYear] for a year out of bounds. Its
// message is safe to show to API clients.
var ErrYear = errors.New("year out of range")

// LedgerYear returns the instants [start, end) of a ledger year: the
// calendar year in Western Indonesian Time (WIB, UTC+7), the time of the
// national civil-service administration. JP count in the year in which an
// enrollment was completed, or in which a claimed learning ended. The
// instants are in UTC, ready for database comparisons.
func LedgerYear(year int) (start, end time.Time, err error) {
	if year < MinLedgerYear || year > MaxLedgerYear {
		return time.Time{}, time.Time{}, phrase.Errorf("%w: %d is not between %d and %d", ErrYear, year, MinLedgerYear, MaxLedgerYear)
	}
	start = time.Date(year, time.January, 1, 0, 0, 0, 0, WIB)
	return start.UTC(), start.AddDate(1, 0, 0).UTC(), nil
}
