package auth

import (
	"context"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"strings"
	"testing"
	"time"
)

// staticVerifier returns a verifier with the test secret and the
// standard static JWKS, at t0, with cfg's non-zero fields applied.
func staticVerifier(t *testing.T, change func(*Config)) *Verifier {
	t.Helper()
	cfg := Config{
		Issuer:   testIssuer,
		Audience: []string{testAudience, "other-client"},
		Secret:   testSecret(),
		JWKS:     standardJWKS(),
		Now:      func() time.Time { return t0 },
	}
	if change != nil {
		change(&cfg)
	}
	v, err := NewVerifier(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestVerify(t *testing.T) {
	k := testKeys()
	secret := testSecret()
	hs := func(c map[string]any) string { return token(header("HS256", ""), c, secret) }
	rs := func(c map[string]any) string { return token(header("RS256", "rsa1"), c, k.rsa1) }
	es := func(c map[string]any) string { return token(header("ES256", "ec1"), c, k.ec256) }
	good := claims(nil)
	goodSigned := encode(header("HS256", "")) + "." + encode(good)
	flip := func(s string) string { // changes the signature's first character
		i := strings.LastIndexByte(s, '.') + 1
		c := byte('A')
		if s[i] == 'A' {
			c = 'B'
		}
		return s[:i] + string(c) + s[i+1:]
	}
	rsaPEM := pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: mustPKIX(&k.rsa1.PublicKey)})

	tests := []struct {
		name  string
		token string
		want  error
	}{
		{"HS256", hs(good), nil},
		{"RS256", rs(good), nil},
		{"ES256", es(good), nil},
		{"RS256 without kid", token(header("RS256", ""), good, k.rsa1), nil},
		{"ES256 without kid", token(header("ES256", ""), good, k.ec256), nil},
		{"typ at+jwt", token(map[string]any{"alg": "HS256", "typ": "application/at+JWT"}, good, secret), nil},
		{"no typ", token(map[string]any{"alg": "HS256"}, good, secret), nil},
		{"audience array", hs(claims(map[string]any{"aud": []string{"x", "other-client"}})), nil},
		{"fractional dates", hs(claims(map[string]any{"exp": float64(t0.Unix()) + 0.5, "iat": 1.5e9})), nil},
		{"expired within leeway", hs(claims(map[string]any{"exp": t0.Add(-10 * time.Second).Unix()})), nil},
		{"nbf within leeway", hs(claims(map[string]any{"nbf": t0.Add(10 * time.Second).Unix()})), nil},

		// Malformed.
		{"empty", "", ErrMalformed},
		{"garbage", "not a token", ErrMalformed},
		{"one segment", "eyJhbGciOiJIUzI1NiJ9", ErrMalformed},
		{"two segments", goodSigned, ErrMalformed},
		{"four segments", hs(good) + ".x", ErrMalformed},
		{"JWE, five segments", "eyJhbGciOiJSU0EtT0FFUCJ9.a.b.c.d", ErrMalformed},
		{"empty header", "." + encode(good) + ".c2ln", ErrMalformed},
		{"empty payload", encode(header("HS256", "")) + "..c2ln", ErrMalformed},
		{"bad base64 header", "!!!." + encode(good) + ".c2ln", ErrMalformed},
		{"bad base64 payload", encode(header("HS256", "")) + ".*." + "c2ln", ErrMalformed},
		{"padded base64", encode(header("HS256", "")) + "=." + encode(good) + ".c2ln", ErrMalformed},
		{"std base64 signature", goodSigned + ".ab+/", ErrMalformed},
		{"bad base64 signature", goodSigned + ".!", ErrMalformed},
		{"signature with spare bits set", spareBits(hs(good)), ErrMalformed},
		{"header not JSON", segment().EncodeToString([]byte("alg=HS256")) + "." + encode(good) + ".c2ln", ErrMalformed},
		{"payload not JSON", encode(header("HS256", "")) + "." + segment().EncodeToString([]byte("{sub:1")) + ".c2ln", ErrMalformed},
		{"payload an array", encode(header("HS256", "")) + "." + encode([]any{good}) + ".c2ln", ErrMalformed},
		{"payload with trailing data", encode(header("HS256", "")) + "." + segment().EncodeToString([]byte(`{"exp":1}{}`)) + ".c2ln", ErrMalformed},
		{"duplicate claim", rawSigned(`{"alg":"HS256"}`, `{"iss":"`+testIssuer+`","aud":"`+testAudience+`","exp":1,"exp":99999999999}`, secret), ErrMalformed},
		{"duplicate header", rawSigned(`{"alg":"none","alg":"HS256"}`, string(mustJSON(good)), secret), ErrMalformed},
		{"no alg", rawSigned(`{"typ":"JWT"}`, string(mustJSON(good)), secret), ErrMalformed},
		{"empty alg", rawSigned(`{"alg":""}`, string(mustJSON(good)), secret), ErrMalformed},
		{"alg not a string", rawSigned(`{"alg":256}`, string(mustJSON(good)), secret), ErrMalformed},
		{"kid not a string", rawSigned(`{"alg":"HS256","kid":1}`, string(mustJSON(good)), secret), ErrMalformed},
		{"crit header", token(map[string]any{"alg": "HS256", "crit": []string{"exp"}, "exp": 1}, good, secret), ErrMalformed},
		{"typ JWE", token(map[string]any{"alg": "HS256", "typ": "JOSE+JSON"}, good, secret), ErrMalformed},
		{"exp a string", hs(claims(map[string]any{"exp": "2030-01-01"})), ErrMalformed},
		{"exp negative", hs(claims(map[string]any{"exp": -1})), ErrMalformed},
		{"exp huge", hs(claims(map[string]any{"exp": 1e300})), ErrMalformed},
		{"iss a number", hs(claims(map[string]any{"iss": 1})), ErrMalformed},
		{"aud a number", hs(claims(map[string]any{"aud": 1})), ErrMalformed},
		{"aud with a number", hs(claims(map[string]any{"aud": []any{testAudience, 1}})), ErrMalformed},
		{"no exp", hs(claims(map[string]any{"exp": nil})), ErrMalformed},
		{"exp before iat", hs(claims(map[string]any{"iat": t0.Unix(), "exp": t0.Add(-time.Second).Unix()})), ErrMalformed},
		{"too long", hs(claims(map[string]any{"pad": strings.Repeat("x", MaxTokenLen)})), ErrMalformed},

		// Algorithms.
		{"alg none", encode(header("none", "")) + "." + encode(good) + ".", ErrAlgorithm},
		{"alg None", encode(header("None", "")) + "." + encode(good) + ".", ErrAlgorithm},
		{"alg NONE with a signature", encode(header("NONE", "")) + "." + encode(good) + ".c2ln", ErrAlgorithm},
		{"alg not allowed (HS512)", token(header("HS512", ""), good, secret), ErrAlgorithm},
		{"alg not allowed (ES384)", token(header("ES384", "ec384"), good, k.ec384), ErrAlgorithm},
		{"alg unsupported (PS256)", encode(header("PS256", "rsa1")) + "." + encode(good) + ".c2ln", ErrAlgorithm},
		{"alg lower case", token(header("hs256", ""), good, secret), ErrAlgorithm},
		{"ES256 with an RSA kid", token(header("ES256", "rsa1"), good, k.ec256), ErrAlgorithm},
		{"RS256 with an EC kid", token(header("RS256", "ec1"), good, k.rsa1), ErrAlgorithm},
		{"ES256 with a P-384 kid", token(header("ES256", "ec384"), good, k.ec256), ErrAlgorithm},
		{"HS256 signed with the RSA public key (PEM)", token(header("HS256", "rsa1"), good, rsaPEM), ErrSignature},
		{"RS256 header, HMAC signature with the secret", token(header("RS256", "rsa1"), good, secret), ErrSignature},

		// Signatures.
		{"HS256 bad signature", flip(hs(good)), ErrSignature},
		{"HS256 other secret", token(header("HS256", ""), good, []byte(strings.Repeat("z", 32))), ErrSignature},
		{"HS256 empty signature", goodSigned + ".", ErrSignature},
		{"HS256 claims changed", encode(header("HS256", "")) + "." + encode(claims(map[string]any{"role": "x"})) + hs(good)[strings.LastIndexByte(hs(good), '.'):], ErrSignature},
		{"RS256 bad signature", flip(rs(good)), ErrSignature},
		{"RS256 by another key", token(header("RS256", "rsa1"), good, k.rsa2), ErrSignature},
		{"RS256 truncated signature", truncSig(rs(good), 1), ErrSignature},
		{"ES256 bad signature", flip(es(good)), ErrSignature},
		{"ES256 by another key", token(header("ES256", "ec1"), good, k.ec256b), ErrSignature},
		{"ES256 DER signature", derES256(good, "ec1", k), ErrSignature},
		{"ES256 short signature", truncSig(es(good), 1), ErrSignature},
		{"ES256 long signature", es(good) + "AA", ErrSignature},
		{"unknown kid", token(header("RS256", "nope"), good, k.rsa1), ErrUnknownKey},

		// Claims.
		{"expired", hs(claims(map[string]any{"exp": t0.Add(-time.Minute).Unix()})), ErrExpired},
		{"expired now", hs(claims(map[string]any{"exp": t0.Add(-DefaultLeeway).Unix()})), ErrExpired},
		{"exp zero", hs(claims(map[string]any{"exp": 0})), ErrExpired},
		{"not yet valid", hs(claims(map[string]any{"nbf": t0.Add(time.Minute).Unix()})), ErrNotYetValid},
		{"issued in the future", hs(claims(map[string]any{"iat": t0.Add(time.Minute).Unix()})), ErrNotYetValid},
		{"wrong issuer", hs(claims(map[string]any{"iss": "https://evil.example/realms/kembang"})), ErrIssuer},
		{"issuer with trailing slash", hs(claims(map[string]any{"iss": testIssuer + "/"})), ErrIssuer},
		{"no issuer", hs(claims(map[string]any{"iss": nil})), ErrIssuer},
		{"wrong audience", hs(claims(map[string]any{"aud": "account"})), ErrAudience},
		{"wrong audiences", hs(claims(map[string]any{"aud": []string{"account", "broker"}})), ErrAudience},
		{"empty audience array", hs(claims(map[string]any{"aud": []string{}})), ErrAudience},
		{"no audience", hs(claims(map[string]any{"aud": nil})), ErrAudience},
		{"RS256 expired", rs(claims(map[string]any{"exp": t0.Add(-time.Hour).Unix()})), ErrExpired},
		{"ES256 wrong audience", es(claims(map[string]any{"aud": "account"})), ErrAudience},
	}
	v := staticVerifier(t, nil)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := v.Verify(context.Background(), tt.token)
			wantErr(t, err, tt.want)
			if err != nil {
				var e *Error
				if !errors.As(err, &e) {
					t.Fatalf("error %v wraps no *Error", err)
				}
				if c != nil {
					t.Fatalf("Verify failed but returned claims")
				}
				return
			}
			if c.Subject != "user-1" || c.Issuer != testIssuer {
				t.Fatalf("claims = %+v", c)
			}
		})
	}
}

