//go:build !purego

package kernels

// hasRDPID reports whether the CPU has RDPID (CPUID leaf 7, ECX bit 22),
// which reads the number the operating system keeps for the current CPU
// in IA32_TSC_AUX in a few cycles.
var hasRDPID = func() bool {
	maxLeaf, _, _, _ := cpuidex(0, 0)
	if maxLeaf < 7 {
		return false
	}
	_, _, ecx, _ := cpuidex(7, 0)
	return ecx&(1<<22) != 0
}()

// cpuNumber returns the number of the CPU the calling thread runs on, as
// RDPID reads it (on Linux the CPU in bits 0-11 of IA32_TSC_AUX, the NUMA
// node above, left out here), or 0 without RDPID. The thread may move to
// another CPU right after: callers take it as a hint.
func cpuNumber() int {
	if !hasRDPID {
		return 0
	}
	return int(rdpid() & 0xfff)
}

// rdpid runs RDPID.
//
//go:noescape
func rdpid() uint32
