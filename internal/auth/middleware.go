package auth

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"kembang/internal/auth/apikey"
	"kembang/internal/fault"
	"kembang/internal/lang"
	"kembang/internal/viewer"
)

// APIKeyHeader is the header that may carry an API key instead of
// Authorization.
const APIKeyHeader = "X-API-Key"

// StoredKey is the stored record of an API key, as a [KeyLookup]
// returns it.
type StoredKey struct {
	// ID is the raw ent ID of the key's record; it becomes the viewer's
	// APIKeyID.
	ID int
	// PartnerID is the raw ID of the partner the key acts for.
	PartnerID int
	// Hash is the key's stored hash.
	Hash apikey.Hash
	// Revoked reports whether the key has been revoked.
	Revoked bool
	// RateLimit is the key's own rate-limit budget in points per hour,
	// or 0 for the server's default.
	RateLimit int
}

// KeyLookup returns the stored API key with public ID id (see
// [apikey.Hash]). If there is none it returns an error wrapping
// [ErrAPIKey]; any other error is an internal one (the request fails
// with a 500).
type KeyLookup func(ctx context.Context, id string) (StoredKey, error)

// Options configures [Middleware].
type Options struct {
	// Required refuses requests without credentials (401). Otherwise
	// they pass through without a viewer, for the policies to decide.
	Required bool
	// RequestID, if set, returns the request id to put in error
	// responses as extensions.requestId.
	RequestID func(context.Context) string
	// Logger, if set, logs refusals: credential errors at debug level,
	// with the detail clients do not see; server-side failures at warn
	// and error level.
	Logger *slog.Logger
	// KeyUsed, if set, is called after an API key is accepted, to record
	// its last use. It runs in the request's path: keep it cheap (for
	// example, write last-used times at most once a minute per key).
	KeyUsed func(ctx context.Context, k StoredKey)
	// Scopes, if set, looks up the agency, employee and partner that a
	// credential's viewer names. A credential is refused with 401 when
	// one of them does not exist, when it names an agency and an
	// employee of another agency, or when a token was issued (iat)
	// before one of them was created, beyond the verifier's leeway.
	// Look-ups are cached, found or not, for ScopeTTL (at most a few
	// thousand records), so that the requests of a client cost no SQL
	// but the first of each period.
	Scopes ScopeLookup
	// ScopeTTL is how long a scope look-up is trusted: a deleted record
	// stops the credentials naming it at most this long after. Zero
	// means DefaultScopeTTL.
	ScopeTTL time.Duration
	// Now returns the current time, for the scope cache; nil means
	// time.Now.
	Now func() time.Time
}

// Middleware returns HTTP middleware that authenticates requests and
// puts their viewer in the request context (see [viewer.FromContext]).
//
// Credentials come from "Authorization: Bearer <token>", where the
// token is a JWT checked by v or an API key ("kmb_…") checked against
// keys, or from an API key in the X-API-Key header; a request may carry
// only one. A nil v refuses JWTs; a nil keys refuses API keys. API keys
// act as the [viewer.Partner] of their partner.
//
// A request without credentials passes through with the anonymous
// viewer (the zero [viewer.Viewer]) unless opts.Required is set. Missing (when required), malformed, expired,
// revoked or otherwise invalid credentials are answered with 401, a
// WWW-Authenticate: Bearer challenge (with error="invalid_token" except
// for missing credentials, per RFC 6750) and a GraphQL-shaped body:
//
//	{"errors":[{"message":"token has expired","extensions":{"code":"UNAUTHENTICATED","reason":"EXPIRED"}}]}
//
// With opts.Scopes set, a credential whose agency, employee or partner
// does not exist is refused the same way (reason UNKNOWN_AGENCY,
// UNKNOWN_EMPLOYEE or UNKNOWN_PARTNER), as are those that name an
// employee outside their agency (SCOPE_MISMATCH) or were issued before
// the record they name (ISSUED_BEFORE_RECORD).
//
// If the identity provider's keys cannot be fetched the answer is 503
// with code UNAVAILABLE, and if keys fails, 500.
func Middleware(v *Verifier, keys KeyLookup, opts Options) func(http.Handler) http.Handler {
	return NewAuthenticator(v, keys, opts).Middleware()
}

// Authenticator checks credentials as [Middleware] does, also for
// transports that carry them elsewhere than in the request's header (the
// connection_init payload of a WebSocket).
type Authenticator struct{ m *middleware }

