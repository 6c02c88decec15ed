package runplot

import (
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
)

// newPlot returns an empty panel whose axes label their ticks with
// readableTicks.
func newPlot() *plot.Plot {
	p := plot.New()
	p.X.Tick.Marker, p.Y.Tick.Marker = readableTicks{}, readableTicks{}
	return p
}

// readableTicks is gonum/plot's DefaultTicks with labels that tell the
// ticks apart and say where they are. DefaultTicks rounds its labels to
// the digits of the axis's magnitude, so that a loss that stays between
// 2.299 and 2.325 (a network that does not learn) had three ticks
// labelled "2.3", and ticks at 100.012 and 100.024 read "100". Labels
// that repeat, or that are further from their tick than a thousandth of
// the distance between ticks, are written again, all of them, with the
// fewest decimals (or significant digits, for labels in exponent form)
// that do both.
type readableTicks struct{}

// Ticks implements plot.Ticker.
func (readableTicks) Ticks(min, max float64) []plot.Tick {
	ticks := plot.DefaultTicks{}.Ticks(min, max)
	var labelled []int
	exponent := false
	for i, t := range ticks {
		if t.Label != "" {
			labelled = append(labelled, i)
			exponent = exponent || strings.ContainsAny(t.Label, "eE")
		}
	}
	format := byte('f')
	if exponent {
		format = 'g'
	}
	gap := math.Inf(1)
	for j := 1; j < len(labelled); j++ {
		gap = math.Min(gap, math.Abs(ticks[labelled[j]].Value-ticks[labelled[j-1]].Value))
	}
	labels := make([]string, len(labelled))
	for digits := -1; digits <= 17; digits++ {
		seen := make(map[string]bool, len(labelled))
		near := true
		for j, i := range labelled {
			labels[j] = ticks[i].Label
			if digits >= 0 {
				labels[j] = strconv.FormatFloat(ticks[i].Value, format, digits, 64)
			}
			seen[labels[j]] = true
			v, err := strconv.ParseFloat(labels[j], 64)
			near = near && err == nil && math.Abs(v-ticks[i].Value) <= gap/1000
		}
		if len(seen) == len(labelled) && near {
			break
		}
	}
	for j, i := range labelled {
		ticks[i].Label = labels[j]
	}
	return ticks
}

// countTicks is readableTicks for an axis of counts, which has no
// fractions: only its whole-number ticks are kept, and where
// readableTicks would label fractions (0, 2.50, 5 for counts up to 5),
// the whole numbers are labelled instead, every 1, 2 or 5 times a power
// of ten, at most five steps apart from min to max. An axis that spans
// less than 1 keeps readableTicks' fractions: a TensorBoard histogram of
// a few values, spread over the panel's bins, has fractional counts below
// 1, where whole-number ticks would label 0 alone.
type countTicks struct{}

// Ticks implements plot.Ticker.
func (countTicks) Ticks(min, max float64) []plot.Tick {
	ticks := readableTicks{}.Ticks(min, max)
	if max-min < 1 {
		return ticks
	}
	whole := func(v float64) bool { return v == math.Trunc(v) }
	fractions := false
	for _, t := range ticks {
		fractions = fractions || t.Label != "" && !whole(t.Value)
	}
	if !fractions {
		kept := ticks[:0]
		for _, t := range ticks {
			if whole(t.Value) {
				kept = append(kept, t)
			}
		}
		return kept
	}
	step := 1.0
	for i := 0; (max-min)/step > 5; i++ {
		step = []float64{1, 2, 5}[(i+1)%3] * math.Pow(10, float64((i+1)/3))
	}
	var out []plot.Tick
	for v := math.Ceil(min/step) * step; v <= max; v += step {
		out = append(out, plot.Tick{Value: v + 0, Label: strconv.FormatFloat(v+0, 'f', 0, 64)}) // +0: no "-0"
	}
	return out
}
