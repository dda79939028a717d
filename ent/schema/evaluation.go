package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Evaluation is a Kirkpatrick evaluation: reaction, learning and
// behaviour of a participant (on an enrollment), or results of a session.
type Evaluation struct {
	ent.Schema
}

// Mixin adds timestamps and the audit trail.
func (Evaluation) Mixin() []ent.Mixin { return []ent.Mixin{Timestamps{}, Audited{}} }

// Fields of an evaluation.
func (Evaluation) Fields() []ent.Field {
	return []ent.Field{
		field.Enum("level").
			Values("REACTION", "LEARNING", "BEHAVIOR", "RESULTS").
			Comment("Kirkpatrick level: 1 REACTION, 2 LEARNING, 3 BEHAVIOR, 4 RESULTS.").
			Annotations(entgql.OrderField("LEVEL")),
		field.Int("enrollment_id").
			Optional().
			Nillable().
			Immutable().
			Comment("Enrollment evaluated (levels 1 to 3)."),
		field.Int("session_id").
			Optional().
			Nillable().
			Immutable().
			Comment("Session evaluated (level 4)."),
		field.Float("score").
			Optional().
			Nillable().
			Range(0, 100).
			Comment("Overall score, 0 to 100 (reaction: satisfaction; behaviour: assignment grade).").
			Annotations(entgql.OrderField("SCORE")),
		field.Float("pre_score").Optional().Nillable().Range(0, 100).Comment("Pre-test score, 0 to 100 (learning)."),
		field.Float("post_score").Optional().Nillable().Range(0, 100).Comment("Post-test score, 0 to 100 (learning)."),
		field.String("instrument").Optional().MaxLen(200).Comment("Questionnaire, test or method used."),
		field.Text("comments").Optional().Comment("Free-text feedback or findings."),
		field.String("indicator").Optional().MaxLen(300).Comment("Organisational indicator measured (results), e.g. IKM score, as free text; with impactIndicator, its name (filled in when not given)."),
		field.Int("impact_indicator_id").Optional().Nillable().Comment("Impact indicator measured (results): one the session's program names; baseline and result default to its measurements before and after the session."),
		field.Float("baseline").Optional().Nillable().Comment("Indicator value before the training (results)."),
		field.Float("result").Optional().Nillable().Comment("Indicator value after the training (results)."),
		field.Time("due_on").Optional().Nillable().Comment("Due date of the post-training assignment (behaviour).").Annotations(Date),
		field.Time("signed_off_on").Optional().Nillable().Comment("When the supervisor or mentor signed the assignment off (behaviour); set by signOffBehavior.").
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		field.Int("signed_off_by_id").Optional().Nillable().Comment("Who signed the assignment off (behaviour): the caller of signOffBehavior, or the mentor accepting a change project.").
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		field.String("evaluator").Optional().MaxLen(200).Comment("Who evaluated: participant, supervisor, mentor or evaluator team."),
	}
}

// Edges of an evaluation.
func (Evaluation) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("enrollment", Enrollment.Type).Ref("evaluations").Field("enrollment_id").Unique().Immutable(),
		edge.From("session", Session.Type).Ref("evaluations").Field("session_id").Unique().Immutable(),
		edge.To("impact_indicator", ImpactIndicator.Type).Field("impact_indicator_id").Unique().
			Comment("Impact indicator measured (results)."),
		edge.From("signed_off_by", Employee.Type).Ref("signed_off_evaluations").Field("signed_off_by_id").Unique().
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		edge.To("change_project", ChangeProject.Type).
			Unique().
			Comment("The change project whose acceptance recorded this BEHAVIOR evaluation.").
			Annotations(restrict(), childrenNotInInput()),
	}
}

// Indexes of an evaluation.
func (Evaluation) Indexes() []ent.Index {
	return []ent.Index{
		// Covering on PostgreSQL: the reports' score averages without
		// reading the table.
		index.Fields("enrollment_id", "level").
			Annotations(entsql.IncludeColumns("score", "pre_score", "post_score", "signed_off_on")),
		index.Fields("session_id", "level"),
		index.Fields("impact_indicator_id"),
		index.Fields("level"),
		index.Fields("signed_off_by_id"),
	}
}

// Annotations of an evaluation.
func (Evaluation) Annotations() []schema.Annotation { return crud() }
