package auth

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
	lru "github.com/hashicorp/golang-lru/v2"

	"kembang/internal/viewer"
)

// Defaults of [Config].
const (
	DefaultLeeway     = 30 * time.Second
	DefaultCacheTTL   = 10 * time.Minute
	DefaultMinRefresh = 10 * time.Second
	DefaultTimeout    = 10 * time.Second
)

// MaxLeeway is the largest clock-skew allowance accepted.
const MaxLeeway = 5 * time.Minute

// MinSecretLen is the shortest HMAC secret accepted (RFC 7518 §3.2: at
// least the size of the hash).
const MinSecretLen = 32

// Config configures the verification of bearer JWTs, and [Mint].
//
// Tokens are accepted from one issuer. HMAC tokens (HS*) are checked
// with Secret only; RSA and EC tokens (RS*, ES*) with the keys of one
// JWKS document only, given by exactly one of JWKSURL, Discover or
// JWKS. A JWKS key is never used as an HMAC secret and the secret never
// verifies an RS or ES token, so an attacker cannot switch algorithms.
type Config struct {
	// Issuer is the required iss claim, such as
	// "https://sso.example.go.id/realms/kembang". Required.
	Issuer string
	// Audience lists the accepted aud values; a token must name at least
	// one. Required. (Keycloak puts a client in aud only with an
	// audience mapper.)
	Audience []string

	// Secret is the HMAC secret, at least MinSecretLen bytes; empty
	// disables HMAC tokens.
	Secret []byte

	// JWKSURL is the URL of a JWKS document.
	JWKSURL string
	// Discover finds the JWKS URL in the issuer's OpenID Connect
	// configuration, Issuer + "/.well-known/openid-configuration" (as
	// Keycloak serves), whose issuer must equal Issuer.
	Discover bool
	// JWKS is a static JWKS document, for tests and offline use.
	JWKS []byte

	// Algorithms is the allow-list of JWS algorithms. Each names the
	// kind of key it needs (HS256, HS384, HS512: Secret; RS256, RS384,
	// RS512: RSA keys; ES256, ES384, ES512: EC keys on P-256, P-384,
	// P-521), and that kind must be configured; HS384 and HS512 need a
	// secret of 48 and 64 bytes at least. Empty means HS256 if
	// Secret is set, and RS256 and ES256 if a JWKS is. "none" is never
	// accepted.
	Algorithms []string

	// Leeway is the clock skew allowed on exp, nbf and iat: zero means
	// DefaultLeeway, negative none; at most MaxLeeway.
	Leeway time.Duration

	// Claims names the claims that carry the viewer's role and scope.
	Claims ClaimNames

	// HTTPClient fetches JWKS and discovery documents; nil means a
	// client with Timeout DefaultTimeout. Every fetch is also bounded by
	// DefaultTimeout. Keys are fetched over https only, or http on
	// loopback hosts, redirects included (unless the client has its own
	// CheckRedirect).
	HTTPClient *http.Client
	// CacheTTL is how long a fetched key set is used before it is
	// fetched again; zero means DefaultCacheTTL.
	CacheTTL time.Duration
	// MinRefresh is the least time between two fetches caused by
	// unknown kids, and the wait after a failed fetch; zero means
	// DefaultMinRefresh.
	MinRefresh time.Duration

	// Now returns the current time; nil means time.Now.
	Now func() time.Time
}

// now returns the current time by c.Now.
func (c *Config) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

// Verifier verifies bearer JWTs. It is safe for concurrent use.
type Verifier struct {
	issuer   string
	audience []string
	secret   []byte
	algs     []jose.SignatureAlgorithm
	keys     *keySource // nil without a JWKS
	leeway   time.Duration
	names    ClaimNames
	now      func() time.Time
	verified *lru.Cache[string, verified] // tokens whose signature was good
}

// verified is a token whose signature and claims checked out, the viewer
// they describe, and when.
type verified struct {
	claims *Claims
	viewer viewer.Viewer
	at     time.Time
}

// Bounds of the verified-token cache: a client sends the same token with
// every request until it expires, so Viewer checks its signature and
// parses its claims once, then only its time window on every use.
const (
	verifiedTokens = 4096             // entries, about 2 MB at most
	verifiedTTL    = 60 * time.Second // a key dropped from the key set stops its tokens a minute after the set is refreshed at most
)

