package main

import (
	"fmt"
	"image/color"
	"os"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// namedValues is a named list of values to histogram, e.g. "0.weight".
type namedValues struct {
	Name   string
	Values []float32
}

// writePlot draws a PNG with the loss and accuracy curves per epoch (train,
// validation when present, test) in the top row and a histogram of every
// given tensor below, two per row.
func writePlot(path string, epochs []epochMetrics, hists []namedValues) error {
	if len(epochs) == 0 {
		return fmt.Errorf("plot %s: no finished epoch to draw", path)
	}
	loss, acc, err := curvePlots(epochs)
	if err != nil {
		return fmt.Errorf("plot %s: %w", path, err)
	}
	panels := []*plot.Plot{loss, acc}
	for _, h := range hists {
		p, err := histogramPlot(h)
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
	for i, p := range panels {
		p.Draw(tiles.At(dc, i%cols, i/cols))
	}
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("plot: %w", err)
	}
	if _, err := (vgimg.PngCanvas{Canvas: img}).WriteTo(f); err != nil {
		f.Close()
		return fmt.Errorf("plot %s: %w", path, err)
	}
	return f.Close()
}

func curvePlots(epochs []epochMetrics) (loss, acc *plot.Plot, err error) {
	loss, acc = plot.New(), plot.New()
	loss.Title.Text, loss.X.Label.Text, loss.Y.Label.Text = "Loss", "epoch", "loss"
	acc.Title.Text, acc.X.Label.Text, acc.Y.Label.Text = "Accuracy", "epoch", "accuracy"
	series := []struct {
		name string
		get  func(epochMetrics) (l, a float64, ok bool)
		clr  color.Color
	}{
		{"train", func(m epochMetrics) (float64, float64, bool) { return m.TrainLoss, m.TrainAccuracy, true }, color.RGBA{R: 31, G: 119, B: 180, A: 255}},
		{"validation", func(m epochMetrics) (float64, float64, bool) {
			if m.ValLoss == nil {
				return 0, 0, false
			}
			return *m.ValLoss, *m.ValAccuracy, true
		}, color.RGBA{R: 44, G: 160, B: 44, A: 255}},
		{"test", func(m epochMetrics) (float64, float64, bool) { return m.TestLoss, m.TestAccuracy, true }, color.RGBA{R: 214, G: 39, B: 40, A: 255}},
	}
	for _, s := range series {
		var lp, ap plotter.XYs
		for _, m := range epochs {
			l, a, ok := s.get(m)
			if !ok || !finite(l) || !finite(a) {
				continue
			}
			lp = append(lp, plotter.XY{X: float64(m.Epoch), Y: l})
			ap = append(ap, plotter.XY{X: float64(m.Epoch), Y: a})
		}
		if len(lp) == 0 {
			continue
		}
		for _, pair := range []struct {
			p   *plot.Plot
			pts plotter.XYs
		}{{loss, lp}, {acc, ap}} {
			line, points, err := plotter.NewLinePoints(pair.pts)
			if err != nil {
				return nil, nil, err
			}
			line.Color, points.Color = s.clr, s.clr
			pair.p.Add(line, points)
			pair.p.Legend.Add(s.name, line, points)
		}
	}
	loss.Legend.Top, acc.Legend.Top = true, false
	acc.Legend.Left = false
	return loss, acc, nil
}

func histogramPlot(h namedValues) (*plot.Plot, error) {
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
	bins := 50
	if len(vals) < 200 {
		bins = 10
	}
	hist, err := plotter.NewHist(vals, bins)
	if err != nil {
		return nil, fmt.Errorf("histogram of %s: %w", h.Name, err)
	}
	hist.FillColor = color.RGBA{R: 31, G: 119, B: 180, A: 200}
	p.Add(hist)
	return p, nil
}
