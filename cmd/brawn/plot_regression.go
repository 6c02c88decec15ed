package main

import (
	"image/color"
	"math"
	"slices"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
)

// addSeries draws one series of points, as a line with markers, on p and
// names it in the legend; nothing when there are no points.
func addSeries(p *plot.Plot, name string, clr color.Color, pts plotter.XYs) error {
	if len(pts) == 0 {
		return nil
	}
	line, points, err := plotter.NewLinePoints(pts)
	if err != nil {
		return err
	}
	line.Color, points.Color = clr, clr
	p.Add(line, points)
	p.Legend.Add(name, line, points)
	return nil
}

// regressionPlots draws a regression's R², MSE and MAE per epoch, for the
// training, validation and test sets, in the targets' units; nil for a classifier
// (no epoch has a test R²). Missing or non-finite values leave out their
// point, as in curvePlots.
func regressionPlots(epochs []epochMetrics) ([]*plot.Plot, error) {
	if !slices.ContainsFunc(epochs, func(m epochMetrics) bool { return m.TestR2 != nil }) {
		return nil, nil
	}
	metrics := []struct {
		title, label     string
		train, val, test func(epochMetrics) *float64
	}{
		{"R² (coefficient of determination)", "R²", func(m epochMetrics) *float64 { return m.TrainR2 }, func(m epochMetrics) *float64 { return m.ValR2 }, func(m epochMetrics) *float64 { return m.TestR2 }},
		{"Mean squared error (target units)", "MSE", func(m epochMetrics) *float64 { return m.TrainMSE }, func(m epochMetrics) *float64 { return m.ValMSE }, func(m epochMetrics) *float64 { return m.TestMSE }},
		{"Mean absolute error (target units)", "MAE", func(m epochMetrics) *float64 { return m.TrainMAE }, func(m epochMetrics) *float64 { return m.ValMAE }, func(m epochMetrics) *float64 { return m.TestMAE }},
	}
	var out []*plot.Plot
	for _, mt := range metrics {
		p := plot.New()
		p.Title.Text, p.X.Label.Text, p.Y.Label.Text = mt.title, "epoch", mt.label
		for _, s := range []struct {
			name string
			get  func(epochMetrics) *float64
			clr  color.Color
		}{
			{"train", mt.train, color.RGBA{R: 31, G: 119, B: 180, A: 255}},
			{"validation", mt.val, color.RGBA{R: 44, G: 160, B: 44, A: 255}},
			{"test", mt.test, color.RGBA{R: 214, G: 39, B: 40, A: 255}},
		} {
			var pts plotter.XYs
			for _, m := range epochs {
				if v := s.get(m); v != nil && !math.IsNaN(*v) && !math.IsInf(*v, 0) {
					pts = append(pts, plotter.XY{X: float64(m.Epoch), Y: *v})
				}
			}
			if err := addSeries(p, s.name, s.clr, pts); err != nil {
				return nil, err
			}
		}
		p.Legend.Top = mt.label != "R²" // errors fall, R² rises: keep the legend off the curves
		out = append(out, p)
	}
	return out, nil
}

// regressionScalars adds a regression's scores to an epoch's TensorBoard
// scalars in place of the accuracies, which a regression does not have.
func regressionScalars(scalars []scalar, m epochMetrics) []scalar {
	if m.TestR2 == nil {
		return scalars
	}
	out := scalars[:0]
	for _, s := range scalars {
		if !strings.HasPrefix(s.tag, "accuracy/") {
			out = append(out, s)
		}
	}
	out = append(out, scalar{"r2/test", *m.TestR2}, scalar{"mse/test", *m.TestMSE}, scalar{"mae/test", *m.TestMAE})
	if m.TrainR2 != nil {
		out = append(out, scalar{"r2/train", *m.TrainR2}, scalar{"mse/train", *m.TrainMSE}, scalar{"mae/train", *m.TrainMAE})
	}
	if m.ValR2 != nil {
		out = append(out, scalar{"r2/val", *m.ValR2}, scalar{"mse/val", *m.ValMSE}, scalar{"mae/val", *m.ValMAE})
	}
	return out
}

// regressionScore is the field of a regression score's TensorBoard tag
// ("r2/test", "mse/val", ...).
func (m *epochMetrics) regressionScore(tag string) **float64 {
	return map[string]**float64{
		"r2/test": &m.TestR2, "mse/test": &m.TestMSE, "mae/test": &m.TestMAE,
		"r2/val": &m.ValR2, "mse/val": &m.ValMSE, "mae/val": &m.ValMAE,
		"r2/train": &m.TrainR2, "mse/train": &m.TrainMSE, "mae/train": &m.TrainMAE,
	}[tag]
}
