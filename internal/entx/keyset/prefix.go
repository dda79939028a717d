package keyset

import (
	"unicode/utf8"

	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"
)

// HasPrefix returns the predicate that field starts with prefix, as ent's
// sql.FieldHasPrefix (LIKE 'prefix%', escaped); on PostgreSQL as the
// range it implies in byte order instead, field >= prefix AND field < the
// next string after every one that starts with prefix. The rows selected
// are the same: in byte order (collation "C":
// internal/store/migrations/postgres/0007_name_collation.sql) a string
// lies in that range exactly when it starts with prefix. A LIKE with a
// parameter, as a prepared statement's generic plan has it, bounds no
// index scan; the range does, and the same index orders the rows, so a
// name search reads its first page and stops.
//
// The range replaces the LIKE rather than joining it: the planner takes
// the two for independent conditions and multiplies their selectivities,
// so with both it expected one row for "Nur K" (1,169 at 1M), planned
// every execution for its arguments (the generic plan looked dearer) and
// chose to fetch every match and sort them for the first page (7.9 ms);
// with the range alone it reads the page in index order (0.05 ms) on a
// generic plan (docs/performance.md, issue 17, third session). A prefix
// with no string after it (only U+10FFFF characters) keeps the LIKE next
// to its lower bound.
//
// The generate step routes the where input's employee name prefix through
// it (the where-input template of kembang/tools/codegen/entgen, for the
// fields its PrefixRange option names). Only for such columns: under
// another collation the range would leave rows out.
func HasPrefix(field, prefix string) func(*sql.Selector) {
	return func(s *sql.Selector) {
		if s.Dialect() != dialect.Postgres || prefix == "" {
			s.Where(sql.HasPrefix(s.C(field), prefix))
			return
		}
		next, ok := after(prefix)
		if !ok {
			s.Where(sql.HasPrefix(s.C(field), prefix))
			s.Where(sql.GTE(s.C(field), prefix))
			return
		}
		s.Where(sql.GTE(s.C(field), prefix))
		s.Where(sql.LT(s.C(field), next))
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
