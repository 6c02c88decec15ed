package kernels

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestPackLanesFast checks every level's full-panel packers whose lanes
// run along p (packA.lanes and packB.lanes) against the definition dst[p*w+l] = src[l*ld+p], for depths
// across the 8-wide assembly blocks and their remainders, with the source
// ending just before a guard page and the panel exactly as long as
// needed.
func TestPackLanesFast(t *testing.T) {
	for _, g := range gemmImplsUnderTest() {
		for _, pk := range []struct {
			name string
			w    int
			fn   func(dst, src []float32, ld, kb int)
		}{{"packA.lanes", g.mr, g.packA.lanes}, {"packB.lanes", g.nr, g.packB.lanes}} {
			if pk.fn == nil {
				continue
			}
			for kb := 1; kb <= 41; kb++ {
				for _, extra := range []int{0, 3} {
					ld := kb + extra
					src, free := guardedSlice((pk.w-1)*ld + kb)
					for i := range src {
						src[i] = float32(i) + 0.5
					}
					dst, freeDst := guardedSlice(pk.w * kb)
					pk.fn(dst, src, ld, kb)
					for p := 0; p < kb; p++ {
						for l := 0; l < pk.w; l++ {
							require.Equal(t, src[l*ld+p], dst[p*pk.w+l],
								fmt.Sprintf("%s %s kb=%d ld=%d p=%d l=%d", g.level, pk.name, kb, ld, p, l))
						}
					}
					free()
					freeDst()
				}
			}
		}
	}
}

// TestPackRowsFast checks every level's whole-panel row packers (packA.rows
// and packB.rows) against dst[q*kb*w+p*w+l] = src[p*ld+q*w+l], with the source
// ending just before a guard page.
func TestPackRowsFast(t *testing.T) {
	for _, g := range gemmImplsUnderTest() {
		for _, pk := range []struct {
			name string
			w    int
			fn   func(dst, src []float32, ld, kb, panels int)
		}{{"packA.rows", g.mr, g.packA.rows}, {"packB.rows", g.nr, g.packB.rows}} {
			if pk.fn == nil {
				continue
			}
			for _, kb := range []int{1, 2, 7, 8, 16, 33} {
				for panels := 1; panels <= 4; panels++ {
					for _, extra := range []int{0, 5} {
						ld := panels*pk.w + extra
						src, free := guardedSlice((kb-1)*ld + panels*pk.w)
						for i := range src {
							src[i] = float32(i) + 0.25
						}
						dst, freeDst := guardedSlice(panels * kb * pk.w)
						pk.fn(dst, src, ld, kb, panels)
						for q := 0; q < panels; q++ {
							for p := 0; p < kb; p++ {
								for l := 0; l < pk.w; l++ {
									require.Equal(t, src[p*ld+q*pk.w+l], dst[q*kb*pk.w+p*pk.w+l],
										fmt.Sprintf("%s %s kb=%d panels=%d ld=%d q=%d p=%d l=%d", g.level, pk.name, kb, panels, ld, q, p, l))
								}
							}
						}
						free()
						freeDst()
					}
				}
			}
		}
	}
}

// TestPackPartialFast checks every level's partial-panel packers (only the
// first lanes of a panel filled from rows, the rest zero) for every lane
// count, with the source ending right after the last row's lanes, before
// a guard page, and the panel filled with NaN beforehand.
func TestPackPartialFast(t *testing.T) {
	for _, g := range gemmImplsUnderTest() {
		for _, pk := range []struct {
			name string
			w    int
			fn   func(dst, src []float32, ld, kb, lanes int)
		}{{"packA.partial", g.mr, g.packA.partial}, {"packB.partial", g.nr, g.packB.partial}} {
			if pk.fn == nil {
				continue
			}
			for lanes := 1; lanes < pk.w; lanes++ {
				for _, kb := range []int{1, 2, 9} {
					ld := lanes + kb%3
					src, free := guardedSlice((kb-1)*ld + lanes)
					for i := range src {
						src[i] = float32(i) + 0.75
					}
					dst, freeDst := guardedSlice(kb * pk.w)
					for i := range dst {
						dst[i] = padNaN
					}
					pk.fn(dst, src, ld, kb, lanes)
					for p := 0; p < kb; p++ {
						for l := 0; l < pk.w; l++ {
							want := float32(0)
							if l < lanes {
								want = src[p*ld+l]
							}
							require.Equal(t, want, dst[p*pk.w+l],
								fmt.Sprintf("%s %s lanes=%d kb=%d p=%d l=%d", g.level, pk.name, lanes, kb, p, l))
						}
					}
					free()
					freeDst()
				}
			}
		}
	}
}

// TestTransposeRows8 checks every level's 8-row transposer (trans8)
// against c[i*ldc+j] = t[j*ldt+i], with t ending before a guard page and
// the columns of c past the eighth left untouched.
func TestTransposeRows8(t *testing.T) {
	for _, g := range gemmImplsUnderTest() {
		if g.trans8 == nil {
			continue
		}
		for _, m := range []int{8, 16, 64} {
			for _, extra := range []int{0, 5} {
				ldt, ldc := m+extra, 8+extra
				src, free := guardedSlice(7*ldt + m)
				for i := range src {
					src[i] = float32(i) + 0.5
				}
				dst, freeDst := guardedSlice((m-1)*ldc + 8)
				for i := range dst {
					dst[i] = padNaN
				}
				g.trans8(dst, ldc, src, ldt, m)
				for i := 0; i < m; i++ {
					for j := 0; j < ldc && i*ldc+j < len(dst); j++ {
						got := dst[i*ldc+j]
						if j >= 8 {
							require.True(t, got != got, "%s m=%d: c[%d][%d] written", g.level, m, i, j)
							continue
						}
						require.Equal(t, src[j*ldt+i], got, "%s m=%d ldt=%d i=%d j=%d", g.level, m, ldt, i, j)
					}
				}
				free()
				freeDst()
			}
		}
	}
}
