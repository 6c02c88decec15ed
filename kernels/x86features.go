package kernels

// x86Features are the CPU features the amd64 level choice looks at, as
// github.com/klauspost/cpuid/v2, the package's one CPU-feature library,
// reports them (cpuid_amd64.go). The library sets AVX, AVX2 and the
// AVX-512 flags only when the operating system also saves the matching
// registers on context switches (XCR0's XMM and YMM state for AVX and
// AVX2; its opmask and ZMM state as well for AVX-512, or, on macOS, once
// the kernel grants it), so a level chosen from these flags never runs an
// instruction whose registers the OS would corrupt. The struct builds on
// every architecture, so the choice can be tested for every combination.
type x86Features struct {
	avx, avx2, fma                        bool
	avx512f, avx512dq, avx512bw, avx512vl bool
}

// hasAVX2 reports whether the avx2-fma level can run: AVX, AVX2 and FMA.
func (f x86Features) hasAVX2() bool { return f.avx && f.avx2 && f.fma }

// hasAVX512 reports whether the avx512 level can run: everything hasAVX2
// needs (the level uses some of that assembly), and AVX-512 F, BW, VL and
// DQ.
func (f x86Features) hasAVX512() bool {
	return f.hasAVX2() && f.avx512f && f.avx512bw && f.avx512vl && f.avx512dq
}

// levels returns the assembly levels f can run, in ascending order.
func (f x86Features) levels() []Level {
	var ls []Level
	if f.hasAVX2() {
		ls = append(ls, AVX2)
	}
	if f.hasAVX512() {
		ls = append(ls, AVX512)
	}
	return ls
}
