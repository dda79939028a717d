// Package idstart aligns PostgreSQL ID sequences with SQLite's.
//
// ent's global IDs give every table a range of 1<<32 IDs starting at the
// table's IncrementStart (kembang/ent/internal). On SQLite, Atlas stores
// the start in sqlite_sequence, so the first row gets start+1; on
// PostgreSQL it becomes the identity's START WITH, so the first row gets
// start itself: number 0 within its range, which kembang/ent/gid rejects.
// Hook makes PostgreSQL start at start+1 too. The migration generator and
// the schema-equality tests must both use it.
package idstart

import (
	"ariga.io/atlas/sql/postgres"
	atlas "ariga.io/atlas/sql/schema"
	"entgo.io/ent/dialect/sql/schema"
)

// Hook is a schema.DiffHook that moves the start of every PostgreSQL
// identity of the desired schema from a range start s > 0 to s+1.
// Identities starting at the default (the first range) are left alone.
func Hook(next schema.Differ) schema.Differ {
	return schema.DiffFunc(func(current, desired *atlas.Schema) ([]atlas.Change, error) {
		for _, t := range desired.Tables {
			for _, c := range t.Columns {
				for _, a := range c.Attrs {
					id, ok := a.(*postgres.Identity)
					// A start on a range boundary is moved; a moved one is
					// not, so the hook may see the same identity twice.
					if ok && id.Sequence != nil && id.Sequence.Start > 1 && id.Sequence.Start%(1<<32) == 0 {
						id.Sequence.Start++
					}
				}
			}
		}
		return next.Diff(current, desired)
	})
}
