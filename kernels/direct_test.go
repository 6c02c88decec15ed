package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"
)

// exportedCase pairs an exported function that has a direct short-slice
// path (direct_*.go) with the table entry it must agree with.
type exportedCase struct {
	name  string
	api   func(dst, a, b []float32) // dst is written (or updated in place)
	table func(t *table, dst, a, b []float32)
}

var exportedCases = []exportedCase{
	{"Saxpy", func(d, a, _ []float32) { Saxpy(0.75, a, d) }, func(t *table, d, a, _ []float32) { t.saxpy(0.75, a, d) }},
	{"Sscal", func(d, _, _ []float32) { Sscal(-1.5, d) }, func(t *table, d, _, _ []float32) { t.sscal(-1.5, d) }},
	{"Add", Add, func(t *table, d, a, b []float32) { t.add(d, a, b) }},
	{"Sub", Sub, func(t *table, d, a, b []float32) { t.sub(d, a, b) }},
	{"Mul", Mul, func(t *table, d, a, b []float32) { t.mul(d, a, b) }},
	{"AddScalar", func(d, a, _ []float32) { AddScalar(d, a, 0.25) }, func(t *table, d, a, _ []float32) { t.adds(d, a, 0.25) }},
	{"Saxpby", func(d, a, _ []float32) { Saxpby(0.5, a, -2, d) }, func(t *table, d, a, _ []float32) { t.saxpby(0.5, a, -2, d) }},
	{"ReLU", func(d, a, _ []float32) { ReLU(d, a) }, func(t *table, d, a, _ []float32) { t.relu(d, a) }},
	{"ReLUBackward", ReLUBackward, func(t *table, d, a, b []float32) { t.relubw(d, a, b) }},
	{"LeakyReLU", func(d, a, _ []float32) { LeakyReLU(d, a, 0.1) }, func(t *table, d, a, _ []float32) { t.leaky(d, a, 0.1) }},
	{"LeakyReLUBackward", func(d, a, b []float32) { LeakyReLUBackward(d, a, b, 0.1) },
		func(t *table, d, a, b []float32) { t.leakbw(d, a, b, 0.1) }},
	{"Sigmoid", func(d, a, _ []float32) { Sigmoid(d, a) }, func(t *table, d, a, _ []float32) { t.sigm(d, a) }},
	{"Tanh", func(d, a, _ []float32) { Tanh(d, a) }, func(t *table, d, a, _ []float32) { t.tanh(d, a) }},
	{"Exp", func(d, a, _ []float32) { Exp(d, a) }, func(t *table, d, a, _ []float32) { t.exp(d, a) }},
}

// TestExportedFollowsLevel checks that every exported function gives, bit
// for bit, what the active level's table entry gives, on short slices
// (where the assembly levels take the direct path) and on slices longer
// than a chunk, after each SetLevel. The transcendental kernels round
// differently at each level, so calling the wrong level's code fails here.
func TestExportedFollowsLevel(t *testing.T) {
	lengths := []int{1, 7, 64, 70}
	if !testing.Short() {
		lengths = append(lengths, 1<<14+13)
	}
	levelsDiffer := false
	outputs := map[string][]float32{} // name/n -> the previous level's output
	eachLevel(t, func(t *testing.T) {
		for _, n := range lengths {
			a, b, d0 := make([]float32, n), make([]float32, n), make([]float32, n)
			src := rand.New(rand.NewPCG(uint64(n), 3)) // the same inputs at every level
			fill(src, a, edges, 50)
			fill(src, b, edges, 50)
			fill(src, d0, plain, 1)
			for _, c := range exportedCases {
				got, want := clone(d0), clone(d0)
				c.api(got, a, b)
				c.table(active.Load(), want, a, b)
				for i := range got {
					if !same(got[i], float64(want[i])) {
						failAt(t, c.name, i, got[i], float64(want[i]), 0, describe(i, "a, b", a, b))
					}
				}
				key := fmt.Sprint(c.name, "/", n)
				if prev, ok := outputs[key]; ok && !bitsEqual(prev, got) {
					levelsDiffer = true
				}
				outputs[key] = got
			}
		}
	})
	if len(Available()) > 1 {
		require.True(t, levelsDiffer, "no kernel rounds differently between levels: the test cannot tell levels apart")
	}
}

func bitsEqual(x, y []float32) bool {
	if len(x) != len(y) {
		return false
	}
	for i := range x {
		if math.Float32bits(x[i]) != math.Float32bits(y[i]) {
			return false
		}
	}
	return true
}

// TestLengthPanics checks that a length mismatch or an impossible shape
// panics, at every level, with a message naming the function and the
// argument.
func TestLengthPanics(t *testing.T) {
	four, three := make([]float32, 4), make([]float32, 3)
	// Shapes whose element count is 2^IntSize, which wraps to 0.
	half, quarter := 1<<(strconv.IntSize/2), 1<<(strconv.IntSize-2)
	cases := []struct {
		msg  string
		call func()
	}{
		{"kernels.Saxpy: len(x) = 3, want 4", func() { Saxpy(1, three, four) }},
		{"kernels.Add: len(a) = 3, want 4", func() { Add(four, three, four) }},
		{"kernels.Sub: len(b) = 3, want 4", func() { Sub(four, four, three) }},
		{"kernels.Mul: len(b) = 3, want 4", func() { Mul(four, four, three) }},
		{"kernels.AddScalar: len(a) = 4, want 3", func() { AddScalar(three, four, 1) }},
		{"kernels.Saxpby: len(x) = 3, want 4", func() { Saxpby(1, three, 1, four) }},
		{"kernels.ReLU: len(x) = 4, want 3", func() { ReLU(three, four) }},
		{"kernels.ReLUBackward: len(x) = 3, want 4", func() { ReLUBackward(four, four, three) }},
		{"kernels.LeakyReLU: len(x) = 3, want 4", func() { LeakyReLU(four, three, 0.1) }},
		{"kernels.LeakyReLUBackward: len(dy) = 3, want 4", func() { LeakyReLUBackward(four, three, four, 0.1) }},
		{"kernels.Sigmoid: len(x) = 3, want 4", func() { Sigmoid(four, three) }},
		{"kernels.Tanh: len(x) = 4, want 3", func() { Tanh(three, four) }},
		{"kernels.Exp: len(x) = 3, want 4", func() { Exp(four, three) }},
		// rows·cols that wraps around an int (to 0 here) must not pass as
		// the length of an empty slice.
		{fmt.Sprintf("kernels.Softmax: shape [%d, %d] has more elements than an int counts", half, half),
			func() { Softmax(nil, nil, half, half) }},
		{fmt.Sprintf("kernels.LogSoftmax: shape [%d, 4] has more elements than an int counts", quarter),
			func() { LogSoftmax(nil, nil, quarter, 4) }},
		{"kernels.RowMax: negative shape [-1, 4]", func() { RowMax(nil, nil, -1, 4) }},
	}
	eachLevel(t, func(t *testing.T) {
		for _, c := range cases {
			require.PanicsWithValue(t, c.msg, c.call)
		}
	})
}