// spareBits returns tok with the unused low bits of its signature's last
// character set: the same signature bytes to a lax base64 decoder.
func spareBits(tok string) string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	last := strings.IndexByte(alphabet, tok[len(tok)-1])
	return tok[:len(tok)-1] + string(alphabet[last|1])
}

// truncSig returns tok with n bytes cut from its signature.
func truncSig(tok string, n int) string {
	i := strings.LastIndexByte(tok, '.')
	sig, err := segment().DecodeString(tok[i+1:])
	if err != nil {
		panic(err)
	}
	return tok[:i+1] + segment().EncodeToString(sig[:len(sig)-n])
}

// rawSigned returns a token of the exact JSON header and payload, signed
// with HMAC secret.
func rawSigned(header, payload string, secret []byte) string {
	signed := segment().EncodeToString([]byte(header)) + "." + segment().EncodeToString([]byte(payload))
	return signed + "." + segment().EncodeToString(signWith("HS256", secret, signed, false))
}

// derES256 returns an ES256 token whose signature is DER-encoded.
func derES256(c map[string]any, kid string, k keys) string {
	signed := encode(header("ES256", kid)) + "." + encode(c)
	return signed + "." + segment().EncodeToString(signWith("ES256", k.ec256, signed, true))
}

// mustJSON returns the JSON encoding of v.
func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

