package kernels

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestX86Levels checks the amd64 level choice for every combination of
// the features it looks at (128 feature sets): avx2-fma needs AVX, AVX2
// and FMA; avx512 needs all of that and AVX-512 F, BW, VL and DQ.
func TestX86Levels(t *testing.T) {
	for combo := range 1 << 7 {
		bit := func(i int) bool { return combo&(1<<i) != 0 }
		f := x86Features{avx: bit(0), avx2: bit(1), fma: bit(2),
			avx512f: bit(3), avx512dq: bit(4), avx512bw: bit(5), avx512vl: bit(6)}
		wantAVX2 := bit(0) && bit(1) && bit(2)
		wantAVX512 := wantAVX2 && bit(3) && bit(4) && bit(5) && bit(6)
		var want []Level
		if wantAVX2 {
			want = append(want, AVX2)
		}
		if wantAVX512 {
			want = append(want, AVX512)
		}
		assert.Equal(t, want, f.levels(), "%+v", f)
	}
}

// TestX86LevelsNamed spells out the cases that matter most. The flags are
// the CPU-feature library's, which already clears AVX, AVX2 and AVX-512
// when the OS does not save their registers.
func TestX86LevelsNamed(t *testing.T) {
	zen4 := x86Features{avx: true, fma: true, avx2: true,
		avx512f: true, avx512dq: true, avx512bw: true, avx512vl: true}
	haswell := x86Features{avx: true, fma: true, avx2: true}
	for _, c := range []struct {
		name string
		f    x86Features
		want []Level
	}{
		{"zen4", zen4, []Level{AVX2, AVX512}},
		{"haswell", haswell, []Level{AVX2}},
		{"avx2 without fma", with(haswell, func(f *x86Features) { f.fma = false }), nil},
		{"avx2 cpu, os without ymm state (no avx, no avx2)", with(haswell, func(f *x86Features) { f.avx, f.avx2 = false, false }), nil},
		{"avx-512 cpu, os without zmm state (no avx-512 flags)", with(zen4, func(f *x86Features) {
			f.avx512f, f.avx512dq, f.avx512bw, f.avx512vl = false, false, false, false
		}), []Level{AVX2}},
		{"avx512f only (knights landing lacks bw, dq, vl)", with(zen4, func(f *x86Features) { f.avx512bw, f.avx512dq, f.avx512vl = false, false, false }), []Level{AVX2}},
		{"avx-512 without avx2's fma", with(zen4, func(f *x86Features) { f.fma = false }), nil},
		{"nothing", x86Features{}, nil},
	} {
		assert.Equal(t, c.want, c.f.levels(), c.name)
	}
}

func with(f x86Features, change func(*x86Features)) x86Features {
	change(&f)
	return f
}
