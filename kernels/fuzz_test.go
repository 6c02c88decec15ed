package kernels

import (
	"encoding/binary"
	"math"
	"testing"
)

// floatsFrom decodes little-endian float32s from b.
func floatsFrom(b []byte) []float32 {
	x := make([]float32, len(b)/4)
	for i := range x {
		x[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
	}
	return x
}

func bytesOf(x ...float32) []byte {
	b := make([]byte, 4*len(x))
	for i, v := range x {
		binary.LittleEndian.PutUint32(b[4*i:], math.Float32bits(v))
	}
	return b
}

// fuzzSeeds are the edge values the property tests use, as byte strings.
func fuzzSeeds() [][]byte {
	inf, nan := float32(math.Inf(1)), float32(math.NaN())
	return [][]byte{
		nil,
		bytesOf(1, 2),
		bytesOf(nan, 1, 2, 3),
		bytesOf(inf, -inf, 0, 1),
		bytesOf(inf, 0, 3, 0),
		bytesOf(0x1p-149, 3e-39, -1e-40, 1e-30, 0x1p-149, 2, 5, 1e-38),
		bytesOf(3e38, 3e38, -3e38, 3e38, 1e17, 1e17, 1e-3, 1e3),
		bytesOf(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36),
	}
}

// FuzzSdot checks Sdot at every level on arbitrary float32 bit patterns:
// the first half of the input is x, the second y. Where no product or
// partial sum can overflow (Σ|x·y| below MaxFloat32/2) the result is within
// the bound of TestSdot; otherwise only the NaN rule is checked: any NaN
// input gives NaN.
func FuzzSdot(f *testing.F) {
	for _, s := range fuzzSeeds() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		v := floatsFrom(b)
		x, y := v[:len(v)/2], v[len(v)/2:2*(len(v)/2)]
		var ref, mag float64
		hasNaN := false
		for i := range x {
			ref += float64(x[i]) * float64(y[i])
			mag += math.Abs(float64(x[i]) * float64(y[i]))
			hasNaN = hasNaN || isNaN32(x[i]) || isNaN32(y[i])
		}
		tol := gamma(len(x))*mag + float64(len(x))*tiny
		eachLevel(t, func(t *testing.T) {
			got := Sdot(x, y)
			switch {
			case hasNaN:
				if !isNaN32(got) {
					failAt(t, "Sdot (NaN input)", -1, got, math.NaN(), 0, describe(0, "x", x))
				}
			case math.IsNaN(mag) || mag < math.MaxFloat32/2:
				checkReduction(t, "Sdot", got, gen.sdot(x, y), ref, tol, x)
			}
		})
	})
}

// FuzzSoftmax checks Softmax and LogSoftmax at every level on arbitrary
// bit patterns shaped [rows, cols] with cols = 1 + cols%97, against the
// bounds and NaN rules of TestSoftmaxLogSoftmax.
func FuzzSoftmax(f *testing.F) {
	for i, s := range fuzzSeeds() {
		f.Add(s, uint8(i))
	}
	f.Fuzz(func(t *testing.T, b []byte, c uint8) {
		a := floatsFrom(b)
		cols := 1 + int(c)%97
		rows := len(a) / cols
		a = a[:rows*cols]
		eachLevel(t, func(t *testing.T) {
			sm := make([]float32, len(a))
			lsm := make([]float32, len(a))
			Softmax(sm, a, rows, cols)
			LogSoftmax(lsm, a, rows, cols)
			checkSoftmaxRows(t, a, sm, lsm, rows, cols)
		})
	})
}