// mustPKIX returns the DER PKIX encoding of a public key.
func mustPKIX(pub any) []byte {
	b, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		panic(err)
	}
	return b
}

// TestAlgorithmConfusion checks that public keys are never used as HMAC
// secrets and the secret never verifies RS or ES tokens.
func TestAlgorithmConfusion(t *testing.T) {
	k := testKeys()
	good := claims(nil)
	jwksOnly := staticVerifier(t, func(c *Config) { c.Secret = nil })
	secretOnly := staticVerifier(t, func(c *Config) { c.JWKS = nil })
	both := staticVerifier(t, func(c *Config) { c.Algorithms = []string{"HS256", "RS256", "ES256"} })

	// Every form in which an attacker might find the public key.
	ecPoint, err := k.ec256.PublicKey.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	secrets := map[string][]byte{
		"RSA PEM":       pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: mustPKIX(&k.rsa1.PublicKey)}),
		"RSA PKCS1 PEM": pem.EncodeToMemory(&pem.Block{Type: "RSA PUBLIC KEY", Bytes: x509.MarshalPKCS1PublicKey(&k.rsa1.PublicKey)}),
		"RSA DER":       mustPKIX(&k.rsa1.PublicKey),
		"RSA modulus":   k.rsa1.N.Bytes(),
		"RSA JWK":       mustJSON(jwkOf("rsa1", "RS256", k.rsa1)),
		"EC point":      ecPoint,
		"EC DER":        mustPKIX(&k.ec256.PublicKey),
	}
	for name, secret := range secrets {
		for _, kid := range []string{"rsa1", "ec1", ""} {
			tok := token(header("HS256", kid), good, secret)
			t.Run(name+"/kid "+kid, func(t *testing.T) {
				_, err := jwksOnly.Verify(context.Background(), tok)
				wantErr(t, err, ErrAlgorithm)
				_, err = both.Verify(context.Background(), tok)
				wantErr(t, err, ErrSignature)
			})
		}
	}

	t.Run("RS and ES tokens against the secret", func(t *testing.T) {
		for _, tok := range []string{
			token(header("RS256", "rsa1"), good, k.rsa1),
			token(header("ES256", "ec1"), good, k.ec256),
			token(header("RS256", ""), good, testSecret()), // HMAC bytes under an RS header
			token(header("ES256", ""), good, testSecret()),
		} {
			_, err := secretOnly.Verify(context.Background(), tok)
			wantErr(t, err, ErrAlgorithm)
		}
	})

	t.Run("HS algorithm needs a secret", func(t *testing.T) {
		_, err := NewVerifier(Config{Issuer: testIssuer, Audience: []string{testAudience}, JWKS: standardJWKS(), Algorithms: []string{"HS256", "RS256"}})
		if err == nil {
			t.Fatal("NewVerifier accepted HS256 without a secret")
		}
	})

	t.Run("oct keys in a JWKS are ignored", func(t *testing.T) {
		oct := map[string]any{"kty": "oct", "kid": "hmac", "k": segment().EncodeToString(testSecret())}
		v := staticVerifier(t, func(c *Config) {
			c.Secret = nil
			c.JWKS = jwks(oct, jwkOf("rsa1", "", k.rsa1))
		})
		_, err := v.Verify(context.Background(), token(header("HS256", "hmac"), good, testSecret()))
		wantErr(t, err, ErrAlgorithm)
	})
}

