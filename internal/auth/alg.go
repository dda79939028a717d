package auth

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/hmac"
	"crypto/rsa"
	_ "crypto/sha256" // SHA-256 for HS256, RS256, ES256
	_ "crypto/sha512" // SHA-384 and SHA-512 for the others
	"math/big"
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

// algorithm is a JWS algorithm this package implements.
type algorithm struct {
	name  string
	kind  keyKind
	hash  crypto.Hash
	curve elliptic.Curve // for ecKey
}

// lookupAlg returns the JWS algorithm called name. "none" and anything
// unknown are not algorithms.
func lookupAlg(name string) (algorithm, bool) {
	switch name {
	case "HS256":
		return algorithm{name, hmacKey, crypto.SHA256, nil}, true
	case "HS384":
		return algorithm{name, hmacKey, crypto.SHA384, nil}, true
	case "HS512":
		return algorithm{name, hmacKey, crypto.SHA512, nil}, true
	case "RS256":
		return algorithm{name, rsaKey, crypto.SHA256, nil}, true
	case "RS384":
		return algorithm{name, rsaKey, crypto.SHA384, nil}, true
	case "RS512":
		return algorithm{name, rsaKey, crypto.SHA512, nil}, true
	case "ES256":
		return algorithm{name, ecKey, crypto.SHA256, elliptic.P256()}, true
	case "ES384":
		return algorithm{name, ecKey, crypto.SHA384, elliptic.P384()}, true
	case "ES512":
		return algorithm{name, ecKey, crypto.SHA512, elliptic.P521()}, true
	}
	return algorithm{}, false
}

// digest returns the hash of the signing input.
func (a algorithm) digest(signed string) []byte {
	h := a.hash.New()
	h.Write([]byte(signed))
	return h.Sum(nil)
}

// verifyHMAC reports whether sig is the MAC of signed under secret.
func (a algorithm) verifyHMAC(secret []byte, signed string, sig []byte) bool {
	return a.kind == hmacKey && hmac.Equal(a.sign(secret, signed), sig)
}

// sign returns the MAC of signed under secret.
func (a algorithm) sign(secret []byte, signed string) []byte {
	m := hmac.New(a.hash.New, secret)
	m.Write([]byte(signed))
	return m.Sum(nil)
}

// verifyKey reports whether sig is a signature of signed by k, which
// must be of a's kind (and, for EC, on a's curve). EC signatures are
// the fixed-size r||s of RFC 7518, never DER.
func (a algorithm) verifyKey(k *jwk, signed string, sig []byte) bool {
	if !k.fits(a) {
		return false
	}
	switch a.kind {
	case rsaKey:
		return rsa.VerifyPKCS1v15(k.rsa, a.hash, a.digest(signed), sig) == nil
	case ecKey:
		size := (a.curve.Params().BitSize + 7) / 8
		if len(sig) != 2*size {
			return false
		}
		r := new(big.Int).SetBytes(sig[:size])
		s := new(big.Int).SetBytes(sig[size:])
		return ecdsa.Verify(k.ec, a.digest(signed), r, s)
	}
	return false
}
