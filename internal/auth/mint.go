package auth

import (
	"crypto/rand"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"

	"kembang/ent/gid"
	"kembang/internal/viewer"
)

// Mint returns an HS256 token for v, valid for ttl from now, signed
// with cfg.Secret and carrying cfg.Issuer, cfg.Audience and the claims
// cfg.Claims names (IDs in their opaque API form). It is meant for
// development, such as `kembang token --role HR_OFFICER --agency <id>`,
// and for tests. An empty v.Subject becomes "dev:" and the role in
// lower case. A [Verifier] made from the same cfg accepts the token and
// returns v.
func Mint(cfg Config, v viewer.Viewer, ttl time.Duration) (string, error) {
	var errs []error
	if len(cfg.Secret) < MinSecretLen {
		errs = append(errs, fmt.Errorf("secret shorter than %d bytes", MinSecretLen))
	}
	if cfg.Issuer == "" || len(cfg.Audience) == 0 || slices.Contains(cfg.Audience, "") {
		errs = append(errs, errors.New("no issuer or audience"))
	}
	if ttl <= 0 {
		errs = append(errs, fmt.Errorf("non-positive lifetime %v", ttl))
	}
	if err := cfg.Claims.check(); err != nil {
		errs = append(errs, err)
	}
	if v.Subject == "" {
		v.Subject = "dev:" + strings.ToLower(string(v.Role))
	}
	switch {
	case v.Anonymous():
		errs = append(errs, errors.New("viewer has no role"))
	case v.APIKeyID != 0:
		errs = append(errs, errors.New("API key viewers have no tokens"))
	default:
		if err := v.Validate(); err != nil {
			errs = append(errs, err)
		}
	}
	for _, f := range []struct {
		id    int
		table string
	}{{v.AgencyID, "agencies"}, {v.EmployeeID, "employees"}, {v.PartnerID, "partners"}} {
		if f.id != 0 && !inTable(f.id, f.table) {
			errs = append(errs, fmt.Errorf("%d is not an ID of %s", f.id, f.table))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return "", fmt.Errorf("auth: minting a token: %w", err)
	}

	now := cfg.now()
	claims := map[string]any{
		"iss": cfg.Issuer,
		"sub": v.Subject,
		"iat": now.Unix(),
		"exp": now.Add(ttl).Unix(),
		"jti": rand.Text(),
	}
	if len(cfg.Audience) == 1 {
		claims["aud"] = cfg.Audience[0]
	} else {
		claims["aud"] = cfg.Audience
	}
	n := cfg.Claims.withDefaults()
	if err := setClaim(claims, n.Role, string(v.Role)); err != nil {
		return "", fmt.Errorf("auth: minting a token: %w", err)
	}
	for _, f := range []struct {
		name string
		id   int
	}{{n.Agency, v.AgencyID}, {n.Employee, v.EmployeeID}, {n.Partner, v.PartnerID}} {
		if f.id == 0 {
			continue
		}
		if err := setClaim(claims, f.name, gid.Encode(f.id)); err != nil {
			return "", fmt.Errorf("auth: minting a token: %w", err)
		}
	}
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.HS256, Key: cfg.Secret}, (&jose.SignerOptions{}).WithType("JWT"))
	if err != nil {
		return "", fmt.Errorf("auth: minting a token: %w", err)
	}
	tok, err := jwt.Signed(signer).Claims(claims).Serialize()
	if err != nil {
		return "", fmt.Errorf("auth: minting a token: %w", err)
	}
	return tok, nil
}

// setClaim sets claim name of claims to val, creating the nested
// objects of a dotted path.
func setClaim(claims map[string]any, name string, val any) error {
	parts := strings.Split(name, ".")
	m := claims
	for _, p := range parts[:len(parts)-1] {
		switch next := m[p].(type) {
		case nil:
			nm := map[string]any{}
			m[p], m = nm, nm
		case map[string]any:
			m = next
		default:
			return fmt.Errorf("claim path %q crosses a non-object", name)
		}
	}
	last := parts[len(parts)-1]
	if _, ok := m[last]; ok {
		return fmt.Errorf("claim %q set twice", name)
	}
	m[last] = val
	return nil
}