func TestLeeway(t *testing.T) {
	tok := token(header("HS256", ""), claims(map[string]any{"exp": t0.Add(-10 * time.Second).Unix()}), testSecret())
	tests := []struct {
		leeway time.Duration
		want   error
	}{
		{0, nil}, // default, 30 s
		{-1, ErrExpired},
		{5 * time.Second, ErrExpired},
		{11 * time.Second, nil},
	}
	for _, tt := range tests {
		v := staticVerifier(t, func(c *Config) { c.Leeway = tt.leeway })
		_, err := v.Verify(context.Background(), tok)
		if (err == nil) != (tt.want == nil) || (tt.want != nil && !errors.Is(err, tt.want)) {
			t.Errorf("leeway %v: err = %v, want %v", tt.leeway, err, tt.want)
		}
	}
}

func TestNewVerifierConfig(t *testing.T) {
	good := Config{Issuer: testIssuer, Audience: []string{testAudience}, Secret: testSecret()}
	tests := []struct {
		name   string
		change func(*Config)
		ok     bool
	}{
		{"secret only", func(*Config) {}, true},
		{"JWKS URL", func(c *Config) { c.Secret, c.JWKSURL = nil, "https://sso.example/certs" }, true},
		{"JWKS URL on localhost", func(c *Config) { c.JWKSURL = "http://127.0.0.1:8081/certs" }, true},
		{"discovery", func(c *Config) { c.Discover = true }, true},
		{"ES384 allowed", func(c *Config) { c.JWKS, c.Algorithms = standardJWKS(), []string{"ES384"} }, true},
		{"no issuer", func(c *Config) { c.Issuer = "" }, false},
		{"no audience", func(c *Config) { c.Audience = nil }, false},
		{"empty audience", func(c *Config) { c.Audience = []string{""} }, false},
		{"short secret", func(c *Config) { c.Secret = []byte("short") }, false},
		{"no keys", func(c *Config) { c.Secret = nil }, false},
		{"two sources", func(c *Config) { c.JWKS, c.JWKSURL = standardJWKS(), "https://sso.example/certs" }, false},
		{"plain http JWKS", func(c *Config) { c.JWKSURL = "http://sso.example/certs" }, false},
		{"relative JWKS URL", func(c *Config) { c.JWKSURL = "/certs" }, false},
		{"discovery with plain http issuer", func(c *Config) { c.Discover, c.Issuer = true, "http://sso.example/realms/k" }, false},
		{"bad static JWKS", func(c *Config) { c.JWKS = []byte(`{"keys":[]}`) }, false},
		{"alg none", func(c *Config) { c.Algorithms = []string{"none"} }, false},
		{"unknown alg", func(c *Config) { c.Algorithms = []string{"PS256"} }, false},
		{"RS256 without JWKS", func(c *Config) { c.Algorithms = []string{"HS256", "RS256"} }, false},
		{"huge leeway", func(c *Config) { c.Leeway = time.Hour }, false},
		{"HS512 with a 32-byte secret", func(c *Config) { c.Secret, c.Algorithms = []byte(strings.Repeat("s", 32)), []string{"HS512"} }, false},
		{"HS512 with a 64-byte secret", func(c *Config) { c.Secret, c.Algorithms = []byte(strings.Repeat("s", 64)), []string{"HS512"} }, true},
		{"negative TTL", func(c *Config) { c.CacheTTL = -time.Second }, false},
		{"claim names clash", func(c *Config) { c.Claims.Agency = "role" }, false},
		{"claim name registered", func(c *Config) { c.Claims.Role = "sub" }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := good
			tt.change(&cfg)
			_, err := NewVerifier(cfg)
			if (err == nil) != tt.ok {
				t.Fatalf("NewVerifier: err = %v, want ok %v", err, tt.ok)
			}
		})
	}
}

