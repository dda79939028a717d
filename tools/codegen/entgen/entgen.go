// Package entgen generates Kembang's data model code (package ent) and the
// GraphQL schema of its types (graph/ent.graphqls) with ent and entgql.
//
// Everything it writes comes from templates: ent's and entgql's own, the
// ones this package carries in template/ (embedded), and nothing else; no
// generated file is edited afterwards. The carried templates are of three
// kinds:
//
//   - template/ent: copies of blocks of ent's dialect/sql templates
//     ({{ define "dialect/sql/query" }}, ...). A block defined with the
//     name of one of ent's replaces it.
//   - template/entgql: copies of entgql's templates, given to entgql with
//     entgql.WithTemplates in place of its own.
//   - template/kembang: templates of Kembang's own (new generated files,
//     additional imports through ent's extension points).
//
// The copies differ from upstream only where they route a generated call
// through the packages under internal/entx (keyset, inlist, rowscan); each
// copy's header names the upstream file, its version and checksum, and
// what it changes. The package's tests fail when the upstream files in
// go.mod no longer match (docs/upgrading.md, "ent and entgql").
package entgen

import (
	"fmt"

	"entgo.io/contrib/entgql"
	"entgo.io/ent/entc"
	"entgo.io/ent/entc/gen"

	"kembang/internal/rules"
)

// SchemaDir is the ent schema package, relative to the repository root.
const SchemaDir = "./ent/schema"

// Options are the settings of a generation run.
type Options struct {
	// SchemaDir is the ent schema package (default SchemaDir).
	SchemaDir string
	// Target is the directory generated code is written to; empty means
	// ent's default, the parent directory of SchemaDir.
	Target string
	// GQLConfig is the gqlgen configuration entgql reads (autobind,
	// models); empty means none.
	GQLConfig string
	// GQLSchema is the file entgql writes the GraphQL schema of the ent
	// types to; empty means none is written.
	GQLSchema string
	// PrefixRange names the string fields, as "Type.field", whose
	// hasPrefix where-input filter is the range the prefix spans in byte
	// order (keyset.HasPrefix). Only for columns in byte order (collation "C"
	// on PostgreSQL): under another collation the range leaves rows out.
	PrefixRange []string
	// Dependencies are ent dependencies (entc.Dependency) of the
	// generated client: fields of its config with an option each.
	Dependencies []entc.Option
}

// DefaultOptions are the options of `go generate` at the repository root.
func DefaultOptions() Options {
	return Options{
		SchemaDir:   SchemaDir,
		GQLConfig:   "./gqlgen.yml",
		GQLSchema:   "./graph/ent.graphqls",
		PrefixRange: []string{"Employee.full_name"},
		Dependencies: []entc.Option{
			// The environment of the storage rules (the clock, the import
			// and nomination modes): Client.WithRules (template
			// kembang/rules.tmpl) replaces it.
			entc.Dependency(entc.DependencyName("Rules"), entc.DependencyType(rules.Env{})),
		},
	}
}

// Generate writes the ent code and the GraphQL schema of the ent types.
func Generate(opts Options) error {
	cfg, err := Config(opts)
	if err != nil {
		return err
	}
	var gql []entgql.ExtensionOption
	if opts.GQLConfig != "" {
		gql = append(gql, entgql.WithConfigPath(opts.GQLConfig))
	}
	if opts.GQLSchema != "" {
		gql = append(gql, entgql.WithSchemaPath(opts.GQLSchema))
	}
	ex, err := Extension(opts, gql...)
	if err != nil {
		return err
	}
	dir := opts.SchemaDir
	if dir == "" {
		dir = SchemaDir
	}
	if err := entc.Generate(dir, cfg, entc.Extensions(ex)); err != nil {
		return fmt.Errorf("entgen: running ent codegen: %w", err)
	}
	return nil
}

// Config returns the ent generator configuration: the storage, the
// features and the ent templates (overrides and additions).
func Config(opts Options) (*gen.Config, error) {
	storage, err := gen.NewStorage("sql")
	if err != nil {
		return nil, fmt.Errorf("entgen: %w", err)
	}
	ts, err := loadTemplates(opts)
	if err != nil {
		return nil, err
	}
	cfg := &gen.Config{
		Storage:   storage,
		Target:    opts.Target,
		Templates: ts.ent,
		Features: []gen.Feature{
			gen.FeatureGlobalID,
			gen.FeatureVersionedMigration,
			gen.FeatureModifier,
			gen.FeatureLock,
			gen.FeatureUpsert,
			gen.FeatureExecQuery,
			gen.FeatureIntercept,
			gen.FeaturePrivacy,
		},
	}
	for _, dep := range opts.Dependencies {
		if err := dep(cfg); err != nil {
			return nil, fmt.Errorf("entgen: dependency: %w", err)
		}
	}
	return cfg, nil
}

// Extension returns the entgql extension that writes the GraphQL
// integration of the ent types (with the carried entgql templates) and
// their GraphQL schema, with extra options (output path or writer, gqlgen
// configuration) appended.
func Extension(opts Options, extra ...entgql.ExtensionOption) (*entgql.Extension, error) {
	ts, err := loadTemplates(opts)
	if err != nil {
		return nil, err
	}
	return entgql.NewExtension(append([]entgql.ExtensionOption{
		entgql.WithSchemaGenerator(),
		entgql.WithWhereInputs(true),
		entgql.WithNodeDescriptor(false),
		// After WithWhereInputs, which would otherwise add entgql's own
		// where-input template next to the carried one.
		entgql.WithTemplates(ts.entgql...),
	}, extra...)...)
}
