package auth

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
)

// MaxTokenLen is the length of the longest token accepted. Keycloak
// access tokens with many roles and groups stay well below it.
const MaxTokenLen = 16 << 10

// maxDate bounds NumericDate values (year 5138).
const maxDate = 1e11

// Claims are the claims of a token: the registered ones decoded, and all
// of them available through [Claims.Lookup].
type Claims struct {
	Issuer    string    // iss
	Subject   string    // sub
	Audience  []string  // aud, a string or an array in the token
	Expiry    time.Time // exp; zero if absent
	NotBefore time.Time // nbf; zero if absent
	IssuedAt  time.Time // iat; zero if absent
	ID        string    // jti

	registered jwt.Claims                 // as go-jose decoded them, for its validation
	raw        map[string]json.RawMessage // every claim
}

// Lookup returns the JSON value of the claim called name. A name with
// dots that is not itself a top-level claim is a path into nested
// objects: "realm_access.roles" finds Keycloak's realm roles.
func (c *Claims) Lookup(name string) (json.RawMessage, bool) {
	if v, ok := c.raw[name]; ok {
		return v, true
	}
	parts := strings.Split(name, ".")
	if len(parts) < 2 {
		return nil, false
	}
	m := c.raw
	for _, p := range parts[:len(parts)-1] {
		v, ok := m[p]
		if !ok {
			return nil, false
		}
		var next map[string]json.RawMessage
		if err := json.Unmarshal(v, &next); err != nil {
			return nil, false
		}
		m = next
	}
	v, ok := m[parts[len(parts)-1]]
	return v, ok
}

// parsedToken is a JWT in compact JWS serialization parsed by go-jose, its
// signature not verified yet. Header parameters that would tell a
// verifier where to find keys (jku, jwk, x5u, x5c) are never used: keys
// only ever come from the configuration.
type parsedToken struct {
	jws    *jwt.JSONWebToken
	alg    algorithm
	kid    string
	claims Claims
}

// parseToken parses s, a compact JWS of one of the algorithms algs,
// with go-jose (whose JSON decoder refuses duplicate member names), and
// decodes its claims without verifying the signature. Errors wrap
// [ErrAlgorithm] for a well-formed token of another algorithm ("none"
// included), [ErrMalformed] otherwise.
func parseToken(s string, algs []jose.SignatureAlgorithm) (*parsedToken, error) {
	if len(s) > MaxTokenLen {
		return nil, fmt.Errorf("%w: longer than %d bytes", ErrMalformed, MaxTokenLen)
	}
	jws, err := jwt.ParseSigned(s, algs)
	var other *jose.ErrUnexpectedSignatureAlgorithm
	switch {
	case errors.As(err, &other) && other.Got == "":
		return nil, fmt.Errorf("%w: no alg", ErrMalformed)
	case errors.As(err, &other):
		return nil, fmt.Errorf("%w: %q", ErrAlgorithm, truncate(string(other.Got)))
	case err != nil:
		return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	if !canonical(s) {
		return nil, fmt.Errorf("%w: not strict base64url", ErrMalformed)
	}
	h := jws.Headers[0]
	if _, ok := h.ExtraHeaders["crit"]; ok {
		return nil, fmt.Errorf("%w: crit header parameter not supported", ErrMalformed)
	}
	if typ, ok := h.ExtraHeaders[jose.HeaderType]; ok {
		s, ok := typ.(string)
		if !ok || !jwtType(s) {
			return nil, fmt.Errorf("%w: typ %q is not a JWT", ErrMalformed, truncate(fmt.Sprint(typ)))
		}
	}
	a, _ := lookupAlg(h.Algorithm) // one of algs
	t := &parsedToken{jws: jws, alg: a, kid: h.KeyID}
	if err := t.claims.decode(jws); err != nil {
		return nil, err
	}
	return t, nil
}

// jwtType reports whether typ, a typ header value, says JWT (or an
// access token JWT, RFC 9068).
func jwtType(typ string) bool {
	switch strings.TrimPrefix(strings.ToLower(typ), "application/") {
	case "", "jwt", "at+jwt":
		return true
	}
	return false
}

// canonical reports whether every segment of s is strict base64url, so
// that a token has one spelling only (go-jose ignores the spare bits of
// a segment's last character).
func canonical(s string) bool {
	for seg := range strings.SplitSeq(s, ".") {
		if _, err := base64.RawURLEncoding.Strict().DecodeString(seg); err != nil {
			return false
		}
	}
	return true
}

// decode decodes the claims of jws, not verified yet.
func (c *Claims) decode(jws *jwt.JSONWebToken) error {
	if err := jws.UnsafeClaimsWithoutVerification(&c.registered, &c.raw); err != nil {
		return fmt.Errorf("%w: claims: %v", ErrMalformed, err)
	}
	r := &c.registered
	c.Issuer, c.Subject, c.Audience, c.ID = r.Issuer, r.Subject, r.Audience, r.ID
	for _, f := range []struct {
		name string
		src  *jwt.NumericDate
		dst  *time.Time
	}{{"exp", r.Expiry, &c.Expiry}, {"nbf", r.NotBefore, &c.NotBefore}, {"iat", r.IssuedAt, &c.IssuedAt}} {
		if f.src == nil {
			continue
		}
		if *f.src < 0 || *f.src > maxDate {
			return fmt.Errorf("%w: %s out of range", ErrMalformed, f.name)
		}
		*f.dst = f.src.Time()
	}
	return nil
}

// truncate keeps error messages short when clients send huge strings.
func truncate(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}
