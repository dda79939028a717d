package auth

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"
)

// FuzzParse parses and verifies arbitrary tokens: no panics, parse
// errors wrap ErrMalformed or ErrAlgorithm, every refusal wraps an
// *Error, and nothing but the seeds' own valid tokens verifies.
func FuzzParse(f *testing.F) {
	k := testKeys()
	good := claims(nil)
	valid := []string{
		token(header("HS256", ""), good, testSecret()),
		token(header("RS256", "rsa1"), good, k.rsa1),
		token(header("ES256", "ec1"), good, k.ec256),
	}
	seeds := append(valid,
		"",
		"a.b.c",
		"...",
		encode(header("none", ""))+"."+encode(good)+".",
		token(header("HS256", "rsa1"), good, k.rsa1.N.Bytes()),
		derES256(good, "ec1", k),
		rawSigned(`{"alg":"HS256","alg":"none"}`, `{"exp":1e999}`, testSecret()),
		rawSigned(`{"alg":"HS256","crit":["b64"],"b64":false}`, `{"aud":[1,null]}`, testSecret()),
		"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0=.sig",
	)
	for _, s := range seeds {
		f.Add(s)
	}
	cfg := Config{
		Issuer:   testIssuer,
		Audience: []string{testAudience},
		Secret:   testSecret(),
		JWKS:     standardJWKS(),
		Claims:   ClaimNames{Role: "realm_access.roles"},
		Now:      func() time.Time { return t0 },
	}
	v, err := NewVerifier(cfg)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tok, err := parseToken(s, v.algs)
		if err != nil {
			if !errors.Is(err, ErrMalformed) && !errors.Is(err, ErrAlgorithm) {
				t.Fatalf("parseToken(%q) = %v, not ErrMalformed or ErrAlgorithm", s, err)
			}
		} else if !slices.Contains(v.algs, tok.alg.name) || tok.alg.kind == 0 {
			t.Fatalf("parseToken(%q) = %+v: inconsistent", s, tok)
		}
		c, err := v.Verify(context.Background(), s)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("Verify(%q) = %v, wrapping no *Error", s, err)
			}
			if c != nil {
				t.Fatalf("Verify(%q) failed but returned claims", s)
			}
		} else if !slices.Contains(valid, s) {
			t.Fatalf("Verify accepted %q", s)
		}
		if _, err := v.Viewer(context.Background(), s); err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("Viewer(%q) = %v, wrapping no *Error", s, err)
			}
		}
	})
}