// NewAuthenticator returns the authenticator of [Middleware]'s arguments.
func NewAuthenticator(v *Verifier, keys KeyLookup, opts Options) *Authenticator {
	return &Authenticator{m: &middleware{v: v, keys: keys, opts: opts, scopes: newScopes(opts)}}
}

// Middleware returns the HTTP middleware of a (see [Middleware]).
func (a *Authenticator) Middleware() func(http.Handler) http.Handler {
	m := a.m
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			ctx, err := m.authenticate(r.Context(), r.Header)
			if err != nil {
				m.refuse(w, r, err)
				return
			}
			next.ServeHTTP(w, r.WithContext(ctx))
		})
	}
}

// Authorization checks authorization, the value of an Authorization
// header sent another way, exactly as [Middleware] checks the header, and
// returns ctx with its viewer (the anonymous one when authorization is
// empty and credentials are not required) and, for a token, its expiry
// ([viewer.Expiry]). The error is an [*Error] for credentials the client
// got wrong.
func (a *Authenticator) Authorization(ctx context.Context, authorization string) (context.Context, error) {
	h := http.Header{}
	if authorization != "" {
		h.Set("Authorization", authorization)
	}
	return a.m.authenticate(ctx, h)
}

// Recheck checks again the credentials of the viewer of ctx, which
// [Authenticator.Authorization] or the middleware accepted earlier, for
// a connection that outlives its request (a subscription): an API key
// must still be stored and not revoked ([ErrRevoked] otherwise), and the
// records the viewer names must still exist, through the same cache as
// requests. A token's expiry is the caller's to enforce
// ([viewer.Expiry]). The anonymous viewer passes.
func (a *Authenticator) Recheck(ctx context.Context) error {
	v, _ := viewer.FromContext(ctx)
	if v.Anonymous() {
		return nil
	}
	m := a.m
	if v.APIKeyID != 0 {
		id, ok := strings.CutPrefix(v.Subject, "apikey:")
		if !ok || m.keys == nil {
			return fmt.Errorf("%w: %s", ErrRevoked, v.Subject)
		}
		sk, err := m.keys(ctx, id)
		if err != nil {
			return fmt.Errorf("looking up API key %s again: %w", id, err)
		}
		if sk.Revoked || sk.ID != v.APIKeyID || sk.PartnerID != v.PartnerID {
			return fmt.Errorf("%w: %s", ErrRevoked, id)
		}
	}
	if m.scopes != nil {
		return m.scopes.check(ctx, v, time.Time{}, 0)
	}
	return nil
}

// middleware holds what Middleware's handlers share.
type middleware struct {
	v      *Verifier
	keys   KeyLookup
	opts   Options
	scopes *scopes // nil without opts.Scopes
}

// authenticate returns ctx with the viewer of the credentials in header h
// (requests without credentials carry the anonymous viewer, the zero
// Viewer, so that the policies always find one) and the expiry of a
// token, once the records the viewer names are checked (see
// Options.Scopes).
func (m *middleware) authenticate(ctx context.Context, h http.Header) (context.Context, error) {
	v, c, has, err := m.credentials(ctx, h)
	if err != nil {
		return ctx, err
	}
	if has && m.scopes != nil {
		leeway := time.Duration(0)
		if m.v != nil {
			leeway = m.v.leeway
		}
		if err := m.scopes.check(ctx, v, c.IssuedAt, leeway); err != nil {
			return ctx, err
		}
	}
	if !c.Expiry.IsZero() {
		ctx = viewer.WithExpiry(ctx, c.Expiry)
	}
	return viewer.NewContext(ctx, v), nil
}

// credentials returns the viewer of the credentials in header h, the
// claims of a token (zero for API keys) and whether h has any.
func (m *middleware) credentials(ctx context.Context, h http.Header) (v viewer.Viewer, c Claims, has bool, err error) {
	authz := nonEmpty(h.Values("Authorization"))
	keyh := nonEmpty(h.Values(APIKeyHeader))
	switch {
	case len(authz)+len(keyh) == 0:
		if m.opts.Required {
			return viewer.Viewer{}, Claims{}, false, ErrMissing
		}
		return viewer.Viewer{}, Claims{}, false, nil
	case len(authz)+len(keyh) > 1:
		return viewer.Viewer{}, Claims{}, false, fmt.Errorf("%w: several credentials", ErrCredentials)
	case len(keyh) == 1:
		v, err := m.apiKey(ctx, strings.TrimSpace(keyh[0]))
		return v, Claims{}, true, err
	}
	scheme, cred, _ := strings.Cut(strings.TrimSpace(authz[0]), " ")
	if !strings.EqualFold(scheme, "Bearer") {
		return viewer.Viewer{}, Claims{}, false, fmt.Errorf("%w: scheme %q", ErrCredentials, truncate(scheme))
	}
	cred = strings.TrimSpace(cred)
	switch {
	case cred == "":
		return viewer.Viewer{}, Claims{}, false, fmt.Errorf("%w: empty bearer token", ErrMalformed)
	case strings.HasPrefix(cred, apikey.Prefix):
		v, err := m.apiKey(ctx, cred)
		return v, Claims{}, true, err
	case m.v == nil:
		return viewer.Viewer{}, Claims{}, false, fmt.Errorf("%w: JWTs are not accepted", ErrCredentials)
	}
	v, claims, err := m.v.viewer(ctx, cred)
	if err != nil {
		return viewer.Viewer{}, Claims{}, true, err
	}
	return v, *claims, true, nil
}

