package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"

	"kembang/ent"
	"kembang/ent/gid"
	"kembang/internal/access"
	"kembang/internal/fault"
)

// The node(id:) and nodes(ids:) lookups answer alike for an ID they
// cannot return: FORBIDDEN when the row exists but the viewer may not read
// it, NOT_FOUND otherwise ("no employee with ID …"), with the ID as the
// client sent it (the opaque form: gid's encoding is canonical, so it is
// the client's string).

// node answers node(id:).
func (r *queryResolver) node(ctx context.Context, id int) (ent.Noder, error) {
	n, err := r.client.Noder(ctx, id)
	if err != nil {
		return nil, r.missing(ctx, id, err)
	}
	return n, nil
}

// nodes answers nodes(ids:): one query per table, as ent's Noders, with
// each ID it cannot return reported at its index as node(id:) reports it.
func (r *queryResolver) nodes(ctx context.Context, ids []int) ([]ent.Noder, error) {
	out := make([]ent.Noder, len(ids))
	byTable := map[string][]int{} // indexes into ids
	for i, id := range ids {
		table, err := r.client.NodeTable(ctx, id)
		if err != nil {
			addIndexError(ctx, i, r.missing(ctx, id, err))
			continue
		}
		byTable[table] = append(byTable[table], i)
	}
	for table, idx := range byTable {
		tids := make([]int, len(idx))
		for j, i := range idx {
			tids[j] = ids[i]
		}
		ns, err := r.client.NodersOf(ctx, table, tids)
		if _, refused := fault.As(err); refused {
			// A refusal of the whole table (an anonymous viewer): each of
			// its IDs answers it, as node(id:) would.
			for _, i := range idx {
				addIndexError(ctx, i, err)
			}
			continue
		}
		if err != nil {
			return nil, err
		}
		for j, i := range idx {
			if out[i] = ns[j]; out[i] == nil {
				addIndexError(ctx, i, r.missing(ctx, ids[i], nil))
			}
		}
	}
	return out, nil
}

// missing returns the error of an ID a lookup could not return because
// of err (nil: no row came back): FORBIDDEN for a row the viewer may not
// read, NOT_FOUND for an ID of no row, err itself for anything else.
func (r *queryResolver) missing(ctx context.Context, id int, err error) error {
	if err != nil && !ent.IsNotFound(err) {
		return err
	}
	if hidden := access.Hidden(ctx, r.client, id); hidden != nil {
		return hidden
	}
	typ := "Record"
	if table, ok := gid.Table(id); ok {
		if t, ok := ent.TableType(table); ok {
			typ = t
		}
	}
	return gid.NotFound(id, typ)
}

// addIndexError adds err to the response at index i of the field's list.
func addIndexError(ctx context.Context, i int, err error) {
	graphql.AddError(graphql.WithPathContext(ctx, graphql.NewPathWithIndex(i)), err)
}
