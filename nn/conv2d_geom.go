package nn

// convGeom is the geometry of a built Conv2d that its lower-level passes
// (im2col.go, conv2d_gather.go) need: the sizes, the padding and the rows
// of col. It sits below them and below conv2d.go, which embeds it, so the
// calls between these files go one way: conv2d.go → conv2d_gather.go,
// im2col.go → conv2d_geom.go.
type convGeom struct {
	in                       Shape // [C, H, W]
	kernel, stride, dilation [2]int
	groups                   int
	ho, wo                   int
	top, left                int       // padding before the rows and the columns
	k, p                     int       // rows (Cg·Kh·Kw) and columns (Ho·Wo) of a group's col
	taps                     []tap     // the rows of col (see im2col.go)
	flatPad                  [2]int    // zeros before and after a channel for the gather (see conv2d_gather.go)
	shift                    shiftPlan // on flat layers, col as shifted runs (see conv2d_shift.go)
}

// tap is one row of col: input channel c and kernel position (p, q), with
// where output pixel (i, j) reads the input: row i·Sh + ih0, column
// j·Sw + off; inside the input for output rows [i0, i1) and columns
// [j0, j1).
type tap struct {
	c, ih0, off    int
	i0, i1, j0, j1 int
}

// makeTaps sets g.taps to the rows of col in order, and g.flatPad; they
// are the same for every sample.
func (g *convGeom) makeTaps() {
	var taps []tap
	g.flatPad = [2]int{}
	for c := range g.in[0] {
		for p := range g.kernel[0] {
			for q := range g.kernel[1] {
				t := tap{c: c, ih0: p*g.dilation[0] - g.top, off: q*g.dilation[1] - g.left}
				t.i0, t.i1 = g.validRows(t.ih0)
				t.j0, t.j1 = g.validCols(t.off)
				if g.flat() {
					base := t.ih0*g.in[2] + t.off
					g.flatPad[0] = max(g.flatPad[0], -base)
					g.flatPad[1] = max(g.flatPad[1], g.p+base-g.in[1]*g.in[2])
				}
				taps = append(taps, t)
			}
		}
	}
	g.taps = taps
}

// flat reports whether a row of col is a row of x shifted as a whole: with
// stride 1 and an output as wide as the input, output pixel (i, j) reads
// x[(i + p·Dh − top)·W + j + q·Dw − left], one offset for the whole
// row. im2col then copies each (c, p, q) row in one piece and zeroes the
// entries that fall in the padding (which the copy filled from the
// neighbouring input row), rather than copying Wo values per output row.
func (g *convGeom) flat() bool {
	return g.stride == [2]int{1, 1} && g.wo == g.in[2]
}

// validRows returns the output rows [i0, i1) whose input row i·Sh + off
// lies inside the input.
func (g *convGeom) validRows(off int) (i0, i1 int) {
	s := g.stride[0]
	if off < 0 {
		i0 = (-off + s - 1) / s
	}
	if last := g.in[1] - 1 - off; last >= 0 {
		i1 = last/s + 1
	}
	i0, i1 = min(i0, g.ho), min(i1, g.ho)
	return i0, max(i0, i1)
}

// validCols returns the output columns [j0, j1) whose input column
// j·Sw + off lies inside the input.
func (g *convGeom) validCols(off int) (j0, j1 int) {
	s, w := g.stride[1], g.in[2]
	if off < 0 {
		j0 = (-off + s - 1) / s
	}
	if last := w - 1 - off; last >= 0 {
		j1 = last/s + 1
	}
	j0, j1 = min(j0, g.wo), min(j1, g.wo)
	return j0, max(j0, j1)
}
