package httpapi

import (
	"context"
	"errors"
	"testing"

	"entgo.io/ent/dialect"

	"kembang/ent"
	"kembang/internal/auth"
	"kembang/internal/store"
)

// primaryProbe is a driver that records, for each read, whether it would
// run on the primary, and fails it.
type primaryProbe struct {
	dialect.Driver
	reads []bool
}

func (p *primaryProbe) Query(ctx context.Context, _ string, _, _ any) error {
	p.reads = append(p.reads, store.ReadsPrimary(ctx))
	return errors.New("probe")
}

func (p *primaryProbe) Dialect() string { return dialect.Postgres }

// TestKeyLookupReadsPrimary: the API key of a request, and the records a
// credential names, are read from the primary, never from a read replica
// that may not have replayed a revocation or a deletion yet (red-team
// review: a lagging replica accepted a revoked key for up to
// KEMBANG_REPLICA_MAX_LAG).
func TestKeyLookupReadsPrimary(t *testing.T) {
	p := &primaryProbe{}
	client := ent.NewClient(ent.Driver(p))
	if _, err := keyLookup(client)(context.Background(), "0123456789abcdef"); err == nil {
		t.Fatal("the probe's failure was not returned")
	}
	for _, table := range []string{auth.Agencies, auth.Employees, auth.Partners} {
		if _, _, err := scopeLookup(client)(context.Background(), table, 1); err == nil {
			t.Fatalf("%s: the probe's failure was not returned", table)
		}
	}
	if len(p.reads) == 0 {
		t.Fatal("no read")
	}
	for i, primary := range p.reads {
		if !primary {
			t.Errorf("read %d of the key look-up may run on a replica", i)
		}
	}
}
