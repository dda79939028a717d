package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"kembang/internal/domain/plan"
)

// DevelopmentPlan is an agency's annual competency development plan
// (rencana pengembangan kompetensi).
type DevelopmentPlan struct {
	ent.Schema
}

// Mixin adds timestamps and the audit trail.
func (DevelopmentPlan) Mixin() []ent.Mixin { return []ent.Mixin{Timestamps{}, Audited{}} }

// Fields of a plan.
func (DevelopmentPlan) Fields() []ent.Field {
	return []ent.Field{
		field.Int("agency_id").Immutable().Comment("Agency planning."),
		field.Int("year").
			Range(plan.MinYear, plan.MaxYear).
			Immutable().
			Comment("Budget year.").
			Annotations(entgql.OrderField("YEAR")),
		field.Enum("status").
			Values("DRAFT", "SUBMITTED", "APPROVED", "RETURNED").
			Default("DRAFT").
			Comment("Approval state: drafted by the PyB, approved or returned by the PPK; changed by submitPlan, approvePlan and returnPlan.").
			Annotations(entgql.OrderField("STATUS"), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		field.Text("return_reason").Optional().Comment("Why the approver returned the plan.").
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		field.Time("submitted_at").Optional().Nillable().Comment("When the plan was last submitted.").
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		field.Time("decided_at").Optional().Nillable().Comment("When the plan was last approved or returned.").
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
	}
}

// Edges of a plan.
func (DevelopmentPlan) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("agency", Agency.Type).Ref("plans").Field("agency_id").Unique().Required().Immutable(),
		edge.To("items", PlanItem.Type).
			Comment("Lines of the plan.").
			Annotations(restrict(), childrenNotInInput(), connection()),
	}
}

// Indexes of a plan: one per agency and year.
func (DevelopmentPlan) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("agency_id", "year").Unique(),
		index.Fields("year", "status"),
	}
}

// Annotations of a plan: created as DRAFT, then changed only by its items
// and by submitPlan, approvePlan and returnPlan, so no generic update.
func (DevelopmentPlan) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.Mutations(entgql.MutationCreate()),
		entgql.MultiOrder(),
	}
}

// PlanItem is one line of a development plan.
type PlanItem struct {
	ent.Schema
}

// Mixin adds timestamps and the audit trail.
func (PlanItem) Mixin() []ent.Mixin { return []ent.Mixin{Timestamps{}, Audited{}} }

// Fields of a plan item.
func (PlanItem) Fields() []ent.Field {
	return []ent.Field{
		field.Int("plan_id").Immutable().Comment("Plan the item belongs to."),
		field.Int("competency_id").Comment("Competency to develop."),
		field.Int("partner_id").Optional().Nillable().Comment("Intended provider."),
		field.String("target_group").NotEmpty().MaxLen(300).Comment("Who is targeted, e.g. Pengawas di Dinas Kesehatan."),
		field.Int("head_count").Range(1, 1_000_000).Comment("Number of employees targeted."),
		field.Enum("route").Values("EDUCATION", "CLASSICAL", "NON_CLASSICAL").Comment("Development route."),
		field.Enum("form").Values(forms()...).Comment("Form of development, which must belong to the route."),
		field.Int("planned_quarter").
			Range(1, 4).
			Comment("Quarter of the year it is planned in.").
			Annotations(entgql.OrderField("PLANNED_QUARTER")),
		field.Float("planned_jp").Range(0, 2000).Comment("Lesson hours (JP) planned per participant."),
		field.Int("revision_id").Optional().Nillable().Comment("Program revision the item carries into this plan (a decision of an earlier year about a program of the plan's agency)."),
		field.Int64("budget").
			Min(0).
			Comment("Budget in rupiah (IDR).").
			Annotations(entgql.OrderField("BUDGET")),
	}
}

// Edges of a plan item.
func (PlanItem) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("plan", DevelopmentPlan.Type).Ref("items").Field("plan_id").Unique().Required().Immutable(),
		edge.From("competency", Competency.Type).Ref("plan_items").Field("competency_id").Unique().Required(),
		edge.From("partner", Partner.Type).Ref("plan_items").Field("partner_id").Unique(),
		edge.From("revision", ProgramRevision.Type).Ref("plan_items").Field("revision_id").Unique(),
	}
}

// Indexes of a plan item.
func (PlanItem) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("plan_id", "planned_quarter"),
		index.Fields("competency_id"),
		index.Fields("partner_id"),
		index.Fields("revision_id"),
	}
}

// Annotations of a plan item.
func (PlanItem) Annotations() []schema.Annotation { return crud() }
