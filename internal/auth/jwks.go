package auth

import (
	"context"
	"crypto/ecdsa"
	"crypto/rsa"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/go-jose/go-jose/v4"
)

// RSA modulus sizes accepted in JWKS documents (go-jose refuses moduli
// over 4096 bits).
const (
	minRSABits = 2048
	maxRSABits = 4096
)

// maxDocument bounds the size of fetched JWKS and discovery documents.
const maxDocument = 1 << 20

// jwk is a public signing key from a JWKS document.
type jwk struct {
	kid  string
	alg  string // the JWK's alg, or "" if it names none
	kind keyKind
	key  any // *rsa.PublicKey or *ecdsa.PublicKey, as go-jose verifies with
}

// fits reports whether k may verify tokens signed with a: same key
// kind, same curve, and a's name if k is bound to an algorithm.
func (k *jwk) fits(a algorithm) bool {
	if k.kind != a.kind || (k.alg != "" && k.alg != string(a.name)) {
		return false
	}
	ec, ok := k.key.(*ecdsa.PublicKey)
	return k.kind != ecKey || (ok && ec.Curve == a.curve)
}

// keySet is the usable signing keys of a JWKS document.
type keySet struct {
	keys []*jwk
}

// find returns the keys of s with ID kid (any ID if kid is "") that can
// verify a, and whether kid names any key of s at all (for kid "":
// whether some key fits).
func (s *keySet) find(kid string, a algorithm) (keys []*jwk, known bool) {
	for _, k := range s.keys {
		if kid != "" && k.kid != kid {
			continue
		}
		known = true
		if k.fits(a) {
			keys = append(keys, k)
		}
	}
	if kid == "" {
		known = len(keys) > 0
	}
	return keys, known
}

