package runplot

import (
	"image/png"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	tb "github.com/brawn-ml/brawn/tensorboard"
)

// curves builds scalars by tag from per-tag values at epochs 1, 2, ...;
// a NaN is a missing point.
func curves(byTag map[string][]float64) map[string][]tb.Scalar {
	out := map[string][]tb.Scalar{}
	for tag, vs := range byTag {
		for i, v := range vs {
			if !math.IsNaN(v) {
				out[tag] = append(out[tag], tb.Scalar{Step: int64(i + 1), Value: v})
			}
		}
	}
	return out
}

func TestWrite(t *testing.T) {
	scalars := curves(map[string][]float64{
		"loss/train": {1, 0.5}, "accuracy/train": {0.6, 0.8}, "loss/val": {0.5, 0.5}, "accuracy/val": {0.5, 0.5},
		"loss/test": {0.9, 0.6}, "accuracy/test": {0.65, 0.75},
	})
	w := make([]float32, 1000)
	for i := range w {
		w[i] = float32(i%37) / 37
	}
	hists := []Histogram{{Title: "0.weight", Values: w}, {Title: "0.bias", Values: make([]float32, 16)}, {Title: "2.weight", Values: w[:50]}}
	path := filepath.Join(t.TempDir(), "run.png")
	require.NoError(t, Write(path, scalars, hists))
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	img, err := png.Decode(f)
	require.NoError(t, err)
	// 2 columns, 3 rows (2 curves + 3 histograms) at 10x3.5 inches per row.
	b := img.Bounds()
	assert.Greater(t, b.Dx(), 500)
	assert.InDelta(t, float64(b.Dx())*3*3.5/10, float64(b.Dy()), 2)
	colours := map[uint32]bool{}
	for y := b.Min.Y; y < b.Max.Y; y += 7 {
		for x := b.Min.X; x < b.Max.X; x += 7 {
			r, g, bb, _ := img.At(x, y).RGBA()
			colours[r>>8<<16|g>>8<<8|bb>>8] = true
		}
	}
	assert.Greater(t, len(colours), 4, "the image has drawn content, not one flat colour")

	require.EqualError(t, Write(path, nil, nil), "plot "+path+": no finished epoch to draw")
	require.ErrorContains(t, Write(path, curves(map[string][]float64{"loss/train_batch": {1}}), nil), "no finished epoch")
	bad := &tb.Histogram{Min: 0, Max: math.Inf(1), Num: 1, BucketLimit: []float64{1}, Bucket: []float64{1}}
	require.EqualError(t, Write(path, scalars, []Histogram{{Title: "0.weight", Binned: bad}}), "plot "+path+": histogram 0.weight: max is +Inf")
}

// A classifier's panels are the loss and the accuracy; a regression's
// (a run with an "r2/test" point) the loss, R², MSE and MAE. A series has
// the points that are present and finite; a validation accuracy without
// its loss (or the reverse) is drawn where present.
func TestCurves(t *testing.T) {
	nan := math.NaN()
	panels, err := Curves(curves(map[string][]float64{
		"loss/train": {1, math.Inf(1), 0.5}, "accuracy/train": {0.5, 0.6, nan}, "loss/val": {0.7, nan, nan}, "accuracy/val": {nan, 0.6, 0.7},
	}))
	require.NoError(t, err)
	require.Len(t, panels, 2)
	assert.Equal(t, "Loss", panels[0].Title.Text)
	assert.Equal(t, "Accuracy", panels[1].Title.Text)
	assert.Equal(t, 0.5, panels[1].Y.Min, "the train accuracy of epoch 1")
	assert.Equal(t, 0.7, panels[1].Y.Max, "the validation accuracy without its loss")
	assert.Equal(t, 1.0, panels[0].X.Min)
	assert.Equal(t, 3.0, panels[0].X.Max)
	assert.Equal(t, 1.0, panels[0].Y.Max, "the infinite loss is left out")

	panels, err = Curves(curves(map[string][]float64{"loss/train": {1, 0.5}, "r2/test": {0.2, 0.5}, "mse/train": {2, 1}, "mae/val": {1, nan}}))
	require.NoError(t, err)
	var titles []string
	for _, p := range panels {
		titles = append(titles, p.Title.Text)
	}
	assert.Equal(t, []string{"Loss", "R² (coefficient of determination)", "Mean squared error (target units)", "Mean absolute error (target units)"}, titles)
	assert.Equal(t, 0.5, panels[1].Y.Max, "R² is the test curve")
	assert.Equal(t, 1.0, panels[3].X.Max, "MAE has the validation point of epoch 1 only")
}

