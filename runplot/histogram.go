package runplot

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"

	"github.com/brawn-ml/brawn/tensorboard"
)

// Histogram is one histogram panel: of raw Values, binned here, or of a
// histogram already binned by TensorBoard (Binned), when Values is nil.
type Histogram struct {
	Title  string                 // e.g. "0.weight"
	Values []float32              // non-finite values are left out
	Binned *tensorboard.Histogram // drawn when Values is nil; see tensorboard.Histogram.Validate
}

var histColor = color.RGBA{R: 31, G: 119, B: 180, A: 200}

// histBins is the number of bins for n values: 50, or 10 for fewer than
// 200 values, which 50 bins would leave mostly empty.
func histBins(n int) int {
	if n < 200 {
		return 10
	}
	return 50
}

// panel draws the histogram; an error says why a Binned histogram cannot
// be drawn.
func (h Histogram) panel() (*plot.Plot, error) {
	p := newPlot()
	p.Title.Text = h.Title
	p.X.Label.Text, p.Y.Label.Text = "value", "count"
	p.Y.Tick.Marker = countTicks{}
	if h.Values == nil && h.Binned != nil {
		if err := h.Binned.Validate(); err != nil {
			return nil, fmt.Errorf("histogram %s: %w", h.Title, err)
		}
		if bins := rebin(h.Binned, histBins(int(min(h.Binned.Num, math.MaxInt32)))); len(bins) > 0 {
			p.Add(&plotter.Histogram{Bins: bins, FillColor: histColor, LineStyle: plotter.DefaultLineStyle})
		}
		return p, nil
	}
	vals := make(plotter.Values, 0, len(h.Values))
	for _, v := range h.Values {
		if finite(float64(v)) {
			vals = append(vals, float64(v))
		}
	}
	if len(vals) == 0 {
		return p, nil
	}
	hist, err := plotter.NewHist(vals, histBins(len(vals)))
	if err != nil {
		return nil, fmt.Errorf("histogram of %s: %w", h.Title, err)
	}
	hist.FillColor = histColor
	p.Add(hist)
	return p, nil
}

// rebin spreads a TensorBoard histogram's bucket counts over n equal bins
// from its Min to its Max, assuming the values of a bucket are spread
// evenly across it (TensorFlow's buckets widen by 10% each, too unevenly
// to draw as they are). The total count is kept. h has passed Validate,
// so every bin is finite: a bin adds, in bucket order, at most each
// bucket's count, and the counts' sum in that order is finite.
func rebin(h *tensorboard.Histogram, n int) []plotter.HistogramBin {
	if h == nil || h.Num == 0 || !(h.Max >= h.Min) {
		return nil
	}
	lo, hi := h.Min, h.Max
	if hi == lo {
		return []plotter.HistogramBin{{Min: lo - 0.5, Max: hi + 0.5, Weight: h.Num}}
	}
	width := (hi - lo) / float64(n)
	bins := make([]plotter.HistogramBin, n)
	for i := range bins {
		bins[i] = plotter.HistogramBin{Min: lo + float64(i)*width, Max: lo + float64(i+1)*width}
	}
	bin := func(x float64) int { return min(max(int((x-lo)/width), 0), n-1) }
	for i, c := range h.Bucket {
		if c == 0 {
			continue
		}
		// Bucket i holds [limit[i-1], limit[i]); its values lie in [Min, Max].
		a, b := lo, math.Min(h.BucketLimit[i], hi)
		if i > 0 {
			a = math.Max(h.BucketLimit[i-1], lo)
		}
		if b <= a {
			bins[bin(a)].Weight += c
			continue
		}
		for j := bin(a); j <= bin(b) && j < n; j++ {
			overlap := math.Min(b, bins[j].Max) - math.Max(a, bins[j].Min)
			if overlap > 0 {
				bins[j].Weight += c * (overlap / (b - a)) // a fraction first: c * overlap may overflow
			}
		}
	}
	return bins
}

func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }
