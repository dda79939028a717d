package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// skipInput keeps a field or edge out of the generated create and update
// inputs: the workflow sets it.
func skipInput() schema.Annotation {
	return entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)
}

// ChangeProject is a change project (aksi perubahan): what an employee
// carries out at work after completing a program that requires one
// (Program.requiresChangeProject), mentored, by default, by the
// supervisor. Its acceptance records the level-3 (BEHAVIOR) evaluation of
// the enrollment.
type ChangeProject struct {
	ent.Schema
}

// Mixin adds timestamps and the audit trail.
func (ChangeProject) Mixin() []ent.Mixin { return []ent.Mixin{Timestamps{}, Audited{}} }

// Fields of a change project.
func (ChangeProject) Fields() []ent.Field {
	return []ent.Field{
		field.Int("enrollment_id").Immutable().Unique().
			Comment("The COMPLETED enrollment the project follows; one project per enrollment."),
		field.Int("employee_id").Immutable().
			Comment("Employee carrying the project out: the enrollment's participant, set by the workflow.").
			Annotations(skipInput()),
		field.Int("mentor_id").Optional().Nillable().
			Comment("Employee mentoring the project, who accepts or returns it; the employee's supervisor unless HR names another."),
		field.String("title").NotEmpty().MaxLen(300).
			Comment("Title of the project.").
			Annotations(entgql.OrderField("TITLE")),
		field.Text("problem").NotEmpty().Comment("The problem at work or in public service the project addresses."),
		field.Text("objective").NotEmpty().Comment("What the project sets out to change."),
		field.Text("planned_outcome").NotEmpty().Comment("The outcome planned, and how it will be shown."),
		field.Time("due_on").
			Comment("Date by which the project is carried out (a date).").
			Annotations(Date, entgql.OrderField("DUE_ON")),
		field.String("evidence_url").Optional().MaxLen(2000).Match(urlPattern).
			Comment("Link to the report or other evidence of the project."),
		field.Enum("status").
			Values("DRAFT", "SUBMITTED", "ACCEPTED", "RETURNED").
			Default("DRAFT").
			Comment("Where the project is in its workflow; changed by submitChangeProject, returnChangeProject and acceptChangeProject.").
			Annotations(entgql.OrderField("STATUS"), skipInput()),
		field.Text("return_reason").Optional().
			Comment("Why the mentor last returned the project.").
			Annotations(skipInput()),
		field.Time("submitted_at").Optional().Nillable().
			Comment("When the project was last submitted.").
			Annotations(entgql.OrderField("SUBMITTED_AT"), skipInput()),
		field.Time("decided_at").Optional().Nillable().
			Comment("When the mentor last accepted or returned the project.").
			Annotations(skipInput()),
		field.Int("evaluation_id").Optional().Nillable().Unique().
			Comment("The BEHAVIOR evaluation signed off when the project was accepted.").
			Annotations(skipInput()),
	}
}

// Edges of a change project.
func (ChangeProject) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("enrollment", Enrollment.Type).Ref("change_project").Field("enrollment_id").Unique().Required().Immutable(),
		edge.From("employee", Employee.Type).Ref("change_projects").Field("employee_id").Unique().Required().Immutable().
			Annotations(skipInput()),
		edge.From("mentor", Employee.Type).Ref("mentored_projects").Field("mentor_id").Unique(),
		edge.From("evaluation", Evaluation.Type).Ref("change_project").Field("evaluation_id").Unique().
			Annotations(skipInput()),
	}
}

// Indexes of a change project: every filter and order path.
func (ChangeProject) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("employee_id", "status"),
		index.Fields("mentor_id", "status"),
		index.Fields("status", "due_on"),
		index.Fields("due_on"),
		index.Fields("title"),
		index.Fields("submitted_at"),
	}
}

// Annotations of a change project: created and edited through the
// generic mutations, moved along its workflow by the explicit ones.
func (ChangeProject) Annotations() []schema.Annotation { return crud() }

// EducationRecord is an employee's further education: an assigned study
// (tugas belajar) or a study permit (izin belajar).
type EducationRecord struct {
	ent.Schema
}

// Mixin adds timestamps and the audit trail.
func (EducationRecord) Mixin() []ent.Mixin { return []ent.Mixin{Timestamps{}, Audited{}} }

