package main

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// demoSecretFile is the file, in the data directory, of the HS256 secret
// the embedded demo generates for itself when no token keys are
// configured; the token command reads it too.
const demoSecretFile = "jwt-secret"

// demoSecret returns the demo's HS256 secret, creating it (32 random
// bytes, hex, mode 0600) when create is set and the file does not exist.
func demoSecret(dataDir string, create bool) (string, error) {
	path := filepath.Join(dataDir, demoSecretFile)
	b, err := os.ReadFile(path)
	switch {
	case err == nil:
		s := strings.TrimSpace(string(b))
		if len(s) < 32 {
			return "", fmt.Errorf("demo secret %s: shorter than 32 bytes", path)
		}
		return s, nil
	case !errors.Is(err, fs.ErrNotExist) || !create:
		return "", fmt.Errorf("demo secret: %w", err)
	}
	var r [32]byte
	if _, err := rand.Read(r[:]); err != nil {
		return "", fmt.Errorf("demo secret: %w", err)
	}
	s := hex.EncodeToString(r[:])
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return "", fmt.Errorf("demo secret: %w", err)
	}
	if err := os.WriteFile(path, []byte(s+"\n"), 0o600); err != nil {
		return "", fmt.Errorf("demo secret: %w", err)
	}
	return s, nil
}

// demoMode reports whether cfg runs the embedded demo with its own token
// secret: the embedded store, demo tokens on, and no token keys
// configured.
func demoMode(cfg config) bool {
	return cfg.embedded() && cfg.demoTokens && cfg.jwtSecret == "" && cfg.jwksURL == "" && !cfg.oidc
}
