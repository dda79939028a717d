package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Partner is an organisation that delivers development with the agencies:
// a university, a training institute, LAN, a professional body.
type Partner struct {
	ent.Schema
}

// Mixin adds timestamps and the audit trail.
func (Partner) Mixin() []ent.Mixin { return []ent.Mixin{Timestamps{}, Audited{}} }

// Fields of a partner.
func (Partner) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").
			NotEmpty().
			MaxLen(200).
			Comment("Name, e.g. Universitas Kemuning Raya.").
			Annotations(entgql.OrderField("NAME")),
		field.Enum("kind").
			Values("UNIVERSITY", "TRAINING_INSTITUTE", "GOVERNMENT", "PROFESSIONAL_BODY", "PRIVATE", "OTHER").
			Comment("Kind of organisation.").
			Annotations(entgql.OrderField("KIND")),
		field.String("contact_name").Optional().MaxLen(200).Comment("Contact person."),
		field.String("contact_email").Optional().MaxLen(254).Match(emailPattern).Comment("Contact e-mail."),
		field.String("contact_phone").Optional().Match(phonePattern).Comment("Contact phone."),
		field.String("agreement_number").
			Optional().
			MaxLen(100).
			Comment("Number of the cooperation agreement (MoU / PKS)."),
		field.Time("agreement_valid_from").
			Optional().
			Nillable().
			Comment("First day the agreement is in force.").
			Annotations(Date),
		field.Time("agreement_valid_until").
			Optional().
			Nillable().
			Comment("Last day the agreement is in force.").
			Annotations(Date, entgql.OrderField("AGREEMENT_VALID_UNTIL")),
	}
}

// Edges of a partner.
func (Partner) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("programs", Program.Type).
			Ref("partners").
			Comment("Programs the partner delivers.").
			Annotations(connection()),
		edge.To("sessions", Session.Type).
			Comment("Sessions the partner delivers.").
			Annotations(restrict(), childrenNotInInput(), connection()),
		edge.To("plan_items", PlanItem.Type).
			Comment("Plan items naming the partner as provider.").
			Annotations(restrict(), childrenNotInInput(), connection()),
		edge.To("api_keys", APIKey.Type).
			Comment("API keys of the partner's systems.").
			Annotations(restrict(), childrenNotInInput(), connection()),
	}
}

// Indexes of a partner.
func (Partner) Indexes() []ent.Index {
	return []ent.Index{index.Fields("name"), index.Fields("kind", "name"), index.Fields("agreement_valid_until")}
}

// Annotations of a partner.
func (Partner) Annotations() []schema.Annotation { return crud() }