// Rebinning TensorFlow's uneven buckets into equal bins keeps every count
// and, for evenly spread values, gives nearly equal bins.
func TestRebin(t *testing.T) {
	v := make([]float32, 10000)
	for i := range v {
		v[i] = -1 + 2*(float32(i)+0.5)/float32(len(v))
	}
	bins := rebin(tb.NewHistogram(v), 10)
	require.Len(t, bins, 10)
	var total float64
	for i, b := range bins {
		total += b.Weight
		assert.InDelta(t, -1+0.2*float64(i), b.Min, 1e-3)
		assert.InDelta(t, 1000, b.Weight, 60, "bin %d", i) // buckets are at most 10%% wide
	}
	assert.InDelta(t, 10000, total, 1e-6)

	one := rebin(tb.NewHistogram([]float32{0.5, 0.5, 0.5}), 10)
	require.Len(t, one, 1)
	assert.Equal(t, 3.0, one[0].Weight)
	assert.Nil(t, rebin(tb.NewHistogram(nil), 10))
}

// withTimeout runs fn and fails the test if it has not returned within d
// (the goroutine is then left running: the hang is the failure).
func withTimeout(t *testing.T, d time.Duration, what string, fn func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn()
	}()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("%s did not return within %v", what, d)
	}
}

// Values gonum/plot cannot lay an axis out for: one value beyond 2^53 (its
// ±1 widening changed nothing and it panicked "illegal range"; e.g. one
// epoch whose only loss is 1e38), or a range wider than a float64 holds
// (it never returned). The first is drawn, the second is an error.
func TestWriteExtremeRanges(t *testing.T) {
	one := func(epoch int64, v float64) map[string][]tb.Scalar {
		out := map[string][]tb.Scalar{}
		for _, tag := range []string{"loss/train", "accuracy/train", "loss/test", "accuracy/test"} {
			out[tag] = []tb.Scalar{{Step: epoch, Value: v}}
		}
		return out
	}
	two := one(math.MinInt64, 0.5)
	for tag, s := range one(math.MaxInt64, 0.25) {
		two[tag] = append(two[tag], s...)
	}
	binned := func(h *tb.Histogram) []Histogram { return []Histogram{{Title: "0.weight", Binned: h}} }
	big := math.MaxFloat64
	for _, c := range []struct {
		name    string
		scalars map[string][]tb.Scalar
		hists   []Histogram
		want    string // the error; "" when drawn
	}{
		{"one loss of 1e38", one(1, 1e38), nil, ""},
		{"one epoch at 2^62", one(1<<62, 0.5), nil, ""},
		{"epochs from MinInt64 to MaxInt64", two, nil, ""},
		{"histogram of one value 1e20", one(1, 0.5), binned(&tb.Histogram{Min: 1e20, Max: 1e20, Num: 10, BucketLimit: []float64{1e21}, Bucket: []float64{10}}), ""},
		{"histogram of one value MaxFloat64", one(1, 0.5), binned(&tb.Histogram{Min: big, Max: big, Num: 10, BucketLimit: []float64{big}, Bucket: []float64{10}}), ""},
		{"histogram spanning ±1e300", one(1, 0.5), binned(&tb.Histogram{Min: -1e300, Max: 1e300, Num: 10, BucketLimit: []float64{0, 1}, Bucket: []float64{1e300, 5}}), ""},
		{"empty histogram", one(1, 0.5), binned(&tb.Histogram{Min: big, Max: -big, BucketLimit: []float64{big}, Bucket: []float64{0}}), ""},
		{"weights all 3e38", one(1, 0.5), []Histogram{{Title: "0.weight", Values: []float32{3e38, 3e38}}}, ""},
		{"losses from -MaxFloat64 to MaxFloat64", map[string][]tb.Scalar{"loss/train": {{Step: 1, Value: -big}}, "loss/test": {{Step: 1, Value: big}}}, nil,
			`panel "Loss", y axis: the values span -1.7976931348623157e+308 to 1.7976931348623157e+308, wider than a float64 holds`},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "x.png")
			var err error
			withTimeout(t, 10*time.Second, "Write", func() { err = Write(path, c.scalars, c.hists) })
			if c.want == "" {
				require.NoError(t, err)
				require.FileExists(t, path)
			} else {
				require.EqualError(t, err, "plot "+path+": "+c.want)
			}
		})
	}
}