// parseKeySet parses a JWKS document with go-jose, key by key. Keys
// that cannot verify signatures here (encryption keys, symmetric "oct"
// keys, other key types and algorithms, RSA keys under 2048 bits,
// malformed keys) are skipped; a document without any usable key is an
// error.
func parseKeySet(b []byte) (*keySet, error) {
	var doc struct {
		Keys []json.RawMessage `json:"keys"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		return nil, fmt.Errorf("decoding JWKS: %w", err)
	}
	var (
		s     keySet
		skips []string
	)
	for i, raw := range doc.Keys {
		k, err := signingKey(raw)
		if err != nil {
			skips = append(skips, fmt.Sprintf("key %d: %v", i, err))
			continue
		}
		s.keys = append(s.keys, k)
	}
	if len(s.keys) == 0 {
		return nil, fmt.Errorf("JWKS has no usable signing key (%d keys: %s)", len(doc.Keys), strings.Join(skips, "; "))
	}
	return &s, nil
}

// signingKey returns the public key the JWK raw describes, if it is a
// signing key of a supported type.
func signingKey(raw json.RawMessage) (*jwk, error) {
	var jk jose.JSONWebKey
	if err := jk.UnmarshalJSON(raw); err != nil {
		return nil, err
	}
	if jk.Use != "" && jk.Use != "sig" {
		return nil, fmt.Errorf("kid %q: use %q is not sig", truncate(jk.KeyID), jk.Use)
	}
	pub := jk.Public() // without private members, if any; no key for "oct"
	k := &jwk{kid: jk.KeyID, alg: jk.Algorithm, key: pub.Key}
	switch key := pub.Key.(type) {
	case *rsa.PublicKey:
		k.kind = rsaKey
		if bits := key.N.BitLen(); bits < minRSABits || bits > maxRSABits {
			return nil, fmt.Errorf("kid %q: RSA modulus of %d bits not accepted (%d to %d)", truncate(jk.KeyID), bits, minRSABits, maxRSABits)
		}
		if key.E < 3 || key.E%2 == 0 || key.E > 1<<31-1 {
			return nil, fmt.Errorf("kid %q: RSA exponent %d not accepted", truncate(jk.KeyID), key.E)
		}
	case *ecdsa.PublicKey: // go-jose knows P-256, P-384 and P-521 only
		k.kind = ecKey
	default:
		return nil, fmt.Errorf("kid %q: key type %T not supported", truncate(jk.KeyID), jk.Key)
	}
	if !canonicalKey(raw, pub) {
		return nil, fmt.Errorf("kid %q: key members not in canonical form", truncate(jk.KeyID))
	}
	if k.alg != "" {
		a, ok := lookupAlg(k.alg)
		if !ok || !k.fits(a) {
			return nil, fmt.Errorf("kid %q: alg %q not supported for this key", truncate(jk.KeyID), truncate(k.alg))
		}
	}
	return k, nil
}

// canonicalKey reports whether the key members of raw (n and e, or x
// and y) are spelt as go-jose writes the key pub it parsed from them:
// strict base64url of minimal (RSA) or fixed-size (EC) big-endian
// integers, as RFC 7518 §6 requires.
func canonicalKey(raw json.RawMessage, pub jose.JSONWebKey) bool {
	out, err := pub.MarshalJSON()
	var got, want map[string]any
	if err != nil || json.Unmarshal(raw, &got) != nil || json.Unmarshal(out, &want) != nil {
		return false
	}
	for _, m := range []string{"n", "e", "x", "y"} {
		if got[m] != want[m] {
			return false
		}
	}
	return true
}

// keySource provides the keys of a JWKS document: a static one, or one
// fetched from a URL (given, or discovered from an OIDC issuer) and
// cached.
//
// A fetched set is refreshed when it is older than ttl, and when a
// token names an unknown kid, at most once per minRefresh (so that
// tokens with made-up kids cannot flood the identity provider). After a
// failed fetch the next one waits minRefresh too; meanwhile the last
// good set, however old, stays in use.
type keySource struct {
	static     bool
	client     *http.Client
	timeout    time.Duration
	jwksURL    string // empty until discovered
	discovery  string // the OIDC discovery URL, if jwksURL is discovered
	issuer     string
	ttl        time.Duration
	minRefresh time.Duration
	now        func() time.Time

	mu        sync.Mutex
	set       *keySet
	fetched   time.Time // last successful fetch
	attempted time.Time // last fetch
	forced    time.Time // last fetch for an unknown kid
	err       error     // error of the last fetch, if it failed
}

// keys returns the keys with ID kid (any, if kid is "") that can verify
// a. Errors wrap ErrUnknownKey, ErrAlgorithm or ErrUnavailable.
func (s *keySource) keys(ctx context.Context, kid string, a algorithm) ([]*jwk, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	fetched := false
	if !s.static && (s.set == nil || now.Sub(s.fetched) >= s.ttl) && (s.err == nil || now.Sub(s.attempted) >= s.minRefresh) {
		s.refresh(ctx, now)
		fetched = true
	}
	if s.set == nil {
		return nil, fmt.Errorf("%w: %v", ErrUnavailable, s.err)
	}
	keys, known := s.set.find(kid, a)
	if !known && kid != "" && !s.static && !fetched && (s.forced.IsZero() || now.Sub(s.forced) >= s.minRefresh) {
		s.forced = now
		s.refresh(ctx, now)
		keys, known = s.set.find(kid, a)
	}
	switch {
	case !known && kid == "":
		return nil, fmt.Errorf("%w: no kid, and no %s key for %s", ErrUnknownKey, a.kind, a.name)
	case !known:
		return nil, fmt.Errorf("%w: kid %q", ErrUnknownKey, truncate(kid))
	case len(keys) == 0:
		return nil, fmt.Errorf("%w: key %q cannot verify %s", ErrAlgorithm, truncate(kid), a.name)
	}
	return keys, nil
}

// refresh fetches the key set, keeping the old one on failure. s.mu is
// held.
func (s *keySource) refresh(ctx context.Context, now time.Time) {
	s.attempted = now
	set, err := s.fetch(ctx)
	if err != nil {
		s.err = err
		return
	}
	s.set, s.fetched, s.err = set, now, nil
}

// fetch discovers the JWKS URL if needed and fetches the key set.
func (s *keySource) fetch(ctx context.Context) (*keySet, error) {
	// A request that goes away must not fail the fetch for the others.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.timeout)
	defer cancel()
	if s.jwksURL == "" {
		u, err := s.discover(ctx)
		if err != nil {
			return nil, err
		}
		s.jwksURL = u
	}
	b, err := s.get(ctx, s.jwksURL)
	if err != nil {
		return nil, fmt.Errorf("fetching JWKS: %w", err)
	}
	set, err := parseKeySet(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", s.jwksURL, err)
	}
	return set, nil
}

// discover returns the jwks_uri of the OIDC issuer's configuration,
// after checking that the document is the issuer's own.
func (s *keySource) discover(ctx context.Context) (string, error) {
	b, err := s.get(ctx, s.discovery)
	if err != nil {
		return "", fmt.Errorf("OIDC discovery: %w", err)
	}
	var doc struct {
		Issuer  string `json:"issuer"`
		JWKSURI string `json:"jwks_uri"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		return "", fmt.Errorf("OIDC discovery: %s: %w", s.discovery, err)
	}
	if doc.Issuer != s.issuer {
		return "", fmt.Errorf("OIDC discovery: %s names issuer %q, want %q", s.discovery, truncate(doc.Issuer), s.issuer)
	}
	if err := checkURL(doc.JWKSURI); err != nil {
		return "", fmt.Errorf("OIDC discovery: jwks_uri: %w", err)
	}
	return doc.JWKSURI, nil
}

// get fetches a JSON document.
func (s *keySource) get(ctx context.Context, u string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	resp, err := s.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%s: %s", u, resp.Status)
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxDocument+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", u, err)
	}
	if len(b) > maxDocument {
		return nil, fmt.Errorf("%s: document larger than %d bytes", u, maxDocument)
	}
	return b, nil
}

// checkURL reports whether keys may be fetched from u: an absolute
// https URL, or http on a loopback host (for development and tests).
func checkURL(u string) error {
	p, err := url.Parse(u)
	if err != nil {
		return fmt.Errorf("invalid URL %q", truncate(u))
	}
	switch {
	case p.Scheme == "https" && p.Host != "":
		return nil
	case p.Scheme == "http" && loopback(p.Hostname()):
		return nil
	}
	return fmt.Errorf("URL %q must be https (http only on localhost)", truncate(u))
}

// checkRedirect follows at most 5 redirects, to URLs that checkURL
// accepts.
func checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) >= 5 {
		return errors.New("too many redirects")
	}
	return checkURL(req.URL.String())
}

// loopback reports whether host names the local machine.
func loopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
