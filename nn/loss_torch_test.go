package nn

import (
	"encoding/json"
	"math"
	"os"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"
)

// torchLossCase is one case of testdata/torch/losses.json (see
// gen_losses.py).
type torchLossCase struct {
	Name      string `json:"name"`
	LossClass string `json:"loss_class"`
	Args      struct {
		Reduction      string    `json:"reduction"`
		Weight         []float32 `json:"weight"`
		IgnoreIndex    *int      `json:"ignore_index"`
		LabelSmoothing float64   `json:"label_smoothing"`
		PosWeight      []float32 `json:"pos_weight"`
	} `json:"args"`
	Shape   []int       `json:"shape"`
	X       []float32   `json:"x"`
	Labels  []int       `json:"labels"`
	Targets []float32   `json:"targets"`
	Loss    torchNumber `json:"loss"`
	Grad    []float64   `json:"grad"`
}

// torchNumber is a JSON number, or "nan", "inf" or "-inf".
type torchNumber float64

func (n *torchNumber) UnmarshalJSON(b []byte) error {
	var s string
	if json.Unmarshal(b, &s) == nil {
		v, err := strconv.ParseFloat(s, 64)
		*n = torchNumber(v)
		return err
	}
	var v float64
	err := json.Unmarshal(b, &v)
	*n = torchNumber(v)
	return err
}

func readTorchLosses(t *testing.T) []torchLossCase {
	t.Helper()
	raw, err := os.ReadFile("testdata/torch/losses.json")
	require.NoError(t, err)
	var f struct {
		Cases []torchLossCase `json:"cases"`
	}
	require.NoError(t, json.Unmarshal(raw, &f))
	require.NotEmpty(t, f.Cases)
	return f.Cases
}

// loss builds the case's loss as brawn's constructor and fields give it,
// and its batch.
func (c *torchLossCase) loss(t *testing.T) (Loss, *Tensor, *Batch) {
	red := Mean
	if c.Args.Reduction == "sum" {
		red = Sum
	}
	pred := &Tensor{Data: append([]float32(nil), c.X...), Shape: append([]int(nil), c.Shape...)}
	switch c.LossClass {
	case "CrossEntropyLoss":
		l := NewCrossEntropyLoss()
		l.Reduction, l.Weight, l.LabelSmoothing = red, c.Args.Weight, c.Args.LabelSmoothing
		if c.Args.IgnoreIndex != nil {
			l.IgnoreIndex = *c.Args.IgnoreIndex
		}
		return l, pred, &Batch{Labels: c.Labels}
	case "BCEWithLogitsLoss":
		l := NewBCEWithLogitsLoss()
		l.Reduction, l.PosWeight = red, c.Args.PosWeight
		return l, pred, &Batch{Targets: Tensor{Data: c.Targets, Shape: append([]int(nil), c.Shape...)}}
	}
	t.Fatalf("%s: unknown loss %q", c.Name, c.LossClass)
	return nil, nil, nil
}

// TestLossesPyTorch compares CrossEntropyLoss's weight, ignore_index and
// label_smoothing and BCEWithLogitsLoss's pos_weight with PyTorch 1.13's
// losses and gradients (testdata/torch/gen_losses.py), to 1e-6 relative.
// Where PyTorch's mean is 0/0 (every label ignored or of weight 0), it
// is NaN, and brawn's is 0 with a zero gradient (CrossEntropyLoss's
// documentation says why).
func TestLossesPyTorch(t *testing.T) {
	for _, c := range readTorchLosses(t) {
		l, pred, b := c.loss(t)
		got, err := l.Forward(pred, b)
		require.NoError(t, err, c.Name)
		g := l.Backward()
		want := float64(c.Loss)
		if math.IsNaN(want) {
			require.Equal(t, 0.0, got, "%s: PyTorch's mean is NaN, brawn's 0", c.Name)
			require.Equal(t, make([]float32, len(pred.Data)), g.Data, "%s: zero gradient", c.Name)
			continue
		}
		require.InDelta(t, want, got, 1e-6*max(1, math.Abs(want)), "%s loss", c.Name)
		require.Len(t, c.Grad, len(g.Data), c.Name)
		for i, w := range c.Grad {
			require.InDelta(t, w, float64(g.Data[i]), 1e-6*max(0.1, math.Abs(w)), "%s gradient [%d]", c.Name, i)
		}
	}
}

