package gap

import (
	"errors"
	"time"

	"kembang/internal/domain/jp"

	"kembang/internal/domain/phrase"
)

// ErrFutureRating is wrapped by [CheckDate] for a rating dated after
// today. Its message, and that of the error wrapping it, are safe to show
// to API clients.
var ErrFutureRating = errors.New("an assessment is not dated in the future")

// CheckDate returns nil when a rating dated on may be recorded at time
// now: its calendar day in WIB is not after today's. A rating dated in
// the future would be the latest one ([Latest]) until that day and hide
// the real ones. Comparing days, not instants, accepts today's date
// whether a client sends it as midnight UTC or as midnight WIB.
func CheckDate(on, now time.Time) error {
	if jp.Day(on) > jp.Day(now) {
		return phrase.Errorf("%w: %s is after today (%s, WIB)", ErrFutureRating,
			on.In(jp.WIB).Format(time.DateOnly), now.In(jp.WIB).Format(time.DateOnly))
	}
	return nil
}
