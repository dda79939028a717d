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

// Employee is a civil servant (ASN): a PNS or a PPPK.
type Employee struct {
	ent.Schema
}

// Mixin adds timestamps and the audit trail.
func (Employee) Mixin() []ent.Mixin { return []ent.Mixin{Timestamps{}, Audited{}} }

// Fields of an employee.
func (Employee) Fields() []ent.Field {
	return []ent.Field{
		field.String("nip").
			Unique().
			Match(nipPattern).
			Comment("Nomor Induk Pegawai: 18 digits. For a PNS it encodes birth date, TMT CPNS month, sex and a sequence.").
			Annotations(entgql.OrderField("NIP")),
		field.Enum("employment_type").
			Values("PNS", "PPPK").
			Comment("PNS (career civil servant) or PPPK (contract civil servant).").
			Annotations(entgql.OrderField("EMPLOYMENT_TYPE")),
		field.String("full_name").
			NotEmpty().
			MaxLen(200).
			Comment("Full name with academic titles, as in the personnel record.").
			Annotations(entgql.OrderField("FULL_NAME")),
		field.String("email").
			Optional().
			Nillable().
			MaxLen(254).
			Match(emailPattern).
			Comment("Work e-mail address."),
		field.String("phone").
			Optional().
			Nillable().
			Match(phonePattern).
			Comment("Phone number, digits with an optional leading +."),
		field.Enum("golongan").
			Values(golongan()...).
			Optional().
			Nillable().
			Comment("Rank: golongan/ruang for a PNS (III_A is III/a), grade PPPK_I to PPPK_XVII for a PPPK.").
			Annotations(entgql.OrderField("GOLONGAN")),
		field.Time("birth_date").
			Optional().
			Nillable().
			Comment("Birth date, decoded from a PNS NIP.").
			Annotations(Date, entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		field.Time("appointed_on").
			Optional().
			Nillable().
			Comment("First day of the TMT CPNS month, decoded from a PNS NIP.").
			Annotations(Date, entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		field.Enum("sex").
			Values("MALE", "FEMALE").
			Optional().
			Nillable().
			Comment("Sex, decoded from a PNS NIP.").
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		field.Bool("active").
			Default(true).
			Comment("False once the employee has left the service."),
		field.Int("agency_id").
			Comment("Agency employing the employee."),
		field.Int("unit_id").
			Optional().
			Nillable().
			Comment("Work unit, of the employee's agency."),
		field.Int("position_id").
			Optional().
			Nillable().
			Comment("Position currently held, of the employee's agency."),
		field.Int("target_position_id").
			Optional().
			Nillable().
			Comment("Position the employee is being developed for, of the employee's agency."),
		field.Int("supervisor_id").
			Optional().
			Nillable().
			Comment("Direct supervisor: an employee of the same agency, never the employee or one of their reports."),
	}
}

// Edges of an employee.
func (Employee) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("agency", Agency.Type).Ref("employees").Field("agency_id").Unique().Required(),
		edge.From("unit", Unit.Type).Ref("employees").Field("unit_id").Unique(),
		// Positions are reference data (25 an agency; 56,250 at national
		// size): a count of employees filtered by their position's fields
		// may read the positions' keys as an array (change 59).
		edge.From("position", Position.Type).Ref("holders").Field("position_id").Unique().
			Annotations(ReferenceKeys{}),
		edge.From("target_position", Position.Type).Ref("aspirants").Field("target_position_id").Unique(),
		edge.To("reports", Employee.Type).
			Comment("Employees this employee supervises directly.").
			Annotations(restrict(), childrenNotInInput(), connection()).
			From("supervisor").
			Field("supervisor_id").
			Unique(),
		edge.To("assessments", Assessment.Type).
			Comment("Competency assessments, newest and oldest.").
			Annotations(restrict(), childrenNotInInput(), connection()),
		edge.To("enrollments", Enrollment.Type).
			Comment("Enrollments in training sessions.").
			Annotations(restrict(), childrenNotInInput(), connection()),
		edge.To("claims", LearningClaim.Type).
			Comment("Claims of learning done outside the catalogue.").
			Annotations(restrict(), childrenNotInInput(), connection()),
		edge.To("change_projects", ChangeProject.Type).
			Comment("Change projects (aksi perubahan) the employee carries out.").
			Annotations(restrict(), childrenNotInInput(), connection()),
		edge.To("mentored_projects", ChangeProject.Type).
			Comment("Change projects the employee mentors.").
			Annotations(restrict(), childrenNotInInput(), connection()),
		edge.To("education_records", EducationRecord.Type).
			Comment("Further education: assigned studies and study permits.").
			Annotations(restrict(), childrenNotInInput(), connection()),
		edge.To("certifications", Certification.Type).
			Comment("Professional and competency certifications.").
			Annotations(restrict(), childrenNotInInput(), connection()),
		edge.To("signed_off_evaluations", Evaluation.Type).
			Comment("BEHAVIOR evaluations the employee signed off as mentor.").
			Annotations(restrict(), childrenNotInInput()),
	}
}

// Indexes of an employee: every filter and order path of the employee lists.
func (Employee) Indexes() []ent.Index {
	return []ent.Index{
		// ORDER BY full_name, id and fullNameHasPrefix (a range, see
		// keyset.HasPrefix) alike: full_name is in byte order on
		// PostgreSQL (collation "C", internal/store/migrations/postgres/0007_name_collation.sql).
		// The id breaks the ties of a name in the index's own order, so a
		// page stops after its rows: names repeat more as the country
		// grows, and at 4.5M employees page 1 by name read the 4,632
		// holders of the first name to sort them (docs/performance.md,
		// change 29).
		index.Fields("full_name", "id"),
		// An agency's list by name, covering the columns its filters
		// read on PostgreSQL: the count of an agency's active employees
		// of a job type (spa_list's totalCount) reads the index alone, 37
		// buffers instead of the 2,098 of its rows at 1M (change 32).
		index.Fields("agency_id", "full_name").
			Annotations(entsql.IncludeColumns("active", "position_id")),
		index.Fields("unit_id", "full_name"),
		// Employees by position (and so by job type), with the columns a
		// count of active ones reads: such counts (totalCount of a
		// nation-wide list by job type) are index-only scans, not a scan
		// of the whole table.
		index.Fields("position_id", "active", "id"),
		// The active employees by position alone, for the counts of the
		// nation-wide lists by job type (spa_list_deep's totalCount: 465,529
		// of 1M): a partial index of the one column the count reads, whose
		// repeated keys are deduplicated (845 pages against 4,960), so that
		// the index-only scan costs about 30 % less CPU than on the index
		// above (docs/performance.md, change 52). A statement uses it only
		// when its filter on active is literal (ent writes "active"), not a
		// parameter (active = $1) in a generic plan.
		index.Fields("position_id").
			Annotations(entsql.IndexWhere("active")).
			StorageKey("employee_position_id_where_active"),
		index.Fields("target_position_id"),
		index.Fields("supervisor_id"),
		index.Fields("employment_type", "golongan"),
	}
}

// Annotations of an employee.
func (Employee) Annotations() []schema.Annotation { return crud() }

// golongan lists the 17 PNS ranks and the 17 PPPK grades.
func golongan() []string {
	return []string{
		"I_A", "I_B", "I_C", "I_D",
		"II_A", "II_B", "II_C", "II_D",
		"III_A", "III_B", "III_C", "III_D",
		"IV_A", "IV_B", "IV_C", "IV_D", "IV_E",
		"PPPK_I", "PPPK_II", "PPPK_III", "PPPK_IV", "PPPK_V", "PPPK_VI",
		"PPPK_VII", "PPPK_VIII", "PPPK_IX", "PPPK_X", "PPPK_XI", "PPPK_XII",
		"PPPK_XIII", "PPPK_XIV", "PPPK_XV", "PPPK_XVI", "PPPK_XVII",
	}
}