// NewVerifier checks cfg and returns a verifier. It does not fetch
// keys: the first token that needs them does.
func NewVerifier(cfg Config) (*Verifier, error) {
	if err := cfg.check(); err != nil {
		return nil, err
	}
	v := &Verifier{
		issuer:   cfg.Issuer,
		audience: slices.Clone(cfg.Audience),
		secret:   slices.Clone(cfg.Secret),
		leeway:   cfg.Leeway,
		names:    cfg.Claims.withDefaults(),
		now:      cfg.Now,
	}
	if v.now == nil {
		v.now = time.Now
	}
	v.verified, _ = lru.New[string, verified](verifiedTokens) // fails only on a size <= 0
	switch {
	case v.leeway == 0:
		v.leeway = DefaultLeeway
	case v.leeway < 0:
		v.leeway = 0
	}

	src := &keySource{
		client:     cfg.HTTPClient,
		timeout:    DefaultTimeout,
		jwksURL:    cfg.JWKSURL,
		issuer:     cfg.Issuer,
		ttl:        cmp.Or(cfg.CacheTTL, DefaultCacheTTL),
		minRefresh: cmp.Or(cfg.MinRefresh, DefaultMinRefresh),
		now:        v.now,
	}
	if src.client == nil {
		src.client = &http.Client{Timeout: DefaultTimeout}
	} else {
		c := *src.client
		src.client = &c
	}
	if src.client.CheckRedirect == nil {
		src.client.CheckRedirect = checkRedirect
	}
	switch {
	case cfg.JWKS != nil:
		set, err := parseKeySet(cfg.JWKS)
		if err != nil {
			return nil, fmt.Errorf("auth: %w", err)
		}
		src.static, src.set = true, set
		v.keys = src
	case cfg.JWKSURL != "":
		v.keys = src
	case cfg.Discover:
		src.discovery = strings.TrimSuffix(cfg.Issuer, "/") + "/.well-known/openid-configuration"
		v.keys = src
	}

	algs := cfg.Algorithms
	if len(algs) == 0 {
		if len(v.secret) > 0 {
			algs = append(algs, "HS256")
		}
		if v.keys != nil {
			algs = append(algs, "RS256", "ES256")
		}
	}
	for _, name := range algs {
		a, _ := lookupAlg(name) // checked by cfg.check
		v.algs = append(v.algs, a.name)
	}
	return v, nil
}

// check reports whether c is a usable configuration.
func (c *Config) check() error {
	var errs []error
	if c.Issuer == "" {
		errs = append(errs, errors.New("no issuer"))
	}
	if len(c.Audience) == 0 || slices.Contains(c.Audience, "") {
		errs = append(errs, errors.New("no audience, or an empty one"))
	}
	if len(c.Secret) > 0 && len(c.Secret) < MinSecretLen {
		errs = append(errs, fmt.Errorf("secret shorter than %d bytes", MinSecretLen))
	}
	sources := 0
	for _, set := range []bool{c.JWKSURL != "", c.Discover, c.JWKS != nil} {
		if set {
			sources++
		}
	}
	switch {
	case sources > 1:
		errs = append(errs, errors.New("more than one of JWKSURL, Discover and JWKS"))
	case sources == 0 && len(c.Secret) == 0:
		errs = append(errs, errors.New("neither a secret nor a JWKS"))
	}
	if c.JWKSURL != "" {
		if err := checkURL(c.JWKSURL); err != nil {
			errs = append(errs, fmt.Errorf("JWKS: %w", err))
		}
	}
	if c.Discover {
		if err := checkURL(c.Issuer); err != nil {
			errs = append(errs, fmt.Errorf("discovery: issuer: %w", err))
		}
	}
	for _, name := range c.Algorithms {
		a, ok := lookupAlg(name)
		switch {
		case !ok:
			errs = append(errs, fmt.Errorf("algorithm %q not supported", name))
		case a.kind == hmacKey && len(c.Secret) == 0:
			errs = append(errs, fmt.Errorf("algorithm %s needs a secret", name))
		case a.kind == hmacKey && len(c.Secret) < a.minSecret:
			errs = append(errs, fmt.Errorf("algorithm %s needs a secret of %d bytes at least", name, a.minSecret))
		case a.kind != hmacKey && sources == 0:
			errs = append(errs, fmt.Errorf("algorithm %s needs a JWKS", name))
		}
	}
	if c.Leeway > MaxLeeway {
		errs = append(errs, fmt.Errorf("leeway over %v", MaxLeeway))
	}
	if c.CacheTTL < 0 || c.MinRefresh < 0 {
		errs = append(errs, errors.New("negative cache TTL or refresh interval"))
	}
	if err := c.Claims.check(); err != nil {
		errs = append(errs, err)
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("auth: invalid configuration: %w", err)
	}
	return nil
}

