package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Unit is a work unit (unit kerja / OPD) inside an agency; units nest.
type Unit struct {
	ent.Schema
}

// Mixin adds timestamps and the audit trail.
func (Unit) Mixin() []ent.Mixin { return []ent.Mixin{Timestamps{}, Audited{}} }

// Fields of a unit.
func (Unit) Fields() []ent.Field {
	return []ent.Field{
		field.String("code").
			MaxLen(32).
			Match(codePattern).
			Comment("Code of the unit, unique within its agency.").
			Annotations(entgql.OrderField("CODE")),
		field.String("name").
			NotEmpty().
			MaxLen(200).
			Comment("Name, e.g. Dinas Kesehatan.").
			Annotations(entgql.OrderField("NAME")),
		field.Int("agency_id").
			Comment("Agency the unit belongs to."),
		field.Int("parent_id").
			Optional().
			Nillable().
			Comment("Parent unit, if nested: a unit of the same agency, never the unit itself or one of its sub-units."),
	}
}

// Edges of a unit.
func (Unit) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("agency", Agency.Type).
			Ref("units").
			Field("agency_id").
			Unique().
			Required(),
		edge.To("children", Unit.Type).
			Comment("Units nested under this one.").
			Annotations(restrict(), childrenNotInInput()).
			From("parent").
			Field("parent_id").
			Unique(),
		edge.To("employees", Employee.Type).
			Comment("Employees working in the unit.").
			Annotations(restrict(), childrenNotInInput(), connection()),
		edge.To("training_needs", TrainingNeed.Type).
			Comment("Training needs raised for the unit.").
			Annotations(restrict(), childrenNotInInput(), connection()),
	}
}

// Indexes of a unit.
func (Unit) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("agency_id", "code").Unique(),
		index.Fields("agency_id", "name"),
		index.Fields("parent_id"),
		index.Fields("name"),
	}
}

// Annotations of a unit.
func (Unit) Annotations() []schema.Annotation { return crud() }