// ceRef64 is PyTorch's CrossEntropyLoss written from its documented
// formula in float64: logits x [n, k], weight nil for all 1, ignore the
// ignored label (with ignoring), smoothing eps; the Mean divides by the
// weight of the labels not ignored.
func ceRef64(x []float64, k int, labels []int, weight []float64, ignoring bool, ignore int, eps float64, r Reduction) float64 {
	w := func(j int) float64 {
		if weight == nil {
			return 1
		}
		return weight[j]
	}
	var total, div float64
	for i, y := range labels {
		if ignoring && y == ignore {
			continue
		}
		row := x[i*k : (i+1)*k]
		m := math.Inf(-1)
		for _, v := range row {
			m = math.Max(m, v)
		}
		var s float64
		for _, v := range row {
			s += math.Exp(v - m)
		}
		lse := m + math.Log(s)
		l := -(1 - eps) * w(y) * (row[y] - lse)
		for j, v := range row {
			l -= eps / float64(k) * w(j) * (v - lse)
		}
		total += l
		div += w(y)
	}
	if r == Mean {
		return total / div
	}
	return total
}

// bceRef64 is PyTorch's BCEWithLogitsLoss with pos_weight p (nil for all
// 1) from its documented formula in float64:
// −[p_c·y·log σ(x) + (1−y)·log(1−σ(x))] per element.
func bceRef64(x, y []float64, cols int, p []float64, r Reduction) float64 {
	var total float64
	for i := range x {
		pc := 1.0
		if p != nil {
			pc = p[i%cols]
		}
		logSig := -math.Log1p(math.Exp(-x[i]))
		logOneMinus := -x[i] - math.Log1p(math.Exp(-x[i]))
		total -= pc*y[i]*logSig + (1-y[i])*logOneMinus
	}
	if r == Mean {
		return total / float64(len(x))
	}
	return total
}

// TestLossesGradientsFloat64 checks brawn's loss and gradient on the
// fixtures' inputs against the losses' formulas written in float64 and
// their central differences (step 1e-6), as checkLoss64 does for the
// regression losses: weights, ignored labels, smoothing and pos_weight.
func TestLossesGradientsFloat64(t *testing.T) {
	for _, c := range readTorchLosses(t) {
		if math.IsNaN(float64(c.Loss)) || c.Name == "ce_large_logits" || c.Name == "bce_pos_weight_large" {
			continue // no gradient; or exp overflows the plain formula
		}
		l, pred, b := c.loss(t)
		red := l.(interface{ reduction() Reduction }).reduction()
		x := to64(pred.Data)
		k := pred.Cols()
		var ref func() float64
		if ce, ok := l.(*CrossEntropyLoss); ok {
			w := []float64(nil)
			if ce.Weight != nil {
				w = to64(ce.Weight)
			}
			ref = func() float64 {
				return ceRef64(x, k, c.Labels, w, ce.Ignore, ce.IgnoreIndex, ce.LabelSmoothing, red)
			}
		} else {
			p := []float64(nil)
			if c.Args.PosWeight != nil {
				p = to64(c.Args.PosWeight)
			}
			y := to64(c.Targets)
			ref = func() float64 { return bceRef64(x, y, k, p, red) }
		}
		got, err := l.Forward(pred, b)
		require.NoError(t, err, c.Name)
		want := ref()
		require.InDelta(t, want, got, 1e-6*max(1, math.Abs(want)), "%s loss", c.Name)
		g := l.Backward()
		const h = 1e-6
		for i := range x {
			old := x[i]
			x[i] = old + h
			up := ref()
			x[i] = old - h
			down := ref()
			x[i] = old
			num := (up - down) / (2 * h)
			require.InDelta(t, num, float64(g.Data[i]), 1e-6+1e-6*math.Abs(num), "%s gradient [%d]", c.Name, i)
		}
	}
}
