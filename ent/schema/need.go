package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// TrainingNeed is an input to the needs analysis: a competency someone
// says should be developed, from an employee, a forum, a survey or a
// measured gap.
type TrainingNeed struct {
	ent.Schema
}

// Mixin adds timestamps and the audit trail.
func (TrainingNeed) Mixin() []ent.Mixin { return []ent.Mixin{Timestamps{}, Audited{}} }

// Fields of a training need.
func (TrainingNeed) Fields() []ent.Field {
	return []ent.Field{
		field.Int("competency_id").Comment("Competency needed."),
		field.Int("agency_id").Comment("Agency the need is for."),
		field.Int("unit_id").Optional().Nillable().Comment("Unit the need is for, if narrower than the agency: a unit of that agency."),
		field.Enum("source").
			Values("EMPLOYEE", "SUPERVISOR", "FORUM", "SURVEY", "GAP_ANALYSIS").
			Comment("Where the input came from.").
			Annotations(entgql.OrderField("SOURCE")),
		field.Text("description").
			NotEmpty().
			Comment("What is needed and why."),
		field.Enum("priority").
			Values("LOW", "MEDIUM", "HIGH", "CRITICAL").
			Default("MEDIUM").
			Comment("Priority given by whoever raised it.").
			Annotations(entgql.OrderField("PRIORITY")),
		field.String("raised_by").Optional().MaxLen(200).Comment("Who raised it: a person, a role or a stakeholder group."),
		field.String("event_name").Optional().MaxLen(300).Comment("Forum, workshop or survey where it was raised, as free text. Superseded by forum (a recorded Forum of the agency); kept for needs recorded before forums were."),
		field.Int("forum_id").Optional().Nillable().Comment("Forum of the need's agency at which it was raised."),
		field.Time("raised_on").
			Comment("Date it was raised.").
			Annotations(Date, entgql.OrderField("RAISED_ON")),
	}
}

// Edges of a training need.
func (TrainingNeed) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("competency", Competency.Type).Ref("training_needs").Field("competency_id").Unique().Required(),
		edge.From("agency", Agency.Type).Ref("training_needs").Field("agency_id").Unique().Required(),
		edge.From("unit", Unit.Type).Ref("training_needs").Field("unit_id").Unique(),
		edge.From("forum", Forum.Type).Ref("needs").Field("forum_id").Unique(),
	}
}

// Indexes of a training need.
func (TrainingNeed) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("agency_id", "raised_on"),
		index.Fields("competency_id", "raised_on"),
		index.Fields("unit_id"),
		index.Fields("forum_id"),
		index.Fields("raised_on"),
	}
}

// Annotations of a training need.
func (TrainingNeed) Annotations() []schema.Annotation { return crud() }