func TestParseKeySet(t *testing.T) {
	k := testKeys()
	good := jwkOf("rsa1", "", k.rsa1)
	ec := jwkOf("ec1", "", k.ec256)
	tests := []struct {
		name string
		doc  []byte
		n    int // usable keys; 0: error
	}{
		{"RSA and EC", jwks(good, ec), 2},
		{"Keycloak-like with an encryption key", jwks(good, mapWith(jwkOf("enc", "RSA-OAEP", k.rsa2), "use", "enc")), 1},
		{"unknown alg skipped", jwks(good, jwkOf("ps", "PS256", k.rsa2)), 1},
		{"OKP skipped", jwks(good, map[string]any{"kty": "OKP", "crv": "Ed25519", "x": "AAAA"}), 1},
		{"not JSON", []byte("{"), 0},
		{"no keys", []byte(`{"keys":[]}`), 0},
		{"keys not an array", []byte(`{"keys":{}}`), 0},
		{"only oct", jwks(map[string]any{"kty": "oct", "k": "c2VjcmV0"}), 0},
		{"RSA under 2048 bits", jwks(jwkOf("small", "", k.rsaSmall)), 0},
		{"RSA exponent 1", jwks(mapWith(good, "e", "AQ")), 0},
		{"RSA even exponent", jwks(mapWith(good, "e", "AQAC")), 0},
		{"RSA exponent with a leading zero", jwks(mapWith(good, "e", "AAEAAQ")), 0},
		{"RSA bad modulus", jwks(mapWith(good, "n", "!!")), 0},
		{"RSA modulus with a leading zero", jwks(mapWith(good, "n", segment().EncodeToString(append([]byte{0}, k.rsa1.N.Bytes()...)))), 0},
		{"RSA alg ES256", jwks(mapWith(good, "alg", "ES256")), 0},
		{"EC alg ES384 on P-256", jwks(mapWith(ec, "alg", "ES384")), 0},
		{"EC short x", jwks(mapWith(ec, "x", "AAAA")), 0},
		{"EC point not on the curve", jwks(mapWith(ec, "y", ec["x"])), 0},
		{"EC unknown curve", jwks(mapWith(ec, "crv", "secp256k1")), 0},
		{"EC padded base64", jwks(mapWith(ec, "x", ec["x"].(string)+"=")), 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := parseKeySet(tt.doc)
			switch {
			case tt.n == 0 && err == nil:
				t.Fatalf("parseKeySet accepted %s", tt.doc)
			case tt.n > 0 && err != nil:
				t.Fatalf("parseKeySet: %v", err)
			case tt.n > 0 && len(s.keys) != tt.n:
				t.Fatalf("parseKeySet kept %d keys, want %d", len(s.keys), tt.n)
			}
		})
	}
}

func TestES(t *testing.T) {
	k := testKeys()
	v := staticVerifier(t, func(c *Config) { c.Secret, c.Algorithms = nil, []string{"ES256", "ES384"} })
	good := claims(nil)
	for _, tt := range []struct {
		name string
		tok  string
		want error
	}{
		{"ES256 r||s", token(header("ES256", "ec1"), good, k.ec256), nil},
		{"ES384 r||s", token(header("ES384", "ec384"), good, k.ec384), nil},
		{"ES256 DER", derES256(good, "ec1", k), ErrSignature},
		{"ES384 DER", func() string {
			signed := encode(header("ES384", "ec384")) + "." + encode(good)
			return signed + "." + segment().EncodeToString(signWith("ES384", k.ec384, signed, true))
		}(), ErrSignature},
		{"ES384 token with the P-256 key", token(header("ES384", "ec1"), good, k.ec256), ErrAlgorithm},
		{"RS256 not allowed", token(header("RS256", "rsa1"), good, k.rsa1), ErrAlgorithm},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := v.Verify(context.Background(), tt.tok)
			wantErr(t, err, tt.want)
		})
	}
}
