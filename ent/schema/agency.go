package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Agency is a government agency (instansi), e.g. Pemerintah Kabupaten Kemuning.
type Agency struct {
	ent.Schema
}

// Mixin adds timestamps and the audit trail.
func (Agency) Mixin() []ent.Mixin { return []ent.Mixin{Timestamps{}, Audited{}} }

// Fields of an agency.
func (Agency) Fields() []ent.Field {
	return []ent.Field{
		field.String("code").
			Unique().
			MaxLen(32).
			Match(codePattern).
			Comment("Short unique code, e.g. KMN.").
			Annotations(entgql.OrderField("CODE")),
		field.String("name").
			NotEmpty().
			MaxLen(200).
			Comment("Official name, e.g. Pemerintah Kabupaten Kemuning.").
			Annotations(entgql.OrderField("NAME")),
		field.String("region").
			NotEmpty().
			MaxLen(200).
			Comment("Region the agency governs (kabupaten/kota and province).").
			Annotations(entgql.OrderField("REGION")),
	}
}

// Edges of an agency.
func (Agency) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("units", Unit.Type).
			Comment("Work units (unit kerja / OPD) of the agency.").
			Annotations(restrict(), childrenNotInInput(), connection()),
		edge.To("positions", Position.Type).
			Comment("Positions (jabatan) defined by the agency.").
			Annotations(restrict(), childrenNotInInput(), connection()),
		edge.To("employees", Employee.Type).
			Comment("Employees of the agency.").
			Annotations(restrict(), childrenNotInInput(), connection()),
		edge.To("training_needs", TrainingNeed.Type).
			Comment("Training needs raised for the agency.").
			Annotations(restrict(), childrenNotInInput(), connection()),
		edge.To("plans", DevelopmentPlan.Type).
			Comment("Annual development plans of the agency.").
			Annotations(restrict(), childrenNotInInput(), connection()),
		edge.To("programs", Program.Type).
			Comment("Programs the agency organises (its HR officers manage them).").
			Annotations(restrict(), childrenNotInInput(), connection()),
	}
}

// Indexes of an agency: name and region are order paths.
func (Agency) Indexes() []ent.Index {
	return []ent.Index{index.Fields("name"), index.Fields("region")}
}

// Annotations of an agency.
func (Agency) Annotations() []schema.Annotation { return crud() }
