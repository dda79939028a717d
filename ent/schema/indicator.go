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

// ImpactIndicator is a public-service indicator of an agency or unit
// (indikator kinerja), such as the citizen satisfaction index of a
// service (indeks kepuasan masyarakat, IKM), that programs aim to move
// (Program.indicators) and level-4 evaluations measure.
type ImpactIndicator struct {
	ent.Schema
}

// Mixin adds timestamps and the audit trail.
func (ImpactIndicator) Mixin() []ent.Mixin { return []ent.Mixin{Timestamps{}, Audited{}} }

// Fields of an impact indicator.
func (ImpactIndicator) Fields() []ent.Field {
	return []ent.Field{
		field.Int("agency_id").Comment("Agency whose indicator it is."),
		field.Int("unit_id").Optional().Nillable().Comment("Unit whose indicator it is, if narrower than the agency: a unit of that agency."),
		field.String("code").
			MaxLen(32).
			Match(codePattern).
			Comment("Code, unique within the agency, e.g. IKM-DINKES.").
			Annotations(entgql.OrderField("CODE")),
		field.String("name").
			NotEmpty().
			MaxLen(300).
			Comment("Name, e.g. Indeks Kepuasan Masyarakat Pelayanan Puskesmas.").
			Annotations(entgql.OrderField("NAME")),
		field.Text("description").Optional().Comment("What is measured and how."),
		field.String("unit_of_measure").
			NotEmpty().
			MaxLen(50).
			Comment("Unit of measure of the values, e.g. indeks (0-100), persen, hari."),
		field.Enum("direction").
			Values("HIGHER_IS_BETTER", "LOWER_IS_BETTER").
			Comment("Which way is better: HIGHER_IS_BETTER (a satisfaction index) or LOWER_IS_BETTER (days to issue a permit)."),
		field.Float("target").Optional().Nillable().Comment("Value to reach in targetYear; set together with targetYear."),
		field.Int("target_year").
			Optional().
			Nillable().
			Range(plan.MinYear, plan.MaxYear).
			Comment("Year the target is for; set together with target.").
			Annotations(entgql.OrderField("TARGET_YEAR")),
	}
}

// Edges of an impact indicator.
func (ImpactIndicator) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("agency", Agency.Type).Field("agency_id").Unique().Required().
			Comment("Agency whose indicator it is."),
		edge.To("unit", Unit.Type).Field("unit_id").Unique().
			Comment("Unit whose indicator it is, if any."),
		edge.To("measurements", IndicatorMeasurement.Type).
			Comment("Measured values, per period.").
			Annotations(restrict(), childrenNotInInput(), connection()),
		edge.From("programs", Program.Type).Ref("indicators").
			Comment("Programs that aim to move the indicator (named by the program).").
			Annotations(childrenNotInInput()),
	}
}

// Indexes of an impact indicator: the code is unique per agency.
func (ImpactIndicator) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("agency_id", "code").Unique(),
		index.Fields("unit_id"),
		index.Fields("code"),
		index.Fields("name"),
		index.Fields("target_year"),
	}
}

// Annotations of an impact indicator.
func (ImpactIndicator) Annotations() []schema.Annotation { return crud() }

// IndicatorMeasurement is the value of an impact indicator over a period
// (a month, a quarter, a year).
type IndicatorMeasurement struct {
	ent.Schema
}

// Mixin adds timestamps and the audit trail.
func (IndicatorMeasurement) Mixin() []ent.Mixin { return []ent.Mixin{Timestamps{}, Audited{}} }

// Fields of a measurement.
func (IndicatorMeasurement) Fields() []ent.Field {
	return []ent.Field{
		field.Int("indicator_id").Immutable().Comment("Indicator measured."),
		field.Time("period_start").
			Comment("First day of the period measured.").
			Annotations(Date, entgql.OrderField("PERIOD_START")),
		field.Time("period_end").
			Comment("Last day of the period measured, not before periodStart.").
			Annotations(Date, entgql.OrderField("PERIOD_END")),
		field.Float("value").
			Comment("Value measured, in the indicator's unit of measure.").
			Annotations(entgql.OrderField("VALUE")),
		field.String("source").
			NotEmpty().
			MaxLen(300).
			Comment("Where the value comes from, e.g. Survei Kepuasan Masyarakat triwulan I."),
		field.Text("note").Optional().Comment("Remarks on the measurement."),
	}
}

// Edges of a measurement.
func (IndicatorMeasurement) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("indicator", ImpactIndicator.Type).Ref("measurements").Field("indicator_id").Unique().Required().Immutable(),
	}
}

// Indexes of a measurement.
func (IndicatorMeasurement) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("indicator_id", "period_end"),
		index.Fields("period_start"),
		index.Fields("period_end"),
		index.Fields("value"),
	}
}

// Annotations of a measurement.
func (IndicatorMeasurement) Annotations() []schema.Annotation { return crud() }
