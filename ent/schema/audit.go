package schema

import (
	"time"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"kembang/internal/audit"
)

// AuditRecord is one entry of the audit trail: a row created, changed or
// deleted, by whom, in which request, with the old and new values of the
// changed fields. Records are written in the same transaction as the
// change and are never changed or deleted.
type AuditRecord struct {
	ent.Schema
}

// Fields of an audit record. All are immutable.
func (AuditRecord) Fields() []ent.Field {
	return []ent.Field{
		field.Time("at").
			Default(time.Now).
			Immutable().
			Comment("When the change was made.").
			Annotations(entgql.OrderField("AT")),
		field.String("subject").
			Immutable().
			MaxLen(300).
			Comment("Who made it: the token's subject, apikey:<keyId>, or system for the server's own jobs."),
		field.String("role").
			Immutable().
			MaxLen(32).
			Comment("Role the subject acted in."),
		field.Int("api_key_id").
			Optional().
			Nillable().
			Immutable().
			Comment("API key the request was authenticated with.").
			Annotations(entgql.Type("ID")),
		field.String("operation").
			Immutable().
			MaxLen(100).
			Comment("GraphQL mutation that caused the change, e.g. updateEmployee; empty outside the API."),
		field.Enum("action").
			Values("CREATE", "UPDATE", "DELETE").
			Immutable().
			Comment("What happened to the row."),
		field.String("entity_type").
			Immutable().
			MaxLen(64).
			Comment("Type of the row, e.g. Employee.").
			Annotations(entgql.OrderField("ENTITY_TYPE")),
		field.Int("entity_id").
			Immutable().
			Comment("ID of the row.").
			Annotations(entgql.Type("ID")),
		field.JSON("changes", []audit.Change{}).
			Immutable().
			Comment("Changed fields with old and new values (JSON-encoded).").
			Annotations(entgql.Type("[AuditChange!]")),
		field.String("request_id").
			Optional().
			Immutable().
			MaxLen(100).
			Comment("Request id of the change (X-Request-ID), the key to the server log."),
	}
}

// Indexes of an audit record: by row, by subject, by time and by request.
func (AuditRecord) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("entity_id", "at"),
		index.Fields("entity_type", "at"),
		index.Fields("subject", "at"),
		index.Fields("at"),
		index.Fields("request_id"),
	}
}

// Annotations of an audit record: a read-only connection.
func (AuditRecord) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.MultiOrder(),
	}
}
