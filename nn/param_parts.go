package nn

// paramRange is elements [lo, hi) of parameter p, the i-th of the list it
// was cut from (for an optimizer, counted across its groups).
type paramRange struct {
	i      int
	p      *Param
	lo, hi int
}

// paramParts is a list of parameters' elements, taken in order, cut into
// contiguous parts of about the same size, each part a run of ranges (see
// cut), as the optimizers' parallel updates take them (see
// optimBase.stepGroup).
type paramParts struct {
	ranges []paramRange
	parts  []int // the first range of each part, and last len(ranges)
}

// cut fills c with the elements of params (params[0] is the first-th of
// the list, total the elements of params) cut into up to n parts, the
// k-th ending near (k+1)·total/n, in ranges of at most maxRange elements
// (any length for maxRange <= 0). A cut falls on a multiple of 16
// elements of a parameter, so it splits a parameter where a kernel's
// vector loop would, and in a parameter of blocks (Param.block) on the
// block edge nearest to it, so that on two threads each goroutine can
// update the blocks of a Linear weight whose forward pass and gradient it
// computed (see rowStep); the cuts depend on the parameters and n alone.
func (c *paramParts) cut(params []*Param, first, total, n, maxRange int) {
	c.ranges, c.parts = c.ranges[:0], append(c.parts[:0], 0)
	k, start := 1, 0 // the next cut, and the current parameter's first element
	for j, p := range params {
		size := len(p.Value.Data)
		for lo := 0; lo < size; {
			hi := size
			if maxRange > 0 {
				hi = min(size, lo+maxRange)
			}
			at := hi // where the next cut falls in p, when before hi
			if k < n {
				at = max(lo, cutPoint(p, k*total/n-start))
			}
			cut := at < hi
			if cut {
				hi = at
			}
			if hi > lo {
				c.ranges = append(c.ranges, paramRange{first + j, p, lo, hi})
			}
			if cut {
				c.endPart()
				k++
			}
			lo = hi
		}
		start += size
	}
	c.endPart()
}

// cutPoint returns where in p a cut aimed at its element t falls: the
// nearest block edge in a parameter of blocks, else t rounded down to a
// multiple of 16 (negative for a t before p).
func cutPoint(p *Param, t int) int {
	if b := p.block; b > 0 {
		return (t + b/2) / b * b
	}
	return t &^ 15
}

// endPart ends the part being cut, unless it is empty.
func (c *paramParts) endPart() {
	if len(c.ranges) > c.parts[len(c.parts)-1] {
		c.parts = append(c.parts, len(c.ranges))
	}
}

// count returns the number of parts.
func (c *paramParts) count() int { return len(c.parts) - 1 }

// part returns part k's ranges.
func (c *paramParts) part(k int) []paramRange { return c.ranges[c.parts[k]:c.parts[k+1]] }
