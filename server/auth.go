package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"kembang/ent/gid"
	"kembang/internal/auth"
	"kembang/internal/viewer"
)

// authConfig returns the bearer-token configuration of cfg.
func authConfig(cfg config) auth.Config {
	return auth.Config{
		Issuer:   cfg.jwtIssuer,
		Audience: cfg.jwtAudience,
		Secret:   []byte(cfg.jwtSecret),
		JWKSURL:  cfg.jwksURL,
		Discover: cfg.oidc,
	}
}

// newVerifier returns the verifier of bearer tokens, or nil when no
// secret and no key set are configured: then every bearer token is
// refused with 401 and requests without one pass as anonymous.
func newVerifier(cfg config) (*auth.Verifier, error) {
	if cfg.jwtSecret == "" && cfg.jwksURL == "" && !cfg.oidc {
		return nil, nil
	}
	v, err := auth.NewVerifier(authConfig(cfg))
	if err != nil {
		return nil, fmt.Errorf("bearer tokens: %w", err)
	}
	return v, nil
}

// mintToken writes a development JWT for the viewer described by the
// token command's flags, signed with the configured HS256 secret, so the
// explorer can be used in any role (set the Authorization header to
// "Bearer <token>").
func mintToken(cfg config, out io.Writer) error {
	if cfg.jwtSecret == "" && cfg.jwksURL == "" && !cfg.oidc {
		// The embedded demo's own secret, if the server has made one.
		if s, err := demoSecret(cfg.dataDir, false); err == nil {
			cfg.jwtSecret = s
		}
	}
	if cfg.jwtSecret == "" {
		return errors.New("token: set KEMBANG_JWT_SECRET (--jwt-secret), the same secret the server uses (the embedded demo keeps its own in the data directory once started)")
	}
	role, err := viewer.ParseRole(cfg.tokenRole)
	if err != nil {
		return fmt.Errorf("token: --role: %w", err)
	}
	v := viewer.Viewer{Subject: cfg.tokenSubject, Role: role}
	if v.Subject == "" {
		v.Subject = "dev:" + strings.ToLower(string(role))
	}
	for _, id := range []struct {
		flag, value string
		dst         *int
	}{
		{"agency", cfg.tokenAgency, &v.AgencyID},
		{"employee", cfg.tokenEmployee, &v.EmployeeID},
		{"partner", cfg.tokenPartner, &v.PartnerID},
	} {
		if id.value == "" {
			continue
		}
		if *id.dst, err = gid.Decode(id.value); err != nil {
			return fmt.Errorf("token: --%s: %w", id.flag, err)
		}
	}
	if err := v.Validate(); err != nil {
		return fmt.Errorf("token: %w", err)
	}
	tok, err := auth.Mint(authConfig(cfg), v, cfg.tokenTTL)
	if err != nil {
		return fmt.Errorf("token: %w", err)
	}
	_, err = fmt.Fprintln(out, tok)
	return err
}