// FuzzRebin: a histogram Validate accepts rebins into finite,
// non-negative, ordered bins, whatever its numbers.
func FuzzRebin(f *testing.F) {
	f.Add(0.0, 1.0, 10.0, 0.5, 1.0, 5.0, 5.0, uint8(10))
	f.Add(-1.7e308, 1.7e308, 10.0, 0.0, 1.7e308, 5.0, 5.0, uint8(50))
	f.Add(0.0, 1.0, 1e300, 0.5, 1.0, math.MaxFloat64/2, math.MaxFloat64/2, uint8(3))
	f.Fuzz(func(t *testing.T, lo, hi, num, l0, l1, c0, c1 float64, n uint8) {
		h := &tb.Histogram{Min: lo, Max: hi, Num: num, BucketLimit: []float64{l0, l1}, Bucket: []float64{c0, c1}}
		if h.Validate() != nil || n == 0 {
			return
		}
		for _, b := range rebin(h, int(n)) {
			if !finite(b.Min) || !finite(b.Max) || !finite(b.Weight) || b.Weight < 0 || b.Max < b.Min {
				t.Fatalf("histogram %+v gave the bin %+v", h, b)
			}
		}
	})
}

// The axes' tick labels tell the ticks apart, with the fewest digits that
// do. gonum/plot's DefaultTicks labelled the loss axis of a network that
// did not learn (2.299 to 2.325) "2.3", "2.3", "2.3".
func TestReadableTicks(t *testing.T) {
	for _, c := range []struct {
		min, max float64
		want     []string
	}{
		{2.29904, 2.32538, []string{"2.30", "2.31", "2.32"}},
		{2.3, 2.31, []string{"2.300", "2.305", "2.310"}},
		{1.0001, 1.0003, []string{"1.0001", "1.0002", "1.0003"}},
		{100.01, 100.05, []string{"100.012", "100.024", "100.036", "100.048"}},
		{0.09, 0.13, []string{"0.09", "0.11", "0.13"}},        // as DefaultTicks labels them
		{0, 25, []string{"0", "10", "20"}},                    // likewise
		{1e-9, 3e-9, []string{"1.2e-09", "2e-09", "2.8e-09"}}, // likewise, in exponent form
	} {
		var labels []string
		for _, tk := range (readableTicks{}).Ticks(c.min, c.max) {
			if tk.Label != "" {
				labels = append(labels, tk.Label)
			}
		}
		require.Equal(t, c.want, labels, "range %v to %v", c.min, c.max)
	}
	p := newPlot()
	require.IsType(t, readableTicks{}, p.X.Tick.Marker)
	require.IsType(t, readableTicks{}, p.Y.Tick.Marker)
}

// A histogram's count axis has ticks at whole numbers only, as counts
// are (the 10 values of a bias drew a tick at 2.50), but for an axis
// shorter than 1: a TensorBoard histogram of a few values spread over the
// panel's bins, whose counts are fractions, labelled only 0.
func TestCountTicks(t *testing.T) {
	for _, c := range []struct {
		min, max float64
		want     []string
	}{
		{0, 5, []string{"0", "1", "2", "3", "4", "5"}},
		{0, 3.3, []string{"0", "1", "2", "3"}},
		{0, 7.5, []string{"0", "2", "4", "6"}},
		{0, 1, []string{"0", "1"}},
		{0, 1234, []string{"0", "400", "800", "1200"}}, // as readableTicks labels them
	} {
		var labels []string
		for _, tk := range (countTicks{}).Ticks(c.min, c.max) {
			require.Equal(t, math.Trunc(tk.Value), tk.Value, "range %v to %v: a tick at %v", c.min, c.max, tk.Value)
			if tk.Label != "" {
				labels = append(labels, tk.Label)
			}
		}
		require.Equal(t, c.want, labels, "range %v to %v", c.min, c.max)
	}
	var fractions []string
	for _, tk := range (countTicks{}).Ticks(0, 0.8) {
		if tk.Label != "" {
			fractions = append(fractions, tk.Label)
		}
	}
	require.Equal(t, []string{"0.0", "0.4", "0.8"}, fractions, "an axis shorter than 1")
	values := make([]float32, 10)
	for i := range values {
		values[i] = float32(i) / 10
	}
	p, err := Histogram{Title: "4.bias", Values: values}.panel()
	require.NoError(t, err)
	require.IsType(t, countTicks{}, p.Y.Tick.Marker)
	require.IsType(t, readableTicks{}, p.X.Tick.Marker)
}
