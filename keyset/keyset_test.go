package keyset

import (
	"strings"
	"testing"

	"entgo.io/contrib/entgql"
	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"
)

// TestPredicates checks the SQL of a cursor's predicates: entgql's, and the
// bound added for an order value (none for a null one, which entgql's own
// predicate already makes match nothing).
func TestPredicates(t *testing.T) {
	tests := []struct {
		name          string
		after, before *entgql.Cursor[int]
		dirs          []entgql.OrderDirection
		want          string
	}{
		{
			name:  "after, ascending",
			after: &entgql.Cursor[int]{ID: 7, Value: []any{"Budi"}},
			dirs:  []entgql.OrderDirection{entgql.OrderDirectionAsc},
			want:  `WHERE ("t"."full_name" > $1 OR ("t"."full_name" = $2 AND "t"."id" > $3)) AND "t"."full_name" >= $4`,
		},
		{
			name:   "before, descending",
			before: &entgql.Cursor[int]{ID: 7, Value: []any{"Budi"}},
			dirs:   []entgql.OrderDirection{entgql.OrderDirectionDesc},
			want:   `WHERE ("t"."full_name" < $1 OR ("t"."full_name" = $2 AND "t"."id" > $3)) AND "t"."full_name" <= $4`,
		},
		{
			name:  "no order value: id only",
			after: &entgql.Cursor[int]{ID: 7},
			dirs:  []entgql.OrderDirection{entgql.OrderDirectionAsc},
			want:  `WHERE "t"."id" > $1`,
		},
		{
			name:  "null order value: no bound",
			after: &entgql.Cursor[int]{ID: 7, Value: []any{nil}},
			dirs:  []entgql.OrderDirection{entgql.OrderDirectionAsc},
			want:  `WHERE "t"."full_name" > NULL OR ("t"."full_name" = NULL AND "t"."id" > $1)`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps, err := Predicates(tt.after, tt.before, &entgql.MultiCursorsOptions{
				FieldID:     "id",
				DirectionID: entgql.OrderDirectionAsc,
				Fields:      []string{"full_name"},
				Directions:  tt.dirs,
			})
			if err != nil {
				t.Fatal(err)
			}
			s := sql.Dialect(dialect.Postgres).Select("id").From(sql.Table("employees").As("t"))
			for _, p := range ps {
				p(s)
			}
			q, _ := s.Query()
			if _, where, _ := strings.Cut(q, " WHERE "); "WHERE "+where != tt.want {
				t.Errorf("got  %s\nwant %s", "WHERE "+where, tt.want)
			}
		})
	}
}
