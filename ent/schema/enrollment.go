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

// Enrollment is an employee's place in a session.
type Enrollment struct {
	ent.Schema
}

// Mixin adds timestamps and the audit trail.
func (Enrollment) Mixin() []ent.Mixin { return []ent.Mixin{Timestamps{}, Audited{}} }

// Fields of an enrollment.
func (Enrollment) Fields() []ent.Field {
	return []ent.Field{
		field.Int("employee_id").Immutable().Comment("Participant."),
		field.Int("session_id").Immutable().Comment("Session attended."),
		field.Enum("status").
			Values("NOMINATED", "REGISTERED", "WAITLISTED", "ATTENDED", "COMPLETED", "FAILED", "WITHDRAWN").
			Default("NOMINATED").
			Comment("Where the enrollment is in its life cycle; changed only by the workflow mutations.").
			Annotations(entgql.OrderField("STATUS"), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		field.Float("jp_credited").
			Default(0).
			Min(0).
			Comment("Lesson hours (JP) credited on completion.").
			Annotations(entgql.OrderField("JP_CREDITED"), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		field.Time("completed_at").
			Optional().
			Nillable().
			Comment("When the enrollment was completed.").
			Annotations(entgql.OrderField("COMPLETED_AT"), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		field.String("certificate_number").
			Optional().
			Nillable().
			Unique().
			MaxLen(100).
			Comment("Number of the certificate issued on completion, unique when set.").
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
	}
}

// Edges of an enrollment.
func (Enrollment) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("employee", Employee.Type).Ref("enrollments").Field("employee_id").Unique().Required().Immutable(),
		edge.From("session", Session.Type).Ref("enrollments").Field("session_id").Unique().Required().Immutable(),
		edge.To("evaluations", Evaluation.Type).
			Comment("Reaction, learning and behaviour evaluations of the enrollment.").
			Annotations(restrict(), childrenNotInInput()),
		edge.To("change_project", ChangeProject.Type).
			Unique().
			Comment("The change project (aksi perubahan) carried out after the enrollment, when its program requires one.").
			Annotations(restrict(), childrenNotInInput()),
	}
}

// Indexes of an enrollment: one per employee and session.
func (Enrollment) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("employee_id", "session_id").Unique(),
		// Covering on PostgreSQL: a session's enrollments in the order of
		// its edge page (by id), with the columns of the page, the
		// reports' status filters and the counts, from the index alone:
		// the enrolment pages of 250 sessions (analyst_4level) read 2,040
		// index buffers instead of 8,593 heap and index buffers at 1M
		// (change 32). It replaces (session_id, status) INCLUDE (id),
		// whose reports read a session's few dozen rows either way.
		index.Fields("session_id", "id").Annotations(entsql.IncludeColumns("status", "employee_id")),
		// The JP ledger (compliance, developmentHours) from the index alone.
		index.Fields("employee_id", "status", "completed_at").Annotations(entsql.IncludeColumns("jp_credited")),
		index.Fields("completed_at"),
	}
}

// Annotations of an enrollment: created by enroll or nominate, changed
// only by the workflow mutations, so no generic update or delete.
func (Enrollment) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.Mutations(entgql.MutationCreate()),
		entgql.MultiOrder(),
	}
}
