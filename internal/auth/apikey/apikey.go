// Package apikey creates and checks the API keys of partner systems.
//
// A key reads
//
//	kmb_<id>_<secret>
//
// where id is 16 lower-case hex digits (8 random bytes), public and
// unique, used to find the key's record, and secret is 32 random bytes in
// unpadded base64url (43 characters, which may include '_' and '-'). The
// whole key is 64 characters. The plaintext is shown once, when the key
// is created; only its [Hash] is stored. Because the secret has 256 bits
// of entropy, a single SHA-256 is as good as a slow password hash here,
// and it lets every request be checked cheaply.
package apikey

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
)

// Prefix starts every key; it lets secret scanners and the HTTP
// middleware tell API keys from JWTs.
const Prefix = "kmb_"

// Len is the length of a key.
const Len = len(Prefix) + idLen + 1 + secretLen

// Sizes of the parts of a key.
const (
	idBytes     = 8
	secretBytes = 32
	idLen       = 2 * idBytes             // hex
	secretLen   = (secretBytes*8 + 5) / 6 // unpadded base64
)

// Errors returned by [Parse] and [Verify]. Their messages are safe to
// show to clients.
var (
	ErrFormat   = errors.New("malformed API key")
	ErrMismatch = errors.New("API key does not match")
)

// secretEncoding returns the encoding of secrets: unpadded base64url,
// decoded strictly (no padding, no stray bits).
func secretEncoding() *base64.Encoding { return base64.RawURLEncoding.Strict() }

// Hash is what is stored of a key: its public ID, to look it up, and the
// SHA-256 of the whole plaintext key.
type Hash struct {
	// ID is the key's public ID, 16 hex digits; store it in a unique
	// column to find the key.
	ID string
	// Sum is the SHA-256 of the plaintext key, 32 bytes.
	Sum []byte
}

// Key is a parsed API key. It holds the digest of the secret, never the
// secret itself, so printing it leaks nothing.
type Key struct {
	// ID is the key's public ID, as stored in [Hash].ID.
	ID  string
	sum [sha256.Size]byte
}

// New creates a key. The plaintext is for the caller to show once;
// h is what to store.
func New() (plaintext string, h Hash, err error) {
	var b [idBytes + secretBytes]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", Hash{}, fmt.Errorf("apikey: reading random bytes: %w", err)
	}
	plaintext = Prefix + hex.EncodeToString(b[:idBytes]) + "_" + secretEncoding().EncodeToString(b[idBytes:])
	k, err := Parse(plaintext)
	if err != nil {
		return "", Hash{}, fmt.Errorf("apikey: parsing a new key: %w", err)
	}
	return plaintext, k.Hash(), nil
}

// Parse checks the form of a plaintext key and returns it parsed.
func Parse(plaintext string) (Key, error) {
	if len(plaintext) != Len {
		return Key{}, fmt.Errorf("%w: length %d, want %d", ErrFormat, len(plaintext), Len)
	}
	rest, ok := strings.CutPrefix(plaintext, Prefix)
	if !ok {
		return Key{}, fmt.Errorf("%w: no %q prefix", ErrFormat, Prefix)
	}
	id, secret := rest[:idLen], rest[idLen:]
	if !validID(id) {
		return Key{}, fmt.Errorf("%w: ID is not %d lower-case hex digits", ErrFormat, idLen)
	}
	secret, ok = strings.CutPrefix(secret, "_")
	if !ok {
		return Key{}, fmt.Errorf("%w: no '_' after the ID", ErrFormat)
	}
	if b, err := secretEncoding().DecodeString(secret); err != nil || len(b) != secretBytes {
		return Key{}, fmt.Errorf("%w: secret is not %d bytes of base64url", ErrFormat, secretBytes)
	}
	return Key{ID: id, sum: sha256.Sum256([]byte(plaintext))}, nil
}

// validID reports whether id is lower-case hex.
func validID(id string) bool {
	for _, c := range []byte(id) {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

// Hash returns what is stored for k.
func (k Key) Hash() Hash {
	return Hash{ID: k.ID, Sum: append([]byte(nil), k.sum[:]...)}
}

// Matches reports whether k is the key stored as h, comparing digests in
// constant time.
func (k Key) Matches(h Hash) bool {
	idOK := subtle.ConstantTimeCompare([]byte(k.ID), []byte(h.ID))
	sumOK := subtle.ConstantTimeCompare(k.sum[:], h.Sum)
	return idOK&sumOK == 1
}

// String returns the key with its secret elided, for logs.
func (k Key) String() string {
	if k.ID == "" {
		return ""
	}
	return Prefix + k.ID + "_…"
}

// Verify parses plaintext and reports whether it is the key stored as h:
// nil, or an error wrapping [ErrFormat] or [ErrMismatch].
func Verify(plaintext string, h Hash) error {
	k, err := Parse(plaintext)
	if err != nil {
		return err
	}
	if !k.Matches(h) {
		return ErrMismatch
	}
	return nil
}
