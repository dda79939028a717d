package graph

import "math"

// finite reports whether f is neither NaN nor infinite: the floats that
// leaf fields marshal without a field context (graph/gqlgen.go leafFields).
func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }
