package telemetry

import (
	"github.com/prometheus/client_golang/prometheus"

	"kembang/internal/store"
)

// Descriptions of the database target metrics (WatchDatabases).
var (
	statementsDesc = prometheus.NewDesc("kembang_db_statements_total",
		"SQL statements the ent client ran, by database target (primary, or a read replica's host:port).",
		[]string{"target"}, nil)
	replicaUpDesc = prometheus.NewDesc("kembang_db_replica_up",
		"1 while the read replica serves reads (answers its checks, lag within KEMBANG_REPLICA_MAX_LAG), else 0.",
		[]string{"target"}, nil)
	replicaLagDesc = prometheus.NewDesc("kembang_db_replica_lag_seconds",
		"How far the read replica was behind the primary at its last good check.",
		[]string{"target"}, nil)
)

// WatchDatabases registers the statements run per database target and
// the health and lag of the read replicas, read from targets (the
// store's Targets) at each scrape.
func (m *Metrics) WatchDatabases(targets func() []store.Target) {
	if m != nil {
		m.Registry.MustRegister(targetCollector(targets))
	}
}

// targetCollector collects the metrics of WatchDatabases.
type targetCollector func() []store.Target

// Describe implements prometheus.Collector.
func (c targetCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- statementsDesc
	ch <- replicaUpDesc
	ch <- replicaLagDesc
}

// Collect implements prometheus.Collector.
func (c targetCollector) Collect(ch chan<- prometheus.Metric) {
	for _, t := range c() {
		ch <- prometheus.MustNewConstMetric(statementsDesc, prometheus.CounterValue, float64(t.Statements), t.Name)
		if !t.Replica {
			continue
		}
		up := 0.0
		if t.Up {
			up = 1
		}
		ch <- prometheus.MustNewConstMetric(replicaUpDesc, prometheus.GaugeValue, up, t.Name)
		ch <- prometheus.MustNewConstMetric(replicaLagDesc, prometheus.GaugeValue, t.Lag.Seconds(), t.Name)
	}
}
