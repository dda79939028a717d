package keyset

import (
	"unicode/utf8"

	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"
)

// HasPrefix returns the predicate that field starts with prefix, as ent's
// sql.FieldHasPrefix (LIKE 'prefix%', escaped), and on PostgreSQL the
// range it implies in byte order, field >= prefix AND field < the next
// string after every one that starts with prefix. The rows selected are
// the same. A LIKE with a parameter, as a prepared statement's generic
// plan has it, bounds no index scan; the range does, and on a column in
// byte order (collation "C": internal/store/migrations/postgres/0007_name_collation.sql) the same
// index orders the rows, so a name search reads its first page and stops.
// The generate step routes the where input's employee name prefix through
// it (the where-input template of kembang/tools/codegen/entgen, for the
// fields its PrefixRange option names). Only for such columns: under
// another collation the range would leave rows out.
func HasPrefix(field, prefix string) func(*sql.Selector) {
	return func(s *sql.Selector) {
		s.Where(sql.HasPrefix(s.C(field), prefix))
		if s.Dialect() != dialect.Postgres || prefix == "" {
			return
		}
		s.Where(sql.GTE(s.C(field), prefix))
		if next, ok := after(prefix); ok {
			s.Where(sql.LT(s.C(field), next))
		}
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
