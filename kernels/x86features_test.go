package kernels

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestX86Levels checks the amd64 level choice for every combination of
// the CPUID bits and XCR0 state components it looks at (8192 feature
// sets): avx2-fma needs OSXSAVE, AVX, AVX2, FMA and XCR0 bits 1-2; avx512
// needs all of that and AVX512 F, BW, VL, DQ and XCR0 bits 5-7. Other XCR0
// bits (x87, MPX, ...) must not matter, so the combinations also set bit
// 0 or 3 at times.
func TestX86Levels(t *testing.T) {
	xcr0Bits := []uint64{xcr0SSE, xcr0AVX, xcr0Opmask, xcr0ZMMHi256, xcr0HiZMM}
	for combo := range 1 << 13 {
		bit := func(i int) bool { return combo&(1<<i) != 0 }
		f := x86Features{osxsave: bit(0), avx: bit(1), fma: bit(2), avx2: bit(3),
			avx512f: bit(4), avx512dq: bit(5), avx512bw: bit(6), avx512vl: bit(7)}
		for i, b := range xcr0Bits {
			if bit(8 + i) {
				f.xcr0 |= b
			}
		}
		switch combo % 3 { // noise in bits that must not matter
		case 1:
			f.xcr0 |= 1 // x87
		case 2:
			f.xcr0 |= 1<<3 | 1<<9 // MPX, PKRU
		}

		ymm := bit(8) && bit(9)
		zmm := bit(10) && bit(11) && bit(12)
		wantAVX2 := bit(0) && bit(1) && bit(2) && bit(3) && ymm
		wantAVX512 := wantAVX2 && bit(4) && bit(5) && bit(6) && bit(7) && zmm
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

// TestX86LevelsNamed spells out the cases that matter most.
func TestX86LevelsNamed(t *testing.T) {
	const ymmOS = xcr0SSE | xcr0AVX | 1
	zen4 := x86Features{osxsave: true, avx: true, fma: true, avx2: true,
		avx512f: true, avx512dq: true, avx512bw: true, avx512vl: true, xcr0: ymmOS | xcr0AVX512All}
	haswell := x86Features{osxsave: true, avx: true, fma: true, avx2: true, xcr0: ymmOS}
	for _, c := range []struct {
		name string
		f    x86Features
		want []Level
	}{
		{"zen4", zen4, []Level{AVX2, AVX512}},
		{"haswell", haswell, []Level{AVX2}},
		{"avx2 cpu, os without ymm state", with(haswell, func(f *x86Features) { f.xcr0 = xcr0SSE | 1 }), nil},
		{"avx2 cpu, os without xsave", with(haswell, func(f *x86Features) { f.osxsave, f.xcr0 = false, 0 }), nil},
		{"avx2 without fma", with(haswell, func(f *x86Features) { f.fma = false }), nil},
		{"avx-512 cpu, os without zmm state", with(zen4, func(f *x86Features) { f.xcr0 = ymmOS }), []Level{AVX2}},
		{"avx-512 cpu, os without opmask state", with(zen4, func(f *x86Features) { f.xcr0 &^= xcr0Opmask }), []Level{AVX2}},
		{"avx-512 cpu, os without zmm16-31", with(zen4, func(f *x86Features) { f.xcr0 &^= xcr0HiZMM }), []Level{AVX2}},
		{"avx-512 cpu, os without ymm state", with(zen4, func(f *x86Features) { f.xcr0 &^= xcr0AVX }), nil},
		{"avx512f only (knights landing lacks bw, dq, vl)", with(zen4, func(f *x86Features) { f.avx512bw, f.avx512dq, f.avx512vl = false, false, false }), []Level{AVX2}},
		{"nothing", x86Features{}, nil},
	} {
		assert.Equal(t, c.want, c.f.levels(), c.name)
	}
}

func with(f x86Features, change func(*x86Features)) x86Features {
	change(&f)
	return f
}
