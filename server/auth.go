package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"kembang/ent"
	entagency "kembang/ent/agency"
	entemployee "kembang/ent/employee"
	"kembang/ent/gid"
	"kembang/internal/access"
	"kembang/internal/auth"
	"kembang/internal/store"
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
// "Bearer <token>"). --agency takes an agency's API ID or its code, and
// --employee an employee's API ID or NIP: codes and NIPs are looked up
// in the configured database.
func mintToken(ctx context.Context, cfg config, out io.Writer) error {
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
	f := &scopeFinder{cfg: cfg}
	defer f.close()
	for _, id := range []struct {
		flag, value string
		find        func(context.Context, string) (int, error) // by code or NIP; nil: IDs only
		dst         *int
	}{
		{"agency", cfg.tokenAgency, f.agency, &v.AgencyID},
		{"employee", cfg.tokenEmployee, f.employee, &v.EmployeeID},
		{"partner", cfg.tokenPartner, nil, &v.PartnerID},
	} {
		if id.value == "" {
			continue
		}
		*id.dst, err = gid.Decode(id.value)
		if err != nil && id.find != nil {
			*id.dst, err = id.find(ctx, id.value)
		}
		if err != nil {
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

// scopeFinder finds agencies by code and employees by NIP for the token
// command, in the configured database, opened on first use and read
// with the server's own rights (the token being made has none yet).
type scopeFinder struct {
	cfg config
	db  *store.DB
}

// open opens the database once. An embedded database that does not
// exist yet is not created.
func (f *scopeFinder) open(ctx context.Context) (*ent.Client, error) {
	if f.db == nil {
		if f.cfg.embedded() {
			if _, err := os.Stat(filepath.Join(f.cfg.dataDir, "kembang.db")); err != nil {
				return nil, fmt.Errorf("not an ID, and no database in %s to look it up in (start the server or run kembang seed first)", f.cfg.dataDir)
			}
		}
		db, err := store.Open(ctx, store.Config{DatabaseURL: f.cfg.databaseURL, DataDir: f.cfg.dataDir, MaxOpenConns: 1})
		if err != nil {
			return nil, fmt.Errorf("not an ID, and the database to look it up in: %w", err)
		}
		f.db = db
	}
	return f.db.Client, nil
}

// agency returns the raw ID of the agency with code.
func (f *scopeFinder) agency(ctx context.Context, code string) (int, error) {
	client, err := f.open(ctx)
	if err != nil {
		return 0, err
	}
	id, err := client.Agency.Query().Where(entagency.Code(code)).OnlyID(access.System(ctx))
	if ent.IsNotFound(err) {
		return 0, fmt.Errorf("%q is neither an agency ID nor the code of an agency in %s", code, location(f.cfg))
	}
	return id, err
}

// employee returns the raw ID of the employee with nip.
func (f *scopeFinder) employee(ctx context.Context, nip string) (int, error) {
	if len(nip) != 18 || strings.Trim(nip, "0123456789") != "" {
		return 0, fmt.Errorf("%q is neither an employee ID nor a NIP (18 digits)", nip)
	}
	client, err := f.open(ctx)
	if err != nil {
		return 0, err
	}
	id, err := client.Employee.Query().Where(entemployee.Nip(nip)).OnlyID(access.System(ctx))
	if ent.IsNotFound(err) {
		return 0, fmt.Errorf("%q is neither an employee ID nor the NIP of an employee in %s", nip, location(f.cfg))
	}
	return id, err
}

// close closes the database if it was opened.
func (f *scopeFinder) close() {
	if f.db != nil {
		f.db.Close()
	}
}
