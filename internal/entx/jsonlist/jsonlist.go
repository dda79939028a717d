// Package jsonlist filters rows by a JSON list column (an ent
// field.JSON of a slice): the rows whose list holds a value. It serves
// where-input fields that ent does not generate for JSON columns, such as
// ForumWhereInput.hasStakeholderGroup.
package jsonlist

import (
	"entgo.io/ent/dialect/sql"
	"entgo.io/ent/dialect/sql/sqljson"
)

// Has returns the predicate that the JSON list in column holds value:
// jsonb containment (@>, which a GIN index serves) on PostgreSQL, an
// EXISTS over JSON_EACH on SQLite. A NULL list holds nothing.
func Has(column string, value any) func(*sql.Selector) {
	return func(s *sql.Selector) {
		s.Where(sqljson.ValueContains(s.C(column), value))
	}
}
