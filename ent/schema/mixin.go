package schema

import (
	"time"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"entgo.io/ent/schema/mixin"
)

// Date is the annotation of a date-only field: a field.Time that holds a
// calendar day (a birth date, a due date, the first or last day of
// something), not an instant. Its GraphQL type is then the Date scalar
// (YYYY-MM-DD, package internal/calendar) in the object type, the
// where-input and the mutation inputs, instead of Time (RFC 3339):
//
//	field.Time("due_on").Optional().Nillable().
//		Comment("Due date of ….").
//		Annotations(Date, entgql.OrderField("DUE_ON")),
//
// The Go type stays time.Time: the API writes a day as midnight UTC and
// reads a stored instant as its calendar day in WIB (calendar.Format).
// Fields set from the clock (signed_off_on, reviewed_at, completed_at)
// are instants and stay Time. See docs/architecture.md, "How to add a
// field".
var Date = entgql.Type("Date")

// ReferenceKeys is the annotation of a to-one edge to reference data: a
// table whose rows grow with the organisation (an agency's positions),
// not with its people and their records. A count whose one filter through
// an edge goes through such an edge may read the neighbours' keys as an
// array, fk = ANY(ARRAY(SELECT id FROM …)), the search keys of one scan
// of the foreign key's index (semijoin.ReferenceCounts, docs/performance.md
// change 59): the array holds at most the rows of that table. The
// generator refuses it on an edge whose foreign key leads no index
// (entgen's referenceEdge), and ent/schema's TestReferenceEdges lists the
// edges that carry it: adding one is a decision to review, with the size
// of the neighbour's table at national scale.
type ReferenceKeys struct{}

// Name implements schema.Annotation; the generator reads it by this name
// (entgen.ReferenceKeysAnnotation).
func (ReferenceKeys) Name() string { return "ReferenceKeys" }

// Timestamps records when a row was created and last updated.
type Timestamps struct {
	mixin.Schema
}

// Fields returns the created_at and updated_at fields.
func (Timestamps) Fields() []ent.Field {
	return []ent.Field{
		field.Time("created_at").
			Default(time.Now).
			Immutable().
			Comment("When the record was created.").
			Annotations(
				entgql.OrderField("CREATED_AT"),
				entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput),
			),
		field.Time("updated_at").
			Default(time.Now).
			UpdateDefault(time.Now).
			Comment("When the record was last changed.").
			Annotations(
				entgql.OrderField("UPDATED_AT"),
				entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput),
			),
	}
}

// Indexes returns an index on created_at, the default order of recent-first lists.
func (Timestamps) Indexes() []ent.Index {
	return []ent.Index{index.Fields("created_at")}
}

// crud is the entgql annotation set shared by every top-level entity:
// a Relay connection on Query, create and update mutations, and
// ordering by several fields at once.
func crud() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
		entgql.MultiOrder(),
	}
}

// restrict refuses to delete a row while others still point at it, so
// deleting a parent never silently erases training history.
func restrict() schema.Annotation {
	return entsql.OnDelete(entsql.Restrict)
}

// connection exposes a to-many edge as a paginated Relay connection.
func connection() schema.Annotation {
	return entgql.RelayConnection()
}

// childrenNotInInput keeps a to-many edge out of the parent's create and
// update inputs: children are attached by setting their own reference
// (an enrollment's sessionID), so that their hooks always run.
func childrenNotInInput() schema.Annotation {
	return entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)
}
