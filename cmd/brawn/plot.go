package main

import (
	"fmt"
	"image/color"
	"io"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"github.com/brawn-ml/brawn/internal/atomicfile"
	"github.com/brawn-ml/brawn/tensorboard"
)

// histSource is a panel of the histogram rows: raw values, or counts
// already binned.
type histSource interface {
	histPlot() (*plot.Plot, error)
}

// namedValues is a named list of values to histogram, e.g. "0.weight".
type namedValues struct {
	Name   string
	Values []float32
}

// namedBins is a named histogram already binned (read from TensorBoard).
type namedBins struct {
	Name string
	Bins []plotter.HistogramBin
}

func (h namedBins) histPlot() (*plot.Plot, error) {
	p := plot.New()
	p.Title.Text = h.Name
	p.X.Label.Text, p.Y.Label.Text = "value", "count"
	if len(h.Bins) > 0 {
		p.Add(&plotter.Histogram{Bins: h.Bins, FillColor: histColor, LineStyle: plotter.DefaultLineStyle})
	}
	return p, nil
}

// histBins is the number of bins for n values: 50, or 10 for fewer than
// 200 values, which 50 bins would leave mostly empty.
func histBins(n int) int {
	if n < 200 {
		return 10
	}
	return 50
}

var histColor = color.RGBA{R: 31, G: 119, B: 180, A: 200}

// rebin spreads a TensorBoard histogram's bucket counts over n equal bins
// from its Min to its Max, assuming the values of a bucket are spread
// evenly across it (TensorFlow's buckets widen by 10% each, too unevenly
// to draw as they are). The total count is kept.
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

// weightBins checks a histogram read from an event file and rebins it for
// drawing, or says why it cannot be drawn: a non-finite or negative count,
// a non-finite limit, min, max or num, or a range or counts beyond float64.
// Such values would reach the plotting library as NaN or Inf coordinates,
// on which its rasterizer never returns.
func weightBins(h *tensorboard.Histogram) ([]plotter.HistogramBin, error) {
	for _, f := range []struct {
		name string
		v    float64
	}{{"min", h.Min}, {"max", h.Max}, {"num", h.Num}} {
		if !finite(f.v) {
			return nil, fmt.Errorf("%s is %g", f.name, f.v)
		}
	}
	if h.Num < 0 {
		return nil, fmt.Errorf("num is %g, below 0", h.Num)
	}
	for i, l := range h.BucketLimit {
		if !finite(l) {
			return nil, fmt.Errorf("bucket_limit %d is %g", i, l)
		}
	}
	for i, c := range h.Bucket {
		if !finite(c) || c < 0 {
			return nil, fmt.Errorf("bucket %d counts %g values", i, c)
		}
	}
	if h.Max > h.Min && !finite(h.Max-h.Min) {
		return nil, fmt.Errorf("its range from min %g to max %g is wider than a float64 holds", h.Min, h.Max)
	}
	bins := rebin(h, histBins(int(min(h.Num, math.MaxInt32))))
	for _, b := range bins {
		if !finite(b.Weight) {
			return nil, fmt.Errorf("its counts add up to more than a float64 holds")
		}
	}
	return bins, nil
}

// writePlot draws a PNG with the loss and accuracy curves per epoch (train,
// validation when present, test) in the top row and a histogram of every
// given tensor below, two per row.
func writePlot(path string, epochs []epochMetrics, hists []histSource) error {
	if len(epochs) == 0 {
		return fmt.Errorf("plot %s: no finished epoch to draw", path)
	}
	loss, acc, err := curvePlots(epochs)
	if err != nil {
		return fmt.Errorf("plot %s: %w", path, err)
	}
	panels := []*plot.Plot{loss, acc}
	if reg, err := regressionPlots(epochs); err != nil {
		return fmt.Errorf("plot %s: %w", path, err)
	} else if reg != nil {
		panels = append([]*plot.Plot{loss}, reg...)
	}
	for _, h := range hists {
		p, err := h.histPlot()
		if err != nil {
			return fmt.Errorf("plot %s: %w", path, err)
		}
		panels = append(panels, p)
	}
	const cols = 2
	rows := (len(panels) + cols - 1) / cols
	width, height := 10*vg.Inch, vg.Length(rows)*3.5*vg.Inch
	img := vgimg.New(width, height)
	dc := draw.New(img)
	tiles := draw.Tiles{Rows: rows, Cols: cols, PadX: vg.Millimeter * 4, PadY: vg.Millimeter * 4,
		PadTop: vg.Millimeter * 2, PadBottom: vg.Millimeter * 2, PadLeft: vg.Millimeter * 2, PadRight: vg.Millimeter * 2}
	for _, p := range panels {
		for _, ax := range []struct {
			name string
			a    *plot.Axis
		}{{"x", &p.X}, {"y", &p.Y}} {
			if err := fitRange(ax.a); err != nil {
				return fmt.Errorf("plot %s: panel %q, %s axis: %w", path, p.Title.Text, ax.name, err)
			}
		}
	}
	for i, p := range panels {
		p.Draw(tiles.At(dc, i%cols, i/cols))
	}
	err = atomicfile.Write(path, 0o644, func(w io.Writer) error {
		_, err := vgimg.PngCanvas{Canvas: img}.WriteTo(w)
		return err
	})
	if err != nil {
		return fmt.Errorf("plot %s: %w", path, err)
	}
	return nil
}

