package queryplan

import (
	"context"
	"testing"
)

func TestCustom(t *testing.T) {
	ctx := context.Background()
	if Custom(ctx) {
		t.Error("Custom(Background) = true, want false")
	}
	if !Custom(WithCustom(ctx)) {
		t.Error("Custom(WithCustom(ctx)) = false, want true")
	}
}
