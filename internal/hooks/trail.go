package hooks

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"entgo.io/ent"

	gen "kembang/ent"
	"kembang/ent/auditrecord"
	"kembang/ent/gid"
	"kembang/internal/access"
	"kembang/internal/audit"
	"kembang/internal/viewer"
)

// Elevate runs the rest of a mutation (the entity's hooks, the queries
// its rules make, the changes that follow from it such as promoting the
// first of a waitlist) with the server's privileges: the policy has
// allowed the change, and the rules must see every row they check.
func Elevate(next ent.Mutator) ent.Mutator {
	return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
		return next.Mutate(access.System(ctx), m)
	})
}

// audited is what the trail needs of a generated mutation.
type audited interface {
	ent.Mutation
	ID() (int, bool)
	IDs(context.Context) ([]int, error)
	Client() *gen.Client
}

// secret lists the fields whose values the trail never writes.
var secret = map[string]bool{"APIKey.hash": true}

// Trail appends one audit record per row a mutation creates, changes or
// deletes, through the mutation's client, hence in its transaction: if
// the mutation or anything after it in the transaction fails, neither
// the change nor its record is kept.
func Trail(next ent.Mutator) ent.Mutator {
	return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
		am, ok := m.(audited)
		if !ok || audit.Skipped(ctx) {
			return next.Mutate(ctx, m)
		}
		sys := access.System(ctx)
		var (
			ids    []int
			before map[int]map[string]json.RawMessage // deleted rows
			olds   map[string]*string                 // UpdateOne: old values
		)
		switch op := m.Op(); {
		case op.Is(ent.OpUpdateOne):
			id, _ := am.ID()
			ids = []int{id}
			olds = map[string]*string{}
			for _, f := range changed(m) {
				v, err := m.OldField(sys, f)
				if err != nil {
					return nil, fmt.Errorf("audit: old %s: %w", f, err)
				}
				olds[f] = encode(m.Type(), f, v)
			}
		case op.Is(ent.OpUpdate | ent.OpDelete | ent.OpDeleteOne):
			var err error
			if ids, err = am.IDs(sys); err != nil {
				return nil, fmt.Errorf("audit: rows of %s: %w", m.Type(), err)
			}
			if op.Is(ent.OpDelete | ent.OpDeleteOne) {
				// A fresh context: the GraphQL one would narrow the read to
				// the fields the mutation's caller selected.
				if before, err = snapshot(access.System(context.Background()), am.Client(), ids); err != nil {
					return nil, err
				}
			}
		}
		v, err := next.Mutate(ctx, m)
		if err != nil {
			return v, err
		}
		if m.Op().Is(ent.OpCreate) {
			id, _ := am.ID()
			ids = []int{id}
		}
		if err := record(ctx, am, ids, olds, before); err != nil {
			return nil, err
		}
		return v, nil
	})
}

// changed returns the fields m sets or clears.
func changed(m ent.Mutation) []string {
	fs := append(slices.Clone(m.Fields()), m.ClearedFields()...)
	slices.Sort(fs)
	return slices.Compact(fs)
}

// record writes the audit records of a successful mutation.
func record(ctx context.Context, m audited, ids []int, olds map[string]*string, before map[int]map[string]json.RawMessage) error {
	v, _ := viewer.FromContext(ctx)
	subject, role := v.Subject, v.Role.String()
	if subject == "" {
		subject = "system"
	}
	req := audit.RequestFrom(ctx)
	action := auditrecord.ActionUPDATE
	switch {
	case m.Op().Is(ent.OpCreate):
		action = auditrecord.ActionCREATE
	case m.Op().Is(ent.OpDelete | ent.OpDeleteOne):
		action = auditrecord.ActionDELETE
	}
	c := m.Client()
	builders := make([]*gen.AuditRecordCreate, 0, len(ids))
	for _, id := range ids {
		var changes []audit.Change
		if action == auditrecord.ActionDELETE {
			changes = deleted(m.Type(), before[id])
		} else {
			changes = written(m, olds)
		}
		b := c.AuditRecord.Create().
			SetSubject(subject).
			SetRole(role).
			SetOperation(req.Operation).
			SetRequestID(req.ID).
			SetAction(action).
			SetEntityType(m.Type()).
			SetEntityID(id).
			SetChanges(changes)
		if v.APIKeyID != 0 {
			b.SetAPIKeyID(v.APIKeyID)
		}
		builders = append(builders, b)
	}
	if len(builders) == 0 {
		return nil
	}
	if b, ok := ctx.Value(trailBatchKey{}).(*trailBatch); ok && action == auditrecord.ActionCREATE {
		b.builders = append(b.builders, builders...)
		return nil
	}
	if err := c.AuditRecord.CreateBulk(builders...).Exec(access.System(ctx)); err != nil {
		return fmt.Errorf("audit: writing %d records of %s: %w", len(builders), m.Type(), err)
	}
	return nil
}

