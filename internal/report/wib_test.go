package report

import (
	"testing"

	"entgo.io/ent/dialect"
)

// TestWIB checks that the WIB zone comes from the time zone database and
// that the SQL of a WIB date shifts UTC by its seven hours.
func TestWIB(t *testing.T) {
	if wib.String() != "Asia/Jakarta" {
		t.Errorf("wib = %s, want Asia/Jakarta (embedded tzdata)", wib)
	}
	if wibOffset != 7 {
		t.Errorf("wibOffset = %d, want 7", wibOffset)
	}
	for d, want := range map[string]string{
		dialect.Postgres: "CAST((c AT TIME ZONE 'UTC') + INTERVAL '7 hours' AS DATE)",
		dialect.SQLite:   "date(substr(c, 1, 19), '+7 hours')",
	} {
		if got := wibDate(d, "c"); got != want {
			t.Errorf("wibDate(%s) = %s, want %s", d, got, want)
		}
	}
}
