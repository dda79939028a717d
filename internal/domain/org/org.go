// Package org holds the integrity rules of an agency's organisation as
// pure functions: the work units (unit kerja) nested in a tree, positions
// and employees with their supervisors. The storage hooks of
// kembang/ent/schema apply them to every write.
//
// Two rules:
//
//   - References stay inside the agency: a unit's parent, an employee's
//     unit, position, target position and supervisor, and a training
//     need's unit belong to the agency of the record that refers to them
//     ([SameAgency]). Records of other agencies are neither read nor
//     signed off through such a reference.
//   - The unit tree and the supervision chains are trees: no unit is
//     nested under itself or one of its own sub-units, and no employee is
//     their own supervisor, directly or through others ([Loops]).
package org

import (
	"context"
	"errors"

	"kembang/internal/domain/phrase"
)

// Errors of the rules. Their messages, and those of the errors wrapping
// them, are safe to show to API clients.
var (
	// ErrOtherAgency is wrapped by [SameAgency].
	ErrOtherAgency = errors.New("belongs to another agency")
	// ErrLoop is wrapped by the refusal of a reference that [Loops]
	// finds would close a loop.
	ErrLoop = errors.New("would close a loop")
)

// SameAgency returns nil when the record referred to (what, e.g. "the
// parent unit"), of agency got, belongs to the agency want of the record
// referring to it (owner, e.g. "the unit"), and otherwise an error
// wrapping [ErrOtherAgency] that names neither agency: the caller may not
// be allowed to see the other one.
func SameAgency(what, owner string, got, want int) error {
	if got == want {
		return nil
	}
	return phrase.Errorf("%s %w than %s", phrase.Noun(what), ErrOtherAgency, phrase.Noun(owner))
}

// Parent returns the parent of node id (its parent unit, its supervisor),
// or nil for a root.
type Parent func(ctx context.Context, id int) (*int, error)

// Loops reports whether making parent the parent of node id would close a
// loop: parent is id itself or one of id's descendants, that is, id is met
// walking up from parent. The walk keeps the nodes it visited, so a loop
// already stored above parent (bad data written before the rule) ends it
// instead of running forever, and it stops when ctx is done.
func Loops(ctx context.Context, id, parent int, up Parent) (bool, error) {
	seen := map[int]bool{}
	for cur := &parent; cur != nil; {
		switch {
		case *cur == id:
			return true, nil
		case seen[*cur]:
			return false, nil
		}
		if err := ctx.Err(); err != nil {
			return false, err
		}
		seen[*cur] = true
		next, err := up(ctx, *cur)
		if err != nil {
			return false, err
		}
		cur = next
	}
	return false, nil
}
