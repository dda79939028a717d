package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"kembang/internal/domain/stakeholder"
)

// Forum is a stakeholder forum of an agency (or one of its units): a
// forum, workshop (lokakarya), focus group, survey or public consultation
// at which training needs are raised (TrainingNeed.forum).
type Forum struct {
	ent.Schema
}

// Mixin adds timestamps and the audit trail.
func (Forum) Mixin() []ent.Mixin { return []ent.Mixin{Timestamps{}, Audited{}} }

// Fields of a forum.
func (Forum) Fields() []ent.Field {
	return []ent.Field{
		field.Enum("kind").
			Values("STAKEHOLDER_FORUM", "WORKSHOP", "FOCUS_GROUP", "SURVEY", "PUBLIC_CONSULTATION").
			Comment("Kind of event: stakeholder forum, workshop (lokakarya), focus group discussion, survey or public consultation.").
			Annotations(entgql.OrderField("KIND")),
		field.Int("agency_id").Comment("Agency holding the forum."),
		field.Int("unit_id").Optional().Nillable().Comment("Unit holding the forum, if narrower than the agency: a unit of that agency."),
		field.String("title").
			NotEmpty().
			MaxLen(300).
			Comment("Title, e.g. Forum Konsultasi Publik Pelayanan Kesehatan.").
			Annotations(entgql.OrderField("TITLE")),
		field.Time("held_on").
			Comment("Date the forum was held (the first day, for events of several days).").
			Annotations(Date, entgql.OrderField("HELD_ON")),
		field.String("place").Optional().MaxLen(300).Comment("Where it was held, or the online medium."),
		field.String("facilitator").Optional().MaxLen(200).Comment("Who facilitated it: a person, a unit or an organisation."),
		field.JSON("stakeholder_groups", []stakeholder.Group{}).
			Optional().
			Comment("Stakeholder groups taking part; filter with hasStakeholderGroup.").
			Annotations(entgql.Type("[ForumStakeholderGroup!]")),
		field.Int("participants").
			Default(0).
			Min(0).
			Comment("Number of participants.").
			Annotations(entgql.OrderField("PARTICIPANTS")),
		field.Text("summary").Optional().Comment("Summary or minutes (notulen)."),
		field.String("document_url").Optional().MaxLen(2000).Match(urlPattern).Comment("Link to the minutes, report or survey results."),
	}
}

// Edges of a forum.
func (Forum) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("agency", Agency.Type).Field("agency_id").Unique().Required().
			Comment("Agency holding the forum."),
		edge.To("unit", Unit.Type).Field("unit_id").Unique().
			Comment("Unit holding the forum, if any."),
		edge.To("needs", TrainingNeed.Type).
			Comment("Training needs raised at the forum.").
			Annotations(restrict(), childrenNotInInput(), connection()),
	}
}

// Indexes of a forum: the filter and order paths.
func (Forum) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("agency_id", "held_on"),
		index.Fields("unit_id"),
		index.Fields("held_on"),
		index.Fields("kind", "held_on"),
		index.Fields("title"),
		index.Fields("participants"),
		// hasStakeholderGroup: JSON containment, served by GIN on PostgreSQL.
		index.Fields("stakeholder_groups").
			Annotations(entsql.IndexTypes(map[string]string{dialect.Postgres: "GIN"})),
	}
}

// Annotations of a forum.
func (Forum) Annotations() []schema.Annotation { return crud() }
