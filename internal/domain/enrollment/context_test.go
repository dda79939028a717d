package enrollment

import (
	"context"
	"testing"
	"time"
)

func TestContextMarkers(t *testing.T) {
	ctx := context.Background()
	if Importing(ctx) || Nominating(ctx) {
		t.Fatal("a bare context is importing or nominating")
	}
	if !Importing(WithImport(ctx)) || Nominating(WithImport(ctx)) {
		t.Error("WithImport does not mark (only) an import")
	}
	if !Nominating(WithNomination(ctx)) || Importing(WithNomination(ctx)) {
		t.Error("WithNomination does not mark (only) a nomination")
	}
}

func TestClock(t *testing.T) {
	ctx := context.Background()
	before := time.Now()
	if now := Now(ctx); now.Before(before) || now.After(time.Now()) {
		t.Errorf("Now without a clock = %v, want the wall clock", now)
	}
	fixed := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	if got := Now(WithClock(ctx, func() time.Time { return fixed })); !got.Equal(fixed) {
		t.Errorf("Now with a fixed clock = %v, want %v", got, fixed)
	}
	if WithClock(ctx, nil) != ctx {
		t.Error("WithClock(ctx, nil) changed the context")
	}
}
