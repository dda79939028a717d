package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"kembang/internal/domain/route"
)

// Program is a development offering of the catalogue: a training, a
// seminar, a mentoring scheme, a study assignment.
type Program struct {
	ent.Schema
}

// Mixin adds timestamps and the audit trail.
func (Program) Mixin() []ent.Mixin { return []ent.Mixin{Timestamps{}, Audited{}} }

// Fields of a program.
func (Program) Fields() []ent.Field {
	return []ent.Field{
		field.String("code").
			Unique().
			MaxLen(32).
			Match(codePattern).
			Comment("Unique catalogue code.").
			Annotations(entgql.OrderField("CODE")),
		field.String("title").
			NotEmpty().
			MaxLen(300).
			Comment("Title.").
			Annotations(entgql.OrderField("TITLE")),
		field.Text("description").
			Default("").
			Comment("Aims, content and audience."),
		field.Enum("route").
			Values("EDUCATION", "CLASSICAL", "NON_CLASSICAL").
			Comment("Development route (jalur): education, classical or non-classical training.").
			Annotations(entgql.OrderField("ROUTE")),
		field.Enum("form").
			Values(forms()...).
			Comment("Form of development (bentuk), which must belong to the route.").
			Annotations(entgql.OrderField("FORM")),
		field.Enum("delivery_mode").
			Values("IN_PERSON", "ONLINE", "BLENDED").
			Comment("How sessions are delivered."),
		field.Float("jp").
			Range(0.5, 2000).
			Comment("Lesson hours (JP, 45 minutes each) a completed participant earns.").
			Annotations(entgql.OrderField("JP")),
		field.Bool("international").
			Default(false).
			Comment("Delivered at international level (affects JP conversion)."),
		field.Bool("requires_change_project").
			Default(false).
			Comment("Whether completed participants carry out a change project (aksi perubahan), whose acceptance by the mentor records the level-3 (BEHAVIOR) evaluation."),
		field.Int("agency_id").
			Optional().
			Nillable().
			Comment("Agency organising the program, whose HR officers manage it and its sessions; null for programs offered to every agency (managed by ADMIN)."),
		field.Enum("status").
			Values("DRAFT", "ACTIVE", "ARCHIVED").
			Default("DRAFT").
			Comment("Catalogue status.").
			Annotations(entgql.OrderField("STATUS")),
	}
}

// Edges of a program.
func (Program) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("agency", Agency.Type).Ref("programs").Field("agency_id").Unique(),
		edge.To("partners", Partner.Type).
			Comment("Partners delivering the program."),
		edge.To("competencies", Competency.Type).
			Through("targets", ProgramCompetency.Type).
			Comment("Competencies the program develops, with target levels."),
		edge.To("sessions", Session.Type).
			Comment("Scheduled runs of the program.").
			Annotations(restrict(), childrenNotInInput(), connection()),
		edge.To("indicators", ImpactIndicator.Type).
			Comment("Impact indicators the program aims to move (of the organising agency)."),
	}
}

// Indexes of a program.
func (Program) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("title"),
		index.Fields("status", "form"),
		index.Fields("route", "form"),
		index.Fields("agency_id", "title"),
	}
}

// Annotations of a program.
func (Program) Annotations() []schema.Annotation { return crud() }

// ProgramCompetency links a program to a competency it develops, up to a
// target level.
type ProgramCompetency struct {
	ent.Schema
}

// Mixin adds timestamps and the audit trail.
func (ProgramCompetency) Mixin() []ent.Mixin { return []ent.Mixin{Timestamps{}, Audited{}} }

// Fields of a program target.
func (ProgramCompetency) Fields() []ent.Field {
	return []ent.Field{
		field.Int("program_id").Comment("Program."),
		field.Int("competency_id").Comment("Competency developed."),
		field.Int("target_level").
			Range(1, 5).
			Comment("Highest level a participant can reach through the program.").
			Annotations(entgql.OrderField("TARGET_LEVEL")),
	}
}

// Edges of a program target.
func (ProgramCompetency) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("program", Program.Type).Field("program_id").Unique().Required(),
		edge.To("competency", Competency.Type).Field("competency_id").Unique().Required(),
	}
}

// Indexes of a program target.
func (ProgramCompetency) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("program_id", "competency_id").Unique(),
		index.Fields("competency_id", "target_level"),
	}
}

// Annotations of a program target.
func (ProgramCompetency) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
		entgql.RelayConnection(),
	}
}

// forms lists the forms of development (bentuk pengembangan kompetensi).
func forms() []string { return route.Forms() }
