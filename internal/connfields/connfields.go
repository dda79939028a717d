// Package connfields holds a validation rule for the fixed fields of
// Relay connections.
//
// entgql finds a connection's edges, node, totalCount and pageInfo by the
// name they have in the response, so an alias on one of them loads the
// wrong thing: `employees { t: totalCount }` answered 0, `e: edges` an
// empty list (docs/performance.md, change 53). Until the carried
// templates look them up by field, the rule refuses such an alias, which
// turns wrong data into a clear error.
package connfields

import (
	"strings"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/validator/core"
)

// RuleName is the name the rule is registered under.
const RuleName = "KembangConnectionFieldAliases"

// Fixed reports whether field of the object type typ is one that entgql
// reads by its response name: edges, totalCount and pageInfo of a
// connection, node of an edge, and the fields of PageInfo.
func Fixed(typ, field string) bool {
	switch {
	case strings.HasSuffix(typ, "Connection"):
		return field == "edges" || field == "totalCount" || field == "pageInfo"
	case strings.HasSuffix(typ, "Edge"):
		return field == "node"
	case typ == "PageInfo":
		return !strings.HasPrefix(field, "__")
	}
	return false
}

// Rule returns the validation rule: a field that Fixed names may not be
// given an alias other than its own name.
func Rule() (string, core.RuleFunc) {
	return RuleName, func(observers *core.Events, addError core.AddErrFunc) {
		// The walker visits a fragment's fields at its definition and at
		// each spread; one error per field is enough.
		seen := map[*ast.Field]bool{}
		observers.OnField(func(_ *core.Walker, f *ast.Field) {
			if f.Alias == "" || f.Alias == f.Name || f.ObjectDefinition == nil || seen[f] {
				return
			}
			if !Fixed(f.ObjectDefinition.Name, f.Name) {
				return
			}
			seen[f] = true
			addError(
				core.Message(`%s.%s cannot be aliased (%q); select it as %s / %s.%s tidak dapat diberi alias (%q); pilih sebagai %s`,
					f.ObjectDefinition.Name, f.Name, f.Alias, f.Name,
					f.ObjectDefinition.Name, f.Name, f.Alias, f.Name),
				core.At(f.Position),
			)
		})
	}
}