// written returns the changes of a create or update: each field set or
// cleared (skipping those set to their old value) and each edge changed.
func written(m ent.Mutation, olds map[string]*string) []audit.Change {
	var out []audit.Change
	for _, f := range changed(m) {
		var nv *string
		if v, ok := m.Field(f); ok && !m.FieldCleared(f) {
			nv = encode(m.Type(), f, v)
		}
		ov := olds[f]
		if ov != nil && nv != nil && *ov == *nv {
			continue
		}
		out = append(out, audit.Change{Field: f, Old: ov, New: nv})
	}
	for _, e := range m.AddedEdges() {
		out = append(out, audit.Change{Field: e + "+", New: encodeIDs(m.AddedIDs(e))})
	}
	for _, e := range m.RemovedEdges() {
		out = append(out, audit.Change{Field: e + "-", Old: encodeIDs(m.RemovedIDs(e))})
	}
	return out
}

// deleted returns the changes of a deleted row: every stored field, old.
func deleted(typ string, row map[string]json.RawMessage) []audit.Change {
	var out []audit.Change
	for f, v := range row {
		if f == "edges" || f == "id" || secret[typ+"."+f] {
			continue
		}
		s := string(v)
		if strings.HasSuffix(f, "_id") {
			var n int
			if json.Unmarshal(v, &n) == nil {
				s = quote(gid.Encode(n))
			}
		}
		out = append(out, audit.Change{Field: f, Old: &s})
	}
	slices.SortFunc(out, func(a, b audit.Change) int { return strings.Compare(a.Field, b.Field) })
	return out
}

// snapshot reads the rows a delete is about to remove, as JSON objects.
func snapshot(ctx context.Context, c *gen.Client, ids []int) (map[int]map[string]json.RawMessage, error) {
	out := make(map[int]map[string]json.RawMessage, len(ids))
	for _, id := range ids {
		n, err := c.Noder(ctx, id)
		if err != nil {
			return nil, fmt.Errorf("audit: reading row %d before delete: %w", id, err)
		}
		b, err := json.Marshal(n)
		if err != nil {
			return nil, fmt.Errorf("audit: encoding row %d: %w", id, err)
		}
		var row map[string]json.RawMessage
		if err := json.Unmarshal(b, &row); err != nil {
			return nil, fmt.Errorf("audit: decoding row %d: %w", id, err)
		}
		out[id] = row
	}
	return out, nil
}

// encode returns the JSON form of a field value: references as opaque
// API IDs, secrets redacted.
func encode(typ, f string, v ent.Value) *string {
	if v == nil {
		return nil
	}
	if secret[typ+"."+f] {
		s := audit.Redacted
		return &s
	}
	if n, ok := v.(int); ok && strings.HasSuffix(f, "_id") {
		s := quote(gid.Encode(n))
		return &s
	}
	b, err := json.Marshal(v)
	if err != nil {
		s := quote(fmt.Sprint(v))
		return &s
	}
	s := string(b)
	return &s
}

// encodeIDs returns the JSON array of the opaque API IDs of ids.
func encodeIDs(ids []ent.Value) *string {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if n, ok := id.(int); ok {
			out = append(out, gid.Encode(n))
		}
	}
	b, _ := json.Marshal(out)
	s := string(b)
	return &s
}

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// errImmutable refuses changes of audit records.
var errImmutable = errors.New("audit records cannot be changed or deleted")

// immutable refuses every change and delete of an audit record, even by
// the server's own code.
func immutable(ent.Mutator) ent.Mutator {
	return ent.MutateFunc(func(context.Context, ent.Mutation) (ent.Value, error) { return nil, errImmutable })
}

// trailBatchKey is the context key of the queue of [WithTrailBatch].
type trailBatchKey struct{}

// trailBatch is the queue of audit records of [WithTrailBatch].
type trailBatch struct{ builders []*gen.AuditRecordCreate }

// WithTrailBatch returns a copy of ctx in which the audit records of
// creates are queued instead of written by each mutation, and the
// function that writes the queued ones in one statement (through c, the
// client, or transaction, of the mutations). The records are the same;
// only their insert is batched, for bulk loads that create many rows with
// CreateBulk (kembang/internal/importer), whose rows would otherwise each
// cost a statement more. The caller must flush before its transaction
// commits, and after each bulk write whose failure it may roll back to a
// savepoint: a queued record of a rolled-back row must not be written.
// Updates and deletes are written at once as always.
func WithTrailBatch(ctx context.Context, c *gen.Client) (context.Context, func() error) {
	b := &trailBatch{}
	return context.WithValue(ctx, trailBatchKey{}, b), func() error {
		if len(b.builders) == 0 {
			return nil
		}
		n := len(b.builders)
		err := c.AuditRecord.CreateBulk(b.builders...).Exec(access.System(ctx))
		b.builders = b.builders[:0]
		if err != nil {
			return fmt.Errorf("audit: writing %d queued records: %w", n, err)
		}
		return nil
	}
}

// DropTrailBatch empties the queue of ctx's [WithTrailBatch], after the
// writes that queued its records were rolled back.
func DropTrailBatch(ctx context.Context) {
	if b, ok := ctx.Value(trailBatchKey{}).(*trailBatch); ok {
		b.builders = b.builders[:0]
	}
}
