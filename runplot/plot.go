package runplot

import (
	"fmt"
	"io"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"github.com/brawn-ml/brawn/internal/atomicfile"
	"github.com/brawn-ml/brawn/tensorboard"
)

// Write draws a PNG at path, written atomically: the curves per epoch of
// scalars (by tag, as tensorboard.Run.Scalars; see Curves) in the top
// row, and the histograms below, two panels to a row, each row 10 by 3.5
// inches. It is an error when scalars has no epoch
// (tensorboard.EpochSteps), when a Binned histogram fails Validate, or when
// a panel's values span more than a float64 holds (gonum/plot never
// returns from laying such an axis out). Errors start with "plot <path>: ".
func Write(path string, scalars map[string][]tensorboard.Scalar, hists []Histogram) error {
	if len(tensorboard.EpochSteps(scalars)) == 0 {
		return fmt.Errorf("plot %s: no finished epoch to draw", path)
	}
	panels, err := Curves(scalars)
	if err != nil {
		return fmt.Errorf("plot %s: %w", path, err)
	}
	for _, h := range hists {
		p, err := h.panel()
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
	err = atomicfile.Write(path, 0o666, func(w io.Writer) error {
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
