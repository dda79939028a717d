package graph

import (
	"bytes"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/vektah/gqlparser/v2/ast"
)

// responseSizes remembers the size of the last response data of each
// query operation, by its parsed definition: the parsed query cache hands
// the same definition to every request with the same query text. The
// executor (the carried template internal!.gotpl of tools/codegen/gqlplugin)
// writes a query's data into a buffer of that size (responseBuffer)
// instead of one that starts at 64 bytes and doubles: a 1.5 KB name
// search grew its buffer six times, a 100-node lookup nine.
//
// Only sizes are kept, never data, by the definition's address (a
// uintptr): the map keeps no definition alive after the parsed query cache
// dropped it. An address the runtime reuses for another definition gives
// that one's first buffer a wrong size, which costs a copy or some unused
// bytes and nothing else. The map holds at most maxResponseSizes entries;
// when it is full it is emptied.
var responseSizes struct {
	m sync.Map // uintptr of an *ast.OperationDefinition → int
	n atomic.Int64
}

// maxResponseSizes bounds responseSizes.
const maxResponseSizes = 4096

// maxResponseHint bounds the buffer responseBuffer starts with: a rare
// huge response does not make every later one start that large.
const maxResponseHint = 1 << 20

// responseBuffer returns the buffer to write the data of op's response
// into: as large as op's last response, empty if op has none yet.
func responseBuffer(op *ast.OperationDefinition) *bytes.Buffer {
	if op != nil {
		if n, ok := responseSizes.m.Load(uintptr(unsafe.Pointer(op))); ok {
			return bytes.NewBuffer(make([]byte, 0, n.(int)))
		}
	}
	return new(bytes.Buffer)
}

// responseData returns the data written into buf for op, and remembers
// its size for op's next response when it differs from the last by more
// than an eighth.
func responseData(op *ast.OperationDefinition, buf *bytes.Buffer) []byte {
	n := buf.Len()
	if op == nil || n > maxResponseHint {
		return buf.Bytes()
	}
	key := uintptr(unsafe.Pointer(op))
	last, ok := responseSizes.m.Load(key)
	if ok && abs(last.(int)-n) <= last.(int)/8 {
		return buf.Bytes()
	}
	if !ok && responseSizes.n.Add(1) > maxResponseSizes {
		responseSizes.m.Clear()
		responseSizes.n.Store(1)
	}
	// A little more than this response: the next may be slightly longer.
	responseSizes.m.Store(key, n+n/8)
	return buf.Bytes()
}

// abs returns the absolute value of n.
func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