// nonEmpty returns the values that are not blank.
func nonEmpty(values []string) []string {
	var out []string
	for _, v := range values {
		if strings.TrimSpace(v) != "" {
			out = append(out, v)
		}
	}
	return out
}

// apiKey returns the viewer of an API key.
func (m *middleware) apiKey(ctx context.Context, plaintext string) (viewer.Viewer, error) {
	if m.keys == nil {
		return viewer.Viewer{}, fmt.Errorf("%w: API keys are not accepted", ErrCredentials)
	}
	k, err := apikey.Parse(plaintext)
	if err != nil {
		return viewer.Viewer{}, fmt.Errorf("%w: %v", ErrAPIKey, err)
	}
	sk, err := m.keys(ctx, k.ID)
	if err != nil {
		return viewer.Viewer{}, fmt.Errorf("looking up API key %s: %w", k, err)
	}
	if !k.Matches(sk.Hash) {
		return viewer.Viewer{}, fmt.Errorf("%w: %s: %v", ErrAPIKey, k, apikey.ErrMismatch)
	}
	if sk.Revoked {
		return viewer.Viewer{}, fmt.Errorf("%w: %s", ErrRevoked, k)
	}
	v := viewer.Viewer{Subject: "apikey:" + k.ID, Role: viewer.Partner, PartnerID: sk.PartnerID, APIKeyID: sk.ID, RateLimit: sk.RateLimit}
	if err := v.Validate(); err != nil || sk.ID <= 0 {
		return viewer.Viewer{}, fmt.Errorf("API key %s has an invalid record (ID %d, partner %d): %v", k, sk.ID, sk.PartnerID, err)
	}
	if m.opts.KeyUsed != nil {
		m.opts.KeyUsed(ctx, sk)
	}
	return v, nil
}

// refuse answers a request whose credentials failed with err.
func (m *middleware) refuse(w http.ResponseWriter, r *http.Request, err error) {
	ctx := r.Context()
	status, code := http.StatusUnauthorized, fault.Unauthenticated
	msg, reason := "internal server error", ""
	var e *Error
	switch {
	case !errors.As(err, &e):
		status, code = http.StatusInternalServerError, fault.Internal
		m.log(ctx, slog.LevelError, "authentication failed", err)
	case e == ErrUnavailable:
		status, code, msg, reason = http.StatusServiceUnavailable, fault.Unavailable, e.Error(), e.Reason()
		w.Header().Set("Retry-After", "10")
		m.log(ctx, slog.LevelWarn, "authentication unavailable", err)
	case e == ErrMissing:
		msg, reason = e.Error(), e.Reason()
		w.Header().Set("WWW-Authenticate", "Bearer")
	default:
		msg, reason = e.Error(), e.Reason()
		w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token", error_description=`+strconv.Quote(msg))
		m.log(ctx, slog.LevelDebug, "credentials refused", err)
	}

	ext := map[string]string{"code": string(code)}
	if reason != "" {
		ext["reason"] = reason
	}
	if m.opts.RequestID != nil {
		if id := m.opts.RequestID(ctx); id != "" {
			ext["requestId"] = id
		}
	}
	body, jerr := json.Marshal(map[string]any{
		"errors": []map[string]any{{"message": lang.Text(lang.OfRequest(r), msg), "extensions": ext}},
	})
	if jerr != nil { // cannot happen: only strings
		body = []byte(`{"errors":[{"message":"internal server error"}]}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)+1))
	w.WriteHeader(status)
	w.Write(append(body, '\n'))
}

// log logs a refusal, if there is a logger.
func (m *middleware) log(ctx context.Context, level slog.Level, msg string, err error) {
	if m.opts.Logger != nil {
		m.opts.Logger.Log(ctx, level, msg, "err", err)
	}
}
