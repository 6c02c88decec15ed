package nn

// adaptive2d is the geometry of adaptive average pooling from an h×w plane
// to an oh×ow one: output (oy, ox) averages input rows [⌊oy·h/oh⌋,
// ⌈(oy+1)·h/oh⌉) and columns [⌊ox·w/ow⌋, ⌈(ox+1)·w/ow⌉), PyTorch's
// start_index and end_index, so windows overlap when h is not a multiple
// of oh.
type adaptive2d struct{ h, w, oh, ow int }

// adaptiveRange returns output o's window [start, end) over in inputs
// pooled to out outputs.
func adaptiveRange(o, out, in int) (start, end int) {
	return o * in / out, ((o+1)*in + out - 1) / out
}

// forward sets y (oh×ow) to the means of x (h×w) over the windows,
// summing each window row by row in float32.
func (g *adaptive2d) forward(y, x []float32) {
	for oy := 0; oy < g.oh; oy++ {
		hs, he := adaptiveRange(oy, g.oh, g.h)
		for ox := 0; ox < g.ow; ox++ {
			ws, we := adaptiveRange(ox, g.ow, g.w)
			var s float32
			for iy := hs; iy < he; iy++ {
				for _, v := range x[iy*g.w+ws : iy*g.w+we] {
					s += v
				}
			}
			y[oy*g.ow+ox] = s / float32((he-hs)*(we-ws))
		}
	}
}

// backward sets dx (h×w) to the sum, over the windows holding each input,
// of the window's dy divided by its size.
func (g *adaptive2d) backward(dx, dy []float32) {
	clear(dx[:g.h*g.w])
	for oy := 0; oy < g.oh; oy++ {
		hs, he := adaptiveRange(oy, g.oh, g.h)
		for ox := 0; ox < g.ow; ox++ {
			ws, we := adaptiveRange(ox, g.ow, g.w)
			d := dy[oy*g.ow+ox] / float32((he-hs)*(we-ws))
			for iy := hs; iy < he; iy++ {
				dr := dx[iy*g.w+ws : iy*g.w+we]
				for i := range dr {
					dr[i] += d
				}
			}
		}
	}
}
