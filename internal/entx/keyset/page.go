package keyset

// PageRows returns the rows of nodes that belong to their page: the first
// size rows of each partition (each parent's, by key; all of nodes when
// key is nil), in order. A page reads one row more than its size to know
// whether a next page exists; the generated queries load the edges of
// PageRows(nodes) only, so that this extra row, which the connection
// drops, costs no children (the query template of
// kembang/tools/codegen/entgen). size <= 0 keeps every row.
func PageRows[T any](nodes []T, size int, key func(T) any) []T {
	if size <= 0 || len(nodes) <= size {
		return nodes
	}
	if key == nil {
		return nodes[:size]
	}
	seen := make(map[any]int)
	kept := make([]T, 0, len(nodes))
	for _, n := range nodes {
		k := key(n)
		if seen[k] < size {
			seen[k]++
			kept = append(kept, n)
		}
	}
	return kept
}
