package nn

import (
	mathbits "math/bits"

	"github.com/brawn-ml/brawn/kernels"
)

// Conv2d's forward pass is an implicit GEMM: kernels.SgemmPackedB asks
// for col (see im2col.go) block by block, already laid out in the
// micro-kernel's panels, and convGather gathers those blocks straight
// from the input. col never exists in full, which saves writing it and
// reading it back to pack it. On a flat layer (the common 3×3 stride-1
// 'same' convolution) a row of col is a shifted run of an input channel,
// a mask zeroing the entries that stand for the padding, and
// kernels.ShiftedRows packs a panel of such rows in one call (see
// conv2d_shift.go). docs/BENCHMARKS.md has the measurements that chose
// the implicit GEMM over im2col.

// convGather packs blocks of the col of a span of samples for one group
// into panels. A goroutine's convScratch owns one; its pack is bound once
// and its buffer reused, so the products do not allocate.
type convGather struct {
	l    *convGeom
	x    []float32 // the span's samples, [m, C, H, W]
	tap0 int       // the group's first row of col
	// On flat layers, pad holds the group's channels of x laid out so
	// that every row of col is a run of it (see padChannels).
	pad  []float32
	pack kernels.PanelPacker
}

// packer returns g's PanelPacker for the layer's group's col over the
// samples x (as many as x holds).
func (g *convGather) packer(l *convGeom, x []float32, group int) kernels.PanelPacker {
	if g.pack == nil {
		g.pack = g.packPanels
	}
	g.l, g.x, g.tap0 = l, x, group*l.k
	if l.flat() {
		g.padChannels(group)
	}
	return g.pack
}

// release drops g's references to the layer and its input: a pooled
// worker's gatherer must not keep a network that is no longer used, nor
// its last batch, from being freed.
func (g *convGather) release() { g.l, g.x = nil, nil }

// padChannels lays the group's channels of x out in g.pad as
// makeShiftPlan's runs read them (see conv2d_shift.go): each channel
// l.shift.chanStride floats, l.flatPad[0] zeros, then the samples'
// planes P apart, zeros after each up to the next and after the last as
// far as a run reads.
func (g *convGather) padChannels(group int) {
	l := g.l
	cg, hw, cin, p := l.in[0]/l.groups, l.in[1]*l.in[2], l.in.Size(), l.p
	cs, lo := l.shift.chanStride, l.flatPad[0]
	m := len(g.x) / cin
	pad := grow(&g.pad, cg*cs)
	for c := range cg {
		d := pad[c*cs : (c+1)*cs]
		clear(d[:lo])
		for s := range m {
			at := lo + s*p
			copy(d[at:at+hw], g.x[s*cin+(group*cg+c)*hw:s*cin+(group*cg+c+1)*hw])
			if s < m-1 {
				clear(d[at+hw : at+p]) // a gap when P > H·W
			}
		}
		end := lo + (m-1)*p + hw
		clear(d[end:min(cs, end+l.flatPad[1])])
	}
}

// packPanels is a kernels.PanelPacker for rows [p0, p0+kb) and columns
// [j0, j0+nb) of the group's col, whose column s·P + pixel is sample s's.
func (g *convGather) packPanels(dst []float32, p0, kb, j0, nb, w int) {
	l := g.l
	if l.flat() {
		for q := 0; q*w < nb; q++ {
			l.shift.rows.Pack(dst[q*kb*w:], w, min(w, nb-q*w), g.tap0+p0, kb, j0+q*w, g.pad, l.shift.mask)
		}
		return
	}
	cin, hw := l.in.Size(), l.in[1]*l.in[2]
	step := kb * w
	shift := -1
	if w&(w-1) == 0 {
		shift = mathbits.TrailingZeros(uint(w))
	}
	// A sample at a time, each row of the block for it.
	for j := j0; j < j0+nb; {
		s := j / l.p
		a, b := j-s*l.p, min(j0+nb-s*l.p, l.p)
		for p := range kb {
			t := &l.taps[g.tap0+p0+p]
			r := panelRow{d: dst[p*w:], step: step, w: w, shift: shift}
			l.gatherRows(r, j-j0, t, g.x[s*cin+t.c*hw:s*cin+(t.c+1)*hw], a, b)
		}
		j += b - a
	}
	if rem := nb % w; rem != 0 {
		for p := range kb {
			last := dst[nb/w*step+p*w:]
			clear(last[rem:w])
		}
	}
}

// panelRow is one row p of a block of panels w columns wide: column c is
// d[(c/w)·step + c%w].
type panelRow struct {
	d              []float32
	step, w, shift int // shift is log2(w), or -1 when w is not a power of 2
}

// at returns the index in d of column c.
func (r panelRow) at(c int) int {
	if r.shift >= 0 {
		return c>>r.shift*r.step + c&(r.w-1)
	}
	return c/r.w*r.step + c%r.w
}

// copy sets columns c, c+1, ... to src.
func (r panelRow) copy(c int, src []float32) {
	for len(src) > 0 {
		i := r.at(c)
		n := copy(r.d[i:i+min(r.w-i%r.step, len(src))], src)
		src, c = src[n:], c+n
	}
}

// zero sets columns [c, c+n) to 0.
func (r panelRow) zero(c, n int) {
	for n > 0 {
		i := r.at(c)
		k := min(r.w-i%r.step, n)
		clear(r.d[i : i+k])
		n, c = n-k, c+k
	}
}

// gatherRows sets columns c0.. of r to pixels [a, b) of one sample's row
// of col for tap t, xc being the tap's input channel, an output row at a
// time: the layers that are not flat.
func (g *convGeom) gatherRows(r panelRow, c0 int, t *tap, xc []float32, a, b int) {
	h, w, wo, sw := g.in[1], g.in[2], g.wo, g.stride[1]
	for pix := a; pix < b; {
		oi, oj := pix/wo, pix%wo
		end := min(b, (oi+1)*wo)
		cols := oj + end - pix // output columns [oj, cols) of row oi
		c := c0 + pix - a - oj // where column 0 of the row would go
		pix = end
		ih := oi*g.stride[0] + t.ih0
		if ih < 0 || ih >= h {
			r.zero(c+oj, cols-oj)
			continue
		}
		lo, hi := min(max(t.j0, oj), cols), min(max(t.j1, oj), cols)
		r.zero(c+oj, lo-oj)
		src := xc[ih*w : (ih+1)*w]
		if sw == 1 && lo < hi { // lo+t.off is outside src when the tap reads no column
			r.copy(c+lo, src[lo+t.off:hi+t.off])
		} else {
			for j := lo; j < hi; j++ {
				r.d[r.at(c+j)] = src[j*sw+t.off]
			}
		}
		r.zero(c+hi, cols-hi)
	}
}