// Verify parses and verifies token with go-jose: algorithm (from the
// allow-list only), signature with the key of the algorithm's kind, exp
// (required), nbf, iat, iss and aud. Errors wrap one of this package's
// *Error sentinels.
func (v *Verifier) Verify(ctx context.Context, token string) (*Claims, error) {
	t, err := parseToken(token, v.algs)
	if err != nil {
		return nil, err
	}
	if err := v.verifySignature(ctx, t); err != nil {
		return nil, err
	}
	if err := v.check(&t.claims); err != nil {
		return nil, err
	}
	return &t.claims, nil
}

// verifySignature checks t's signature with the secret or the JWKS
// keys, whichever its algorithm's kind of key is.
func (v *Verifier) verifySignature(ctx context.Context, t *parsedToken) error {
	if t.alg.kind == hmacKey {
		if err := t.jws.Claims(v.secret); err != nil {
			return fmt.Errorf("%w: %v", ErrSignature, err)
		}
		return nil
	}
	keys, err := v.keys.keys(ctx, t.kid, t.alg)
	if err != nil {
		return err
	}
	for _, k := range keys {
		if t.jws.Claims(k.key) == nil {
			return nil
		}
	}
	return ErrSignature
}

// check checks the registered claims of a token whose signature is
// good.
func (v *Verifier) check(c *Claims) error {
	now := v.now()
	switch {
	case c.Expiry.IsZero():
		return fmt.Errorf("%w: no exp", ErrMalformed)
	case !now.Before(c.Expiry.Add(v.leeway)):
		// RFC 7519 §4.1.4: the current time must be before exp (go-jose
		// still accepts the token at exp itself).
		return fmt.Errorf("%w: at %v", ErrExpired, c.Expiry.UTC())
	}
	err := c.registered.ValidateWithLeeway(jwt.Expected{Issuer: v.issuer, AnyAudience: v.audience, Time: now}, v.leeway)
	switch {
	case err == nil && !c.IssuedAt.IsZero() && c.Expiry.Before(c.IssuedAt):
		return fmt.Errorf("%w: exp before iat", ErrMalformed)
	case err == nil:
		return nil
	case errors.Is(err, jwt.ErrInvalidIssuer):
		return fmt.Errorf("%w: %q", ErrIssuer, truncate(c.Issuer))
	case errors.Is(err, jwt.ErrInvalidAudience):
		return fmt.Errorf("%w: %q", ErrAudience, c.Audience)
	case errors.Is(err, jwt.ErrNotValidYet):
		return fmt.Errorf("%w: not before %v", ErrNotYetValid, c.NotBefore.UTC())
	case errors.Is(err, jwt.ErrIssuedInTheFuture):
		return fmt.Errorf("%w: issued in the future, at %v", ErrNotYetValid, c.IssuedAt.UTC())
	case errors.Is(err, jwt.ErrExpired):
		return fmt.Errorf("%w: at %v", ErrExpired, c.Expiry.UTC())
	}
	return fmt.Errorf("%w: %v", ErrClaims, err)
}

// Viewer verifies token and returns the viewer its claims describe.
//
// A token verified in the last minute is not parsed or verified again:
// its registered claims are checked again (expiry, not-before, issuer,
// audience), as on first use, and the viewer found then is returned.
// Tokens that fail are not kept.
//
// Viewer does not look the agency, employee or partner up: [Middleware]
// does, see [Options.Scopes].
func (v *Verifier) Viewer(ctx context.Context, token string) (viewer.Viewer, error) {
	vw, _, err := v.viewer(ctx, token)
	return vw, err
}

// viewer is [Verifier.Viewer], which also returns the token's claims.
func (v *Verifier) viewer(ctx context.Context, token string) (viewer.Viewer, *Claims, error) {
	if e, ok := v.verified.Get(token); ok && v.now().Sub(e.at) < verifiedTTL {
		if err := v.check(e.claims); err != nil {
			v.verified.Remove(token)
			return viewer.Viewer{}, nil, err
		}
		return e.viewer, e.claims, nil
	}
	c, err := v.Verify(ctx, token)
	if err != nil {
		return viewer.Viewer{}, nil, err
	}
	vw, err := v.names.Viewer(c)
	if err != nil {
		return viewer.Viewer{}, nil, err
	}
	v.verified.Add(token, verified{claims: c, viewer: vw, at: v.now()})
	return vw, c, nil
}