// fitRange prepares an axis's data range for gonum/plot, which widens a
// range of one value by ±1 (no widening at all beyond 2^53, where it then
// panics with "illegal range") and never returns from placing ticks on a
// range wider than a float64 holds: the first is widened by 5% of the
// value (at least ±1, as gonum/plot does), the second is an error. An axis
// without data is left alone.
func fitRange(a *plot.Axis) error {
	if !finite(a.Min) || !finite(a.Max) {
		return nil
	}
	if !finite(a.Max - a.Min) {
		return fmt.Errorf("the values span %g to %g, wider than a float64 holds", a.Min, a.Max)
	}
	if a.Min == a.Max {
		d := math.Max(1, math.Abs(a.Min)/20)
		a.Min, a.Max = math.Max(a.Min-d, -math.MaxFloat64), math.Min(a.Max+d, math.MaxFloat64)
	}
	return nil
}

// curvePlots draws the loss and accuracy per epoch of each series. A value
// that is missing (NaN, or a nil validation metric: an epoch recorded only in
// part, e.g. by a run killed while writing it) or not finite leaves out
// that one point; the series' other values of the epoch are still drawn.
func curvePlots(epochs []epochMetrics) (loss, acc *plot.Plot, err error) {
	loss, acc = plot.New(), plot.New()
	loss.Title.Text, loss.X.Label.Text, loss.Y.Label.Text = "Loss", "epoch", "loss"
	acc.Title.Text, acc.X.Label.Text, acc.Y.Label.Text = "Accuracy", "epoch", "accuracy"
	orNaN := func(v *float64) float64 {
		if v == nil {
			return math.NaN()
		}
		return *v
	}
	series := []struct {
		name string
		get  func(epochMetrics) (l, a float64)
		clr  color.Color
	}{
		{"train", func(m epochMetrics) (float64, float64) { return m.TrainLoss, m.TrainAccuracy }, color.RGBA{R: 31, G: 119, B: 180, A: 255}},
		{"validation", func(m epochMetrics) (float64, float64) { return orNaN(m.ValLoss), orNaN(m.ValAccuracy) }, color.RGBA{R: 44, G: 160, B: 44, A: 255}},
		{"test", func(m epochMetrics) (float64, float64) { return m.TestLoss, m.TestAccuracy }, color.RGBA{R: 214, G: 39, B: 40, A: 255}},
	}
	for _, s := range series {
		var lp, ap plotter.XYs
		for _, m := range epochs {
			l, a := s.get(m)
			if finite(l) {
				lp = append(lp, plotter.XY{X: float64(m.Epoch), Y: l})
			}
			if finite(a) {
				ap = append(ap, plotter.XY{X: float64(m.Epoch), Y: a})
			}
		}
		for _, pair := range []struct {
			p   *plot.Plot
			pts plotter.XYs
		}{{loss, lp}, {acc, ap}} {
			if err := addSeries(pair.p, s.name, s.clr, pair.pts); err != nil {
				return nil, nil, err
			}
		}
	}
	loss.Legend.Top, acc.Legend.Top = true, false
	acc.Legend.Left = false
	return loss, acc, nil
}

func (h namedValues) histPlot() (*plot.Plot, error) {
	vals := make(plotter.Values, 0, len(h.Values))
	for _, v := range h.Values {
		if finite(float64(v)) {
			vals = append(vals, float64(v))
		}
	}
	p := plot.New()
	p.Title.Text = h.Name
	p.X.Label.Text, p.Y.Label.Text = "value", "count"
	if len(vals) == 0 {
		return p, nil
	}
	hist, err := plotter.NewHist(vals, histBins(len(vals)))
	if err != nil {
		return nil, fmt.Errorf("histogram of %s: %w", h.Name, err)
	}
	hist.FillColor = histColor
	p.Add(hist)
	return p, nil
}