// Fields of an education record.
func (EducationRecord) Fields() []ent.Field {
	return []ent.Field{
		field.Int("employee_id").Immutable().Comment("Employee studying."),
		field.Enum("route").Values("ASSIGNED_STUDY", "STUDY_PERMIT").
			Comment("ASSIGNED_STUDY (tugas belajar: sent by the agency, released from duties; needs HR approval) or STUDY_PERMIT (izin belajar: studying beside the job).").
			Annotations(entgql.OrderField("ROUTE")),
		field.Enum("level").Values("D3", "D4", "S1", "S2", "S3", "PROFESSION").
			Comment("Degree level: diploma (D3, D4), bachelor (S1), master (S2), doctor (S3) or professional education.").
			Annotations(entgql.OrderField("LEVEL")),
		field.String("institution").NotEmpty().MaxLen(300).
			Comment("University or school.").
			Annotations(entgql.OrderField("INSTITUTION")),
		field.String("field_of_study").NotEmpty().MaxLen(300).Comment("Study programme or field."),
		field.Time("starts_on").
			Comment("First day of the study (a date).").
			Annotations(Date, entgql.OrderField("STARTS_ON")),
		field.Time("ends_on").Optional().Nillable().
			Comment("Last day, planned or actual (a date); on or after startsOn.").
			Annotations(Date, entgql.OrderField("ENDS_ON")),
		field.Enum("funding").Values("APBD", "APBN", "SCHOLARSHIP", "SELF", "OTHER").
			Comment("Who pays: the regional (APBD) or national (APBN) budget, a scholarship, the employee, or other."),
		field.Enum("status").Values("PLANNED", "ONGOING", "GRADUATED", "DISCONTINUED").
			Default("PLANNED").
			Comment("PLANNED, ONGOING, GRADUATED or DISCONTINUED; an ASSIGNED_STUDY is ONGOING only once approved.").
			Annotations(entgql.OrderField("STATUS")),
		field.String("diploma_number").Optional().MaxLen(100).
			Comment("Number of the diploma; required once GRADUATED."),
		field.String("approved_by").Optional().MaxLen(200).
			Comment("Who approved the assigned study (the HR officer, as the audit trail names callers); set by approveEducationRecord.").
			Annotations(skipInput()),
		field.Time("approved_at").Optional().Nillable().
			Comment("When the assigned study was approved; set by approveEducationRecord.").
			Annotations(skipInput()),
	}
}

// Edges of an education record.
func (EducationRecord) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("employee", Employee.Type).Ref("education_records").Field("employee_id").Unique().Required().Immutable(),
	}
}

// Indexes of an education record: every filter and order path.
func (EducationRecord) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("employee_id", "starts_on"),
		index.Fields("status", "route"),
		index.Fields("route", "level"),
		index.Fields("level"),
		index.Fields("institution"),
		index.Fields("starts_on"),
		index.Fields("ends_on"),
	}
}

// Annotations of an education record.
func (EducationRecord) Annotations() []schema.Annotation { return crud() }

// Certification is a professional or competency certificate an employee
// holds.
type Certification struct {
	ent.Schema
}

// Mixin adds timestamps and the audit trail.
func (Certification) Mixin() []ent.Mixin { return []ent.Mixin{Timestamps{}, Audited{}} }

// Fields of a certification.
func (Certification) Fields() []ent.Field {
	return []ent.Field{
		field.Int("employee_id").Immutable().Comment("Employee holding the certificate."),
		field.String("name").NotEmpty().MaxLen(300).
			Comment("Name of the certificate.").
			Annotations(entgql.OrderField("NAME")),
		field.String("issuer").NotEmpty().MaxLen(300).
			Comment("Body that issued it, e.g. BNSP or a professional association.").
			Annotations(entgql.OrderField("ISSUER")),
		field.String("number").Optional().MaxLen(100).Comment("Certificate number."),
		field.Time("issued_on").
			Comment("Date of issue (a date).").
			Annotations(Date, entgql.OrderField("ISSUED_ON")),
		field.Time("expires_on").Optional().Nillable().
			Comment("Expiry date (a date), after issuedOn; null when it does not expire.").
			Annotations(Date, entgql.OrderField("EXPIRES_ON")),
		field.Int("competency_id").Optional().Nillable().Comment("Competency the certificate attests."),
		field.String("evidence_url").Optional().MaxLen(2000).Match(urlPattern).
			Comment("Link to the certificate scan."),
	}
}

// Edges of a certification.
func (Certification) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("employee", Employee.Type).Ref("certifications").Field("employee_id").Unique().Required().Immutable(),
		edge.From("competency", Competency.Type).Ref("certifications").Field("competency_id").Unique(),
	}
}

// Indexes of a certification: every filter and order path.
func (Certification) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("employee_id", "expires_on"),
		index.Fields("expires_on"),
		index.Fields("issued_on"),
		index.Fields("competency_id"),
		index.Fields("name"),
		index.Fields("issuer"),
	}
}

// Annotations of a certification.
func (Certification) Annotations() []schema.Annotation { return crud() }
