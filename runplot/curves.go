package runplot

import (
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"

	tb "github.com/brawn-ml/brawn/tensorboard"
)

// curvePanel is a panel of one metric's curves.
type curvePanel struct {
	metric, title, label string
	legendTop            bool // where the legend stays off the curves: top for falling ones
}

var (
	lossPanel        = curvePanel{tb.MetricLoss, "Loss", "loss", true}
	classifierPanels = []curvePanel{lossPanel, {tb.MetricAccuracy, "Accuracy", "accuracy", false}}
	regressionPanels = []curvePanel{
		lossPanel,
		{tb.MetricR2, "R² (coefficient of determination)", "R²", false},
		{tb.MetricMSE, "Mean squared error (target units)", "MSE", true},
		{tb.MetricMAE, "Mean absolute error (target units)", "MAE", true},
	}
)

// series are the curves of a panel, one per data split.
var series = []struct {
	name, split string
	clr         color.Color
}{
	{"train", tb.SplitTrain, color.RGBA{R: 31, G: 119, B: 180, A: 255}},
	{"validation", tb.SplitVal, color.RGBA{R: 44, G: 160, B: 44, A: 255}},
	{"test", tb.SplitTest, color.RGBA{R: 214, G: 39, B: 40, A: 255}},
}

// Curves returns the curve panels Write draws from scalars (by tag): for a
// classifier the loss and the accuracy, for a regression (a run with an
// "r2/test" point) the loss, R², MSE and MAE; each with a curve per split
// (train, validation, test) of tb.MetricTag(metric, split) against the
// step (the epoch). A point that is missing (a run killed while writing
// an epoch) or not finite (a loss that diverged) is left out; the other
// points of its epoch are drawn. The error is plotter.NewLinePoints',
// which refuses only non-finite points, and those are left out.
func Curves(scalars map[string][]tb.Scalar) ([]*plot.Plot, error) {
	panels := classifierPanels
	if len(scalars[tb.MetricTag(tb.MetricR2, tb.SplitTest)]) > 0 {
		panels = regressionPanels
	}
	var out []*plot.Plot
	for _, c := range panels {
		p := newPlot()
		p.Title.Text, p.X.Label.Text, p.Y.Label.Text = c.title, "epoch", c.label
		for _, s := range series {
			var pts plotter.XYs
			for _, v := range scalars[tb.MetricTag(c.metric, s.split)] {
				if finite(v.Value) {
					pts = append(pts, plotter.XY{X: float64(v.Step), Y: v.Value})
				}
			}
			if err := addSeries(p, s.name, s.clr, pts); err != nil {
				return nil, err
			}
		}
		p.Legend.Top = c.legendTop
		out = append(out, p)
	}
	return out, nil
}

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
