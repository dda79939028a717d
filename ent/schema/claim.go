package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// LearningClaim is learning an employee did outside Kembang's catalogue
// (a course elsewhere, a conference abroad) and asks to count toward the
// annual JP right. HR approves or rejects it; approved claims count in
// the JP ledger and the SIASN export.
type LearningClaim struct {
	ent.Schema
}

// Mixin adds timestamps and the audit trail.
func (LearningClaim) Mixin() []ent.Mixin { return []ent.Mixin{Timestamps{}, Audited{}} }

// Fields of a learning claim.
func (LearningClaim) Fields() []ent.Field {
	return []ent.Field{
		field.Int("employee_id").Immutable().Comment("Employee claiming."),
		field.String("title").NotEmpty().MaxLen(300).Comment("Course or event name.").
			Annotations(entgql.OrderField("TITLE")),
		field.String("organizer").NotEmpty().MaxLen(300).Comment("Who organised it."),
		field.Enum("form").Values(forms()...).Comment("Form of development, as in the catalogue."),
		field.String("location").Optional().MaxLen(300).Comment("Where it took place, or online."),
		field.Time("starts_on").Comment("First day.").
			Annotations(Date, entgql.OrderField("STARTS_ON")),
		field.Time("ends_on").Comment("Last day.").Annotations(Date),
		field.Float("jp").Range(0.5, 2000).Comment("Lesson hours (JP) claimed."),
		field.String("certificate_number").Optional().MaxLen(100).Comment("Number of the certificate received."),
		field.String("evidence_url").Optional().MaxLen(2000).Match(urlPattern).Comment("Link to the certificate scan."),
		field.Enum("status").
			Values("PENDING", "APPROVED", "REJECTED").
			Default("PENDING").
			Comment("Review state; only approved claims count.").
			Annotations(
				entgql.OrderField("STATUS"),
				entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput),
			),
		field.Time("reviewed_at").Optional().Nillable().Comment("When HR decided.").
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		field.Text("review_note").Optional().Comment("Why HR rejected it, or remarks.").
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
	}
}

// Edges of a learning claim.
func (LearningClaim) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("employee", Employee.Type).Ref("claims").Field("employee_id").Unique().Required().Immutable(),
	}
}

// Indexes of a learning claim.
func (LearningClaim) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("employee_id", "status", "ends_on"),
		index.Fields("status", "ends_on"),
	}
}

// Annotations of a learning claim.
func (LearningClaim) Annotations() []schema.Annotation { return crud() }
