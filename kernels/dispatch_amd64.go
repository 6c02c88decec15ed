//go:build !purego

package kernels

import "golang.org/x/sys/cpu"

// registerArch registers the AVX2 level when the CPU has AVX2 and FMA and
// the operating system saves the YMM registers on context switches.
//
// golang.org/x/sys/cpu (v0.50.0, cpu_x86.go) sets X86.HasAVX and
// X86.HasAVX2 only when CPUID reports OSXSAVE and XGETBV shows the XMM and
// YMM state enabled in XCR0 (bits 1 and 2); X86.HasFMA is the bare CPUID
// bit. Requiring HasAVX2 and HasFMA therefore means: both instruction sets
// present and the OS has enabled the 256-bit state.
func registerArch() {
	if cpu.X86.HasAVX && cpu.X86.HasAVX2 && cpu.X86.HasFMA {
		register(avx2Table())
	}
}
