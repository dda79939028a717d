// Package quoted holds a table's columns qualified by the table and quoted
// as ent's SQL builder writes them ("employees"."id" on PostgreSQL,
// `employees`.`id` on SQLite), made once per table instead of once per
// column of every statement (issue 17, docs/performance.md change 37: ent's
// SelectTable.C builds each with a new Builder, four string scans and two
// concatenations).
//
// The strings are made by ent's own builder (sql.Dialect(d).Table(t).C(c)),
// so a statement selecting them is byte for byte the statement ent would
// write. ent passes a qualified, quoted column through Selector.C
// unchanged and writes it as it is, so the generated queries (the query
// template of kembang/tools/codegen/entgen) hand them to sqlgraph in place
// of the bare names.
package quoted

import (
	"slices"

	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"
)

// dialects are the dialects whose quoting a Table holds.
var dialects = [...]string{dialect.Postgres, dialect.SQLite, dialect.MySQL}

// A Table holds the columns of a table qualified and quoted for each of
// ent's dialects. Its methods may be called concurrently.
type Table struct {
	columns []string // the table's columns, as New got them
	quoted  [len(dialects)]set
}

// set is a table's columns in one dialect's quoting.
type set struct {
	columns []string          // the quoted columns, in the order of Table.columns
	by      map[string]string // a quoted column by its name, of every column
}

// New returns the columns of table, columns and more (foreign keys the
// entity does not expose), qualified and quoted for each dialect.
// columns is the entity package's Columns: Of recognizes it.
func New(table string, columns []string, more ...string) *Table {
	t := &Table{columns: columns}
	for i, d := range dialects {
		st := sql.Dialect(d).Table(table)
		s := set{columns: make([]string, len(columns)), by: make(map[string]string, len(columns)+len(more))}
		for j, c := range columns {
			s.columns[j] = st.C(c)
			s.by[c] = s.columns[j]
		}
		for _, c := range more {
			s.by[c] = st.C(c)
		}
		t.quoted[i] = s
	}
	return t
}

// Of returns columns qualified by the table and quoted as the builder of
// dialect d writes them: the string sql.Dialect(d).Table(table).C(c)
// returns for each column c. It returns columns itself when d is none of
// ent's dialects or a column is none of the table's. The result must not be
// modified (for the table's own Columns it is shared, its capacity its
// length, so that an append copies it).
func (t *Table) Of(d string, columns []string) []string {
	i := slices.Index(dialects[:], d)
	if i < 0 || len(columns) == 0 {
		return columns
	}
	s := &t.quoted[i]
	if len(columns) == len(t.columns) && &columns[0] == &t.columns[0] {
		return slices.Clip(s.columns)
	}
	out := make([]string, len(columns))
	for j, c := range columns {
		q, ok := s.by[c]
		if !ok {
			return columns
		}
		out[j] = q
	}
	return out
}
