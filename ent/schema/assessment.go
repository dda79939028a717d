package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Assessment records an employee's level on a competency at a date.
// History is kept: an employee has many assessments per competency.
type Assessment struct {
	ent.Schema
}

// Mixin adds timestamps and the audit trail.
func (Assessment) Mixin() []ent.Mixin { return []ent.Mixin{Timestamps{}, Audited{}} }

// Fields of an assessment.
func (Assessment) Fields() []ent.Field {
	return []ent.Field{
		field.Int("employee_id").Comment("Employee assessed."),
		field.Int("competency_id").Comment("Competency assessed."),
		field.Int("level").
			Range(1, 5).
			Comment("Level found, 1 to 5.").
			Annotations(entgql.OrderField("LEVEL")),
		field.Time("assessed_on").
			Comment("Date of the assessment; not after today (WIB).").
			Annotations(Date, entgql.OrderField("ASSESSED_ON")),
		field.Enum("source").
			Values("SELF", "SUPERVISOR", "ASSESSMENT_CENTER", "TRAINING").
			Comment("Who or what produced the rating.").
			Annotations(entgql.OrderField("SOURCE")),
		field.String("assessor").
			Optional().
			MaxLen(200).
			Comment("Name of the assessor or assessment centre."),
		field.Text("evidence").
			Optional().
			Comment("Evidence note."),
		field.String("evidence_url").
			Optional().
			MaxLen(2000).
			Match(urlPattern).
			Comment("Link to the evidence document."),
	}
}

// Edges of an assessment.
func (Assessment) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("employee", Employee.Type).Ref("assessments").Field("employee_id").Unique().Required(),
		edge.From("competency", Competency.Type).Ref("assessments").Field("competency_id").Unique().Required(),
	}
}

// Indexes of an assessment: latest level per employee and competency.
func (Assessment) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("employee_id", "competency_id", "assessed_on"),
		index.Fields("competency_id", "assessed_on"),
		index.Fields("assessed_on"),
	}
}

// Annotations of an assessment.
func (Assessment) Annotations() []schema.Annotation { return crud() }
