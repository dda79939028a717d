package auth

import (
	"context"
	"fmt"
	"time"

	lru "github.com/hashicorp/golang-lru/v2"

	"kembang/internal/viewer"
)

// Tables of the records a viewer is scoped to, as [ScopeLookup] names
// them (and as ent and kembang/ent/gid do).
const (
	Agencies  = "agencies"
	Employees = "employees"
	Partners  = "partners"
)

// ScopeRecord is what a [ScopeLookup] finds of the agency, employee or
// partner a credential names.
type ScopeRecord struct {
	// AgencyID is the raw ID of an employee's agency; 0 for agencies and
	// partners.
	AgencyID int
	// Created is when the record was created; the zero time if unknown.
	Created time.Time
}

// ScopeLookup returns the record with raw ID id of table ([Agencies],
// [Employees] or [Partners]), and whether it exists. It must read with
// the server's own rights, never with the credential's: it runs before
// the request has a viewer. An error wrapping [ErrUnavailable] answers
// the request with 503; any other error, with 500.
type ScopeLookup func(ctx context.Context, table string, id int) (rec ScopeRecord, found bool, err error)

// DefaultScopeTTL is how long a looked-up scope record is trusted when
// [Options.ScopeTTL] is zero: a deleted agency, employee or partner
// stops the credentials naming it at most this long after.
const DefaultScopeTTL = 30 * time.Second

// scopeCacheSize bounds the scope cache: about 100 bytes an entry.
const scopeCacheSize = 8192

// scopeKey names one looked-up record.
type scopeKey struct {
	table string
	id    int
}

// scopeEntry is a cached look-up: what it found, and when.
type scopeEntry struct {
	rec   ScopeRecord
	found bool
	at    time.Time
}

// scopes checks the records that viewers name, through a bounded cache
// with a time to live, so that a client's requests cost no SQL but the
// first of each period. Absent records are cached too, so that replaying
// a refused token costs no SQL either.
type scopes struct {
	lookup ScopeLookup
	ttl    time.Duration
	now    func() time.Time
	cache  *lru.Cache[scopeKey, scopeEntry]
}

// newScopes returns the scope checker of opts, or nil when opts has no
// ScopeLookup.
func newScopes(opts Options) *scopes {
	if opts.Scopes == nil {
		return nil
	}
	s := &scopes{lookup: opts.Scopes, ttl: opts.ScopeTTL, now: opts.Now}
	if s.ttl <= 0 {
		s.ttl = DefaultScopeTTL
	}
	if s.now == nil {
		s.now = time.Now
	}
	s.cache, _ = lru.New[scopeKey, scopeEntry](scopeCacheSize) // fails only on a size <= 0
	return s
}

// get returns the record with raw ID id of table, from the cache if it
// was looked up less than the TTL ago. Failed look-ups are not cached.
func (s *scopes) get(ctx context.Context, table string, id int) (ScopeRecord, bool, error) {
	k := scopeKey{table, id}
	now := s.now()
	if e, ok := s.cache.Get(k); ok && now.Sub(e.at) < s.ttl && !now.Before(e.at) {
		return e.rec, e.found, nil
	}
	rec, found, err := s.lookup(ctx, table, id)
	if err != nil {
		return ScopeRecord{}, false, err
	}
	s.cache.Add(k, scopeEntry{rec: rec, found: found, at: now})
	return rec, found, nil
}

// check refuses v when the agency, employee or partner it names does
// not exist, when it names both an agency and an employee of another
// agency, or when its credential was issued (at issued, unless zero)
// more than leeway before one of those records was created: IDs are
// handed out in sequence, and a token must not gain rights when the
// record it named in advance appears. Errors wrap [ErrUnknownAgency],
// [ErrUnknownEmployee], [ErrUnknownPartner], [ErrScopeMismatch] or
// [ErrIssuedBefore], or are the look-up's.
func (s *scopes) check(ctx context.Context, v viewer.Viewer, issued time.Time, leeway time.Duration) error {
	var employee ScopeRecord
	for _, f := range []struct {
		table   string
		id      int
		unknown *Error
	}{
		{Agencies, v.AgencyID, ErrUnknownAgency},
		{Employees, v.EmployeeID, ErrUnknownEmployee},
		{Partners, v.PartnerID, ErrUnknownPartner},
	} {
		if f.id == 0 {
			continue
		}
		rec, found, err := s.get(ctx, f.table, f.id)
		switch {
		case err != nil:
			return fmt.Errorf("looking up the %s record %d of %v: %w", f.table, f.id, v, err)
		case !found:
			return fmt.Errorf("%w: %v: no %s record %d", f.unknown, v, f.table, f.id)
		case !issued.IsZero() && !rec.Created.IsZero() && rec.Created.After(issued.Add(leeway)):
			return fmt.Errorf("%w: %v: issued at %v, %s record %d created at %v", ErrIssuedBefore, v, issued.UTC(), f.table, f.id, rec.Created.UTC())
		}
		if f.table == Employees {
			employee = rec
		}
	}
	if v.AgencyID != 0 && v.EmployeeID != 0 && employee.AgencyID != v.AgencyID {
		return fmt.Errorf("%w: %v: the employee belongs to agency %d", ErrScopeMismatch, v, employee.AgencyID)
	}
	return nil
}
