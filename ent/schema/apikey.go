package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// APIKey is a credential a partner's system uses instead of a person's
// token. Only its hash is stored: the key itself is shown once, by the
// createAPIKey mutation. A key acts as its partner (role PARTNER) until
// revoked.
type APIKey struct {
	ent.Schema
}

// Mixin adds timestamps and the audit trail.
func (APIKey) Mixin() []ent.Mixin { return []ent.Mixin{Timestamps{}, Audited{}} }

// Fields of an API key.
func (APIKey) Fields() []ent.Field {
	return []ent.Field{
		field.String("key_id").
			Unique().
			Immutable().
			Match(keyIDPattern).
			Comment("Public part of the key (kmb_<keyId>_…), to recognise it in logs; not a secret.").
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput, entgql.SkipWhereInput)),
		field.Bytes("hash").
			Sensitive().
			Immutable().
			Comment("SHA-256 of the whole key.").
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.String("name").
			NotEmpty().
			MaxLen(100).
			Comment("What the key is for, e.g. LMS Universitas Kemuning Raya.").
			Annotations(entgql.OrderField("NAME")),
		field.Int("partner_id").Immutable().Comment("Partner the key acts for."),
		field.Int("rate_limit").
			Optional().
			Nillable().
			Range(1, 1_000_000).
			Comment("Rate-limit budget of the key in points per hour; null: the server's default."),
		field.String("created_by").
			Immutable().
			MaxLen(300).
			Comment("Subject of the viewer who created the key.").
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		field.Time("revoked_at").
			Optional().
			Nillable().
			Comment("When the key was revoked; a revoked key is refused with 401.").
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		field.Time("last_used_at").
			Optional().
			Nillable().
			Comment("Last time the key was accepted, to the minute.").
			Annotations(
				entgql.OrderField("LAST_USED_AT"),
				entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput),
			),
	}
}

// Edges of an API key.
func (APIKey) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("partner", Partner.Type).Ref("api_keys").Field("partner_id").Unique().Required().Immutable(),
	}
}

// Indexes of an API key.
func (APIKey) Indexes() []ent.Index {
	return []ent.Index{index.Fields("partner_id", "name")}
}

// Annotations of an API key: a connection, created and renamed by
// mutations (createAPIKey, updateAPIKey), never deleted (revokeAPIKey).
func (APIKey) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.QueryField("apiKeys"),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
		entgql.MultiOrder(),
	}
}
