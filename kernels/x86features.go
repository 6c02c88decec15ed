package kernels

// x86Features are the CPUID bits and the XCR0 register the amd64 level
// choice looks at, read once at start-up (cpuid_amd64.go). It is kept apart
// from the reading, and builds on every architecture, so the choice can be
// tested for every combination.
//
// github.com/klauspost/cpuid/v2 is the package's one CPU-feature library
// (the brand, the cache sizes, the feature list of Info, the arm64
// features); only these raw bits are read with the package's own CPUID and
// XGETBV, because the library reports its conclusions (AVX512F present and
// enabled) but not XCR0 itself, which a pure, testable level choice needs
// as input.
type x86Features struct {
	// CPUID leaf 1, ECX: OSXSAVE (bit 27: the OS has enabled XSAVE, so
	// XGETBV may be run), AVX (bit 28) and FMA (bit 12).
	osxsave, avx, fma bool
	// CPUID leaf 7 subleaf 0, EBX: AVX2 (bit 5), AVX512F (16), AVX512DQ
	// (17), AVX512BW (30) and AVX512VL (31).
	avx2, avx512f, avx512dq, avx512bw, avx512vl bool
	// xcr0 is extended control register 0 (XGETBV with ECX = 0), 0 when
	// osxsave is false: the register state the OS saves and restores on
	// context switches, and so lets programs use.
	xcr0 uint64
}

// XCR0 state components (Intel SDM vol. 1, §13.1).
const (
	xcr0SSE       = 1 << 1 // XMM registers
	xcr0AVX       = 1 << 2 // upper halves of the YMM registers
	xcr0Opmask    = 1 << 5 // opmask registers K0-K7
	xcr0ZMMHi256  = 1 << 6 // upper halves of ZMM0-ZMM15
	xcr0HiZMM     = 1 << 7 // ZMM16-ZMM31
	xcr0YMMState  = xcr0SSE | xcr0AVX
	xcr0AVX512All = xcr0Opmask | xcr0ZMMHi256 | xcr0HiZMM
)

// hasAVX2 reports whether the avx2-fma level can run: AVX, AVX2 and FMA
// present, and the OS saving the XMM and YMM state (XCR0 bits 1 and 2).
// Without that state an AVX instruction faults, or worse, its registers
// are corrupted by context switches, whatever CPUID says.
func (f x86Features) hasAVX2() bool {
	return f.osxsave && f.avx && f.avx2 && f.fma && f.xcr0&xcr0YMMState == xcr0YMMState
}

// hasAVX512 reports whether the avx512 level can run: everything hasAVX2
// needs (the level uses some of that assembly), AVX-512 F, BW, VL and
// DQ, and the OS saving the opmask and full ZMM state (XCR0 bits 5-7).
func (f x86Features) hasAVX512() bool {
	return f.hasAVX2() && f.avx512f && f.avx512bw && f.avx512vl && f.avx512dq &&
		f.xcr0&xcr0AVX512All == xcr0AVX512All
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
