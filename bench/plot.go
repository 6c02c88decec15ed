package bench

import (
	"fmt"
	"image/color"
	"io"
	"maps"
	"math"
	"path/filepath"
	"slices"
	"strings"

	"github.com/brawn-ml/brawn/internal/atomicfile"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
)

// Plot draws GFLOP/s against n for the square n×n×n SGEMM results, one
// line per implementation and thread count, with the measured FMA peaks as
// dashed lines, and saves it to file; the format follows the extension
// (.png, .svg, .pdf). It is an error when no square SGEMM was measured.
func (s *Suite) Plot(file string) error {
	type key struct {
		impl    string
		threads int
	}
	series := map[key]plotter.XYs{}
	var keys []key
	for _, r := range s.Results {
		if r.Op != "sgemm" || r.M != r.N || r.N != r.K || *r.TransA || *r.TransB {
			continue
		}
		k := key{r.Impl, r.Threads}
		if _, ok := series[k]; !ok {
			keys = append(keys, k)
		}
		series[k] = append(series[k], plotter.XY{X: float64(r.N), Y: r.GFLOPS})
	}
	if len(keys) == 0 {
		return fmt.Errorf("bench: nothing to plot: no square SGEMM results (run the gemm benchmark)")
	}
	p := plot.New()
	p.Title.Text = "SGEMM, n×n×n, float32"
	p.X.Label.Text = "n"
	p.Y.Label.Text = "GFLOP/s"
	// Log-log: the naive loops and the assembly differ by two orders of
	// magnitude, and the sizes double.
	p.X.Scale, p.Y.Scale = plot.LogScale{}, plot.LogScale{}
	p.Y.Tick.Marker = plot.LogTicks{Prec: -1}
	p.Legend.Top, p.Legend.Left = true, true
	xmin, xmax := math.Inf(1), math.Inf(-1)
	ymin, ymax := math.Inf(1), math.Inf(-1)
	var xticks []plot.Tick
	for i, k := range keys {
		xys := series[k]
		slices.SortFunc(xys, func(a, b plotter.XY) int { return int(a.X - b.X) })
		xmin, xmax = min(xmin, xys[0].X), max(xmax, xys[len(xys)-1].X)
		for _, xy := range xys {
			ymin, ymax = min(ymin, xy.Y), max(ymax, xy.Y)
			if !slices.ContainsFunc(xticks, func(t plot.Tick) bool { return t.Value == xy.X }) {
				xticks = append(xticks, plot.Tick{Value: xy.X, Label: fmt.Sprint(xy.X)})
			}
		}
		l, pts, err := plotter.NewLinePoints(xys)
		if err != nil {
			return err
		}
		l.Color = plotutil.Color(i)
		pts.Color = l.Color
		pts.Shape = plotutil.Shape(i)
		if k.threads > 1 {
			l.Dashes = []vg.Length{vg.Points(4), vg.Points(2)}
		}
		p.Add(l, pts)
		p.Legend.Add(fmt.Sprintf("%s, %d thr", k.impl, k.threads), l, pts)
	}
	for _, th := range slices.Sorted(maps.Keys(s.peak)) {
		g := s.peak[th]
		pk, err := plotter.NewLine(plotter.XYs{{X: xmin, Y: g}, {X: xmax, Y: g}})
		if err != nil {
			return err
		}
		pk.Color = color.Gray{Y: 128}
		pk.Dashes = []vg.Length{vg.Points(1), vg.Points(3)}
		p.Add(pk)
		p.Legend.Add(fmt.Sprintf("FMA peak, %d thr", th), pk)
		ymax = max(ymax, g)
	}
	p.X.Tick.Marker = plot.ConstantTicks(xticks)
	// Head room above the highest line for the legend (a decade and a half
	// on the log axis).
	p.Y.Min, p.Y.Max = ymin/2, ymax*30
	p.Add(plotter.NewGrid())
	// Rendered in memory and written atomically, so an interrupted run keeps
	// the previous chart.
	format := strings.ToLower(strings.TrimPrefix(filepath.Ext(file), "."))
	wt, err := p.WriterTo(8*vg.Inch, 5*vg.Inch, format)
	if err != nil {
		return err
	}
	return atomicfile.Write(file, 0o644, func(w io.Writer) error {
		_, err := wt.WriteTo(w)
		return err
	})
}
