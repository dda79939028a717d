package auth

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/hmac"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"errors"
	"math/big"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"kembang/ent/gid"
)

// segment returns the encoding of JWT segments: unpadded base64url,
// decoded strictly.
func segment() *base64.Encoding { return base64.RawURLEncoding.Strict() }

// t0 is the tests' current time.
var t0 = time.Date(2026, 7, 1, 8, 0, 0, 0, time.UTC)

// Test constants.
const (
	testIssuer   = "https://sso.kemuning.go.id/realms/kembang"
	testAudience = "kembang-api"
)

// testSecret is the tests' HMAC secret.
func testSecret() []byte { return []byte("0123456789abcdef0123456789abcdef-test") }

// clock is a settable clock, safe for concurrent use.
type clock struct{ ns atomic.Int64 }

// newClock returns a clock set to t0.
func newClock() *clock {
	c := &clock{}
	c.ns.Store(t0.UnixNano())
	return c
}

// Now returns the clock's time.
func (c *clock) Now() time.Time { return time.Unix(0, c.ns.Load()) }

// Advance moves the clock forward by d.
func (c *clock) Advance(d time.Duration) { c.ns.Add(int64(d)) }

// keys are the tests' key pairs, generated once.
type keys struct {
	rsa1, rsa2, rsaSmall *rsa.PrivateKey
	ec256, ec256b, ec384 *ecdsa.PrivateKey
}

var testKeys = sync.OnceValue(func() keys {
	must := func(k any, err error) any {
		if err != nil {
			panic(err)
		}
		return k
	}
	return keys{
		rsa1:     must(rsa.GenerateKey(rand.Reader, 2048)).(*rsa.PrivateKey),
		rsa2:     must(rsa.GenerateKey(rand.Reader, 2048)).(*rsa.PrivateKey),
		rsaSmall: must(rsa.GenerateKey(rand.Reader, 1024)).(*rsa.PrivateKey),
		ec256:    must(ecdsa.GenerateKey(elliptic.P256(), rand.Reader)).(*ecdsa.PrivateKey),
		ec256b:   must(ecdsa.GenerateKey(elliptic.P256(), rand.Reader)).(*ecdsa.PrivateKey),
		ec384:    must(ecdsa.GenerateKey(elliptic.P384(), rand.Reader)).(*ecdsa.PrivateKey),
	}
})

// jwkOf returns the public JWK of key (an *rsa.PrivateKey or
// *ecdsa.PrivateKey) with kid and, if not empty, alg.
func jwkOf(kid, alg string, key any) map[string]any {
	m := map[string]any{"kid": kid, "use": "sig"}
	if alg != "" {
		m["alg"] = alg
	}
	switch k := key.(type) {
	case *rsa.PrivateKey:
		m["kty"] = "RSA"
		m["n"] = segment().EncodeToString(k.N.Bytes())
		m["e"] = segment().EncodeToString(big.NewInt(int64(k.E)).Bytes())
	case *ecdsa.PrivateKey:
		size := (k.Curve.Params().BitSize + 7) / 8
		b, err := k.PublicKey.Bytes()
		if err != nil {
			panic(err)
		}
		m["kty"] = "EC"
		m["crv"] = k.Curve.Params().Name
		m["x"] = segment().EncodeToString(b[1 : 1+size])
		m["y"] = segment().EncodeToString(b[1+size:])
	default:
		panic("jwkOf: unknown key type")
	}
	return m
}

// jwks returns a JWKS document of keys.
func jwks(keys ...map[string]any) []byte {
	b, err := json.Marshal(map[string]any{"keys": keys})
	if err != nil {
		panic(err)
	}
	return b
}

// standardJWKS is the JWKS of rsa1, ec256 and ec384.
func standardJWKS() []byte {
	k := testKeys()
	return jwks(jwkOf("rsa1", "RS256", k.rsa1), jwkOf("ec1", "", k.ec256), jwkOf("ec384", "ES384", k.ec384))
}

// claims returns valid claims at t0, with extra merged in (a nil value
// deletes a claim).
func claims(extra map[string]any) map[string]any {
	c := map[string]any{
		"iss":  testIssuer,
		"sub":  "user-1",
		"aud":  testAudience,
		"iat":  t0.Add(-time.Minute).Unix(),
		"exp":  t0.Add(time.Hour).Unix(),
		"role": "ADMIN",
	}
	for k, v := range extra {
		if v == nil {
			delete(c, k)
		} else {
			c[k] = v
		}
	}
	return c
}

// header returns a JOSE header with alg and, if not empty, kid.
func header(alg, kid string) map[string]any {
	h := map[string]any{"alg": alg, "typ": "JWT"}
	if kid != "" {
		h["kid"] = kid
	}
	return h
}

// encode returns the base64url JSON encoding of v.
func encode(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return segment().EncodeToString(b)
}

// signWith returns the signature of signed by key with the hash of alg.
// A []byte key makes an HMAC whatever alg says. der makes ECDSA
// signatures ASN.1 DER.
func signWith(alg string, key any, signed string, der bool) []byte {
	hashes := map[string]crypto.Hash{"256": crypto.SHA256, "384": crypto.SHA384, "512": crypto.SHA512}
	h := hashes[alg[2:]]
	if secret, ok := key.([]byte); ok {
		m := hmac.New(h.New, secret)
		m.Write([]byte(signed))
		return m.Sum(nil)
	}
	d := h.New()
	d.Write([]byte(signed))
	digest := d.Sum(nil)
	switch k := key.(type) {
	case *rsa.PrivateKey:
		sig, err := rsa.SignPKCS1v15(rand.Reader, k, h, digest)
		if err != nil {
			panic(err)
		}
		return sig
	case *ecdsa.PrivateKey:
		if der {
			sig, err := ecdsa.SignASN1(rand.Reader, k, digest)
			if err != nil {
				panic(err)
			}
			return sig
		}
		r, s, err := ecdsa.Sign(rand.Reader, k, digest)
		if err != nil {
			panic(err)
		}
		size := (k.Curve.Params().BitSize + 7) / 8
		sig := make([]byte, 2*size)
		r.FillBytes(sig[:size])
		s.FillBytes(sig[size:])
		return sig
	}
	panic("signWith: unknown key type")
}

// token returns a token with header h and claims c signed by key.
func token(h, c map[string]any, key any) string {
	signed := encode(h) + "." + encode(c)
	return signed + "." + segment().EncodeToString(signWith(h["alg"].(string), key, signed, false))
}

// raw IDs of test rows.
func agencyID(n int) int   { return mustDecode("agencies", n) }
func employeeID(n int) int { return mustDecode("employees", n) }
func partnerID(n int) int  { return mustDecode("partners", n) }

// mustDecode returns the raw ID of row n of table.
func mustDecode(table string, n int) int {
	id, err := gid.Decode(segment().EncodeToString([]byte(table + ":" + strconv.Itoa(n))))
	if err != nil {
		panic(err)
	}
	return id
}

// wantErr fails t unless err wraps want (nil: no error).
func wantErr(t *testing.T, err, want error) {
	t.Helper()
	switch {
	case want == nil && err != nil:
		t.Fatalf("err = %v, want nil", err)
	case want != nil && !errors.Is(err, want):
		t.Fatalf("err = %v, want %v", err, want)
	}
}
