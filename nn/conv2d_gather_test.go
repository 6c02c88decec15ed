package nn

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestConv2dGatherPanels checks that the forward pass's packer writes
// exactly the panels of the col im2col builds, for every convCase plus a
// deeper one, a strided one, a grouped flat one and a flat one with more
// padding than one kernel row reaches (its planes then have gaps between
// them in the gather's layout), over samples side by side, for panel widths of
// every level (32, 16, 12, 4), every block of rows and columns that
// starts and ends on a tile edge or a sample's edge, and blocks that
// start inside a sample (a product split over goroutines by columns).
// The panels start as NaN, so an entry left unwritten fails.
func TestConv2dGatherPanels(t *testing.T) {
	cases := append(convCases[:len(convCases):len(convCases)],
		convCase{Conv2dConfig{InChannels: 9, OutChannels: 2, KernelSize: [2]int{3, 3}, Padding: [2]int{1, 1}}, 14, 14, 3, [2]int{14, 14}},
		convCase{Conv2dConfig{InChannels: 2, OutChannels: 2, KernelSize: [2]int{3, 3}, Padding: [2]int{1, 1}, Stride: [2]int{2, 2}}, 13, 11, 2, [2]int{7, 6}},
		convCase{Conv2dConfig{InChannels: 6, OutChannels: 3, KernelSize: [2]int{3, 3}, Padding: [2]int{1, 1}, Groups: 3}, 5, 6, 2, [2]int{5, 6}},
		convCase{Conv2dConfig{InChannels: 2, OutChannels: 2, KernelSize: [2]int{5, 3}, Padding: [2]int{3, 1}}, 4, 7, 3, [2]int{6, 7}})
	nan := float32(math.NaN())
	for ci, c := range cases {
		rng := NewRNG(uint64(300 + ci))
		l := buildConv(t, c, &Env{Threads: 1}, rng)
		x := randTensor(rng, 1, c.batch, c.cfg.InChannels, c.h, c.w)
		m, cin := c.batch, l.in.Size()
		if l.flat() { // a plan for spans of m samples, as Build makes for its span
			if l.p < l.in[1]*l.in[2] {
				m = 1
			}
			l.shift = l.makeShiftPlan(m)
		}
		ld := m * l.p
		col := make([]float32, l.Groups*l.k*ld)
		for s := range m {
			l.im2col(col[s*l.p:], ld, x.Data[s*cin:(s+1)*cin])
		}
		var gather convGather
		for g := range l.Groups {
			pack := gather.packer(&l.convGeom, x.Data[:m*cin], g)
			for _, w := range []int{32, 16, 12, 4} {
				for _, blk := range gatherBlocks(l.k, ld, l.p, w) {
					p0, kb, j0, nb := blk[0], blk[1], blk[2], blk[3]
					panels := (nb + w - 1) / w
					dst := make([]float32, panels*kb*w)
					for i := range dst {
						dst[i] = nan
					}
					pack(dst, p0, kb, j0, nb, w)
					for q := range panels {
						for p := range kb {
							for lane := range w {
								want := float32(0)
								if j := q*w + lane; j < nb {
									want = col[(g*l.k+p0+p)*ld+j0+j]
								}
								got := dst[q*kb*w+p*w+lane]
								require.Equal(t, math.Float32bits(want), math.Float32bits(got),
									"%v group %d w=%d block %v: panel %d row %d lane %d", c, g, w, blk, q, p, lane)
							}
						}
					}
				}
			}
		}
	}
}

// gatherBlocks returns blocks {p0, kb, j0, nb} of a k×n col of samples of
// p columns: the whole, every row alone, and column ranges starting at 0,
// at multiples of w and inside samples, ending at n or before.
func gatherBlocks(k, n, p, w int) [][4]int {
	blocks := [][4]int{{0, k, 0, n}}
	for r := range k {
		blocks = append(blocks, [4]int{r, 1, 0, n})
	}
	for _, j0 := range []int{0, w, p / 2, p + 1, n - 1} {
		for _, nb := range []int{1, w - 1, w + 1, p, n} {
			if j0 >= 0 && j0 < n && nb <= n-j0 {
				blocks = append(blocks, [4]int{k / 3, k - k/3, j0, nb})
			}
		}
	}
	return blocks
}
