package limits

import (
	"testing"

	"github.com/vektah/gqlparser/v2/ast"
)

func TestPoints(t *testing.T) {
	tests := []struct {
		op   ast.Operation
		cost int64
		want int
	}{
		{ast.Query, 0, 1},
		{ast.Query, 1, 1},
		{ast.Query, 149, 1},
		{ast.Query, 150, 2},
		{ast.Query, 1000, 10},
		{ast.Mutation, 1, 5},
		{ast.Mutation, 900, 9},
	}
	for _, tt := range tests {
		if got := Points(tt.op, Usage{Cost: tt.cost}); got != tt.want {
			t.Errorf("Points(%s, cost %d) = %d, want %d", tt.op, tt.cost, got, tt.want)
		}
	}
}
