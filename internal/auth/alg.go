package auth

import (
	"crypto/elliptic"

	"github.com/go-jose/go-jose/v4"
)

// keyKind is the kind of key an algorithm verifies with.
type keyKind int

// Key kinds.
const (
	hmacKey keyKind = iota + 1 // the configured secret
	rsaKey                     // an RSA JWK
	ecKey                      // an EC JWK
)

// String returns the JWK kty of k ("oct" for secrets).
func (k keyKind) String() string {
	switch k {
	case hmacKey:
		return "oct"
	case rsaKey:
		return "RSA"
	case ecKey:
		return "EC"
	}
	return "?"
}

// algorithm is a JWS algorithm this package accepts; go-jose implements
// it. Each names the one kind of key it may verify with, so that the
// choice of key never follows the token's say alone.
type algorithm struct {
	name      jose.SignatureAlgorithm
	kind      keyKind
	curve     elliptic.Curve // for ecKey
	minSecret int            // for hmacKey: the hash size, RFC 7518 §3.2
}

// lookupAlg returns the JWS algorithm called name. "none" and anything
// unknown are not algorithms; neither are those go-jose knows but this
// package does not accept (PS*, EdDSA).
func lookupAlg(name string) (algorithm, bool) {
	switch name {
	case "HS256":
		return algorithm{jose.HS256, hmacKey, nil, 32}, true
	case "HS384":
		return algorithm{jose.HS384, hmacKey, nil, 48}, true
	case "HS512":
		return algorithm{jose.HS512, hmacKey, nil, 64}, true
	case "RS256":
		return algorithm{jose.RS256, rsaKey, nil, 0}, true
	case "RS384":
		return algorithm{jose.RS384, rsaKey, nil, 0}, true
	case "RS512":
		return algorithm{jose.RS512, rsaKey, nil, 0}, true
	case "ES256":
		return algorithm{jose.ES256, ecKey, elliptic.P256(), 0}, true
	case "ES384":
		return algorithm{jose.ES384, ecKey, elliptic.P384(), 0}, true
	case "ES512":
		return algorithm{jose.ES512, ecKey, elliptic.P521(), 0}, true
	}
	return algorithm{}, false
}
