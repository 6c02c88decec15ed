package nn

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"
)

// partsParams returns parameters of the given sizes.
func partsParams(sizes ...int) []*Param {
	ps := make([]*Param, len(sizes))
	for i, n := range sizes {
		ps[i] = &Param{Name: fmt.Sprint(i), Value: NewTensor(n)}
	}
	return ps
}

// TestParamPartsCut: the ranges cover every element of every parameter
// once, in order; there are at most n parts, none empty; a part ends
// inside a parameter only at a multiple of 16; ranges respect maxRange;
// and where the parts end does not depend on maxRange.
func TestParamPartsCut(t *testing.T) {
	for _, sizes := range [][]int{{1}, {15}, {16, 1}, {17, 33, 1}, {200704, 256, 32768, 128, 1280, 10}, {5, 4099, 3, 70000, 16, 31}} {
		total := 0
		for _, n := range sizes {
			total += n
		}
		params := partsParams(sizes...)
		for _, n := range []int{1, 2, 3, 4, 7} {
			var ends []int // element index (over all parameters) where each part ends
			for _, maxRange := range []int{0, 16, 4096} {
				var c paramParts
				c.cut(params, 3, total, n, maxRange)
				what := fmt.Sprintf("sizes %v, n %d, maxRange %d", sizes, n, maxRange)
				require.LessOrEqual(t, c.count(), n, what)
				require.Positive(t, c.count(), what)
				j, next, at := 0, 0, 0 // parameter, its next element, elements so far
				var got []int
				for k := range c.count() {
					part := c.part(k)
					require.NotEmpty(t, part, what)
					for _, r := range part {
						for next == sizes[j] {
							j, next = j+1, 0
						}
						require.Equal(t, 3+j, r.i, what)
						require.Same(t, params[j], r.p, what)
						require.Equal(t, next, r.lo, what)
						require.Greater(t, r.hi, r.lo, what)
						require.LessOrEqual(t, r.hi, sizes[j], what)
						if maxRange > 0 {
							require.LessOrEqual(t, r.hi-r.lo, maxRange, what)
						}
						at += r.hi - r.lo
						next = r.hi
					}
					last := part[len(part)-1]
					if k < c.count()-1 && last.hi < sizes[j] {
						require.Zero(t, last.hi%16, what)
					}
					got = append(got, at)
				}
				require.Equal(t, total, at, what)
				if ends == nil {
					ends = got
				}
				require.Equal(t, ends, got, what)
			}
			if total >= 16*n*n {
				require.Len(t, ends, n, "sizes %v: every part has elements", sizes)
			}
		}
	}
}

// TestStepGroupPartsEachRangeOnce: however many goroutines run the parts
// of an update and in whatever order they come (one per part, several
// on the same part, one late), each range is updated exactly once.
func TestStepGroupPartsEachRangeOnce(t *testing.T) {
	params := partsParams(200704, 256, 32768, 128, 1280, 10)
	total := 235146
	o := &optimBase{}
	for _, threads := range []int{2, 3, 4} {
		for _, goroutines := range []int{1, 2, 5} {
			o.cutParts(params, 0, total, threads)
			hits := make([][]atomic.Int32, len(params))
			for i, p := range params {
				hits[i] = make([]atomic.Int32, len(p.Value.Data))
			}
			o.running = func(i int, p *Param, lo, hi int) {
				for e := lo; e < hi; e++ {
					hits[i][e].Add(1)
				}
			}
			var wg sync.WaitGroup
			for g := range goroutines {
				c := g % o.cut.count()
				wg.Go(func() { o.runParts(c, c+1) })
			}
			wg.Wait()
			o.runParts(0, o.cut.count()) // a late goroutine finds nothing left
			for i := range hits {
				for e := range hits[i] {
					require.EqualValues(t, 1, hits[i][e].Load(), "threads %d, goroutines %d, parameter %d, element %d", threads, goroutines, i, e)
				}
			}
		}
	}
}

// TestParamPartsEndOnBlocks: a part that ends inside a parameter of
// blocks ends on a block's edge, the ranges still cover every element
// once, and on two threads 784-256-128-10's first part is the first
// layer's first block of 128 units, the second its second block and the
// rest.
func TestParamPartsEndOnBlocks(t *testing.T) {
	tr, _ := mlp784(t, 1, 2)
	params := tr.Model.Params()
	total := 0
	for _, p := range params {
		total += len(p.Value.Data)
	}
	require.Equal(t, 128*784, params[0].block)
	for _, n := range []int{2, 3, 4, 7} {
		var c paramParts
		c.cut(params, 0, total, n, optimRangeLen)
		covered := 0
		for k := range c.count() {
			part := c.part(k)
			for _, r := range part {
				covered += r.hi - r.lo
			}
			last := part[len(part)-1]
			if blk := last.p.block; k < c.count()-1 && blk > 0 && last.hi < len(last.p.Value.Data) {
				require.Zero(t, last.hi%blk, "n %d, part %d ends at %d of %s", n, k, last.hi, last.p.Name)
			}
		}
		require.Equal(t, total, covered, "n %d", n)
		if n == 2 {
			require.Equal(t, 2, c.count())
			end := c.part(0)[len(c.part(0))-1]
			require.Same(t, params[0], end.p)
			require.Equal(t, 128*784, end.hi)
		}
	}
}
