package schema

import (
	"time"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
)

// PersistedOperation is one GraphQL document of the allow-list: stored by
// `kembang operations register DIR` after validation against the schema,
// and, with KEMBANG_ALLOWLIST=true, the only documents the server runs
// (see kembang/internal/operations). It is not part of the GraphQL API.
type PersistedOperation struct {
	ent.Schema
}

// Fields of a persisted operation. All are immutable: a changed document
// has another hash and is another row.
func (PersistedOperation) Fields() []ent.Field {
	return []ent.Field{
		field.String("hash").
			Unique().
			Immutable().
			Match(sha256Hex).
			Comment("Lower-case hex SHA-256 of the document, as in extensions.persistedQuery.sha256Hash."),
		field.Text("document").
			Immutable().
			NotEmpty().
			Comment("The GraphQL document, byte for byte as registered."),
		field.String("source").
			Immutable().
			MaxLen(300).
			Comment("File the document was registered from, relative to the registered folder."),
		field.Time("created_at").
			Default(time.Now).
			Immutable().
			Comment("When the document was registered."),
	}
}

// Annotations of a persisted operation: none of it is in the GraphQL
// schema.
func (PersistedOperation) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}
