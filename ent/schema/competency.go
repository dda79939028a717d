package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Competency is a competency of the national dictionary (PermenPANRB
// 38/2017): managerial, sociocultural or technical.
type Competency struct {
	ent.Schema
}

// Mixin adds timestamps and the audit trail.
func (Competency) Mixin() []ent.Mixin { return []ent.Mixin{Timestamps{}, Audited{}} }

// Fields of a competency.
func (Competency) Fields() []ent.Field {
	return []ent.Field{
		field.String("code").
			Unique().
			MaxLen(32).
			Match(codePattern).
			Comment("Unique code, e.g. M.01 for Integritas.").
			Annotations(entgql.OrderField("CODE")),
		field.String("name").
			NotEmpty().
			MaxLen(200).
			Comment("Name, e.g. Integritas.").
			Annotations(entgql.OrderField("NAME")),
		field.Enum("type").
			Values("MANAGERIAL", "SOCIOCULTURAL", "TECHNICAL").
			Comment("Competency group.").
			Annotations(entgql.OrderField("TYPE")),
		field.Text("description").
			Default("").
			Comment("What the competency means."),
	}
}

// Edges of a competency.
func (Competency) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("levels", CompetencyLevel.Type).
			Comment("The five level descriptors, 1 (Paham) to 5 (Ahli).").
			Annotations(restrict(), childrenNotInInput()),
		edge.From("positions", Position.Type).
			Ref("competencies").
			Through("requirements", PositionCompetency.Type).
			Comment("Positions whose standard requires the competency.").
			Annotations(connection()),
		edge.From("programs", Program.Type).
			Ref("competencies").
			Through("targets", ProgramCompetency.Type).
			Comment("Programs that develop the competency.").
			Annotations(connection()),
		edge.To("assessments", Assessment.Type).
			Comment("Assessments of employees on the competency.").
			Annotations(restrict(), childrenNotInInput(), connection()),
		edge.To("training_needs", TrainingNeed.Type).
			Comment("Training needs that name the competency.").
			Annotations(restrict(), childrenNotInInput(), connection()),
		edge.To("plan_items", PlanItem.Type).
			Comment("Plan items that develop the competency.").
			Annotations(restrict(), childrenNotInInput(), connection()),
		edge.To("certifications", Certification.Type).
			Comment("Certifications attesting the competency.").
			Annotations(restrict(), childrenNotInInput(), connection()),
	}
}

// Indexes of a competency.
func (Competency) Indexes() []ent.Index {
	return []ent.Index{index.Fields("type", "code"), index.Fields("name")}
}

// Annotations of a competency.
func (Competency) Annotations() []schema.Annotation { return crud() }

// CompetencyLevel describes one proficiency level (1–5) of a competency.
type CompetencyLevel struct {
	ent.Schema
}

// Mixin adds timestamps and the audit trail.
func (CompetencyLevel) Mixin() []ent.Mixin { return []ent.Mixin{Timestamps{}, Audited{}} }

// Fields of a level descriptor.
func (CompetencyLevel) Fields() []ent.Field {
	return []ent.Field{
		field.Int("competency_id").
			Immutable().
			Comment("Competency described."),
		field.Int("level").
			Range(1, 5).
			Comment("Proficiency level, 1 (Paham) to 5 (Ahli).").
			Annotations(entgql.OrderField("LEVEL")),
		field.String("name").
			NotEmpty().
			MaxLen(100).
			Comment("Level name, e.g. Menengah."),
		field.Text("description").
			Default("").
			Comment("What a holder of the level can do."),
		field.Strings("indicators").
			Optional().
			Comment("Numbered behaviour indicators of the level."),
	}
}

// Edges of a level descriptor.
func (CompetencyLevel) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("competency", Competency.Type).
			Ref("levels").
			Field("competency_id").
			Unique().
			Required().
			Immutable(),
	}
}

// Indexes of a level descriptor: one per competency and level.
func (CompetencyLevel) Indexes() []ent.Index {
	return []ent.Index{index.Fields("competency_id", "level").Unique()}
}

// Annotations of a level descriptor.
func (CompetencyLevel) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}
