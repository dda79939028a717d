package bench

import "github.com/lib/pq"

// int64s converts ids to a PostgreSQL array argument.
func int64s(ids []int) any {
	out := make(pq.Int64Array, len(ids))
	for i, id := range ids {
		out[i] = int64(id)
	}
	return out
}
