package telemetry

import (
	"maps"
	"strings"
	"testing"
	"time"

	"kembang/internal/store"
)

// TestWatchDatabases checks the statements per target and the replicas'
// health and lag.
func TestWatchDatabases(t *testing.T) {
	m := NewMetrics(nil)
	m.WatchDatabases(func() []store.Target {
		return []store.Target{
			{Name: "primary", Statements: 7, Up: true},
			{Name: "db-replica-1:5432", Replica: true, Statements: 40, Up: true, Lag: 250 * time.Millisecond},
			{Name: "db-replica-2:5432", Replica: true, Statements: 3, Lag: 9 * time.Second},
		}
	})
	families, err := m.Registry.Gather()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]float64{}
	for _, f := range families {
		if !strings.HasPrefix(f.GetName(), "kembang_db_") {
			continue
		}
		for _, mt := range f.GetMetric() {
			v := mt.GetGauge().GetValue() + mt.GetCounter().GetValue()
			got[f.GetName()+"/"+mt.GetLabel()[0].GetValue()] = v
		}
	}
	want := map[string]float64{
		"kembang_db_statements_total/primary":              7,
		"kembang_db_statements_total/db-replica-1:5432":    40,
		"kembang_db_statements_total/db-replica-2:5432":    3,
		"kembang_db_replica_up/db-replica-1:5432":          1,
		"kembang_db_replica_up/db-replica-2:5432":          0,
		"kembang_db_replica_lag_seconds/db-replica-1:5432": 0.25,
		"kembang_db_replica_lag_seconds/db-replica-2:5432": 9,
	}
	if !maps.Equal(got, want) {
		t.Errorf("metrics:\n got %v\nwant %v", got, want)
	}
}
