package kernels

import (
	"slices"
	"strconv"
	"strings"
)

// Signature names what, besides its inputs, decides how the active level
// rounds a result on this CPU: the level and the depths of the slices of
// k (kc) its SGEMM sums products in, which the CPU's cache sizes decide,
// e.g. "avx512 kc=256". A product longer than kc is summed slice by
// slice, each slice's sum added to C, so two CPUs at one level whose
// caches give another kc (an Intel and an AMD core, say) round such
// products differently. When the level's products of few rows take
// another SGEMM (see gemmImpl.fewRows) with another kc, both are listed,
// e.g. "avx512 kc=256,384".
func Signature() string {
	t := active.Load()
	var kcs []string
	for g := t.gemm; g != nil; g = g.fewRows {
		if kc := strconv.Itoa(g.kc); !slices.Contains(kcs, kc) {
			kcs = append(kcs, kc)
		}
	}
	return t.level.String() + " kc=" + strings.Join(kcs, ",")
}
