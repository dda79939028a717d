package store

import (
	"context"
	"fmt"

	entsql "entgo.io/ent/dialect/sql"

	"kembang/ent"
	"kembang/ent/gid"
	"kembang/internal/fault"
	"kembang/internal/rules"
)

// refsHook refuses a mutation that names a record that does not exist,
// before any other hook, privacy rule or validator runs: the row a
// single-row update or delete is about, and every row an edge it adds or
// removes points to, must be a row of the table of its type. The refusal
// is a NOT_FOUND fault carrying the ID (gid.NotFound), whose message shows
// the ID as the client sent it and from which the API layer names the
// argument or input field that held it.
//
// An ID of another type (an employee's ID given as a session) is refused
// without a query, for IDs carry their table; the others are looked up,
// one statement per table, in the mutation's transaction. Whether a row
// exists is not a secret here: node(id) already tells FORBIDDEN from
// NOT_FOUND.
//
// The writes hooks make while a mutation runs (a waitlisted enrollment
// promoted, assessments recorded on completion) name rows the server
// found, not IDs a client sent: they are not checked again.
func refsHook(dialect string) ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			if ctx.Value(refsChecked{}) != nil {
				return next.Mutate(ctx, m) // a hook's own write, of rows it found
			}
			if err := checkRefs(ctx, dialect, m); err != nil {
				return nil, err
			}
			return next.Mutate(context.WithValue(ctx, refsChecked{}, true), m)
		})
	}
}

// refsChecked marks the context of a mutation whose references were
// checked, which the writes of its hooks inherit.
type refsChecked struct{}

// A ref is a row a mutation names: its raw ID, the type (and table) it
// must be of, and the name of the input field that sets it in the type's
// GraphQL inputs ("id" for the row a mutation changes), which the API
// layer prefers when the client sent the same ID in several places.
type ref struct {
	id                int
	typ, table, input string
}

// refsOf returns the rows m names, in a stable order: the row it changes
// or deletes, then the rows of each edge it adds or removes.
func refsOf(m ent.Mutation) ([]ref, error) {
	var out []ref
	typ := m.Type()
	if m.Op().Is(ent.OpUpdateOne | ent.OpDeleteOne) {
		if idm, ok := m.(interface{ ID() (int, bool) }); ok {
			if id, ok := idm.ID(); ok {
				table, ok := ent.TypeTable(typ)
				if !ok {
					return nil, fmt.Errorf("store: no table of type %s", typ)
				}
				out = append(out, ref{id, typ, table, "id"})
			}
		}
	}
	for _, edges := range []struct {
		names   []string
		ids     func(string) []ent.Value
		removed bool
	}{{m.AddedEdges(), m.AddedIDs, false}, {m.RemovedEdges(), m.RemovedIDs, true}} {
		for _, e := range edges.names {
			table, ok := ent.EdgeTable(typ, e)
			if !ok {
				return nil, fmt.Errorf("store: no table of edge %s.%s", typ, e)
			}
			to, _ := ent.TableType(table)
			input, _ := ent.EdgeInput(typ, e, m.Op().Is(ent.OpCreate), edges.removed)
			for _, v := range edges.ids(e) {
				if id, ok := v.(int); ok {
					out = append(out, ref{id, to, table, input})
				}
			}
		}
	}
	return out, nil
}

// checkRefs returns the NOT_FOUND fault of the first row m names that does
// not exist, nil when they all do.
func checkRefs(ctx context.Context, dialect string, m ent.Mutation) error {
	refs, err := refsOf(m)
	if err != nil || len(refs) == 0 {
		return err
	}
	byTable := map[string][]int{}
	var tables []string
	for _, r := range refs {
		if t, ok := gid.Table(r.id); !ok || t != r.table {
			return r.missing()
		}
		if _, ok := byTable[r.table]; !ok {
			tables = append(tables, r.table)
		}
		byTable[r.table] = append(byTable[r.table], r.id)
	}
	c, ok := m.(interface{ Client() *ent.Client })
	if !ok {
		return nil
	}
	found := map[int]bool{}
	memo := c.Client().Rules.Memo // bulk imports: each row looked up once per transaction
	for _, t := range tables {
		var ask []int
		for _, id := range byTable[t] {
			if _, ok := memo.Get(rules.MemoKey{What: "exists", Table: t, ID: id}); ok {
				found[id] = true
			} else {
				ask = append(ask, id)
			}
		}
		if len(ask) == 0 {
			continue
		}
		if err := existing(ctx, c.Client(), dialect, t, ask, found); err != nil {
			return err
		}
		for _, id := range ask {
			if found[id] {
				memo.Put(rules.MemoKey{What: "exists", Table: t, ID: id}, 1)
			}
		}
	}
	for _, r := range refs {
		if !found[r.id] {
			return r.missing()
		}
	}
	return nil
}

// missing is the NOT_FOUND fault of r.
func (r ref) missing() *fault.Error {
	f := gid.NotFound(r.id, r.typ)
	f.Field = r.input
	return f
}

// existing marks in found the ids of table that name a row, read through
// c (the mutation's transaction) without privacy rules or interceptors.
func existing(ctx context.Context, c *ent.Client, dialect, table string, ids []int, found map[int]bool) error {
	q, args := entsql.Dialect(dialect).Select("id").From(entsql.Table(table)).Where(entsql.InInts("id", ids...)).Query()
	rows, err := c.QueryContext(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("store: looking up the %s a mutation names: %w", table, err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int
		if err := rows.Scan(&id); err != nil {
			return fmt.Errorf("store: looking up the %s a mutation names: %w", table, err)
		}
		found[id] = true
	}
	return rows.Err()
}
