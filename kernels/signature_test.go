package kernels

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSignature checks Signature at every level this CPU has: the level's
// name, then the kc of its SGEMM and of the SGEMM its products of few rows
// take, each once.
func TestSignature(t *testing.T) {
	prev := Active()
	defer func() { require.NoError(t, SetLevel(prev)) }()
	for _, l := range Available() {
		require.NoError(t, SetLevel(l))
		g := gemmFor(l)
		want := []string{strconv.Itoa(g.kc)}
		if f := g.fewRows; f != nil && f.kc != g.kc {
			want = append(want, strconv.Itoa(f.kc))
		}
		assert.Equal(t, fmt.Sprintf("%s kc=%s", l, strings.Join(want, ",")), Signature(), "level %v", l)
	}
}

// The generic level slices k alike on every CPU, so that its bits do not
// depend on the machine's caches.
func TestGenericKCIsFixed(t *testing.T) {
	assert.Equal(t, genericKC, tables[Generic].gemm.kc)
	kc, _, _ := gemmBlocks(4, 4, genericKC*2*4*4, 0, 0)
	assert.Equal(t, genericKC, kc, "gemmBlocks gives genericKC for the L1 genericGemm passes")
}
