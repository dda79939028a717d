package graph

import (
	"bytes"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"
)

// TestResponseBuffer checks that a query's data buffer starts at the size
// of the operation's last response (a little more), follows it when it
// changes by more than an eighth, and that the data is what was written.
func TestResponseBuffer(t *testing.T) {
	op := &ast.OperationDefinition{}
	if got := responseBuffer(op).Cap(); got != 0 {
		t.Fatalf("first buffer: cap %d, want 0", got)
	}
	for _, tc := range []struct{ n, wantCap int }{
		{1000, 1125},
		{1100, 1125}, // within an eighth: kept
		{3000, 3375},
		{100, 112},
	} {
		buf := responseBuffer(op)
		body := bytes.Repeat([]byte("x"), tc.n)
		buf.Write(body)
		if got := responseData(op, buf); !bytes.Equal(got, body) {
			t.Fatalf("data of %d bytes: got %d bytes", tc.n, len(got))
		}
		if got := responseBuffer(op).Cap(); got != tc.wantCap {
			t.Errorf("after %d bytes: next buffer cap %d, want %d", tc.n, got, tc.wantCap)
		}
	}
	if got := responseBuffer(nil).Cap(); got != 0 {
		t.Errorf("no operation: cap %d, want 0", got)
	}
	huge := bytes.NewBuffer(make([]byte, maxResponseHint+1))
	other := &ast.OperationDefinition{}
	responseData(other, huge)
	if got := responseBuffer(other).Cap(); got != 0 {
		t.Errorf("after a response over maxResponseHint: cap %d, want 0", got)
	}
}
