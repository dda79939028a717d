package auth

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
)

// MaxTokenLen is the length of the longest token accepted. Keycloak
// access tokens with many roles and groups stay well below it.
const MaxTokenLen = 16 << 10

// Token is a JWT in compact JWS serialization, parsed but not verified.
// Header parameters that would tell a verifier where to find keys (jku,
// jwk, x5u, x5c) are ignored: keys only ever come from the
// configuration.
type Token struct {
	// Alg is the header's alg, such as "RS256".
	Alg string
	// KeyID is the header's kid, or "".
	KeyID string
	// Claims are the token's claims.
	Claims Claims

	signed string // header.payload, the signing input
	sig    []byte
}

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

	raw map[string]json.RawMessage
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

// segment returns the encoding of JWT segments: unpadded base64url,
// decoded strictly.
func segment() *base64.Encoding { return base64.RawURLEncoding.Strict() }

// Parse parses a compact JWS without verifying it. Errors wrap
// [ErrMalformed]. A token whose alg is "none" parses (with an empty
// signature); verification refuses it.
func Parse(s string) (*Token, error) {
	if len(s) > MaxTokenLen {
		return nil, fmt.Errorf("%w: longer than %d bytes", ErrMalformed, MaxTokenLen)
	}
	parts := strings.SplitN(s, ".", 4)
	if len(parts) != 3 {
		return nil, fmt.Errorf("%w: %d segments, want 3", ErrMalformed, strings.Count(s, ".")+1)
	}
	var t Token
	if err := t.parseHeader(parts[0]); err != nil {
		return nil, err
	}
	if err := t.Claims.parse(parts[1]); err != nil {
		return nil, err
	}
	sig, err := segment().DecodeString(parts[2])
	if err != nil {
		return nil, fmt.Errorf("%w: signature is not base64url", ErrMalformed)
	}
	t.signed, t.sig = s[:len(parts[0])+1+len(parts[1])], sig
	return &t, nil
}

// parseHeader decodes the JOSE header.
func (t *Token) parseHeader(seg string) error {
	m, err := decodeSegment("header", seg)
	if err != nil {
		return err
	}
	if _, ok := m["crit"]; ok {
		return fmt.Errorf("%w: crit header parameter not supported", ErrMalformed)
	}
	if t.Alg, err = stringParam(m, "alg"); err != nil {
		return err
	}
	if t.Alg == "" {
		return fmt.Errorf("%w: no alg", ErrMalformed)
	}
	if t.KeyID, err = stringParam(m, "kid"); err != nil {
		return err
	}
	typ, err := stringParam(m, "typ")
	if err != nil {
		return err
	}
	switch strings.TrimPrefix(strings.ToLower(typ), "application/") {
	case "", "jwt", "at+jwt":
	default:
		return fmt.Errorf("%w: typ %q is not a JWT", ErrMalformed, truncate(typ))
	}
	return nil
}

// parse decodes the payload.
func (c *Claims) parse(seg string) error {
	m, err := decodeSegment("payload", seg)
	if err != nil {
		return err
	}
	c.raw = m
	for _, f := range []struct {
		name string
		dst  *string
	}{{"iss", &c.Issuer}, {"sub", &c.Subject}, {"jti", &c.ID}} {
		if *f.dst, err = stringParam(m, f.name); err != nil {
			return err
		}
	}
	for _, f := range []struct {
		name string
		dst  *time.Time
	}{{"exp", &c.Expiry}, {"nbf", &c.NotBefore}, {"iat", &c.IssuedAt}} {
		if *f.dst, err = numericDate(m, f.name); err != nil {
			return err
		}
	}
	c.Audience, err = audience(m)
	return err
}

// decodeSegment decodes a base64url segment holding a JSON object.
func decodeSegment(what, seg string) (map[string]json.RawMessage, error) {
	if seg == "" {
		return nil, fmt.Errorf("%w: empty %s", ErrMalformed, what)
	}
	b, err := segment().DecodeString(seg)
	if err != nil {
		return nil, fmt.Errorf("%w: %s is not base64url", ErrMalformed, what)
	}
	m, err := decodeObject(b)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrMalformed, what, err)
	}
	return m, nil
}

// decodeObject decodes a JSON object into its members, refusing
// duplicate member names (which parsers resolve differently) and
// trailing data.
func decodeObject(b []byte) (map[string]json.RawMessage, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, errors.New("not a JSON object")
	}
	m := map[string]json.RawMessage{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, errors.New("invalid JSON")
		}
		name, ok := tok.(string)
		if !ok {
			return nil, errors.New("invalid JSON")
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, errors.New("invalid JSON")
		}
		if _, dup := m[name]; dup {
			return nil, fmt.Errorf("duplicate member %q", truncate(name))
		}
		m[name] = v
	}
	if _, err := dec.Token(); err != nil {
		return nil, errors.New("invalid JSON")
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("data after the JSON object")
	}
	return m, nil
}

// stringParam returns the string member name of m, or "" if it is
// absent.
func stringParam(m map[string]json.RawMessage, name string) (string, error) {
	v, ok := m[name]
	if !ok {
		return "", nil
	}
	var s string
	if len(v) == 0 || v[0] != '"' || json.Unmarshal(v, &s) != nil {
		return "", fmt.Errorf("%w: %s is not a string", ErrMalformed, name)
	}
	return s, nil
}

// maxDate bounds NumericDate values (year 5138), so that conversions
// cannot overflow.
const maxDate = 1e11

// numericDate returns the NumericDate member name of m (seconds since
// the epoch, possibly fractional), or the zero time if it is absent.
func numericDate(m map[string]json.RawMessage, name string) (time.Time, error) {
	v, ok := m[name]
	if !ok {
		return time.Time{}, nil
	}
	bad := fmt.Errorf("%w: %s is not a NumericDate", ErrMalformed, name)
	if len(v) == 0 || v[0] < '0' || v[0] > '9' {
		return time.Time{}, bad
	}
	if n, err := strconv.ParseInt(string(v), 10, 64); err == nil {
		if n > maxDate {
			return time.Time{}, bad
		}
		return time.Unix(n, 0), nil
	}
	f, err := strconv.ParseFloat(string(v), 64)
	if err != nil || math.IsNaN(f) || f < 0 || f > maxDate {
		return time.Time{}, bad
	}
	sec, frac := math.Modf(f)
	return time.Unix(int64(sec), int64(frac*1e9)), nil
}

// audience returns the aud member of m: a string or an array of
// non-empty strings.
func audience(m map[string]json.RawMessage) ([]string, error) {
	v, ok := m["aud"]
	if !ok {
		return nil, nil
	}
	bad := fmt.Errorf("%w: aud is not a string or an array of strings", ErrMalformed)
	if len(v) > 0 && v[0] == '"' {
		var s string
		if json.Unmarshal(v, &s) != nil {
			return nil, bad
		}
		return []string{s}, nil
	}
	var raw []json.RawMessage
	if len(v) == 0 || v[0] != '[' || json.Unmarshal(v, &raw) != nil {
		return nil, bad
	}
	out := make([]string, 0, len(raw))
	for _, r := range raw {
		var s string
		if len(r) == 0 || r[0] != '"' || json.Unmarshal(r, &s) != nil {
			return nil, bad
		}
		out = append(out, s)
	}
	return out, nil
}

// truncate keeps error messages short when clients send huge strings.
func truncate(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}
