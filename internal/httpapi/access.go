package httpapi

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"sync"
	"time"

	"kembang/ent"
	entagency "kembang/ent/agency"
	entapikey "kembang/ent/apikey"
	entemployee "kembang/ent/employee"
	entpartner "kembang/ent/partner"
	"kembang/internal/access"
	"kembang/internal/audit"
	"kembang/internal/auth"
	"kembang/internal/auth/apikey"
	"kembang/internal/fault"
	"kembang/internal/store"
)

// demoHeaders serves the explorer, in demo mode, the headers of a fresh
// ADMIN token so that the first query of a newcomer works; the explorer
// lets the user replace it with a token of any role (kembang token).
// Only clients on this machine get one (see localClient); others get 403
// and an explorer that is not signed in.
func (a *Server) demoHeaders(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	if why := localClient(r); why != "" {
		a.Log.WarnContext(r.Context(), "demo token refused", "remote", r.RemoteAddr, "host", r.Host, "why", why)
		writeError(w, r, http.StatusForbidden, "FORBIDDEN", "demo tokens are served to clients on the server's own machine only")
		return
	}
	tok, err := a.DemoToken()
	if err != nil {
		a.Log.ErrorContext(r.Context(), "demo token", "err", err)
		http.Error(w, "internal server error", http.StatusInternalServerError)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"Authorization": "Bearer " + tok})
}

// proxyHeaders are headers that proxies add to the requests they pass
// on: a proxy on this machine connects from a loopback address on behalf
// of clients elsewhere.
var proxyHeaders = []string{"Forwarded", "X-Forwarded-For", "X-Forwarded-Host", "X-Real-Ip", "Via"}

// localClient returns "" if r comes from a client on this machine, else
// why not. The connection's remote address decides, never a header a
// client can write; headers can only refuse: a request that a proxy
// forwarded, or that names a host other than a loopback one (a page of
// another site whose name was rebound to 127.0.0.1 in the user's
// browser).
func localClient(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return "no remote address"
	}
	ip, err := netip.ParseAddr(host)
	if err != nil || !ip.Unmap().IsLoopback() {
		return "remote address not loopback"
	}
	for _, h := range proxyHeaders {
		if _, ok := r.Header[h]; ok {
			return "forwarded by a proxy (" + h + ")"
		}
	}
	name := r.Host
	if h, _, err := net.SplitHostPort(name); err == nil {
		name = h
	}
	if ip, err := netip.ParseAddr(strings.Trim(name, "[]")); !strings.EqualFold(name, "localhost") && (err != nil || !ip.Unmap().IsLoopback()) {
		return "Host is not a loopback name"
	}
	return ""
}

// keyLookup returns the stored API key with the given public ID. It
// reads the primary: a replica may lag (up to the configured maximum, an
// hour at most) and would accept a key revoked meanwhile.
func keyLookup(client *ent.Client) auth.KeyLookup {
	return func(ctx context.Context, id string) (auth.StoredKey, error) {
		k, err := client.APIKey.Query().Where(entapikey.KeyID(id)).Only(store.WithPrimary(access.System(ctx)))
		if ent.IsNotFound(err) {
			return auth.StoredKey{}, fmt.Errorf("%w: unknown key %s", auth.ErrAPIKey, id)
		}
		if err != nil {
			return auth.StoredKey{}, fmt.Errorf("looking up API key: %w", err)
		}
		rateLimit := 0 // the server's default
		if k.RateLimit != nil {
			rateLimit = *k.RateLimit
		}
		return auth.StoredKey{
			ID:        k.ID,
			PartnerID: k.PartnerID,
			Hash:      apikey.Hash{ID: k.KeyID, Sum: k.Hash},
			Revoked:   k.RevokedAt != nil,
			RateLimit: rateLimit,
		}, nil
	}
}

// scopeLookup returns the agencies, employees and partners that
// credentials name (auth.Options.Scopes). It reads with the server's own
// rights: it runs before the request has a viewer, and the credential
// being checked must not decide what it may see. A store that cannot be
// reached answers 503 (auth.ErrUnavailable), not an acceptance. It
// reads the primary (the look-ups are cached, so this costs little): a
// lagging replica would accept a credential whose record is gone, and
// refuse, caching the refusal, one whose record was just created.
func scopeLookup(client *ent.Client) auth.ScopeLookup {
	return func(ctx context.Context, table string, id int) (auth.ScopeRecord, bool, error) {
		ctx = store.WithPrimary(access.System(ctx))
		var (
			rec auth.ScopeRecord
			err error
		)
		switch table {
		case auth.Agencies:
			var a *ent.Agency
			if a, err = client.Agency.Query().Where(entagency.ID(id)).Select(entagency.FieldCreatedAt).Only(ctx); err == nil {
				rec.Created = a.CreatedAt
			}
		case auth.Employees:
			var e *ent.Employee
			if e, err = client.Employee.Query().Where(entemployee.ID(id)).Select(entemployee.FieldAgencyID, entemployee.FieldCreatedAt).Only(ctx); err == nil {
				rec.AgencyID, rec.Created = e.AgencyID, e.CreatedAt
			}
		case auth.Partners:
			var p *ent.Partner
			if p, err = client.Partner.Query().Where(entpartner.ID(id)).Select(entpartner.FieldCreatedAt).Only(ctx); err == nil {
				rec.Created = p.CreatedAt
			}
		default:
			return auth.ScopeRecord{}, false, fmt.Errorf("scope look-up: unknown table %q", table)
		}
		switch {
		case ent.IsNotFound(err):
			return auth.ScopeRecord{}, false, nil
		case err != nil:
			if fe, ok := fault.As(store.Classify(err)); ok && fe.Code == fault.Unavailable {
				return auth.ScopeRecord{}, false, fmt.Errorf("%w: looking up %s %d: %v", auth.ErrUnavailable, table, id, err)
			}
			return auth.ScopeRecord{}, false, fmt.Errorf("looking up %s %d: %w", table, id, err)
		}
		return rec, true, nil
	}
}

// keyUses records the last use of API keys, to the minute: at most one
// write per key a minute, outside the request's path, without an audit
// record (a use is not a change of the key).
type keyUses struct {
	client *ent.Client
	log    *slog.Logger
	mu     sync.Mutex
	last   map[int]time.Time
}

// used records that k was accepted now.
func (u *keyUses) used(ctx context.Context, k auth.StoredKey) {
	now := time.Now().UTC().Truncate(time.Minute)
	u.mu.Lock()
	if u.last == nil {
		u.last = map[int]time.Time{}
	}
	if !u.last[k.ID].Before(now) {
		u.mu.Unlock()
		return
	}
	u.last[k.ID] = now
	u.mu.Unlock()
	ctx = audit.WithoutTrail(access.System(context.WithoutCancel(ctx)))
	go func() {
		ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		if err := u.client.APIKey.UpdateOneID(k.ID).SetLastUsedAt(now).Exec(ctx); err != nil {
			u.log.WarnContext(ctx, "recording the last use of an API key", "key", k.ID, "err", err)
		}
	}()
}

// withViewerScope completes the context of authenticated requests:
// anonymous callers may read the public catalogue when it is open.
func withViewerScope(publicCatalogue bool, next http.Handler) http.Handler {
	if !publicCatalogue {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(access.OpenCatalogue(r.Context())))
	})
}
