// Package codegen holds the ent and entgql code-generation settings, so
// that ent/entc.go and the schema contract test generate alike.
package codegen

import (
	"embed"

	"entgo.io/contrib/entgql"
	"entgo.io/ent/entc/gen"
)

// templates are Kembang's additions to ent's and entgql's templates.
//
//go:embed template/*.tmpl
var templates embed.FS

// SchemaDir is the ent schema package, relative to the repository root.
const SchemaDir = "./ent/schema"

// Config returns the ent generator configuration.
func Config() *gen.Config {
	storage, err := gen.NewStorage("sql")
	if err != nil {
		panic(err) // "sql" is built into ent
	}
	return &gen.Config{
		Storage:   storage,
		Templates: []*gen.Template{gen.MustParse(gen.NewTemplate("kembang").Funcs(entgql.TemplateFuncs).ParseFS(templates, "template/*.tmpl"))},
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
}

// Extension returns the entgql extension that writes the GraphQL schema
// of the ent types, with extra options (output path or writer, gqlgen
// configuration) appended.
func Extension(opts ...entgql.ExtensionOption) (*entgql.Extension, error) {
	return entgql.NewExtension(append([]entgql.ExtensionOption{
		entgql.WithSchemaGenerator(),
		entgql.WithWhereInputs(true),
		entgql.WithNodeDescriptor(false),
	}, opts...)...)
}
