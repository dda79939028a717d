package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Position is a job (jabatan) of an agency, with its competency standard.
type Position struct {
	ent.Schema
}

// Mixin adds timestamps and the audit trail.
func (Position) Mixin() []ent.Mixin { return []ent.Mixin{Timestamps{}, Audited{}} }

// Fields of a position.
func (Position) Fields() []ent.Field {
	return []ent.Field{
		field.String("title").
			NotEmpty().
			MaxLen(200).
			Comment("Job title, e.g. Analis Kebijakan Ahli Muda.").
			Annotations(entgql.OrderField("TITLE")),
		field.Enum("job_type").
			Values("JPT_UTAMA", "JPT_MADYA", "JPT_PRATAMA", "ADMINISTRATOR", "PENGAWAS", "FUNGSIONAL", "PELAKSANA").
			Comment("Jenis jabatan (UU 20/2023): the five managerial types, functional, or executor.").
			Annotations(entgql.OrderField("JOB_TYPE")),
		field.Enum("functional_grade").
			Values("AHLI_PERTAMA", "AHLI_MUDA", "AHLI_MADYA", "AHLI_UTAMA", "PEMULA", "TERAMPIL", "MAHIR", "PENYELIA").
			Optional().
			Nillable().
			Comment("Grade of a functional position (jenjang); only for FUNGSIONAL."),
		field.Int("agency_id").
			Comment("Agency that defines the position."),
	}
}

// Edges of a position.
func (Position) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("agency", Agency.Type).
			Ref("positions").
			Field("agency_id").
			Unique().
			Required(),
		edge.To("competencies", Competency.Type).
			Through("requirements", PositionCompetency.Type).
			Comment("The competency standard: required competencies and their levels."),
		edge.To("holders", Employee.Type).
			Comment("Employees holding the position.").
			Annotations(restrict(), childrenNotInInput(), connection()),
		edge.To("aspirants", Employee.Type).
			Comment("Employees whose career target is the position.").
			Annotations(restrict(), childrenNotInInput(), connection()),
	}
}

// Indexes of a position.
func (Position) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("agency_id", "job_type"),
		index.Fields("title"),
		// Positions of a job type with their ids: the filter
		// hasPositionWith: {jobType} reads them from the index alone
		// (change 32); at national size a job type has 11,250 positions.
		index.Fields("job_type", "id"),
	}
}

// Annotations of a position.
func (Position) Annotations() []schema.Annotation { return crud() }

// PositionCompetency is one line of a job competency standard: the level
// of a competency a position requires.
type PositionCompetency struct {
	ent.Schema
}

// Mixin adds timestamps and the audit trail.
func (PositionCompetency) Mixin() []ent.Mixin { return []ent.Mixin{Timestamps{}, Audited{}} }

// Fields of a standard line.
func (PositionCompetency) Fields() []ent.Field {
	return []ent.Field{
		field.Int("position_id").Comment("Position whose standard this is."),
		field.Int("competency_id").Comment("Competency required."),
		field.Int("required_level").
			Range(1, 5).
			Comment("Required level, 1 to 5.").
			Annotations(entgql.OrderField("REQUIRED_LEVEL")),
	}
}

// Edges of a standard line.
func (PositionCompetency) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("position", Position.Type).Field("position_id").Unique().Required(),
		edge.To("competency", Competency.Type).Field("competency_id").Unique().Required(),
	}
}

// Indexes of a standard line: one level per position and competency.
func (PositionCompetency) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("position_id", "competency_id").Unique(),
		index.Fields("competency_id"),
	}
}

// Annotations of a standard line.
func (PositionCompetency) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
		entgql.RelayConnection(),
	}
}
