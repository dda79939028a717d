package auth

import (
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

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
	return sign("HS256", cfg.Secret, claims)
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

// sign returns a compact JWS of claims with the HMAC algorithm alg.
func sign(alg string, secret []byte, claims map[string]any) (string, error) {
	a, ok := lookupAlg(alg)
	if !ok || a.kind != hmacKey {
		return "", fmt.Errorf("auth: cannot sign with %q", alg)
	}
	header, err := json.Marshal(map[string]string{"alg": alg, "typ": "JWT"})
	if err != nil {
		return "", fmt.Errorf("auth: encoding a token header: %w", err)
	}
	payload, err := json.Marshal(claims)
	if err != nil {
		return "", fmt.Errorf("auth: encoding token claims: %w", err)
	}
	signed := segment().EncodeToString(header) + "." + segment().EncodeToString(payload)
	return signed + "." + segment().EncodeToString(a.sign(secret, signed)), nil
}
