package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"kembang/internal/domain/plan"
	"kembang/internal/domain/revision"
)

// ProgramRevision is the decision taken about a program for a year after
// its evaluation: continue it, revise it, merge it into another program
// or discontinue it, on the program report's figures (snapshotted), with
// the next plan's items that carry the revised program.
type ProgramRevision struct {
	ent.Schema
}

// Mixin adds timestamps and the audit trail.
func (ProgramRevision) Mixin() []ent.Mixin { return []ent.Mixin{Timestamps{}, Audited{}} }

// Fields of a program revision.
func (ProgramRevision) Fields() []ent.Field {
	return []ent.Field{
		field.Int("program_id").Immutable().Comment("Program decided about."),
		field.Int("year").
			Range(plan.MinYear, plan.MaxYear).
			Immutable().
			Comment("Year evaluated: the program report's year (one decision per program and year).").
			Annotations(entgql.OrderField("YEAR")),
		field.Enum("decision").
			Values("CONTINUE", "REVISE", "MERGE", "DISCONTINUE").
			Comment("What was decided: CONTINUE as is, REVISE, MERGE into mergeTarget, or DISCONTINUE.").
			Annotations(entgql.OrderField("DECISION")),
		field.Strings("reasons").
			Optional().
			Comment("Why; when not given, the program report's revisionReasons of the year at decision time."),
		field.Text("changes").Optional().Comment("What changes in the program (content, form, partner, audience)."),
		field.Int("merge_target_id").Optional().Nillable().Comment("Program a MERGE decision merges this one into; only for MERGE."),
		field.String("decided_by").
			Optional().
			MaxLen(200).
			Comment("Who decided: the deciding caller's identity, set from the caller.").
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		field.Int("decided_by_id").
			Optional().
			Nillable().
			Comment("Employee record of who decided, when the caller has one; set from the caller.").
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		field.Time("decided_at").
			Optional().
			Comment("When it was decided; set on creation by the rules' clock.").
			Annotations(entgql.OrderField("DECIDED_AT"), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		field.JSON("figures", &revision.Figures{}).
			Optional().
			Comment("The program report's figures for the year at decision time, set on creation.").
			Annotations(entgql.Type("ProgramFigures"), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput, entgql.SkipWhereInput, entgql.SkipOrderField)),
	}
}

// Edges of a program revision.
func (ProgramRevision) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("program", Program.Type).Field("program_id").Unique().Required().Immutable().
			Comment("Program decided about."),
		edge.To("merge_target", Program.Type).Field("merge_target_id").Unique().
			Comment("Program a MERGE decision merges this one into."),
		edge.To("decided_by_employee", Employee.Type).Field("decided_by_id").Unique().
			Comment("Employee record of who decided, if any.").
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		edge.To("plan_items", PlanItem.Type).
			Comment("Items of the next plans that carry the revised program (set by the items' revisionID).").
			Annotations(childrenNotInInput(), connection()),
	}
}

// Indexes of a program revision: one per program and year.
func (ProgramRevision) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("program_id", "year").Unique(),
		index.Fields("year", "decision"),
		index.Fields("merge_target_id"),
		index.Fields("decided_by_id"),
		index.Fields("decided_at"),
	}
}

// Annotations of a program revision.
func (ProgramRevision) Annotations() []schema.Annotation { return crud() }
