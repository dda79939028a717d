package keyset

import (
	"unicode/utf8"

	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"
)

// HasPrefix returns the predicate that field starts with prefix, as ent's
// sql.FieldHasPrefix (LIKE 'prefix%', escaped) says on PostgreSQL. On
// PostgreSQL and SQLite it is the range that prefix spans in byte order, field >= prefix AND field
// < the least string after every one that starts with prefix: the same
// rows. A LIKE with a parameter, as a prepared statement's generic plan
// has it, bounds no index scan; the range does, and on a column in byte
// order (collation "C": internal/store/migrations/postgres/0007_name_collation.sql)
// the same index orders the rows, so a name search reads its first page
// and stops. The LIKE is left out beside the range: PostgreSQL derives the
// same range from a LIKE it can read, and the planner, counting the range
// twice and the LIKE once, estimated 1 row of 1,169 for "Nur K" at 1M and
// sorted them all to keep 11 (change 31). On SQLite, whose LIKE ignores
// the case of ASCII letters, the range makes the filter case-sensitive as
// on PostgreSQL (SQLite's default collation, BINARY, is byte order too).
// The LIKE stays only when no string follows the prefix's (a prefix of
// U+10FFFF alone) and on other dialects.
// The generate step routes the where input's employee name prefix through
// it (the where-input template of kembang/tools/codegen/entgen, for the
// fields its PrefixRange option names). Only for such columns: under
// another collation the range would leave rows out.
func HasPrefix(field, prefix string) func(*sql.Selector) {
	return func(s *sql.Selector) {
		next, ok := after(prefix)
		if s.Dialect() != dialect.Postgres && s.Dialect() != dialect.SQLite || !ok {
			s.Where(sql.HasPrefix(s.C(field), prefix))
			return
		}
		s.Where(sql.And(sql.GTE(s.C(field), prefix), sql.LT(s.C(field), next)))
	}
}

// after returns the least string greater, in code point order, than every
// string that starts with prefix: prefix with its last character
// incremented, after dropping trailing U+10FFFF. ok is false when there is
// none (prefix is all U+10FFFF).
func after(prefix string) (next string, ok bool) {
	for prefix != "" {
		r, size := utf8.DecodeLastRuneInString(prefix)
		prefix = prefix[:len(prefix)-size]
		if r == utf8.MaxRune || r == utf8.RuneError && size == 1 {
			continue
		}
		r++
		if r == 0xD800 { // surrogates are not characters
			r = 0xE000
		}
		return prefix + string(r), true
	}
	return "", false
}
